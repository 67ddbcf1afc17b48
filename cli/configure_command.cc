// One-shot commands: crm configure ..., crm resource ..., crm node ...
#include <iostream>

#include "cli/command.h"
#include "cli/configure_session.h"
#include "cli/crm_lexer.h"
#include "cli/edit_and_commit.h"
#include "cli/resource_ops.h"

namespace keel {

namespace {

// Leading --force / -F; the rest is the command line.
bool TakeForce(CommandArgs& args) {
  bool force = false;
  while (!args.empty() && (args[0] == "--force" || args[0] == "-F")) {
    force = true;
    args.erase(args.begin());
  }
  return force;
}

std::string JoinAsCrm(const CommandArgs& args) {
  std::string line;
  for (const std::string& a : args) {
    if (!line.empty()) line += ' ';
    line += QuoteCrmValue(a);
  }
  return line;
}

}  // namespace

int RunConfigureCommand(const CommandArgs& raw, std::ostream& out, std::ostream& err) {
  CommandArgs args = raw;
  bool force = TakeForce(args);
  if (args.empty()) return RunShell("configure", force, out, err);
  std::string line = JoinAsCrm(args);
  if (args.size() == 1 && args[0] == "verify") {
    // Exit 2 (errors) also when the CIB itself cannot be read: invalid, truncated, missing.
    ConfigureSession session(MakeDefaultCibClient(), SessionOptions{});
    if (auto loaded = session.Load(); !loaded) {
      PrintErrors({loaded.error()}, err);
      return 2;
    }
    return session.Execute(line, out, err);
  }
  return EditAndCommit(force, out, err,
                       [&](ConfigureSession& session) { return session.Execute(line, out, err); });
}

int RunResourceCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] != "start" && args[0] != "stop" && args[0] != "show") {
    return RunResourceOpsCommand(args, out, err);
  }
  if (args.size() != 2) {
    err << "usage: crm resource start|stop|show RSC (see 'crm help resource')\n";
    return 2;
  }
  if (args[0] == "show") return RunConfigureCommand({"show", args[1]}, out, err);
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    auto ok =
        SetResourceMeta(next, args[1], "target-role", args[0] == "start" ? "Started" : "Stopped");
    if (!ok) {
      PrintErrors({ok.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  });
}

int RunNodeCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "fence") return RunNodeFenceCommand(args, out, err);
  if (!args.empty() && (args[0] == "list" || args[0] == "show")) {
    return RunNodeShowCommand(args, out, err);
  }
  if (args.size() != 2 || (args[0] != "standby" && args[0] != "online")) {
    err << "usage: crm node standby|online NODE | crm node fence NODE [reboot|off|on] | "
           "crm node list|show [NODE] [--json]\n";
    return 2;
  }
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    auto set = SetNodeAttribute(next, args[1], "standby", args[0] == "standby" ? "on" : "off",
                                ClusterNodeNames(next, session.Base().status));
    if (!set) {
      PrintErrors({set.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  });
}

}  // namespace keel
