#include "calendar/calendar.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace sx::calendar {
namespace {

using std::chrono::sys_days;

constexpr int kDays = static_cast<int>((sys_days(kLastDay) - sys_days(kFirstDay)).count()) + 1;
constexpr int kFirstYear = static_cast<int>(kFirstDay.year());
constexpr int kLastYear = static_cast<int>(kLastDay.year());

bool InTable(Date d) { return d.ok() && d >= kFirstDay && d <= kLastDay; }
int IndexOf(Date d) { return static_cast<int>((sys_days(d) - sys_days(kFirstDay)).count()); }
Date DateAt(int i) { return Date{sys_days(kFirstDay) + std::chrono::days(i)}; }
int YearOf(int i) { return static_cast<int>(DateAt(i).year()); }
int FirstIndexOfYear(int y) {
  return std::max(0,
                  IndexOf(Date{std::chrono::year(y), std::chrono::January, std::chrono::day(1)}));
}
int LastIndexOfYear(int y) {
  return std::min(kDays - 1,
                  IndexOf(Date{std::chrono::year(y), std::chrono::December, std::chrono::day(31)}));
}

bool IsWeekend(Date d) {
  const std::chrono::weekday w{sys_days(d)};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

bool IsWorking(DayKind k) { return k == DayKind::kWeekday || k == DayKind::kMakeUpWorkday; }

Status OutOfTable(std::string_view what, std::string field) {
  return Status::Invalid(fmt::format("{}超出日历范围({} 至 {})", what,
                                     domain::FormatDate(kFirstDay), domain::FormatDate(kLastDay)))
      .WithField(std::move(field));
}

// A holiday range or a make-up day (from == to) of some year's current schedule, as day indexes.
struct Mark {
  int from = 0;
  int to = 0;
  std::string_view name;  // into Table::schedules
  int year = 0;
};

struct Day {
  DayKind kind = DayKind::kWeekday;
  bool provisional = false;
  std::uint16_t mark = 0;  // index into Table::holidays or Table::workdays, by kind
};

// A status whose field is relative to one year, re-rooted at `prefix`, keeping its code.
Status Reroot(const Status& s, std::string_view prefix) {
  std::string field =
      s.field().empty() ? std::string(prefix) : fmt::format("{}.{}", prefix, s.field());
  if (s.code() == Code::kConflict) return Status::Conflict(s.message()).WithField(std::move(field));
  return Status::Invalid(s.message()).WithField(std::move(field));
}

std::string Citation(const ScheduleVersion& v) {
  return v.number.empty() ? fmt::format("《{}》", v.notice) : v.number;
}

}  // namespace

struct Calendar::Table {
  Schedules schedules;
  std::vector<Day> days;                         // one per day from kFirstDay
  std::vector<std::int32_t> working_before;      // [i]: working days among days [0, i)
  std::vector<std::int32_t> provisional_before;  // [i]: provisional days among days [0, i)
  std::vector<std::int32_t> working;             // indexes of the working days, ascending
  std::vector<Mark> holidays;                    // ascending, not overlapping
  std::vector<Mark> workdays;                    // ascending
  std::vector<ScheduleUse> uses;                 // per schedules.years entry
  std::vector<std::int16_t> year_index;          // per year from kFirstYear: into schedules.years

  int YearIndex(int year) const {
    return year < kFirstYear || year > kLastYear ? -1 : year_index[year - kFirstYear];
  }
  bool ProvisionalIn(int lo, int hi) const {
    return lo <= hi && provisional_before[hi + 1] - provisional_before[lo] > 0;
  }
  // First working day at or after day i; -1 past the table.
  int WorkingFrom(int i) const {
    const auto ord = static_cast<std::size_t>(working_before[i]);
    return ord < working.size() ? working[ord] : -1;
  }
  void AddUse(int year, Explanation& e) const {
    const int yi = YearIndex(year);
    if (yi < 0) return;
    for (const ScheduleUse& u : e.schedules) {
      if (u.year == year) return;
    }
    e.schedules.push_back(uses[yi]);
  }
  void NoteHolidays(int lo, int hi, Explanation& e) const;
  void NoteWorkdays(int lo, int hi, Explanation& e) const;
  void NoteSources(int lo, int hi, Explanation& e) const;
  Result<Due> MoveToWorkingDay(Explanation e) const;

