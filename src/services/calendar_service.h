// The effective working-day calendar (工作日历): the State Council schedules shipped with the
// program plus the versions imported since (calendar_years), and the import itself — validated,
// stored, recorded in the ledger, and followed by recomputing every open deadline it can move.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calendar/calendar.h"
#include "services/ledger_service.h"
#include "store/database.h"
#include "store/deadline_repository.h"
#include "util/clock.h"

namespace sx::services {

// The latest version of one year's schedule, for the public list.
struct CalendarYearInfo {
  int year = 0;
  int version = 0;
  std::string notice;
  std::string number;                                // 发文字号, "" when not known
  std::optional<domain::Date> dated = std::nullopt;  // 成文日期
  bool imported = false;  // the version was imported (else it ships with the program)
};

struct CalendarImport {
  calendar::YearChange change;
  std::string change_text;  // YearChange::ToString(), or that nothing changed
  int recomputed = 0;       // open deadlines whose due date moved
};

// A year's stored versions as its ledger record (`calendar_year:<year>`): the latest version in
// full and a digest of each earlier one. `rows` are that year's rows, by version.
RecordFields CalendarYearFields(const std::vector<store::CalendarYearRecord>& rows);

class CalendarService {
 public:
  // Loads the official data and merges the stored versions. A stored year that no longer merges
  // (the program now ships a different version) is skipped and reported in warnings().
  // `db` and `clock` must outlive the service.
  static Result<std::unique_ptr<CalendarService>> Create(
      store::Database& db, const Clock& clock,
      std::chrono::seconds refresh = std::chrono::seconds(10));

  // The calendar in effect. Another process may import a year: at most every `refresh` the
  // service checks whether the stored versions changed and reloads them.
  std::shared_ptr<const calendar::Calendar> Current();
  // The latest version of every year with a schedule, by year.
  std::vector<CalendarYearInfo> Years();
  // The first year after the earliest schedule that has none: from there on dates are
  // provisional (临时).
  int ProvisionalFrom();
  std::vector<std::string> warnings();

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // Imports a calendar document holding one year (Calendar::MergeYear): an invalid document is
  // kInvalid and changes nothing; rewriting a published version is kConflict. Stores the new
  // versions, appends the `calendar_year:<year>` leaf and recomputes the open deadlines, all in
  // one transaction. Importing what is already loaded changes nothing.
  Result<CalendarImport> ImportYear(std::string_view json, std::int64_t actor_id);

 private:
  struct State {
    std::shared_ptr<const calendar::Calendar> calendar;
    std::set<std::pair<int, int>> imported;  // (year, version) that came from the database
    std::int64_t last_id = 0;
    std::vector<std::string> warnings;
  };

  CalendarService(store::Database& db, const Clock& clock, calendar::Calendar official,
                  std::chrono::seconds refresh);
  // The official calendar with `rows` merged on top.
  State Build(const std::vector<store::CalendarYearRecord>& rows) const;
  Status Reload();
  std::shared_ptr<const State> Snapshot();

  store::Database& db_;
  const Clock& clock_;
  const calendar::Calendar official_;
  const std::chrono::seconds refresh_;
  std::unique_ptr<store::CalendarRepository> repo_;
  std::mutex mu_;  // guards state_ and checked_
  std::shared_ptr<const State> state_;
  TimePoint checked_{};
};

}  // namespace sx::services
