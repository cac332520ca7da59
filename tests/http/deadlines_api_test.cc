// The calendar and deadline routes end to end over the demo data (clock fixed at Monday
// 2026-01-05): the public calendar and due-date arithmetic, importing a year (and the deadlines
// it moves), the rules with an agency's own periods, the tracker's list, summary and writes, who
// may do what on whose deadlines, and bad input answered with a 400 naming the field.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"
#include "services/calendar_fixture.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";

class DeadlinesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto center = server_.agencies().GetByCode("zzgjj");
    ASSERT_TRUE(center.ok());
    center_ = center->id;
    for (const auto& d : center->departments) {
      if (d.name == "归集管理处") other_department_ = d.id;
    }
    bureau_ = server_.agencies().GetByCode("zzsfj")->id;
  }

  HttpResponse Send(std::string_view method, const std::string& target,
                    std::vector<std::string> headers = {}, std::string_view body = {}) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  // A signed-in request by a demo account (JSON body when there is one).
  HttpResponse As(std::string_view user, std::string_view method, const std::string& target,
                  std::string_view body = {}) {
    auto headers = server_.SessionHeaders(user);
    if (!body.empty()) headers.push_back(kJson);
    return Send(method, target, headers, body);
  }

  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  // A 400 problem+json in Chinese naming `field`.
  static void ExpectBad(const HttpResponse& r, std::string_view field) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    auto o = Json(r);
    EXPECT_EQ(std::string_view(o["field"].is_string() ? o["field"].as_string() : ""), field)
        << r.body;
    EXPECT_TRUE(HasChinese(r.body)) << r.body;
  }

  // Another agency with one deadline of its own.
  std::int64_t OtherAgencyWithADeadline() {
    domain::NewAgency a;
    a.code = "zzrs";
    a.name = "郑州市人力资源和社会保障局";
    a.legal_basis = "《劳动保障监察条例》第十一条";
    auto created = server_.agencies().Create(a);
    EXPECT_TRUE(created.ok()) << created.status().message();
    auto d = server_.deadlines().Open(
        {created->id, "case.decision", "人社案件 郑人社罚〔2026〕1号 办理期限", "",
         *domain::ParseDate("2025-12-01")},
        0);
    EXPECT_TRUE(d.ok()) << d.status().message();
    other_deadline_ = d.ok() ? d->record.id : 0;
    return created->id;
  }

  std::vector<json::object> Items(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    auto o = Json(r);
    if (!o.contains("items")) return out;
    for (const auto& i : o["items"].as_array()) out.push_back(i.as_object());
    return out;
  }

  std::int64_t DemoDeadline(std::string_view rule) {
    auto list = server_.deadlines().List({center_, std::nullopt, std::string(rule)},
                                         server_.deadlines().Today(), {});
    EXPECT_TRUE(list.ok() && !list->empty());
    return list.ok() && !list->empty() ? list->front().record.id : 0;
  }

  TestServer server_;
  std::int64_t center_ = 0, bureau_ = 0, other_department_ = 0, other_deadline_ = 0;
};

TEST_F(DeadlinesApi, PublicCalendarDays) {
  auto r = Send("GET", "/api/v1/public/calendar?from=2026-09-28&to=2026-10-11");
  ASSERT_EQ(r.status, 200) << r.body;
  auto days = Json(r)["days"].as_array();
  ASSERT_EQ(days.size(), 14u);
  auto day = [&](std::size_t i) { return days.at(i).as_object(); };
  EXPECT_EQ(day(0)["date"], "2026-09-28");
  EXPECT_EQ(day(0)["kind"], "weekday");
  EXPECT_EQ(day(0)["working"], true);
  EXPECT_EQ(day(3)["date"], "2026-10-01");
  EXPECT_EQ(day(3)["kind"], "holiday");
  EXPECT_EQ(day(3)["name"], "国庆节");
  EXPECT_EQ(day(3)["working"], false);
  EXPECT_EQ(day(3)["provisional"], false);
  EXPECT_EQ(day(12)["date"], "2026-10-10");
  EXPECT_EQ(day(12)["kind"], "makeup");
  EXPECT_EQ(day(12)["working"], true);
  EXPECT_EQ(day(13)["kind"], "weekend");
  auto later = Json(Send("GET", "/api/v1/public/calendar?from=2027-01-01&to=2027-01-01"));
  EXPECT_EQ(later["days"].as_array().at(0).as_object()["provisional"], true);

  ExpectBad(Send("GET", "/api/v1/public/calendar?to=2026-10-11"), "from");
  ExpectBad(Send("GET", "/api/v1/public/calendar?from=2026-13-01&to=2026-10-11"), "from");
  ExpectBad(Send("GET", "/api/v1/public/calendar?from=2026-10-11&to=2026-10-01"), "to");
  ExpectBad(Send("GET", "/api/v1/public/calendar?from=2026-01-01&to=2027-12-31"), "to");
  ExpectBad(Send("GET", "/api/v1/public/calendar?from=1989-12-01&to=1989-12-31"), "from");
  ExpectBad(Send("GET", "/api/v1/public/calendar?from=2100-12-01&to=2101-01-31"), "to");
}

