// 监督考核 over HTTP (docs/supervision.md): the public complaint form (201 with a tracking number;
// field errors; 429 with Retry-After after the burst, corrected retries not counted), attachments
// (413, 415, 403), the status page; handling in the workbench by role; the indicators for an
// agency and, for the supervisor, every agency; the annual report drafted, refused without data
// or confirmation, published, and served by the fixed interface as JSON, PDF, XLSX and CSV.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

TestServerOptions Limited() {
  TestServerOptions o;
  o.complaint_burst = 2;
  o.complaint_per_second = 0.0001;
  return o;
}

class SupervisionApi : public ::testing::Test {
 protected:
  HttpResponse Send(std::string_view user, std::string_view method, const std::string& target,
                    std::string_view body = {}, std::vector<std::string> headers = {},
                    std::string_view type = "application/json") {
    if (!user.empty()) {
      auto session = server_.SessionHeaders(user);
      headers.insert(headers.end(), session.begin(), session.end());
    }
    if (!body.empty()) headers.push_back(fmt::format("Content-Type: {}", type));
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }
  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }
  static std::string Header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  static std::string Complaint(std::string_view content) {
    return json::serialize(json::object{{"agency", "zzgjj"},
                                        {"topic", "procedure"},
                                        {"subject", "检查时未出示执法证件"},
                                        {"content", content},
                                        {"phone", "13800138000"}});
  }

  TestServer server_{Limited()};
};

