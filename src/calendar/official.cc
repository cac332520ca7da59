#include "calendar/official.h"

namespace sx::calendar {

Result<Calendar> LoadOfficial() { return Calendar::Parse(OfficialData()); }

}  // namespace sx::calendar
