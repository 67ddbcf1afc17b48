#include "cli/help_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/crm_dispatch_table.h"
#include "cli/crm_syntax.h"

namespace keel {
namespace {

std::string Read(const char* path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// doc/crm.md and doc/man/crm.8 are generated: regenerate with
// `crm help --markdown > doc/crm.md` and `crm help --man > doc/man/crm.8`.
TEST(Help, CommittedDocsMatchTheTable) {
  EXPECT_EQ(Read("doc/crm.md"), HelpMarkdown()) << "regenerate doc/crm.md";
  EXPECT_EQ(Read("doc/man/crm.8"), HelpMan()) << "regenerate doc/man/crm.8";
}

// #19 acceptance: `crm help`, doc/crm.md and the man page list every command crm dispatches
// (status and cib were missing once).
TEST(Help, EveryCommandIsInTheHelpAndTheDocs) {
  const std::string overview = HelpText("").value_or("");
  const std::string markdown = Read("doc/crm.md");
  const std::string man = Read("doc/man/crm.8");
  ASSERT_FALSE(markdown.empty());
  for (const CrmDispatchEntry& command : CrmDispatchTable()) {
    const std::string word = command.word;
    EXPECT_TRUE(HelpText(word).has_value()) << word;
    EXPECT_NE(overview.find("\n  crm " + word), std::string::npos) << word << "\n" << overview;
    EXPECT_NE(markdown.find("crm " + word), std::string::npos) << word;
    EXPECT_NE(man.find("crm " + word), std::string::npos) << word;
  }
}

TEST(Help, EveryConfigureWordIsDocumented) {
  for (const std::string& word : CrmConfigureWords()) {
    EXPECT_TRUE(HelpText(word).has_value()) << word;
  }
}

TEST(Help, UnknownTopicSuggests) {
  auto text = HelpText("colocaton");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error(), "unknown help topic 'colocaton', did you mean 'colocation'?\n");
}

}  // namespace
}  // namespace keel
