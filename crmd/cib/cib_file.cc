#include "crmd/cib/cib_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crmd/cib/cib_document.h"

namespace keel {

namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(errno), path};
}

std::expected<void, Error> WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(IoError("write", path));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

std::expected<std::optional<XmlNode>, Error> LoadCibFile(const std::string& dir) {
  std::string path = dir + "/cib.xml";
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return std::optional<XmlNode>{};
    return std::unexpected(IoError("cannot read", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto cib = ParseCibDocument(text.str(), path);
  if (!cib) return std::unexpected(cib.error());
  return std::optional<XmlNode>(std::move(*cib));
}

std::expected<void, Error> SaveCibFile(const std::string& dir, const XmlNode& cib) {
  std::string path = dir + "/cib.xml";
  std::string tmp = dir + "/.cib.xml.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(IoError("cannot create", tmp));
  auto written = WriteAll(fd, SerializeXml(cib) + "\n", tmp);
  if (written && ::fsync(fd) != 0) written = std::unexpected(IoError("fsync", tmp));
  ::close(fd);
  if (!written) return written;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return std::unexpected(IoError("rename", path));
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace keel