TEST_F(DeadlinesApi, PublicYearsAndDueDates) {
  auto years = Json(Send("GET", "/api/v1/public/calendar/years"));
  auto list = years["years"].as_array();
  ASSERT_EQ(list.size(), 8u);  // 2019–2026
  auto y2020 = list.at(1).as_object();
  EXPECT_EQ(y2020["year"], 2020);
  EXPECT_EQ(y2020["version"], 2);  // 春节 extended by a later notice
  EXPECT_EQ(y2020["source"], "official");
  EXPECT_TRUE(y2020["notice"].is_string());
  EXPECT_TRUE(y2020.contains("number") && y2020.contains("dated"));
  EXPECT_EQ(years["provisionalFrom"], 2027);

  auto due = Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&rule=publish.penalty");
  ASSERT_EQ(due.status, 200) << due.body;
  auto d = Json(due);
  EXPECT_EQ(d["due"], "2026-10-13");
  EXPECT_EQ(d["provisional"], false);
  EXPECT_NE(std::string_view(d["explanation"].as_string()).find("国庆节"), std::string::npos);
  EXPECT_EQ(Json(Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&workingDays=7"))["due"],
            "2026-10-13");
  auto provisional =
      Json(Send("GET", "/api/v1/public/calendar/due?start=2026-12-18&calendarDays=90"));
  EXPECT_EQ(provisional["due"], "2027-03-18");
  EXPECT_EQ(provisional["provisional"], true);
  EXPECT_EQ(Json(Send("GET", "/api/v1/public/calendar/due?start=2026-01-31&months=1"))["due"],
            "2026-02-28");  // the month's last day: a Saturday, but worked (春节 调休)

  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2026-09-28"), "rule");
  ExpectBad(
      Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&rule=publish.penalty&months=1"),
      "rule");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&rule=nope"), "rule");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&workingDays=abc"),
            "workingDays");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2026-09-28&calendarDays=-1"),
            "calendarDays");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2026-9-28&workingDays=1"), "start");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=2100-12-20&calendarDays=90"), "start");
  ExpectBad(Send("GET", "/api/v1/public/calendar/due?start=1989-12-20&calendarDays=1"), "start");
}