TEST_F(SupervisionApi, APublicComplaintIsFiledFollowedAndAnswered) {
  // Field errors name the field and do not count against the limit.
  auto bad = Send("", "POST", "/api/v1/public/complaints", Complaint("太短"));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Json(bad).at("field").as_string(), "content");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Send("", "POST", "/api/v1/public/complaints",
                   R"({"agency":"zzgjj","topic":"gossip","subject":"x","content":"0123456789"})")
                  .status,
              400);
  }
  auto filed = Send("", "POST", "/api/v1/public/complaints",
                    Complaint("2026年1月4日两名检查人员到我单位检查,未出示执法证件。"));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto f = Json(filed);
  const std::string tracking(f.at("tracking").as_string());
  const std::string token(f.at("uploadToken").as_string());
  // A second, then the limit: 429 with Retry-After (the third within the burst of 2).
  ASSERT_EQ(Send("", "POST", "/api/v1/public/complaints",
                 Complaint("举报某公司长期未为职工缴存住房公积金,涉及职工二十余人。"))
                .status,
            201);
  auto spam = Send("", "POST", "/api/v1/public/complaints",
                   Complaint("第三次提交的投诉内容,用于检查提交频率限制是否生效。"));
  EXPECT_EQ(spam.status, 429) << spam.body;
  EXPECT_FALSE(Header(spam, "retry-after").empty());

  // Attachments: a PNG is taken; a script is refused by content; too large; a wrong token.
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                        33);
  const std::string path =
      fmt::format("/api/v1/public/complaints/{}/attachments?name=%E7%85%A7%E7%89%87.png", tracking);
  auto ok = Send("", "POST", path, png, {"X-Upload-Token: " + token}, "image/png");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Json(ok).at("attachments").as_array().front().at("name").as_string(), "照片.png");
  EXPECT_EQ(
      Send("", "POST", path, "#!/bin/sh\necho hi\n", {"X-Upload-Token: " + token}, "image/png")
          .status,
      415);
  EXPECT_EQ(Send("", "POST", path, std::string(10 * 1024 * 1024 + 1, 'x'),
                 {"X-Upload-Token: " + token}, "image/png")
                .status,
            413);
  EXPECT_EQ(Send("", "POST", path, png, {"X-Upload-Token: nope"}, "image/png").status, 403);

  // The status page: no contacts; a mistyped number; an unknown one.
  auto status = Send("", "GET", "/api/v1/public/complaints/" + tracking);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.body.find("13800138000"), std::string::npos);
  EXPECT_EQ(Json(status).at("status").as_string(), "received");
  std::string typo = tracking;
  typo[12] = typo[12] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Send("", "GET", "/api/v1/public/complaints/" + typo).status, 400);

  // The workbench: the officer may not; the legal reviewer assigns to himself and answers.
  EXPECT_EQ(Send("demo.officer", "GET", "/api/v1/complaints").status, 403);
  auto list = Send("demo.reviewer", "GET", "/api/v1/complaints?status=received");
  ASSERT_EQ(list.status, 200) << list.body;
  std::int64_t id = 0;
  const auto items = Json(list);
  for (const auto& c : items.at("items").as_array()) {
    if (c.at("tracking").as_string() == tracking) id = c.at("id").as_int64();
  }
  ASSERT_NE(id, 0);
  auto me = Json(Send("demo.reviewer", "GET", "/api/v1/session"));
  const std::int64_t reviewer = me.at("user").at("id").as_int64();
  auto assigned = Send("demo.reviewer", "POST", fmt::format("/api/v1/complaints/{}/assign", id),
                       fmt::format(R"({{"assigneeId":{}}})", reviewer));
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  auto replied =
      Send("demo.reviewer", "POST", fmt::format("/api/v1/complaints/{}/reply", id),
           R"({"outcome":"partly","reply":"经核查,情况部分属实,已对相关人员批评教育。"})");
  ASSERT_EQ(replied.status, 200) << replied.body;
  EXPECT_EQ(Json(replied).at("status").as_string(), "replied");
  auto file = Send("demo.reviewer", "GET", fmt::format("/api/v1/complaints/{}/attachments/1", id));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, png);
  EXPECT_EQ(Header(file, "content-type"), "image/png");
  auto after = Json(Send("", "GET", "/api/v1/public/complaints/" + tracking));
  EXPECT_EQ(after.at("statusName").as_string(), "已答复");
  EXPECT_EQ(after.at("outcomeName").as_string(), "部分属实");

  // Statistics and indicators: the agency's own; the supervisor sees every agency.
  auto stats = Json(Send("demo.leader", "GET", "/api/v1/complaints/stats?year=2026"));
  EXPECT_EQ(stats.at("total").as_int64(), 2);
  auto own = Send("demo.leader", "GET", "/api/v1/supervision/indicators?from=2026-01&to=2026-02");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own).at("agencies").as_array().size(), 1u);
  auto all = Send("demo.supervisor", "GET", "/api/v1/supervision/indicators");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto every = Json(all);
  const auto& agencies = every.at("agencies").as_array();
  ASSERT_FALSE(agencies.empty());
  EXPECT_EQ(agencies.front().at("indicators").as_array().size(), 10u);
  EXPECT_EQ(agencies.front().at("complaintsOpen").as_int64(), 1);
  EXPECT_EQ(Send("demo.leader", "GET", "/api/v1/supervision/indicators?from=2026-13").status, 400);
}

