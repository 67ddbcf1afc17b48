// `crm complete [WORD...] PARTIAL`: completion candidates for a crm command line, one per line,
// for cli/completion/crm.bash.

#include "cli/command.h"
#include "cli/configure_session.h"
#include "cli/crm_lexer.h"
#include "cli/help_table.h"
#include "cli/shell.h"

namespace keel {

int RunCompleteCommand(const CommandArgs& args, std::ostream& out, std::ostream&) {
  if (args.empty()) return 0;
  std::vector<std::string> candidates;
  if (args.size() == 1) {
    for (const HelpEntry& e : HelpEntries()) {
      if (e.level.empty() && e.name.starts_with(args[0])) candidates.push_back(e.name);
    }
  } else {
    // The shell's own completion, on the CIB when it can be read (else on nothing: words and
    // agents still complete).
    ConfigureSession session(MakeDefaultCibClient(), SessionOptions{});
    (void)session.Load();
    Shell shell(std::move(session), "");
    std::string line;
    for (size_t i = 0; i + 1 < args.size(); ++i) line += QuoteCrmValue(args[i]) + " ";
    line += args.back();
    candidates = shell.Complete(line);
  }
  for (const std::string& c : candidates) out << c << "\n";
  return 0;
}

}  // namespace keel
