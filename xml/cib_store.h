#pragma once
// CibStore: the CIB on disk, as numbered versions in one directory, each with a SHA-256 digest,
// written so that a crash at any moment leaves the previous version intact
// (see doc/cib-replication.md).
//
// Layout: cib-00000001.xml, cib-00000002.xml, ... (the highest number is the newest) and, only
// while a save is in progress or after a crash during one, cib.xml.tmp. Each file is the CIB's
// XML text followed by one trailer line:
//   <!-- keel-digest sha256=<64 hex digits of the text before this line> length=<its bytes> -->
// so the file stays a well-formed XML document for other tools.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/file_store.h"
#include "xml/xml_node.h"

namespace keel {

struct CibStoreOptions {
  std::size_t keep = 10;  // versions kept on disk after a save; 0 counts as 1
};

struct SavedCib {
  std::string file;       // e.g. "cib-00000012.xml"
  uint64_t sequence = 0;  // 12
  std::size_t bytes = 0;  // the file's size
  Errors warnings;        // older versions that could not be removed (the save itself worked)
};

struct StoredCib {
  XmlNode cib;
  std::string file;
  uint64_t sequence = 0;
  Errors skipped;  // newer files that were refused, each naming the file and why
};

class CibStore {
 public:
  // `files` must outlive the store. One process writes a directory at a time.
  explicit CibStore(FileStore& files, CibStoreOptions options = {});

  // Writes `cib` as the next version: cib.xml.tmp, fsync, rename to the next number, fsync of
  // the directory; then removes versions beyond `keep`. On error the previous versions are
  // untouched; a new version that made it to its final name is complete either way.
  std::expected<SavedCib, Error> Save(const XmlNode& cib);
  // The same for a CIB already serialized (SerializeXml, ideally with kCibSealBytes spare).
  std::expected<SavedCib, Error> SaveText(std::string cib_text);

  // The newest intact version. Newer files that are truncated, corrupted (digest mismatch) or not
  // well-formed are skipped and reported in `skipped`. kNotFound when the directory holds no
  // version; kInvalid, naming every file and its problem, when none is intact.
  std::expected<StoredCib, Error> Load() const;

  // File name for a sequence number, and back (nullopt for names that are not versions).
  static std::string FileName(uint64_t sequence);
  static std::optional<uint64_t> SequenceOf(std::string_view file);

  static constexpr std::string_view kTempFile = "cib.xml.tmp";

 private:
  std::expected<std::vector<uint64_t>, Error> Sequences() const;  // ascending

  FileStore& files_;
  CibStoreOptions options_;
};

// The file content for `xml_text`: the text and its digest trailer, appended in place (at most
// kCibSealBytes; a text serialized with that much spare is neither copied nor regrown).
std::string SealCibText(std::string xml_text);
inline constexpr size_t kCibSealBytes = 160;
// The XML text inside a sealed file, or why the file cannot be trusted ("truncated: ...",
// "digest mismatch"). `file` names it in the error.
std::expected<std::string_view, Error> UnsealCibText(std::string_view content,
                                                     std::string_view file);

// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);

}  // namespace keel
