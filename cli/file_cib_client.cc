// CibClient on a file (CIB_file): offline editing and tests.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/cib_client.h"
#include "cli/held_back.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {

namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(errno), path};
}

std::expected<std::string, Error> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return std::unexpected(Error{ErrorCode::kNotFound, "no such CIB file", path});
    }
    return std::unexpected(IoError("cannot read", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `text` to `path` so that readers see the old or the new file, never a mix.
std::expected<void, Error> WriteAtomically(const std::string& path, const std::string& text) {
  std::string temp = path + ".tmp." + std::to_string(getpid());
  // The new file keeps the old one's permissions (a 0600 CIB stays 0600); new files get 0640.
  struct stat old {};
  mode_t mode = stat(path.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0640;
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected(IoError("cannot create", temp));
  if (fchmod(fd, mode) != 0) {  // open's mode passes through the umask
    Error e = IoError("cannot set the mode of", temp);
    close(fd);
    unlink(temp.c_str());
    return std::unexpected(e);
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error e = IoError("cannot write", temp);
      close(fd);
      unlink(temp.c_str());
      return std::unexpected(e);
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    Error e = IoError("cannot sync", temp);
    unlink(temp.c_str());
    return std::unexpected(e);
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    Error e = IoError("cannot rename onto", path);
    unlink(temp.c_str());
    return std::unexpected(e);
  }
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return {};
}

Error FirstOf(const Errors& errors) {
  Error e = errors.empty() ? Error{ErrorCode::kInvalid, "invalid CIB", ""} : errors.front();
  if (errors.size() > 1)
    e.message += " (and " + std::to_string(errors.size() - 1) +
                 " more: " + JoinErrors(Errors(errors.begin() + 1, errors.end())) + ")";
  return e;
}

// `text` as a model with what Keel cannot handle set aside (cli/held_back.h); the parse
// errors when something else is wrong.
struct ReadWithHeldBack {
  XmlNode root;
  Cib cib;  // without the held-back objects
  std::vector<HeldBackObject> held;
};
std::expected<ReadWithHeldBack, Errors> ReadHoldingBack(const std::string& text,
                                                        const std::string& source) {
  auto parsed = ParseCib(text, source);
  auto root = ParseXml(text, source);
  if (!root) return std::unexpected(Errors{root.error()});
  if (parsed) return ReadWithHeldBack{std::move(*root), std::move(parsed->cib), {}};
  XmlNode pruned = *root;
  auto held = SetAsideUnsupported(pruned, parsed.error());
  if (!held) return std::unexpected(parsed.error());
  auto rest = CibFromXml(pruned, source);
  if (!rest) return std::unexpected(rest.error());
  return ReadWithHeldBack{std::move(*root), std::move(rest->cib), std::move(*held)};
}

class FileCibClient : public CibClient {
 public:
  explicit FileCibClient(std::string path) : path_(std::move(path)) {}

  std::expected<std::string, Error> Query() override { return ReadWhole(path_); }

  // Objects Keel cannot handle may stay in the file (a CIB written by another tool): a change
  // may keep them as they are, never add or alter one.
  std::expected<CibVersion, Error> Commit(const std::string& cib_xml,
                                          std::optional<CibVersion> base) override {
    std::optional<ReadWithHeldBack> current;
    auto text = ReadWhole(path_);
    if (text) {
      auto read = ReadHoldingBack(*text, path_);
      if (!read) return std::unexpected(FirstOf(read.error()));
      current = std::move(*read);
    } else if (text.error().code != ErrorCode::kNotFound) {
      return std::unexpected(text.error());
    }
    CibVersion version = current ? current->cib.version : CibVersion{};
    if (base && *base != version) {
      return std::unexpected(Error{ErrorCode::kConflict,
                                   "the CIB changed meanwhile (now " + version.ToString() +
                                       ", change made on " + base->ToString() + "); try again",
                                   path_});
    }
    auto proposed = ReadHoldingBack(cib_xml, "<proposed change>");
    if (!proposed) return std::unexpected(FirstOf(proposed.error()));
    for (const HeldBackObject& h : proposed->held) {
      bool kept = current && std::any_of(current->held.begin(), current->held.end(),
                                         [&](const HeldBackObject& c) {
                                           return c.section == h.section && c.element == h.element;
                                         });
      if (!kept) return std::unexpected(h.reason);
    }
    if (proposed->held.empty() && (!current || current->held.empty())) {
      Cib next = current ? current->cib : Cib{};
      next.configuration = std::move(proposed->cib.configuration);
      next.version.epoch += 1;
      next.version.num_updates = 0;
      std::string out = SerializeCib(next);
      // The file must read back as what we meant to write; otherwise leave it alone.
      if (auto check = ParseCib(out, path_); !check) return std::unexpected(FirstOf(check.error()));
      if (auto ok = WriteAtomically(path_, out); !ok) return std::unexpected(ok.error());
      return next.version;
    }
    // The file as it is (status included), with the proposed configuration and the next epoch.
    XmlNode root = current->root;
    for (XmlNode& child : root.children) {
      if (child.name == "configuration") child = *proposed->root.Child("configuration");
    }
    version.epoch += 1;
    version.num_updates = 0;
    root.SetAttr("epoch", std::to_string(version.epoch));
    root.SetAttr("num_updates", "0");
    std::string out = SerializeXml(root);
    if (auto check = ReadHoldingBack(out, path_); !check) {
      return std::unexpected(FirstOf(check.error()));
    }
    if (auto ok = WriteAtomically(path_, out); !ok) return std::unexpected(ok.error());
    return version;
  }

 private:
  std::string path_;
};

}  // namespace

std::expected<void, Error> WriteCibFile(const std::string& path, const std::string& cib_xml) {
  if (auto check = ParseCib(cib_xml, path); !check) return std::unexpected(FirstOf(check.error()));
  return WriteAtomically(path, cib_xml);
}

std::unique_ptr<CibClient> MakeFileCibClient(std::string path) {
  return std::make_unique<FileCibClient>(std::move(path));
}

std::string ShadowCibPath(const std::string& name) {
  const char* dir = std::getenv("CIB_shadow_dir");
  return std::string(dir && *dir ? dir : "/var/lib/keel/shadow") + "/shadow." + name;
}

std::optional<std::string> OfflineCibPath() {
  if (const char* shadow = std::getenv("CIB_shadow"); shadow && *shadow) {
    return ShadowCibPath(shadow);
  }
  if (const char* file = std::getenv("CIB_file"); file && *file) return std::string(file);
  return std::nullopt;
}

std::unique_ptr<CibClient> MakeLiveCibClient() {
  if (const char* file = std::getenv("CIB_file"); file && *file) return MakeFileCibClient(file);
  const char* name = std::getenv("KEEL_IPC_NAME");
  return MakeIpcCibClient(name && *name ? name : "keel-crmd");
}

std::unique_ptr<CibClient> MakeDefaultCibClient() {
  if (const char* shadow = std::getenv("CIB_shadow"); shadow && *shadow) {
    return MakeFileCibClient(ShadowCibPath(shadow));
  }
  return MakeLiveCibClient();
}

}  // namespace keel
