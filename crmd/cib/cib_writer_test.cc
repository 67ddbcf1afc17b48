#include "crmd/cib/cib_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "crmd/cib/cib_document.h"
#include "crmd/cib/cib_file.h"

namespace keel {
namespace {

XmlNode Parsed(const std::string& text) {
  auto parsed = ParseXml(text, "saved");
  EXPECT_TRUE(parsed.has_value());
  return parsed.value_or(XmlNode{});
}

using SaveText = std::function<std::expected<size_t, Error>(std::string text)>;

// Stages the CIB's text in memory; the commit (on the writer thread) hands it to `save`.
CibWriter::StageFn Staging(SaveText save) {
  return [save = std::move(save)](const XmlNode& cib) -> std::expected<CibWriter::Staged, Error> {
    return CibWriter::Staged(
        [save, text = SerializeXml(cib)]() mutable { return save(std::move(text)); });
  };
}

XmlNode Numbered(int i) {
  XmlNode n;
  n.name = "cib";
  n.SetAttr("epoch", std::to_string(i));
  return n;
}

TEST(CibWriter, WritesTheNewestAndSkipsSuperseded) {
  std::vector<std::string> written;  // touched by the writer thread only until Flush
  CibWriter writer(Staging([&](std::string text) -> std::expected<size_t, Error> {
    const XmlNode cib = Parsed(text);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    written.push_back(cib.AttrOr("epoch"));
    return {};
  }));
  for (int i = 1; i <= 50; ++i) writer.Submit(Numbered(i));
  writer.Flush();
  ASSERT_FALSE(written.empty());
  EXPECT_EQ(written.back(), "50");
  EXPECT_LT(written.size(), 50u) << "superseded versions should be skipped while a save runs";
  for (size_t i = 1; i < written.size(); ++i) {
    EXPECT_LT(std::stoi(written[i - 1]), std::stoi(written[i])) << "written out of order";
  }
}

TEST(CibWriter, ReportsErrorsAndWritesPendingOnDestruction) {
  std::vector<std::string> written;
  {
    CibWriter writer(Staging([&](std::string text) -> std::expected<size_t, Error> {
      const XmlNode cib = Parsed(text);
      written.push_back(cib.AttrOr("epoch"));
      if (cib.AttrOr("epoch") == "1")
        return std::unexpected(Error{ErrorCode::kIo, "disk full", "/x"});
      return {};
    }));
    writer.Submit(Numbered(1));
    writer.Flush();
    auto errors = writer.TakeErrors();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, "disk full");
    EXPECT_TRUE(writer.TakeErrors().empty());
    writer.Submit(Numbered(2));
  }
  EXPECT_EQ(written.back(), "2") << "destruction must write what is pending";
}

XmlNode Versioned(int epoch, int num_updates) {
  XmlNode n = Numbered(epoch);
  n.SetAttr("num_updates", std::to_string(num_updates));
  return n;
}

// Polls `done` for up to `bound`; true when it held in time.
bool WithinBound(const std::function<bool()>& done, std::chrono::milliseconds bound) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return done();
}

struct Recorder {
  std::mutex mu;
  std::vector<std::string> written;  // "epoch.num_updates"
  CibWriter::StageFn Save() {
    return Staging([this](std::string text) -> std::expected<size_t, Error> {
      const XmlNode cib = Parsed(text);
      std::lock_guard lock(mu);
      written.push_back(cib.AttrOr("epoch") + "." + cib.AttrOr("num_updates"));
      return {};
    });
  }
  std::vector<std::string> Written() {
    std::lock_guard lock(mu);
    return written;
  }
};

TEST(CibWriter, StatusOnlyChangesWaitForTheIntervalAndFlushWritesTheNewest) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::hours(1));
  writer.Submit(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  for (int u = 1; u <= 100; ++u) writer.Submit(Versioned(1, u));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(writer.saves(), 1u) << "a status-only change was written before its interval";
  writer.Flush();
  EXPECT_EQ(rec.Written(), (std::vector<std::string>{"1.0", "1.100"}));
}

TEST(CibWriter, AConfigurationChangeIsWrittenAtOnceEvenWhileStatusWaits) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::hours(1));
  writer.Submit(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  writer.Submit(Versioned(1, 1));  // held back
  writer.Submit(Versioned(2, 0));  // a configuration change: not held
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 2; }, std::chrono::seconds(10)))
      << "the configuration change waited for the status interval";
  EXPECT_EQ(rec.Written().back(), "2.0");
}

