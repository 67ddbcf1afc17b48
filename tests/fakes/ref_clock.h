#pragma once
// A Clock for unit tests whose two times are integers the test owns and moves (read through
// references: a fixture's fields are the clock).

#include <cstdint>

#include "xml/base/event_loop.h"

namespace keel {

class RefClock : public Clock {
 public:
  RefClock(const int64_t& mono_ms, const int64_t& wall_ms) : mono_(mono_ms), wall_(wall_ms) {}
  int64_t MonotonicMs() const override { return mono_; }
  int64_t WallMs() const override { return wall_; }

 private:
  const int64_t& mono_;
  const int64_t& wall_;
};

}  // namespace keel
