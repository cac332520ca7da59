// The State Council schedules shipped with the program (data/calendar/cn-official.json, embedded
// at build time), so the binary needs no data directory.
#pragma once

#include <string_view>

#include "calendar/calendar.h"
#include "util/status.h"

namespace sx::calendar {

// The embedded document, byte for byte as in data/calendar/cn-official.json.
std::string_view OfficialData();

// The calendar of the embedded document. It is checked by the tests, so an error here means a
// broken build; callers load it once at start-up and merge imported years into it.
Result<Calendar> LoadOfficial();

}  // namespace sx::calendar
