#include "crmd/cib/cib_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace keel {
namespace {

XmlNode Parsed(const std::string& text) {
  auto parsed = ParseXml(text, "saved");
  EXPECT_TRUE(parsed.has_value());
  return parsed.value_or(XmlNode{});
}

XmlNode Numbered(int i) {
  XmlNode n;
  n.name = "cib";
  n.SetAttr("epoch", std::to_string(i));
  return n;
}

TEST(CibWriter, WritesTheNewestAndSkipsSuperseded) {
  std::vector<std::string> written;  // touched by the writer thread only until Flush
  CibWriter writer([&](std::string text) -> std::expected<size_t, Error> {
    const XmlNode cib = Parsed(text);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    written.push_back(cib.AttrOr("epoch"));
    return {};
  });
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
    CibWriter writer([&](std::string text) -> std::expected<size_t, Error> {
      const XmlNode cib = Parsed(text);
      written.push_back(cib.AttrOr("epoch"));
      if (cib.AttrOr("epoch") == "1")
        return std::unexpected(Error{ErrorCode::kIo, "disk full", "/x"});
      return {};
    });
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
  CibWriter::SaveFn Save() {
    return [this](std::string text) -> std::expected<size_t, Error> {
      const XmlNode cib = Parsed(text);
      std::lock_guard lock(mu);
      written.push_back(cib.AttrOr("epoch") + "." + cib.AttrOr("num_updates"));
      return {};
    };
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