// The issue's recompute test over HTTP: a deadline opened under a provisional 2027 moves when the
// bureau's administrator imports the 2027 schedule, and the change shows on the deadline.
TEST_F(DeadlinesApi, ImportingAYearMovesDeadlinesVisibly) {
  auto opened = As(
      "demo.officer", "POST", "/api/v1/deadlines",
      R"({"ruleCode":"publish.result","subject":"执法结果信息 郑公积金罚决〔2026〕30号 公示","startDate":"2026-12-24"})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto item = Json(opened);
  EXPECT_EQ(item["dueDate"], "2027-01-21");
  EXPECT_EQ(item["provisional"], true);
  const std::int64_t id = item["id"].as_int64();

  const std::string doc = Calendar2027();
  auto center_admin =
      Send("POST", "/api/v1/calendar/years", {kCenterAdminCookie, kCenterAdminCsrf, kJson}, doc);
  EXPECT_EQ(center_admin.status, 403) << center_admin.body;
  auto no_csrf = Send("POST", "/api/v1/calendar/years", {kBureauAdminCookie, kJson}, doc);
  EXPECT_EQ(no_csrf.status, 403);
  auto not_json = Send("POST", "/api/v1/calendar/years",
                       {kBureauAdminCookie, kBureauAdminCsrf, "Content-Type: text/plain"}, doc);
  EXPECT_EQ(not_json.status, 415);
  auto invalid =
      Send("POST", "/api/v1/calendar/years", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
           Calendar2027("02-12", "2027-02-17"));  // a Wednesday as 调休
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_TRUE(HasChinese(invalid.body));
  EXPECT_TRUE(Json(invalid).contains("field"));
  auto huge = Send("POST", "/api/v1/calendar/years", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                   std::string(70 * 1024, ' ') + doc);
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(Json(Send("GET", "/api/v1/public/calendar/years"))["provisionalFrom"], 2027);

  auto r =
      Send("POST", "/api/v1/calendar/years", {kBureauAdminCookie, kBureauAdminCsrf, kJson}, doc);
  ASSERT_EQ(r.status, 200) << r.body;
  auto result = Json(r);
  EXPECT_EQ(result["year"], 2027);
  EXPECT_EQ(result["oldVersion"], 0);
  EXPECT_EQ(result["newVersion"], 1);
  EXPECT_TRUE(HasChinese(std::string(result["change"].as_string())));
  EXPECT_EQ(result["recomputed"], 1);

  auto years = Json(Send("GET", "/api/v1/public/calendar/years"));
  EXPECT_EQ(years["provisionalFrom"], 2028);
  auto last = years["years"].as_array().back().as_object();
  EXPECT_EQ(last["year"], 2027);
  EXPECT_EQ(last["source"], "imported");
  auto day = Json(Send("GET", "/api/v1/public/calendar?from=2027-01-01&to=2027-01-01"));
  EXPECT_EQ(day["days"].as_array().at(0).as_object()["kind"], "holiday");

  // The deadline shows its new due date and why it changed.
  bool found = false;
  for (auto& i : Items(As("demo.officer", "GET", "/api/v1/deadlines?rule=publish.result"))) {
    if (i["id"].as_int64() != id) continue;
    found = true;
    EXPECT_EQ(i["dueDate"], "2027-01-22");
    EXPECT_EQ(i["provisional"], false);
    auto changes = i["changes"].as_array();
    ASSERT_EQ(changes.size(), 1u);
    auto c = changes.at(0).as_object();
    EXPECT_EQ(c["oldDue"], "2027-01-21");
    EXPECT_EQ(c["newDue"], "2027-01-22");
    EXPECT_NE(std::string_view(c["reason"].as_string()).find("期限由 2027-01-21 调整为 2027-01-22"),
              std::string::npos);
    EXPECT_TRUE(c["at"].is_string());
  }
  EXPECT_TRUE(found);

  // The same again: nothing changes. A different version 1: a conflict.
  auto again = Json(
      Send("POST", "/api/v1/calendar/years", {kBureauAdminCookie, kBureauAdminCsrf, kJson}, doc));
  EXPECT_EQ(again["newVersion"], 1);
  EXPECT_EQ(again["recomputed"], 0);
  auto conflict = Send("POST", "/api/v1/calendar/years",
                       {kBureauAdminCookie, kBureauAdminCsrf, kJson}, Calendar2027("02-13"));
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_TRUE(HasChinese(conflict.body));
}

TEST_F(DeadlinesApi, RulesAndAnAgencysOwnPeriods) {
  auto r = As("demo.officer", "GET", "/api/v1/deadline-rules");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rules = Json(r)["rules"].as_array();
  EXPECT_EQ(rules.size(), domain::DefaultDeadlineRules().size());
  std::set<std::string> units;
  for (const auto& v : rules) {
    auto o = v.as_object();
    for (const char* key : {"code", "name", "legalBasis", "period", "startsOn", "stopsOn",
                            "configurable", "extendable", "maxExtensionDays", "override"}) {
      EXPECT_TRUE(o.contains(key)) << key;
    }
    auto p = o["period"].as_object();
    for (const char* key : {"unit", "amount", "month", "day", "text"}) EXPECT_TRUE(p.contains(key));
    units.insert(std::string(p["unit"].as_string()));
    EXPECT_TRUE(o["override"].is_null());
    if (o["code"] == "case.decision") {
      EXPECT_EQ(o["extendable"], true);
      EXPECT_EQ(o["maxExtensionDays"], 30);
      EXPECT_EQ(p["text"], "90日");
    }
  }
  EXPECT_EQ(units, (std::set<std::string>{"working_days", "calendar_days", "months",
                                          "by_date_next_year"}));

  const std::string path = fmt::format("/api/v1/agencies/{}/deadline-rules/legal_review", center_);
  EXPECT_EQ(As("demo.officer", "PUT", path, R"({"amount":5})").status, 403);
  EXPECT_EQ(Send("PUT", path, {kCenterAdminCookie, kJson}, R"({"amount":5})").status, 403);  // CSRF
  EXPECT_EQ(Send("PUT", fmt::format("/api/v1/agencies/{}/deadline-rules/legal_review", bureau_),
                 {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"amount":5})")
                .status,
            403);
  auto set = Send("PUT", path, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"amount":5})");
  ASSERT_EQ(set.status, 200) << set.body;
  auto o = Json(set);
  EXPECT_EQ(o["code"], "legal_review");
  EXPECT_EQ(o["override"].as_object()["amount"], 5);
  EXPECT_EQ(o["override"].as_object()["text"], "5个工作日");
  // Deadlines opened now run for 5 working days.
  auto opened = Json(As(
      "demo.officer", "POST", "/api/v1/deadlines",
      R"({"ruleCode":"legal_review","subject":"案件 郑公积金罚〔2026〕20号 法制审核","startDate":"2026-01-05"})"));
  EXPECT_EQ(opened["dueDate"], "2026-01-12");
  auto listed = Json(As("demo.leader", "GET", "/api/v1/deadline-rules"));
  for (const auto& v : listed["rules"].as_array()) {
    if (v.as_object().at("code") == "legal_review") {
      EXPECT_EQ(v.as_object().at("override").as_object().at("amount"), 5);
    }
  }
  const auto admin = std::vector<std::string>{kCenterAdminCookie, kCenterAdminCsrf, kJson};
  ExpectBad(Send("PUT", fmt::format("/api/v1/agencies/{}/deadline-rules/publish.penalty", center_),
                 admin, R"({"amount":10})"),
            "amount");  // only stricter than the law
  ExpectBad(Send("PUT", path, admin, R"({"amount":"5"})"), "amount");
  ExpectBad(Send("PUT", path, admin, R"({"amount":99999999999999})"), "amount");
  ExpectBad(Send("PUT", path, admin, R"({})"), "amount");
  EXPECT_EQ(Send("PUT", fmt::format("/api/v1/agencies/{}/deadline-rules/no.such", center_), admin,
                 R"({"amount":5})")
                .status,
            404);
  auto cleared = Send("DELETE", path, {kCenterAdminCookie, kCenterAdminCsrf});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared)["override"].is_null());
  EXPECT_EQ(Send("DELETE", path, {kCenterAdminCookie, kCenterAdminCsrf}).status, 404);

  // Reading another agency's rules: the supervisor may, staff may not.
  EXPECT_EQ(
      As("demo.supervisor", "GET", fmt::format("/api/v1/deadline-rules?agency={}", center_)).status,
      200);
  EXPECT_EQ(
      As("demo.officer", "GET", fmt::format("/api/v1/deadline-rules?agency={}", bureau_)).status,
      403);
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadline-rules?agency=abc"), "agency");
  EXPECT_EQ(Send("GET", "/api/v1/deadline-rules").status, 401);
}

