#include "util/clock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sx {

std::string FormatUtc(TimePoint t) {
  auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  auto secs = std::chrono::floor<std::chrono::seconds>(ms);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", secs, (ms - secs).count());
}

}  // namespace sx
