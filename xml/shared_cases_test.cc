// Pacemaker's scheduler cases in ../shared (when present): every one loads, and
// parse -> serialize -> parse gives the same model.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> SharedCases() {
  std::vector<fs::path> cases;
  const fs::path dir = "../shared/pcmk-scheduler";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return cases;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".xml") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(SharedCasesTest, AllLoadAndRoundTrip) {
  std::vector<fs::path> cases = SharedCases();
  if (cases.empty()) GTEST_SKIP() << "../shared/pcmk-scheduler not present";
  EXPECT_EQ(cases.size(), 108u);
  int loaded = 0;
  for (const fs::path& path : cases) {
    SCOPED_TRACE(path.string());
    auto first = ParseCib(ReadFile(path), path.filename().string());
    ASSERT_TRUE(first.has_value()) << JoinErrors(first.error());
    const std::string text = SerializeCib(first->cib);
    auto second = ParseCib(text, "serialized");
    ASSERT_TRUE(second.has_value()) << JoinErrors(second.error()) << text;
    EXPECT_TRUE(WithoutSourceLines(first->cib) == WithoutSourceLines(second->cib)) << text;
    EXPECT_EQ(SerializeCib(second->cib), text);
    ++loaded;
  }
  EXPECT_EQ(loaded, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace keel
