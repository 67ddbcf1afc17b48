#include "crmd/cib/cib_document.h"

#include <algorithm>
#include <charconv>

namespace keel {

namespace {

std::expected<int64_t, Error> ParseCount(std::string_view text, std::string_view what) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, std::string(what) + " is not a count: '" + std::string(text) + "'", ""});
  }
  return value;
}

void AddOrReplaceChild(XmlNode& parent, XmlNode child) {
  for (XmlNode& c : parent.children) {
    if (c.name == child.name) {
      c = std::move(child);
      return;
    }
  }
  parent.children.push_back(std::move(child));
}

}  // namespace

std::expected<CibVersion, Error> VersionOf(const XmlNode& cib) {
  CibVersion v;
  for (auto [name, field] : {std::pair{"admin_epoch", &v.admin_epoch}, std::pair{"epoch", &v.epoch},
                             std::pair{"num_updates", &v.num_updates}}) {
    const auto text = cib.Attr(name);
    if (!text) continue;
    auto value = ParseCount(*text, std::string("<cib> ") + name);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  return v;
}

void SetVersion(XmlNode& cib, const CibVersion& version) {
  cib.SetAttr("admin_epoch", std::to_string(version.admin_epoch));
  cib.SetAttr("epoch", std::to_string(version.epoch));
  cib.SetAttr("num_updates", std::to_string(version.num_updates));
}

std::expected<CibVersion, Error> ParseVersion(std::string_view text) {
  CibVersion v;
  int64_t* fields[] = {&v.admin_epoch, &v.epoch, &v.num_updates};
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    size_t dot = text.find('.', start);
    if ((i < 2) != (dot != std::string_view::npos)) {
      return std::unexpected(Error{ErrorCode::kParse,
                                   "version must be ADMIN_EPOCH.EPOCH.NUM_UPDATES: '" + std::string(text) + "'",
                                   ""});
    }
    std::string_view part = text.substr(start, i < 2 ? dot - start : std::string_view::npos);
    auto value = ParseCount(part, "version part");
    if (!value) return std::unexpected(value.error());
    *fields[i] = *value;
    start = dot + 1;
  }
  return v;
}

XmlNode EmptyCib() {
  XmlNode cib;
  cib.name = "cib";
  SetVersion(cib, CibVersion{});
  cib.SetAttr("validate-with", "pacemaker-3.0");
  XmlNode& config = cib.AddChild("configuration");
  for (const char* section : {"crm_config", "nodes", "resources", "constraints"}) {
    config.AddChild(section);
  }
  cib.AddChild("status");
  return cib;
}

std::expected<XmlNode, Error> ParseCibDocument(std::string_view text, std::string_view source) {
  auto root = ParseXml(text, source);
  if (!root) return std::unexpected(root.error());
  if (root->name != "cib") {
    return std::unexpected(Error{ErrorCode::kInvalid, "the root element must be <cib>, not <" + root->name + ">",
                                 Where(source, root->line)});
  }
  auto version = VersionOf(*root);
  if (!version) {
    Error e = version.error();
    e.where = Where(source, root->line);
    return std::unexpected(e);
  }
  if (root->Child("configuration") == nullptr) {
    return std::unexpected(Error{ErrorCode::kInvalid, "<cib> has no <configuration>", Where(source, root->line)});
  }
  return root;
}

std::expected<XmlNode, Error> ReplaceConfiguration(const XmlNode& current, const XmlNode& proposed,
                                                   std::optional<CibVersion> base) {
  auto now = VersionOf(current);
  if (!now) return std::unexpected(now.error());
  if (base && (base->admin_epoch != now->admin_epoch || base->epoch != now->epoch)) {
    return std::unexpected(Error{ErrorCode::kConflict,
                                 "the CIB changed since version " + base->ToString() + " (now " +
                                     now->ToString() + "); re-read it and try again",
                                 ""});
  }
  const XmlNode* config = proposed.Child("configuration");
  if (config == nullptr) {
    return std::unexpected(Error{ErrorCode::kInvalid, "<cib> has no <configuration>", ""});
  }
  auto proposed_version = VersionOf(proposed);
  if (!proposed_version) return std::unexpected(proposed_version.error());
  XmlNode next = current;
  AddOrReplaceChild(next, *config);
  CibVersion v{std::max(now->admin_epoch, proposed_version->admin_epoch), now->epoch + 1, 0};
  SetVersion(next, v);
  return next;
}

