// Time is injected (a Clock) so tests drive it instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace sx {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock for tests: stands still until told to move.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint t) : now_(t.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void Advance(std::chrono::milliseconds d) {
    now_ += std::chrono::duration_cast<TimePoint::duration>(d).count();
  }

 private:
  std::atomic<TimePoint::rep> now_;
};

// RFC 3339 in UTC with milliseconds, e.g. "2026-11-28T04:14:54.123Z". This is the storage
// format for instants in every dialect, so that it sorts as text.
std::string FormatUtc(TimePoint t);

}  // namespace sx
