// RunShell: the Shell on a terminal through libedit (BSD licence), or on plain stdin lines
// when stdin is not a terminal (scripts).
#include <editline/readline.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli/command.h"
#include "cli/shell.h"

namespace keel {

namespace {

Shell* g_shell = nullptr;  // libedit's completion callback takes no context
volatile sig_atomic_t g_interrupted = 0;

void OnInterrupt(int) { g_interrupted = 1; }
std::vector<std::string> g_matches;

char* NextMatch(const char*, int state) {
  if (state == 0) {
    std::string before(rl_line_buffer, static_cast<size_t>(rl_point));
    g_matches = g_shell->Complete(before);
    // "name=" completions go on with the value, not a new word.
    bool open = g_matches.size() == 1 && g_matches[0].ends_with("=");
    rl_completion_append_character = open ? '\0' : ' ';
  }
  if (static_cast<size_t>(state) >= g_matches.size()) return nullptr;
  return strdup(g_matches[static_cast<size_t>(state)].c_str());
}

char** CompleteHook(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, NextMatch);
}

}  // namespace

int RunShell(const std::string& level, bool force, std::ostream& out, std::ostream& err) {
  SessionOptions options;
  options.force = force;
  ConfigureSession session(MakeDefaultCibClient(), options);
  if (auto ok = session.Load(); !ok) {
    PrintErrors({ok.error()}, err);
    return 1;
  }
  Shell shell(std::move(session), level);
  if (!isatty(0)) {
    std::string line;
    bool quit = false;
    for (int n = 0; n < 1000000 && std::getline(std::cin, line); ++n) {
      if (!shell.Execute(line, out, err)) {
        quit = true;
        break;
      }
    }
    // A script that ends without commit (or an explicit quit) loses its changes: say so.
    if (!quit && shell.HasStagedChanges()) {
      err << "ERROR: end of input with staged changes that were not committed (dropped); end "
             "the script with 'commit'\n";
      return 1;
    }
    return 0;
  }
  g_shell = &shell;
  rl_readline_name = const_cast<char*>("crm");
  rl_attempted_completion_function = CompleteHook;
  rl_basic_word_break_characters = const_cast<char*>(" \t");
  using_history();
  std::string history_file;
  if (const char* home = std::getenv("HOME"); home && *home) {
    history_file = std::string(home) + "/.crm_history";
    read_history(history_file.c_str());
  }
  // Ctrl-C abandons the line being typed, as in a shell; staged changes stay.
  struct sigaction interrupt {};
  interrupt.sa_handler = OnInterrupt;
  sigemptyset(&interrupt.sa_mask);
  sigaction(SIGINT, &interrupt, nullptr);
  while (true) {
    g_interrupted = 0;
    char* raw = readline(shell.Prompt().c_str());
    if (g_interrupted) {
      free(raw);
      out << "^C\n";
      out.flush();
      continue;
    }
    if (raw == nullptr) {  // Ctrl-D: as 'quit' (warns once when changes are staged)
      out << "\n";
      if (!shell.Execute("quit", out, err)) break;
      err.flush();
      continue;
    }
    std::string line(raw);
    free(raw);
    if (!line.empty()) add_history(line.c_str());
    out.flush();
    if (!shell.Execute(line, out, err)) break;
    out.flush();
    err.flush();
  }
  if (!history_file.empty()) write_history(history_file.c_str());
  g_shell = nullptr;
  return 0;
}

}  // namespace keel
