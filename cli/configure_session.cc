#include "cli/configure_session.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/alert_paths.h"
#include "cli/crm_apply.h"
#include "cli/crm_json.h"
#include "cli/crm_lexer.h"
#include "cli/crm_parse_internal.h"
#include "cli/crm_syntax.h"
#include "cli/crm_writer.h"
#include "cli/external_editor.h"
#include "cli/suggest.h"
#include "cli/verify.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {

void PrintErrors(const Errors& errors, std::ostream& err) {
  for (const Error& e : errors) err << "ERROR: " << e.ToString() << "\n";
}

std::expected<Configuration, Errors> ConfigurationFromXml(std::string_view text,
                                                          std::string_view source) {
  std::string wrapped;
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text.substr(start).starts_with("<configuration")) {
    wrapped = "<cib>" + std::string(text.substr(start)) + "</cib>";
    text = wrapped;
  }
  auto parsed = ParseCib(text, source);
  if (!parsed) return std::unexpected(parsed.error());
  return parsed->cib.configuration;
}

namespace {

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  auto statements = LexCrm(line);
  if (!statements) return words;
  for (const CrmStatement& s : *statements) {
    for (const CrmToken& t : s.tokens) words.push_back(t.text);
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string line;
  for (const std::string& w : words) line += (line.empty() ? "" : " ") + w;
  return line;
}

// Commands of the configure level that are not crm statements.
const std::vector<std::string> kSessionWords = {"show", "edit", "verify", "commit", "load"};

bool IsConfigureWord(const std::string& word) {
  for (const auto* list : {&CrmConfigureWords(), &UnsupportedCrmWords(), &kSessionWords}) {
    if (std::find(list->begin(), list->end(), word) != list->end()) return true;
  }
  return false;
}

// "-" is standard input (load update -).
std::expected<std::string, Error> ReadFile(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{ErrorCode::kNotFound, "cannot read file", path});
  text << in.rdbuf();
  return text.str();
}

bool LooksLikeXml(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && text[start] == '<';
}

}  // namespace

ConfigureSession::ConfigureSession(std::unique_ptr<CibClient> client, SessionOptions options)
    : client_(std::move(client)), options_(std::move(options)), catalog_(options_.roots) {}

std::expected<void, Error> ConfigureSession::Load() {
  auto text = client_->Query();
  if (!text) return std::unexpected(text.error());
  auto parsed = ParseCib(*text, "CIB");
  std::vector<HeldBackObject> held;
  if (!parsed) {
    auto root = ParseXml(*text, "CIB");
    auto set_aside = root ? SetAsideUnsupported(*root, parsed.error()) : std::nullopt;
    auto rest = set_aside ? CibFromXml(*root, "CIB") : std::unexpected(parsed.error());
    if (!rest) {
      Error e = parsed.error().front();
      e.message = "the current CIB is invalid: " + e.message;
      return std::unexpected(e);
    }
    parsed = std::move(rest);
    held = std::move(*set_aside);
  }
  held_ = std::move(held);
  held_changed_ = false;
  base_ = std::move(parsed->cib);
  staged_ = base_.configuration;
  return {};
}

Errors ConfigureSession::Verify() const {
  Cib cib = base_;
  cib.configuration = staged_;
  return ValidateCib(cib, "staged");
}

int ConfigureSession::Stage(std::expected<Configuration, Errors> next, std::ostream& err) {
  if (!next) {
    PrintErrors(next.error(), err);
    return 1;
  }
  if (!options_.force) {
    AgentCheckReport found = CheckChangedPrimitives(staged_, *next, catalog_);
    if (!found.errors.empty()) {
      PrintErrors(found.errors, err);
      return 1;
    }
    for (const Error& w : found.warnings) err << "WARNING: " << w.ToString() << "\n";
  }
  staged_ = std::move(*next);
  return 0;
}

