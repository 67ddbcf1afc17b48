// PosixProcessRunner on a real qb_loop: a child's stdin holds stdin_text, then end of file
// (fence agents read their arguments there); without it, stdin is empty.
#include "crmd/executor/posix_process_runner.h"

#include <gtest/gtest.h>
#include <qb/qbloop.h>

#include <memory>
#include <string>

#include "crmd/executor/qb_event_loop.h"

namespace keel {
namespace {

class PosixProcessRunnerTest : public ::testing::Test {
 protected:
  PosixProcessRunnerTest()
      : qb_(qb_loop_create()),
        loop_(std::make_unique<QbEventLoop>(qb_)),
        runner_(std::make_unique<PosixProcessRunner>(*loop_)) {}
  ~PosixProcessRunnerTest() override {
    runner_.reset();
    loop_.reset();
    qb_loop_destroy(qb_);
  }

  // Runs /bin/cat with `stdin_text`; what it printed and its exit code.
  std::pair<std::string, int> Cat(const std::string& stdin_text) {
    std::string out;
    int code = -2;
    SpawnRequest request{"/bin/cat", {"/bin/cat"}, {"PATH=/bin"}, "/", stdin_text};
    ChildHandlers handlers{.on_stdout = [&](std::string_view chunk) { out += chunk; },
                           .on_stderr = nullptr,
                           .on_exit =
                               [&](ChildExit exit) {
                                 code = exit.exit_code;
                                 qb_loop_stop(qb_);
                               }};
    auto child = runner_->Spawn(request, std::move(handlers));
    EXPECT_TRUE(child.has_value()) << (child ? "" : child.error().message);
    if (!child) return {"", -2};
    loop_->AddTimer(5000, [this] { qb_loop_stop(qb_); });
    qb_loop_run(qb_);
    return {out, code};
  }

  qb_loop_t* qb_;
  std::unique_ptr<QbEventLoop> loop_;
  std::unique_ptr<PosixProcessRunner> runner_;
};

TEST_F(PosixProcessRunnerTest, StdinHoldsTheTextThenEndOfFile) {
  auto [out, code] = Cat("action=monitor\nip=10.0.0.1\n");
  EXPECT_EQ(out, "action=monitor\nip=10.0.0.1\n");
  EXPECT_EQ(code, 0);
}

TEST_F(PosixProcessRunnerTest, WithoutStdinTextStdinIsEmpty) {
  auto [out, code] = Cat("");
  EXPECT_EQ(out, "");
  EXPECT_EQ(code, 0);
}

TEST_F(PosixProcessRunnerTest, StdinLargerThanAPipeIsRefusedBeforeTheChildStarts) {
  SpawnRequest request{"/bin/cat", {"/bin/cat"}, {}, "/", std::string(1 << 20, 'x')};
  auto child = runner_->Spawn(request, ChildHandlers{});
  ASSERT_FALSE(child.has_value());
  EXPECT_NE(child.error().message.find("stdin of 1048576 bytes"), std::string::npos);
}

}  // namespace
}  // namespace keel
