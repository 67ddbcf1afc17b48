#include "crmd/node/node_attributes.h"

#include <algorithm>
#include <charconv>

#include "xml/score.h"

namespace keel {
namespace {

constexpr size_t kMaxNameLength = 256;
constexpr size_t kMaxValueLength = 64 * 1024;

std::string Shown(const std::optional<std::string>& value) {
  return value ? "\"" + *value + "\"" : std::string("(deleted)");
}

}  // namespace

std::string ExpandAttributeValue(const std::string& value,
                                 const std::optional<std::string>& current) {
  constexpr size_t kPrefix = 5;  // "value"
  if (value.size() < kPrefix + 2 || value[kPrefix] != '+' ||
      (value[kPrefix + 1] != '+' && value[kPrefix + 1] != '=')) {
    return value;
  }
  int64_t step = 1;
  if (value[kPrefix + 1] == '=') {
    auto parsed = Score::Parse(std::string_view(value).substr(kPrefix + 2));
    step = parsed ? parsed->value() : 0;
  }
  Score old;
  if (current) {
    if (auto parsed = Score::Parse(*current)) old = *parsed;
  }
  return (old + Score(step)).ToString();
}

std::optional<Error> CheckAttributeName(std::string_view name) {
  if (name.empty()) return Error{ErrorCode::kInvalid, "attribute name is empty", ""};
  if (name.size() > kMaxNameLength) {
    return Error{ErrorCode::kInvalid,
                 "attribute name is longer than " + std::to_string(kMaxNameLength) + " bytes", ""};
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error{ErrorCode::kInvalid, "attribute name holds a control character", ""};
    }
  }
  return std::nullopt;
}

std::optional<Error> CheckAttributeValue(std::string_view value) {
  if (value.size() > kMaxValueLength) {
    return Error{ErrorCode::kInvalid,
                 "attribute value is longer than " + std::to_string(kMaxValueLength) + " bytes",
                 ""};
  }
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) {
      return Error{ErrorCode::kInvalid,
                   "attribute value holds a control character other than tab or newline", ""};
    }
  }
  return std::nullopt;
}

AttributeEffects NodeAttributes::Apply(const AttributeUpdate& update, int64_t now_ms) {
  AttributeEffects fx;
  std::optional<Error> bad = CheckAttributeName(update.name);
  if (!bad && update.op == AttributeUpdate::Op::kSet) bad = CheckAttributeValue(update.value);
  if (!bad && update.node.empty()) bad = Error{ErrorCode::kInvalid, "no node named", ""};
  if (bad) {
    fx.logs.push_back("attributes: ignoring an update of " + update.node + ": " + bad->message);
    return fx;
  }
  Entry& entry = nodes_[update.node][update.name];
  if (update.own_echo && update.node == self_ && entry.local_in_flight > 0) {
    // A newer local change is on its way; applying this one would undo it until that arrives.
    if (--entry.local_in_flight > 0) return fx;
  }
  if (update.op == AttributeUpdate::Op::kSet) {
    entry.value = update.value;
  } else {
    entry.value.reset();
  }
  entry.is_private = update.is_private;
  if (update.dampen_ms) entry.dampen_ms = std::max<int64_t>(0, *update.dampen_ms);
  if (update.node != self_ || entry.is_private) return fx;
  if (entry.value == entry.written) {
    entry.due_ms.reset();  // back to what the CIB holds: nothing to write
    return fx;
  }
  if (entry.dampen_ms == 0) {
    WriteInto(update.name, entry, fx);
  } else if (!entry.due_ms) {
    entry.due_ms = now_ms + entry.dampen_ms;
    fx.logs.push_back("attributes: " + update.name + " = " + Shown(entry.value) + " written in " +
                      std::to_string(entry.dampen_ms) + " ms (dampening)");
  }
  return fx;
}

AttributeEffects NodeAttributes::Local(const AttributeUpdate& update) {
  AttributeEffects fx;
  if (update.node != self_ || update.is_private) {
    fx.logs.push_back("attributes: not a local change of " + self_ + ": " + update.name + " of " +
                      update.node + (update.is_private ? " (private)" : ""));
    return fx;
  }
  Entry& entry = nodes_[self_][update.name];
  AttributeUpdate applied = update;
  applied.own_echo = true;
  applied.dampen_ms.reset();
  if (update.op == AttributeUpdate::Op::kSet) {
    applied.value = ExpandAttributeValue(update.value, entry.value);
  }
  std::optional<Error> bad = CheckAttributeName(applied.name);
  if (!bad && applied.op == AttributeUpdate::Op::kSet) bad = CheckAttributeValue(applied.value);
  if (bad) {
    fx.logs.push_back("attributes: ignoring a local update of " + self_ + ": " + bad->message);
    return fx;
  }
  if (applied.op == AttributeUpdate::Op::kSet) {
    entry.value = applied.value;
  } else {
    entry.value.reset();
  }
  entry.is_private = false;
  ++entry.local_in_flight;
  if (entry.value != entry.written) WriteInto(applied.name, entry, fx);
  entry.due_ms.reset();
  fx.broadcasts.push_back(std::move(applied));
  return fx;
}

std::vector<std::string> NodeAttributes::OwnNames() const {
  std::vector<std::string> names;
  auto own = nodes_.find(self_);
  if (own == nodes_.end()) return names;
  for (const auto& [name, entry] : own->second) {
    if (entry.value) names.push_back(name);
  }
  return names;
}

void NodeAttributes::WriteInto(const std::string& name, Entry& entry, AttributeEffects& fx) {
  entry.due_ms.reset();
  entry.written = entry.value;
  fx.writes.push_back(AttributeWrite{name, entry.value});
  fx.logs.push_back("attributes: writing " + name + " = " + Shown(entry.value) + " on " + self_);
}

AttributeEffects NodeAttributes::Tick(int64_t now_ms) {
  AttributeEffects fx;
  auto own = nodes_.find(self_);
  if (own == nodes_.end()) return fx;
  for (auto& [name, entry] : own->second) {
    if (entry.due_ms && *entry.due_ms <= now_ms) WriteInto(name, entry, fx);
  }
  return fx;
}

std::optional<int64_t> NodeAttributes::NextDue() const {
  std::optional<int64_t> next;
  auto own = nodes_.find(self_);
  if (own == nodes_.end()) return next;
  for (const auto& [name, entry] : own->second) {
    if (entry.due_ms && (!next || *entry.due_ms < *next)) next = entry.due_ms;
  }
  return next;
}

std::optional<NodeAttributes::Known> NodeAttributes::Find(const std::string& node,
                                                          const std::string& name) const {
  auto n = nodes_.find(node);
  if (n == nodes_.end()) return std::nullopt;
  auto e = n->second.find(name);
  if (e == n->second.end()) return std::nullopt;
  return Known{e->second.value, e->second.is_private};
}

std::map<std::string, NodeAttributes::Known> NodeAttributes::FindAll(
    const std::string& name) const {
  std::map<std::string, Known> out;
  for (const auto& [node, entries] : nodes_) {
    auto e = entries.find(name);
    if (e != entries.end()) out[node] = Known{e->second.value, e->second.is_private};
  }
  return out;
}

void NodeAttributes::KeepOnly(const std::vector<std::string>& members) {
  std::erase_if(nodes_, [&](const auto& n) {
    return n.first != self_ && std::find(members.begin(), members.end(), n.first) == members.end();
  });
}

}  // namespace keel