XmlNode ConfigurationView(const XmlNode& cib) {
  XmlNode view;
  view.name = "cib";
  CibVersion v = VersionOf(cib).value_or(CibVersion{});
  SetVersion(view, CibVersion{v.admin_epoch, v.epoch, 0});
  if (const XmlNode* config = cib.Child("configuration")) view.children.push_back(*config);
  return view;
}

std::expected<CibPatch, Error> MakeConfigPatch(const XmlNode& current, const XmlNode& proposed,
                                               std::optional<CibVersion> base) {
  auto next = ReplaceConfiguration(current, proposed, base);
  if (!next) return std::unexpected(next.error());
  return Diff(ConfigurationView(current), ConfigurationView(*next));
}

std::expected<XmlNode, Error> ApplyConfigPatch(const XmlNode& current, const CibPatch& patch) {
  auto view = ApplyPatch(ConfigurationView(current), patch);
  if (!view) return std::unexpected(view.error());
  const XmlNode* config = view->Child("configuration");
  if (config == nullptr) {
    return std::unexpected(Error{ErrorCode::kInvalid, "the patch removes <configuration>", ""});
  }
  XmlNode next = current;
  AddOrReplaceChild(next, *config);
  SetVersion(next, CibVersion{patch.target.admin_epoch, patch.target.epoch, 0});
  return next;
}

const XmlNode* FindNodeState(const XmlNode& cib, std::string_view id) {
  const XmlNode* status = cib.Child("status");
  if (status == nullptr) return nullptr;
  for (const XmlNode& s : status->children) {
    if (s.name == "node_state" && s.AttrOr("id") == id) return &s;
  }
  return nullptr;
}

XmlNode WithNodeState(const XmlNode& current, const XmlNode& node_state) {
  XmlNode next = current;
  SetNodeState(next, node_state);
  return next;
}

XmlNode* MutableNodeState(XmlNode& cib, std::string_view id) {
  XmlNode* status = cib.Child("status");
  if (status == nullptr) return nullptr;
  auto it = std::find_if(status->children.begin(), status->children.end(), [&](const XmlNode& s) {
    return s.name == "node_state" && s.AttrOr("id") == id;
  });
  return it == status->children.end() ? nullptr : &*it;
}

void SetNodeState(XmlNode& cib, XmlNode node_state) {
  if (XmlNode* existing = MutableNodeState(cib, node_state.AttrOr("id"))) {
    *existing = std::move(node_state);
  } else {
    XmlNode* status = cib.Child("status");
    if (status == nullptr) status = &cib.AddChild("status");
    status->children.push_back(std::move(node_state));
  }
  BumpNumUpdates(cib);
}

void BumpNumUpdates(XmlNode& cib) {
  CibVersion v = VersionOf(cib).value_or(CibVersion{});
  ++v.num_updates;
  SetVersion(cib, v);
}

void MarkNonMembersDown(XmlNode& cib, const std::vector<NodeId>& members) {
  XmlNode* status = cib.Child("status");
  if (status == nullptr) return;
  for (XmlNode& s : status->children) {
    if (s.name != "node_state") continue;
    std::string id = s.AttrOr("id");
    bool member = std::any_of(members.begin(), members.end(),
                              [&](NodeId m) { return std::to_string(m) == id; });
    if (member) continue;
    s.SetAttr("in_ccm", "false");
    s.SetAttr("crmd", "offline");
    s.SetAttr("join", "down");
  }
}

XmlNode OnlineNodeState(NodeId id, std::string_view uname, const XmlNode* previous) {
  return OnlineNodeState(id, uname, previous != nullptr ? *previous : XmlNode{});
}

XmlNode OnlineNodeState(NodeId id, std::string_view uname, XmlNode state) {
  state.name = "node_state";
  state.SetAttr("id", std::to_string(id));
  state.SetAttr("uname", uname);
  state.SetAttr("in_ccm", "true");
  state.SetAttr("crmd", "online");
  state.SetAttr("join", "member");
  state.SetAttr("expected", "member");
  return state;
}

}  // namespace keel
