// Repository of the deadline tracker (期限管理): open and finished deadlines with their extensions
// and due-date changes, and each agency's own periods (overrides of the rule catalogue,
// domain/deadline.h). Every call runs inside the caller's transaction (`Tx`).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"
#include "store/database.h"

namespace sx::store {

// 延长期限: an extension with who approved it.
struct DeadlineExtension {
  std::int64_t id = 0;
  std::int64_t deadline_id = 0;
  int days = 0;
  std::string reason;
  std::int64_t approved_by = 0;
  std::string approved_by_name = {};  // when read back
  std::string at;                     // RFC 3339 UTC
};

// A due date moved by a calendar import.
struct DeadlineChange {
  std::int64_t id = 0;
  std::int64_t deadline_id = 0;
  std::string at;
  domain::Date old_due{};
  domain::Date new_due{};
  std::string reason;
};

struct NewDeadline {
  std::int64_t agency_id = 0;
  std::optional<std::int64_t> department_id = std::nullopt;
  std::string rule_code;
  int period_amount = 0;  // the period it runs for: the agency's override or the rule's default
  std::string subject;
  std::string object = {};  // "case:12"; empty when it concerns no stored record
  std::optional<std::int64_t> assignee_id = std::nullopt;
  domain::Date start_date{};
  domain::Date due_date{};
  bool provisional = false;
  std::string explanation;
  std::int64_t created_by = 0;
  std::string created_at;
};

struct DeadlineRecord {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string agency_name = {};
  std::optional<std::int64_t> department_id = std::nullopt;
  std::string rule_code;
  int period_amount = 0;
  std::string subject;
  std::string object;
  std::optional<std::int64_t> assignee_id = std::nullopt;
  std::string assignee_name = {};  // display name, "" without an assignee
  domain::Date start_date{};
  domain::Date due_date{};
  bool provisional = false;
  std::string explanation;
  int extended_days = 0;
  std::optional<domain::Date> done_on = std::nullopt;
  std::int64_t created_by = 0;
  std::string created_at;
  std::vector<DeadlineExtension> extensions = {};  // oldest first
  std::vector<DeadlineChange> changes = {};        // oldest first
};

// Every set member narrows the list.
struct DeadlineFilter {
  std::optional<std::int64_t> agency_id = std::nullopt;
  std::optional<std::string> rule_code = std::nullopt;
  std::optional<std::int64_t> assignee_id = std::nullopt;
  std::optional<domain::Date> due_from = std::nullopt;  // inclusive
  std::optional<domain::Date> due_to = std::nullopt;    // inclusive
  bool open_only = false;                               // not done yet
};

// An agency's own period for a rule.
struct DeadlineOverride {
  std::int64_t agency_id = 0;
  std::string rule_code;
  int amount = 0;
  std::int64_t set_by = 0;
  std::string set_at;
};

class DeadlineRepository {
 public:
  virtual ~DeadlineRepository() = default;
  // kNotFound without the agency; kInvalid (naming the field) when the department or the
  // assignee is not the agency's.
  virtual Result<DeadlineRecord> Insert(Tx& tx, const NewDeadline& d) = 0;
  // With extensions and changes; kNotFound without the deadline.
  virtual Result<DeadlineRecord> Get(Tx& tx, std::int64_t id) = 0;
  // Ordered by due date, then id; with extensions and changes.
  virtual Result<std::vector<DeadlineRecord>> List(Tx& tx, const DeadlineFilter& f) = 0;
  // A recomputed or extended due date.
  virtual Status SetDue(Tx& tx, std::int64_t id, domain::Date due, bool provisional,
                        std::string_view explanation) = 0;
  // kConflict when it is already done.
  virtual Status Complete(Tx& tx, std::int64_t id, domain::Date done_on) = 0;
  // Records the extension and adds its days to the deadline's extended_days.
  virtual Status AddExtension(Tx& tx, const DeadlineExtension& e) = 0;
  virtual Status AddChange(Tx& tx, const DeadlineChange& c) = 0;

  // Sets or replaces the agency's period for the rule.
  virtual Status SetOverride(Tx& tx, const DeadlineOverride& o) = 0;
  // False when there was none.
  virtual Result<bool> ClearOverride(Tx& tx, std::int64_t agency_id,
                                     std::string_view rule_code) = 0;
  // The agency's overrides by rule code.
  virtual Result<std::vector<DeadlineOverride>> Overrides(Tx& tx, std::int64_t agency_id) = 0;
};

// The implementation over the SQL layer; the same code serves SQLite and PostgreSQL.
std::unique_ptr<DeadlineRepository> MakeDeadlineRepository();

// One imported version of a year's holiday schedule (the embedded official data is the base).
struct CalendarYearRecord {
  std::int64_t id = 0;
  int year = 0;
  int version = 0;
  std::string document;          // the year's history up to this version, sanxiang.calendar/1
  std::string notice;            // the version's notice title
  std::int64_t imported_by = 0;  // 0: the command line
  std::string imported_at;
};

class CalendarRepository {
 public:
  virtual ~CalendarRepository() = default;
  // kConflict when that version of the year is already stored.
  virtual Result<CalendarYearRecord> Insert(Tx& tx, const CalendarYearRecord& r) = 0;
  // Ordered by year, then version.
  virtual Result<std::vector<CalendarYearRecord>> List(Tx& tx) = 0;
  // The highest row id (0 when none): changes when any process imports a year.
  virtual Result<std::int64_t> LastId(Tx& tx) = 0;
};

std::unique_ptr<CalendarRepository> MakeCalendarRepository();

}  // namespace sx::store
