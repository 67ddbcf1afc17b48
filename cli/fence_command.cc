// `crm fencing history [NODE] [--json] [--verbose]` and `crm node fence NODE [reboot|off|on]`.

#include <charconv>

#include "cli/cib_client.h"
#include "cli/command.h"
#include "cli/fence_view.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "crmd/protocol/ipc_messages.h"
#include "fencing/fence_history_text.h"

namespace keel {

namespace {

constexpr int kDefaultFenceWaitS = 120;

int RunHistory(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  bool json = false, verbose = false;
  std::string target;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--verbose" || args[i] == "-v") {
      verbose = true;
    } else if (!args[i].starts_with("-") && target.empty()) {
      target = args[i];
    } else {
      err << "crm fencing history: unexpected argument '" << args[i]
          << "' (usage: crm fencing history [NODE] [--json] [--verbose])\n";
      return 2;
    }
  }
  auto cib = MakeDefaultCibClient()->Query();
  if (!cib) {
    err << "crm fencing history: " << cib.error().ToString() << "\n";
    return 1;
  }
  auto records = FenceHistoryFromCibText(*cib, target);
  if (!records) {
    err << "crm fencing history: " << records.error().ToString() << "\n";
    return 1;
  }
  if (json) {
    out << FenceHistoryJson(*records);
  } else if (records->empty()) {
    out << "No fencing" << (target.empty() ? "" : " of " + target) << " recorded.\n";
  } else {
    out << FormatFenceHistory(*records, verbose);
  }
  return 0;
}

}  // namespace

int RunFencingCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "history") return RunHistory(args, out, err);
  err << "usage: crm fencing history [NODE] [--json] [--verbose]\n";
  return 2;
}

int RunNodeFenceCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  // args[0] == "fence"
  std::string target, action;
  int wait_s = kDefaultFenceWaitS;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--wait" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), wait_s);
      if (ec != std::errc() || end != v.data() + v.size() || wait_s < 1 || wait_s > 3600) {
        err << "crm node fence: --wait wants seconds from 1 to 3600, not '" << v << "'\n";
        return 2;
      }
    } else if (target.empty() && !a.starts_with("-")) {
      target = a;
    } else if (action.empty() && (a == "reboot" || a == "off" || a == "on")) {
      action = a;
    } else {
      err << "crm node fence: unexpected argument '" << a << "'\n";
      target.clear();
      break;
    }
  }
  if (target.empty()) {
    err << "usage: crm node fence NODE [reboot|off|on] [--wait SECONDS]\n";
    return 2;
  }
  auto c = IpcConnection::Connect(IpcClientName());
  if (!c) {
    err << "crm node fence: " << c.error().ToString() << "\n";
    return 1;
  }
  auto answer = (*c)->Call(ToIpcRequest(IpcFence{target, action}), wait_s * 1000);
  if (!answer) {
    err << "crm node fence: fencing " << target << " failed: " << answer.error().message << "\n";
    if (answer.error().message.find("did not answer") != std::string::npos) {
      err << "  (no answer within " << wait_s
          << " s: the fencing may still be going on; see 'crm fencing history " << target << "')\n";
    }
    return 1;
  }
  out << "Fenced " << target << (action.empty() ? "" : " (" + action + ")") << ": operation "
      << *answer << "\n";
  return 0;
}

}  // namespace keel
