#pragma once
// FileStore: the few file-system operations the CIB store needs, on one flat directory, so that
// the store's logic can be tested with an in-memory, fault-injecting fake. A file is written in
// pieces (WritableFile) and made durable later, possibly by another thread: the CIB's text is
// streamed to disk by the event loop and synced by a writer thread.

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// A file open for writing. Appended data goes to the page cache (write(2): no wait for the disk);
// Sync makes it durable. One thread at a time uses it, but it may move between threads.
// Destroying it closes the file; what was written stays, durable or not.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual std::expected<void, Error> Append(std::string_view data) = 0;
  // Flushes everything appended to disk (fsync) and closes the file: nothing is appended after.
  virtual std::expected<void, Error> Sync() = 0;
};

// Files are named by plain names (no '/') inside the store's one directory.
class FileStore {
 public:
  virtual ~FileStore() = default;

  // Names of the regular files in the directory, in no particular order.
  virtual std::expected<std::vector<std::string>, Error> List() const = 0;
  // The whole content of `name`; kNotFound when it does not exist.
  virtual std::expected<std::string, Error> Read(std::string_view name) const = 0;
  // Creates or truncates `name` for writing. The name itself is durable only after
  // SyncDirectory.
  virtual std::expected<std::unique_ptr<WritableFile>, Error> Create(std::string_view name) = 0;
  // Atomically gives `from` the name `to`, replacing any file called `to` (rename(2)).
  virtual std::expected<void, Error> Rename(std::string_view from, std::string_view to) = 0;
  virtual std::expected<void, Error> Remove(std::string_view name) = 0;
  // Makes the directory's entries (creations, renames, removals) durable: fsync of the directory.
  virtual std::expected<void, Error> SyncDirectory() = 0;
  // The directory, for messages.
  virtual std::string Location() const = 0;
};

// A FileStore on a real directory, with POSIX calls. It holds no state but the directory's
// name: several threads may call it at once.
class PosixFileStore final : public FileStore {
 public:
  // Uses `directory`, creating it (mode 0750, parent must exist) when missing.
  static std::expected<std::unique_ptr<PosixFileStore>, Error> Open(std::string directory);

  std::expected<std::vector<std::string>, Error> List() const override;
  std::expected<std::string, Error> Read(std::string_view name) const override;
  std::expected<std::unique_ptr<WritableFile>, Error> Create(std::string_view name) override;
  std::expected<void, Error> Rename(std::string_view from, std::string_view to) override;
  std::expected<void, Error> Remove(std::string_view name) override;
  std::expected<void, Error> SyncDirectory() override;
  std::string Location() const override { return directory_; }

  // Files larger than this are refused by Read (a CIB is a few MiB at most).
  static constexpr std::size_t kMaxFileSize = 256u << 20;

 private:
  explicit PosixFileStore(std::string directory) : directory_(std::move(directory)) {}
  std::expected<std::string, Error> PathOf(std::string_view name) const;

  std::string directory_;
};

}  // namespace keel
