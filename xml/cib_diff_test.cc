#include "xml/cib_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace keel {
namespace {

XmlNode Parse(std::string_view text) {
  std::expected<XmlNode, Error> node = ParseXml(text, "test.xml");
  EXPECT_TRUE(node.has_value()) << node.error().ToString();
  return node.value_or(XmlNode{});
}

constexpr std::string_view kBase =
    R"(<cib admin_epoch="0" epoch="4" num_updates="2" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources>
      <primitive id="vip" class="ocf" provider="keel" type="IPaddr">
        <operations><op id="vip-mon" name="monitor" interval="10s"/></operations>
      </primitive>
      <primitive id="proxy" class="ocf" provider="keel" type="Proxy"/>
      <primitive id="lvs" class="ocf" provider="keel" type="IPVSDirector"/>
      <primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>)";

CibPatch DiffOk(const XmlNode& from, const XmlNode& to) {
  std::expected<CibPatch, Error> patch = Diff(from, to);
  EXPECT_TRUE(patch.has_value()) << patch.error().ToString();
  return patch.value_or(CibPatch{});
}

XmlNode& Resources(XmlNode& cib) { return *cib.Child("configuration")->Child("resources"); }

TEST(CibVersionTest, ReadsDefaultsAndRejectsGarbage) {
  EXPECT_EQ(ReadVersion(Parse(kBase)).value(), (CibVersion{0, 4, 2}));
  EXPECT_EQ(ReadVersion(Parse("<cib/>")).value(), (CibVersion{0, 0, 0}));
  std::expected<CibVersion, Error> bad = ReadVersion(Parse("<cib\n epoch=\"x1\"/>"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().ToString(), "<cib> line 1: epoch is not a non-negative integer: 'x1'");
  EXPECT_FALSE(ReadVersion(Parse(R"(<cib num_updates="-1"/>)")).has_value());
  EXPECT_FALSE(ReadVersion(Parse(R"(<cib admin_epoch="1 "/>)")).has_value());
}

TEST(CibVersionTest, ComparesLexicographicallyAndBumps) {
  EXPECT_GT((CibVersion{1, 0, 0}), (CibVersion{0, 99, 99}));
  EXPECT_GT((CibVersion{0, 5, 0}), (CibVersion{0, 4, 99}));
  EXPECT_LT((CibVersion{0, 5, 1}), (CibVersion{0, 5, 2}));
  EXPECT_EQ(NextConfigVersion({2, 4, 7}), (CibVersion{2, 5, 0}));
  EXPECT_EQ(NextStatusVersion({2, 4, 7}), (CibVersion{2, 4, 8}));
  EXPECT_EQ(NextStatusVersion({0, 1, INT64_MAX}), (CibVersion{0, 1, INT64_MAX}));
  EXPECT_EQ(ReadVersion(Parse(R"(<cib epoch="9223372036854775808"/>)")).error().code,
            ErrorCode::kInvalid);  // beyond int64
  XmlNode stamped = WithVersion(Parse(R"(<cib epoch="1" x="y"/>)"), {3, 4, 5});
  EXPECT_EQ(SerializeXml(stamped, false),
            R"(<cib epoch="4" x="y" admin_epoch="3" num_updates="5"/>)");
}

TEST(CibVersionTest, ClassifiesAndStampsChanges) {
  XmlNode base = Parse(kBase);
  XmlNode status_change = base;
  status_change.Child("status")->AddChild("node_state").SetAttr("id", "1");
  status_change.SetAttr("dc-uuid", "1");
  XmlNode config_change = base;
  Resources(config_change).children[0].SetAttr("type", "IPaddr2");
  XmlNode version_only = WithVersion(base, {9, 9, 9});

  EXPECT_EQ(ClassifyChange(base, version_only), CibChange::kNone);
  EXPECT_EQ(ClassifyChange(base, status_change), CibChange::kStatus);
  EXPECT_EQ(ClassifyChange(base, config_change), CibChange::kConfiguration);
  EXPECT_EQ(ReadVersion(StampNextVersion(base, status_change).value()).value(),
            (CibVersion{0, 4, 3}));
  EXPECT_EQ(ReadVersion(StampNextVersion(base, config_change).value()).value(),
            (CibVersion{0, 5, 0}));
  EXPECT_EQ(ReadVersion(StampNextVersion(base, version_only).value()).value(),
            (CibVersion{0, 4, 2}));
}

TEST(XmlPathTest, FormatsAndParsesWithEscapes) {
  XmlPath path = {{"cib", std::nullopt, 1},
                  {"configuration", std::nullopt, 1},
                  {"op", std::nullopt, 3},
                  {"primitive", "it's a/b[\\]", 2}};
  std::string text = FormatPath(path);
  EXPECT_EQ(text, R"(/cib/configuration/op[3]/primitive[@id='it\'s a/b[\\]'][2])");
  EXPECT_EQ(ParsePath(text).value(), path);
  EXPECT_EQ(ParsePath("/cib/x[@id='']").value()[1].id, std::optional<std::string>(""));
}

TEST(XmlPathTest, RejectsBadPaths) {
  for (std::string_view bad : {"", "cib", "/cib//x", "/cib/x[@id='a]", "/cib/x[0]", "/cib/x[2",
                               "/cib/x[@id='a'", "/cib/x[a]"}) {
    std::expected<XmlPath, Error> path = ParsePath(bad);
    EXPECT_FALSE(path.has_value()) << bad;
  }
  EXPECT_EQ(ParsePath("/cib/x[0]").error().message,
            "bad path '/cib/x[0]': bad ordinal at offset 6");
}

TEST(CibDiffTest, IdenticalTreesGiveAnEmptyPatch) {
  XmlNode base = Parse(kBase);
  CibPatch patch = DiffOk(base, base);
  EXPECT_TRUE(patch.ops.empty());
  EXPECT_EQ(patch.source, patch.target);
  EXPECT_EQ(ApplyPatch(base, patch).value(), base);
}

TEST(CibDiffTest, AddingAPrimitiveIsOneCreatePlusTheVersion) {
  XmlNode from = Parse(kBase);
  XmlNode to = WithVersion(from, {0, 5, 0});
  XmlNode added = Parse(R"(<primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/>)");
  Resources(to).children.insert(Resources(to).children.begin() + 1, added);

  CibPatch patch = DiffOk(from, to);
  ASSERT_EQ(patch.ops.size(), 2u);
  EXPECT_EQ(std::get<ModifyOp>(patch.ops[0]),
            (ModifyOp{ParsePath("/cib").value(), {}, {{"epoch", "5"}, {"num_updates", "0"}}}));
  EXPECT_EQ(std::get<CreateOp>(patch.ops[1]),
            (CreateOp{ParsePath("/cib/configuration/resources").value(), 1, added}));
  EXPECT_EQ(ApplyPatch(from, patch).value(), to);
}

TEST(CibDiffTest, MovingOneChildToTheEndIsOneMove) {
  XmlNode from = Parse(kBase);
  XmlNode to = from;
  std::vector<XmlNode>& rs = Resources(to).children;
  std::rotate(rs.begin(), rs.begin() + 1, rs.end());  // vip goes last

  CibPatch patch = DiffOk(from, to);
  ASSERT_EQ(patch.ops.size(), 1u);
  EXPECT_EQ(std::get<MoveOp>(patch.ops[0]),
            (MoveOp{ParsePath("/cib/configuration/resources/primitive[@id='vip']").value(), 3}));
  EXPECT_EQ(ApplyPatch(from, patch).value(), to);
}

TEST(CibDiffTest, AttributeOrderIsReproduced) {
  XmlNode from = Parse(R"(<cib><x id="1" a="1" b="2" c="3"/></cib>)");
  XmlNode to = Parse(R"(<cib><x id="1" c="3" a="9" d="4"/></cib>)");
  CibPatch patch = DiffOk(from, to);
  ASSERT_EQ(patch.ops.size(), 1u);
  // id and c stay in place; a and b are unset; a and d are appended in order.
  EXPECT_EQ(std::get<ModifyOp>(patch.ops[0]),
            (ModifyOp{ParsePath("/cib/x[@id='1']").value(), {"a", "b"}, {{"a", "9"}, {"d", "4"}}}));
  EXPECT_EQ(SerializeXml(ApplyPatch(from, patch).value(), false), SerializeXml(to, false));
}

TEST(CibDiffTest, IdLessSiblingsAreMatchedByOrdinal) {
  XmlNode from = Parse(R"(<cib><ops><op n="1"/><op n="2"/><op n="3"/></ops></cib>)");
  XmlNode to = Parse(R"(<cib><ops><op n="1"/><op n="3"/></ops></cib>)");
  CibPatch patch = DiffOk(from, to);
  std::string text = SerializePatch(patch);
  EXPECT_EQ(text, R"(<patch format="1"><source admin_epoch="0" epoch="0" num_updates="0"/>)"
                  R"(<target admin_epoch="0" epoch="0" num_updates="0"/>)"
                  R"(<delete path="/cib/ops/op[3]"/>)"
                  R"(<modify path="/cib/ops/op[2]"><set name="n" value="3"/></modify></patch>)");
  EXPECT_EQ(ApplyPatch(from, patch).value(), to);
}

TEST(CibDiffTest, RefusesDifferentRootsAndBadVersions) {
  EXPECT_EQ(Diff(Parse("<cib/>"), Parse("<other/>")).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(Diff(Parse("<cib/>"), Parse(R"(<cib epoch="z"/>)")).error().code, ErrorCode::kInvalid);
}

TEST(CibPatchApplyTest, RefusesAPatchBuiltOnAnotherVersion) {
  XmlNode from = Parse(kBase);
  XmlNode to = WithVersion(from, {0, 5, 0});
  Resources(to).children.pop_back();
  CibPatch patch = DiffOk(from, to);
  XmlNode other = WithVersion(from, {0, 4, 3});
  const XmlNode before = other;
  std::expected<XmlNode, Error> result = ApplyPatch(other, patch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  EXPECT_EQ(result.error().message,
            "patch from version 0.4.2 to 0.5.0 does not apply to this CIB at version 0.4.3");
  EXPECT_EQ(other, before);
}

TEST(CibPatchApplyTest, RefusesMissingPathsWithoutHalfApplying) {
  XmlNode base = Parse(kBase);
  const XmlNode before = base;
  CibPatch patch{{0, 4, 2}, {0, 4, 2}, {}};
  patch.ops.push_back(
      DeleteOp{ParsePath("/cib/configuration/resources/primitive[@id='vip']").value()});
  patch.ops.push_back(
      DeleteOp{ParsePath("/cib/configuration/resources/primitive[@id='nope']").value()});
  std::expected<XmlNode, Error> result = ApplyPatch(base, patch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().ToString(),
            "/cib/configuration/resources/primitive[@id='nope']: patch names an element that "
            "does not exist: /cib/configuration/resources/primitive[@id='nope']");
  EXPECT_EQ(base, before);
}

TEST(CibPatchApplyTest, RefusesBadPositionsAndAWrongTarget) {
  XmlNode base = Parse(kBase);
  CibPatch create{
      {0, 4, 2}, {0, 4, 2}, {CreateOp{ParsePath("/cib/status").value(), 1, Parse("<x/>")}}};
  EXPECT_EQ(ApplyPatch(base, create).error().ToString(),
            "/cib/status: patch position 1 is beyond the 0 children");
  CibPatch move{{0, 4, 2}, {0, 4, 2}, {MoveOp{ParsePath("/cib/status").value(), 2}}};
  EXPECT_EQ(ApplyPatch(base, move).error().code, ErrorCode::kInvalid);
  CibPatch root{{0, 4, 2}, {0, 4, 2}, {DeleteOp{ParsePath("/cib").value()}}};
  EXPECT_EQ(ApplyPatch(base, root).error().message, "a patch cannot delete the root");
  CibPatch unset{{0, 4, 2}, {0, 4, 2}, {ModifyOp{ParsePath("/cib").value(), {"nope"}, {}}}};
  EXPECT_EQ(ApplyPatch(base, unset).error().code, ErrorCode::kNotFound);
  CibPatch wrong_target{{0, 4, 2}, {0, 5, 0}, {}};
  EXPECT_EQ(ApplyPatch(base, wrong_target).error().message,
            "patch result is at version 0.4.2, not the patch's target 0.5.0");
}

TEST(CibPatchMessageTest, RefusesMalformedMessages) {
  struct Case {
    std::string_view text;
    std::string_view error;
  };
  const std::string_view head =
      R"(<patch format="1"><source admin_epoch="0" epoch="1" num_updates="0"/>)"
      R"(<target admin_epoch="0" epoch="1" num_updates="0"/>)";
  std::vector<std::pair<std::string, std::string>> cases = {
      {"<patch", "msg:1: not well-formed XML: "},
      {"<cib/>", "msg:1: not a patch message: root element is <cib>"},
      {R"(<patch format="2"/>)", "msg:1: unsupported patch format '2' (expected '1')"},
      {R"(<patch format="1"><source/></patch>)",
       "msg:1: a patch starts with <source> and <target> versions"},
      {R"(<patch format="1"><source epoch="1" num_updates="0"/><target/></patch>)",
       "msg:1: <source> needs a 'admin_epoch' attribute"},
      {std::string(head) + "\n<delete/></patch>", "msg:2: <delete> needs a 'path' attribute"},
      {std::string(head) + "\n<delete path=\"cib\"/></patch>",
       "msg:2: bad path 'cib': expected '/' at offset 0"},
      {std::string(head) + "\n\n<move path=\"/cib\" position=\"-1\"/></patch>",
       "msg:3: <move> position is not a non-negative integer: '-1'"},
      {std::string(head) + "<create path=\"/cib\" position=\"0\"/></patch>",
       "msg:1: <create> holds exactly one element"},
      {std::string(head) + "<modify path=\"/cib\"><set name=\"a\"/></modify></patch>",
       "msg:1: <set> needs a 'value' attribute"},
      {std::string(head) + "<modify path=\"/cib\"><set name=\"a\" value=\"\"/><unset name=\"b\"/>"
                           "</modify></patch>",
       "msg:1: <modify> holds <unset> elements, then <set> elements; got <unset>"},
      {std::string(head) + "<replace path=\"/cib\"/></patch>",
       "msg:1: unknown patch operation <replace>"},
  };
  for (const auto& [text, error] : cases) {
    std::expected<CibPatch, Error> patch = ParsePatch(text, "msg");
    ASSERT_FALSE(patch.has_value()) << text;
    EXPECT_TRUE(patch.error().ToString().starts_with(error)) << patch.error().ToString();
  }
}

// ---- Property test: random CIB-like trees --------------------------------------------------

class TreeGen {
 public:
  explicit TreeGen(uint32_t seed) : rng_(seed) {}

  XmlNode Cib() {
    XmlNode cib = WithVersion(XmlNode{"cib", {{"validate-with", "pacemaker-3.0"}}, {}, 0},
                              {Int(0, 2), Int(0, 50), Int(0, 50)});
    XmlNode& config = cib.AddChild("configuration");
    for (std::string_view section : {"crm_config", "nodes", "resources", "constraints"}) {
      XmlNode& s = config.AddChild(section);
      for (int i = Int(0, 5); i > 0; --i) s.children.push_back(Element(2));
    }
    XmlNode& status = cib.AddChild("status");
    for (int i = Int(0, 3); i > 0; --i) status.children.push_back(Element(2));
    return cib;
  }

  // A changed copy: attributes set, unset and reordered, ids changed, children added, removed,
  // swapped and shuffled, at random places.
  XmlNode Mutate(XmlNode node, int depth) {
    if (Chance(15)) node.SetAttr(Pick(kAttrNames), Value());
    std::vector<XmlAttribute> attrs;
    for (const XmlAttributeView a : node.attributes) {
      attrs.push_back({std::string(a.name), std::string(a.value)});
    }
    if (Chance(10) && !attrs.empty()) attrs.erase(attrs.begin() + Int(0, attrs.size() - 1));
    if (Chance(8)) std::shuffle(attrs.begin(), attrs.end(), rng_);
    node.attributes.Clear();
    for (const XmlAttribute& a : attrs) node.attributes.Append(a.name, a.value);
    if (depth > 0 && Chance(5)) node.SetAttr("id", Pick(kIds));
    std::vector<XmlNode>& kids = node.children;
    if (Chance(15) && !kids.empty()) kids.erase(kids.begin() + Int(0, kids.size() - 1));
    if (Chance(15)) kids.insert(kids.begin() + Int(0, kids.size()), Element(depth + 1));
    if (Chance(10) && kids.size() > 1) std::swap(kids[Int(0, kids.size() - 1)], kids.back());
    if (Chance(5)) std::shuffle(kids.begin(), kids.end(), rng_);
    for (XmlNode& child : kids) {
      if (Chance(50)) child = Mutate(std::move(child), depth + 1);
    }
    return node;
  }

  CibVersion Version() { return {Int(0, 2), Int(0, 50), Int(0, 50)}; }

 private:
  static constexpr std::string_view kNames[] = {
      "primitive", "op", "nvpair", "group", "rule", "expression", "operations", "meta_attributes"};
  static constexpr std::string_view kIds[] = {"a", "b", "c", "d", "it's", "p/q[1]", ""};
  static constexpr std::string_view kAttrNames[] = {"class", "type",     "value",   "name",
                                                    "score", "interval", "provider"};

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  int Int(int lo, size_t hi) { return Int(lo, static_cast<int>(hi)); }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  template <size_t N>
  std::string Pick(const std::string_view (&from)[N]) {
    return std::string(from[Int(0, static_cast<int>(N) - 1)]);
  }
  std::string Value() {
    static constexpr std::string_view kChars = "abcXYZ019 &<>\"'\n\t\r/[]@=-_\\\xc3\xa9";
    std::string out;
    for (int i = Int(0, 6); i > 0; --i) out += kChars[Int(0, kChars.size() - 1)];
    return out;
  }

  XmlNode Element(int depth) {
    XmlNode node{Pick(kNames), {}, {}, 0};
    std::vector<std::string> attrs(std::begin(kAttrNames), std::end(kAttrNames));
    std::shuffle(attrs.begin(), attrs.end(), rng_);
    if (Chance(70)) attrs.insert(attrs.begin() + Int(0, 2), "id");
    for (int i = Int(0, 4); i > 0 && !attrs.empty(); --i) {
      node.attributes.Append(attrs.back(), attrs.back() == "id" ? Pick(kIds) : Value());
      attrs.pop_back();
    }
    if (depth < 5) {
      for (int i = Int(0, 4); i > 0; --i) node.children.push_back(Element(depth + 1));
    }
    return node;
  }

  std::mt19937 rng_;
};

TEST(CibDiffPropertyTest, ApplyOfDiffReproducesTheTargetAndMessagesRoundTrip) {
  TreeGen gen(20240611);
  size_t ops = 0;
  for (int round = 0; round < 400; ++round) {
    XmlNode from = gen.Cib();
    // Mostly related pairs (a mutated copy), sometimes two unrelated trees.
    XmlNode to = round % 8 == 0 ? gen.Cib() : gen.Mutate(from, 0);
    to = WithVersion(std::move(to), gen.Version());
    CibPatch patch = DiffOk(from, to);
    ops += patch.ops.size();
    std::expected<XmlNode, Error> applied = ApplyPatch(from, patch);
    ASSERT_TRUE(applied.has_value()) << "round " << round << ": " << applied.error().ToString();
    ASSERT_EQ(SerializeXml(*applied), SerializeXml(to)) << "round " << round;

    std::string message = SerializePatch(patch, round % 2 == 0);
    std::expected<CibPatch, Error> parsed = ParsePatch(message, "msg");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString() << "\n" << message;
    ASSERT_EQ(*parsed, patch) << "round " << round << "\n" << message;

    if (patch.source != patch.target) {
      XmlNode stale = WithVersion(from, patch.target);
      EXPECT_EQ(ApplyPatch(stale, patch).error().code, ErrorCode::kConflict);
    }
  }
  EXPECT_GT(ops, 2000u);  // the generator really produced changes
}

TEST(CibDiffPropertyTest, PatchesOnDivergedTreesFailCleanly) {
  // A patch applied to a diverged tree that claims the right version either applies or fails
  // with a path or position error; the input is never modified. (Run under ASan for memory.)
  TreeGen gen(7);
  for (int round = 0; round < 200; ++round) {
    XmlNode from = gen.Cib();
    XmlNode to = gen.Mutate(from, 0);
    CibPatch patch = DiffOk(from, to);
    XmlNode other = WithVersion(gen.Mutate(from, 0), patch.source);
    const XmlNode before = other;
    std::expected<XmlNode, Error> result = ApplyPatch(other, patch);
    if (!result) {
      EXPECT_TRUE(result.error().code == ErrorCode::kNotFound ||
                  result.error().code == ErrorCode::kInvalid)
          << result.error().ToString();
    }
    EXPECT_EQ(other, before);
  }
}

TEST(CibDiffCorpusTest, PacemakerSchedulerCasesDiffExactly) {
  // Real CIBs: each case against the next one (unrelated clusters, so large patches), when the
  // shared corpus is present next to the repository.
  const std::filesystem::path dir = "../shared/pcmk-scheduler";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<XmlNode> cibs;
  for (const auto& file : files) {
    std::stringstream text;
    text << std::ifstream(file).rdbuf();
    std::expected<XmlNode, Error> cib = ParseXml(text.str(), file.string());
    if (cib && ReadVersion(*cib)) cibs.push_back(std::move(*cib));
  }
  ASSERT_GT(cibs.size(), 50u);
  for (std::size_t i = 0; i + 1 < cibs.size(); ++i) {
    CibPatch patch = DiffOk(cibs[i], cibs[i + 1]);
    ASSERT_EQ(ApplyPatch(cibs[i], patch).value(), cibs[i + 1]) << files[i];
    ASSERT_EQ(ParsePatch(SerializePatch(patch), "msg").value(), patch) << files[i];
  }
}

}  // namespace
}  // namespace keel
