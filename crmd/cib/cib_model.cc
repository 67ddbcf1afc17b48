#include "crmd/cib/cib_model.h"

#include "xml/cib_parse.h"

namespace keel {

XmlNode ConfigurationPart(const XmlNode& cib) {
  XmlNode out;
  out.name = cib.name;
  out.attributes = cib.attributes;
  out.line = cib.line;
  for (const XmlNode& child : cib.children) {
    if (child.name != "status") out.children.push_back(child);
  }
  return out;
}

XmlNode StatusWithoutHistory(const XmlNode& cib) {
  XmlNode out;
  out.name = "status";
  const XmlNode* status = cib.Child("status");
  if (status == nullptr) return out;
  out.attributes = status->attributes;
  out.line = status->line;
  for (const XmlNode& child : status->children) {
    if (child.name != "node_state") {
      out.children.push_back(child);
      continue;
    }
    XmlNode state;
    state.name = child.name;
    state.attributes = child.attributes;
    state.line = child.line;
    for (const XmlNode& part : child.children) {
      if (part.name != "lrm") state.children.push_back(part);
    }
    out.children.push_back(std::move(state));
  }
  return out;
}

std::expected<const Cib*, Errors> CibModel::Get(const XmlNode& cib, uint64_t config_generation,
                                                uint64_t generation) {
  if (config_generation_ != config_generation) {
    config_generation_ = config_generation;
    ++config_parses_;
    auto parsed = CibFromXml(ConfigurationPart(cib), "cib");
    if (parsed) {
      Status status = std::move(model_.status);
      model_ = std::move(parsed->cib);
      model_.status = std::move(status);
      config_errors_.reset();
    } else {
      config_errors_ = std::move(parsed.error());
    }
  }
  if (generation_ != generation) {
    generation_ = generation;
    auto status = StatusFromXml(StatusWithoutHistory(cib), "cib");
    if (status) {
      model_.status = std::move(*status);
      status_errors_.reset();
    } else {
      status_errors_ = std::move(status.error());
    }
  }
  if (config_errors_) return std::unexpected(*config_errors_);
  if (status_errors_) return std::unexpected(*status_errors_);
  return &model_;
}

}  // namespace keel