TEST_F(DeadlinesApi, TheDemoTrackerAndItsScope) {
  auto r = As("demo.officer", "GET", "/api/v1/deadlines");
  auto items = Items(r);
  ASSERT_EQ(items.size(), 8u);
  auto counts = Json(r)["counts"].as_object();
  EXPECT_EQ(counts["on_time"], 2);
  EXPECT_EQ(counts["due_soon"], 2);
  EXPECT_EQ(counts["overdue"], 2);
  EXPECT_EQ(counts["done_on_time"], 1);
  EXPECT_EQ(counts["done_late"], 1);
  for (auto& i : items) {
    for (const char* key : {"id",         "agencyId", "agencyName",   "ruleCode",    "ruleName",
                            "legalBasis", "subject",  "object",       "assigneeId",  "assigneeName",
                            "startDate",  "dueDate",  "provisional",  "explanation", "state",
                            "stateName",  "doneOn",   "extendedDays", "extensions",  "changes"}) {
      EXPECT_TRUE(i.contains(key)) << key;
    }
    EXPECT_EQ(i["agencyName"], "郑州住房公积金管理中心");
  }
  const auto first = std::find_if(items.begin(), items.end(),
                                  [](auto& i) { return i["extendedDays"].as_int64() > 0; });
  ASSERT_NE(first, items.end());
  auto extension = first->at("extensions").as_array().at(0).as_object();
  EXPECT_EQ(extension["days"], 15);
  EXPECT_EQ(extension["approvedByName"], "演示承办机构负责人");
  const auto provisional =
      std::count_if(items.begin(), items.end(), [](auto& i) { return i["provisional"].as_bool(); });
  EXPECT_GE(provisional, 1);

  auto overdue = Json(As("demo.officer", "GET", "/api/v1/deadlines?state=overdue"));
  EXPECT_EQ(overdue["items"].as_array().size(), 2u);
  EXPECT_EQ(overdue["items"].as_array().at(0).as_object()["stateName"], "已逾期");
  EXPECT_EQ(overdue["counts"].as_object()["on_time"], 2);  // counts ignore the state filter
  EXPECT_EQ(Items(As("demo.officer", "GET", "/api/v1/deadlines?rule=case.decision")).size(), 2u);
  EXPECT_EQ(Items(As("demo.unithead", "GET", "/api/v1/deadlines?mine=1")).size(), 1u);
  EXPECT_EQ(
      Items(As("demo.officer", "GET", "/api/v1/deadlines?from=2026-01-01&to=2026-01-31")).size(),
      3u);
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadlines?state=late"), "state");
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadlines?rule=x"), "rule");
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadlines?from=2026-02-30"), "from");
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadlines?from=2026-02-01&to=2026-01-01"), "to");
  EXPECT_EQ(Send("GET", "/api/v1/deadlines").status, 401);

  // Another agency's deadlines: invisible to the center's staff, visible to the supervisor.
  const std::int64_t other = OtherAgencyWithADeadline();
  EXPECT_EQ(Items(As("demo.admin", "GET", "/api/v1/deadlines")).size(), 8u);
  EXPECT_EQ(As("demo.admin", "GET", fmt::format("/api/v1/deadlines?agency={}", other)).status, 403);
  auto all = Items(As("demo.supervisor", "GET", "/api/v1/deadlines"));
  EXPECT_EQ(all.size(), 9u);
  auto theirs =
      Items(As("demo.supervisor", "GET", fmt::format("/api/v1/deadlines?agency={}", other)));
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["agencyName"], "郑州市人力资源和社会保障局");
  EXPECT_EQ(theirs[0]["assigneeId"], nullptr);
  EXPECT_EQ(
      As("demo.officer", "POST", fmt::format("/api/v1/deadlines/{}/complete", other_deadline_),
         R"({"doneOn":"2026-01-05"})")
          .status,
      403);
  EXPECT_EQ(
      As("demo.supervisor", "POST", fmt::format("/api/v1/deadlines/{}/complete", other_deadline_),
         R"({"doneOn":"2026-01-05"})")
          .status,
      403);  // supervision reads, never writes

  // Officers and unit heads see their 内设机构's deadlines; leaders the whole agency's.
  auto gj = server_.auth().CreateAccount({center_,
                                          "gj.officer",
                                          "归集执法人员",
                                          "Gj#2026-scope-x",
                                          {domain::Role::kOfficer},
                                          other_department_});
  ASSERT_TRUE(gj.ok()) << gj.status().message();
  auto elsewhere =
      server_.deadlines().Open({center_, "inspection.publish", "2026年第一批双随机抽查结果公示", "",
                                *domain::ParseDate("2026-01-05"), gj->id},
                               gj->id);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(Items(As("demo.officer", "GET", "/api/v1/deadlines")).size(), 8u);
  EXPECT_EQ(Items(As("demo.leader", "GET", "/api/v1/deadlines")).size(), 9u);
  EXPECT_EQ(Items(As("gj.officer", "GET", "/api/v1/deadlines")).size(), 1u);
  auto refused =
      As("demo.officer", "POST", fmt::format("/api/v1/deadlines/{}/complete", elsewhere->record.id),
         R"({"doneOn":"2026-01-05"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(HasChinese(refused.body));
}

