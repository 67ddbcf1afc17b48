#pragma once
// Parts of a CIB that Keel's model cannot hold (a ticket, a date rule written by another
// tool), set aside so that the rest can still be edited, deleted or replaced, and put back
// unchanged on commit: the shell never drops what it cannot show. Pure.

#include <optional>
#include <string>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

struct HeldBackObject {
  std::string section;  // "constraints", "resources", ... (a child of <configuration>)
  XmlNode element;      // a whole object of that section
  std::string id;
  Error reason;  // the first "not supported" it caused
};

// Removes from `cib` (a <cib> element) every object of a configuration section that contains
// the element a kNotSupported error names ("file:line (ID)" or "ID"); returns them. Another
// error is accepted only inside an object set aside. nullopt, with `cib` unchanged, when an
// error is neither, or names no element that is there.
std::optional<std::vector<HeldBackObject>> SetAsideUnsupported(XmlNode& cib, const Errors& errors);

// Appends the objects to their sections of `cib` (created when missing).
void PutBack(XmlNode& cib, const std::vector<HeldBackObject>& objects);

// The id an error names in its place: "CIB:9 (set1)" -> "set1", "set1" -> "set1".
std::string ErrorId(const Error& error);

}  // namespace keel