TEST_F(SupervisionApi, TheAnnualReportIsDraftedPublishedAndExported) {
  // Nothing published yet; no data for 2019; bad years and formats.
  EXPECT_EQ(Send("", "GET", "/api/v1/public/reports/annual/2026").status, 404);
  auto none = Send("demo.leader", "POST", "/api/v1/reports/annual/2019/draft");
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(Json(none).at("type").as_string().ends_with("no-data"), true);
  EXPECT_EQ(Send("demo.leader", "POST", "/api/v1/reports/annual/20x6/draft").status, 400);
  EXPECT_EQ(Send("demo.officer", "POST", "/api/v1/reports/annual/2026/draft").status, 403);
  // A complaint makes 2026 a year with data.
  ASSERT_EQ(Send("", "POST", "/api/v1/public/complaints",
                 Complaint("2026年1月4日两名检查人员到我单位检查,未出示执法证件。"))
                .status,
            201);
  auto draft = Send("demo.leader", "POST", "/api/v1/reports/annual/2026/draft");
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(Json(draft).at("status").as_string(), "draft");
  auto pdf_draft = Send("demo.leader", "GET", "/api/v1/reports/annual/2026/draft?format=pdf");
  ASSERT_EQ(pdf_draft.status, 200) << pdf_draft.body;
  EXPECT_EQ(pdf_draft.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(Send("demo.leader", "POST", "/api/v1/reports/annual/2026/publish", "{}").status, 400);
  // The year is not over: a draft to look at, nothing to publish yet.
  auto early =
      Send("demo.leader", "POST", "/api/v1/reports/annual/2026/publish", R"({"confirm":true})");
  EXPECT_EQ(early.status, 409) << early.body;
  server_.clock().Advance(std::chrono::hours(24 * 370));  // 10 January 2027
  ASSERT_EQ(Send("demo.leader", "POST", "/api/v1/reports/annual/2026/draft").status, 201);
  auto published =
      Send("demo.leader", "POST", "/api/v1/reports/annual/2026/publish", R"({"confirm":true})");
  ASSERT_EQ(published.status, 200) << published.body;

  // The fixed interface.
  auto report = Send("", "GET", "/api/v1/public/reports/annual/2026");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto r = Json(report);
  EXPECT_EQ(r.at("year").as_int64(), 2026);
  EXPECT_EQ(r.at("status").as_string(), "published");
  EXPECT_EQ(r.at("agency").at("code").as_string(), "zzgjj");
  EXPECT_FALSE(r.at("sections").as_array().empty());
  auto pdf = Send("", "GET", "/api/v1/public/reports/annual/2026?format=pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(Header(pdf, "content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  auto xlsx = Send("", "GET", "/api/v1/public/reports/annual/2026?agency=zzgjj&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto csv = Send("", "GET", "/api/v1/public/reports/annual/2026?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("complaint.received"), std::string::npos);
  EXPECT_EQ(Send("", "GET", "/api/v1/public/reports/annual/2026?format=doc").status, 400);
  EXPECT_EQ(Send("", "GET", "/api/v1/public/reports/annual/2026?version=7").status, 404);
  auto list = Json(Send("", "GET", "/api/v1/public/reports/annual"));
  EXPECT_EQ(list.at("items").as_array().size(), 1u);
}

TEST_F(SupervisionApi, EvaluationTemplatesAndGuidance) {
  auto t = Send("demo.supervisor", "GET", "/api/v1/evaluation/template?agency=1");
  ASSERT_EQ(t.status, 200) << t.body;
  auto body = Json(t);
  EXPECT_TRUE(body.at("isDefault").as_bool());
  body["total"] = 95;
  auto refused =
      Send("demo.supervisor", "PUT", "/api/v1/evaluation/template?agency=1", json::serialize(body));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("各评查项目分值合计 100,应等于总分 95"), std::string::npos)
      << refused.body;
  EXPECT_EQ(
      Send("demo.officer", "PUT", "/api/v1/evaluation/template", json::serialize(body)).status,
      403);
  // No closed file in the demo's first week of 2026: a round cannot be drawn from nothing.
  auto round =
      Send("demo.supervisor", "POST", "/api/v1/evaluation/rounds",
           R"({"agency":1,"title":"测试","closedFrom":"2025-01-01","closedTo":"2025-12-31",)"
           R"("count":1,"source":"测试随机源"})");
  EXPECT_EQ(round.status, 400) << round.body;
  // The portal's guidance: empty, searchable, literal; an unknown one 404.
  auto list = Send("", "GET", "/api/v1/public/guidance?q=%25");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(Json(list).at("items").as_array().empty());
  EXPECT_EQ(Send("", "GET", "/api/v1/public/guidance/999").status, 404);
  EXPECT_EQ(Send("demo.reviewer", "POST", "/api/v1/guidance",
                 R"({"caseId":999,"title":"t","legalPoint":"p","summary":"s"})")
                .status,
            400);
}

}  // namespace
}  // namespace sx::testing
