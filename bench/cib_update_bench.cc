// cib_update_bench: on a 3-node lab cluster (lab/lab.sh, real corosync; needs root), measures
//  1. CIB update latency: from a client's Commit (IPC on node 2, as `crm configure load
//     update` does) until the change is applied on all 3 nodes (each crmd logs the apply
//     with a microsecond wall-clock stamp), for N updates: median, p99, max; plus the
//     client's acknowledgement latency;
//  2. DC takeover: the DC's node is crashed (link cut, corosync and crmd SIGKILLed) R times;
//     from corosync's "A new membership" log line on the new DC's node to that crmd logging
//     "dc: ... elected" and "dc: ... acting" (CIB synced).
// Usage: cib_update_bench [--updates N] [--rounds R] [--lab PATH] [--crmd PATH]

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cib_client.h"

namespace {

using Micros = int64_t;

Micros NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Config {
  int updates = 200;
  int rounds = 5;
  std::string lab = "lab/lab.sh";
  std::string crmd;
  std::string name = "kbench" + std::to_string(getpid() % 100000);
  std::string dir;
};

int Sh(const Config& c, const std::string& args) {
  std::string cmd = "LAB_NAME=" + c.name + " LAB_DIR=" + c.dir + " LAB_CRMD=" + c.crmd + " " + c.lab + " " +
                    args + " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "2026-11-24T05:45:58.852861Z ..." (crmd, UTC) -> microseconds since the epoch.
std::optional<Micros> CrmdStamp(const std::string& line) {
  tm t{};
  int us = 0;
  if (std::sscanf(line.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6dZ", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
                  &t.tm_min, &t.tm_sec, &us) != 7) {
    return std::nullopt;
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<Micros>(timegm(&t)) * 1000000 + us;
}

// "Nov 24 05:45:57.588 [1440] ..." (corosync hires, local time, no year) -> microseconds.
std::optional<Micros> CorosyncStamp(const std::string& line) {
  char mon[4] = {};
  tm t{};
  int ms = 0;
  if (std::sscanf(line.c_str(), "%3s %d %d:%d:%d.%d", mon, &t.tm_mday, &t.tm_hour, &t.tm_min, &t.tm_sec, &ms) != 6) {
    return std::nullopt;
  }
  static const std::string kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  size_t m = kMonths.find(mon);
  if (m == std::string::npos) return std::nullopt;
  time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  t.tm_year = local.tm_year;
  t.tm_mon = static_cast<int>(m / 3);
  t.tm_isdst = -1;
  return static_cast<Micros>(mktime(&t)) * 1000000 + ms * 1000;
}

std::string CibWith(int i) {
  std::string xml = "<cib admin_epoch=\"0\" epoch=\"0\" num_updates=\"0\"><configuration><crm_config/><nodes/><resources>";
  for (int k = 0; k < 5; ++k) {
    xml += "<primitive id=\"r" + std::to_string(k) + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
           "<operations><op id=\"r" + std::to_string(k) + "-mon\" name=\"monitor\" interval=\"10s\"/></operations>"
           "</primitive>";
  }
  xml += "<primitive id=\"bench" + std::to_string(i) + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";
  return xml + "</resources><constraints/></configuration><status/></cib>";
}

bool EnterNode(const Config& c, int k) {
  std::string d = c.dir + "/n" + std::to_string(k);
  std::string net = "/run/netns/" + c.name + "-n" + std::to_string(k);
  // Open every namespace file first: once inside the node's mount namespace they are gone.
  std::vector<std::pair<int, int>> fds;
  for (auto [path, type] : {std::pair{d + "/ns.mnt", CLONE_NEWNS}, std::pair{d + "/ns.uts", CLONE_NEWUTS},
                            std::pair{net, CLONE_NEWNET}}) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::perror(("open " + path).c_str());
      return false;
    }
    fds.emplace_back(fd, type);
  }
  for (auto [fd, type] : fds) {
    if (setns(fd, type) != 0) {
      std::perror("setns");
      return false;
    }
    close(fd);
  }
  return true;
}

// In a child inside node 2: N commits, one after the other; writes "epoch t0 t_ack" lines.
int RunUpdates(const Config& c, const std::string& out_path) {
  if (!EnterNode(c, 2)) return 1;
  auto client = keel::MakeIpcCibClient("keel-crmd");
  std::ofstream out(out_path);
  for (int i = 0; i < c.updates; ++i) {
    std::string xml = CibWith(i);
    Micros t0 = NowMicros();
    auto v = client->Commit(xml, std::nullopt);
    Micros t1 = NowMicros();
    if (!v) {
      std::cerr << "commit " << i << " failed: " << v.error().ToString() << "\n";
      return 1;
    }
    out << v->epoch << " " << t0 << " " << t1 << "\n";
  }
  return 0;
}

double Ms(Micros us) { return static_cast<double>(us) / 1000.0; }

void Report(const std::string& what, std::vector<Micros> v) {
  if (v.empty()) {
    std::printf("%-40s no samples\n", what.c_str());
    return;
  }
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) { return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))]; };
  std::printf("%-40s n=%zu median=%.2f ms p99=%.2f ms min=%.2f ms max=%.2f ms\n", what.c_str(), v.size(),
              Ms(pct(0.5)), Ms(pct(0.99)), Ms(v.front()), Ms(v.back()));
}

bool WaitForLog(const std::string& path, const std::string& needle, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    for (const std::string& l : ReadLines(path)) {
      if (l.find(needle) != std::string::npos) return true;
    }
    usleep(100000);
  }
  return false;
}

