#pragma once
// StonithAgents for unit tests: the test says which devices are active here and what each
// device's monitor command is (or why there is none).

#include <map>
#include <set>
#include <string>

#include "crmd/executor/stonith_agents.h"

namespace keel {

class FakeStonithAgents : public StonithAgents {
 public:
  bool DeviceActive(const std::string& rsc) const override { return active.contains(rsc); }
  std::expected<StonithCommand, Error> MonitorCommand(const std::string& rsc) const override {
    auto it = commands.find(rsc);
    if (it == commands.end()) {
      return std::unexpected(Error{ErrorCode::kNotFound, "no fence device " + rsc, rsc});
    }
    return it->second;
  }

  std::set<std::string> active;
  std::map<std::string, StonithCommand> commands;
};

}  // namespace keel
