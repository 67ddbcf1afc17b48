#pragma once
// The interactive crm shell's logic, without a terminal: levels, commands, completion.
// shell_main.cc wires it to libedit.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/configure_session.h"

namespace keel {

class Shell {
 public:
  Shell(ConfigureSession session, std::string level);

  // Runs one line. Returns false when the shell should exit.
  bool Execute(std::string_view line, std::ostream& out, std::ostream& err);

  // Candidates for the word being typed at the end of `line` (the text before the cursor).
  std::vector<std::string> Complete(std::string_view line) const;

  std::string Prompt() const;
  // Changes staged at the configure level and not committed.
  bool HasStagedChanges() const { return session_.HasStagedChanges(); }
  const std::string& level() const { return level_; }

 private:
  bool StagedChangesBlock(const std::string& command, std::ostream& err) const;
  bool ExecuteLevel(const std::vector<std::string>& words, std::string_view line, std::ostream& out,
                    std::ostream& err);
  static std::vector<std::string> LevelWords(const std::string& level);
  std::vector<std::string> NodeNames() const;

  ConfigureSession session_;
  std::string level_;
  bool warned_quit_ = false;
};

}  // namespace keel
