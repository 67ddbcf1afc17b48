#include "cli/external_editor.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace keel {

std::expected<std::string, Error> EditText(const std::string& editor, const std::string& text) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/crm-edit-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return std::unexpected(Error{ErrorCode::kIo, "cannot create a temporary file", path});
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return std::unexpected(Error{ErrorCode::kIo, "cannot write the temporary file", path});
  }
  pid_t pid = fork();
  if (pid == 0) {
    std::string command = editor + " \"$1\"";
    execl("/bin/sh", "sh", "-c", command.c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    unlink(path.c_str());
    return std::unexpected(
        Error{ErrorCode::kIo, "the editor '" + editor + "' failed; nothing changed", ""});
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  unlink(path.c_str());
  return out.str();
}

}  // namespace keel
