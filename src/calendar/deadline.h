// Due dates of deadline rules (domain/deadline.h) on the official calendar.
#pragma once

#include "calendar/calendar.h"
#include "domain/deadline.h"

namespace sx::calendar {

// The last day of `period` started by an event on `start`: working days counted from the day
// after (negative amounts count back: 听证通知 7 working days ahead of the hearing); calendar days
// and months moved off a day off; kByDateNextYear is that date of the next year, moved off a day
// off likewise. The Due carries the explanation and the provisional flag.
Result<Due> DueDate(const Calendar& calendar, const domain::Period& period, Date start);

}  // namespace sx::calendar