TEST_F(DeadlinesApi, OpeningADeadline) {
  const std::string ok =
      R"({"ruleCode":"case.decision","subject":"案件 郑公积金罚〔2026〕21号 办理期限","object":"case:21","startDate":"2026-01-05"})";
  auto r = As("demo.officer", "POST", "/api/v1/deadlines", ok);
  ASSERT_EQ(r.status, 201) << r.body;
  auto o = Json(r);
  EXPECT_EQ(o["dueDate"], "2026-04-07");  // 04-05 is 清明 (04-04…04-06)
  EXPECT_EQ(o["state"], "on_time");
  EXPECT_EQ(o["stateName"], "未到期");
  EXPECT_EQ(o["object"], "case:21");
  EXPECT_EQ(o["assigneeId"], nullptr);
  EXPECT_EQ(o["doneOn"], nullptr);
  EXPECT_EQ(o["ruleName"], "案件办理期限");
  EXPECT_EQ(o["legalBasis"], "行政处罚法 第60条");
  EXPECT_NE(std::string_view(o["explanation"].as_string()).find("清明"), std::string::npos);

  for (const char* user : {"demo.unithead", "demo.leader", "demo.admin"}) {
    EXPECT_EQ(As(user, "POST", "/api/v1/deadlines", ok).status, 201) << user;
  }
  for (const char* user :
       {"demo.reviewer", "demo.publisher", "demo.supervisor", "demo.sfj.admin"}) {
    EXPECT_EQ(As(user, "POST", "/api/v1/deadlines", ok).status, 403) << user;
  }
  auto officer = server_.SessionHeaders("demo.officer");
  EXPECT_EQ(Send("POST", "/api/v1/deadlines", {officer[0], kJson}, ok).status, 403);  // CSRF

  auto bad = [&](std::string_view body, std::string_view field) {
    ExpectBad(As("demo.officer", "POST", "/api/v1/deadlines", body), field);
  };
  bad(R"({"ruleCode":"nope","subject":"案件","startDate":"2026-01-05"})", "ruleCode");
  bad(R"({"subject":"案件","startDate":"2026-01-05"})", "ruleCode");
  bad(R"({"ruleCode":"case.decision","startDate":"2026-01-05"})", "subject");
  bad(R"({"ruleCode":"case.decision","subject":7,"startDate":"2026-01-05"})", "subject");
  bad(R"({"ruleCode":"case.decision","subject":"案件","startDate":"2026-02-30"})", "startDate");
  bad(R"({"ruleCode":"case.decision","subject":"案件","startDate":"1989-12-31"})", "startDate");
  bad(R"({"ruleCode":"case.decision","subject":"案件","startDate":"2100-12-30"})", "startDate");
  bad(R"({"ruleCode":"case.decision","subject":"案件","startDate":"2026-01-05","assigneeId":"x"})",
      "assigneeId");
  std::string long_subject;
  for (int i = 0; i < 201; ++i) long_subject += "案";
  bad(fmt::format(R"({{"ruleCode":"case.decision","subject":"{}","startDate":"2026-01-05"}})",
                  long_subject),
      "subject");
  const auto supervisor = server_.auth().ListUsers(bureau_);
  ASSERT_TRUE(supervisor.ok() && !supervisor->empty());
  bad(fmt::format(
          R"({{"ruleCode":"case.decision","subject":"案件","startDate":"2026-01-05","assigneeId":{}}})",
          supervisor->front().id),
      "assigneeId");
  EXPECT_EQ(As("demo.officer", "POST", "/api/v1/deadlines", "[1,2]").status, 400);
  EXPECT_EQ(As("demo.officer", "POST", "/api/v1/deadlines", "{").status, 400);
}

