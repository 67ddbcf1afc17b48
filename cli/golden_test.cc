// Golden tests: crm text, haresources and keepalived.conf in cli/testdata, the CIB XML they
// must produce beside them. KEEL_REGENERATE=1 rewrites the expected files for review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/crm_apply.h"
#include "cli/crm_writer.h"
#include "cli/importer.h"
#include "cli/model_compare.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Regenerate() {
  const char* flag = std::getenv("KEEL_REGENERATE");
  return flag && std::string(flag) == "1";
}

std::vector<fs::path> Inputs(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ext) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Compares `actual` with the file (or rewrites it when regenerating).
void ExpectFile(const fs::path& path, const std::string& actual) {
  if (Regenerate()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " missing (run with KEEL_REGENERATE=1)";
  EXPECT_EQ(actual, Read(path)) << path;
}

// crm text -> configuration -> XML (golden), XML -> same model, model -> crm -> same model.
void CheckCrm(const fs::path& source, const std::string& crm, const fs::path& expected_xml) {
  SCOPED_TRACE(source.string());
  auto applied = ApplyCrmText({}, crm, ApplyMode::kCreate);
  ASSERT_TRUE(applied.has_value()) << JoinErrors(applied.error());
  Cib cib;
  cib.configuration = applied->config;
  std::string xml = SerializeCib(cib);
  ExpectFile(expected_xml, xml);
  auto parsed = ParseCib(Read(expected_xml), expected_xml.string());
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(WithoutLines(parsed->cib.configuration) == WithoutLines(applied->config))
      << "the XML does not parse back to the model of the crm text";
  auto shown = WriteCrm(applied->config);
  ASSERT_TRUE(shown.has_value()) << JoinErrors(shown.error());
  auto again = ApplyCrmText({}, *shown, ApplyMode::kCreate);
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << "\n" << *shown;
  EXPECT_TRUE(WithoutLines(again->config) == WithoutLines(applied->config)) << *shown;
}

std::string Notes(const ImportResult& result) {
  std::string notes;
  for (const std::string& n : result.mapped) notes += n + "\n";
  for (const std::string& n : result.not_imported) notes += n + "\n";
  for (const std::string& n : result.warnings) notes += n + "\n";
  return notes;
}

TEST(Golden, CrmSyntax) {
  auto files = Inputs("cli/testdata/crm", ".crm");
  ASSERT_GE(files.size(), 25u);
  for (const fs::path& f : files) {
    CheckCrm(f, Read(f), fs::path(f).replace_extension(".xml"));
  }
}

TEST(Golden, Haresources) {
  auto files = Inputs("cli/testdata/haresources", ".haresources");
  ASSERT_GE(files.size(), 10u);
  std::set<std::string> heartbeat_scripts = {"drbddisk", "MailTo"};
  auto is_heartbeat = [&](const std::string& name) { return heartbeat_scripts.contains(name); };
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    fs::path ha_cf = fs::path(f).replace_extension(".ha.cf");
    auto result = ImportHaresources(Read(f), fs::exists(ha_cf) ? Read(ha_cf) : "", is_heartbeat);
    ASSERT_TRUE(result.has_value()) << JoinErrors(result.error());
    ExpectFile(fs::path(f).replace_extension(".notes"), Notes(*result));
    CheckCrm(f, result->crm, fs::path(f).replace_extension(".xml"));
  }
}

TEST(Golden, Keepalived) {
  auto files = Inputs("cli/testdata/keepalived", ".conf");
  ASSERT_GE(files.size(), 5u);
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    // STEM.nodes ("NODE FILE" lines, FILE beside it) imports every node's file, the .conf
    // being the first node's.
    fs::path nodes = fs::path(f).replace_extension(".nodes");
    std::vector<KeepalivedFile> files;
    std::istringstream lines(fs::exists(nodes) ? Read(nodes) : "");
    for (std::string node, name; lines >> node >> name;) {
      fs::path path = f.parent_path() / name;
      files.push_back({node, path.filename().string(), Read(path)});
    }
    auto result = files.empty() ? ImportKeepalived(Read(f)) : ImportKeepalived(files);
    ASSERT_TRUE(result.has_value()) << JoinErrors(result.error());
    ExpectFile(fs::path(f).replace_extension(".notes"), Notes(*result));
    CheckCrm(f, result->crm, fs::path(f).replace_extension(".xml"));
  }
}

// Every configuration from Pacemaker's scheduler cases that crm syntax can express survives
// XML -> model -> crm -> model (ids crm syntax cannot carry are ignored).
TEST(Golden, PacemakerCasesRoundTrip) {
  const fs::path dir = "../shared/pcmk-scheduler";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " absent";
  int tried = 0, unsupported = 0, failed = 0;
  for (const fs::path& f : Inputs(dir.string(), ".xml")) {
    auto parsed = ParseCib(Read(f), f.string());
    if (!parsed) continue;
    const Configuration& config = parsed->cib.configuration;
    auto text = WriteCrm(config);
    if (!text) {
      ++unsupported;
      continue;
    }
    ++tried;
    auto again = ApplyCrmText({}, *text, ApplyMode::kCreate);
    bool same = again && WithoutUnwrittenIds(again->config) == WithoutUnwrittenIds(config);
    if (!same) ++failed;
    EXPECT_TRUE(same) << f << "\n" << (again ? *text : JoinErrors(again.error()));
  }
  std::cout << "pcmk round trip: " << tried << " configurations, " << unsupported
            << " not expressible in crm syntax, " << failed << " failed\n";
  EXPECT_GT(tried, 0);
}

}  // namespace
}  // namespace keel
