// --json commands fail in JSON (#19 point 8): the wrapper crm's main puts around every command.

#include "cli/json_errors.h"

#include <gtest/gtest.h>

#include <sstream>

namespace keel {
namespace {

int FailsWithTwoLines(const CommandArgs&, std::ostream& out, std::ostream& err) {
  out << "{\"partial\":";
  err << "crm demo: first \"problem\"\nusage: crm demo [--json]\n";
  return 2;
}

int SucceedsWithAWarning(const CommandArgs&, std::ostream& out, std::ostream& err) {
  out << "{\"ok\":true}\n";
  err << "warning: something\n";
  return 0;
}

struct Outcome {
  int rc;
  std::string out, err;
};

Outcome RunIt(CommandFunction f, const CommandArgs& args) {
  std::ostringstream out, err;
  int rc = RunWithJsonErrors("demo", f, args, out, err);
  return {rc, out.str(), err.str()};
}

TEST(JsonErrors, AFailedJsonCommandPrintsOneJsonErrorAndKeepsItsExitCode) {
  Outcome r = RunIt(FailsWithTwoLines, {"x", "--json"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_EQ(r.out, R"({"error":{"command":"crm demo","exit_code":2,"messages":)"
                   R"(["crm demo: first \"problem\"","usage: crm demo [--json]"]}})"
                   "\n");
  EXPECT_EQ(r.err, "crm demo: first \"problem\"\nusage: crm demo [--json]\n")
      << "the text stays on standard error";
}

TEST(JsonErrors, WithoutJsonOrOnSuccessOutputPassesThrough) {
  Outcome plain = RunIt(FailsWithTwoLines, {"x"});
  EXPECT_EQ(plain.rc, 2);
  EXPECT_EQ(plain.out, "{\"partial\":");
  EXPECT_EQ(plain.err, "crm demo: first \"problem\"\nusage: crm demo [--json]\n");
  Outcome ok = RunIt(SucceedsWithAWarning, {"--json"});
  EXPECT_EQ(ok.rc, 0);
  EXPECT_EQ(ok.out, "{\"ok\":true}\n");
  EXPECT_EQ(ok.err, "warning: something\n");
  EXPECT_FALSE(WantsJson({"--jsonx", "json"}));
}

TEST(JsonErrors, SimulateErrorsAreJsonWithTheirExitCodes) {
  Outcome missing =
      RunIt(RunSimulateCommand, {"--xml-file", "/nonexistent/keel-cib.xml", "--json"});
  EXPECT_EQ(missing.rc, 1);
  EXPECT_EQ(missing.out.rfind(R"({"error":{"command":"crm demo","exit_code":1,"messages":[)", 0),
            0u)
      << missing.out;
  EXPECT_NE(missing.out.find("cannot open"), std::string::npos) << missing.out;
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
  Outcome usage = RunIt(RunSimulateCommand, {"--json", "--bogus"});
  EXPECT_EQ(usage.rc, 2);
  EXPECT_NE(usage.out.find(R"("exit_code":2)"), std::string::npos) << usage.out;
  EXPECT_NE(usage.out.find("unknown option '--bogus'"), std::string::npos) << usage.out;
}

}  // namespace
}  // namespace keel
