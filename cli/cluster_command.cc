// `crm cluster init NAME --nodes n1=ADDR,... [--two-node | --qdevice HOST] [--token MS]
// [--dir DIR] [--force]`: writes corosync.conf, the authkey and the first CIB. The text comes
// from cli/cluster_init.h; this file is the edge (arguments, random bytes, files).

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>

#include "cli/cluster_init.h"
#include "cli/cluster_lifecycle.h"
#include "cli/command.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

constexpr size_t kAuthkeyBytes = 256;  // what corosync-keygen writes by default

struct InitArgs {
  ClusterInitOptions options;
  std::string dir;  // empty: /etc/corosync and crmd's default CIB directory
  bool force = false;
};

std::expected<InitArgs, Errors> ParseInitArgs(const CommandArgs& args) {
  InitArgs parsed;
  Errors errors;
  bool have_nodes = false;
  auto value = [&](size_t& i) -> std::optional<std::string> {
    if (i + 1 >= args.size()) {
      errors.push_back(Error{ErrorCode::kInvalid, "needs a value", args[i]});
      return std::nullopt;
    }
    return args[++i];
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--nodes") {
      if (auto v = value(i)) {
        have_nodes = true;
        auto nodes = ParseClusterNodes(*v);
        if (nodes) {
          parsed.options.nodes = std::move(*nodes);
        } else {
          errors.insert(errors.end(), nodes.error().begin(), nodes.error().end());
        }
      }
    } else if (a == "--two-node") {
      parsed.options.two_node = true;
    } else if (a == "--qdevice") {
      if (auto v = value(i)) parsed.options.qdevice_host = *v;
    } else if (a == "--token") {
      if (auto v = value(i)) {
        int ms = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
        if (ec != std::errc() || end != v->data() + v->size()) {
          errors.push_back(Error{ErrorCode::kInvalid, "'" + *v + "' is not a number of ms", a});
        } else {
          parsed.options.token_ms = ms;
        }
      }
    } else if (a == "--dir") {
      if (auto v = value(i)) parsed.dir = *v;
    } else if (a == "--force") {
      parsed.force = true;
    } else if (a.starts_with("-")) {
      errors.push_back(Error{ErrorCode::kInvalid, "unknown option", a});
    } else if (parsed.options.cluster_name.empty()) {
      parsed.options.cluster_name = a;
    } else {
      errors.push_back(Error{ErrorCode::kInvalid, "unexpected argument (one NAME only)", a});
    }
  }
  if (!have_nodes) errors.push_back(Error{ErrorCode::kInvalid, "is required", "--nodes"});
  if (errors.empty()) {
    Errors more = CheckClusterInit(parsed.options);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (!errors.empty()) return std::unexpected(errors);
  return parsed;
}

// Writes `path` through a temporary file renamed into place, with `mode`.
std::expected<void, Error> WriteFile(const fs::path& path, std::string_view bytes, mode_t mode) {
  fs::path tmp = path;
  tmp += ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected(Error{ErrorCode::kIo, std::strerror(errno), tmp.string()});
  bool ok = fchmod(fd, mode) == 0;  // O_CREAT's mode is cut by the umask and unused if tmp existed
  for (size_t done = 0; ok && done < bytes.size();) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  int saved = errno;
  ok = close(fd) == 0 && ok;
  if (ok && rename(tmp.c_str(), path.c_str()) == 0) return {};
  saved = errno ? errno : saved;
  unlink(tmp.c_str());
  return std::unexpected(Error{ErrorCode::kIo, std::strerror(saved), path.string()});
}

std::expected<std::string, Error> RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  for (size_t done = 0; done < count;) {
    ssize_t n = getrandom(bytes.data() + done, count - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::unexpected(Error{ErrorCode::kIo, std::strerror(errno), "getrandom"});
    done += static_cast<size_t>(n);
  }
  return bytes;
}