TEST(CibWriter, StatusChangesAfterTheIntervalAreWritten) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::milliseconds(20));
  writer.Submit(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  writer.Submit(Versioned(1, 1));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 2; }, std::chrono::seconds(10)))
      << "a status change was never written without a flush";
  EXPECT_EQ(rec.Written().back(), "1.1");
}

TEST(CibWriter, DestructionWritesAHeldStatusChange) {
  Recorder rec;
  {
    CibWriter writer(rec.Save(), std::chrono::hours(1));
    writer.Submit(Versioned(1, 0));
    ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
    writer.Submit(Versioned(1, 7));
  }
  EXPECT_EQ(rec.Written(), (std::vector<std::string>{"1.0", "1.7"}));
}

TEST(CibWriter, OfferSkipsTheCopyOfAHeldStatusChangeAndSaysItIsStale) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::hours(1));
  writer.Offer(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  for (int u = 1; u <= 50; ++u) writer.Offer(Versioned(1, u));  // the interval runs: no copy
  EXPECT_TRUE(writer.stale());
  EXPECT_FALSE(writer.due());
  writer.Submit(Versioned(1, 50));  // what the daemon does before its last write
  EXPECT_FALSE(writer.stale());
  writer.Offer(Versioned(2, 0));  // a configuration change is always taken whole, at once
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 2; }, std::chrono::seconds(10)));
  EXPECT_EQ(rec.Written(), (std::vector<std::string>{"1.0", "2.0"}));
}

TEST(CibWriter, AStaleStatusIsDueOnceTheIntervalIsOver) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::milliseconds(50));
  writer.Offer(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  writer.Offer(Versioned(1, 1));
  EXPECT_TRUE(writer.stale());
  ASSERT_TRUE(WithinBound([&] { return writer.due(); }, std::chrono::seconds(10)));
  writer.Submit(Versioned(1, 1));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 2; }, std::chrono::seconds(10)));
  EXPECT_EQ(rec.Written().back(), "1.1");
}

TEST(CibWriter, AStatusChangeOfferedAtOnceIsNotHeld) {
  Recorder rec;
  CibWriter writer(rec.Save(), std::chrono::hours(1));
  writer.Offer(Versioned(1, 0));
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 1; }, std::chrono::seconds(10)));
  writer.Offer(Versioned(1, 1), true);  // e.g. the DC marked a node down
  writer.Offer(Versioned(1, 2));        // a later status change does not take that back
  ASSERT_TRUE(WithinBound([&] { return writer.saves() == 2; }, std::chrono::seconds(10)))
      << "the status change offered at once waited for the interval";
  EXPECT_NE(rec.Written().back(), "1.0");
}

TEST(CibWriter, StagesOnTheCallingThreadAndCommitsOnTheWriterThread) {
  std::mutex mu;
  std::vector<std::thread::id> staged_on, committed_on;
  CibWriter writer([&](const XmlNode&) -> std::expected<CibWriter::Staged, Error> {
    std::lock_guard lock(mu);
    staged_on.push_back(std::this_thread::get_id());
    return CibWriter::Staged([&]() -> std::expected<size_t, Error> {
      std::lock_guard lock(mu);
      committed_on.push_back(std::this_thread::get_id());
      return 1;
    });
  });
  writer.Submit(Numbered(1));
  writer.Flush();
  std::lock_guard lock(mu);
  ASSERT_EQ(staged_on.size(), 1u);
  ASSERT_EQ(committed_on.size(), 1u);
  EXPECT_EQ(staged_on[0], std::this_thread::get_id());
  EXPECT_NE(committed_on[0], std::this_thread::get_id());
}

// Counts the staged CIBs that were committed and those dropped uncommitted (their files removed).
struct StagedCounts {
  std::mutex mu;
  int committed = 0;
  int abandoned = 0;
  struct Token {
    StagedCounts* counts;
    bool used = false;
    explicit Token(StagedCounts* c) : counts(c) {}
    Token(Token&& other) noexcept
        : counts(std::exchange(other.counts, nullptr)), used(other.used) {}
    ~Token() {
      if (counts == nullptr) return;
      std::lock_guard lock(counts->mu);
      ++(used ? counts->committed : counts->abandoned);
    }
  };
  CibWriter::StageFn Stage() {
    return [this](const XmlNode&) -> std::expected<CibWriter::Staged, Error> {
      return CibWriter::Staged([token = Token(this)]() mutable -> std::expected<size_t, Error> {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        token.used = true;
        return 1;
      });
    };
  }
};