  static Result<std::shared_ptr<const Table>> Build(Schedules s);
};

void Calendar::Table::NoteHolidays(int lo, int hi, Explanation& e) const {
  if (lo > hi) return;
  auto it = std::partition_point(holidays.begin(), holidays.end(),
                                 [&](const Mark& m) { return m.to < lo; });
  for (; it != holidays.end() && it->from <= hi; ++it) {
    e.holidays.push_back(HolidaySpan{std::string(it->name), DateAt(std::max(it->from, lo)),
                                     DateAt(std::min(it->to, hi)), it->year});
  }
}

void Calendar::Table::NoteWorkdays(int lo, int hi, Explanation& e) const {
  if (lo > hi) return;
  auto it = std::partition_point(workdays.begin(), workdays.end(),
                                 [&](const Mark& m) { return m.from < lo; });
  for (; it != workdays.end() && it->from <= hi; ++it) {
    e.workdays.push_back(WorkdayNote{DateAt(it->from), std::string(it->name), it->year});
  }
}

// The schedules the days [lo, hi] were read from, and the years among them without one.
void Calendar::Table::NoteSources(int lo, int hi, Explanation& e) const {
  if (lo > hi) return;
  for (int y = YearOf(lo); y <= YearOf(hi); ++y) {
    if (YearIndex(y) >= 0) {
      AddUse(y, e);
    } else if (ProvisionalIn(std::max(lo, FirstIndexOfYear(y)), std::min(hi, LastIndexOfYear(y)))) {
      e.provisional_years.push_back(y);
    }
  }
  for (const HolidaySpan& h : e.holidays) AddUse(h.schedule_year, e);
  for (const WorkdayNote& w : e.workdays) AddUse(w.schedule_year, e);
  std::sort(e.schedules.begin(), e.schedules.end(),
            [](const ScheduleUse& a, const ScheduleUse& b) { return a.year < b.year; });
}

// Finishes a calendar-day or month period whose last day is e.end: moves it to the next working
// day (民法典 第203条: a period ending on a 法定休假日 ends on the day after it).
Result<Due> Calendar::Table::MoveToWorkingDay(Explanation e) const {
  const int end = IndexOf(e.end);
  const int due = WorkingFrom(end);
  if (due < 0) return OutOfTable("顺延后的期满日", "n");
  e.due = DateAt(due);
  NoteHolidays(end, due - 1, e);
  for (int i = end; i < due; ++i) {
    if (days[i].kind == DayKind::kWeekend) e.weekend_days.push_back(DateAt(i));
  }
  NoteWorkdays(due, due, e);
  NoteSources(end, due, e);
  Due out;
  out.date = e.due;
  out.provisional = e.provisional();
  out.explanation = std::move(e);
  return out;
}

Result<std::shared_ptr<const Calendar::Table>> Calendar::Table::Build(Schedules s) {
  auto t = std::make_shared<Table>();
  t->schedules = std::move(s);
  const auto& years = t->schedules.years;
  t->year_index.assign(kLastYear - kFirstYear + 1, -1);
  for (std::size_t yi = 0; yi < years.size(); ++yi) {
    t->year_index[years[yi].year - kFirstYear] = static_cast<std::int16_t>(yi);
    const ScheduleVersion& latest = years[yi].latest();
    std::string citation;
    for (const ScheduleVersion& v : years[yi].versions) {
      citation += (citation.empty() ? "" : "、") + Citation(v);
    }
    t->uses.push_back(ScheduleUse{years[yi].year, latest.version, std::move(citation)});
    for (const Holiday& h : latest.holidays) {
      t->holidays.push_back(Mark{IndexOf(h.from), IndexOf(h.to), h.name, years[yi].year});
    }
    for (const MakeUpDay& w : latest.workdays) {
      t->workdays.push_back(Mark{IndexOf(w.date), IndexOf(w.date), w.for_holiday, years[yi].year});
    }
  }
  auto by_from = [](const Mark& a, const Mark& b) { return a.from < b.from; };
  std::sort(t->holidays.begin(), t->holidays.end(), by_from);
  std::sort(t->workdays.begin(), t->workdays.end(), by_from);

  t->days.resize(kDays);
  std::vector<int> owner(kDays, 0);  // the year whose schedule lists the day
  auto claim = [&](int i, const Mark& m) -> Status {
    if (owner[i] != 0 && owner[i] != m.year) {
      return Status::Invalid(fmt::format("{}同时由{}年和{}年的节假日安排列出",
                                         domain::FormatDate(DateAt(i)), std::min(owner[i], m.year),
                                         std::max(owner[i], m.year)))
          .WithField("years");
    }
    owner[i] = m.year;
    return Status::Ok();
  };
  // Day by day rather than through calendar conversions: this loop runs on every import.
  unsigned weekday = std::chrono::weekday(sys_days(kFirstDay)).c_encoding();  // 0 is Sunday
  for (int i = 0; i < kDays; ++i, weekday = (weekday + 1) % 7) {
    t->days[i].kind = weekday == 0 || weekday == 6 ? DayKind::kWeekend : DayKind::kWeekday;
  }
  for (std::size_t k = 0; k < t->holidays.size(); ++k) {
    const Mark& m = t->holidays[k];
    for (int i = m.from; i <= m.to; ++i) {
      SX_RETURN_IF_ERROR(claim(i, m));
      t->days[i] = Day{DayKind::kHoliday, false, static_cast<std::uint16_t>(k)};
    }
  }
  for (std::size_t k = 0; k < t->workdays.size(); ++k) {
    const Mark& m = t->workdays[k];
    SX_RETURN_IF_ERROR(claim(m.from, m));
    t->days[m.from] = Day{DayKind::kMakeUpWorkday, false, static_cast<std::uint16_t>(k)};
  }

  t->working_before.assign(kDays + 1, 0);
  t->provisional_before.assign(kDays + 1, 0);
  t->working.reserve(kDays * 5 / 7 + 16);
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    const bool scheduled = t->YearIndex(year) >= 0;
    for (int i = FirstIndexOfYear(year); i <= LastIndexOfYear(year); ++i) {
      Day& d = t->days[i];
      d.provisional = owner[i] == 0 && !scheduled;
      const bool working = IsWorking(d.kind);
      t->working_before[i + 1] = t->working_before[i] + (working ? 1 : 0);
      t->provisional_before[i + 1] = t->provisional_before[i] + (d.provisional ? 1 : 0);
      if (working) t->working.push_back(i);
    }
  }
  return std::shared_ptr<const Table>(std::move(t));
}