int BenchUpdates(const Config& c) {
  std::string out = c.dir + "/updates.txt";
  pid_t child = fork();
  if (child == 0) _exit(RunUpdates(c, out));
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  usleep(200000);  // let the last apply reach every log
  std::map<int64_t, std::vector<Micros>> applied;  // epoch -> apply time per node
  std::regex re("cib: applied change from \\S+, now \\d+\\.(\\d+)\\.\\d+");
  for (int k = 1; k <= 3; ++k) {
    for (const std::string& l : ReadLines(c.dir + "/n" + std::to_string(k) + "/log/crmd.log")) {
      std::smatch m;
      auto t = CrmdStamp(l);
      if (t && std::regex_search(l, m, re)) applied[std::stoll(m[1])].push_back(*t);
    }
  }
  std::vector<Micros> visible, acked;
  std::ifstream in(out);
  int64_t epoch;
  Micros t0, t1;
  while (in >> epoch >> t0 >> t1) {
    acked.push_back(t1 - t0);
    auto it = applied.find(epoch);
    if (it == applied.end() || it->second.size() != 3) {
      std::cerr << "epoch " << epoch << " applied on " << (it == applied.end() ? 0 : it->second.size())
                << " nodes\n";
      continue;
    }
    visible.push_back(*std::max_element(it->second.begin(), it->second.end()) - t0);
  }
  Report("update visible on all 3 nodes", visible);
  Report("update acknowledged to the client", acked);
  return visible.size() == static_cast<size_t>(c.updates) ? 0 : 1;
}

// Crashes n1 (the DC) and measures n2's takeover; then brings n1 back (it becomes DC again).
std::optional<std::pair<Micros, Micros>> TakeoverRound(const Config& c, int round) {
  std::string n2 = c.dir + "/n2/log/";
  size_t coro_before = ReadLines(n2 + "corosync.log").size();
  size_t crmd_before = ReadLines(n2 + "crmd.log").size();
  Sh(c, "cut 1");
  Sh(c, "kill 1 crmd KILL");
  Sh(c, "kill 1 corosync KILL");
  if (!WaitForLog(n2 + "crmd.log", "dc: n2 acting", 15)) return std::nullopt;
  std::optional<Micros> membership, elected, acting;
  auto coro = ReadLines(n2 + "corosync.log");
  for (size_t i = coro_before; i < coro.size(); ++i) {
    if (coro[i].find("A new membership") != std::string::npos && coro[i].find("Members left: 1") != std::string::npos) {
      membership = CorosyncStamp(coro[i]);
    }
  }
  auto crmd = ReadLines(n2 + "crmd.log");
  for (size_t i = crmd_before; i < crmd.size(); ++i) {
    if (!elected && crmd[i].find("dc: n2 elected") != std::string::npos) elected = CrmdStamp(crmd[i]);
    if (!acting && crmd[i].find("dc: n2 acting") != std::string::npos) acting = CrmdStamp(crmd[i]);
  }
  // Reboot n1: heal, start corosync and crmd, wait until it is DC again.
  Sh(c, "heal 1");
  Sh(c, "start 1 corosync");
  Sh(c, "wait-quorate 1 30");
  Sh(c, "start 1 crmd");
  std::string n1 = c.dir + "/n1/log/crmd.log";
  for (int i = 0; i < 200; ++i) {
    auto lines = ReadLines(n1);
    if (std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.find("dc: n1 acting (CIB") != std::string::npos && l.find("[1,2,3]") != std::string::npos;
        }) > round) {
      break;
    }
    usleep(100000);
  }
  if (!membership || !elected || !acting) return std::nullopt;
  return std::pair{*elected - *membership, *acting - *membership};
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  std::string self = argv[0];
  c.crmd = self.substr(0, self.rfind('/') + 1) + "../crmd/crmd";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--updates") c.updates = std::max(1, std::atoi(v.c_str()));
    else if (a == "--rounds") c.rounds = std::max(0, std::atoi(v.c_str()));
    else if (a == "--lab") c.lab = v;
    else if (a == "--crmd") c.crmd = v;
    else { std::cerr << "usage: cib_update_bench [--updates N] [--rounds R] [--lab PATH] [--crmd PATH]\n"; return 2; }
  }
  if (char* real = realpath(c.crmd.c_str(), nullptr)) {
    c.crmd = real;
    free(real);
  }
  if (geteuid() != 0) {
    std::cerr << "cib_update_bench: needs root (network namespaces)\n";
    return 2;
  }
  c.dir = "/tmp/keel-lab/" + c.name;
  if (Sh(c, "up") != 0 || Sh(c, "wait-quorate 1 30") != 0) {
    std::cerr << "cib_update_bench: lab up failed\n";
    Sh(c, "down");
    return 1;
  }
  if (!WaitForLog(c.dir + "/n1/log/crmd.log", "dc: n1 acting (CIB", 20)) {
    std::cerr << "cib_update_bench: no DC\n";
    Sh(c, "down");
    return 1;
  }
  usleep(300000);
  std::printf("cib_update_bench: 3 nodes, corosync knet token 1000 ms, %d updates, %d takeovers\n", c.updates,
              c.rounds);
  int rc = BenchUpdates(c);
  std::vector<Micros> elected, acting;
  for (int r = 0; r < c.rounds; ++r) {
    auto t = TakeoverRound(c, r + 1);
    if (!t) {
      std::cerr << "takeover round " << r + 1 << ": not measured\n";
      rc = 1;
      continue;
    }
    elected.push_back(t->first);
    acting.push_back(t->second);
  }
  Report("DC takeover: membership -> new DC elected", elected);
  Report("DC takeover: membership -> new DC acting", acting);
  Sh(c, "down");
  std::error_code ignored;  // a leftover directory in /tmp is harmless
  std::filesystem::remove_all(c.dir, ignored);
  return rc;
}
