// crm configure: resource sets in colocation and order, in crmsh's syntax. Members outside
// brackets form sequential sets; "( ... )" is a set with sequential=false, "[ ... ]" one with
// sequential=false and require-all=false; sequential= and require-all= inside brackets say
// otherwise. RSC:X gives the set a role (colocation) or action (order); a different X starts
// a new set.
#include <algorithm>

#include "cli/crm_parse_internal.h"
#include "cli/suggest.h"

namespace keel {
namespace {

const std::vector<std::string> kActions = {"start", "stop", "promote", "demote"};

bool IsBracket(const CrmToken& t, std::string_view which) {
  return !t.quoted && which.find(t.text) != std::string_view::npos && t.text.size() == 1;
}

class SetBuilder {
 public:
  SetBuilder(const TokenCursor& c, std::string id, std::string qualifier)
      : c_(c), id_(std::move(id)), qualifier_(std::move(qualifier)) {}

  std::expected<std::vector<ResourceSet>, Error> Run(const std::vector<CrmToken>& tokens) {
    for (const CrmToken& t : tokens) {
      auto ok = Take(t);
      if (!ok) return std::unexpected(ok.error());
    }
    if (!close_.empty()) return std::unexpected(c_.ErrorAtEnd("expected '" + close_ + "'"));
    Save();
    return std::move(sets_);
  }

 private:
  std::expected<void, Error> Take(const CrmToken& t) {
    if (IsBracket(t, "([")) {
      if (!close_.empty()) return std::unexpected(c_.ErrorAt(t, "'" + t.text + "' inside a set"));
      Save();
      close_ = t.text == "(" ? ")" : "]";
      current_.sequential = false;
      if (t.text == "[") current_.require_all = false;
      return {};
    }
    if (IsBracket(t, ")]")) {
      if (t.text != close_) return std::unexpected(c_.ErrorAt(t, "unexpected '" + t.text + "'"));
      if (current_.resources.empty()) return std::unexpected(c_.ErrorAt(t, "empty resource set"));
      Save();
      close_.clear();
      return {};
    }
    if (!t.quoted && (t.text.find_first_of("()[]") != std::string::npos)) {
      return std::unexpected(c_.ErrorAt(t, "put spaces around brackets in '" + t.text + "'"));
    }
    if (auto kv = SplitKeyValue(t)) return Attribute(t, kv->first, kv->second);
    return Member(t);
  }

  std::expected<void, Error> Attribute(const CrmToken& t, const std::string& key,
                                       const std::string& value) {
    if (close_.empty()) {
      return std::unexpected(c_.ErrorAt(t, "set option '" + key + "' outside brackets"));
    }
    if (key != "sequential" && key != "require-all") {
      return std::unexpected(
          c_.ErrorAt(t, UnknownWordMessage("set option", key, {"sequential", "require-all"})));
    }
    auto flag = ParseCrmBool(value);
    if (!flag) return std::unexpected(c_.ErrorAt(t, key + ": expected true or false"));
    (key == "sequential" ? current_.sequential : current_.require_all) = *flag;
    return {};
  }

  std::expected<void, Error> Member(const CrmToken& t) {
    size_t colon = t.text.find(':');
    std::string rsc = t.text.substr(0, colon);
    std::string qual = colon == std::string::npos ? "" : t.text.substr(colon + 1);
    if (rsc.empty()) return std::unexpected(c_.ErrorAt(t, "expected a resource id"));
    if (!qual.empty() && qualifier_ == "role") {
      if (auto ok = CheckRole(t, qual); !ok) return std::unexpected(ok.error());
    } else if (!qual.empty() && std::find(kActions.begin(), kActions.end(), qual) == kActions.end()) {
      return std::unexpected(c_.ErrorAt(t, UnknownWordMessage("action", qual, kActions)));
    }
    std::string& held = qualifier_ == "role" ? current_.role : current_.action;
    if (!current_.resources.empty() && qual != held) {
      if (!close_.empty()) {
        return std::unexpected(
            c_.ErrorAt(t, "every member of a bracketed set needs the same " + qualifier_));
      }
      Save();
    }
    (qualifier_ == "role" ? current_.role : current_.action) = qual;
    current_.resources.push_back(rsc);
    return {};
  }

  void Save() {
    if (!current_.resources.empty()) {
      current_.id = id_ + "-" + std::to_string(sets_.size());
      sets_.push_back(std::move(current_));
    }
    current_ = ResourceSet{};
  }

  const TokenCursor& c_;
  std::string id_;
  std::string qualifier_;
  std::string close_;  // the bracket that ends the current set, "" outside brackets
  ResourceSet current_;
  std::vector<ResourceSet> sets_;
};

}  // namespace

std::expected<std::vector<ResourceSet>, Error> ParseResourceSets(
    const TokenCursor& c, const std::vector<CrmToken>& tokens, const std::string& id,
    const std::string& qualifier) {
  return SetBuilder(c, id, qualifier).Run(tokens);
}

}  // namespace keel