int ConfigureSession::Execute(std::string_view line, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words = Words(line);
  if (words.empty()) {
    auto lexed = LexCrm(line);
    if (!lexed) PrintErrors({lexed.error()}, err);
    return lexed ? 0 : 1;
  }
  const std::string& word = words[0];
  if (!held_.empty() && !held_noted_) {
    held_noted_ = true;
    err << "NOTE: Keel cannot handle part of this CIB; kept as it is, not shown or checked "
           "('delete ID' removes it, 'load replace' replaces everything):\n";
    for (const HeldBackObject& h : held_)
      err << "NOTE:   " << h.id << ": " << h.reason.message << "\n";
  }
  if (word == "delete" && words.size() > 1 && !held_.empty()) {
    std::vector<std::string> rest{"delete"};
    std::vector<HeldBackObject> kept = held_;
    for (size_t i = 1; i < words.size(); ++i) {
      auto it = std::find_if(kept.begin(), kept.end(),
                             [&](const HeldBackObject& h) { return h.id == words[i]; });
      if (it == kept.end()) {
        rest.push_back(words[i]);
      } else {
        kept.erase(it);
      }
    }
    if (kept.size() < held_.size()) {
      // The held-back objects go only when the rest of the command works.
      if (rest.size() > 1) {
        if (int rc = Execute(JoinWords(rest), out, err); rc != 0) return rc;
      }
      held_ = std::move(kept);
      held_changed_ = true;
      return 0;
    }
  }
  if (word == "show") return Show(words, out, err);
  if (word == "load") return LoadFile(words, out, err);
  if (word == "edit") return Edit(words, out, err);
  if (word == "verify") {  // cli/verify.h: errors, split-brain warnings; exit 0/1/2
    VerifyReport report =
        BuildVerifyReport(staged_, Verify(), ReadCorosyncQuorum(CorosyncConfPath()));
    AgentCheckReport agents = CheckAgents(staged_, catalog_);
    report.errors.insert(report.errors.end(), agents.errors.begin(), agents.errors.end());
    report.warnings.insert(report.warnings.end(), agents.warnings.begin(), agents.warnings.end());
    report.notes.insert(report.notes.end(), agents.notes.begin(), agents.notes.end());
    for (Error& e : CheckAlertPaths(staged_)) report.errors.push_back(std::move(e));
    PrintVerifyReport(report, out, err);
    return VerifyExitCode(report);
  }
  if (word == "commit") {
    if (!HasStagedChanges()) {
      out << "nothing to commit\n";
      return 0;
    }
    auto version = Commit();
    if (!version) {
      PrintErrors({version.error()}, err);
      return 1;
    }
    out << "committed: CIB version " << version->ToString() << "\n";
    return 0;
  }
  if (!word.starts_with("#") && !IsConfigureWord(word)) {
    std::vector<std::string> known = CrmConfigureWords();
    known.insert(known.end(), kSessionWords.begin(), kSessionWords.end());
    err << "ERROR: line 1:1: " << UnknownWordMessage("command", word, known) << "\n";
    return 1;
  }
  auto applied = ApplyCrmText(staged_, line, ApplyMode::kCreate);
  if (!applied) return Stage(std::unexpected(applied.error()), err);
  for (const std::string& note : applied->notes) out << "INFO: " << note << "\n";
  for (const std::string& warning : applied->warnings) err << "WARNING: " << warning << "\n";
  return Stage(std::move(applied->config), err);
}

std::expected<CibVersion, Error> ConfigureSession::Commit(AfterCommit after) {
  Cib next = base_;
  next.configuration = staged_;
  if (Errors errors = ValidateCib(next, "staged"); !errors.empty()) {
    Error e = errors.front();
    if (errors.size() > 1) e.message += " (and " + std::to_string(errors.size() - 1) + " more)";
    return std::unexpected(e);
  }
  XmlNode root = CibToXml(next);
  PutBack(root, held_);
  auto version = client_->Commit(SerializeXml(root), base_.version);
  if (!version || after == AfterCommit::kEnd) return version;
  if (auto reloaded = Load(); !reloaded) return std::unexpected(reloaded.error());
  return version;
}

bool IsSecretParameterName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("passw") != std::string::npos || lower.find("secret") != std::string::npos ||
         lower.find("token") != std::string::npos;
}

namespace {

void MaskPrimitive(Primitive& p) {
  for (NvSet& set : p.instance_attributes) {
    for (NvPair& pair : set.pairs) {
      if (IsSecretParameterName(pair.name)) pair.value = "******";
    }
  }
}

Configuration WithSecretsMasked(Configuration config) {
  auto mask_group = [](Group& g) {
    for (Primitive& p : g.primitives) MaskPrimitive(p);
  };
  for (Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) MaskPrimitive(*p);
    if (auto* g = std::get_if<Group>(&r)) mask_group(*g);
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) MaskPrimitive(*p);
      if (auto* g = std::get_if<Group>(&c->child)) mask_group(*g);
    }
  }
  return config;
}

}  // namespace

int ConfigureSession::Show(const std::vector<std::string>& raw_words, std::ostream& out,
                           std::ostream& err) {
  // Passwords are shown as ****** unless --secrets is given (as crmsh hides them).
  std::vector<std::string> words;
  bool secrets = false, json = false;
  for (const std::string& w : raw_words) {
    if (w == "--secrets") {
      secrets = true;
    } else if (w == "--json") {
      json = true;
    } else {
      words.push_back(w);
    }
  }
  const Configuration shown = secrets ? staged_ : WithSecretsMasked(staged_);
  if (words.size() > 1 && words[1] == "xml") {
    if (json) {
      err << "ERROR: show xml prints XML: leave out --json\n";
      return 1;
    }
    Cib cib = base_;
    cib.configuration = shown;
    XmlNode root = CibToXml(cib);
    if (const XmlNode* config = root.Child("configuration")) out << SerializeXml(*config) << "\n";
    return 0;
  }
  std::string all;
  for (size_t i = 1; i < words.size() || i == 1; ++i) {
    auto text = i < words.size() ? WriteCrmObject(shown, words[i]) : WriteCrm(shown);
    if (!text) {
      PrintErrors(text.error(), err);
      return 1;
    }
    all += *text;
    if (words.size() <= 1) break;
  }
  if (!json) {
    out << all;
    return 0;
  }
  auto objects = CrmTextToJson(all);
  if (!objects) {
    PrintErrors({objects.error()}, err);
    return 1;
  }
  out << *objects;
  return 0;
}

