// crmd's IPC service and the CLI's client, in one process over a real libqb socket: answers,
// malformed and oversized requests refused without harming the service, access control,
// and the message when nothing listens.

#include <gtest/gtest.h>
#include <qb/qbdefs.h>
#include <qb/qbipcc.h>
#include <qb/qbloop.h>
#include <grp.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "cli/ipc_connection.h"
#include "crmd/ipc/ipc_access.h"
#include "crmd/ipc/ipc_server.h"

namespace keel {
namespace {

class IpcRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    name_ = "keel-test-" + std::to_string(getpid());
    std::atomic<bool> ready = false;
    thread_ = std::thread([this, &ready] {
      loop_ = qb_loop_create();
      auto server = IpcServer::Start(
          loop_, name_,
          [&](IpcClientId client, const IpcRequest& r) {
            if (r.command == "big") {
              // A body of the size asked for, every byte telling its position.
              std::string body(std::stoul(r.body), ' ');
              for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 23);
              server_ptr_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "", body});
              return;
            }
            server_ptr_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "", "echo " + r.command + ":" +
                                                                                        std::to_string(r.body.size())});
          },
          [](const std::string&) {});
      ASSERT_TRUE(server.has_value());
      server_ptr_ = server->get();
      qb_loop_timer_handle timer = 0;
      qb_loop_timer_add(loop_, QB_LOOP_LOW, 10 * QB_TIME_NS_IN_MSEC, this, CheckStop, &timer);
      ready = true;
      qb_loop_run(loop_);
      server->reset();
      qb_loop_destroy(loop_);
    });
    for (int i = 0; i < 500 && !ready; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(ready);
  }
  void TearDown() override {
    stop_ = true;
    thread_.join();
  }
  static void CheckStop(void* data) {
    auto* self = static_cast<IpcRoundTrip*>(data);
    if (self->stop_) {
      qb_loop_stop(self->loop_);
      return;
    }
    qb_loop_timer_handle timer = 0;
    qb_loop_timer_add(self->loop_, QB_LOOP_LOW, 10 * QB_TIME_NS_IN_MSEC, self, CheckStop, &timer);
  }
  std::string Query() {
    auto c = IpcConnection::Connect(name_);
    if (!c) return "connect: " + c.error().message;
    auto r = (*c)->Call(IpcRequest{"query", "x"}, 5000);
    return r ? *r : "error: " + r.error().message;
  }

  std::string name_;
  std::thread thread_;
  qb_loop_t* loop_ = nullptr;
  IpcServer* server_ptr_ = nullptr;
  std::atomic<bool> stop_ = false;
};

TEST_F(IpcRoundTrip, AnswersARequest) { EXPECT_EQ(Query(), "echo query:1"); }

TEST_F(IpcRoundTrip, MalformedRequestGetsAnErrorAndTheServiceCarriesOn) {
  qb_ipcc_connection_t* c = qb_ipcc_connect(name_.c_str(), kIpcMaxMessage);
  ASSERT_NE(c, nullptr);
  qb_ipc_request_header h{};
  h.id = kIpcMessageId;
  std::string junk = "NOT A KEEL MESSAGE";
  h.size = static_cast<int32_t>(sizeof(h) + junk.size());
  std::string bytes = std::string(reinterpret_cast<char*>(&h), sizeof(h)) + junk;
  std::vector<char> answer(65536);
  iovec iov{bytes.data(), bytes.size()};
  ssize_t n = qb_ipcc_sendv_recv(c, &iov, 1, answer.data(), answer.size(), 5000);
  ASSERT_GT(n, 0);
  auto response = DecodeIpcResponse(std::string_view(answer.data(), static_cast<size_t>(n)));
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(response->ok);
  EXPECT_NE(response->body.find("malformed IPC message"), std::string::npos) << response->body;
  qb_ipcc_disconnect(c);
  EXPECT_EQ(Query(), "echo query:1");
}

TEST_F(IpcRoundTrip, LargeRequestWorksOversizedIsRefusedClientSide) {
  auto c = IpcConnection::Connect(name_);
  ASSERT_TRUE(c.has_value());
  auto big = (*c)->Call(IpcRequest{"commit", std::string(2 << 20, 'x')}, 5000);
  ASSERT_TRUE(big.has_value()) << big.error().message;
  EXPECT_EQ(*big, "echo commit:" + std::to_string(2 << 20));
  auto huge = (*c)->Call(IpcRequest{"commit", std::string(kIpcMaxMessage, 'x')}, 5000);
  ASSERT_FALSE(huge.has_value());
  EXPECT_NE(huge.error().message.find("too large"), std::string::npos);
  EXPECT_EQ(Query(), "echo query:1");
}

// One local datagram of more than about 4 MB fails with ENOBUFS: a 16 x 1,000 CIB (7 MB and
// more) could not be read by crm status. Large answers come in pieces.
TEST_F(IpcRoundTrip, AnAnswerLargerThanOneDatagramArrivesWhole) {
  auto c = IpcConnection::Connect(name_);
  ASSERT_TRUE(c.has_value());
  for (size_t size : {kIpcPieceBody, kIpcPieceBody + 1, size_t{9} * 1024 * 1024 + 7}) {
    auto r = (*c)->Call(IpcRequest{"big", std::to_string(size)}, 5000);
    ASSERT_TRUE(r.has_value()) << size << ": " << r.error().message;
    ASSERT_EQ(r->size(), size);
    bool same = true;
    for (size_t i = 0; i < size && same; ++i) same = (*r)[i] == static_cast<char>('a' + i % 23);
    EXPECT_TRUE(same) << "the pieces of " << size << " bytes came back out of order";
  }
  EXPECT_EQ(Query(), "echo query:1");
}

TEST_F(IpcRoundTrip, MoreWithoutAWaitingAnswerIsAnError) {
  auto c = IpcConnection::Connect(name_);
  ASSERT_TRUE(c.has_value());
  auto r = (*c)->Call(IpcRequest{kIpcMoreCommand, ""}, 5000);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("no answer is waiting"), std::string::npos) << r.error().message;
}

TEST_F(IpcRoundTrip, NobodyListeningSaysCrmdIsNotRunning) {
  auto c = IpcConnection::Connect(name_ + "-nobody");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("crmd is not running on this node"), std::string::npos) << c.error().message;
}

TEST_F(IpcRoundTrip, OthersThanRootAndHaclientAreRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to switch to another user";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // nobody, with no supplementary groups: not root, not in haclient
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    auto c = IpcConnection::Connect(name_);
    _exit(!c && c.error().message == kIpcAccessDenied ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "an unprivileged client was not refused (3: could not drop privileges)";
  EXPECT_EQ(Query(), "echo query:1");
}

}  // namespace
}  // namespace keel
