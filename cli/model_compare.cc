#include "cli/model_compare.h"

namespace keel {

namespace {

struct Normalizer {
  bool clear_ids = false;

  void Fix(NvPair& p) {
    p.line = 0;
    if (clear_ids) p.id.clear();
  }
  void Fix(Expression& e) {
    e.line = 0;
    if (clear_ids) e.id.clear();
  }
  void Fix(Rule& r) {
    r.line = 0;
    // and/or means nothing with a single expression; crm syntax cannot say which it was.
    if (clear_ids && r.expressions.size() + r.rules.size() <= 1) r.boolean_op = BoolOp::kAnd;
    for (auto& e : r.expressions) Fix(e);
    for (auto& n : r.rules) Fix(n);
  }
  void Fix(NvSet& s) {
    s.line = 0;
    if (s.rule) Fix(*s.rule);
    for (auto& p : s.pairs) Fix(p);
  }
  void Fix(std::vector<NvSet>& sets) {
    for (auto& s : sets) Fix(s);
  }
  void Fix(Operation& o) {
    o.line = 0;
    Fix(o.instance_attributes);
    Fix(o.meta_attributes);
  }
  void Fix(Primitive& p) {
    p.line = 0;
    Fix(p.instance_attributes);
    Fix(p.meta_attributes);
    Fix(p.utilization);
    for (auto& o : p.operations) Fix(o);
  }
  void Fix(Group& g) {
    g.line = 0;
    Fix(g.instance_attributes);
    Fix(g.meta_attributes);
    for (auto& p : g.primitives) Fix(p);
  }
  void Fix(Clone& c) {
    c.line = 0;
    Fix(c.instance_attributes);
    Fix(c.meta_attributes);
    std::visit([this](auto& child) { Fix(child); }, c.child);
  }
  void Fix(Configuration& c) {
    Fix(c.crm_config);
    Fix(c.rsc_defaults);
    Fix(c.op_defaults);
    for (auto& n : c.nodes) {
      n.line = 0;
      Fix(n.instance_attributes);
      Fix(n.utilization);
    }
    for (auto& r : c.resources) std::visit([this](auto& x) { Fix(x); }, r);
    for (auto& l : c.locations) {
      l.line = 0;
      for (auto& r : l.rules) Fix(r);
    }
    for (auto& x : c.colocations) x.line = 0;
    for (auto& x : c.orders) x.line = 0;
    for (auto& f : c.fencing_levels) {
      f.line = 0;
      if (clear_ids) f.id.clear();
    }
  }
};

}  // namespace

Configuration WithoutLines(Configuration config) {
  Normalizer{false}.Fix(config);
  return config;
}

Configuration WithoutUnwrittenIds(Configuration config) {
  Normalizer{true}.Fix(config);
  return config;
}

}  // namespace keel
