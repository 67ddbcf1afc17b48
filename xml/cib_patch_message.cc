// The text forms of xml/cib_diff.h: paths (FormatPath / ParsePath) and the patch as an XML
// message (SerializePatch / ParsePatch).
//
//   <patch format="1">
//     <source admin_epoch="0" epoch="4" num_updates="2"/>
//     <target admin_epoch="0" epoch="5" num_updates="0"/>
//     <delete path="/cib/configuration/resources/primitive[@id='old']"/>
//     <move path="..." position="0"/>
//     <create path="/cib/configuration/resources" position="1"><primitive .../></create>
//     <modify path="/cib"><unset name="dc-uuid"/><set name="epoch" value="5"/></modify>
//   </patch>

#include <charconv>

#include "xml/cib_diff.h"

namespace keel {

namespace {

std::optional<int64_t> ParseCount(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

// ---- Paths ---------------------------------------------------------------------------------

std::string FormatPath(const XmlPath& path) {
  std::string out;
  for (const PathStep& step : path) {
    out += '/';
    out += step.name;
    if (step.id) {
      out += "[@id='";
      for (char c : *step.id) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
      }
      out += "']";
    }
    if (step.ordinal != 1) out += "[" + std::to_string(step.ordinal) + "]";
  }
  return out;
}

namespace {

Error PathError(std::string_view text, std::size_t at, std::string_view why) {
  return Error{ErrorCode::kParse,
               "bad path '" + std::string(text) + "': " + std::string(why) + " at offset " +
                   std::to_string(at),
               ""};
}

// Reads "'...'" starting at text[at] == '\''; returns the unescaped value and moves `at` past it.
std::expected<std::string, Error> ReadQuoted(std::string_view text, std::size_t& at) {
  std::string value;
  for (++at; at < text.size(); ++at) {
    char c = text[at];
    if (c == '\'') {
      ++at;
      return value;
    }
    if (c == '\\' && ++at == text.size()) break;
    value += text[at];
  }
  return std::unexpected(PathError(text, at, "unterminated quote"));
}

}  // namespace

std::expected<XmlPath, Error> ParsePath(std::string_view text) {
  XmlPath path;
  std::size_t at = 0;
  if (text.empty()) return std::unexpected(PathError(text, 0, "empty path"));
  while (at < text.size()) {
    if (text[at] != '/') return std::unexpected(PathError(text, at, "expected '/'"));
    std::size_t end = text.find_first_of("/[", ++at);
    if (end == std::string_view::npos) end = text.size();
    PathStep step;
    step.name = std::string(text.substr(at, end - at));
    if (step.name.empty()) return std::unexpected(PathError(text, at, "empty element name"));
    at = end;
    if (text.substr(at).starts_with("[@id='")) {
      at += 5;
      std::expected<std::string, Error> id = ReadQuoted(text, at);
      if (!id) return std::unexpected(id.error());
      if (at >= text.size() || text[at] != ']') {
        return std::unexpected(PathError(text, at, "expected ']'"));
      }
      ++at;
      step.id = std::move(*id);
    }
    if (at < text.size() && text[at] == '[') {
      std::size_t close = text.find(']', at);
      std::optional<int64_t> n = close == std::string_view::npos
                                     ? std::nullopt
                                     : ParseCount(text.substr(at + 1, close - at - 1));
      if (!n || *n < 1) return std::unexpected(PathError(text, at, "bad ordinal"));
      step.ordinal = static_cast<std::size_t>(*n);
      at = close + 1;
    }
    path.push_back(std::move(step));
  }
  return path;
}

namespace {

constexpr std::string_view kFormat = "1";

XmlNode VersionNode(std::string_view name, const CibVersion& version) {
  XmlNode node;
  node.name = std::string(name);
  node.attributes = {{"admin_epoch", std::to_string(version.admin_epoch)},
                     {"epoch", std::to_string(version.epoch)},
                     {"num_updates", std::to_string(version.num_updates)}};
  return node;
}

XmlNode OpNode(const PatchOp& op) {
  XmlNode node;
  if (const auto* create = std::get_if<CreateOp>(&op)) {
    node.name = "create";
    node.attributes = {{"path", FormatPath(create->parent)},
                       {"position", std::to_string(create->position)}};
    node.children.push_back(create->element);
  } else if (const auto* del = std::get_if<DeleteOp>(&op)) {
    node.name = "delete";
    node.attributes = {{"path", FormatPath(del->path)}};
  } else if (const auto* move = std::get_if<MoveOp>(&op)) {
    node.name = "move";
    node.attributes = {{"path", FormatPath(move->path)},
                       {"position", std::to_string(move->position)}};
  } else {
    const ModifyOp& modify = std::get<ModifyOp>(op);
    node.name = "modify";
    node.attributes = {{"path", FormatPath(modify.path)}};
    for (const std::string& name : modify.unset) {
      node.AddChild("unset").SetAttr("name", name);
    }
    for (const XmlAttribute& a : modify.set) {
      XmlNode& set = node.AddChild("set");
      set.attributes = {{"name", a.name}, {"value", a.value}};
    }
  }
  return node;
}

// Reads one patch message, remembering its source name for errors.
class PatchReader {
 public:
  explicit PatchReader(std::string_view source) : source_(source) {}

