// The working-day calendar and the deadline tracker over HTTP: the public calendar (days, the
// schedules in force, due-date arithmetic), importing a year (the supervising organisation's
// administrator), the rule catalogue with each agency's own periods, and deadlines — list,
// summary, open, complete, extend. Bad input is a 400 problem naming the field.
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "calendar/deadline.h"
#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

// The longest range GET /public/calendar answers for at once.
constexpr int kMaxCalendarDays = 400;

Status InCalendarRange(domain::Date d, std::string_view field) {
  if (d < calendar::kFirstDay || d > calendar::kLastDay) {
    return Status::Invalid(
               fmt::format("日期 {} 超出工作日历的范围(1990年至2100年)", domain::FormatDate(d)))
        .WithField(std::string(field));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// JSON shapes (docs/openapi.yaml).

std::string_view UnitCode(domain::PeriodUnit u) {
  switch (u) {
    case domain::PeriodUnit::kWorkingDays:
      return "working_days";
    case domain::PeriodUnit::kCalendarDays:
      return "calendar_days";
    case domain::PeriodUnit::kMonths:
      return "months";
    case domain::PeriodUnit::kByDateNextYear:
      return "by_date_next_year";
  }
  return "";
}

std::string_view KindCode(calendar::DayKind k) {
  switch (k) {
    case calendar::DayKind::kWeekday:
      return "weekday";
    case calendar::DayKind::kWeekend:
      return "weekend";
    case calendar::DayKind::kHoliday:
      return "holiday";
    case calendar::DayKind::kMakeUpWorkday:
      return "makeup";
  }
  return "";
}

json::object RuleJson(const services::RuleView& v) {
  const domain::DeadlineRule& r = *v.rule;
  json::value override_json = nullptr;
  if (v.override_amount) {
    domain::Period p = r.period;
    p.amount = *v.override_amount;
    override_json =
        json::object{{"amount", *v.override_amount}, {"text", domain::DescribePeriod(p)}};
  }
  return json::object{{"code", r.code},
                      {"name", r.name},
                      {"legalBasis", r.legal_basis},
                      {"period", json::object{{"unit", UnitCode(r.period.unit)},
                                              {"amount", r.period.amount},
                                              {"month", r.period.month},
                                              {"day", r.period.day},
                                              {"text", domain::DescribePeriod(r.period)}}},
                      {"startsOn", r.starts_on},
                      {"stopsOn", r.stops_on},
                      {"configurable", r.configurable},
                      {"extendable", r.extendable},
                      {"maxExtensionDays", r.max_extension_days},
                      {"override", std::move(override_json)}};
}

json::value OptionalId(const std::optional<std::int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

json::object ItemJson(const services::DeadlineItem& item) {
  const store::DeadlineRecord& d = item.record;
  json::array extensions, changes;
  for (const auto& e : d.extensions) {
    extensions.push_back(json::object{{"days", e.days},
                                      {"reason", e.reason},
                                      {"approvedBy", e.approved_by},
                                      {"approvedByName", e.approved_by_name},
                                      {"at", e.at}});
  }
  for (const auto& c : d.changes) {
    changes.push_back(json::object{{"at", c.at},
                                   {"oldDue", domain::FormatDate(c.old_due)},
                                   {"newDue", domain::FormatDate(c.new_due)},
                                   {"reason", c.reason}});
  }
  return json::object{
      {"id", d.id},
      {"agencyId", d.agency_id},
      {"agencyName", d.agency_name},
      {"ruleCode", d.rule_code},
      {"ruleName", item.rule ? item.rule->name : d.rule_code},
      {"legalBasis", item.rule ? item.rule->legal_basis : std::string()},
      {"subject", d.subject},
      {"object", d.object},
      {"assigneeId", OptionalId(d.assignee_id)},
      {"assigneeName", d.assignee_id ? json::value(d.assignee_name) : json::value(nullptr)},
      {"startDate", domain::FormatDate(d.start_date)},
      {"dueDate", domain::FormatDate(d.due_date)},
      {"provisional", d.provisional},
      {"explanation", d.explanation},
      {"state", domain::DeadlineStateCode(item.state)},
      {"stateName", domain::DeadlineStateName(item.state)},
      {"doneOn", d.done_on ? json::value(domain::FormatDate(*d.done_on)) : json::value(nullptr)},
      {"extendedDays", d.extended_days},
      {"extensions", std::move(extensions)},
      {"changes", std::move(changes)}};
}

constexpr domain::DeadlineState kStates[] = {
    domain::DeadlineState::kOnTime, domain::DeadlineState::kDueSoon,
    domain::DeadlineState::kOverdue, domain::DeadlineState::kDoneOnTime,
    domain::DeadlineState::kDoneLate};

json::object CountsJson(const services::StateCounts& counts) {
  json::object out;
  for (auto s : kStates) out[domain::DeadlineStateCode(s)] = counts[static_cast<std::size_t>(s)];
  return out;
}

json::array ItemsJson(const std::vector<services::DeadlineItem>& items) {
  json::array out;
  for (const auto& i : items) out.push_back(ItemJson(i));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The public calendar.

Response CalendarDays(ApiContext& ctx, const Request& req) {
  std::optional<domain::Date> from, to;
  if (auto bad = DateParam(req, "from", true, &from)) return *bad;
  if (auto bad = DateParam(req, "to", true, &to)) return *bad;
  if (Status st = InCalendarRange(*from, "from"); !st.ok()) return Fail(st, req);
  if (Status st = InCalendarRange(*to, "to"); !st.ok()) return Fail(st, req);
  const int days = domain::DaysBetween(*from, *to) + 1;
  if (days < 1) return BadInput(req, "to", "结束日期 to 不能早于开始日期 from");
  if (days > kMaxCalendarDays) {
    return BadInput(req, "to",
                    fmt::format("一次最多查询 {} 天,现为 {} 天", kMaxCalendarDays, days));
  }
  auto cal = ctx.calendar->Current();
  json::array out;
  for (int i = 0; i < days; ++i) {
    const calendar::DayInfo info = cal->Info(domain::AddDays(*from, i));
    out.push_back(json::object{{"date", domain::FormatDate(info.date)},
                               {"working", info.working},
                               {"kind", KindCode(info.kind)},
                               {"name", info.name},
                               {"provisional", info.provisional}});
  }
  Response r = JsonResponse(json::object{{"days", std::move(out)}});
  r.SetHeader("Cache-Control", "public, max-age=60");
  return r;
}

Response CalendarYears(ApiContext& ctx, const Request&) {
  json::array years;
  for (const auto& y : ctx.calendar->Years()) {
    years.push_back(json::object{
        {"year", y.year},
        {"version", y.version},
        {"notice", y.notice},
        {"number", y.number},
        {"dated", y.dated ? json::value(domain::FormatDate(*y.dated)) : json::value(nullptr)},
        {"source", y.imported ? "imported" : "official"}});
  }
  Response r = JsonResponse(json::object{{"years", std::move(years)},
                                         {"provisionalFrom", ctx.calendar->ProvisionalFrom()}});
  r.SetHeader("Cache-Control", "public, max-age=60");
  return r;
}

Response CalendarDue(ApiContext& ctx, const Request& req) {
  std::optional<domain::Date> start;
  if (auto bad = DateParam(req, "start", true, &start)) return *bad;
  if (Status st = InCalendarRange(*start, "start"); !st.ok()) return Fail(st, req);
  std::optional<std::int64_t> working, days, months;
  if (auto bad = IntParam(req, "workingDays", -1000, 1000, &working)) return *bad;
  if (auto bad = IntParam(req, "calendarDays", 0, 3660, &days)) return *bad;
  if (auto bad = IntParam(req, "months", 0, 120, &months)) return *bad;
  auto rule_code = QueryParam(req, "rule");
  const int given = (rule_code ? 1 : 0) + (working ? 1 : 0) + (days ? 1 : 0) + (months ? 1 : 0);
  if (given != 1) {
    return BadInput(
        req, "rule",
        "请给出且只给出一种期限:rule=规则代码,或 workingDays=N、calendarDays=N、months=N");
  }
  domain::Period period;
  if (rule_code) {
    const domain::DeadlineRule* rule = domain::FindDeadlineRule(*rule_code);
    if (rule == nullptr) {
      return BadInput(req, "rule",
                      fmt::format("没有代码为“{}”的期限规则", rule_code->substr(0, 64)));
    }
    period = rule->period;
  } else if (working) {
    period = {domain::PeriodUnit::kWorkingDays, static_cast<int>(*working), 0, 0};
  } else if (days) {
    period = {domain::PeriodUnit::kCalendarDays, static_cast<int>(*days), 0, 0};
  } else {
    period = {domain::PeriodUnit::kMonths, static_cast<int>(*months), 0, 0};
  }
  auto due = calendar::DueDate(*ctx.calendar->Current(), period, *start);
  if (!due.ok()) return BadInput(req, "start", due.status().message());
  Response r = JsonResponse(json::object{{"due", domain::FormatDate(due->date)},
                                         {"provisional", due->provisional},
                                         {"explanation", due->explanation.ToString()}});
  r.SetHeader("Cache-Control", "public, max-age=60");
  return r;
}

Response ImportYear(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authorize(ctx, req, Permission::kManageInstallation, 0, &who)) return *denied;
  json::object body;  // checks the media type, UTF-8 and JSON; the service parses it strictly
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  auto imported = ctx.calendar->ImportYear(req.body, who.user_id);
  if (!imported.ok()) return Fail(imported.status(), req);
  const auto& c = imported->change;
  return JsonResponse(json::object{{"year", c.year},
                                   {"oldVersion", c.old_version},
                                   {"newVersion", c.new_version},
                                   {"change", imported->change_text},
                                   {"recomputed", imported->recomputed}});
}

// ---------------------------------------------------------------------------------------------
// Rules and each agency's own periods.

Response ListRules(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  std::int64_t target = 0;
  if (auto denied = AgencyToRead(req, who, &target)) return *denied;
  auto rules = ctx.deadlines->Rules(target);
  if (!rules.ok()) return Fail(rules.status(), req);
  json::array out;
  for (const auto& r : *rules) out.push_back(RuleJson(r));
  return JsonResponse(json::object{{"rules", std::move(out)}});
}

Response SetOverride(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kConfigureDeadlines, agency, &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::optional<std::int64_t> amount;
  if (auto bad = BodyInt(body, "amount", true, req, &amount)) return *bad;
  if (*amount < -1000 || *amount > 1000) return BadInput(req, "amount", "期限须为 1 至 365");
  auto v = ctx.deadlines->SetOverride(agency, req.PathParam("code"), static_cast<int>(*amount),
                                      who.user_id);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(RuleJson(*v));
}

Response ClearOverride(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kConfigureDeadlines, agency, &who)) {
    return *denied;
  }
  auto v = ctx.deadlines->ClearOverride(agency, req.PathParam("code"), who.user_id);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(RuleJson(*v));
}

// ---------------------------------------------------------------------------------------------
// Deadlines.

// Officers and unit heads of a 内设机构 see its deadlines; every other role the agency's.
services::DeadlineVisible VisibleTo(const services::Principal& who) {
  return [&who](const store::DeadlineRecord& d) {
    return domain::InDepartmentScope(who.actor(), d.department_id);
  };
}

// A supervisor (司法局) reads every agency's deadlines unless one is asked for.
bool ReadsAllAgencies(const services::Principal& who) {
  return !who.scopes && who.Has(domain::Role::kSupervisor);
}

Response ListDeadlines(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  services::DeadlineQuery q;
  if (auto denied = AgenciesToList(req, who, &q.agency_id)) return *denied;
  std::optional<domain::DeadlineState> state;
  if (auto text = QueryParam(req, "state"); text && !text->empty()) {
    state = domain::ParseDeadlineState(*text);
    if (!state) {
      return BadInput(req, "state",
                      "state 须为 on_time、due_soon、overdue、done_on_time 或 done_late");
    }
  }
  if (auto text = QueryParam(req, "rule"); text && !text->empty()) {
    if (domain::FindDeadlineRule(*text) == nullptr) {
      return BadInput(req, "rule", fmt::format("没有代码为“{}”的期限规则", text->substr(0, 64)));
    }
    q.rule_code = std::string(*text);
  }
  if (auto mine = QueryParam(req, "mine"); mine && (*mine == "1" || *mine == "true")) {
    q.assignee_id = who.user_id;
  }
  if (auto bad = DateParam(req, "from", false, &q.due_from)) return *bad;
  if (auto bad = DateParam(req, "to", false, &q.due_to)) return *bad;
  if (q.due_from && q.due_to && *q.due_to < *q.due_from) {
    return BadInput(req, "to", "结束日期 to 不能早于开始日期 from");
  }
  auto items = ctx.deadlines->List(q, ctx.deadlines->Today(), VisibleTo(who));
  if (!items.ok()) return Fail(items.status(), req);
  services::StateCounts counts{};
  json::array out;
  for (const auto& item : *items) {
    ++counts[static_cast<std::size_t>(item.state)];
    if (!state || item.state == *state) out.push_back(ItemJson(item));
  }
  Response r =
      JsonResponse(json::object{{"items", std::move(out)}, {"counts", CountsJson(counts)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response Summary(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  std::optional<std::int64_t> agency;
  if (!ReadsAllAgencies(who)) {
    agency = who.agency_id;
    if (!domain::Allowed(who.actor(), Permission::kReadAgencyInternal, *agency)) {
      return Forbidden(req, Permission::kReadAgencyInternal);
    }
  }
  std::optional<domain::Date> date;
  if (auto bad = DateParam(req, "date", false, &date)) return *bad;
  if (date) {
    if (Status st = InCalendarRange(*date, "date"); !st.ok()) return Fail(st, req);
  }
  const domain::Date day = date.value_or(ctx.deadlines->Today());
  auto s = ctx.deadlines->Summary(agency, day, VisibleTo(who));
  if (!s.ok()) return Fail(s.status(), req);
  json::array agencies;
  for (const auto& a : s->agencies) {
    agencies.push_back(json::object{{"agencyId", a.agency_id},
                                    {"agencyName", a.agency_name},
                                    {"counts", CountsJson(a.counts)}});
  }
  Response r = JsonResponse(json::object{{"date", domain::FormatDate(s->date)},
                                         {"agencies", std::move(agencies)},
                                         {"dueToday", ItemsJson(s->due_today)},
                                         {"dueSoon", ItemsJson(s->due_soon)},
                                         {"overdue", ItemsJson(s->overdue)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response OpenDeadline(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  if (!domain::Allowed(who.actor(), Permission::kTrackDeadlines, who.agency_id)) {
    return Forbidden(req, Permission::kTrackDeadlines);
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::OpenDeadline d;
  d.agency_id = who.agency_id;
  if (auto bad = BodyString(body, "ruleCode", true, req, &d.rule_code)) return *bad;
  if (auto bad = BodyString(body, "subject", true, req, &d.subject)) return *bad;
  if (auto bad = BodyString(body, "object", false, req, &d.object)) return *bad;
  if (auto bad = BodyDate(body, "startDate", req, &d.start_date)) return *bad;
  std::optional<std::int64_t> assignee;
  if (auto bad = BodyInt(body, "assigneeId", false, req, &assignee)) return *bad;
  if (assignee && *assignee <= 0) return BadInput(req, "assigneeId", "assigneeId 须为用户编号");
  d.assignee_id = assignee;
  auto item = ctx.deadlines->Open(d, who.user_id);
  if (!item.ok()) return Fail(item.status(), req);
  return JsonResponse(ItemJson(*item), 201);
}

// The deadline in the path, once the caller may `p` on its agency's data and it is in their
// 内设机构's scope; else the problem to send.
std::optional<Response> AuthorizeDeadline(ApiContext& ctx, const Request& req, Permission p,
                                          services::Principal* who) {
  if (auto denied = Authenticate(ctx, req, who)) return denied;
  auto item = ctx.deadlines->Get(req.IntParam("id"));
  if (!item.ok()) return ProblemFromStatus(item.status(), req);
  if (!domain::Allowed(who->actor(), p, item->record.agency_id)) return Forbidden(req, p);
  if (!domain::InDepartmentScope(who->actor(), item->record.department_id)) {
    return Problem(403, "forbidden", "无权操作", "该期限事项不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

Response CompleteDeadline(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeDeadline(ctx, req, Permission::kTrackDeadlines, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::Date done{};
  if (auto bad = BodyDate(body, "doneOn", req, &done)) return *bad;
  auto item = ctx.deadlines->Complete(req.IntParam("id"), done, who.user_id);
  if (!item.ok()) return Fail(item.status(), req);
  return JsonResponse(ItemJson(*item));
}

Response ExtendDeadline(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeDeadline(ctx, req, Permission::kApproveExtension, &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::optional<std::int64_t> days;
  std::string reason;
  if (auto bad = BodyInt(body, "days", true, req, &days)) return *bad;
  if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
  if (*days < 1 || *days > 3660) return BadInput(req, "days", "延长天数须为正整数");
  auto item =
      ctx.deadlines->Extend(req.IntParam("id"), static_cast<int>(*days), reason, who.user_id);
  if (!item.ok()) return Fail(item.status(), req);
  return JsonResponse(ItemJson(*item));
}

}  // namespace

void RegisterDeadlineRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 8 * 1024, .blocking = true};
  router.Add("GET", "/api/v1/public/calendar", Bind(ctx, CalendarDays), read);
  router.Add("GET", "/api/v1/public/calendar/years", Bind(ctx, CalendarYears), read);
  router.Add("GET", "/api/v1/public/calendar/due", Bind(ctx, CalendarDue), read);
  router.Add("POST", "/api/v1/calendar/years", Bind(ctx, ImportYear),
             {.max_body = 64 * 1024, .blocking = true});
  router.Add("GET", "/api/v1/deadline-rules", Bind(ctx, ListRules), read);
  router.Add("PUT", "/api/v1/agencies/{id:int}/deadline-rules/{code}", Bind(ctx, SetOverride),
             write);
  router.Add("DELETE", "/api/v1/agencies/{id:int}/deadline-rules/{code}", Bind(ctx, ClearOverride),
             read);
  router.Add("GET", "/api/v1/deadlines", Bind(ctx, ListDeadlines), read);
  router.Add("POST", "/api/v1/deadlines", Bind(ctx, OpenDeadline), write);
  router.Add("GET", "/api/v1/deadlines/summary", Bind(ctx, Summary), read);
  router.Add("POST", "/api/v1/deadlines/{id:int}/complete", Bind(ctx, CompleteDeadline), write);
  router.Add("POST", "/api/v1/deadlines/{id:int}/extensions", Bind(ctx, ExtendDeadline), write);
}

}  // namespace sx::http