int ConfigureSession::LoadFile(const std::vector<std::string>& words, std::ostream& out,
                               std::ostream& err) {
  if (words.size() != 3 || (words[1] != "replace" && words[1] != "update")) {
    err << "ERROR: usage: load replace|update FILE\n";
    return 1;
  }
  auto text = ReadFile(words[2]);
  if (!text) {
    PrintErrors({text.error()}, err);
    return 1;
  }
  bool replace = words[1] == "replace";
  if (LooksLikeXml(*text)) {
    auto config = ConfigurationFromXml(*text, words[2]);
    if (!config) return Stage(std::unexpected(config.error()), err);
    if (replace) return ReplaceAll(KeepingNodes(std::move(*config), staged_), err);
    auto crm = WriteCrm(*config);
    if (!crm) return Stage(std::unexpected(crm.error()), err);
    *text = *crm;
  }
  auto applied = ApplyCrmText(replace ? Configuration{} : staged_, *text,
                              replace ? ApplyMode::kCreate : ApplyMode::kUpdate);
  if (!applied) {
    for (Error& e : applied.error()) e.where = words[2] + ": " + e.where;
    return Stage(std::unexpected(applied.error()), err);
  }
  for (const std::string& note : applied->notes) out << "INFO: " << note << "\n";
  for (const std::string& warning : applied->warnings) err << "WARNING: " << warning << "\n";
  if (replace) return ReplaceAll(KeepingNodes(std::move(applied->config), staged_), err);
  return Stage(std::move(applied->config), err);
}

// `load replace` replaces the held-back objects too.
int ConfigureSession::ReplaceAll(Configuration next, std::ostream& err) {
  int rc = Stage(std::move(next), err);
  if (rc == 0 && !held_.empty()) {
    held_.clear();
    held_changed_ = true;
  }
  return rc;
}

namespace {

// Only whitespace and # comments.
bool IsBlank(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') return false;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return true;
}

// `text` without the "# ERROR: " lines at its end (ours, from the previous attempt).
std::string WithoutErrorTrailer(std::string text) {
  for (;;) {
    size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n') --end;
    size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    if (end <= start || text.compare(start, 9, "# ERROR: ") != 0) return text;
    text.erase(start);
  }
}

}  // namespace

Configuration KeepingNodes(Configuration next, const Configuration& current) {
  for (const Node& node : current.nodes) {
    bool listed = std::any_of(next.nodes.begin(), next.nodes.end(), [&](const Node& n) {
      return n.id == node.id || n.uname == node.uname;
    });
    if (!listed) next.nodes.push_back(node);
  }
  return next;
}

int ConfigureSession::Edit(const std::vector<std::string>& words, std::ostream& out,
                           std::ostream& err) {
  auto text = words.size() > 1 ? WriteCrmObject(staged_, words[1]) : WriteCrm(staged_);
  if (!text) {
    PrintErrors(text.error(), err);
    return 1;
  }
  std::string editor = options_.editor;
  if (editor.empty()) {
    const char* env = std::getenv("EDITOR");
    editor = env && *env ? env : "vi";
  }
  std::string current = *text;
  std::string trailer;  // the errors of the previous attempt, after the text: line numbers hold
  for (int attempt = 0; attempt < 10; ++attempt) {
    auto edited = EditText(editor, current + trailer);
    if (!edited) {
      PrintErrors({edited.error()}, err);
      return 1;
    }
    if (*edited == current + trailer && attempt > 0) {
      err << "ERROR: edit abandoned: the text was not changed after the errors above\n";
      return 1;
    }
    if (IsBlank(*edited)) {
      err << "ERROR: edit: the text is empty; nothing changed (to remove objects, delete them "
             "by id, or 'load replace' a file)\n";
      return 1;
    }
    auto applied = words.size() > 1 ? ApplyCrmText(staged_, *edited, ApplyMode::kUpdate)
                                    : ApplyCrmText(Configuration{}, *edited, ApplyMode::kCreate);
    Errors errors;
    if (applied) {
      if (!options_.force)
        errors = CheckChangedPrimitives(staged_, applied->config, catalog_).errors;
      if (errors.empty()) {
        for (const std::string& note : applied->notes) out << "INFO: " << note << "\n";
        for (const std::string& w : applied->warnings) err << "WARNING: " << w << "\n";
        staged_ = std::move(applied->config);
        return 0;
      }
    } else {
      errors = applied.error();
    }
    PrintErrors(errors, err);
    trailer.clear();
    for (const Error& e : errors) trailer += "# ERROR: " + e.ToString() + "\n";
    current = WithoutErrorTrailer(*edited);
  }
  err << "ERROR: edit abandoned after 10 attempts\n";
  return 1;
}

}  // namespace keel
