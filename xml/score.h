#pragma once
// Pacemaker scores: integers saturated at +/-INFINITY (1,000,000). Adding -INFINITY
// to anything gives -INFINITY, even +INFINITY (a ban beats a preference).

#include <compare>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace keel {

class Score {
 public:
  static constexpr int64_t kInfinity = 1'000'000;

  constexpr Score() = default;
  // Clamps to [-INFINITY, +INFINITY].
  constexpr explicit Score(int64_t value)
      : value_(value > kInfinity ? kInfinity : (value < -kInfinity ? -kInfinity : value)) {}

  static constexpr Score Infinity() { return Score(kInfinity); }
  static constexpr Score MinusInfinity() { return Score(-kInfinity); }

  // Accepts "INFINITY", "+INFINITY", "-INFINITY", "inf" spellings and decimal integers
  // (out-of-range integers saturate). Anything else is an error message.
  static std::expected<Score, std::string> Parse(std::string_view text);

  constexpr int64_t value() const { return value_; }
  constexpr bool IsInfinite() const { return value_ == kInfinity; }
  constexpr bool IsMinusInfinite() const { return value_ == -kInfinity; }

  // "INFINITY", "-INFINITY" or the decimal value.
  std::string ToString() const;

  friend constexpr Score operator+(Score a, Score b) {
    if (a.value_ == -kInfinity || b.value_ == -kInfinity) return MinusInfinity();
    if (a.value_ == kInfinity || b.value_ == kInfinity) return Infinity();
    return Score(a.value_ + b.value_);
  }
  constexpr Score& operator+=(Score other) { return *this = *this + other; }
  friend constexpr auto operator<=>(Score, Score) = default;

 private:
  int64_t value_ = 0;
};

}  // namespace keel