  std::expected<CibPatch, Error> Read(const XmlNode& root) {
    if (root.name != "patch")
      return Fail(root, "not a patch message: root element is <" + root.name + ">");
    if (root.AttrOr("format") != kFormat) {
      return Fail(root, "unsupported patch format '" + root.AttrOr("format") + "' (expected '" +
                            std::string(kFormat) + "')");
    }
    if (root.children.size() < 2 || root.children[0].name != "source" ||
        root.children[1].name != "target") {
      return Fail(root, "a patch starts with <source> and <target> versions");
    }
    CibPatch patch;
    std::expected<CibVersion, Error> source = Version(root.children[0]);
    if (!source) return std::unexpected(source.error());
    std::expected<CibVersion, Error> target = Version(root.children[1]);
    if (!target) return std::unexpected(target.error());
    patch.source = *source;
    patch.target = *target;
    for (std::size_t i = 2; i < root.children.size(); ++i) {
      std::expected<PatchOp, Error> op = Op(root.children[i]);
      if (!op) return std::unexpected(op.error());
      patch.ops.push_back(std::move(*op));
    }
    return patch;
  }

 private:
  std::unexpected<Error> Fail(const XmlNode& node, std::string message) const {
    return std::unexpected(Error{ErrorCode::kParse, std::move(message), Where(source_, node.line)});
  }

  std::expected<std::string, Error> Required(const XmlNode& node, std::string_view attr) const {
    const auto value = node.Attr(attr);
    if (!value)
      return Fail(node, "<" + node.name + "> needs a '" + std::string(attr) + "' attribute");
    return std::string(*value);
  }

  std::expected<int64_t, Error> Count(const XmlNode& node, std::string_view attr) const {
    std::expected<std::string, Error> text = Required(node, attr);
    if (!text) return std::unexpected(text.error());
    std::optional<int64_t> value = ParseCount(*text);
    if (!value) {
      return Fail(node, "<" + node.name + "> " + std::string(attr) +
                            " is not a non-negative integer: '" + *text + "'");
    }
    return *value;
  }

  std::expected<CibVersion, Error> Version(const XmlNode& node) const {
    CibVersion version;
    for (auto [attr, field] : {std::pair{"admin_epoch", &CibVersion::admin_epoch},
                               std::pair{"epoch", &CibVersion::epoch},
                               std::pair{"num_updates", &CibVersion::num_updates}}) {
      std::expected<int64_t, Error> value = Count(node, attr);
      if (!value) return std::unexpected(value.error());
      version.*field = *value;
    }
    return version;
  }

  std::expected<XmlPath, Error> Path(const XmlNode& node) const {
    std::expected<std::string, Error> text = Required(node, "path");
    if (!text) return std::unexpected(text.error());
    std::expected<XmlPath, Error> path = ParsePath(*text);
    if (!path) return Fail(node, path.error().message);
    return path;
  }

  std::expected<PatchOp, Error> Op(const XmlNode& node) const {
    std::expected<XmlPath, Error> path = Path(node);
    if (!path) return std::unexpected(path.error());
    bool positioned = node.name == "create" || node.name == "move";
    std::expected<int64_t, Error> position = positioned ? Count(node, "position") : 0;
    if (!position) return std::unexpected(position.error());
    std::size_t pos = static_cast<std::size_t>(*position);
    if (node.name == "delete" || node.name == "move") {
      if (!node.children.empty()) return Fail(node, "<" + node.name + "> has no children");
      if (node.name == "delete") return DeleteOp{std::move(*path)};
      return MoveOp{std::move(*path), pos};
    }
    if (node.name == "create") {
      if (node.children.size() != 1) return Fail(node, "<create> holds exactly one element");
      return CreateOp{std::move(*path), pos, node.children[0]};
    }
    if (node.name == "modify") return Modify(node, std::move(*path));
    return Fail(node, "unknown patch operation <" + node.name + ">");
  }

  std::expected<PatchOp, Error> Modify(const XmlNode& node, XmlPath path) const {
    ModifyOp op{std::move(path), {}, {}};
    for (const XmlNode& change : node.children) {
      std::expected<std::string, Error> name = Required(change, "name");
      if (!name) return std::unexpected(name.error());
      if (change.name == "unset" && op.set.empty()) {
        op.unset.push_back(*name);
      } else if (change.name == "set") {
        std::expected<std::string, Error> value = Required(change, "value");
        if (!value) return std::unexpected(value.error());
        op.set.push_back({*name, *value});
      } else {
        return Fail(change, "<modify> holds <unset> elements, then <set> elements; got <" +
                                change.name + ">");
      }
    }
    return op;
  }

  std::string source_;
};

}  // namespace

std::string SerializePatch(const CibPatch& patch, bool pretty) {
  XmlNode root;
  root.name = "patch";
  root.attributes = {{"format", std::string(kFormat)}};
  root.children.push_back(VersionNode("source", patch.source));
  root.children.push_back(VersionNode("target", patch.target));
  for (const PatchOp& op : patch.ops) root.children.push_back(OpNode(op));
  return SerializeXml(root, pretty);
}

std::expected<CibPatch, Error> ParsePatch(std::string_view text, std::string_view source) {
  std::expected<XmlNode, Error> root = ParseXml(text, source);
  if (!root) return std::unexpected(root.error());
  return PatchReader(source).Read(*root);
}

}  // namespace keel
