// keel-fence: runs the fencer on this machine against a CIB file, for the lab and for
// debugging fence devices. Every agent run happens locally (the chosen executor node is only
// reported); the fencing history is printed as XML.
//
//   keel-fence --cib FILE --target NODE [--action reboot|off|on]
//              [--members n1:1,n2:2,...] [--agent-dir DIR] [--history FILE]
//   keel-fence --metadata AGENT [--agent-dir DIR]
// Exit: 0 fenced, 1 fencing failed, 2 usage or configuration error.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "fencing/fencer.h"
#include "fencing/local_agent.h"
#include "fencing/posix_agent_runner.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

FenceClock Now() {
  return FenceClock{WallMs(), std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count()};
}

std::vector<FenceMember> ParseMembers(const std::string& text) {
  std::vector<FenceMember> members;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos) continue;
    members.push_back(FenceMember{item.substr(0, colon),
                                  static_cast<uint32_t>(std::stoul(item.substr(colon + 1)))});
  }
  return members;
}

int Metadata(const std::string& agent, const std::string& dir) {
  PosixAgentRunner runner;
  auto metadata = QueryFenceMetadata(runner, dir, agent, 20000);
  if (!metadata) {
    std::cerr << metadata.error().ToString() << "\n";
    return 1;
  }
  std::cout << metadata->name << ": " << metadata->shortdesc << "\nparameters:";
  for (const auto& parameter : metadata->parameters) {
    std::cout << " " << parameter.name << (parameter.required ? "*" : "");
  }
  std::cout << "\nactions:";
  for (const auto& action : metadata->actions) std::cout << " " << action;
  std::cout << "\n";
  return 0;
}

// Performs the fencer's effects with the real runner until the outcome (bounded).
int Fence(Fencer& fencer, const FenceRequest& request, const std::string& dir) {
  PosixAgentRunner runner;
  if (auto id = fencer.Request(request, Now()); !id) {
    std::cerr << id.error().ToString() << "\n";
    return 2;
  }
  for (int round = 0; round < 1000; ++round) {
    auto effects = fencer.TakeEffects();
    if (effects.empty()) break;
    for (FencerEffect& effect : effects) {
      if (auto* outcome = std::get_if<FenceOutcome>(&effect)) {
        std::cout << outcome->target << " " << FenceActionName(outcome->action) << ": "
                  << (outcome->success ? "success (executor " + outcome->executor + ")"
                                       : "FAILED: " + outcome->reason)
                  << "\n";
        return outcome->success ? 0 : 1;
      }
      if (auto* run = std::get_if<RunAgentEffect>(&effect)) {
        const int64_t start = WallMs();
        const AgentExit exit = RunAgentLocally(runner, dir, *run);
        const AgentVerdict verdict = JudgeAgentExit(run->action, exit);
        std::cout << "run " << run->run_id << " (for " << run->node << "): " << run->device << " "
                  << FenceActionName(run->action) << " -> " << (verdict.ok ? "ok" : verdict.reason)
                  << " (" << WallMs() - start << " ms)\n";
        fencer.AgentDone(run->run_id, exit, Now());
      }
    }
  }
  std::cerr << "the fencer produced no outcome\n";
  return 1;
}

int Main(std::map<std::string, std::string> args) {
  const std::string dir =
      args.contains("agent-dir") ? args["agent-dir"] : std::string(kDefaultFenceAgentDir);
  if (args.contains("metadata")) return Metadata(args["metadata"], dir);
  if (!args.contains("cib") || !args.contains("target")) {
    std::cerr << "usage: keel-fence --cib FILE --target NODE [--action reboot|off|on] "
                 "[--members n1:1,...] [--agent-dir DIR] [--history FILE]\n"
                 "       keel-fence --metadata AGENT [--agent-dir DIR]\n";
    return 2;
  }
  std::ifstream in(args["cib"]);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseCib(text.str(), args["cib"]);
  if (!in || !parsed) {
    std::cerr << (parsed ? args["cib"] + ": cannot read" : JoinErrors(parsed.error())) << "\n";
    return 2;
  }
  auto config = FencerConfigFromCib(parsed->cib.configuration, args["cib"]);
  if (!config) {
    std::cerr << JoinErrors(config.error()) << "\n";
    return 2;
  }
  Fencer fencer(std::move(*config), "keel-fence");
  fencer.SetMembers(ParseMembers(args.contains("members") ? args["members"] : "local:1"), Now());
  FenceRequest request{args["target"], std::nullopt, "keel-fence"};
  if (args.contains("action")) {
    request.action = ParseFenceAction(args["action"]);
    if (!request.action) {
      std::cerr << "unknown action " << args["action"] << "\n";
      return 2;
    }
  }
  const int rc = Fence(fencer, request, dir);
  const std::string history = SerializeXml(FenceHistoryToXml(fencer.History()));
  if (args.contains("history"))
    std::ofstream(args["history"]) << history;
  else
    std::cout << history;
  return rc;
}

}  // namespace
}  // namespace keel

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (!key.starts_with("--")) {
      std::cerr << "unexpected argument " << key << "\n";
      return 2;
    }
    args[key.substr(2)] = argv[i + 1];
  }
  if (argc % 2 == 0) {
    std::cerr << "option " << argv[argc - 1] << " needs a value\n";
    return 2;
  }
  return keel::Main(std::move(args));
}