// ---- Calendar -----------------------------------------------------------------------------------

Calendar::Calendar() : t_(*Table::Build(Schedules{})) {}

Calendar::Calendar(std::shared_ptr<const Table> table) : t_(std::move(table)) {}

Result<Calendar> Calendar::Create(Schedules schedules) {
  SX_RETURN_IF_ERROR(ValidateSchedules(schedules));
  for (std::size_t i = 0; i < schedules.years.size(); ++i) {
    const YearSchedule& y = schedules.years[i];
    if (y.versions.front().version != 1) {
      return Status::Invalid(fmt::format("{}年的版本须从第1版开始,现为第{}版", y.year,
                                         y.versions.front().version))
          .WithField(fmt::format("years[{}].versions[0].version", i));
    }
  }
  auto table = Table::Build(std::move(schedules));
  if (!table.ok()) return table.status();
  return Calendar(std::move(*table));
}

Result<Calendar> Calendar::Parse(std::string_view json) {
  auto s = ParseSchedules(json);
  if (!s.ok()) return s.status();
  return Create(std::move(*s));
}

const Schedules& Calendar::schedules() const { return t_->schedules; }

const YearSchedule* Calendar::FindYear(int year) const {
  const int yi = t_->YearIndex(year);
  return yi < 0 ? nullptr : &t_->schedules.years[yi];
}

