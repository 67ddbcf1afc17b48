#include "cli/held_back.h"

#include <algorithm>

namespace keel {
namespace {

bool Contains(const XmlNode& node, const std::string& id) {
  if (node.AttrOr("id") == id) return true;
  return std::any_of(node.children.begin(), node.children.end(),
                     [&](const XmlNode& child) { return Contains(child, id); });
}

XmlNode* Section(XmlNode& cib, const std::string& name, bool create) {
  XmlNode* config = nullptr;
  for (XmlNode& child : cib.children) {
    if (child.name == "configuration") config = &child;
  }
  if (config == nullptr) return nullptr;
  for (XmlNode& child : config->children) {
    if (child.name == name) return &child;
  }
  if (!create) return nullptr;
  config->children.push_back(XmlNode{name, {}, {}, 0});
  return &config->children.back();
}

}  // namespace

std::string ErrorId(const Error& error) {
  const std::string& where = error.where;
  if (where.ends_with(")")) {
    size_t open = where.rfind('(');
    if (open != std::string::npos) return where.substr(open + 1, where.size() - open - 2);
  }
  return where.find_first_of(": ") == std::string::npos ? where : "";
}

std::optional<std::vector<HeldBackObject>> SetAsideUnsupported(XmlNode& cib, const Errors& errors) {
  XmlNode pruned = cib;
  std::vector<HeldBackObject> held;
  XmlNode* config = nullptr;
  for (XmlNode& child : pruned.children) {
    if (child.name == "configuration") config = &child;
  }
  if (config == nullptr || errors.empty()) return std::nullopt;
  // "not supported" first: another error inside the same object is its consequence (a rule
  // whose only expression, a date_expression, was skipped "has no expressions").
  std::vector<const Error*> ordered;
  for (const Error& error : errors) {
    if (error.code == ErrorCode::kNotSupported) ordered.push_back(&error);
  }
  for (const Error& error : errors) {
    if (error.code != ErrorCode::kNotSupported) ordered.push_back(&error);
  }
  for (const Error* next : ordered) {
    const Error& error = *next;
    std::string id = ErrorId(error);
    if (id.empty()) return std::nullopt;
    if (std::any_of(held.begin(), held.end(),
                    [&](const HeldBackObject& h) { return Contains(h.element, id); })) {
      continue;
    }
    if (error.code != ErrorCode::kNotSupported) return std::nullopt;
    bool found = false;
    for (XmlNode& section : config->children) {
      auto it = std::find_if(section.children.begin(), section.children.end(),
                             [&](const XmlNode& object) { return Contains(object, id); });
      if (it == section.children.end()) continue;
      held.push_back(HeldBackObject{section.name.str(), *it, it->AttrOr("id"), error});
      section.children.erase(it);
      found = true;
      break;
    }
    if (!found) return std::nullopt;
  }
  cib = std::move(pruned);
  return held;
}

void PutBack(XmlNode& cib, const std::vector<HeldBackObject>& objects) {
  for (const HeldBackObject& object : objects) {
    if (XmlNode* section = Section(cib, object.section, true)) {
      section->children.push_back(object.element);
    }
  }
}

}  // namespace keel
