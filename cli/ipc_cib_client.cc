#include "cli/cib_client.h"

namespace keel {

namespace {

// Placeholder until crmd's IPC service exists (issue #4): refuses clearly, never pretends.
class UnavailableCibClient : public CibClient {
 public:
  std::expected<std::string, Error> Query() override { return std::unexpected(Unavailable()); }
  std::expected<CibVersion, Error> Commit(const std::string&, std::optional<CibVersion>) override {
    return std::unexpected(Unavailable());
  }

 private:
  static Error Unavailable() {
    return Error{ErrorCode::kRefused,
                 "not supported yet: talking to crmd over IPC (set CIB_file=PATH to work on a file)",
                 ""};
  }
};

}  // namespace

std::unique_ptr<CibClient> MakeIpcCibClient(std::string) {
  return std::make_unique<UnavailableCibClient>();
}

}  // namespace keel
