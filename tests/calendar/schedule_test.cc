#include "calendar/schedule.h"

#include <gtest/gtest.h>

#include <string>

#include <boost/json.hpp>

#include "calendar/calendar.h"
#include "calendar/official.h"

namespace sx::calendar {
namespace {

namespace json = boost::json;

Date D(const char* text) { return domain::ParseDate(text).value_or(Date{}); }

// A valid one-year document: the official 2026 schedule.
json::value Base() {
  auto official = ParseSchedules(OfficialData());
  EXPECT_TRUE(official.ok());
  Schedules s;
  for (const YearSchedule& y : official->years) {
    if (y.year == 2026) s.years.push_back(y);
  }
  return json::parse(FormatSchedules(s));
}

json::object& Year(json::value& doc) { return doc.at("years").at(0).as_object(); }
json::object& Version(json::value& doc) { return Year(doc).at("versions").at(0).as_object(); }
json::object& Holiday0(json::value& doc, std::size_t i = 0) {
  return Version(doc).at("holidays").at(i).as_object();
}
json::object& Workday(json::value& doc, std::size_t i = 0) {
  return Version(doc).at("workdays").at(i).as_object();
}

TEST(ParseSchedules, TheBaseDocumentIsValid) {
  auto s = ParseSchedules(json::serialize(Base()));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->years.size(), 1u);
  EXPECT_EQ(s->years[0].latest().holidays.size(), 7u);
  EXPECT_TRUE(Calendar::Create(*s).ok());
}

TEST(ParseSchedules, OptionalFields) {
  json::value doc = Base();
  Version(doc).erase("number");
  Version(doc).erase("dated");
  Version(doc).erase("workdays");
  auto s = ParseSchedules(json::serialize(doc));
  ASSERT_TRUE(s.ok()) << s.status().message();
  const ScheduleVersion& v = s->years[0].latest();
  EXPECT_EQ(v.number, "");
  EXPECT_FALSE(v.dated.has_value());
  EXPECT_TRUE(v.workdays.empty());
  EXPECT_EQ(*ParseSchedules(FormatSchedules(*s)), *s);
}

struct BadDocument {
  const char* what;
  void (*mutate)(json::value&);
  const char* field;
  const char* message;  // a part of the message
};

const BadDocument kBadDocuments[] = {
    {"wrong format tag", [](json::value& d) { d.as_object()["format"] = "sanxiang.calendar/2"; },
     "format", "不支持的日历格式"},
    {"unknown top-level field", [](json::value& d) { d.as_object()["comment"] = "x"; }, "comment",
     "未知字段\"comment\""},
    {"empty region", [](json::value& d) { d.as_object()["region"] = ""; }, "region",
     "地区代码不能为空"},
    {"years not an array", [](json::value& d) { d.as_object()["years"] = 2026; }, "years",
     "须为数组"},
    {"year out of range", [](json::value& d) { Year(d)["year"] = 1985; }, "years[0].year",
     "1991 至 2099"},
    {"year as a string", [](json::value& d) { Year(d)["year"] = "2026"; }, "years[0].year", "整数"},
    {"no versions", [](json::value& d) { Year(d)["versions"] = json::array(); },
     "years[0].versions", "2026年没有任何版本"},
    {"version numbers skip",
     [](json::value& d) {
       json::array& vs = Year(d)["versions"].as_array();
       vs.push_back(vs[0]);
       vs[1].as_object()["version"] = 3;
     },
     "years[0].versions[1].version", "依次为 1、2、3"},
    {"empty notice", [](json::value& d) { Version(d)["notice"] = ""; },
     "years[0].versions[0].notice", "2026年第1版的通知标题不能为空"},
    {"notice too long", [](json::value& d) { Version(d)["notice"] = std::string(101, 'x'); },
     "years[0].versions[0].notice", "最多 100 个字"},
    {"number with a line break", [](json::value& d) { Version(d)["number"] = "国办发明电\n7号"; },
     "years[0].versions[0].number", "控制字符"},
    {"dated not a date", [](json::value& d) { Version(d)["dated"] = "2025-11-31"; },
     "years[0].versions[0].dated", "\"2025-11-31\"不是有效日期"},
    {"dated far away", [](json::value& d) { Version(d)["dated"] = "2020-11-04"; },
     "years[0].versions[0].dated", "不在2026年或其前后一年内"},
    {"amendment dated before the original",
     [](json::value& d) {
       json::array& vs = Year(d)["versions"].as_array();
       vs.push_back(vs[0]);
       vs[1].as_object()["version"] = 2;
       vs[1].as_object()["dated"] = "2025-10-01";
     },
     "years[0].versions[1].dated", "早于第1版"},
    {"no holidays", [](json::value& d) { Version(d)["holidays"] = json::array(); },
     "years[0].versions[0].holidays", "没有列出节假日"},
    {"holidays missing", [](json::value& d) { Version(d).erase("holidays"); },
     "years[0].versions[0].holidays", "缺少字段\"holidays\""},
    {"too many holidays",
     [](json::value& d) {
       json::array many;
       for (int i = 0; i < 61; ++i) many.push_back(Holiday0(d));
       Version(d)["holidays"] = many;
     },
     "years[0].versions[0].holidays", "最多 60 项"},
    {"holiday not an object", [](json::value& d) { Version(d)["holidays"].as_array()[0] = 1; },
     "years[0].versions[0].holidays[0]", "须为 JSON 对象"},
    {"holiday with an unknown field", [](json::value& d) { Holiday0(d)["days"] = 3; },
     "years[0].versions[0].holidays[0].days", "未知字段"},
    {"empty holiday name", [](json::value& d) { Holiday0(d)["name"] = ""; },
     "years[0].versions[0].holidays[0].name", "第1个节假日的名称不能为空"},
    {"holiday name too long", [](json::value& d) { Holiday0(d)["name"] = std::string(21, 'x'); },
     "years[0].versions[0].holidays[0].name", "最多 20 个字"},
    {"holiday name with a tab", [](json::value& d) { Holiday0(d)["name"] = "元\t旦"; },
     "years[0].versions[0].holidays[0].name", "控制字符"},
    {"duplicate holiday name", [](json::value& d) { Holiday0(d, 1)["name"] = "元旦"; },
     "years[0].versions[0].holidays[1].name", "与第1个节假日重复"},
    {"impossible date", [](json::value& d) { Holiday0(d, 1)["to"] = "2026-02-30"; },
     "years[0].versions[0].holidays[1].to",
     "2026年第1版第2个节假日的结束日期\"2026-02-30\"不是有效日期"},
    {"date in another format", [](json::value& d) { Holiday0(d)["from"] = "2026/01/01"; },
     "years[0].versions[0].holidays[0].from", "须为 YYYY-MM-DD"},
    {"date as a number", [](json::value& d) { Holiday0(d)["from"] = 20260101; },
     "years[0].versions[0].holidays[0].from", "须为字符串"},
    {"date two years off", [](json::value& d) { Holiday0(d, 6)["to"] = "2028-10-07"; },
     "years[0].versions[0].holidays[6].to", "2028-10-07不在2026年或其前后一年内"},
    {"from after to", [](json::value& d) { Holiday0(d, 6)["to"] = "2026-09-30"; },
     "years[0].versions[0].holidays[6].to", "结束日期2026-09-30早于开始日期2026-10-01"},
    {"holiday too long", [](json::value& d) { Holiday0(d, 6)["to"] = "2026-11-30"; },
     "years[0].versions[0].holidays[6].to", "长达 61 天"},
    {"overlapping holidays", [](json::value& d) { Holiday0(d, 6)["from"] = "2026-09-27"; },
     "years[0].versions[0].holidays[6].from", "与中秋节重叠"},
    {"holidays out of order",
     [](json::value& d) {
       json::array& hs = Version(d)["holidays"].as_array();
       std::swap(hs[0], hs[1]);
     },
     "years[0].versions[0].holidays[1].from", "按日期先后排列"},
    {"make-up day on a weekday", [](json::value& d) { Workday(d)["date"] = "2026-01-05"; },
     "years[0].versions[0].workdays[0].date", "2026-01-05是星期一,调休上班日须为星期六或星期日"},
    {"make-up day inside a holiday", [](json::value& d) { Workday(d)["date"] = "2026-01-03"; },
     "years[0].versions[0].workdays[0].date", "2026-01-03既是节假日(元旦)又是调休上班日"},
    {"make-up day for an unknown holiday", [](json::value& d) { Workday(d)["for"] = "元宵节"; },
     "years[0].versions[0].workdays[0].for", "\"元宵节\"不是本版列出的节假日"},
    {"make-up day listed twice", [](json::value& d) { Workday(d, 1)["date"] = "2026-01-04"; },
     "years[0].versions[0].workdays[1].date", "重复或顺序颠倒"},
    {"make-up day missing its holiday", [](json::value& d) { Workday(d).erase("for"); },
     "years[0].versions[0].workdays[0].for", "缺少字段\"for\""},
    {"years out of order",
     [](json::value& d) {
       json::array& ys = d.as_object()["years"].as_array();
       ys.push_back(ys[0]);
     },
     "years[1].year", "重复或顺序颠倒"},
};

TEST(ParseSchedules, BadDocumentsNameTheField) {
  for (const BadDocument& c : kBadDocuments) {
    json::value doc = Base();
    c.mutate(doc);
    auto s = ParseSchedules(json::serialize(doc));
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_EQ(s.status().code(), Code::kInvalid) << c.what;
    EXPECT_EQ(s.status().field(), c.field) << c.what << ": " << s.status().message();
    EXPECT_NE(s.status().message().find(c.message), std::string::npos)
        << c.what << ": " << s.status().message();
    // The same document as an import leaves the calendar as it was.
    auto official = LoadOfficial();
    ASSERT_TRUE(official.ok());
    auto merged = official->MergeYear(json::serialize(doc));
    ASSERT_FALSE(merged.ok()) << c.what;
    EXPECT_EQ(official->schedules(), LoadOfficial()->schedules()) << c.what;
  }
}

TEST(ParseSchedules, NotJsonOrTooLarge) {
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"", "不是有效的 JSON"},
      {"{\n\"format\": \"sanxiang.calendar/1\",\n\"years\": [}", "不是有效的 JSON(第 3 行附近)"},
      {"[]", "须为 JSON 对象"},
      {"{\"format\": \"sanxiang.calendar/1\", \"region\": \"CN\"}", "缺少字段\"years\""},
      {"{} {}", "不是有效的 JSON"},
      {std::string(kMaxDocumentBytes + 1, ' '), "超过"},
      {std::string(100, '[') + std::string(100, ']'), "不是有效的 JSON"},
  };
  for (const Case& c : cases) {
    auto s = ParseSchedules(c.text);
    ASSERT_FALSE(s.ok()) << c.text.substr(0, 40);
    EXPECT_EQ(s.status().code(), Code::kInvalid);
    EXPECT_NE(s.status().message().find(c.message), std::string::npos) << s.status().message();
  }
}

TEST(CalendarCreate, RejectsTwoYearsListingOneDay) {
  auto official = ParseSchedules(OfficialData());
  ASSERT_TRUE(official.ok());
  Schedules s = *official;
  ScheduleVersion v;
  v.version = 1;
  v.notice = "测试用2018年节假日安排";
  v.holidays = {{"元旦", D("2018-12-30"), D("2018-12-31")}};
  s.years.insert(s.years.begin(), YearSchedule{2018, {v}});
  auto c = Calendar::Create(s);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "years");
  EXPECT_EQ(c.status().message(), "2018-12-30同时由2018年和2019年的节假日安排列出");
}

TEST(CalendarCreate, WantsWholeHistories) {
  auto official = ParseSchedules(OfficialData());
  ASSERT_TRUE(official.ok());
  Schedules s = *official;
  s.years[1].versions.erase(s.years[1].versions.begin());  // 2020 from version 2 on
  ASSERT_TRUE(ValidateSchedules(s).ok());
  auto c = Calendar::Create(s);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "years[1].versions[0].version");
  EXPECT_NE(c.status().message().find("2020年的版本须从第1版开始"), std::string::npos);
}

}  // namespace
}  // namespace sx::calendar
