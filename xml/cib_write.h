#pragma once
// CIB model -> XML. ParseCib(SerializeCib(c)) == c for every valid model.

#include <string>

#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

XmlNode CibToXml(const Cib& cib);
std::string SerializeCib(const Cib& cib);

}  // namespace keel
