// Demo data of 郑州住房公积金管理中心, so a new installation shows something real.
#pragma once

#include "services/calendar_service.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

// Loads the demo data into an empty database (kConflict when it already holds agencies).
Status LoadDemo(store::Database& db, const Clock& clock);

// Loads the demo data only when the database holds no agency yet; true when it did.
Result<bool> LoadDemoIfEmpty(store::Database& db, const Clock& clock);

// The center's deadlines, dated relative to today so that some are on time, due soon, overdue,
// done on time and done late, and one 90-day case deadline reaches the first year without a
// schedule (provisional). Needs the demo accounts (CreateDemoAccounts).
Status LoadDemoDeadlines(store::Database& db, const Clock& clock, CalendarService& calendar);

class CaseService;

// Demo cases in several stages (a lead, one under investigation, one at 事先告知 after legal
// review, a 第38条 case, and one decided, paid, closed and archived), taken through the real
// workflow. Needs the demo accounts.
Status LoadDemoCases(store::Database& db, CaseService& cases);

class DisclosureService;
class DeadlineService;

// The demo's 执法公示 (after LoadDemoCases): today's decision published, and a year of earlier
// decisions published, corrected, withdrawn, an overdue draft and one waiting (docs/disclosure.md).
Status LoadDemoDisclosures(store::Database& db, DisclosureService& disclosures,
                           CalendarService& calendar, DeadlineService& deadlines,
                           const Clock& clock);

class InspectionService;

// The demo's 双随机 (docs/draw.md): 60 targets, the item list, two conflicts and one plan drawn
// today with a published result. Needs the demo officers and power items.
Status LoadDemoInspections(store::Database& db, InspectionService& inspections);

}  // namespace sx::services
