#include "crmd/crmd_args.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

std::expected<CrmdArgs, Error> Parse(std::vector<std::string_view> args) {
  return ParseCrmdArgs(args, DaemonOptions{});
}

TEST(CrmdArgs, NothingGivenKeepsTheDefaults) {
  auto args = Parse({});
  ASSERT_TRUE(args);
  EXPECT_EQ(args->options.cib_dir, DaemonOptions{}.cib_dir);
  EXPECT_EQ(args->options.group, "keel");
  EXPECT_FALSE(args->foreground);
  EXPECT_FALSE(args->help);
}

TEST(CrmdArgs, ValuesAsNextArgumentOrAfterEquals) {
  auto args = Parse({"--foreground", "--cib-dir", "/tmp/c", "--run-dir=/tmp/r", "--log-file",
                     "/tmp/l", "--ipc-name=x", "--ocf-root", "/o", "--fence-agent-dir=/fa",
                     "--node-name", "n2", "--tool-dir", "/t", "--group=g", "--log-file=="});
  ASSERT_FALSE(args) << "--log-file twice";
  args = Parse({"-f", "--cib-dir", "/tmp/c", "--run-dir=/tmp/r", "--log-file", "/tmp/l",
                "--ipc-name=x", "--ocf-root", "/o", "--fence-agent-dir=/fa", "--node-name", "n2",
                "--tool-dir", "/t", "--group=g=h"});
  ASSERT_TRUE(args) << args.error().message;
  const DaemonOptions& o = args->options;
  EXPECT_TRUE(args->foreground);
  EXPECT_EQ(o.cib_dir, "/tmp/c");
  EXPECT_EQ(o.run_dir, "/tmp/r");
  EXPECT_EQ(o.log_file, "/tmp/l");
  EXPECT_EQ(o.ipc_name, "x");
  EXPECT_EQ(o.ocf_root, "/o");
  EXPECT_EQ(o.fence_agent_dir, "/fa");
  EXPECT_EQ(o.node_name, "n2");
  EXPECT_EQ(o.tool_dir, "/t");
  EXPECT_EQ(o.group, "g=h");
}

TEST(CrmdArgs, HelpIsNoted) {
  auto args = Parse({"-h"});
  ASSERT_TRUE(args);
  EXPECT_TRUE(args->help);
  std::string usage = CrmdUsage(DaemonOptions{});
  EXPECT_NE(usage.find("--cib-dir ARG"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default /var/lib/keel/cib)"), std::string::npos) << usage;
}

TEST(CrmdArgs, RefusesWhatItDoesNotKnow) {
  auto message = [](std::vector<std::string_view> args) {
    auto r = Parse(args);
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(message({"--cib"}), "unrecognised option '--cib'");
  EXPECT_EQ(message({"--cib-dir"}), "option '--cib-dir' needs a value");
  EXPECT_EQ(message({"extra"}), "unexpected argument 'extra'");
  EXPECT_EQ(message({"-x"}), "unrecognised option '-x'");
  EXPECT_EQ(message({"--group", "a", "--group=b"}), "option '--group' given more than once");
}

}  // namespace
}  // namespace keel
