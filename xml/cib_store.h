#pragma once
// CibStore: the CIB on disk, as numbered versions in one directory, each with a SHA-256 digest,
// written so that a crash at any moment leaves the previous version intact
// (see doc/cib-replication.md).
//
// Layout: cib-00000001.xml, cib-00000002.xml, ... (the highest number is the newest) and, only
// while a save is in progress or after a crash during one, temp files cib.xml.tmp.N. Each file
// is the CIB's XML text followed by one trailer line:
//   <!-- keel-digest sha256=<64 hex digits of the text before this line> length=<its bytes> -->
// so the file stays a well-formed XML document for other tools.
//
// A save has two halves: Stage serializes the text and its trailer, held in memory while small
// and else streamed into a temp file (write(2) only: the page cache, no fsync, and never the
// whole text in memory); Commit writes a held text to its temp file, makes it durable and
// names it (fsync, rename, fsync of the directory, removal of old versions). The event loop
// stages; a writer thread commits (crmd/cib/cib_writer.h).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/file_store.h"
#include "xml/sha256.h"
#include "xml/xml_node.h"

namespace keel {

struct CibStoreOptions {
  std::size_t keep = 10;  // versions kept on disk after a save; 0 counts as 1
  // A sealed text of at most this many bytes is staged in memory and written by Commit: the
  // staging side (the event loop) then touches no file, since creating one in ext4 can wait
  // for the journal commit of the writer thread's fsync (membership -> plan 2-4 ms slower in
  // failover_bench). A larger one (megabytes at 16 x 1,000) goes to its temp file as it is
  // serialized, holding at most this much.
  std::size_t stage_in_memory_bytes = 1 << 20;
};

struct SavedCib {
  std::string file;       // e.g. "cib-00000012.xml"
  uint64_t sequence = 0;  // 12
  std::size_t bytes = 0;  // the file's size
  Errors warnings;        // older versions that could not be removed (the save itself worked)
};

// A new version written but neither durable nor named yet (CibStore::Stage): in its temp file,
// or held in memory when small. Move-only; destroying one that was not committed removes its
// temp file.
class StagedCib {
 public:
  StagedCib(StagedCib&& other) noexcept;
  StagedCib& operator=(StagedCib&& other) noexcept;
  ~StagedCib();

  std::size_t bytes() const { return bytes_; }         // the file's size
  const std::string& file() const { return file_; }    // the temp file's name
  bool in_memory() const { return out_ == nullptr; }   // the file is created by Commit
  std::string_view digest() const { return digest_; }  // of the text, as in the trailer

 private:
  friend class CibStore;
  StagedCib(FileStore& files, std::string file) : files_(&files), file_(std::move(file)) {}
  void Discard();  // closes and removes the temp file, if any
  // Writes `data` to the temp file, creating it first (with what `text_` held).
  std::expected<void, Error> WriteOut(std::string_view data);

  FileStore* files_ = nullptr;
  std::string file_;
  std::unique_ptr<WritableFile> out_;  // null until the temp file is created
  std::string text_;                   // the text while it is held in memory
  std::size_t bytes_ = 0;
  std::string digest_;
};

struct StoredCib {
  XmlNode cib;
  std::string file;
  uint64_t sequence = 0;
  Errors skipped;  // newer files that were refused, each naming the file and why
};

class CibStore {
 public:
  // `files` must outlive the store and every StagedCib it makes. One process writes a
  // directory at a time.
  explicit CibStore(FileStore& files, CibStoreOptions options = {});

  // Stages SealCibText(SerializeXml(cib, true)), serialized in pieces of kStagePieceBytes: in
  // memory up to options.stage_in_memory_bytes (not at all once the previous text was larger),
  // else in a new temp file, without fsync. On
  // error the temp file is removed. Stage may run on one thread while Commit runs on another
  // (it touches only its new temp file).
  std::expected<StagedCib, Error> Stage(const XmlNode& cib);
  // Makes `staged` the next version: fsync, rename to the next number, fsync of the directory;
  // then removes versions beyond `keep`. On error the previous versions are untouched and the
  // temp file is removed; a new version that made it to its final name is complete either way.
  std::expected<SavedCib, Error> Commit(StagedCib staged);
  // Stage, then Commit.
  std::expected<SavedCib, Error> Save(const XmlNode& cib);
  // Removes the temp files a crash (or an earlier release's single cib.xml.tmp) left behind;
  // returns what could not be listed or removed (harmless: Load ignores temp files). Call
  // before the first Stage: it would remove a staged file too.
  Errors RemoveTempFiles();

  // The newest intact version. Newer files that are truncated, corrupted (digest mismatch) or not
  // well-formed are skipped and reported in `skipped`. kNotFound when the directory holds no
  // version; kInvalid, naming every file and its problem, when none is intact.
  std::expected<StoredCib, Error> Load() const;

  // File name for a sequence number, and back (nullopt for names that are not versions).
  static std::string FileName(uint64_t sequence);
  static std::optional<uint64_t> SequenceOf(std::string_view file);

  // Temp file names start with this; Load ignores them like any file that is not a version.
  static constexpr std::string_view kTempPrefix = "cib.xml.tmp";
  static constexpr std::size_t kStagePieceBytes = 64 << 10;

 private:
  std::expected<std::vector<uint64_t>, Error> Sequences() const;  // ascending

  FileStore& files_;
  CibStoreOptions options_;
  std::atomic<uint64_t> staged_ = 0;  // temp files named so far, for unique names
  // The size of the last text staged. Once one outgrew stage_in_memory_bytes the next stream
  // from their first piece: filling the in-memory buffer first held up to 1 MiB more (with its
  // regrowth) at every write of a 16 x 1,000 CIB, the survivors' peak after a crash.
  std::atomic<std::size_t> last_staged_bytes_ = 0;
};

// The file content for `xml_text`: the text and its digest trailer, appended in place (at most
// kCibSealBytes; a text serialized with that much spare is neither copied nor regrown).
std::string SealCibText(std::string xml_text);
inline constexpr size_t kCibSealBytes = 160;
// The XML text inside a sealed file, or why the file cannot be trusted ("truncated: ...",
// "digest mismatch"). `file` names it in the error.
std::expected<std::string_view, Error> UnsealCibText(std::string_view content,
                                                     std::string_view file);

}  // namespace keel
