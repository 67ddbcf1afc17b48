#include "crmd/executor/output_capture.h"

#include <algorithm>

namespace keel {

namespace {

constexpr std::string_view kReasonPrefix = "ocf-exit-reason:";
constexpr size_t kLineKeep = kReasonPrefix.size() + kMaxExitReason;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

void OutputCapture::Append(std::string_view chunk) {
  size_t room = cap_ > kept_.size() ? cap_ - kept_.size() : 0;
  size_t take = std::min(room, chunk.size());
  kept_.append(chunk.substr(0, take));
  dropped_ += chunk.size() - take;

  // Lines are scanned as they arrive so the exit reason survives the cap.
  while (!chunk.empty()) {
    size_t newline = chunk.find('\n');
    std::string_view piece = chunk.substr(0, newline);
    size_t keep = kLineKeep > partial_line_.size() ? kLineKeep - partial_line_.size() : 0;
    partial_line_.append(piece.substr(0, std::min(keep, piece.size())));
    if (newline == std::string_view::npos) break;
    ScanLine(partial_line_);
    partial_line_.clear();
    chunk.remove_prefix(newline + 1);
  }
}

void OutputCapture::ScanLine(std::string_view line) {
  if (line.substr(0, kReasonPrefix.size()) != kReasonPrefix) return;
  exit_reason_ = std::string(Trim(line.substr(kReasonPrefix.size())));
}

std::string OutputCapture::ExitReason() const {
  if (!partial_line_.empty() && partial_line_.starts_with(kReasonPrefix)) {
    return std::string(Trim(std::string_view(partial_line_).substr(kReasonPrefix.size())));
  }
  return exit_reason_;
}

std::string OutputCapture::Excerpt() const {
  if (dropped_ == 0) return kept_;
  return kept_ + "\n[... " + std::to_string(dropped_) + " bytes dropped]";
}

}  // namespace keel
