#include "cli/metadata_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace keel {
namespace {

namespace fs = std::filesystem;

class MetaDataCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("keel-mdcache-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    agent_ = (dir_ / "Agent").string();
    std::ofstream(agent_) << "#!/bin/sh\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Get(MetaDataCache& cache, std::string answer = "<resource-agent/>") {
    return cache.Get(agent_, [&] {
      ++runs_;
      return answer;
    });
  }

  fs::path dir_;
  std::string agent_;
  int runs_ = 0;
};

TEST_F(MetaDataCacheTest, AnAgentRunsOnceAcrossProcessesUntilItChanges) {
  MetaDataCache first((dir_ / "cache").string());
  EXPECT_EQ(Get(first), "<resource-agent/>");
  EXPECT_EQ(Get(first), "<resource-agent/>");
  EXPECT_EQ(runs_, 1);
  MetaDataCache next_run((dir_ / "cache").string());  // as the next crm process
  EXPECT_EQ(Get(next_run), "<resource-agent/>");
  EXPECT_EQ(runs_, 1);
  std::ofstream(agent_, std::ios::app) << "# changed\n";
  MetaDataCache after_change((dir_ / "cache").string());
  EXPECT_EQ(Get(after_change, "<resource-agent name=\"new\"/>"), "<resource-agent name=\"new\"/>");
  EXPECT_EQ(runs_, 2);
}

TEST_F(MetaDataCacheTest, EmptyAnswersAndMemoryOnlyCachesAreNotKept) {
  MetaDataCache cache((dir_ / "cache").string());
  EXPECT_EQ(Get(cache, ""), "");
  EXPECT_EQ(Get(cache, ""), "");
  EXPECT_EQ(runs_, 2);
  MetaDataCache memory("");
  Get(memory);
  Get(memory);
  EXPECT_EQ(runs_, 3);
  MetaDataCache other("");
  Get(other);
  EXPECT_EQ(runs_, 4);
  // A missing agent is run (and fails) every time, never cached.
  agent_ = (dir_ / "missing").string();
  Get(cache, "");
  Get(cache, "");
  EXPECT_EQ(runs_, 6);
}

}  // namespace
}  // namespace keel
