#include "cli/shell.h"

#include <algorithm>

#include "cli/crm_apply.h"
#include "cli/crm_lexer.h"
#include "cli/crm_syntax.h"
#include "cli/help_table.h"
#include "cli/resource_ops.h"
#include "cli/suggest.h"
#include "xml/cib_write.h"

namespace keel {

namespace {

const std::vector<std::string> kLevels = {"configure", "resource", "node", "cib"};
const std::vector<std::string> kCommon = {"cd", "up", "end", "quit", "exit", "help", "commit"};
const std::vector<std::string> kConfigureExtra = {"show", "verify", "edit", "load"};
const std::vector<std::string> kResourceWords = {"start",  "stop", "promote",
                                                 "demote", "show", "list"};
const std::vector<std::string> kNodeWords = {"standby", "online", "list"};
const std::vector<std::string> kCibWords = {"show", "version"};

std::vector<std::string> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  auto statements = LexCrm(line);
  if (!statements) return words;
  for (const auto& s : *statements) {
    for (const auto& t : s.tokens) words.push_back(t.text);
  }
  return words;
}

std::vector<std::string> WithPrefix(const std::vector<std::string>& all, std::string_view prefix) {
  std::vector<std::string> out;
  for (const std::string& w : all) {
    if (w.starts_with(prefix)) out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

Shell::Shell(ConfigureSession session, std::string level)
    : session_(std::move(session)), level_(std::move(level)) {}

std::string Shell::Prompt() const {
  std::string p = "crm(live)";
  if (!level_.empty()) p += level_;
  if (session_.HasStagedChanges()) p += "*";
  return p + "# ";
}

std::vector<std::string> Shell::LevelWords(const std::string& level) {
  std::vector<std::string> words = kCommon;
  const std::vector<std::string>* extra = &kLevels;
  if (level == "configure") {
    words.insert(words.end(), CrmConfigureWords().begin(), CrmConfigureWords().end());
    extra = &kConfigureExtra;
  } else if (level == "resource") {
    extra = &kResourceWords;
  } else if (level == "node") {
    extra = &kNodeWords;
  } else if (level == "cib") {
    extra = &kCibWords;
  }
  words.insert(words.end(), extra->begin(), extra->end());
  return words;
}

std::vector<std::string> Shell::NodeNames() const {
  std::vector<std::string> names;
  for (const Node& n : session_.Staged().nodes) names.push_back(n.uname);
  for (const NodeState& s : session_.Base().status.node_states) names.push_back(s.uname);
  return names;
}

bool Shell::Execute(std::string_view line, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words = SplitWords(line);
  if (words.empty()) {
    if (auto lexed = LexCrm(line); !lexed) PrintErrors({lexed.error()}, err);
    return true;
  }
  const std::string& w = words[0];
  if (w == "quit" || w == "exit" || w == "bye") {
    if (session_.HasStagedChanges() && !warned_quit_) {
      err << "There are changes that were not committed; 'commit' them or quit again to drop "
             "them.\n";
      warned_quit_ = true;
      return true;
    }
    return false;
  }
  warned_quit_ = false;
  if (w == "up" || w == "end" || w == "back") {
    level_.clear();
    return true;
  }
  if (w == "cd") {
    std::string target = words.size() > 1 ? words[1] : "";
    if (target == ".." || target.empty() || target == "/")
      level_.clear();
    else if (std::find(kLevels.begin(), kLevels.end(), target) != kLevels.end())
      level_ = target;
    else
      err << "ERROR: " << UnknownWordMessage("level", target, kLevels) << "\n";
    return true;
  }
  if (w == "help") {
    std::string topic = words.size() > 1 ? words[1] : "";
    auto text = HelpText(topic);
    (text ? out : err) << (text ? *text : text.error());
    return true;
  }
  if (w == "commit") {
    session_.Execute("commit", out, err);
    return true;
  }
  if (level_.empty() && std::find(kLevels.begin(), kLevels.end(), w) != kLevels.end()) {
    if (words.size() == 1) {
      level_ = w;
      return true;
    }
    std::string saved = level_;
    level_ = w;
    std::string rest(line.substr(line.find(w) + w.size()));
    bool go_on =
        ExecuteLevel(std::vector<std::string>(words.begin() + 1, words.end()), rest, out, err);
    level_ = saved;
    return go_on;
  }
  return ExecuteLevel(words, line, out, err);
}

// resource start|stop and node standby|online commit at once (as the one-shot commands do);
// they would carry staged configure changes along, so those must be committed first.
bool Shell::StagedChangesBlock(const std::string& command, std::ostream& err) const {
  if (!session_.HasStagedChanges()) return false;
  err << "ERROR: " << command << " commits at once, but configure changes are staged: "
      << "'commit' them first (or leave without committing)\n";
  return true;
}

bool Shell::ExecuteLevel(const std::vector<std::string>& words, std::string_view line,
                         std::ostream& out, std::ostream& err) {
  const std::string& w = words[0];
  if (level_ == "configure") {
    session_.Execute(line, out, err);
    return true;
  }
  if (level_ == "resource" && (w == "start" || w == "stop" || w == "promote" || w == "demote") &&
      words.size() == 2) {
    if (StagedChangesBlock(w, err)) return true;
    Configuration next = session_.Staged();
    auto ok = SetTargetRole(next, w, words[1]);
    if (!ok) {
      PrintErrors({ok.error()}, err);
    } else if (session_.Replace(std::move(next), err) == 0) {
      session_.Execute("commit", out, err);
    }
    return true;
  }
  if ((level_ == "resource" && (w == "list" || w == "show")) && words.size() <= 2) {
    session_.Execute(words.size() == 2 ? "show " + words[1] : "show", out, err);
    return true;
  }
  if (level_ == "node" && (w == "standby" || w == "online") && words.size() == 2) {
    if (StagedChangesBlock(w, err)) return true;
    Configuration next = session_.Staged();
    auto set = SetNodeAttribute(next, words[1], "standby", w == "standby" ? "on" : "off",
                                ClusterNodeNames(next, session_.Base().status));
    if (!set) {
      PrintErrors({set.error()}, err);
    } else if (session_.Replace(std::move(next), err) == 0) {
      session_.Execute("commit", out, err);
    }
    return true;
  }
  if (level_ == "node" && w == "list") {
    for (const std::string& n : NodeNames()) out << n << "\n";
    return true;
  }
  if (level_ == "cib" && w == "show") {
    out << SerializeCib(session_.Base());
    return true;
  }
  if (level_ == "cib" && w == "version") {
    out << session_.Base().version.ToString() << "\n";
    return true;
  }
  err << "ERROR: " << UnknownWordMessage("command", w, LevelWords(level_)) << "\n";
  return true;
}

std::vector<std::string> Shell::Complete(std::string_view line) const {
  std::vector<std::string> words = SplitWords(line);
  bool fresh = line.empty() || line.back() == ' ' || line.back() == '\t';
  std::string partial = fresh || words.empty() ? "" : words.back();
  if (!fresh && !words.empty()) words.pop_back();
  std::string level = level_;
  if (level.empty() && !words.empty() &&
      std::find(kLevels.begin(), kLevels.end(), words[0]) != kLevels.end()) {
    level = words[0];
    words.erase(words.begin());
  }
  if (words.empty()) {
    return WithPrefix(LevelWords(level), partial);
  }
  const std::string& cmd = words[0];
  std::vector<std::string> resources = AllResourceIds(session_.Staged());
  if (level == "node") return WithPrefix(NodeNames(), partial);
  if (level == "resource") return WithPrefix(resources, partial);
  if (level != "configure") return {};
  if (cmd == "primitive") {
    if (words.size() == 2) return WithPrefix(session_.Catalog().AgentNames(), partial);
    if (words.size() < 2) return {};
    auto section = std::find_if(words.rbegin(), words.rend(), [](const std::string& x) {
      return x == "params" || x == "meta" || x == "op" || x == "utilization";
    });
    if (section != words.rend() && *section == "params") {
      std::vector<std::string> names;
      for (const std::string& p : session_.Catalog().Parameters(words[2])) names.push_back(p + "=");
      return WithPrefix(names, partial);
    }
    return WithPrefix({"params", "meta", "op", "utilization"}, partial);
  }
  if (cmd == "location" && words.size() >= 4 && words.back().ends_with(":")) {
    return WithPrefix(NodeNames(), partial);
  }
  if (cmd == "node") return WithPrefix(NodeNames(), partial);
  if (cmd == "delete" || cmd == "show" || cmd == "edit") {
    return WithPrefix(AllObjectIds(session_.Staged()), partial);
  }
  if ((cmd == "group" || cmd == "clone") && words.size() >= 2)
    return WithPrefix(resources, partial);
  if ((cmd == "location" && words.size() == 2) ||
      ((cmd == "colocation" || cmd == "order") && words.size() >= 3)) {
    return WithPrefix(resources, partial);
  }
  return {};
}

}  // namespace keel
