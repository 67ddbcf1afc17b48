#pragma once
// The actions of a transition run, kept compactly: every text (task, resource, node, reason,
// role) once in a pool and each action a row of indices into it. At 16 nodes x 1,000 resources
// the DC's first run holds 18,000 actions for its whole start: 3.6 MB as Action values (five
// strings each), 0.3 MB as rows of 16 bytes (what varies little, task, node, role, interval
// and timeout, is one index into a table of the distinct combinations).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crmd/scheduler/scheduler.h"

namespace keel {

class ActionTable {
 public:
  ActionTable() = default;
  explicit ActionTable(std::vector<Action> actions);

  size_t size() const { return rows_.size(); }
  // The action as the scheduler made it.
  Action Get(size_t i) const;
  std::string_view task(size_t i) const { return Text(ShapeOf(i).task); }
  std::string_view resource(size_t i) const { return Text(rows_[i].resource); }
  std::string_view node(size_t i) const { return Text(ShapeOf(i).node); }
  // The action's node as a number below node_count() (for counting per node).
  size_t node_index(size_t i) const { return ShapeOf(i).node_index; }
  size_t node_count() const { return node_count_; }
  std::string_view reason(size_t i) const { return Text(rows_[i].reason); }
  // A clone notification's meta variable `name` ("" when absent).
  std::string_view meta(size_t i, std::string_view name) const;

 private:
  using TextId = uint32_t;
  static constexpr uint32_t kNoMeta = UINT32_MAX;
  // Task, node, role, interval and timeout: a few hundred distinct ones in 18,000 actions.
  struct Shape {
    TextId task = 0;
    TextId node = 0;
    TextId role = 0;
    uint32_t node_index = 0;  // the node's number among this table's nodes
    int64_t interval_ms = 0;
    int64_t timeout_ms = 0;
  };
  struct Row {
    TextId resource = 0;
    TextId reason = 0;
    uint32_t shape = 0;       // index into shapes_
    uint32_t meta = kNoMeta;  // index into metas_
  };
  const Shape& ShapeOf(size_t i) const { return shapes_[rows_[i].shape]; }
  std::string_view Text(TextId id) const {
    return std::string_view(pool_).substr(text_begin_[id], text_begin_[id + 1] - text_begin_[id]);
  }

  std::string pool_;                  // every distinct text once, one after another
  std::vector<uint32_t> text_begin_;  // where text k begins; one more entry: the end
  std::vector<Shape> shapes_;
  size_t node_count_ = 0;
  std::vector<Row> rows_;
  std::vector<std::vector<std::pair<std::string, std::string>>> metas_;  // notifications only
};

}  // namespace keel