TEST(CibWriter, AStagedCibReplacedBeforeItsCommitIsAbandoned) {
  StagedCounts counts;
  {
    CibWriter writer(counts.Stage());
    for (int i = 1; i <= 40; ++i) writer.Submit(Numbered(i));
    writer.Flush();
    std::lock_guard lock(counts.mu);
    EXPECT_EQ(counts.committed + counts.abandoned, 40);
    EXPECT_GT(counts.abandoned, 0) << "superseded versions should be skipped while a save runs";
    EXPECT_EQ(static_cast<size_t>(counts.committed), writer.saves());
  }
}

TEST(CibWriter, AStagingErrorIsReportedAndTheCibStaysStaleUntilWritten) {
  Recorder rec;
  CibWriter::StageFn save = rec.Save();
  bool disk_full = true;  // the calling thread's only
  CibWriter writer(
      [&](const XmlNode& cib) -> std::expected<CibWriter::Staged, Error> {
        if (disk_full) return std::unexpected(Error{ErrorCode::kIo, "No space left", "/cib"});
        return save(cib);
      },
      std::chrono::milliseconds(200));
  writer.Submit(Versioned(1, 0));
  writer.Flush();  // nothing was queued: returns at once
  auto errors = writer.TakeErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), "/cib: No space left");
  EXPECT_EQ(writer.saves(), 0u) << "a write that did not happen was counted";
  EXPECT_TRUE(writer.stale());
  // Retried like a failed save: once the status interval is over.
  EXPECT_FALSE(writer.due());
  ASSERT_TRUE(WithinBound([&] { return writer.due(); }, std::chrono::seconds(10)));
  disk_full = false;
  writer.Submit(Versioned(1, 0));
  writer.Flush();
  EXPECT_FALSE(writer.stale());
  EXPECT_EQ(rec.Written(), (std::vector<std::string>{"1.0"}));
  EXPECT_TRUE(writer.TakeErrors().empty());
}

class CibWriterOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/keel-cib-writer-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // The daemon's wiring (crmd/daemon.cc).
  static CibWriter::StageFn Stage(CibFile& disk) {
    return [&disk](const XmlNode& cib) -> std::expected<CibWriter::Staged, Error> {
      auto staged = disk.Stage(cib);
      if (!staged) return std::unexpected(staged.error());
      return CibWriter::Staged([&disk, staged = std::move(*staged)]() mutable {
        return disk.Commit(std::move(staged));
      });
    };
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      names.push_back(entry.path().filename());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string dir_;
};

XmlNode CibAt(int epoch) {
  XmlNode cib = EmptyCib();
  cib.SetAttr("epoch", std::to_string(epoch));
  return cib;
}

TEST_F(CibWriterOnDisk, WritesTheNewestVersionAndLeavesNoTempFile) {
  std::ofstream(dir_ + "/cib.xml.tmp.3") << "<cib";  // a crash interrupted a write
  std::unique_ptr<CibFile> disk = CibFile::Open(dir_).value();
  EXPECT_TRUE(Files().empty());
  {
    CibWriter writer(Stage(*disk));
    for (int epoch = 1; epoch <= 30; ++epoch) writer.Submit(CibAt(epoch));
    writer.Flush();
    EXPECT_TRUE(writer.TakeErrors().empty());
    writer.Submit(CibAt(31));
  }
  LoadedCib loaded = disk->Load().value();
  ASSERT_TRUE(loaded.cib.has_value());
  EXPECT_EQ(loaded.cib->AttrOr("epoch"), "31");
  for (const std::string& name : Files()) EXPECT_TRUE(CibStore::SequenceOf(name)) << name;
}

TEST(StatusWriteInterval, GrowsWithTheSizeOfTheLastSaveUpToTheMaximum) {
  using std::chrono::seconds;
  StatusWriteInterval rule{seconds(2), seconds(1), seconds(30)};
  EXPECT_EQ(rule.After(0), seconds(2));
  EXPECT_EQ(rule.After(4 * 1048576), seconds(6));
  EXPECT_EQ(rule.After(100 * 1048576), seconds(30));
  EXPECT_EQ(StatusWriteInterval{seconds(2)}.After(100 * 1048576), seconds(2));
}

}  // namespace
}  // namespace keel
