#include "cli/agent_catalog.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "agents/keel_agents.h"
#include "xml/xml_node.h"

namespace keel {

namespace fs = std::filesystem;

namespace {

bool IsExecutableFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (IsExecutableFile(entry.path())) names.push_back(entry.path().filename().string());
  }
  return names;
}

template <typename Visit>
void ForEachPrimitive(const Configuration& config, Visit visit) {
  auto group = [&](const Group& g) {
    for (const Primitive& p : g.primitives) visit(p);
  };
  for (const Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) visit(*p);
    if (auto* g = std::get_if<Group>(&r)) group(*g);
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) visit(*p);
      if (auto* g = std::get_if<Group>(&c->child)) group(*g);
    }
  }
}

// Runs `path meta-data` with OCF_ROOT set; its stdout, or "" after 2 s or on failure.
std::string RunMetaData(const std::string& path, const std::string& ocf_root) {
  int fds[2];
  if (pipe(fds) != 0) return "";
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return "";
  }
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    setenv("OCF_ROOT", ocf_root.c_str(), 1);
    execl(path.c_str(), path.c_str(), "meta-data", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline && out.size() < (1 << 20)) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (waitpid(pid, nullptr, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  return out;
}

}  // namespace

AgentRoots DefaultAgentRoots() {
  AgentRoots roots;
  if (const char* root = std::getenv("OCF_ROOT"); root && *root) roots.ocf_root = root;
  // As crmd's --fence-agent-dir, for a crmd started with another one (the lab's).
  if (const char* dir = std::getenv("KEEL_FENCE_AGENT_DIR"); dir && *dir) roots.fence_dir = dir;
  roots.metadata_cache_dir = DefaultMetaDataCacheDir();
  return roots;
}

std::string AgentCatalog::RunCached(const std::string& path) const {
  return cache_->Get(path, [&] { return RunMetaData(path, roots_.ocf_root); });
}

bool IsKeelBuiltinAgent(const Primitive& p) {
  return p.resource_class == "ocf" && p.provider == "keel" && FindKeelAgentSpec(p.type) != nullptr;
}

std::vector<std::string> AgentCatalog::AgentNames() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& provider :
       fs::directory_iterator(fs::path(roots_.ocf_root) / "resource.d", ec)) {
    std::string prov = provider.path().filename().string();
    for (const std::string& type : FilesIn(provider.path())) {
      names.push_back("ocf:" + prov + ":" + type);
    }
  }
  for (const AgentDescription* spec : KeelAgentSpecs()) names.push_back("ocf:keel:" + spec->name);
  for (const std::string& s : FilesIn(roots_.lsb_dir)) names.push_back("lsb:" + s);
  for (const std::string& s : FilesIn(roots_.heartbeat_dir)) names.push_back("heartbeat:" + s);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::expected<void, Error> AgentCatalog::Check(const Primitive& p) const {
  fs::path path;
  if (p.resource_class == "ocf") {
    if (IsKeelBuiltinAgent(p)) return {};
    path = fs::path(roots_.ocf_root) / "resource.d" / p.provider / p.type;
  } else if (p.resource_class == "lsb") {
    path = fs::path(roots_.lsb_dir) / p.type;
  } else if (p.resource_class == "heartbeat") {
    path = fs::path(roots_.heartbeat_dir) / p.type;
  } else {
    return {};
  }
  if (IsExecutableFile(path)) return {};
  std::string agent =
      p.resource_class + ":" + (p.provider.empty() ? "" : p.provider + ":") + p.type;
  return std::unexpected(Error{ErrorCode::kNotFound,
                               "unknown resource agent " + agent + " (no " + path.string() +
                                   "; use --force to define it anyway)",
                               p.id});
}

std::vector<std::string> AgentCatalog::Parameters(const std::string& agent) const {
  // A bare TYPE is ocf:heartbeat:TYPE, as in a primitive.
  std::string full = agent.find(':') == std::string::npos ? "ocf:heartbeat:" + agent : agent;
  if (!full.starts_with("ocf:")) return {};
  std::string rest = full.substr(4);
  size_t colon = rest.find(':');
  if (colon == std::string::npos) return {};
  const std::string provider = rest.substr(0, colon), type = rest.substr(colon + 1);
  fs::path path = fs::path(roots_.ocf_root) / "resource.d" / provider / type;
  if (IsExecutableFile(path)) {
    return ParametersFromMetaData(RunCached(path.string()));
  }
  if (auto builtin = KeelBuiltinMetaData(provider, type)) return ParametersFromMetaData(*builtin);
  return {};
}