bool Calendar::IsWorkingDay(Date d) const {
  if (InTable(d)) return IsWorking(t_->days[IndexOf(d)].kind);
  return d.ok() && !IsWeekend(d);
}

DayInfo Calendar::Info(Date d) const {
  DayInfo info;
  info.date = d;
  if (!InTable(d)) {
    info.kind = d.ok() && IsWeekend(d) ? DayKind::kWeekend : DayKind::kWeekday;
    info.working = d.ok() && info.kind == DayKind::kWeekday;
    info.provisional = true;
    return info;
  }
  const Day& day = t_->days[IndexOf(d)];
  info.kind = day.kind;
  info.working = IsWorking(day.kind);
  info.provisional = day.provisional;
  if (day.kind == DayKind::kHoliday || day.kind == DayKind::kMakeUpWorkday) {
    const Mark& m = (day.kind == DayKind::kHoliday ? t_->holidays : t_->workdays)[day.mark];
    info.name = m.name;
    info.schedule_year = m.year;
  }
  return info;
}

// The table index of the n-th working day after (n < 0: before) the day at index `s`, and the
// days looked at on the way, [*lo, *hi]; -1 when it lies outside the table.
int Calendar::WorkingDayIndex(int s, int n, int* lo, int* hi) const {
  const Table& t = *t_;
  *lo = s + 1;
  *hi = s;
  if (n > 0) {
    const std::int64_t ordinal = std::int64_t{t.working_before[s + 1]} + n;  // 1-based
    if (ordinal > static_cast<std::int64_t>(t.working.size())) return -1;
    *hi = t.working[static_cast<std::size_t>(ordinal - 1)];
    return *hi;
  }
  if (n < 0) {
    const std::int64_t ordinal = std::int64_t{t.working_before[s]} + n + 1;
    if (ordinal < 1) return -1;
    *lo = t.working[static_cast<std::size_t>(ordinal - 1)];
    *hi = s - 1;
    return *lo;
  }
  return s;
}

Result<Due> Calendar::AddWorkingDays(Date start, int n) const {
  if (!InTable(start)) return OutOfTable("起算日", "start");
  int lo = 0, hi = 0;
  const int due = WorkingDayIndex(IndexOf(start), n, &lo, &hi);
  if (due < 0) {
    return OutOfTable(n > 0 ? fmt::format("自{}起第{}个工作日", domain::FormatDate(start), n)
                            : fmt::format("{}前第{}个工作日", domain::FormatDate(start),
                                          -std::int64_t{n}),
                      "n");
  }
  const Table& t = *t_;
  Explanation e;
  e.unit = PeriodUnit::kWorkingDays;
  e.start = start;
  e.n = n;
  e.end = e.due = DateAt(due);
  t.NoteHolidays(lo, hi, e);
  t.NoteWorkdays(lo, hi, e);
  t.NoteSources(lo, hi, e);
  Due out;
  out.date = e.due;
  out.provisional = e.provisional();
  out.explanation = std::move(e);
  return out;
}

Result<DayResult> Calendar::WorkingDayAfter(Date start, int n) const {
  if (!InTable(start)) return OutOfTable("起算日", "start");
  int lo = 0, hi = 0;
  const int due = WorkingDayIndex(IndexOf(start), n, &lo, &hi);
  if (due < 0) return OutOfTable(fmt::format("自{}起第{}个工作日", domain::FormatDate(start), n), "n");
  return DayResult{DateAt(due), lo <= hi && t_->ProvisionalIn(lo, hi)};
}

