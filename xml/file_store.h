#pragma once
// FileStore: the few file-system operations the CIB store needs, on one flat directory, so that
// the store's logic can be tested with an in-memory, fault-injecting fake.

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// Files are named by plain names (no '/') inside the store's one directory.
class FileStore {
 public:
  virtual ~FileStore() = default;

  // Names of the regular files in the directory, in no particular order.
  virtual std::expected<std::vector<std::string>, Error> List() const = 0;
  // The whole content of `name`; kNotFound when it does not exist.
  virtual std::expected<std::string, Error> Read(std::string_view name) const = 0;
  // Creates or truncates `name`, writes all of `data` and flushes it to disk (fsync) before
  // returning. The name itself is durable only after SyncDirectory. `data` is released once
  // written, before the fsync: a CIB of megabytes is not held while a busy disk syncs.
  virtual std::expected<void, Error> WriteDurably(std::string_view name, std::string data) = 0;
  // Atomically gives `from` the name `to`, replacing any file called `to` (rename(2)).
  virtual std::expected<void, Error> Rename(std::string_view from, std::string_view to) = 0;
  virtual std::expected<void, Error> Remove(std::string_view name) = 0;
  // Makes the directory's entries (creations, renames, removals) durable: fsync of the directory.
  virtual std::expected<void, Error> SyncDirectory() = 0;
  // The directory, for messages.
  virtual std::string Location() const = 0;
};

// A FileStore on a real directory, with POSIX calls.
class PosixFileStore final : public FileStore {
 public:
  // Uses `directory`, creating it (mode 0750, parent must exist) when missing.
  static std::expected<std::unique_ptr<PosixFileStore>, Error> Open(std::string directory);

  std::expected<std::vector<std::string>, Error> List() const override;
  std::expected<std::string, Error> Read(std::string_view name) const override;
  std::expected<void, Error> WriteDurably(std::string_view name, std::string data) override;
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