std::optional<std::string> KeelBuiltinMetaData(const std::string& provider,
                                               const std::string& type) {
  const AgentDescription* spec = provider == "keel" ? FindKeelAgentSpec(type) : nullptr;
  if (spec == nullptr) return std::nullopt;
  return RenderMetaData(*spec);
}

std::optional<std::string> AgentCatalog::MetaData(const Primitive& p) const {
  if (p.resource_class != "ocf") return std::nullopt;
  fs::path path = fs::path(roots_.ocf_root) / "resource.d" / p.provider / p.type;
  if (!IsExecutableFile(path)) return std::nullopt;
  return RunCached(path.string());
}

std::expected<void, Error> AgentCatalog::CheckOtherClasses(const Primitive& p) const {
  if (p.resource_class == "stonith") {
    if (IsExecutableFile(fs::path(roots_.fence_dir) / p.type)) return {};
    return std::unexpected(Error{ErrorCode::kNotFound,
                                 "unknown fence agent stonith:" + p.type + " (no " +
                                     (fs::path(roots_.fence_dir) / p.type).string() + ")",
                                 p.id});
  }
  if (p.resource_class == "systemd") {
    std::string unit = p.type.find('.') == std::string::npos ? p.type + ".service" : p.type;
    std::error_code ec;
    for (const std::string& dir : roots_.systemd_dirs) {
      if (fs::exists(fs::path(dir) / unit, ec)) return {};
    }
    return std::unexpected(Error{ErrorCode::kNotFound,
                                 "unknown systemd unit " + unit +
                                     " (in none of the unit "
                                     "directories)",
                                 p.id});
  }
  return {};
}

namespace {

// One primitive's agent checks (see CheckAgents), added to `report`.
void CheckPrimitive(const Primitive& p, const AgentCatalog& catalog, AgentCheckReport& report) {
  const std::string agent =
      p.resource_class + ":" + (p.provider.empty() ? "" : p.provider + ":") + p.type;
  if (auto known = catalog.Check(p); !known) {
    report.errors.push_back(known.error());
    return;
  }
  if (auto known = catalog.CheckOtherClasses(p); !known) {
    report.errors.push_back(known.error());
    return;
  }
  if (p.resource_class != "ocf") return;
  // Keel's own agents are checked against their built-in meta-data where not installed.
  std::optional<std::string> text = catalog.MetaData(p);
  if (!text) text = KeelBuiltinMetaData(p.provider, p.type);
  if (!text) {
    report.notes.push_back(agent + " is not installed here: the parameters of " + p.id +
                           " were not checked");
    return;
  }
  auto meta = ParseAgentMetaData(*text, agent);
  if (!meta) {
    report.notes.push_back(agent + ": " + meta.error().message + ": the parameters of " + p.id +
                           " were not checked");
    return;
  }
  AgentFindings found = CheckAgainstMetaData(p, *meta, agent);
  report.errors.insert(report.errors.end(), found.errors.begin(), found.errors.end());
  report.warnings.insert(report.warnings.end(), found.warnings.begin(), found.warnings.end());
}

}  // namespace

AgentCheckReport CheckAgents(const Configuration& config, const AgentCatalog& catalog) {
  AgentCheckReport report;
  ForEachPrimitive(config, [&](const Primitive& p) { CheckPrimitive(p, catalog, report); });
  return report;
}

AgentCheckReport CheckChangedPrimitives(const Configuration& before, const Configuration& after,
                                        const AgentCatalog& catalog) {
  std::vector<const Primitive*> unchanged;
  ForEachPrimitive(before, [&](const Primitive& p) { unchanged.push_back(&p); });
  AgentCheckReport report;
  ForEachPrimitive(after, [&](const Primitive& p) {
    bool same = std::any_of(unchanged.begin(), unchanged.end(), [&](const Primitive* old) {
      return old->id == p.id && old->resource_class == p.resource_class &&
             old->provider == p.provider && old->type == p.type &&
             old->instance_attributes == p.instance_attributes && old->operations == p.operations;
    });
    if (!same) CheckPrimitive(p, catalog, report);
  });
  for (Error& e : report.errors) e.message += " (--force defines it anyway)";
  return report;
}

std::vector<std::string> ParametersFromMetaData(std::string_view xml) {
  std::vector<std::string> names;
  auto root = ParseXml(xml, "meta-data");
  if (!root) return names;
  const XmlNode* params = root->Child("parameters");
  if (!params) return names;
  for (const XmlNode& p : params->children) {
    if (p.name == "parameter" && p.HasAttr("name")) names.push_back(p.AttrOr("name"));
  }
  return names;
}

}  // namespace keel
