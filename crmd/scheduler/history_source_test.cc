// The DC plans from its CIB tree without a typed copy of the resource history
// (CibFromXmlWithoutHistory + XmlHistorySource): every case must give the same transition, byte
// for byte, or the same errors, as the whole CIB parsed at once.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/transition_format.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CasesIn(const fs::path& dir) {
  std::vector<fs::path> cases;
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

// The transition (FormatTransition) or the errors, one per line.
std::string Outcome(const std::expected<Transition, Errors>& t) {
  return t ? FormatTransition(*t) : "errors:\n" + JoinErrors(t.error());
}

struct BothPaths {
  std::string typed;
  std::string from_tree;
  size_t lrm_resources = 0;  // in the typed status
};

std::optional<BothPaths> ScheduleBothWays(const std::string& text, const std::string& source) {
  auto root = ParseXml(text, source);
  if (!root) return std::nullopt;
  auto whole = CibFromXml(*root, source);
  if (!whole) return std::nullopt;
  TimePoint now{1'700'000'000};
  if (const auto date = root->Attr("execution-date"))
    now = TimePoint{std::stoll(std::string(*date))};
  BothPaths out;
  for (const NodeState& state : whole->cib.status.node_states)
    out.lrm_resources += state.lrm_resources.size();
  out.typed = Outcome(Schedule(whole->cib, DeriveClusterView(whole->cib, now), now));
  auto bare = CibFromXmlWithoutHistory(*root, source);
  if (!bare) {
    out.from_tree = "errors:\n" + JoinErrors(bare.error());
    return out;
  }
  for (const NodeState& state : bare->cib.status.node_states)
    EXPECT_TRUE(state.lrm_resources.empty()) << state.uname;
  XmlHistorySource history(*root, source);
  ScheduleOptions options;
  options.history = &history;
  out.from_tree = Outcome(Schedule(bare->cib, DeriveClusterView(bare->cib, now), now, options));
  return out;
}

void ExpectSameForEvery(const std::vector<fs::path>& cases, size_t& with_history) {
  for (const fs::path& path : cases) {
    SCOPED_TRACE(path.string());
    auto both = ScheduleBothWays(ReadFile(path), path.filename().string());
    if (!both) continue;  // refused when loading: the scheduler never sees it
    if (both->lrm_resources > 0) ++with_history;
    EXPECT_EQ(both->from_tree, both->typed);
  }
}

TEST(HistorySourceTest, GoldenCasesPlanTheSameFromTheTree) {
  std::vector<fs::path> cases = CasesIn(fs::path(KEEL_THIS_DIR) / "testdata");
  ASSERT_GE(cases.size(), 40u);
  size_t with_history = 0;
  ExpectSameForEvery(cases, with_history);
  EXPECT_GE(with_history, 20u);
}

TEST(HistorySourceTest, SharedCasesPlanTheSameFromTheTree) {
  std::vector<fs::path> cases = CasesIn("../shared/pcmk-scheduler");
  if (cases.empty()) GTEST_SKIP() << "../shared/pcmk-scheduler not present";
  size_t with_history = 0;
  ExpectSameForEvery(cases, with_history);
  EXPECT_GE(with_history, 300u);
}

constexpr const char* kBadHistory = R"(<cib epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/></nodes>
    <resources>
      <primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints/>
  </configuration>
  <status>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="1"><lrm_resources>
        <lrm_resource id="p" class="ocf" provider="heartbeat" type="Dummy">
          <lrm_rsc_op id="p_last_0" operation="start" call-id="three" rc-code="0" op-status="0"
                      interval="0"/>
        </lrm_resource>
      </lrm_resources></lrm>
    </node_state>
  </status>
</cib>
)";

TEST(HistorySourceTest, BadHistoryIsAnErrorNamingThePlaceAndNoPlan) {
  auto root = ParseXml(kBadHistory, "cib.xml");
  ASSERT_TRUE(root.has_value());
  auto whole = CibFromXml(*root, "cib.xml");
  ASSERT_FALSE(whole.has_value());
  auto bare = CibFromXmlWithoutHistory(*root, "cib.xml");
  ASSERT_TRUE(bare.has_value()) << JoinErrors(bare.error());
  XmlHistorySource history(*root, "cib.xml");
  ScheduleOptions options;
  options.history = &history;
  auto t = Schedule(bare->cib, DeriveClusterView(bare->cib), {}, options);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(JoinErrors(t.error()), JoinErrors(whole.error()));
  EXPECT_NE(JoinErrors(t.error()).find("cib.xml:14 (p_last_0)"), std::string::npos)
      << JoinErrors(t.error());
}

TEST(HistorySourceTest, ReadsOneNodeStateAtATimeInDocumentOrder) {
  auto root = ParseXml(R"(<cib><configuration/><status>
      <node_state id="1" uname="a"><lrm><lrm_resources>
        <lrm_resource id="x"/><lrm_resource id="y"/></lrm_resources></lrm></node_state>
      <tickets/>
      <node_state id="2" uname="b"/>
      <node_state id="3" uname="c"><lrm><lrm_resources><lrm_resource id="z"/>
        </lrm_resources></lrm><lrm><lrm_resources><lrm_resource id="w"/></lrm_resources></lrm>
      </node_state></status></cib>)",
                       "t");
  ASSERT_TRUE(root.has_value());
  XmlHistorySource history(*root, "t");
  auto ids = [&](size_t index) {
    std::string out;
    Errors errors = history.ForEach(index, [&](const LrmResource& r) { out += r.id + ","; });
    EXPECT_TRUE(errors.empty()) << JoinErrors(errors);
    return out;
  };
  EXPECT_EQ(ids(0), "x,y,");
  EXPECT_EQ(ids(1), "");
  EXPECT_EQ(ids(2), "z,w,");
  EXPECT_EQ(ids(3), "");  // past the last node_state
}

}  // namespace
}  // namespace keel
