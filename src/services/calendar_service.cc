#include "services/calendar_service.h"

#include <map>

#include <fmt/format.h>

#include "calendar/official.h"
#include "services/deadline_service.h"

namespace sx::services {

namespace {

// How a recomputed deadline's change record names the import, e.g.
// "2027年节假日安排(国务院办公厅关于2027年部分节假日安排的通知)载入".
std::string ReasonPrefix(const calendar::YearChange& change, const calendar::ScheduleVersion& v) {
  const std::string source = v.number.empty() ? v.notice : fmt::format("{},{}", v.notice, v.number);
  if (change.new_version == 1) return fmt::format("{}年节假日安排({})载入", change.year, source);
  return fmt::format("{}年节假日安排第{}版({})载入", change.year, change.new_version, source);
}

// The document of `year`'s history up to and including `version`.
std::string HistoryDocument(const calendar::Schedules& all, const calendar::YearSchedule& year,
                            int version) {
  calendar::Schedules doc;
  doc.region = all.region;
  calendar::YearSchedule part;
  part.year = year.year;
  part.versions.assign(year.versions.begin(), year.versions.begin() + version);
  doc.years.push_back(std::move(part));
  return calendar::FormatSchedules(doc);
}

}  // namespace

RecordFields CalendarYearFields(const std::vector<store::CalendarYearRecord>& rows) {
  if (rows.empty()) return {};
  const store::CalendarYearRecord& latest = rows.back();
  std::string earlier;
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    const auto& r = rows[i];
    earlier += fmt::format("{}|{}|{}|{}\n", r.version, ContentDigest(r.document), r.imported_by,
                           r.imported_at);
  }
  return {{"year", fmt::format("{}", latest.year)},
          {"version", fmt::format("{}", latest.version)},
          {"notice", latest.notice},
          {"document", latest.document},
          {"imported_by", fmt::format("{}", latest.imported_by)},
          {"imported_at", latest.imported_at},
          {"earlier", earlier}};
}

CalendarService::CalendarService(store::Database& db, const Clock& clock,
                                 calendar::Calendar official, std::chrono::seconds refresh)
    : db_(db),
      clock_(clock),
      official_(std::move(official)),
      refresh_(refresh),
      repo_(store::MakeCalendarRepository()) {}

Result<std::unique_ptr<CalendarService>> CalendarService::Create(store::Database& db,
                                                                 const Clock& clock,
                                                                 std::chrono::seconds refresh) {
  auto official = calendar::LoadOfficial();
  if (!official.ok()) return official.status();
  std::unique_ptr<CalendarService> s(new CalendarService(db, clock, std::move(*official), refresh));
  SX_RETURN_IF_ERROR(s->Reload());
  return s;
}

CalendarService::State CalendarService::Build(
    const std::vector<store::CalendarYearRecord>& rows) const {
  State st;
  calendar::Calendar cal = official_;
  std::map<int, std::vector<const store::CalendarYearRecord*>> by_year;
  for (const auto& r : rows) {
    by_year[r.year].push_back(&r);
    st.last_id = std::max(st.last_id, r.id);
  }
  for (const auto& [year, versions] : by_year) {
    // Each stored row holds the year's whole history up to its version: the last one suffices.
    const store::CalendarYearRecord& latest = *versions.back();
    auto merged = cal.MergeYear(latest.document);
    if (!merged.ok()) {
      st.warnings.push_back(fmt::format("已导入的{}年第{}版节假日安排未能载入,沿用内置数据:{}",
                                        year, latest.version, merged.status().message()));
      continue;
    }
    cal = std::move(merged->calendar);
    const calendar::YearSchedule* shipped = official_.FindYear(year);
    const int shipped_version = shipped == nullptr ? 0 : shipped->latest().version;
    for (const auto* r : versions) {
      if (r->version > shipped_version) st.imported.insert({year, r->version});
    }
  }
  st.calendar = std::make_shared<const calendar::Calendar>(std::move(cal));
  return st;
}

