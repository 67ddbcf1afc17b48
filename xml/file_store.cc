#include "xml/file_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace keel {

namespace {

// Owns one file descriptor.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now, reporting the error close(2) may carry for written data.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Error IoError(std::string_view what, const std::string& path, int err) {
  return Error{err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
               std::string(what) + ": " + std::strerror(err), path};
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  std::expected<void, Error> Append(std::string_view data) override {
    if (!fd_.valid()) return std::unexpected(Error{ErrorCode::kInvalid, "file closed", path_});
    while (!data.empty()) {
      ssize_t n = ::write(fd_.get(), data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::unexpected(IoError("cannot write", path_, errno));
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }

  std::expected<void, Error> Sync() override {
    if (!fd_.valid()) return std::unexpected(Error{ErrorCode::kInvalid, "file closed", path_});
    if (::fsync(fd_.get()) != 0) return std::unexpected(IoError("cannot fsync", path_, errno));
    if (fd_.Close() != 0) return std::unexpected(IoError("cannot close", path_, errno));
    return {};
  }

 private:
  UniqueFd fd_;
  std::string path_;
};

}  // namespace

std::expected<std::unique_ptr<PosixFileStore>, Error> PosixFileStore::Open(std::string directory) {
  if (directory.empty()) {
    return std::unexpected(Error{ErrorCode::kInvalid, "empty store directory", ""});
  }
  if (::mkdir(directory.c_str(), 0750) != 0 && errno != EEXIST) {
    return std::unexpected(IoError("cannot create directory", directory, errno));
  }
  struct stat st {};
  if (::stat(directory.c_str(), &st) != 0) {
    return std::unexpected(IoError("cannot stat", directory, errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return std::unexpected(Error{ErrorCode::kInvalid, "not a directory", directory});
  }
  return std::unique_ptr<PosixFileStore>(new PosixFileStore(std::move(directory)));
}

std::expected<std::string, Error> PosixFileStore::PathOf(std::string_view name) const {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "not a plain file name: '" + std::string(name) + "'", directory_});
  }
  return directory_ + "/" + std::string(name);
}

std::expected<std::vector<std::string>, Error> PosixFileStore::List() const {
  DIR* dir = ::opendir(directory_.c_str());
  if (!dir) return std::unexpected(IoError("cannot list", directory_, errno));
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    struct stat st {};
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(st.st_mode)) {
      names.emplace_back(entry->d_name);
    }
  }
  ::closedir(dir);
  return names;
}

std::expected<std::string, Error> PosixFileStore::Read(std::string_view name) const {
  std::expected<std::string, Error> path = PathOf(name);
  if (!path) return path;
  UniqueFd fd(::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return std::unexpected(IoError("cannot open", *path, errno));
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(IoError("cannot read", *path, errno));
    if (n == 0) return data;
    if (data.size() + static_cast<std::size_t>(n) > kMaxFileSize) {
      return std::unexpected(Error{ErrorCode::kIo, "file larger than 256 MiB", *path});
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

std::expected<std::unique_ptr<WritableFile>, Error> PosixFileStore::Create(std::string_view name) {
  std::expected<std::string, Error> path = PathOf(name);
  if (!path) return std::unexpected(path.error());
  UniqueFd fd(::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd.valid()) return std::unexpected(IoError("cannot create", *path, errno));
  return std::make_unique<PosixWritableFile>(std::move(fd), std::move(*path));
}

std::expected<void, Error> PosixFileStore::Rename(std::string_view from, std::string_view to) {
  std::expected<std::string, Error> from_path = PathOf(from);
  if (!from_path) return std::unexpected(from_path.error());
  std::expected<std::string, Error> to_path = PathOf(to);
  if (!to_path) return std::unexpected(to_path.error());
  if (::rename(from_path->c_str(), to_path->c_str()) != 0) {
    return std::unexpected(IoError("cannot rename to " + *to_path, *from_path, errno));
  }
  return {};
}

std::expected<void, Error> PosixFileStore::Remove(std::string_view name) {
  std::expected<std::string, Error> path = PathOf(name);
  if (!path) return std::unexpected(path.error());
  if (::unlink(path->c_str()) != 0) return std::unexpected(IoError("cannot remove", *path, errno));
  return {};
}

std::expected<void, Error> PosixFileStore::SyncDirectory() {
  UniqueFd fd(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return std::unexpected(IoError("cannot open directory", directory_, errno));
  if (::fsync(fd.get()) != 0) return std::unexpected(IoError("cannot fsync", directory_, errno));
  return {};
}

}  // namespace keel
