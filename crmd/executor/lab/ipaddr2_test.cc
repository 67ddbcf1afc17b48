// Lab test (label `lab`, needs root): Debian's unmodified ocf:heartbeat:IPaddr2 run by the
// executor inside a private, anonymous network namespace (unshare(CLONE_NEWNET) of this test
// process; gtest_discover_tests runs each test in its own process, so the namespace and the
// veth pair in it vanish when the test exits). Addresses from 198.18.0.0/15.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "crmd/executor/executor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"
#include "crmd/executor/sync_runner.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIpaddr2 = "/usr/lib/ocf/resource.d/heartbeat/IPaddr2";
constexpr const char* kVip = "198.18.5.10";

// True when `address` (IPv4) is configured on interface `nic`.
bool HasAddress(const std::string& nic, const std::string& address) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  bool found = false;
  for (ifaddrs* ifa = list; ifa != nullptr && !found; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || ifa->ifa_addr->sa_family != AF_INET || nic != ifa->ifa_name) {
      continue;
    }
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ifa->ifa_addr)->sin_addr, text, sizeof text);
    found = address == text;
  }
  freeifaddrs(list);
  return found;
}

class Ipaddr2LabTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    if (access(kIpaddr2, X_OK) != 0) GTEST_SKIP() << "resource-agents not installed";
    ASSERT_EQ(unshare(CLONE_NEWNET), 0) << "unshare(CLONE_NEWNET)";
    // Fixed strings only: this is test setup, not the executor's way of running things.
    ASSERT_EQ(std::system("ip link add kx0 type veth peer name kx1 && ip link set kx0 up && "
                          "ip link set kx1 up && ip link set lo up"),
              0);
    std::string pattern = (fs::temp_directory_path() / "keel-exec-lab-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    config_.rsctmp = dir_.string();
    config_.kill_grace_ms = 1000;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  ActionRequest Request(const std::string& action, int64_t interval_ms = 0) const {
    ActionRequest request;
    request.rsc_id = "vip";
    request.agent = *ParseAgentSpec("ocf:heartbeat:IPaddr2");
    request.action = action;
    request.interval_ms = interval_ms;
    request.timeout_ms = 20000;
    request.params = {{"ip", kVip},
                      {"cidr_netmask", "24"},
                      {"nic", "kx0"},
                      {"arp_bg", "false"},
                      {"arp_count", "1"}};
    return request;
  }

  fs::path dir_;
  ExecutorConfig config_;
};

TEST_F(Ipaddr2LabTest, StartMonitorStop) {
  EXPECT_EQ(RunActionSync(config_, Request("monitor"))->rc, ocf_rc::kNotRunning);  // probe
  auto start = RunActionSync(config_, Request("start"));
  ASSERT_TRUE(start.has_value());
  EXPECT_TRUE(start->Succeeded()) << start->Summary() << "\n" << start->stderr_excerpt;
  EXPECT_TRUE(HasAddress("kx0", kVip));
  EXPECT_EQ(RunActionSync(config_, Request("monitor", 10000))->rc, ocf_rc::kOk);
  EXPECT_TRUE(RunActionSync(config_, Request("stop"))->Succeeded());
  EXPECT_FALSE(HasAddress("kx0", kVip));
  EXPECT_EQ(RunActionSync(config_, Request("monitor", 10000))->rc, ocf_rc::kNotRunning);
}

TEST_F(Ipaddr2LabTest, MetadataNamesTheRequiredIp) {
  auto meta = FetchMetadataSync(config_, *ParseAgentSpec("ocf:heartbeat:IPaddr2"));
  ASSERT_TRUE(meta.has_value()) << meta.error().ToString();
  ASSERT_NE(meta->Parameter("ip"), nullptr);
  EXPECT_TRUE(meta->Parameter("ip")->required);
  EXPECT_TRUE(meta->DefaultTimeoutMs("start").has_value());
}

// The VIP deleted behind the cluster's back is noticed by the recurring monitor.
TEST_F(Ipaddr2LabTest, RecurringMonitorNoticesADeletedAddress) {
  qb_loop_t* qb = qb_loop_create();
  ASSERT_NE(qb, nullptr);
  std::vector<ActionResult> results;
  {
    QbEventLoop loop(qb);
    PosixProcessRunner runner(loop);
    Executor executor(config_, loop, runner, [&](const ActionResult& r) {
      results.push_back(r);
      if (r.action == "start" && r.Succeeded()) {
        ASSERT_TRUE(executor.Submit(Request("monitor", 200)).has_value());
      } else if (r.action == "monitor" && r.rc == ocf_rc::kOk) {
        ASSERT_EQ(std::system("ip addr del 198.18.5.10/24 dev kx0"), 0);
      } else {
        qb_loop_stop(qb);
      }
    });
    ASSERT_TRUE(executor.Submit(Request("start")).has_value());
    loop.AddTimer(30000, [&] { qb_loop_stop(qb); });
    qb_loop_run(qb);
  }
  qb_loop_destroy(qb);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].Succeeded()) << results[0].Summary() << results[0].stderr_excerpt;
  EXPECT_EQ(results[1].rc, ocf_rc::kOk);
  EXPECT_EQ(results[2].action, "monitor");
  EXPECT_EQ(results[2].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(results[2].call_id, results[1].call_id);
  EXPECT_FALSE(HasAddress("kx0", kVip));
}

}  // namespace
}  // namespace keel
