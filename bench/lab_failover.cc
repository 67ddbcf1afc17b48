#include "bench/lab_failover.h"

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "bench/lab_timeline.h"
#include "xml/xml_node.h"

namespace keel::bench {
namespace {

using std::chrono::milliseconds;

double Ms(int64_t from_us, int64_t to_us) { return static_cast<double>(to_us - from_us) / 1000.0; }

std::vector<LogEvent> CrmdEvents(Lab& lab, int k, int64_t offset) {
  std::string text = ReadFile(lab.CrmdLog(k));
  return ParseCrmdLog(std::string_view(text).substr(std::min<size_t>(offset, text.size())));
}

const XmlNode* FindOp(const XmlNode& node, const std::string& on_node, const std::string& op,
                      const std::string& call_id) {
  if (node.name == "lrm_rsc_op" && node.AttrOr("on_node") == on_node &&
      node.AttrOr("operation") == op && node.AttrOr("call-id") == call_id) {
    return &node;
  }
  for (const XmlNode& child : node.children) {
    if (const XmlNode* found = FindOp(child, on_node, op, call_id)) return found;
  }
  return nullptr;
}

// exec-time of call call_id ("start") on node k, from the CIB status as node k sees it.
std::optional<double> StartExecMs(Lab& lab, int k, const std::string& call_id) {
  auto out = lab.Crm(k, {"cib", "query"});
  if (!out || out->exit_code != 0) return std::nullopt;
  auto xml = ParseXml(out->output, "cib query");
  if (!xml) return std::nullopt;
  const XmlNode* op = FindOp(*xml, "n" + std::to_string(k), "start", call_id);
  if (op == nullptr || !op->HasAttr("exec-time")) return std::nullopt;
  return std::atof(op->AttrOr("exec-time").c_str());
}

std::string JsonField(const std::string& json, const std::string& field) {
  size_t at = json.find("\"" + field + "\":");
  if (at == std::string::npos) return "";
  at += field.size() + 3;
  size_t end = json.find_first_of(",}", at);
  std::string value = json.substr(at, end - at);
  if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

bool Settled(Lab& lab, const RoundSetup& setup) {
  return ClusterSynced(lab, setup.nodes) && VipHolder(lab, setup).has_value();
}

}  // namespace

bool ClusterSynced(Lab& lab, int nodes) {
  std::string dc;
  for (int k = 1; k <= nodes; ++k) {
    auto out = lab.Crm(k, {"status", "--json"});
    if (!out || out->exit_code != 0) return false;
    const std::string& json = out->output;
    if (JsonField(json, "quorate") != "true" || JsonField(json, "synced") != "true") return false;
    if (Count(json, "\"online\":true") != static_cast<size_t>(nodes)) return false;
    std::string this_dc = JsonField(json, "dc");
    if (this_dc.empty() || (!dc.empty() && this_dc != dc)) return false;
    dc = this_dc;
  }
  return true;
}

bool LogsQuiet(Lab& lab, int nodes, int quiet_ms, milliseconds timeout) {
  std::vector<int64_t> sizes(static_cast<size_t>(nodes) + 1, -1);
  int64_t stable_since = NowUs();
  return WaitUntil(timeout, [&] {
    bool same = true;
    for (int k = 1; k <= nodes; ++k) {
      int64_t size = FileSize(lab.CrmdLog(k));
      if (size != sizes[static_cast<size_t>(k)]) same = false;
      sizes[static_cast<size_t>(k)] = size;
    }
    if (!same) stable_since = NowUs();
    return NowUs() - stable_since >= quiet_ms * 1000;
  });
}

namespace {

// The call id in "executor: vip_start_0 call=12: ok (done)".
std::string CallId(const std::string& text) {
  size_t at = text.find("call=");
  if (at == std::string::npos) return "";
  size_t end = text.find(':', at);
  return text.substr(at + 5, end - at - 5);
}

struct Offsets {
  std::vector<int64_t> crmd, corosync;
};

Offsets LogOffsets(Lab& lab, int nodes) {
  Offsets o;
  for (int k = 0; k <= nodes; ++k) {
    o.crmd.push_back(k ? FileSize(lab.CrmdLog(k)) : 0);
    o.corosync.push_back(k ? FileSize(lab.CorosyncLog(k)) : 0);
  }
  return o;
}

void FillFencing(const std::vector<LogEvent>& dc, int64_t membership_us, int holder,
                 int64_t sent_us, FailoverTimes& t) {
  auto fence_sent = FirstAfter(dc, membership_us, "fencing: reboot with ");
  auto fenced =
      FirstAfter(dc, membership_us, "fencing: reboot of n" + std::to_string(holder) + " succeeded");
  if (fence_sent) t.membership_to_fence_sent = Ms(membership_us, fence_sent->us);
  if (fence_sent && fenced) t.fence_duration = Ms(fence_sent->us, fenced->us);
  if (fenced && sent_us) t.fenced_to_sent = Ms(fenced->us, sent_us);
  if (t.overhead && t.fence_duration) t.overhead_without_fence = *t.overhead - *t.fence_duration;
}

// Reads the survivors' logs: which node was DC, when each step happened.
std::expected<void, std::string> FillTimeline(Lab& lab, const RoundSetup& setup, const Offsets& o,
                                              int64_t cut_us, int64_t answer_us, FailoverTimes& t) {
  std::string sent_needle = "controller: sending " + setup.rsc + "_start_0 on n";
  std::string done_needle = "executor: " + setup.rsc + "_start_0 call=";
  std::vector<LogEvent> dc_events, holder_events;
  bool found = WaitUntil(milliseconds(10000), [&] {
    holder_events = CrmdEvents(lab, t.new_holder, o.crmd[static_cast<size_t>(t.new_holder)]);
    for (int k = 1; k <= setup.nodes; ++k) {
      if (k == t.holder) continue;
      auto events = CrmdEvents(lab, k, o.crmd[static_cast<size_t>(k)]);
      if (FirstAfter(events, cut_us, sent_needle)) {
        t.dc = k;
        dc_events = std::move(events);
      }
    }
    return t.dc != 0 && FirstAfter(holder_events, cut_us, done_needle).has_value();
  });
  if (!found)
    return std::unexpected("no '" + sent_needle + "' / '" + done_needle + "' in the logs");
  auto membership = FirstAfter(dc_events, cut_us, "sync: membership ");
  auto sent = FirstAfter(dc_events, cut_us, sent_needle);
  auto done = FirstAfter(holder_events, cut_us, done_needle);
  if (done->text.find(": ok ") == std::string::npos)
    return std::unexpected("start failed: " + done->text);
  t.done_to_answer = Ms(done->us, answer_us);
  if (auto exec = StartExecMs(lab, t.new_holder, CallId(done->text))) {
    t.agent_exec = *exec;
    t.sent_to_began = Ms(sent->us, done->us) - *exec;
  }
  std::string corosync_text = ReadFile(lab.CorosyncLog(t.dc));
  auto corosync = ParseCorosyncLog(
      std::string_view(corosync_text)
          .substr(std::min<size_t>(o.corosync[static_cast<size_t>(t.dc)], corosync_text.size())),
      cut_us);
  // corosync stamps in whole ms: look from the cut's millisecond.
  if (auto formed = FirstAfter(corosync, cut_us / 1000 * 1000, "A new membership")) {
    t.cut_to_corosync = Ms(cut_us, formed->us);
  }
  if (!membership) return {};
  t.cut_to_membership = Ms(cut_us, membership->us);
  if (auto planned = FirstAfter(dc_events, membership->us, "controller: transition ")) {
    t.membership_to_planned = Ms(membership->us, planned->us);
    t.planned_to_sent = Ms(planned->us, sent->us);
  }
  t.membership_to_done = Ms(membership->us, done->us);
  t.membership_to_answer = Ms(membership->us, answer_us);
  if (t.agent_exec) t.overhead = *t.membership_to_done - *t.agent_exec;
  if (setup.fencing) FillFencing(dc_events, membership->us, t.holder, sent->us, t);
  return {};
}

// Brings the cut node back: heal, or (fenced) wait until its daemons are gone and reboot it.
std::expected<void, std::string> Restore(Lab& lab, const RoundSetup& setup, int holder) {
  std::string k = std::to_string(holder);
  if (!setup.fencing) {
    auto healed = lab.LabSh({"heal", k}, milliseconds(20000));
    if (!healed) return std::unexpected(healed.error());
    return {};
  }
  bool gone = WaitUntil(milliseconds(30000), [&] {
    return !lab.DaemonPid(holder, "crmd") && !lab.DaemonPid(holder, "corosync");
  });
  if (!gone) return std::unexpected("n" + k + " was not fenced (its daemons still run)");
  auto rebooted = lab.LabSh({"reboot", k}, milliseconds(90000));
  if (!rebooted) return std::unexpected(rebooted.error());
  return {};
}

}  // namespace

std::expected<int, std::string> VipHolder(Lab& lab, const RoundSetup& setup) {
  std::vector<int> on;
  for (int k = 1; k <= setup.nodes; ++k) {
    if (lab.HasAddress(k, setup.vip)) on.push_back(k);
  }
  if (on.size() == 1) return on.front();
  std::string where;
  for (int k : on) where += " n" + std::to_string(k);
  return std::unexpected("the VIP is on " + std::to_string(on.size()) + " nodes:" + where);
}

std::expected<void, std::string> WaitClusterSettled(Lab& lab, const RoundSetup& setup,
                                                    milliseconds timeout) {
  if (!WaitUntil(timeout, [&] { return Settled(lab, setup); })) {
    auto holder = VipHolder(lab, setup);
    return std::unexpected("cluster not settled after " + std::to_string(timeout.count()) +
                           " ms (" +
                           (holder ? "VIP on n" + std::to_string(*holder) : holder.error()) + ")");
  }
  if (!LogsQuiet(lab, setup.nodes, 500, milliseconds(15000))) {
    return std::unexpected("crmd logs never went quiet for 500 ms");
  }
  return {};
}

std::expected<FailoverTimes, std::string> RunFailoverRound(Lab& lab, IcmpProbe& probe,
                                                           const RoundSetup& setup) {
  FailoverTimes t;
  auto holder = VipHolder(lab, setup);
  if (!holder) return std::unexpected(holder.error());
  t.holder = *holder;
  // The client talks to the VIP before the cut, so its neighbour entry names the old holder.
  if (auto before = probe.WaitForReply(setup.vip, NowUs(), milliseconds(10), milliseconds(5000));
      !before) {
    return std::unexpected("before the cut: " + before.error());
  }
  Offsets offsets = LogOffsets(lab, setup.nodes);
  if (auto cut = lab.CutLink(t.holder); !cut) return std::unexpected(cut.error());
  int64_t cut_us = NowUs();  // `ip link set down` has returned: the port is down
  auto answer = probe.WaitForReply(setup.vip, cut_us, milliseconds(5), milliseconds(60000));
  if (!answer)
    return std::unexpected("after cutting n" + std::to_string(t.holder) + ": " + answer.error());
  t.cut_to_answer = Ms(cut_us, *answer);
  for (int k = 1; k <= setup.nodes; ++k) {
    if (k != t.holder && lab.HasAddress(k, setup.vip)) t.new_holder = k;
  }
  if (t.new_holder == 0) return std::unexpected("the VIP answered but no survivor holds it");
  if (auto filled = FillTimeline(lab, setup, offsets, cut_us, *answer, t); !filled) {
    return std::unexpected(filled.error());
  }
  // The prober keeps pinging while the node comes back: any outage of the VIP shows as a gap.
  std::atomic<bool> stop{false};
  double gap = 0;
  std::thread gap_meter(
      [&] { gap = probe.LongestGapMs(setup.vip, stop, milliseconds(5), milliseconds(200000)); });
  auto restored = Restore(lab, setup, t.holder);
  auto settled = restored ? WaitClusterSettled(lab, setup, milliseconds(90000)) : restored;
  stop = true;
  gap_meter.join();
  if (!restored) return std::unexpected(restored.error());
  if (!settled)
    return std::unexpected("after restoring n" + std::to_string(t.holder) + ": " + settled.error());
  t.rejoin_gap = gap;
  auto after = VipHolder(lab, setup);
  t.holder_after = after ? *after : 0;
  t.moved_back = t.holder_after != t.new_holder;
  return t;
}

}  // namespace keel::bench
