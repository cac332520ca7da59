// The personnel routes end to end over the demo data of 郑州住房公积金管理中心 (clock fixed at
// 2026-01-05): the public list and certificate check, the administrator's writes, the dashboard and
// the CSV import in UTF-8 and GBK.
#include <iconv.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";
const std::string kCsv = "Content-Type: text/csv; charset=utf-8";
const std::string kHeader =
    "姓名,部门,职务,执法证号,发证机关,发证日期,有效期至,证件状态,执法类别,执法区域\r\n";

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

class PeopleApi : public ::testing::Test {
 protected:
  HttpResponse Send(std::string_view method, const std::string& target,
                    std::vector<std::string> headers = {}, std::string_view body = {}) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  std::int64_t AgencyId() {
    auto list = Json(Send("GET", "/api/v1/public/agencies"));
    return list["items"].as_array().at(0).as_object().at("id").as_int64();
  }

  json::object Verify(std::string_view cert, int want_status = 200) {
    auto r = Send("GET", fmt::format("/api/v1/public/officers/verify?cert={}", cert));
    EXPECT_EQ(r.status, want_status) << r.body;
    return Json(r);
  }

  std::vector<std::string> PublicCertNumbers() {
    std::vector<std::string> out;
    auto list = Json(Send("GET", "/api/v1/public/officers"));
    for (const auto& o : list["items"].as_array()) {
      out.emplace_back(o.as_object().at("certNumber").as_string());
    }
    return out;
  }

  HttpResponse Import(const std::string& body) {
    return Send("POST", fmt::format("/api/v1/agencies/{}/officers/import", AgencyId()),
                {kCenterAdminCookie, kCenterAdminCsrf, kCsv}, body);
  }

  TestServer server_;
};

TEST_F(PeopleApi, PublicListShowsOnlyPublicFields) {
  auto r = Send("GET", "/api/v1/public/officers");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r);
  const auto& items = body["items"].as_array();
  ASSERT_EQ(items.size(), 10u);
  const auto& first = items.at(0).as_object();
  EXPECT_EQ(first.at("name"), "张伟");
  EXPECT_EQ(first.at("certNumber"), "ZZGJJ-2023-001");
  EXPECT_EQ(first.at("agency"), "郑州住房公积金管理中心");
  EXPECT_EQ(first.at("validity"), "有效");
  for (const char* key : {"title", "area", "category"}) EXPECT_TRUE(first.contains(key)) << key;
  for (const char* key : {"id", "legalQualificationNumber", "issuer", "department"}) {
    EXPECT_FALSE(first.contains(key)) << key << " is not published";
  }
  auto by_agency = Json(Send("GET", fmt::format("/api/v1/public/officers?agency={}", AgencyId())));
  EXPECT_EQ(by_agency["items"].as_array().size(), 10u);
  EXPECT_EQ(Send("GET", "/api/v1/public/officers?agency=999").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/public/officers?agency=abc").status, 400);
}

TEST_F(PeopleApi, VerifiesCertificates) {
  auto valid = Verify("ZZGJJ-2023-001");
  EXPECT_EQ(valid["name"], "张伟");
  EXPECT_EQ(valid["agency"], "郑州住房公积金管理中心");
  EXPECT_EQ(valid["validity"], "有效");
  EXPECT_EQ(valid["valid"], true);
  EXPECT_EQ(valid["checkedOn"], "2026-01-05");
  EXPECT_TRUE(valid["expiresOn"].is_string());
  EXPECT_TRUE(valid.contains("category") && valid.contains("area"));

  auto expired = Verify("ZZGJJ-2023-003");
  EXPECT_EQ(expired["validity"], "已过期");
  EXPECT_EQ(expired["valid"], false);
  EXPECT_EQ(expired["expiresOn"], "2025-12-26");

  auto suspended = Verify("ZZGJJ-2023-004");
  EXPECT_EQ(suspended["validity"], "暂扣");
  EXPECT_EQ(suspended["valid"], false);

  auto unknown = Verify("ZZGJJ-9999-999", 404);
  EXPECT_EQ(unknown["type"], "/problems/not-found");
  EXPECT_TRUE(HasChinese(unknown["detail"].as_string()));

  auto missing = Send("GET", "/api/v1/public/officers/verify");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
  EXPECT_EQ(Json(missing)["field"], "cert");
  EXPECT_EQ(Send("GET", "/api/v1/public/officers/verify?cert=").status, 400);
  EXPECT_EQ(Send("GET", "/api/v1/public/officers/verify?cert=%E5%BC%A0%20x").status, 400);
}