Result<WorkingDayCount> Calendar::CountWorkingDays(Date from, Date to) const {
  if (!InTable(from)) return OutOfTable("起始日", "from");
  if (!InTable(to)) return OutOfTable("截止日", "to");
  const int a = IndexOf(from);
  const int b = IndexOf(to);
  WorkingDayCount c;
  c.days = t_->working_before[b + 1] - t_->working_before[a + 1];
  c.provisional = t_->ProvisionalIn(std::min(a, b) + 1, std::max(a, b));
  return c;
}

Result<Due> Calendar::AddCalendarDays(Date start, int n) const {
  if (!InTable(start)) return OutOfTable("起算日", "start");
  if (n < 0) return Status::Invalid("期间天数不能为负").WithField("n");
  const std::int64_t end = std::int64_t{IndexOf(start)} + n;
  if (end >= kDays) return OutOfTable(fmt::format("自{}起{}日", domain::FormatDate(start), n), "n");
  Explanation e;
  e.unit = PeriodUnit::kCalendarDays;
  e.start = start;
  e.n = n;
  e.end = DateAt(static_cast<int>(end));
  return t_->MoveToWorkingDay(std::move(e));
}

Result<Due> Calendar::AddMonths(Date start, int n) const {
  if (!InTable(start)) return OutOfTable("起算日", "start");
  if (n < 0) return Status::Invalid("期间月数不能为负").WithField("n");
  if (n > 12 * (kLastYear - kFirstYear + 1)) {
    return OutOfTable(fmt::format("自{}起{}个月", domain::FormatDate(start), n), "n");
  }
  const std::chrono::year_month ym =
      std::chrono::year_month(start.year(), start.month()) + std::chrono::months(n);
  const std::chrono::day last =
      std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month())).day();
  Explanation e;
  e.unit = PeriodUnit::kMonths;
  e.start = start;
  e.n = n;
  e.clamped_to_month_end = start.day() > last;
  e.end = Date(ym.year(), ym.month(), std::min(start.day(), last));
  if (!InTable(e.end)) {
    return OutOfTable(fmt::format("自{}起{}个月", domain::FormatDate(start), n), "n");
  }
  return t_->MoveToWorkingDay(std::move(e));
}

// ---- merging a year -----------------------------------------------------------------------------

Result<Merged> Calendar::MergeYear(std::string_view json) const {
  auto doc = ParseSchedules(json);
  if (!doc.ok()) return doc.status();
  if (doc->region != t_->schedules.region) {
    return Status::Invalid(
               fmt::format("导入文件的地区代码{}与日历的{}不同", doc->region, t_->schedules.region))
        .WithField("region");
  }
  if (doc->years.size() != 1) {
    return Status::Invalid(fmt::format("导入文件须只含一个年度,现有 {} 个", doc->years.size()))
        .WithField("years");
  }
  auto merged = MergeYear(std::move(doc->years.front()));
  if (!merged.ok() && merged.status().field().rfind("years", 0) != 0) {
    return Reroot(merged.status(), "years[0]");
  }
  return merged;
}

