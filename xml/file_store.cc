#include "xml/file_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

std::expected<void, Error> PosixFileStore::WriteDurably(std::string_view name, std::string data) {
  std::expected<std::string, Error> path = PathOf(name);
  if (!path) return std::unexpected(path.error());
  UniqueFd fd(::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd.valid()) return std::unexpected(IoError("cannot create", *path, errno));
  for (std::string_view left = data; !left.empty();) {
    ssize_t n = ::write(fd.get(), left.data(), left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(IoError("cannot write", *path, errno));
    left.remove_prefix(static_cast<std::size_t>(n));
  }
  data = std::string();  // in the page cache now
  if (::fsync(fd.get()) != 0) return std::unexpected(IoError("cannot fsync", *path, errno));
  if (fd.Close() != 0) return std::unexpected(IoError("cannot close", *path, errno));
  return {};
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