TEST_F(PeopleApi, CreatedOfficerAppearsInPublicListAndDuplicatesConflict) {
  const std::string target = fmt::format("/api/v1/agencies/{}/officers", AgencyId());
  const std::string body = json::serialize(json::object{{"name", "孙丽"},
                                                        {"title", "科员"},
                                                        {"certNumber", "ZZGJJ-2025-101"},
                                                        {"issuer", "郑州市人民政府"},
                                                        {"issuedOn", "2025-06-01"},
                                                        {"expiresOn", "2030-05-31"},
                                                        {"category", "住房公积金行政执法"},
                                                        {"area", "郑州市"}});
  EXPECT_EQ(Send("POST", target, {kJson}, body).status, 401);
  auto created = Send("POST", target, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto officer = Json(created);
  EXPECT_EQ(officer["validity"], "有效");
  EXPECT_EQ(officer["trainings"], 0);
  auto numbers = PublicCertNumbers();
  EXPECT_NE(std::find(numbers.begin(), numbers.end(), "ZZGJJ-2025-101"), numbers.end());

  auto dup = Send("POST", target, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, body);
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_NE(dup.body.find("ZZGJJ-2025-101"), std::string::npos);

  // 行政处罚法 第58条: a first-time reviewer without 法律职业资格 is refused.
  json::object reviewer = json::parse(body).as_object();
  reviewer["certNumber"] = "ZZGJJ-2025-102";
  reviewer["legalReviewer"] = true;
  reviewer["firstTimeReviewer"] = true;
  auto refused = Send("POST", target, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, json::serialize(reviewer));
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(Json(refused)["field"], "legalQualificationNumber");

  // Suspend, then the public check says so; add a training.
  const std::string officer_url = fmt::format("/api/v1/officers/{}", officer["id"].as_int64());
  auto patched = Send("PATCH", officer_url, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"status":"暂扣"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Verify("ZZGJJ-2025-101")["validity"], "暂扣");
  EXPECT_EQ(Send("PATCH", officer_url, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"status":"吊销"})").status, 422);
  EXPECT_EQ(Send("PATCH", "/api/v1/officers/9999", {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"title":"科长"})").status,
            404);
  auto training = Send("POST", officer_url + "/trainings", {kCenterAdminCookie, kCenterAdminCsrf, kJson},
                       R"({"kind":"岗前培训","date":"2025-05-20","hours":40,"result":"合格"})");
  EXPECT_EQ(training.status, 201) << training.body;
  EXPECT_EQ(Send("POST", officer_url + "/trainings", {kCenterAdminCookie, kCenterAdminCsrf, kJson},
                 R"({"kind":"岗前培训","date":"2026-02-01","hours":40,"result":"合格"})")
                .status,
            422);
  auto full = Json(Send("GET", fmt::format("/api/v1/agencies/{}/officers", AgencyId()), {kCenterAdminCookie}));
  bool found = false;
  for (const auto& o : full["items"].as_array()) {
    if (o.as_object().at("certNumber") == "ZZGJJ-2025-101") {
      found = true;
      EXPECT_EQ(o.as_object().at("trainings"), 1);
      EXPECT_EQ(o.as_object().at("status"), "暂扣");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(PeopleApi, DashboardShowsExpiringAndReviewerRatio) {
  const std::string target = fmt::format("/api/v1/agencies/{}/people-dashboard", AgencyId());
  EXPECT_EQ(Send("GET", target).status, 401);
  auto r = Send("GET", target, {kCenterAdminCookie});
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = Json(r);
  EXPECT_EQ(d["today"], "2026-01-05");
  const auto& expiring = d["expiring"].as_array();
  ASSERT_EQ(expiring.size(), 1u);
  EXPECT_EQ(expiring.at(0).as_object().at("certNumber"), "ZZGJJ-2023-002");
  EXPECT_EQ(expiring.at(0).as_object().at("daysLeft"), 30);
  EXPECT_EQ(d["invalid"].as_array().size(), 2u);  // expired and suspended
  auto& reviewers = d["reviewers"].as_object();
  EXPECT_EQ(reviewers["reviewers"], 2);
  EXPECT_EQ(reviewers["officers"], 10);
  EXPECT_EQ(reviewers["meetsRule"], true);
  // Another agency's data, existing or not, is refused without saying which.
  EXPECT_EQ(Send("GET", "/api/v1/agencies/999/people-dashboard", {kCenterAdminCookie}).status, 403);
}

TEST_F(PeopleApi, ImportsUtf8WithBom) {
  auto r = Import("\xEF\xBB\xBF" + kHeader +
                  "钱进,监察执法处,科员,ZZGJJ-2025-201,郑州市人民政府,2025-01-01,2030-12-31,有效,"
                  "住房公积金行政执法,郑州市\r\n"
                  "孙浩,,科员,ZZGJJ-2025-202,郑州市人民政府,2025-01-01,2030-12-31,,"
                  "住房公积金行政执法,\"郑州市,航空港区\"\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r);
  EXPECT_EQ(body["imported"], 2);
  EXPECT_EQ(Verify("ZZGJJ-2025-202")["area"], "郑州市,航空港区");
  // The file as uploaded (BOM and all) is kept under the digest the import reports.
  const std::string digest(body["fileDigest"].as_string());
  auto kept = server_.blobs().Get(digest, 1 << 20);
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_TRUE(kept->starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(body["ledgerObject"].as_string(),
            fmt::format("officer_import:{}", body["importId"].as_int64()));
}

TEST_F(PeopleApi, ImportsGbk) {
  const std::string gbk = ToGbk(kHeader +
                                "钱进,归集管理处,科员,ZZGJJ-2025-301,郑州市人民政府,2025-01-01,"
                                "2030-12-31,有效,住房公积金行政执法,郑州市\n");
  ASSERT_FALSE(gbk.empty());
  auto r = Import(gbk);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Verify("ZZGJJ-2025-301")["name"], "钱进");
}

TEST_F(PeopleApi, WrongColumnsAreNamed) {
  auto r = Import("姓名,职务,证号\n钱进,科员,ZZ-0001\n");
  ASSERT_EQ(r.status, 422) << r.body;
  auto p = Json(r);
  const std::string detail(p["detail"].as_string());
  for (const char* name : {"执法证号", "发证机关", "证号"}) {
    EXPECT_NE(detail.find(name), std::string::npos) << name << " in " << detail;
  }
  EXPECT_EQ(Import("\xFF\xFE\x00\x01garbage\x80").status, 422);
  EXPECT_EQ(Send("POST", fmt::format("/api/v1/agencies/{}/officers/import", AgencyId()),
                 {kCenterAdminCookie, kCenterAdminCsrf, kJson}, kHeader)
                .status,
            415);
}

TEST_F(PeopleApi, OneBadRowImportsNothing) {
  auto r = Import(kHeader +
                  "钱进,监察执法处,科员,ZZGJJ-2025-401,郑州市人民政府,2025-01-01,2030-12-31,有效,"
                  "住房公积金行政执法,郑州市\n"
                  "孙浩,监察执法处,科员,ZZGJJ-2025-402,郑州市人民政府,2025-13-01,2030-12-31,有效,"
                  "住房公积金行政执法,郑州市\n"
                  "周平,不存在处,科员,ZZGJJ-2023-001,郑州市人民政府,2025-01-01,2030-12-31,有效,"
                  "住房公积金行政执法,郑州市\n");
  ASSERT_EQ(r.status, 422) << r.body;
  auto p = Json(r);
  EXPECT_EQ(p["type"], "/problems/import-rejected");
  const auto& errors = p["errors"].as_array();
  ASSERT_EQ(errors.size(), 2u) << r.body;
  EXPECT_EQ(errors.at(0).as_object().at("row"), 3);
  EXPECT_EQ(errors.at(0).as_object().at("field"), "发证日期");
  EXPECT_EQ(errors.at(1).as_object().at("row"), 4);
  EXPECT_EQ(errors.at(1).as_object().at("field"), "部门");
  Verify("ZZGJJ-2025-401", 404);  // the good row was not imported either
  EXPECT_EQ(PublicCertNumbers().size(), 10u);
}

}  // namespace
}  // namespace sx::testing