int RunClusterInit(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  auto parsed = ParseInitArgs(args);
  if (!parsed) {
    err << "crm cluster init: nothing written:\n"
        << JoinErrors(parsed.error()) << "\n"
        << "usage: crm cluster init NAME --nodes n1=ADDR,n2=ADDR,... [--two-node | --qdevice "
           "HOST] [--token MS] [--dir DIR] [--force]\n";
    return 2;
  }
  const ClusterInitOptions& options = parsed->options;
  const fs::path conf_dir = parsed->dir.empty() ? fs::path("/etc/corosync") : fs::path(parsed->dir);
  const fs::path cib_dir =
      parsed->dir.empty() ? fs::path("/var/lib/keel/cib") : fs::path(parsed->dir);
  const fs::path conf = conf_dir / "corosync.conf", key = conf_dir / "authkey",
                 cib = cib_dir / "cib.xml";

  // Refuse before writing anything.
  Errors refusals;
  std::error_code ec;
  for (const fs::path& p : {conf, key}) {
    if (fs::exists(p, ec) && !parsed->force)
      refusals.push_back(Error{ErrorCode::kConflict, "exists (--force replaces it)", p.string()});
  }
  if (fs::exists(cib, ec)) {
    refusals.push_back(Error{ErrorCode::kConflict,
                             "exists: this node already has a CIB; remove it to start a new "
                             "cluster",
                             cib.string()});
  }
  for (const fs::path& d : {conf_dir, cib_dir}) {
    fs::create_directories(d, ec);
    if (ec) refusals.push_back(Error{ErrorCode::kIo, "cannot create: " + ec.message(), d.string()});
  }
  auto random = RandomBytes(kAuthkeyBytes);
  if (!random) refusals.push_back(random.error());
  if (!refusals.empty()) {
    err << "crm cluster init: nothing written:\n" << JoinErrors(refusals) << "\n";
    return 1;
  }

  // Write; on a failure remove what this run wrote, so that a retry starts clean.
  const std::pair<fs::path, std::pair<std::string, mode_t>> files[] = {
      {key, {*random, 0400}},
      {conf, {CorosyncConfText(options), 0644}},
      {cib, {InitialCibText(options), 0600}},
  };
  std::vector<fs::path> written;
  for (const auto& [path, content] : files) {
    if (auto done = WriteFile(path, content.first, content.second); !done) {
      for (const fs::path& p : written) fs::remove(p, ec);
      err << "crm cluster init: " << done.error().ToString()
          << (written.empty() ? "; nothing written" : "; removed what was written") << "\n";
      return 1;
    }
    written.push_back(path);
  }
  out << "wrote " << conf.string() << " (cluster " << options.cluster_name << ", "
      << options.nodes.size() << " nodes, knet, crypto aes256/sha256, "
      << (options.two_node               ? "two_node"
          : options.qdevice_host.empty() ? "votequorum"
                                         : "quorum device " + options.qdevice_host)
      << ", token " << options.token_ms << " ms)\n"
      << "wrote " << key.string() << " (" << kAuthkeyBytes << " random bytes, mode 0400)\n"
      << "wrote " << cib.string() << " (fencing enabled, no resources)\n"
      << ClusterInitNextSteps(options, conf_dir.string());
  return 0;
}

}  // namespace

int RunClusterCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "init") {
    return RunClusterInit(CommandArgs(args.begin() + 1, args.end()), out, err);
  }
  if (!args.empty() &&
      (args[0] == "start" || args[0] == "stop" || args[0] == "restart" || args[0] == "status")) {
    return RunClusterLifecycle(args, out, err);
  }
  err << "usage: crm cluster init NAME --nodes n1=ADDR,n2=ADDR,... [--two-node | --qdevice "
         "HOST] [--token MS] [--dir DIR] [--force]\n"
         "       crm cluster start | stop [--all] [--timeout SECONDS] | restart | status\n";
  return 2;
}

}  // namespace keel
