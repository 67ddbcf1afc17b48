#include "agents/ipvsadm_commands.h"

#include <algorithm>

namespace keel {
namespace {

CommandLine Service(const IpvsConfig& config, const std::string& op) {
  return {"ipvsadm", op, config.protocol == "udp" ? "-u" : "-t",
          FormatEndpoint(config.vip, config.port)};
}

std::string ForwardingFlag(Forwarding forwarding) {
  switch (forwarding) {
    case Forwarding::kDirect: return "-g";
    case Forwarding::kTunnel: return "-i";
    case Forwarding::kNat: break;
  }
  return "-m";
}

CommandLine DestinationCommand(const IpvsConfig& config, const std::string& op,
                               const Destination& d) {
  CommandLine argv = Service(config, op);
  argv.insert(argv.end(), {"-r", FormatEndpoint(d.ip, d.port)});
  if (op != "-d") {
    argv.insert(argv.end(), {ForwardingFlag(config.forwarding), "-w", std::to_string(d.weight)});
  }
  return argv;
}

const Destination* FindSame(const std::vector<Destination>& list,
                                  const Destination& d) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Destination& other) {
    return other.ip == d.ip && other.port == d.port;
  });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace

std::vector<CommandLine> IpvsadmCreate(const IpvsConfig& config,
                                       const std::vector<Destination>& destinations) {
  CommandLine create = Service(config, "-A");
  create.insert(create.end(), {"-s", config.scheduler});
  if (config.persistence_timeout_s > 0) {
    create.insert(create.end(), {"-p", std::to_string(config.persistence_timeout_s)});
  }
  std::vector<CommandLine> commands{create};
  for (const Destination& d : destinations) commands.push_back(DestinationCommand(config, "-a", d));
  return commands;
}

std::vector<CommandLine> IpvsadmUpdate(const IpvsConfig& config,
                                       const std::vector<Destination>& before,
                                       const std::vector<Destination>& after) {
  std::vector<CommandLine> commands;
  for (const Destination& d : before) {
    if (FindSame(after, d) == nullptr) commands.push_back(DestinationCommand(config, "-d", d));
  }
  for (const Destination& d : after) {
    const Destination* old = FindSame(before, d);
    if (old == nullptr) commands.push_back(DestinationCommand(config, "-a", d));
    else if (old->weight != d.weight) commands.push_back(DestinationCommand(config, "-e", d));
  }
  return commands;
}

std::vector<CommandLine> IpvsadmDelete(const IpvsConfig& config) {
  return {Service(config, "-D")};
}

std::string FormatCommandLine(const CommandLine& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    out += arg;
  }
  return out;
}

}  // namespace keel
