// The deadline tracker (期限管理): open obligations with their due dates on the official calendar,
// their state today (未到期 / 即将到期 / 已逾期 / 按期完成 / 逾期完成), extensions with their
// approval, each agency's own periods, and the daily summary. "Today" is the Asia/Shanghai date of
// the injected clock. Every change is sealed and appended to the ledger as `deadline:<id>` in the
// same transaction.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/calendar.h"
#include "calendar/explanation.h"
#include "domain/deadline.h"
#include "services/calendar_service.h"
#include "services/ledger_service.h"
#include "store/agency_repository.h"
#include "store/database.h"
#include "store/deadline_repository.h"
#include "store/user_repository.h"
#include "util/clock.h"

namespace sx::services {

inline constexpr std::size_t kMaxSubjectChars = 200;
inline constexpr std::size_t kMaxObjectChars = 64;

// A due date with why it falls there.
struct ComputedDue {
  domain::Date date{};
  bool provisional = false;
  std::string explanation;
};

// The due date of `rule` run for `amount` (days or months; ignored for by-date rules) from
// `start`, with `extended_days` of approved extension: added to a calendar-day period, otherwise
// counted on from its end (moved off a day off like any calendar-day period). kInvalid when a
// date falls outside the calendar's years (1990–2100).
Result<ComputedDue> ComputeDue(const calendar::Calendar& cal, const domain::DeadlineRule& rule,
                               int amount, domain::Date start, int extended_days);

// The first day on which an open deadline due on `due` counts as due soon.
domain::Date DueSoonFrom(const calendar::Calendar& cal, domain::Date due);

// A deadline as its ledger leaves seal it, extensions and due-date changes included, and the leaf
// itself (`deadline:<id>`), appended in `tx`.
RecordFields DeadlineRecordFields(const store::DeadlineRecord& d);
Status RecordDeadline(store::Tx& tx, std::string_view type, const store::DeadlineRecord& d,
                      std::int64_t actor_id, std::string_view now);

// Recomputes, after `change` made `cal` the calendar, every open deadline it can move: the
// provisional ones and those whose span reaches the first changed day. A moved due date gets a
// deadline_changes row ("<reason_prefix>:期限由 X 调整为 Y") and a ledger leaf. Returns how many
// moved.
Result<int> RecomputeOpenDeadlines(store::Tx& tx, const calendar::Calendar& cal,
                                   const calendar::YearChange& change,
                                   std::string_view reason_prefix, std::int64_t actor_id,
                                   std::string_view now);

// One deadline with its rule and its state on a given day.
struct DeadlineItem {
  store::DeadlineRecord record;
  const domain::DeadlineRule* rule = nullptr;  // null only for a rule no longer in the catalogue
  domain::DeadlineState state = domain::DeadlineState::kOnTime;
  domain::Date due_soon_from{};
};

inline constexpr std::size_t kStateCount = 5;
// Counts by state, indexed by the DeadlineState's value.
using StateCounts = std::array<int, kStateCount>;

// A rule of the catalogue as it applies to one agency.
struct RuleView {
  const domain::DeadlineRule* rule = nullptr;
  std::optional<int> override_amount = std::nullopt;
};

struct OpenDeadline {
  std::int64_t agency_id = 0;
  std::string rule_code;
  std::string subject;
  std::string object = {};
  domain::Date start_date{};
  std::optional<std::int64_t> assignee_id = std::nullopt;
};

struct DeadlineQuery {
  std::optional<std::int64_t> agency_id = std::nullopt;  // none: every agency
  std::optional<domain::DeadlineState> state = std::nullopt;
  std::optional<std::string> rule_code = std::nullopt;
  std::optional<std::int64_t> assignee_id = std::nullopt;
  std::optional<domain::Date> due_from = std::nullopt;
  std::optional<domain::Date> due_to = std::nullopt;
};

// Which stored deadlines the caller may see (their 内设机构's, for officers and unit heads).
using DeadlineVisible = std::function<bool(const store::DeadlineRecord&)>;

struct AgencyCounts {
  std::int64_t agency_id = 0;
  std::string agency_name;
  StateCounts counts{};
};

struct DeadlineSummary {
  domain::Date date{};
  std::vector<AgencyCounts> agencies;
  std::vector<DeadlineItem> due_today;  // open, due on `date`
  std::vector<DeadlineItem> due_soon;   // due soon, not today
  std::vector<DeadlineItem> overdue;
};

class DeadlineService {
 public:
  // `db`, `clock` and `calendar` must outlive the service.
  DeadlineService(store::Database& db, const Clock& clock, CalendarService& calendar)
      : db_(db),
        clock_(clock),
        calendar_(calendar),
        deadlines_(store::MakeDeadlineRepository()),
        users_(store::MakeUserRepository()),
        agencies_(store::MakeAgencyRepository()) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // Opens a deadline, due by the rule's period (or the agency's own) on the current calendar. It
  // belongs to the assignee's 内设机构, else to the opener's. kInvalid naming the field for an
  // unknown rule, bad text, a date outside 1990–2100 or an assignee of another agency.
  Result<DeadlineItem> Open(const OpenDeadline& d, std::int64_t actor_id);
  // Open inside the caller's transaction (a case step opens its deadlines with the step).
  Result<DeadlineItem> OpenIn(store::Tx& tx, const OpenDeadline& d, std::int64_t actor_id);
  Result<DeadlineItem> Get(std::int64_t id);
  // 办结: kConflict when already done; kInvalid for a day after today or before the start.
  Result<DeadlineItem> Complete(std::int64_t id, domain::Date done_on, std::int64_t actor_id);
  // 延长期限 approved by `approver_id` (the caller checked they may approve): kInvalid when the
  // rule allows none or the days exceed what is left (domain::ValidateExtension); kConflict when
  // the deadline is done.
  Result<DeadlineItem> CompleteIn(store::Tx& tx, std::int64_t id, domain::Date done_on,
                                  std::int64_t actor_id);
  Result<DeadlineItem> Extend(std::int64_t id, int days, std::string_view reason,
                              std::int64_t approver_id);
  Result<DeadlineItem> ExtendIn(store::Tx& tx, std::int64_t id, int days, std::string_view reason,
                                std::int64_t approver_id);

