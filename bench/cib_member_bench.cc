// cib_member_bench: what a member does per message on a large CIB (issue #21, 16 nodes x 1,000
// resources), offline, on a CIB file (e.g. a lab's /tmp/s13/cib16x1000.xml):
//  1. an action received: the agent request built from a model of the CIB, (a) parsing the
//     whole CIB per action as crmd did, (b) with CibModel after a status change;
//  2. status patches: N node_state_patch messages (one lrm_resource each, nodes in turn)
//     delivered to a CibMember;
//  3. one save of the CIB as crmd does it (the loop streams the text and its digest into a
//     temp file; the writer thread: fsync, rename), against serializing it into one string as
//     the loop did before; the time on each side and the peak RSS each adds.
// Usage: cib_member_bench CIB.xml [--patches N] [--dir DIR]

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "crmd/cib/cib_document.h"
#include "crmd/cib/cib_file.h"
#include "crmd/cib/cib_member.h"
#include "crmd/cib/cib_model.h"
#include "crmd/cib/node_state_patch.h"
#include "crmd/controller/controller_messages.h"
#include "crmd/protocol/bus_messages.h"
#include "xml/cib_parse.h"
#include "xml/cib_store.h"
#include "xml/sha256.h"

namespace keel {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// "median M (min N)" of `ms`.
std::string MedianMin(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  char text[64];
  std::snprintf(text, sizeof text, "median %.1f (min %.1f)", ms[ms.size() / 2], ms.front());
  return text;
}

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), -1 when unreadable.
long StatusKb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Restarts the peak RSS (VmHWM) from the current RSS (Linux 4.0+); returns the current RSS.
long ResetPeakRssKb() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
  return StatusKb("VmRSS");
}

