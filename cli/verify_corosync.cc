#include "cli/verify_corosync.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace keel {

namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

Error ParseError(std::string_view source, int line, std::string message) {
  return Error{ErrorCode::kParse, std::move(message),
               std::string(source) + ":" + std::to_string(line)};
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> CorosyncConf::Get(std::string_view key) const {
  std::optional<std::string> value;
  for (const auto& [k, v] : entries) {
    if (k == key) value = v;
  }
  return value;
}

std::expected<CorosyncConf, Error> ParseCorosyncConf(std::string_view text,
                                                     std::string_view source) {
  CorosyncConf conf;
  std::vector<std::string> path;           // open blocks, each "name" or "name.N"
  std::map<std::string, int> block_count;  // parent path + name -> blocks seen
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::string prefix;
    for (const std::string& p : path) prefix += p + ".";
    if (line == "}") {
      if (path.empty()) return std::unexpected(ParseError(source, line_no, "'}' without a block"));
      path.pop_back();
      continue;
    }
    size_t brace = line.find('{');
    size_t colon = line.find(':');
    if (brace != std::string_view::npos && (colon == std::string_view::npos || brace < colon)) {
      std::string_view name = Trim(line.substr(0, brace));
      if (!Trim(line.substr(brace + 1)).empty()) {
        return std::unexpected(
            ParseError(source, line_no, "extra characters after '{' (one key per line)"));
      }
      if (!ValidName(name)) {
        return std::unexpected(ParseError(source, line_no, "bad block name '" + std::string(name) + "'"));
      }
      std::string key = prefix + std::string(name);
      int index = block_count[key]++;
      // Blocks that corosync lists (nodelist.node, interface) are numbered; others are merged.
      bool numbered = name == "node" || name == "interface";
      path.push_back(numbered ? std::string(name) + "." + std::to_string(index) : std::string(name));
      continue;
    }
    if (colon == std::string_view::npos) {
      return std::unexpected(ParseError(source, line_no, "expected 'key: value', 'name {' or '}'"));
    }
    std::string_view key = Trim(line.substr(0, colon));
    if (!ValidName(key)) {
      return std::unexpected(ParseError(source, line_no, "bad key '" + std::string(key) + "'"));
    }
    conf.entries.emplace_back(prefix + std::string(key), std::string(Trim(line.substr(colon + 1))));
  }
  if (!path.empty()) {
    return std::unexpected(ParseError(source, line_no, "block '" + path.back() + "' not closed"));
  }
  return conf;
}

CorosyncQuorum QuorumFromCorosyncConf(const CorosyncConf& conf, std::string_view source) {
  CorosyncQuorum q;
  q.source = std::string(source);
  q.votequorum = conf.Get("quorum.provider") == "corosync_votequorum";
  q.two_node = conf.Get("quorum.two_node") == "1";
  q.qdevice_model = conf.Get("quorum.device.model").value_or("");
  q.qdevice = !q.qdevice_model.empty();
  for (int i = 0;; ++i) {
    std::string base = "nodelist.node." + std::to_string(i) + ".";
    auto name = conf.Get(base + "name");
    auto addr = conf.Get(base + "ring0_addr");
    if (!name && !addr && !conf.Get(base + "nodeid")) break;
    q.node_names.push_back(name ? *name : addr.value_or("node " + std::to_string(i)));
  }
  return q;
}

std::string CorosyncConfPath() {
  const char* env = std::getenv("COROSYNC_MAIN_CONFIG_FILE");
  return env != nullptr && *env != '\0' ? env : "/etc/corosync/corosync.conf";
}

std::expected<CorosyncQuorum, Error> ReadCorosyncQuorum(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{ErrorCode::kNotFound, "cannot read corosync.conf", path});
  std::ostringstream text;
  text << in.rdbuf();
  auto conf = ParseCorosyncConf(text.str(), path);
  if (!conf) return std::unexpected(conf.error());
  return QuorumFromCorosyncConf(*conf, path);
}

}  // namespace keel
