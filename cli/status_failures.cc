// `crm status`: fail counts ("Migration Summary") and failed operations ("Failed Resource
// Actions") from the CIB's status section, in the spirit of Pacemaker's crm_mon.

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>
#include <tuple>

#include "cli/json_writer.h"
#include "cli/status_view.h"

namespace keel {

namespace {

int64_t ToInt64(const std::string& text) { return std::atoll(text.c_str()); }

// "fail-count-vip#monitor_10000" -> {"vip", "monitor_10000"}; false for other names.
bool SplitFailName(const std::string& name, const std::string& prefix, std::string& rsc,
                   std::string& op) {
  if (!name.starts_with(prefix)) return false;
  std::string rest = name.substr(prefix.size());
  size_t hash = rest.rfind('#');
  rsc = rest.substr(0, hash);
  op = hash == std::string::npos ? "" : rest.substr(hash + 1);
  return !rsc.empty();
}

void CollectNvpairs(const XmlNode& node, std::vector<const XmlNode*>& out) {
  for (const XmlNode& child : node.children) {
    if (child.name == "nvpair") out.push_back(&child);
    else CollectNvpairs(child, out);
  }
}

void AddFailCounts(const XmlNode& state, const std::string& uname, ClusterStatusView& view) {
  const XmlNode* transient = state.Child("transient_attributes");
  if (transient == nullptr) return;
  std::vector<const XmlNode*> pairs;
  CollectNvpairs(*transient, pairs);
  std::map<std::pair<std::string, std::string>, int64_t> last_failure;
  for (const XmlNode* p : pairs) {
    std::string rsc, op;
    if (SplitFailName(p->AttrOr("name"), "last-failure-", rsc, op)) {
      last_failure[{rsc, op}] = ToInt64(p->AttrOr("value"));
    }
  }
  for (const XmlNode* p : pairs) {
    std::string rsc, op;
    if (!SplitFailName(p->AttrOr("name"), "fail-count-", rsc, op)) continue;
    auto lf = last_failure.find({rsc, op});
    view.fail_counts.push_back(StatusFailCount{uname, rsc, op, p->AttrOr("value"),
                                               lf == last_failure.end() ? 0 : lf->second});
  }
}

void AddFailedActions(const XmlNode& state, const std::string& uname, ClusterStatusView& view) {
  const XmlNode* lrm = state.Child("lrm");
  const XmlNode* resources = lrm != nullptr ? lrm->Child("lrm_resources") : nullptr;
  if (resources == nullptr) return;
  for (const XmlNode& r : resources->children) {
    if (r.name != "lrm_resource") continue;
    for (const XmlNode& op : r.children) {
      if (op.name != "lrm_rsc_op" || op.AttrOr("id") != r.AttrOr("id") + "_last_failure_0") {
        continue;
      }
      std::string key = op.AttrOr("operation_key");
      if (key.empty()) key = r.AttrOr("id") + "_" + op.AttrOr("operation") + "_" + op.AttrOr("interval", "0");
      view.failed_actions.push_back(StatusFailedAction{
          uname, r.AttrOr("id"), key, static_cast<int>(ToInt64(op.AttrOr("rc-code", "0"))),
          static_cast<int>(ToInt64(op.AttrOr("op-status", "0"))), op.AttrOr("exit-reason"),
          ToInt64(op.AttrOr("last-rc-change", "0"))});
    }
  }
}

std::string RcName(int rc) {
  static const char* const kNames[] = {"ok",           "error",           "invalid parameter",
                                       "unimplemented feature", "insufficient privileges",
                                       "not installed", "not configured", "not running",
                                       "promoted",     "promoted (failed)"};
  return rc >= 0 && rc <= 9 ? kNames[rc] : "unknown";
}

std::string OpStatusName(int status) {
  switch (status) {
    case -1: return "pending";
    case 0: return "complete";
    case 1: return "cancelled";
    case 2: return "timed out";
    case 3: return "not supported";
    case 4: return "error";
    case 5: return "hard error";
    case 6: return "fatal error";
    case 7: return "not installed";
    default: return "status " + std::to_string(status);
  }
}

std::string UtcTime(int64_t epoch_s) {
  if (epoch_s <= 0) return "unknown";
  std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void AddFailures(const XmlNode& status, ClusterStatusView& view) {
  std::map<std::string, std::string> name_of_id;
  for (const StatusNode& n : view.nodes) name_of_id[n.id] = n.name;
  for (const XmlNode& state : status.children) {
    if (state.name != "node_state") continue;
    std::string uname = state.AttrOr("uname", name_of_id[state.AttrOr("id")]);
    AddFailCounts(state, uname, view);
    AddFailedActions(state, uname, view);
  }
  std::sort(view.fail_counts.begin(), view.fail_counts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.node, a.rsc, a.op) < std::tie(b.node, b.rsc, b.op);
  });
  std::sort(view.failed_actions.begin(), view.failed_actions.end(),
            [](const auto& a, const auto& b) { return std::tie(a.node, a.op) < std::tie(b.node, b.op); });
}

std::string RenderFailuresText(const ClusterStatusView& view) {
  std::string out;
  if (!view.fail_counts.empty()) {
    out += "\nMigration Summary:\n";
    std::string node;
    for (const StatusFailCount& f : view.fail_counts) {
      if (f.node != node) out += "  * Node: " + (node = f.node) + ":\n";
      out += "    * " + f.rsc + ": fail-count=" + f.count + " (" + f.op + "), last-failure='" +
             UtcTime(f.last_failure) + "'\n";
    }
  }
  if (!view.failed_actions.empty()) {
    out += "\nFailed Resource Actions:\n";
    for (const StatusFailedAction& a : view.failed_actions) {
      out += "  * " + a.op + " on " + a.node + " '" + RcName(a.rc) + "' (" + std::to_string(a.rc) +
             "): status='" + OpStatusName(a.op_status) + "', exitreason='" + a.exit_reason +
             "', last-rc-change='" + UtcTime(a.last_rc_change) + "'\n";
    }
  }
  return out;
}

std::string RenderFailuresJson(const ClusterStatusView& view) {
  std::ostringstream s;
  JsonWriter w(s);
  w.BeginArray();
  for (const StatusFailCount& f : view.fail_counts) {
    w.BeginObject().Key("node").String(f.node).Key("resource").String(f.rsc).Key("op").String(f.op);
    w.Key("fail_count").String(f.count).Key("last_failure").Int(f.last_failure).EndObject();
  }
  w.EndArray();
  std::string counts = s.str();
  std::ostringstream t;
  JsonWriter a(t);
  a.BeginArray();
  for (const StatusFailedAction& f : view.failed_actions) {
    a.BeginObject().Key("node").String(f.node).Key("resource").String(f.rsc).Key("op").String(f.op);
    a.Key("rc").Int(f.rc).Key("rc_text").String(RcName(f.rc)).Key("op_status").Int(f.op_status);
    a.Key("op_status_text").String(OpStatusName(f.op_status)).Key("exit_reason").String(f.exit_reason);
    a.Key("last_rc_change").Int(f.last_rc_change).EndObject();
  }
  a.EndArray();
  return ",\"fail_counts\":" + counts + ",\"failed_actions\":" + t.str();
}

}  // namespace keel
