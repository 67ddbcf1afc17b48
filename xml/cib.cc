#include "xml/cib.h"

namespace keel {

std::optional<std::string> FindNvValue(const std::vector<NvSet>& sets, std::string_view name) {
  for (const NvSet& set : sets) {
    for (const NvPair& pair : set.pairs) {
      if (pair.name == name) return pair.value;
    }
  }
  return std::nullopt;
}

const std::string& ResourceId(const Resource& resource) {
  return std::visit([](const auto& r) -> const std::string& { return r.id; }, resource);
}

int ResourceLine(const Resource& resource) {
  return std::visit([](const auto& r) { return r.line; }, resource);
}

OrderKind OrderConstraint::EffectiveKind() const {
  if (kind) return *kind;
  if (score && score->value() == 0) return OrderKind::kOptional;
  return OrderKind::kMandatory;
}

bool OrderConstraint::EffectiveSymmetrical() const {
  if (symmetrical) return *symmetrical;
  return EffectiveKind() != OrderKind::kSerialize;
}

const std::string& OrderConstraint::EffectiveFirstAction() const {
  static const std::string kStart = "start";
  return first_action.empty() ? kStart : first_action;
}

const std::string& OrderConstraint::EffectiveThenAction() const {
  return then_action.empty() ? EffectiveFirstAction() : then_action;
}

std::string CibVersion::ToString() const {
  return std::to_string(admin_epoch) + "." + std::to_string(epoch) + "." +
         std::to_string(num_updates);
}

}  // namespace keel
