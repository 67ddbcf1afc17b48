#pragma once
// The CIB on disk for crmd: a CibStore (xml/cib_store.h) in the CIB directory: numbered
// versions with a digest, each written atomically (staged into a temp file by the loop; fsync,
// rename, fsync of the directory by the writer thread: crmd/cib/cib_writer.h), the newest
// intact one loaded at start. A `cib.xml` placed in an empty directory by an operator seeds
// the first start.

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
  Errors leftovers;            // temp files of an interrupted write that could not be removed
};

class CibFile {
 public:
  // Also removes the temp files of a write a crash interrupted (Load reports those it could
  // not remove: harmless, they are never read).
  static std::expected<std::unique_ptr<CibFile>, Error> Open(const std::string& dir);

  std::expected<LoadedCib, Error> Load() const;
  // Streams the CIB into a temp file, without fsync (CibStore::Stage); on the event loop.
  std::expected<StagedCib, Error> Stage(const XmlNode& cib);
  // Makes it the next version (CibStore::Commit); returns the bytes written. On the writer
  // thread, possibly while the loop stages the next one.
  std::expected<size_t, Error> Commit(StagedCib staged);

 private:
  explicit CibFile(std::unique_ptr<PosixFileStore> files)
      : files_(std::move(files)), store_(*files_), leftovers_(store_.RemoveTempFiles()) {}
  std::unique_ptr<PosixFileStore> files_;
  CibStore store_;
  Errors leftovers_;
};

}  // namespace keel
