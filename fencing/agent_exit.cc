#include "fencing/agent_exit.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace keel {
namespace {

// The last non-empty line of `text`, trimmed and capped: what an agent said last.
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return {};
  size_t begin = text.rfind('\n', end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  std::string line = text.substr(begin, end - begin + 1);
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

}  // namespace

std::string DescribeAgentExit(const AgentExit& exit) {
  switch (exit.how) {
    case AgentExit::How::kNotStarted:
      return "could not run: " + exit.start_error;
    case AgentExit::How::kTimedOut:
      return "timed out";
    case AgentExit::How::kSignaled:
      return "killed by signal " + std::to_string(exit.signal);
    case AgentExit::How::kExited:
      break;
  }
  std::string said = LastLine(exit.err);
  if (said.empty()) said = LastLine(exit.out);
  std::string text = "exit " + std::to_string(exit.exit_code);
  return said.empty() ? text : text + ": " + said;
}

AgentVerdict JudgeAgentExit(FenceAction action, const AgentExit& exit) {
  AgentVerdict verdict;
  if (exit.how == AgentExit::How::kExited) {
    if (action == FenceAction::kStatus && (exit.exit_code == 0 || exit.exit_code == 2)) {
      verdict.ok = true;
      verdict.powered_on = exit.exit_code == 0;
      return verdict;
    }
    if (exit.exit_code == 0) {
      verdict.ok = true;
      return verdict;
    }
  }
  verdict.reason = DescribeAgentExit(exit);
  return verdict;
}

namespace {

bool HasWord(const std::string& text, std::string_view word) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::string folded(text.size(), ' ');
  std::transform(text.begin(), text.end(), folded.begin(), lower);
  return folded.find(word) != std::string::npos;
}

}  // namespace

FenceResultCode FailedRunCode(const AgentExit& exit) {
  constexpr int kGenericError = 201;  // Pacemaker's pcmk_err_generic
  if (exit.how == AgentExit::How::kTimedOut) return {-ETIME, "Timed Out"};
  if (exit.how == AgentExit::How::kNotStarted) return {-ENOENT, "Not installed"};
  if (exit.err.empty()) return {-ENODATA, "Error"};
  if (HasWord(exit.err, "timed out") || HasWord(exit.err, "timeout")) return {-ETIME, "Error"};
  if (HasWord(exit.err, "unrecognised action") || HasWord(exit.err, "unrecognized action") ||
      HasWord(exit.err, "unsupported action")) {
    return {-EOPNOTSUPP, "Error"};
  }
  return {-kGenericError, "Error"};
}

FenceResultCode FenceSucceededCode() { return {0, "OK"}; }

FenceResultCode NoFenceDeviceCode() { return {-ENODEV, "No fence device"}; }

FenceResultCode FenceCodeFromRc(int rc) {
  if (rc == 0) return FenceSucceededCode();
  if (rc == -ENODEV) return NoFenceDeviceCode();
  if (rc == -ENOENT) return {rc, "Not installed"};
  if (rc == -ETIME) return {rc, "Timed Out"};
  return {rc, "Error"};
}

}  // namespace keel
