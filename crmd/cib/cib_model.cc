#include "crmd/cib/cib_model.h"

#include <algorithm>

#include "xml/cib_parse.h"

namespace keel {

namespace {

// `node` with its attributes and every child but those named `skip`.
XmlNode CopyWithout(const XmlNode& node, std::string_view skip) {
  XmlNode out;
  out.name = node.name;
  out.attributes = node.attributes;
  out.line = node.line;
  for (const XmlNode& child : node.children) {
    if (child.name != skip) out.children.push_back(child);
  }
  return out;
}

}  // namespace

XmlNode ConfigurationPart(const XmlNode& cib) { return CopyWithout(cib, "status"); }

std::expected<ParsedCib, Errors> ConfigurationFromXml(const XmlNode& cib) {
  return CibFromXml(ConfigurationPart(cib), "cib");
}

std::expected<const Cib*, Errors> CibModel::Get(const XmlNode& cib, uint64_t config_generation,
                                                uint64_t generation,
                                                std::span<const Node> unlisted_nodes) {
  if (config_generation_ != config_generation) {
    config_generation_ = config_generation;
    ++config_parses_;
    auto parsed = CibFromXml(ConfigurationPart(cib), "cib");
    if (parsed) {
      Status status = std::move(model_.status);
      model_ = std::move(parsed->cib);
      model_.status = std::move(status);
      listed_nodes_ = model_.configuration.nodes.size();
      config_errors_.reset();
    } else {
      config_errors_ = std::move(parsed.error());
    }
  }
  if (generation_ != generation) {
    generation_ = generation;
    const XmlNode* element = cib.Child("status");
    auto status = element != nullptr ? StatusFromXmlWithoutHistory(*element, "cib")
                                     : std::expected<Status, Errors>(Status{});
    if (status) {
      model_.status = std::move(*status);
      status_errors_.reset();
    } else {
      status_errors_ = std::move(status.error());
    }
  }
  std::vector<Node>& nodes = model_.configuration.nodes;
  nodes.resize(std::min(nodes.size(), listed_nodes_));
  nodes.insert(nodes.end(), unlisted_nodes.begin(), unlisted_nodes.end());
  if (config_errors_) return std::unexpected(*config_errors_);
  if (status_errors_) return std::unexpected(*status_errors_);
  return &model_;
}

}  // namespace keel
