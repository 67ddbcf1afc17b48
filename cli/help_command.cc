#include "cli/command.h"
#include "cli/help_table.h"

namespace keel {

int RunHelpCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && args[0] == "--markdown") {
    out << HelpMarkdown();
    return 0;
  }
  if (args.size() == 1 && args[0] == "--man") {
    out << HelpMan();
    return 0;
  }
  std::string topic;
  for (const std::string& a : args) topic += (topic.empty() ? "" : " ") + a;
  auto text = HelpText(topic);
  if (!text) {
    err << "crm help: " << text.error();
    return 2;
  }
  out << *text;
  return 0;
}

}  // namespace keel
