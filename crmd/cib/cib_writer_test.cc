#include "crmd/cib/cib_writer.h"

#include <gtest/gtest.h>

#include <chrono>

namespace keel {
namespace {

XmlNode Numbered(int i) {
  XmlNode n;
  n.name = "cib";
  n.SetAttr("epoch", std::to_string(i));
  return n;
}

TEST(CibWriter, WritesTheNewestAndSkipsSuperseded) {
  std::vector<std::string> written;  // touched by the writer thread only until Flush
  CibWriter writer([&](const XmlNode& cib) -> std::expected<void, Error> {
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
    CibWriter writer([&](const XmlNode& cib) -> std::expected<void, Error> {
      written.push_back(cib.AttrOr("epoch"));
      if (cib.AttrOr("epoch") == "1") return std::unexpected(Error{ErrorCode::kIo, "disk full", "/x"});
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

}  // namespace
}  // namespace keel
