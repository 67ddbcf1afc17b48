// Pacemaker's scheduler cases in ../shared (when present): each one loads, and then
// parse -> serialize -> parse gives the same model, or it is refused clearly: every error names
// its place and at least one says "not supported: X" (a Pacemaker feature Keel lacks).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
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

// A refusal is clear when every error names where it is and one of them is a "not
// supported" naming the feature; returns that feature ("resource sets", "clone", ...).
std::optional<std::string> ClearRefusal(const Errors& errors) {
  std::optional<std::string> feature;
  for (const Error& e : errors) {
    if (e.where.empty()) return std::nullopt;
    constexpr std::string_view kPrefix = "not supported: ";
    if (e.code == ErrorCode::kNotSupported && e.message.starts_with(kPrefix) && !feature) {
      std::string what = e.message.substr(kPrefix.size());
      what = what.substr(0, what.find_first_of("(:'"));
      feature = what.substr(0, what.find_last_not_of(' ') + 1);
    }
  }
  return feature;
}

TEST(SharedCasesTest, EachLoadsAndRoundTripsOrIsRefusedClearly) {
  std::vector<fs::path> cases = SharedCases();
  if (cases.empty()) GTEST_SKIP() << "../shared/pcmk-scheduler not present";
  int loaded = 0;
  std::map<std::string, int> refused;
  for (const fs::path& path : cases) {
    SCOPED_TRACE(path.string());
    auto first = ParseCib(ReadFile(path), path.filename().string());
    if (!first) {
      std::optional<std::string> feature = ClearRefusal(first.error());
      EXPECT_TRUE(feature.has_value()) << "refused without a clear reason:\n"
                                       << JoinErrors(first.error());
      if (feature) ++refused[*feature];
      continue;
    }
    const std::string text = SerializeCib(first->cib);
    auto second = ParseCib(text, "serialized");
    ASSERT_TRUE(second.has_value()) << JoinErrors(second.error()) << text;
    EXPECT_TRUE(WithoutSourceLines(first->cib) == WithoutSourceLines(second->cib)) << text;
    EXPECT_EQ(SerializeCib(second->cib), text);
    ++loaded;
  }
  int total_refused = 0;
  std::cout << "shared cases: " << cases.size() << ", loaded and round-tripped " << loaded << "\n";
  for (const auto& [feature, count] : refused) {
    std::cout << "  refused, not supported: " << feature << ": " << count << "\n";
    total_refused += count;
  }
  EXPECT_GT(loaded, 0);
  EXPECT_EQ(loaded + total_refused, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace keel
