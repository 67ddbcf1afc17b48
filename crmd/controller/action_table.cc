#include "crmd/controller/action_table.h"

#include <map>
#include <string>
#include <tuple>
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
  std::map<std::tuple<TextId, TextId, TextId, int64_t, int64_t>, uint32_t> shape_ids;
  std::map<TextId, uint32_t> node_indices;
  auto shape_of = [&](const Action& a) {
    Shape shape{intern(a.task), intern(a.node), intern(a.role), 0, a.interval_ms, a.timeout_ms};
    shape.node_index = node_indices.try_emplace(shape.node, node_indices.size()).first->second;
    auto [it, added] = shape_ids.try_emplace(
        std::tuple(shape.task, shape.node, shape.role, shape.interval_ms, shape.timeout_ms),
        static_cast<uint32_t>(shapes_.size()));
    if (added) shapes_.push_back(shape);
    return it->second;
  };
  rows_.reserve(actions.size());
  for (Action& a : actions) {
    Row row;
    row.resource = intern(a.resource);
    row.reason = intern(a.reason);
    row.shape = shape_of(a);
    if (!a.meta.empty()) {
      row.meta = static_cast<uint32_t>(metas_.size());
      metas_.push_back(std::move(a.meta));
    }
    rows_.push_back(row);
  }
  node_count_ = node_indices.size();
  pool_.shrink_to_fit();
  text_begin_.shrink_to_fit();
  shapes_.shrink_to_fit();
}

Action ActionTable::Get(size_t i) const {
  const Row& row = rows_[i];
  const Shape& shape = shapes_[row.shape];
  Action a;
  a.task = Text(shape.task);
  a.resource = Text(row.resource);
  a.node = Text(shape.node);
  a.interval_ms = shape.interval_ms;
  a.timeout_ms = shape.timeout_ms;
  a.reason = Text(row.reason);
  a.role = Text(shape.role);
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
