#include "cli/attr_options.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

using Action = AttrCommand::Action;
using Lifetime = AttrCommand::Lifetime;

EnvLookup Env(std::optional<std::string> instance) {
  return [instance](const std::string& name) -> std::optional<std::string> {
    if (name == "OCF_RESOURCE_INSTANCE") return instance;
    return std::nullopt;
  };
}

TEST(AttrdUpdaterOptionsTest, WhatThePingAgentPasses) {
  auto c = ParseAttrdUpdater({"-n", "pingd", "-v", "100", "-d", "5s"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->action, Action::kUpdate);
  EXPECT_EQ(c->name, "pingd");
  EXPECT_EQ(c->value, "100");
  EXPECT_EQ(c->dampen_ms, 5000);
  EXPECT_EQ(c->node, "");
  EXPECT_EQ(c->lifetime, Lifetime::kReboot);

  c = ParseAttrdUpdater({"-n", "pingd", "-Q"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kQuery);
  c = ParseAttrdUpdater({"-D", "-n", "pingd", "-d", "5"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kDelete);
  EXPECT_EQ(c->dampen_ms, 5000);  // unitless: seconds, as Pacemaker reads it
}

TEST(AttrdUpdaterOptionsTest, LongAttachedAndBundledForms) {
  auto c = ParseAttrdUpdater({"--name=x", "--update", "7", "--node=n2", "-p", "--delay=250ms"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "x");
  EXPECT_EQ(c->value, "7");
  EXPECT_EQ(c->node, "n2");
  EXPECT_TRUE(c->is_private);
  EXPECT_EQ(c->dampen_ms, 250);
  c = ParseAttrdUpdater({"-nx", "-U7", "-lreboot"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "x");
  EXPECT_EQ(c->value, "7");
  c = ParseAttrdUpdater({"-QA", "-n", "x"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->node, "*");
  c = ParseAttrdUpdater({"-n", "x", "-B", "3", "-d", "1m"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value, "3");
  EXPECT_EQ(c->dampen_ms, 60000);
}

TEST(AttrdUpdaterOptionsTest, BadAndUnsupportedOptions) {
  auto usage = [](std::vector<std::string> args) {
    auto c = ParseAttrdUpdater(args);
    return c ? 0 : c.error().exit_code;
  };
  EXPECT_EQ(usage({"-n", "x"}), attr_exit::kUsage);              // no action
  EXPECT_EQ(usage({"-Q"}), attr_exit::kUsage);                   // no name
  EXPECT_EQ(usage({"-n", "x", "-Q", "-D"}), attr_exit::kUsage);  // two actions
  EXPECT_EQ(usage({"-n", "x", "-U"}), attr_exit::kUsage);        // value missing
  EXPECT_EQ(usage({"-n", "x", "-U", "1", "-d", "soon"}), attr_exit::kUsage);
  EXPECT_EQ(usage({"-n", "x", "-U", "1", "-A"}), attr_exit::kUsage);
  EXPECT_EQ(usage({"-n", "x", "-Q", "-l", "sometimes"}), attr_exit::kUsage);
  EXPECT_EQ(usage({"-n", "x", "-Q", "--bogus"}), attr_exit::kUsage);
  EXPECT_EQ(usage({"-n", "x", "-Q", "stray"}), attr_exit::kUsage);
  EXPECT_EQ(usage({"-n", "x", "-B", "1"}), attr_exit::kUsage);  // -B needs -d
  EXPECT_EQ(usage({"-n", "x", "-R"}), attr_exit::kUnimplemented);
  EXPECT_EQ(usage({"-n", "x", "-Y"}), attr_exit::kUnimplemented);
  EXPECT_EQ(usage({"-n", "x", "-z", "-Q"}), attr_exit::kUnimplemented);
  EXPECT_EQ(usage({"-n", "x", "-U", "1", "-l", "forever"}), attr_exit::kUnimplemented);
  auto c = ParseAttrdUpdater({"-n", "x", "-R"});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "not supported: attrd_updater -R");
}

TEST(CrmAttributeOptionsTest, NodeAttributesByLifetimeAndType) {
  auto env = Env(std::nullopt);
  auto c = ParseCrmAttribute({"-N", "n1", "-n", "x", "-v", "1", "-l", "reboot"}, env);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->action, Action::kUpdate);
  EXPECT_EQ(c->lifetime, Lifetime::kReboot);
  EXPECT_EQ(c->node, "n1");
  c = ParseCrmAttribute({"-t", "status", "-n", "x", "-G", "-q"}, env);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kQuery);
  EXPECT_EQ(c->lifetime, Lifetime::kReboot);
  EXPECT_TRUE(c->quiet);
  c = ParseCrmAttribute({"-N", "n1", "-n", "rack", "-v", "r1"}, env);  // -N alone: <nodes>
  ASSERT_TRUE(c);
  EXPECT_EQ(c->lifetime, Lifetime::kForever);
  c = ParseCrmAttribute({"--type=nodes", "-n", "rack", "-D"}, env);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kDelete);
  EXPECT_EQ(c->lifetime, Lifetime::kForever);
  c = ParseCrmAttribute({"-l", "reboot", "-n", "x", "-G", "-d", "0"}, env);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->default_value, "0");
  c = ParseCrmAttribute({"-l", "forever", "-n", "x"}, env);  // no action: a query
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kQuery);
}

TEST(CrmAttributeOptionsTest, PromotionNamesTheResourceInstance) {
  auto c = ParseCrmAttribute({"-v", "100", "-p"}, Env("pgsql:1"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "master-pgsql");
  EXPECT_EQ(c->lifetime, Lifetime::kReboot);
  c = ParseCrmAttribute({"--promotion=drbd0", "-G", "-q"}, Env(std::nullopt));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "master-drbd0");
  c = ParseCrmAttribute({"-l", "reboot", "-v", "5"}, Env("db:10"), true);  // crm_master
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "master-db");
  EXPECT_EQ(c->lifetime, Lifetime::kReboot);
  c = ParseCrmAttribute({"-D"}, Env("db"), true);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, Action::kDelete);
  EXPECT_EQ(c->lifetime, Lifetime::kForever);  // as Pacemaker's crm_master script
  c = ParseCrmAttribute({"-Q", "-r", "web", "-U", "n2"}, Env(std::nullopt), true);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->action, Action::kQuery);
  EXPECT_EQ(c->name, "master-web");
  EXPECT_EQ(c->node, "n2");
  EXPECT_FALSE(ParseCrmAttribute({"-r", "web", "-t", "nodes"}, Env(std::nullopt), true));
  EXPECT_FALSE(ParseCrmAttribute({"-r", "web", "-n", "x"}, Env(std::nullopt), true));
  EXPECT_EQ(PromotionAttributeName("a:b"), "master-a:b");  // only a numeric clone suffix
  auto missing = ParseCrmAttribute({"-v", "5"}, Env(std::nullopt), true);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("OCF_RESOURCE_INSTANCE"), std::string::npos);
}

