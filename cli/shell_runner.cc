// RunShell: the Shell on a terminal through libedit (BSD licence), or on plain stdin lines
// when stdin is not a terminal (scripts).
#include <editline/readline.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
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
int g_interrupt_pipe[2] = {-1, -1};  // Ctrl-C wakes ReadKey through it (self-pipe)

void OnInterrupt(int) {
  g_interrupted = 1;
  char byte = 1;
  [[maybe_unused]] ssize_t written = write(g_interrupt_pipe[1], &byte, 1);
}

// Forgets a Ctrl-C pressed before the prompt (while a command ran).
void ClearInterrupt() {
  char bytes[64];
  for (int i = 0; i < 64 && read(g_interrupt_pipe[0], bytes, sizeof bytes) > 0; ++i) {
  }
  g_interrupted = 0;
}

// libedit's key reader: EOF ends the line being typed. It waits on the terminal and on Ctrl-C
// together, since a Ctrl-C that comes while crm is busy (completing, redrawing) interrupts no
// read, and the keys typed after it would otherwise join the abandoned line.
int ReadKey(FILE*) {
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {g_interrupt_pipe[0], POLLIN, 0}};
  for (int tries = 0; tries < 1000; ++tries) {  // each retry follows a signal
    if (g_interrupted) return EOF;
    int ready = poll(fds, 2, -1);
    // The handler of a Ctrl-C runs as poll returns, maybe with the next key ready: that key
    // was typed after Ctrl-C and belongs to the next line.
    if (g_interrupted) return EOF;
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || fds[1].revents != 0) return EOF;
    unsigned char key = 0;
    ssize_t n = read(STDIN_FILENO, &key, 1);
    if (n == 1) return key;
    if (n < 0 && errno == EINTR) continue;
    return EOF;
  }
  return EOF;
}
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
  rl_getc_function = ReadKey;  // before using_history(), which sets libedit up
  using_history();
  std::string history_file;
  if (const char* home = std::getenv("HOME"); home && *home) {
    history_file = std::string(home) + "/.crm_history";
    read_history(history_file.c_str());
  }
  // Ctrl-C abandons the line being typed, as in a shell; staged changes stay.
  if (pipe2(g_interrupt_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    err << "ERROR: cannot start the shell: pipe: " << std::strerror(errno) << "\n";
    return 1;
  }
  struct sigaction interrupt {};
  interrupt.sa_handler = OnInterrupt;
  sigemptyset(&interrupt.sa_mask);
  sigaction(SIGINT, &interrupt, nullptr);
  while (true) {
    ClearInterrupt();
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
  signal(SIGINT, SIG_DFL);
  close(g_interrupt_pipe[0]);
  close(g_interrupt_pipe[1]);
  g_interrupt_pipe[0] = g_interrupt_pipe[1] = -1;
  g_shell = nullptr;
  return 0;
}

}  // namespace keel