TEST_F(DeadlinesApi, CompletingAndExtending) {
  const std::int64_t soon = DemoDeadline("publish.penalty");
  const std::string complete = fmt::format("/api/v1/deadlines/{}/complete", soon);
  ExpectBad(As("demo.officer", "POST", complete, R"({"doneOn":"2026-01-06"})"),
            "doneOn");  // future
  ExpectBad(As("demo.officer", "POST", complete, R"({"doneOn":"05/01/2026"})"), "doneOn");
  ExpectBad(As("demo.officer", "POST", complete, R"({"done":"2026-01-05"})"), "doneOn");
  EXPECT_EQ(As("demo.publisher", "POST", complete, R"({"doneOn":"2026-01-05"})").status, 403);
  auto done = As("demo.officer", "POST", complete, R"({"doneOn":"2026-01-05"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json(done)["state"], "done_on_time");
  EXPECT_EQ(Json(done)["doneOn"], "2026-01-05");
  EXPECT_EQ(As("demo.officer", "POST", complete, R"({"doneOn":"2026-01-05"})").status, 409);
  EXPECT_EQ(
      As("demo.officer", "POST", "/api/v1/deadlines/999999/complete", R"({"doneOn":"2026-01-05"})")
          .status,
      404);
  auto late = As("demo.officer", "POST",
                 fmt::format("/api/v1/deadlines/{}/complete", DemoDeadline("service.decision")),
                 R"({"doneOn":"2026-01-05"})");
  EXPECT_EQ(Json(late)["state"], "done_late");

  // Extensions: approved by a unit head or leader, within the rule's maximum.
  const std::int64_t c = DemoDeadline("case.decision");  // 15 of 30 days already granted
  const std::string extend = fmt::format("/api/v1/deadlines/{}/extensions", c);
  const std::string body = R"({"days":10,"reason":"案情复杂,需补充调查取证"})";
  auto officer = As("demo.officer", "POST", extend, body);
  EXPECT_EQ(officer.status, 403) << officer.body;
  EXPECT_TRUE(HasChinese(officer.body));
  EXPECT_EQ(As("demo.admin", "POST", extend, body).status, 403);
  EXPECT_EQ(As("demo.supervisor", "POST", extend, body).status, 403);
  auto granted = As("demo.unithead", "POST", extend, body);
  ASSERT_EQ(granted.status, 200) << granted.body;
  auto g = Json(granted);
  EXPECT_EQ(g["extendedDays"], 25);
  EXPECT_EQ(g["extensions"].as_array().size(), 2u);
  EXPECT_EQ(g["extensions"].as_array().at(1).as_object()["approvedByName"], "演示承办机构负责人");
  ExpectBad(As("demo.leader", "POST", extend, R"({"days":6,"reason":"再延长"})"), "days");
  ExpectBad(As("demo.leader", "POST", extend, R"({"days":0,"reason":"再延长"})"), "days");
  ExpectBad(As("demo.leader", "POST", extend, R"({"days":1e30,"reason":"再延长"})"), "days");
  ExpectBad(As("demo.leader", "POST", extend, R"({"days":5})"), "reason");
  ExpectBad(As("demo.leader", "POST", extend, R"({"days":5,"reason":""})"), "reason");
  EXPECT_EQ(As("demo.leader", "POST", extend, R"({"days":5,"reason":"经集体讨论延长"})").status,
            200);
  ExpectBad(
      As("demo.leader", "POST",
         fmt::format("/api/v1/deadlines/{}/extensions", DemoDeadline("hearing.request")), body),
      "days");  // 行政处罚法 第64条: not extendable
  auto finished =
      As("demo.leader", "POST", fmt::format("/api/v1/deadlines/{}/extensions", soon), body);
  EXPECT_EQ(finished.status, 409) << finished.body;  // done already
}

TEST_F(DeadlinesApi, DailySummary) {
  auto r = As("demo.officer", "GET", "/api/v1/deadlines/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = Json(r);
  EXPECT_EQ(s["date"], "2026-01-05");
  auto agencies = s["agencies"].as_array();
  ASSERT_EQ(agencies.size(), 1u);
  EXPECT_EQ(agencies.at(0).as_object()["agencyName"], "郑州住房公积金管理中心");
  EXPECT_EQ(agencies.at(0).as_object()["counts"].as_object()["overdue"], 2);
  EXPECT_EQ(s["overdue"].as_array().size(), 2u);
  EXPECT_EQ(s["dueToday"].as_array().size() + s["dueSoon"].as_array().size(), 2u);

  OtherAgencyWithADeadline();
  auto all = Json(As("demo.supervisor", "GET", "/api/v1/deadlines/summary"));
  EXPECT_EQ(all["agencies"].as_array().size(), 2u);  // every enforcement agency, not the bureau
  EXPECT_EQ(all["overdue"].as_array().size(), 2u);
  int counted = 0;
  for (const auto& a : all["agencies"].as_array()) {
    for (const auto& [state, n] : a.as_object().at("counts").as_object()) counted += n.as_int64();
  }
  EXPECT_EQ(counted, 9);
  auto earlier = Json(As("demo.supervisor", "GET", "/api/v1/deadlines/summary?date=2025-12-01"));
  EXPECT_EQ(earlier["date"], "2025-12-01");
  ExpectBad(As("demo.officer", "GET", "/api/v1/deadlines/summary?date=yesterday"), "date");
  EXPECT_EQ(Send("GET", "/api/v1/deadlines/summary").status, 401);
}

}  // namespace
}  // namespace sx::testing