TEST(CrmAttributeOptionsTest, BadAndUnsupportedOptions) {
  auto env = Env(std::nullopt);
  auto code = [&](std::vector<std::string> args) {
    auto c = ParseCrmAttribute(args, env);
    return c ? 0 : c.error().exit_code;
  };
  EXPECT_EQ(code({"-n", "x", "-v", "1"}), attr_exit::kUnimplemented);  // cluster option
  EXPECT_EQ(code({"-t", "crm_config", "-n", "x", "-G"}), attr_exit::kUnimplemented);
  EXPECT_EQ(code({"-t", "rsc_defaults", "-n", "x", "-G"}), attr_exit::kUnimplemented);
  EXPECT_EQ(code({"-N", "n1", "-n", "x", "-i", "id1", "-G"}), attr_exit::kUnimplemented);
  EXPECT_EQ(code({"-N", "n1", "-n", "x", "-s", "set1", "-G"}), attr_exit::kUnimplemented);
  EXPECT_EQ(code({"-l", "reboot", "-t", "nodes", "-n", "x", "-G"}), attr_exit::kUsage);
  EXPECT_EQ(code({"-l", "reboot", "-v", "1"}), attr_exit::kUsage);  // no name
  EXPECT_EQ(code({"-l", "reboot", "-n", "x", "-v", "1", "-d", "0"}), attr_exit::kUsage);
  EXPECT_EQ(code({"-l", "reboot", "-n", "x", "-G", "-D"}), attr_exit::kUsage);
}

}  // namespace
}  // namespace keel