  // The catalogue with the agency's own periods (none: the defaults).
  Result<std::vector<RuleView>> Rules(std::optional<std::int64_t> agency_id);
  // kNotFound for an unknown rule or agency; kInvalid per domain::ValidateOverride. Applies to
  // deadlines opened afterwards.
  Result<RuleView> SetOverride(std::int64_t agency_id, std::string_view rule_code, int amount,
                               std::int64_t actor_id);
  // Back to the default; kNotFound when the agency had no own period for the rule.
  Result<RuleView> ClearOverride(std::int64_t agency_id, std::string_view rule_code,
                                 std::int64_t actor_id);

  // The deadlines matching `q` that `visible` lets through, with their state on `today`.
  Result<std::vector<DeadlineItem>> List(const DeadlineQuery& q, domain::Date today,
                                         const DeadlineVisible& visible);
  // Counts per state per agency on `date` (every enforcement agency when `agency_id` is none),
  // and the open items due that day, due soon, and overdue.
  Result<DeadlineSummary> Summary(std::optional<std::int64_t> agency_id, domain::Date date,
                                  const DeadlineVisible& visible);

 private:
  DeadlineItem ItemOf(store::DeadlineRecord r, const calendar::Calendar& cal,
                      domain::Date today) const;

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  std::unique_ptr<store::DeadlineRepository> deadlines_;
  std::unique_ptr<store::UserRepository> users_;
  std::unique_ptr<store::AgencyRepository> agencies_;
};

}  // namespace sx::services
