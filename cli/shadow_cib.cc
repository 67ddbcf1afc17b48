#include "cli/shadow_cib.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/cib_client.h"
#include "cli/crm_writer.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool ValidName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  }) && name[0] != '.';
}

int Fail(std::ostream& err, const std::string& message) {
  err << "crm cib: " << message << "\n";
  return 1;
}

std::expected<std::string, Error> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{ErrorCode::kNotFound, "no such shadow CIB", path});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The configuration of a CIB document in crm syntax, for diffs.
std::expected<std::string, Error> CrmText(const std::string& cib_xml, const std::string& source) {
  auto parsed = ParseCib(cib_xml, source);
  if (!parsed) return std::unexpected(parsed.error().front());
  auto text = WriteCrm(parsed->cib.configuration);
  if (!text) return std::unexpected(text.error().front());
  return *text;
}

// "A.E.N" as written into shadow.NAME.origin.
std::optional<CibVersion> VersionFromText(const std::string& text) {
  CibVersion v;
  char dot1 = 0, dot2 = 0;
  std::istringstream in(text);
  if (!(in >> v.admin_epoch >> dot1 >> v.epoch >> dot2 >> v.num_updates) || dot1 != '.' ||
      dot2 != '.') {
    return std::nullopt;
  }
  return v;
}

int New(const std::string& name, bool force, std::ostream& out, std::ostream& err) {
  const std::string path = ShadowCibPath(name);
  std::error_code ec;
  if (fs::exists(path, ec) && !force) {
    return Fail(err, "shadow CIB " + name + " exists already (" + path + "; --force replaces it)");
  }
  auto live = MakeLiveCibClient()->Query();
  if (!live) return Fail(err, live.error().ToString());
  auto parsed = ParseCib(*live, "live CIB");
  if (!parsed) return Fail(err, parsed.error().front().ToString());
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (auto written = WriteCibFile(path, *live); !written) {
    return Fail(err, written.error().ToString());
  }
  std::ofstream(path + ".origin") << parsed->cib.version.ToString() << "\n";
  out << "shadow CIB " << name << " created from version " << parsed->cib.version.ToString()
      << " (" << path << "); work on it with: export CIB_shadow=" << name << "\n";
  return 0;
}

int Diff(const std::string& name, std::ostream& out, std::ostream& err) {
  auto shadow = ReadText(ShadowCibPath(name));
  if (!shadow) return Fail(err, shadow.error().ToString());
  auto live = MakeLiveCibClient()->Query();
  if (!live) return Fail(err, live.error().ToString());
  auto before = CrmText(*live, "live CIB");
  auto after = CrmText(*shadow, "shadow " + name);
  if (!before || !after) return Fail(err, (before ? after : before).error().ToString());
  std::string diff = LineDiff(*before, *after);
  out << (diff.empty() ? "shadow CIB " + name + " has the live configuration\n" : diff);
  return 0;
}

int Commit(const std::string& name, bool force, std::ostream& out, std::ostream& err) {
  const std::string path = ShadowCibPath(name);
  auto shadow = ReadText(path);
  if (!shadow) return Fail(err, shadow.error().ToString());
  auto shadow_cib = ParseCib(*shadow, path);
  if (!shadow_cib) return Fail(err, shadow_cib.error().front().ToString());
  auto client = MakeLiveCibClient();
  auto live = client->Query();
  if (!live) return Fail(err, live.error().ToString());
  auto live_cib = ParseCib(*live, "live CIB");
  if (!live_cib) return Fail(err, live_cib.error().front().ToString());
  std::string origin = ReadText(path + ".origin").value_or("");
  origin.erase(origin.find_last_not_of(" \n") + 1);
  const CibVersion now = live_cib->cib.version;
  std::optional<CibVersion> from = VersionFromText(origin);
  bool moved = !from || from->admin_epoch != now.admin_epoch || from->epoch != now.epoch;
  if (moved && !force) {
    return Fail(err, "the live configuration changed since shadow " + name + " was created (" +
                         (origin.empty() ? "unknown" : origin) + " -> " + now.ToString() +
                         "): committing it would undo that change; see 'crm cib diff " + name +
                         "', recreate the shadow, or commit with --force");
  }
  Cib next = live_cib->cib;
  next.configuration = shadow_cib->cib.configuration;
  auto version = client->Commit(SerializeCib(next), now);
  if (!version) return Fail(err, version.error().ToString());
  std::ofstream(path + ".origin") << version->ToString() << "\n";
  out << "shadow CIB " << name << " committed: live CIB version " << version->ToString() << "\n";
  return 0;
}

}  // namespace

std::string LineDiff(const std::string& before, const std::string& after) {
  std::vector<std::string> a = Lines(before), b = Lines(after);
  // Longest common subsequence over lines: configurations are small (hundreds of lines).
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<std::string> all;  // every line, marked
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      all.push_back("  " + a[i]), ++i, ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      all.push_back("- " + a[i]), ++i;
    } else {
      all.push_back("+ " + b[j]), ++j;
    }
  }
  // Changed lines with two lines of context around them; "..." where lines are left out.
  constexpr size_t kContext = 2;
  std::vector<bool> keep(all.size(), false);
  bool changed = false;
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k][0] == ' ') continue;
    changed = true;
    for (size_t m = k >= kContext ? k - kContext : 0; m < all.size() && m <= k + kContext; ++m) {
      keep[m] = true;
    }
  }
  if (!changed) return "";
  std::string out;
  for (size_t k = 0; k < all.size(); ++k) {
    if (keep[k]) {
      out += all[k] + "\n";
    } else if (k == 0 || keep[k - 1]) {
      out += "...\n";
    }
  }
  return out;
}

int RunShadowCommand(const std::vector<std::string>& raw, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args;
  bool force = false;
  for (const std::string& a : raw) {
    if (a == "--force") {
      force = true;
    } else {
      args.push_back(a);
    }
  }
  const std::string verb = args.empty() ? "" : args[0];
  if (verb == "list" && args.size() == 1) {
    const fs::path dir = fs::path(ShadowCibPath("x")).parent_path();
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string file = entry.path().filename().string();
      if (file.starts_with("shadow.") && !file.ends_with(".origin")) names.push_back(file.substr(7));
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) out << n << "\n";
    return 0;
  }
  if (args.size() != 2 || !ValidName(args[1])) {
    err << "usage: crm cib new|delete|diff|commit|use NAME [--force] | crm cib list | crm cib query\n";
    return 2;
  }
  const std::string& name = args[1];
  if (verb == "new") return New(name, force, out, err);
  if (verb == "diff") return Diff(name, out, err);
  if (verb == "commit") return Commit(name, force, out, err);
  if (verb == "use") {
    if (!fs::exists(ShadowCibPath(name))) return Fail(err, "no shadow CIB " + name);
    out << "export CIB_shadow=" << name << "\n";
    return 0;
  }
  if (verb == "delete") {
    std::error_code ec;
    if (!fs::remove(ShadowCibPath(name), ec)) return Fail(err, "no shadow CIB " + name);
    fs::remove(ShadowCibPath(name) + ".origin", ec);
    out << "shadow CIB " << name << " deleted\n";
    return 0;
  }
  err << "usage: crm cib new|delete|diff|commit|use NAME [--force] | crm cib list | crm cib query\n";
  return 2;
}

}  // namespace keel
