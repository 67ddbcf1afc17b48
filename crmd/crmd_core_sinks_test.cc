// CrmdCore::Create refuses a core whose required sinks are unset, naming them (a missing sink
// is an error at construction, never a silent change of behaviour).

#include <gtest/gtest.h>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core.h"
#include "tests/fakes/fake_bus.h"
#include "tests/fakes/quiet_sinks.h"
#include "tests/fakes/ref_clock.h"

namespace keel {
namespace {

class CoreSinksTest : public ::testing::Test {
 protected:
  std::expected<std::unique_ptr<CrmdCore>, Error> Create(CoreSinks sinks) {
    return CrmdCore::Create(network_.AddNode(1), EmptyCib(),
                            [](const XmlNode&, std::string_view) { return Errors{}; },
                            std::move(sinks));
  }

  FakeNetwork network_{1};
  int64_t mono_ms_ = 0;
  int64_t wall_ms_ = 0;
  RefClock clock_{mono_ms_, wall_ms_};
};

TEST_F(CoreSinksTest, EveryRequiredSinkSetIsACore) {
  EXPECT_TRUE(MissingSinks(QuietSinks(clock_)).empty());
  EXPECT_TRUE(Create(QuietSinks(clock_)).has_value());
  CoreSinks cib_only = QuietSinks(clock_);
  cib_only.resources.reset();
  cib_only.alerts.reset();
  EXPECT_TRUE(Create(std::move(cib_only)).has_value()) << "a CIB-only member without alerts";
}

TEST_F(CoreSinksTest, AMissingRequiredSinkIsAnErrorNamingIt) {
  CoreSinks sinks = QuietSinks(clock_);
  sinks.clock = nullptr;
  sinks.answer = nullptr;
  auto core = Create(sinks);
  ASSERT_FALSE(core.has_value());
  EXPECT_EQ(core.error().message, "crmd core: required sinks not set: clock, answer");
}

TEST_F(CoreSinksTest, ChosenCapabilitiesMustBeComplete) {
  CoreSinks sinks = QuietSinks(clock_);
  sinks.resources->fence_timer = nullptr;
  sinks.alerts->utc_offset_s = nullptr;
  EXPECT_EQ(MissingSinks(sinks),
            (std::vector<std::string>{"resources.fence_timer", "alerts.utc_offset_s"}));
  EXPECT_FALSE(Create(sinks).has_value());
}

}  // namespace
}  // namespace keel
