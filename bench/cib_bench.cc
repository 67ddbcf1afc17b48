// CIB parse+validate and serialize times on a generated large CIB: 1,000 primitives,
// 16 nodes, one lrm_rsc_op per resource per node (16,000). Prints medians and peak memory.
// Usage: cib_bench [runs]   (default 9)

#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace {

constexpr int kNodes = 16;
constexpr int kResources = 1000;

std::string Rsc(int i) { return "rsc" + std::to_string(i); }
std::string NodeName(int n) { return "node" + std::to_string(n); }

std::string Configuration() {
  std::string out = "<configuration>\n<crm_config><cluster_property_set id=\"opts\">"
                    "<nvpair id=\"opts-nqp\" name=\"no-quorum-policy\" value=\"stop\"/>"
                    "<nvpair id=\"opts-fe\" name=\"fencing-enabled\" value=\"false\"/>"
                    "</cluster_property_set></crm_config>\n<nodes>\n";
  for (int n = 1; n <= kNodes; ++n) {
    out += "<node id=\"" + std::to_string(n) + "\" uname=\"" + NodeName(n) + "\"/>\n";
  }
  out += "</nodes>\n<resources>\n";
  for (int i = 0; i < kResources; ++i) {
    std::string id = Rsc(i);
    out += "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
           "<instance_attributes id=\"" + id + "-p\"><nvpair id=\"" + id +
           "-state\" name=\"state\" value=\"/run/" + id + "\"/></instance_attributes>"
           "<operations><op id=\"" + id + "-mon\" name=\"monitor\" interval=\"10s\" "
           "timeout=\"20s\"/></operations></primitive>\n";
  }
  out += "</resources>\n<constraints>\n";
  for (int i = 0; i < kResources; ++i) {
    out += "<rsc_location id=\"loc" + std::to_string(i) + "\" rsc=\"" + Rsc(i) + "\" node=\"" +
           NodeName(i % kNodes + 1) + "\" score=\"100\"/>\n";
  }
  for (int i = 1; i < kResources; i += 2) {
    out += "<rsc_order id=\"ord" + std::to_string(i) + "\" first=\"" + Rsc(i - 1) +
           "\" then=\"" + Rsc(i) + "\" kind=\"Mandatory\"/>\n";
  }
  return out + "</constraints>\n</configuration>\n";
}

std::string Status() {
  std::string out = "<status>\n";
  for (int n = 1; n <= kNodes; ++n) {
    std::string node = NodeName(n);
    out += "<node_state id=\"" + std::to_string(n) + "\" uname=\"" + node +
           "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">"
           "<lrm id=\"" + std::to_string(n) + "\"><lrm_resources>\n";
    for (int i = 0; i < kResources; ++i) {
      std::string id = Rsc(i);
      const bool here = i % kNodes + 1 == n;
      std::string op = here ? "monitor" : "monitor";
      out += "<lrm_resource id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
             "<lrm_rsc_op id=\"" + id + "_last_0\" operation_key=\"" + id +
             (here ? "_start_0\" operation=\"start\"" : "_monitor_0\" operation=\"monitor\"") +
             " crm_feature_set=\"3.19.0\" transition-key=\"1:2:0:6e5c1b1a\" "
             "transition-magic=\"0:" + (here ? "0" : "7") + ";1:2:0:6e5c1b1a\" on_node=\"" + node +
             "\" call-id=\"" + std::to_string(i + 1) + "\" rc-code=\"" + (here ? "0" : "7") +
             "\" op-status=\"0\" interval=\"0\" last-rc-change=\"1700000000\" exec-time=\"12\" "
             "queue-time=\"0\" op-digest=\"0123456789abcdef0123456789abcdef\"/></lrm_resource>\n";
    }
    out += "</lrm_resources></lrm></node_state>\n";
  }
  return out + "</status>\n";
}

struct Timing {
  double wall_ms;  // median wall-clock time
  double cpu_ms;   // median CPU time of this process: less disturbed by a busy machine
};

double CpuNowMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// `body` is timed; `reset` runs before each timed call, untimed (it frees the last result, so
// that freeing is not counted as parsing).
Timing Median(int runs, const std::function<void()>& body,
              const std::function<void()>& reset = [] {}) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    reset();
    auto start = std::chrono::steady_clock::now();
    double cpu_start = CpuNowMs();
    body();
    cpu.push_back(CpuNowMs() - cpu_start);
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    wall.push_back(took.count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// A "VmRSS:"-style line of /proc/self/status, in MiB; 0 when unreadable.
double ProcStatusMiB(std::string_view key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key)) return std::atof(line.c_str() + key.size()) / 1024.0;
  }
  return 0;
}

void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double PeakRssMiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  const std::string text = "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" "
                           "validate-with=\"pacemaker-3.9\">\n" +
                           Configuration() + Status() + "</cib>\n";
  // Peak memory of one ParseCib: give freed heap back to the kernel, reset the high-water
  // mark, parse, and read the mark again (Linux: /proc/self/clear_refs, VmHWM).
  malloc_trim(0);
  ResetPeakRss();
  const double rss_before = ProcStatusMiB("VmRSS:");
  auto first = keel::ParseCib(text, "bench.xml");
  const double parse_peak = ProcStatusMiB("VmHWM:") - rss_before;
  if (!first) {
    std::fprintf(stderr, "generated CIB does not parse:\n%s",
                 keel::JoinErrors(first.error()).c_str());
    return 1;
  }
  size_t ops = 0;
  for (const auto& state : first->cib.status.node_states) {
    for (const auto& rsc : state.lrm_resources) ops += rsc.ops.size();
  }
  const keel::Cib cib = first->cib;
  std::optional<std::expected<keel::XmlNode, keel::Error>> tree;
  Timing xml = Median(
      runs, [&] { tree = keel::ParseXml(text, "bench.xml"); }, [&] { tree.reset(); });
  tree.reset();
  std::optional<std::expected<keel::ParsedCib, keel::Errors>> result;
  Timing parse = Median(
      runs, [&] { result = keel::ParseCib(text, "bench.xml"); }, [&] { result.reset(); });
  result.reset();
  Timing validate = Median(runs, [&] { (void)keel::ValidateCib(cib, "bench.xml"); });
  size_t written_bytes = 0;
  Timing write = Median(runs, [&] { written_bytes = keel::SerializeCib(cib).size(); });
  std::printf("cib_bench: %d nodes, %zu resources, %zu lrm_rsc_op, %zu bytes of XML, %d runs\n",
              kNodes, first->cib.configuration.resources.size(), ops, text.size(), runs);
  std::printf("  medians                     wall ms    cpu ms\n");
  std::printf("  ParseCib (parse+validate)  %8.2f  %8.2f   (target < 50 ms)\n", parse.wall_ms,
              parse.cpu_ms);
  std::printf("    of which ParseXml        %8.2f  %8.2f\n", xml.wall_ms, xml.cpu_ms);
  std::printf("    ValidateCib alone        %8.2f  %8.2f\n", validate.wall_ms, validate.cpu_ms);
  std::printf("  SerializeCib               %8.2f  %8.2f   (%zu bytes)\n", write.wall_ms,
              write.cpu_ms, written_bytes);
  std::printf("  ParseCib peak memory       %8.1f MiB   (one call, above the %.1f MiB before it)\n",
              parse_peak, rss_before);
  std::printf("  process peak (ru_maxrss)   %8.1f MiB   (bench also keeps two models and a tree)\n",
              PeakRssMiB());
  return 0;
}