// The node_state of `node` with the history of its `k`th lrm_resource changed (a new call).
std::optional<NodeStatePatch> PatchFor(const XmlNode& cib, int node, int k, int call) {
  const XmlNode* state = FindNodeState(cib, std::to_string(node));
  if (state == nullptr) return std::nullopt;
  XmlNode after = *state;
  XmlNode* lrm = nullptr;
  for (XmlNode& c : after.children) {
    if (c.name == "lrm") lrm = &c;
  }
  if (lrm == nullptr || lrm->children.empty()) return std::nullopt;
  XmlNode& resources = lrm->children.front();
  if (resources.children.empty()) return std::nullopt;
  XmlNode& rsc = resources.children[k % resources.children.size()];
  if (rsc.children.empty()) return std::nullopt;
  rsc.children.front().SetAttr("call-id", std::to_string(call));
  return DiffNodeState(*state, after);
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: cib_member_bench CIB.xml [--patches N] [--dir DIR]\n";
    return 2;
  }
  int patches = 1000;
  std::string dir = "/tmp/cib_member_bench";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--patches") patches = std::stoi(argv[i + 1]);
    if (flag == "--dir") dir = argv[i + 1];
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  auto cib = ParseCibDocument(text.str(), argv[1]);
  if (!cib) {
    std::cerr << cib.error().ToString() << "\n";
    return 1;
  }
  std::printf("CIB: %zu bytes\n", text.str().size());
  ActionMessage action{"", "n2", "monitor", "d500", 0, 20000};

  // 1a. The whole CIB parsed per action.
  int rounds = 10;
  auto start = Clock::now();
  for (int i = 0; i < rounds; ++i) {
    auto parsed = CibFromXml(*cib, "cib");
    if (!parsed || !BuildRequest(parsed->cib, action)) return 1;
  }
  std::printf("action, whole CIB parsed: %.2f ms each (%d)\n", MsSince(start) / rounds, rounds);
  // 1b. CibModel: the configuration parsed once; the status (without history) after each change.
  CibModel model;
  start = Clock::now();
  if (!model.Get(*cib, 0, 0)) return 1;
  std::printf("action, CibModel first call (configuration parse): %.2f ms\n", MsSince(start));
  rounds = 1000;
  start = Clock::now();
  for (int i = 1; i <= rounds; ++i) {
    auto m = model.Get(*cib, 0, i);
    if (!m || !BuildRequest(**m, action)) return 1;
  }
  std::printf("action, CibModel after a status change: %.3f ms each (%d)\n",
              MsSince(start) / rounds, rounds);

  // 2. Status patches delivered to a member that adopted this CIB (a one-node sync).
  CibMember member(1, *cib, nullptr, [](NodeId id) { return "n" + std::to_string(id); });
  Effects announce = member.OnMembership({1});
  Effects sync = member.OnDeliver(1, announce.sends.at(0));  // it is the sync source
  member.OnDeliver(1, sync.sends.at(0));
  if (member.syncing()) {
    std::cerr << "the member did not leave syncing\n";
    return 1;
  }
  std::vector<std::pair<NodeId, std::string>> messages;
  for (int i = 0; i < patches; ++i) {
    int node = 1 + i % 16;
    auto patch = PatchFor(member.cib(), node, i / 16, 100000 + i);
    if (!patch) continue;
    messages.emplace_back(
        node, Encode(NodeStatePatchMessage{SerializeXml(patch->changed, false), patch->removed}));
  }
  start = Clock::now();
  for (const auto& [from, payload] : messages) {
    Effects e = member.OnDeliver(from, payload);
    if (!e.persist) std::cerr << "patch not applied: " << (e.logs.empty() ? "" : e.logs[0]) << "\n";
  }
  double ms = MsSince(start);
  std::printf("status patches: %zu in %.1f ms, %.3f ms each\n", messages.size(), ms,
              messages.empty() ? 0.0 : ms / messages.size());

  // 3. A save as crmd does it: the loop streams the text into a temp file (stage), the writer
  // thread makes it durable (commit); against what the loop did before, the whole text
  // serialized into one string. First the peak RSS each adds, then their times, interleaved.
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto file = CibFile::Open(dir);
  if (!file) return 1;
  long rss_before = ResetPeakRssKb();
  {
    auto staged = (*file)->Stage(member.cib());
    if (!staged || !(*file)->Commit(std::move(*staged))) return 1;
  }
  const long stream_peak = StatusKb("VmHWM") - rss_before;
  rss_before = ResetPeakRssKb();
  std::size_t string_bytes = SerializeXml(member.cib(), true, kCibSealBytes).size();
  const long string_peak = StatusKb("VmHWM") - rss_before;
  std::vector<double> stage_ms, commit_ms, string_ms;
  std::size_t file_bytes = 0;
  for (int i = 0; i < 9; ++i) {
    start = Clock::now();
    auto staged = (*file)->Stage(member.cib());
    if (!staged) return 1;
    stage_ms.push_back(MsSince(start));
    start = Clock::now();
    auto bytes = (*file)->Commit(std::move(*staged));
    if (!bytes) return 1;
    commit_ms.push_back(MsSince(start));
    file_bytes = *bytes;
    start = Clock::now();
    string_bytes = SerializeXml(member.cib(), true, kCibSealBytes).size();
    string_ms.push_back(MsSince(start));
  }
  std::printf(
      "save, streamed to the file on the loop: %s ms, peak RSS +%ld kB (%zu bytes; SHA-256 %s)\n",
      MedianMin(stage_ms).c_str(), stream_peak, file_bytes,
      Sha256UsesCpuExtensions() ? "with the CPU's SHA extensions" : "portable");
  std::printf("save, committed by the writer thread (fsync, rename, fsync): %s ms\n",
              MedianMin(commit_ms).c_str());
  if (Sha256UsesCpuExtensions()) {  // what a CPU without them would take
    UseSha256CpuExtensions(false);
    std::vector<double> portable_ms;
    for (int i = 0; i < 5; ++i) {
      start = Clock::now();
      if (!(*file)->Stage(member.cib())) return 1;  // dropped: its file is removed
      portable_ms.push_back(MsSince(start));
    }
    UseSha256CpuExtensions(true);
    std::printf("save, streamed with the portable SHA-256: %s ms\n",
                MedianMin(portable_ms).c_str());
  }
  std::printf(
      "before, serialized into one string on the loop: %s ms, peak RSS +%ld kB (%zu bytes)\n",
      MedianMin(string_ms).c_str(), string_peak, string_bytes);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace keel

int main(int argc, char** argv) { return keel::Main(argc, argv); }