Status CalendarService::Reload() {
  std::vector<store::CalendarYearRecord> rows;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = repo_->List(tx);
    if (!r.ok()) return r.status();
    rows = std::move(*r);
    return Status::Ok();
  }));
  auto next = std::make_shared<const State>(Build(rows));
  std::lock_guard lock(mu_);
  state_ = std::move(next);
  checked_ = clock_.Now();
  return Status::Ok();
}

std::shared_ptr<const CalendarService::State> CalendarService::Snapshot() {
  const TimePoint now = clock_.Now();
  std::shared_ptr<const State> current;
  {
    std::lock_guard lock(mu_);
    current = state_;
    if (now - checked_ < refresh_) return current;
    checked_ = now;
  }
  // Another process may have imported a year since: reload when the stored rows changed. A
  // database that does not answer leaves the calendar as it was.
  std::int64_t last_id = current->last_id;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto id = repo_->LastId(tx);
    if (!id.ok()) return id.status();
    last_id = *id;
    return Status::Ok();
  });
  if (!st.ok() || last_id == current->last_id || !Reload().ok()) return current;
  std::lock_guard lock(mu_);
  return state_;
}

std::shared_ptr<const calendar::Calendar> CalendarService::Current() {
  return Snapshot()->calendar;
}

std::vector<CalendarYearInfo> CalendarService::Years() {
  auto st = Snapshot();
  std::vector<CalendarYearInfo> out;
  for (const auto& y : st->calendar->schedules().years) {
    const calendar::ScheduleVersion& v = y.latest();
    out.push_back({y.year, v.version, v.notice, v.number, v.dated,
                   st->imported.count({y.year, v.version}) > 0});
  }
  return out;
}

int CalendarService::ProvisionalFrom() {
  auto st = Snapshot();
  const auto& years = st->calendar->schedules().years;
  if (years.empty()) return static_cast<int>(Today().year());
  int year = years.front().year;
  while (st->calendar->FindYear(year) != nullptr) ++year;
  return year;
}

std::vector<std::string> CalendarService::warnings() { return Snapshot()->warnings; }

Result<CalendarImport> CalendarService::ImportYear(std::string_view json, std::int64_t actor_id) {
  CalendarImport out;
  std::optional<State> next;
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    // Merge into what is stored now, not into this process's copy: another process may have
    // imported in the meantime.
    auto rows = repo_->List(tx);
    if (!rows.ok()) return rows.status();
    const State base = Build(*rows);
    auto merged = base.calendar->MergeYear(json);
    if (!merged.ok()) return merged.status();
    out.change = merged->change;
    const calendar::YearChange& change = out.change;
    if (change.unchanged()) {
      out.change_text =
          fmt::format("{}年节假日安排第{}版已载入,无变化", change.year, change.new_version);
      return Status::Ok();
    }
    out.change_text = change.ToString();
    const calendar::Schedules& all = merged->calendar.schedules();
    const calendar::YearSchedule* year = merged->calendar.FindYear(change.year);
    if (year == nullptr) return Status::Internal("merged year missing");
    std::vector<store::CalendarYearRecord> year_rows;
    for (const auto& r : *rows) {
      if (r.year == change.year) year_rows.push_back(r);
    }
    for (int v = change.old_version + 1; v <= change.new_version; ++v) {
      auto stored = repo_->Insert(
          tx, {0, change.year, v, HistoryDocument(all, *year, v),
               year->versions[static_cast<std::size_t>(v - 1)].notice, actor_id, now});
      if (!stored.ok()) return stored.status();
      rows->push_back(*stored);
      year_rows.push_back(std::move(*stored));
    }
    SX_RETURN_IF_ERROR(AppendRecord(
        tx,
        {"calendar.year_imported", 0, fmt::format("calendar_year:{}", change.year), actor_id, now},
        CalendarYearFields(year_rows)));
    auto moved = RecomputeOpenDeadlines(tx, merged->calendar, change,
                                        ReasonPrefix(change, year->latest()), actor_id, now);
    if (!moved.ok()) return moved.status();
    out.recomputed = *moved;
    next = Build(*rows);
    return Status::Ok();
  }));
  if (next) {
    auto state = std::make_shared<const State>(std::move(*next));
    std::lock_guard lock(mu_);
    state_ = std::move(state);
    checked_ = clock_.Now();
  }
  return out;
}

}  // namespace sx::services
