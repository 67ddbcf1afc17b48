// CibClient over crmd's IPC service: the crm shell's way to read and change the cluster's CIB.

#include <charconv>

#include "cli/cib_client.h"
#include "cli/ipc_connection.h"
#include "cli/ipc_query.h"
#include "crmd/protocol/ipc_messages.h"

namespace keel {

namespace {

constexpr int kQueryTimeoutMs = 10'000;
// A commit waits for the cluster to order it, and for a sync when membership changes.
constexpr int kCommitTimeoutMs = 30'000;

std::expected<CibVersion, Error> VersionFromText(std::string_view text) {
  CibVersion v;
  int64_t* parts[] = {&v.admin_epoch, &v.epoch, &v.num_updates};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, ec] = std::from_chars(p, end, *parts[i]);
    if (ec != std::errc() || (i < 2 && (next == end || *next != '.'))) {
      return std::unexpected(Error{ErrorCode::kParse, "crmd answered a bad version '" + std::string(text) + "'", ""});
    }
    p = i < 2 ? next + 1 : next;
  }
  return v;
}

class IpcCibClient : public CibClient {
 public:
  explicit IpcCibClient(std::string name) : name_(std::move(name)) {}

  std::expected<std::string, Error> Query() override {
    auto c = IpcConnection::Connect(name_);
    if (!c) return std::unexpected(c.error());
    return QueryCibText(**c, kQueryTimeoutMs);
  }

  std::expected<CibVersion, Error> Commit(const std::string& cib_xml, std::optional<CibVersion> base) override {
    auto c = IpcConnection::Connect(name_);
    if (!c) return std::unexpected(c.error());
    IpcCommit commit{base ? base->ToString() : std::string(), cib_xml};
    auto answer = (*c)->Call(ToIpcRequest(commit), kCommitTimeoutMs);
    if (!answer) return std::unexpected(answer.error());
    return VersionFromText(*answer);
  }

 private:
  std::string name_;
};

}  // namespace

std::unique_ptr<CibClient> MakeIpcCibClient(std::string ipc_name) {
  return std::make_unique<IpcCibClient>(std::move(ipc_name));
}

}  // namespace keel
