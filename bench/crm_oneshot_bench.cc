// How long a one-shot `crm configure ...` takes, process start to exit, on a CIB file
// (CIB_file). Usage: crm_oneshot_bench [PATH_TO_CRM] [RUNS]. Prints median and p90 per command.
// verify reads every OCF agent's meta-data (the agent checks): measured with an empty
// meta-data cache (the first run after an agent changed) and with a filled one.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

const char* kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration><crm_config/><nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources><primitive id="vip" class="ocf" provider="keel" type="IPaddr">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="198.18.0.10"/>
      </instance_attributes></primitive></resources>
    <constraints/></configuration><status/></cib>
)";

// Runs argv with the environment set up; returns wall milliseconds, or -1 on failure (exit
// codes up to `ok_rc` count as success: verify exits 1 for warnings).
double RunOnce(const std::vector<std::string>& argv, int ok_rc = 0) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
    if (freopen("/dev/null", "w", stderr) == nullptr) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  auto end = std::chrono::steady_clock::now();
  if (!WIFEXITED(status) || WEXITSTATUS(status) > ok_rc) return -1;
  return std::chrono::duration<double, std::milli>(end - start).count();
}

void Report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-44s runs=%zu median=%.2f ms p90=%.2f ms max=%.2f ms\n", what, ms.size(),
              ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  std::string crm = argc > 1 ? argv[1] : "build/cli/crm";
  int runs = argc > 2 ? std::atoi(argv[2]) : 100;
  if (runs < 1 || runs > 100000) runs = 100;
  crm = std::filesystem::absolute(crm).string();
  std::string dir =
      std::filesystem::temp_directory_path() / ("crm-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string cib = dir + "/cib.xml";
  std::ofstream(cib) << kCib;
  setenv("CIB_file", cib.c_str(), 1);
  const std::string cache = dir + "/meta-data-cache";
  setenv("KEEL_METADATA_CACHE", cache.c_str(), 1);
  std::vector<double> define, show, verify_cold, verify_warm;
  for (int i = 0; i < runs; ++i) {
    double ms = RunOnce({crm, "configure", "primitive", "d" + std::to_string(i),
                         "ocf:heartbeat:Dummy", "op", "monitor", "interval=10s"});
    // Without resource-agents installed, measure the same path minus the agent check.
    if (ms < 0)
      ms = RunOnce({crm, "--force", "configure", "primitive", "d" + std::to_string(i),
                    "ocf:heartbeat:Dummy", "op", "monitor", "interval=10s"});
    if (ms < 0) {
      std::fprintf(stderr, "crm failed on run %d\n", i);
      std::filesystem::remove_all(dir);
      return 1;
    }
    define.push_back(ms);
    show.push_back(RunOnce({crm, "configure", "show"}));
    if (i % 10 == 0) {
      std::filesystem::remove_all(cache);
      verify_cold.push_back(RunOnce({crm, "configure", "verify"}, 1));
    }
    verify_warm.push_back(RunOnce({crm, "configure", "verify"}, 1));
  }
  if (std::find(verify_warm.begin(), verify_warm.end(), -1.0) != verify_warm.end() ||
      std::find(verify_cold.begin(), verify_cold.end(), -1.0) != verify_cold.end()) {
    std::fprintf(stderr, "crm configure verify found errors\n");
    std::filesystem::remove_all(dir);
    return 1;
  }
  Report("crm configure primitive ... (commit)", define);
  Report("crm configure show", show);
  Report("crm configure verify (meta-data cached)", verify_warm);
  Report("crm configure verify (empty meta-data cache)", verify_cold);
  std::printf("(CIB grew to %d primitives; target: < 20 ms per one-shot)\n", runs + 1);
  std::filesystem::remove_all(dir);
  return 0;
}
