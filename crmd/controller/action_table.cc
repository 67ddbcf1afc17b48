#include "crmd/controller/action_table.h"

#include <string>
#include <unordered_map>

namespace keel {

ActionTable::ActionTable(std::vector<Action> actions) {
  std::unordered_map<std::string, TextId> ids;  // only while building
  text_begin_.push_back(0);
  auto intern = [&](const std::string& text) {
    auto [it, added] = ids.try_emplace(text, static_cast<TextId>(ids.size()));
    if (added) {
      pool_ += text;
      text_begin_.push_back(static_cast<uint32_t>(pool_.size()));
    }
    return it->second;
  };
  rows_.reserve(actions.size());
  for (Action& a : actions) {
    Row row;
    row.task = intern(a.task);
    row.resource = intern(a.resource);
    row.node = intern(a.node);
    row.reason = intern(a.reason);
    row.role = intern(a.role);
    row.interval_ms = a.interval_ms;
    row.timeout_ms = a.timeout_ms;
    if (!a.meta.empty()) {
      row.meta = static_cast<uint32_t>(metas_.size());
      metas_.push_back(std::move(a.meta));
    }
    rows_.push_back(row);
  }
  pool_.shrink_to_fit();
  text_begin_.shrink_to_fit();
}

Action ActionTable::Get(size_t i) const {
  const Row& row = rows_[i];
  Action a;
  a.task = Text(row.task);
  a.resource = Text(row.resource);
  a.node = Text(row.node);
  a.interval_ms = row.interval_ms;
  a.timeout_ms = row.timeout_ms;
  a.reason = Text(row.reason);
  a.role = Text(row.role);
  if (row.meta != kNoMeta) a.meta = metas_[row.meta];
  return a;
}

std::string_view ActionTable::meta(size_t i, std::string_view name) const {
  if (rows_[i].meta == kNoMeta) return {};
  for (const auto& [key, value] : metas_[rows_[i].meta]) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace keel
