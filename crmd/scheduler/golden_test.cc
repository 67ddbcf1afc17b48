// Golden tests: each testdata/NAME.xml is a small CIB with a status section; the scheduler's
// decisions must match testdata/NAME.expected (FormatTransition). The XML also carries
// hand-written expectations in comments, checked independently of the expected file:
//   <!-- expect: RSC started|stopped|failed [NODE ...] -->   <!-- expect-fenced: NODE -->
//        (several nodes: it is left active on all of them)
//   <!-- expect-action: KEY -->   <!-- expect-no-action: KEY -->   <!-- expect-actions: N -->
//   <!-- expect-change: RSC Start|Stop|Move|Recover|Restart -->
//   <!-- expect-before: KEY1 | KEY2 -->  (KEY1 must finish before KEY2, directly or not)
//   <!-- expect-clone: CLONE started|failed [NODE ...] -->  (the nodes where its instances
//        end in that state, whichever instance number runs where)
// A case without expect-fenced lines expects no fencing. KEEL_REGENERATE=1 rewrites the
// expected files (review the diff before committing).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/transition_format.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

fs::path TestData() { return fs::path(KEEL_THIS_DIR) / "testdata"; }

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(TestData())) {
    if (entry.path().extension() == ".xml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Directives(const std::string& text, const std::string& name) {
  std::vector<std::string> out;
  std::regex re("<!-- " + name + ": (.*?) -->");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

int FindAction(const Transition& t, const std::string& key) {
  for (size_t i = 0; i < t.actions.size(); ++i) {
    if (t.actions[i].Key() == key) return static_cast<int>(i);
  }
  return -1;
}

bool Reaches(const Transition& t, int from, int to) {
  std::vector<char> seen(t.actions.size(), 0);
  std::vector<int> stack{from};
  while (!stack.empty()) {
    int at = stack.back();
    stack.pop_back();
    if (at == to) return true;
    if (seen[at]) continue;
    seen[at] = 1;
    for (const Edge& e : t.edges) {
      if (e.first == at) stack.push_back(e.then);
    }
  }
  return false;
}

void CheckExpectations(const std::string& text, const Transition& t) {
  for (const std::string& line : Directives(text, "expect")) {
    std::istringstream words(line);
    std::string rsc, state, node;
    words >> rsc >> state;
    std::vector<std::string> nodes;
    while (words >> node) nodes.push_back(node);
    auto p = std::find_if(t.placements.begin(), t.placements.end(),
                          [&](const Placement& x) { return x.resource == rsc; });
    ASSERT_NE(p, t.placements.end()) << "no placement for " << rsc;
    EXPECT_EQ(PlacementStateName(p->state), state) << rsc;
    if (state != "stopped") {
      EXPECT_EQ(p->next_nodes, nodes) << rsc;
      if (nodes.size() == 1) {
        EXPECT_EQ(p->next_node, nodes[0]) << rsc;
      }
    }
  }
  for (const std::string& line : Directives(text, "expect-clone")) {
    std::istringstream words(line);
    std::string clone, state, node;
    words >> clone >> state;
    std::set<std::string> want, got;
    while (words >> node) want.insert(node);
    for (const Placement& p : t.placements) {
      if (p.clone == clone && PlacementStateName(p.state) == state) got.insert(p.next_node);
    }
    EXPECT_EQ(got, want) << "clone " << clone << " " << state;
  }
  std::set<std::string> fenced;
  for (const FenceDecision& f : t.fenced) fenced.insert(f.node);
  std::vector<std::string> want_fenced = Directives(text, "expect-fenced");
  EXPECT_EQ(fenced, std::set<std::string>(want_fenced.begin(), want_fenced.end()));
  for (const std::string& key : Directives(text, "expect-action")) {
    EXPECT_GE(FindAction(t, key), 0) << "missing action " << key;
  }
  for (const std::string& key : Directives(text, "expect-no-action")) {
    EXPECT_LT(FindAction(t, key), 0) << "unexpected action " << key;
  }
  for (const std::string& n : Directives(text, "expect-actions")) {
    EXPECT_EQ(t.actions.size(), static_cast<size_t>(std::stoi(n)));
  }
  for (const std::string& line : Directives(text, "expect-change")) {
    std::istringstream words(line);
    std::string rsc, change;
    words >> rsc >> change;
    for (const Placement& p : t.placements) {
      if (p.resource == rsc) {
        EXPECT_EQ(p.change, change) << rsc;
      }
    }
  }
  for (const std::string& line : Directives(text, "expect-before")) {
    auto bar = line.find(" | ");
    ASSERT_NE(bar, std::string::npos) << line;
    int a = FindAction(t, line.substr(0, bar)), b = FindAction(t, line.substr(bar + 3));
    ASSERT_GE(a, 0) << line;
    ASSERT_GE(b, 0) << line;
    EXPECT_TRUE(Reaches(t, a, b)) << line;
    EXPECT_LT(a, b) << "actions are topologically sorted: " << line;
  }
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectations) {
  const fs::path xml = TestData() / (GetParam() + ".xml");
  const std::string text = ReadAll(xml);
  auto parsed = ParseCib(text, xml.string());
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  TimePoint now{1'700'000'000};
  auto root = ParseXml(text, xml.string());
  ASSERT_TRUE(root.has_value());
  if (const auto date = root->Attr("execution-date"))
    now = TimePoint{std::stoll(std::string(*date))};
  auto t = Schedule(parsed->cib, DeriveClusterView(parsed->cib, now), now);
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  CheckExpectations(text, *t);
  // Determinism: a second run gives the same bytes.
  auto again = Schedule(parsed->cib, DeriveClusterView(parsed->cib, now), now);
  ASSERT_TRUE(again.has_value());
  const std::string got = FormatTransition(*t);
  EXPECT_EQ(got, FormatTransition(*again));
  const fs::path expected = TestData() / (GetParam() + ".expected");
  if (std::getenv("KEEL_REGENERATE") != nullptr) {
    std::ofstream(expected) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " missing (run with KEEL_REGENERATE=1)";
  EXPECT_EQ(got, ReadAll(expected));
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(GoldenTest, HasEnoughCases) { EXPECT_GE(Cases().size(), 40u); }

}  // namespace
}  // namespace keel
