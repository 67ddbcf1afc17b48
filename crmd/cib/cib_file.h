#pragma once
// The CIB on disk for crmd: a CibStore (xml/cib_store.h) in the CIB directory: numbered
// versions with a digest, each written atomically (temp, fsync, rename, fsync of the
// directory), the newest intact one loaded at start. A `cib.xml` placed in an empty
// directory by an operator seeds the first start.

#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "xml/base/error.h"
#include "xml/cib_store.h"
#include "xml/file_store.h"
#include "xml/xml_node.h"

namespace keel {

struct LoadedCib {
  std::optional<XmlNode> cib;  // nullopt: nothing stored yet
  std::string from;            // the file it came from
  Errors skipped;              // newer versions that were damaged and skipped
};

class CibFile {
 public:
  static std::expected<std::unique_ptr<CibFile>, Error> Open(const std::string& dir);

  std::expected<LoadedCib, Error> Load() const;
  // Saves SerializeXml's text of the CIB (crmd/cib/cib_writer.h); returns the bytes written.
  std::expected<size_t, Error> SaveText(std::string cib_text);

 private:
  explicit CibFile(std::unique_ptr<PosixFileStore> files)
      : files_(std::move(files)), store_(*files_) {}
  std::unique_ptr<PosixFileStore> files_;
  CibStore store_;
};

}  // namespace keel