Result<Merged> Calendar::MergeYear(YearSchedule year) const {
  SX_RETURN_IF_ERROR(ValidateYear(year));
  const YearSchedule* existing = FindYear(year.year);
  const int old_version = existing == nullptr ? 0 : existing->latest().version;
  const int first = year.versions.front().version;
  YearSchedule merged;
  if (existing == nullptr) {
    if (first != 1) {
      return Status::Invalid(fmt::format("{}年尚无节假日安排,导入的版本须从第1版开始,现为第{}版",
                                         year.year, first))
          .WithField("versions[0].version");
    }
    merged = std::move(year);
  } else if (first == 1) {
    const std::size_t common = std::min(year.versions.size(), existing->versions.size());
    for (std::size_t i = 0; i < common; ++i) {
      if (year.versions[i] != existing->versions[i]) {
        return Status::Conflict(fmt::format("{}年第{}版与已载入的第{}版不同;已发布的版本不能改写,"
                                            "更正请作为第{}版导入",
                                            year.year, i + 1, i + 1, old_version + 1))
            .WithField(fmt::format("versions[{}]", i));
      }
    }
    if (year.versions.size() <= existing->versions.size()) {
      return Merged{*this, YearChange{year.year, old_version, old_version, {}, {}, {}, {}}};
    }
    merged = std::move(year);
  } else {
    if (first != old_version + 1) {
      return Status::Invalid(fmt::format("{}年已载入第1至第{}版,导入的版本须从第1版或第{}版开始,"
                                         "现为第{}版",
                                         year.year, old_version, old_version + 1, first))
          .WithField("versions[0].version");
    }
    merged = *existing;
    for (ScheduleVersion& v : year.versions) merged.versions.push_back(std::move(v));
  }

  Schedules s = t_->schedules;
  auto pos = std::lower_bound(s.years.begin(), s.years.end(), merged.year,
                              [](const YearSchedule& y, int v) { return y.year < v; });
  const int year_number = merged.year;
  if (pos != s.years.end() && pos->year == year_number) {
    *pos = std::move(merged);
  } else {
    s.years.insert(pos, std::move(merged));
  }
  auto next = Create(std::move(s));
  if (!next.ok()) return next.status();

  YearChange change;
  change.year = year_number;
  change.old_version = old_version;
  const YearSchedule* now = next->FindYear(year_number);
  change.new_version = now->latest().version;
  const Table& before = *t_;
  const Table& after = *next->t_;
  const int lo = FirstIndexOfYear(year_number - 1);
  const int hi = LastIndexOfYear(year_number + 1);
  for (int i = lo; i <= hi; ++i) {
    const DayKind a = before.days[i].kind;
    const DayKind b = after.days[i].kind;
    if (a == b) continue;
    const Date d = DateAt(i);
    if (b == DayKind::kHoliday) change.holidays_added.push_back(d);
    if (a == DayKind::kHoliday) change.holidays_removed.push_back(d);
    if (b == DayKind::kMakeUpWorkday) change.workdays_added.push_back(d);
    if (a == DayKind::kMakeUpWorkday) change.workdays_removed.push_back(d);
  }
  return Merged{std::move(*next), std::move(change)};
}

std::optional<Date> YearChange::first_changed() const {
  std::optional<Date> first;
  for (const auto* list :
       {&holidays_added, &holidays_removed, &workdays_added, &workdays_removed}) {
    if (!list->empty() && (!first || list->front() < *first)) first = list->front();
  }
  return first;
}

namespace {

// "2020-01-31至2020-02-02、2020-02-05": runs of consecutive days joined.
std::string Runs(const std::vector<Date>& days) {
  std::string out;
  for (std::size_t i = 0; i < days.size();) {
    std::size_t j = i;
    while (j + 1 < days.size() && domain::DaysBetween(days[j], days[j + 1]) == 1) ++j;
    if (!out.empty()) out += "、";
    out += domain::FormatDate(days[i]);
    if (j > i) out += "至" + domain::FormatDate(days[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string YearChange::ToString() const {
  if (unchanged()) return fmt::format("{}年节假日安排第{}版已载入,无变化", year, new_version);
  std::string out = old_version == 0 ? fmt::format("新增{}年节假日安排第{}版", year, new_version)
                                     : fmt::format("{}年节假日安排由第{}版更新为第{}版", year,
                                                   old_version, new_version);
  std::vector<std::string> parts;
  if (!holidays_added.empty()) parts.push_back("新增节假日" + Runs(holidays_added));
  if (!holidays_removed.empty()) parts.push_back("取消节假日" + Runs(holidays_removed));
  if (!workdays_added.empty()) parts.push_back("新增调休上班" + Runs(workdays_added));
  if (!workdays_removed.empty()) parts.push_back("取消调休上班" + Runs(workdays_removed));
  out += ":";
  if (parts.empty()) out += "各日是否上班均无变化";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : ";") + parts[i];
  return out;
}

}  // namespace sx::calendar
