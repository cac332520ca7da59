// The case routes end to end over the demo data: a lead opened and filed through the API with
// its 立案审批表 signed by two people, the refusals as problem+json (400 naming the field, 403 for
// a role, 409 for a stale version or a step the stage does not allow), the PDF of an issued
// document, the public check of a 文号, the dossier of a party, and supervision read-only.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"
#include "ledger/base64.h"
#include "ledger/merkle.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";

class CasesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto officers = server_.people().List(server_.agencies().GetByCode("zzgjj")->id);
    ASSERT_TRUE(officers.ok());
    for (const auto& o : *officers) officer_ids_[o.name] = o.id;
    auto items = As("demo.officer", "GET", "/api/v1/power-items");
    ASSERT_EQ(items.status, 200) << items.body;
    const json::object list = Json(items);
    for (const auto& i : list.at("items").as_array()) {
      if (i.at("code") == "GJJ-CF-037") art37_ = i.at("id").as_int64();
    }
    ASSERT_GT(art37_, 0);
  }

  HttpResponse As(std::string_view user, std::string_view method, const std::string& target,
                  std::string_view body = {}) {
    auto headers = server_.SessionHeaders(user);
    if (!body.empty()) headers.push_back(kJson);
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

  static void ExpectProblem(const HttpResponse& r, int status, std::string_view field = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    if (!field.empty()) {
      auto o = Json(r);
      EXPECT_EQ(std::string_view(o["field"].is_string() ? o["field"].as_string() : ""), field)
          << r.body;
    }
    EXPECT_TRUE(HasChinese(r.body)) << r.body;
  }

  std::string NewCase(const std::string& officers) {
    return fmt::format(
        R"({{"powerItemId":{},"procedure":"ordinary","cause":"未办理住房公积金缴存登记",)"
        R"("source":"投诉举报","area":"郑州市二七区",)"
        R"("party":{{"kind":"organisation","name":"郑州接口测试有限公司","idNumber":"91410103MA46U7EF5G",)"
        R"("representative":"赵六"}},"facts":"成立 6 年未办理缴存登记。",)"
        R"("art37":{{"unregistered":true,"yearsSinceFounding":6}},"officerIds":[{}]}})",
        art37_, officers);
  }

  // Drafts a document of the case with each required input and signs it off by every role.
  std::int64_t SignedDocument(std::int64_t case_id, std::string_view type) {
    auto templates = Json(As("demo.officer", "GET", "/api/v1/document-templates"));
    json::object inputs;
    json::array roles;
    for (const auto& t : templates["items"].as_array()) {
      if (t.at("code").as_string() != type) continue;
      for (const auto& i : t.at("inputs").as_array()) {
        if (i.at("required").as_bool()) inputs[i.at("key").as_string()] = "接口测试内容";
      }
      roles = t.at("signRoles").as_array();
    }
    auto d = As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/documents", case_id),
                json::serialize(json::object{{"type", type}, {"inputs", inputs}}));
    EXPECT_EQ(d.status, 201) << d.body;
    const std::int64_t id = Json(d)["id"].as_int64();
    for (const auto& r : roles) {
      const std::string role(r.as_string());
      const std::string user = role == "officer"          ? "demo.officer"
                               : role == "unit_head"      ? "demo.unithead"
                               : role == "legal_reviewer" ? "demo.reviewer"
                                                          : "demo.leader";
      auto s = As(user, "POST", fmt::format("/api/v1/documents/{}/signoffs", id),
                  fmt::format(R"({{"role":"{}"}})", role));
      EXPECT_EQ(s.status, 200) << s.body;
    }
    return id;
  }

  TestServer server_;
  std::map<std::string, std::int64_t> officer_ids_;
  std::int64_t art37_ = 0;
};

TEST_F(CasesApi, OpenAndFileALeadWithTwoSignatures) {
  // Bad input: 400 naming the field; a publisher does not handle cases: 403.
  ExpectProblem(As("demo.officer", "POST", "/api/v1/cases", R"({"cause":"x"})"), 400,
                "powerItemId");
  std::string bad = NewCase("1");
  bad.replace(bad.find("91410103MA46U7EF5G"), 18, "91410103MA46U7EF5");
  ExpectProblem(As("demo.officer", "POST", "/api/v1/cases", bad), 400, "party.idNumber");
  ExpectProblem(As("demo.publisher", "POST", "/api/v1/cases", NewCase("1")), 403);

  const std::string two = fmt::format("{},{}", officer_ids_.at("张伟"), officer_ids_.at("陈静"));
  auto created = As("demo.officer", "POST", "/api/v1/cases", NewCase(two));
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = Json(created);
  const std::int64_t id = c["id"].as_int64();
  EXPECT_EQ(c["stage"], "lead");
  EXPECT_EQ(c["flow"].at("suggestedTier").at("code"), "art37.unregistered.ge5");
  // The review catalogue says why a review is needed (an ordinary-procedure case), and that no
  // collective discussion is, with the rule ids.
  EXPECT_TRUE(c["flow"].at("reviewRequired").as_bool());
  EXPECT_EQ(c["flow"].at("reviewRules"), json::array{"ordinary-procedure"});
  EXPECT_NE(std::string(c["flow"].at("reviewBasis").as_string()).find("普通程序办理的案件"),
            std::string::npos);
  EXPECT_FALSE(c["flow"].at("discussionRequired").as_bool());
  EXPECT_EQ(c["flow"].at("discussionBasis"), "不属于须经集体讨论的情形");
  // The actions the viewer may take, and why not for the others.
  bool file_allowed = false, decline_refused = false;
  for (const auto& a : c["actions"].as_array()) {
    if (a.at("action") == "file") file_allowed = a.at("allowed").as_bool();
    if (a.at("action") == "decline") decline_refused = !a.at("allowed").as_bool();
  }
  EXPECT_TRUE(file_allowed && decline_refused) << created.body;

  // 立案 without a signed 立案审批表: 400 naming documentId.
  const std::int64_t version = c["version"].as_int64();
  ExpectProblem(As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
                   fmt::format(R"({{"version":{},"action":"file"}})", version)),
                400, "documentId");
  // A step of another role: 403; an unknown step: 400; a step the stage does not allow: 409.
  ExpectProblem(
      As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
         fmt::format(R"({{"version":{},"action":"decline","reason":"不属管辖范围"}})", version)),
      403);
  ExpectProblem(As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
                   fmt::format(R"({{"version":{},"action":"jump"}})", version)),
                400, "action");
  ExpectProblem(As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
                   fmt::format(R"({{"version":{},"action":"notify"}})", version)),
                409);

  const std::int64_t filing = SignedDocument(id, "filing_approval");
  auto filed =
      As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
         fmt::format(R"({{"version":{},"action":"file","documentId":{}}})", version, filing));
  ASSERT_EQ(filed.status, 200) << filed.body;
  auto f = Json(filed);
  EXPECT_EQ(f["stage"], "investigation");
  EXPECT_EQ(f["decisionDue"].at("ruleCode"), "case.decision");
  EXPECT_EQ(f["events"].as_array().back().at("article"), "行政处罚法 第54条");
  const std::string number(f["events"].as_array().back().at("documentNumber").as_string());
  EXPECT_EQ(number, "郑公积金立审〔2026〕1号");

  // The same version again: someone else's change wins, a clear 409.
  auto stale =
      As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
         fmt::format(R"({{"version":{},"action":"file","documentId":{}}})", version, filing));
  ExpectProblem(stale, 409);
  EXPECT_NE(stale.body.find("已被他人修改"), std::string::npos) << stale.body;

  // The issued PDF; the public check of its number, with its ledger leaf.
  auto pdf = As("demo.officer", "GET", fmt::format("/api/v1/documents/{}/pdf", filing));
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  ASSERT_TRUE(server_.ledger().Integrate().ok());
  std::string error;
  auto check =
      Exchange(server_.port(),
               RawRequest("GET", "/api/v1/public/documents/verify?number=" +
                                     std::string("%E9%83%91%E5%85%AC%E7%A7%AF%E9%87%91%E7%AB%8B%E5%"
                                                 "AE%A1%E3%80%942026%E3%80%951%E5%8F%B7")),
               false, &error);
  ASSERT_TRUE(check) << error;
  auto v = Json(*check);
  EXPECT_EQ(v["found"], true) << check->body;
  EXPECT_EQ(v["typeName"], "立案审批表");
  EXPECT_EQ(v["agency"], "郑州住房公积金管理中心");
  EXPECT_TRUE(v["leafIndex"].is_int64()) << check->body;
  // The answer carries its own proof: the leaf's entry hashes into the signed checkpoint's tree.
  ASSERT_TRUE(v["proof"].is_object() && v["entry"].is_string()) << check->body;
  const auto& proof = v["proof"].as_object();
  std::vector<ledger::Hash> hashes;
  for (const auto& h : proof.at("hashes").as_array()) {
    auto raw = ledger::DecodeBase64(h.as_string());
    ASSERT_TRUE(raw && raw->size() == 32);
    ledger::Hash hash{};
    std::copy(raw->begin(), raw->end(), hash.begin());
    hashes.push_back(hash);
  }
  auto root = ledger::DecodeBase64(proof.at("root").as_string());
  ASSERT_TRUE(root && root->size() == 32);
  ledger::Hash root_hash{};
  std::copy(root->begin(), root->end(), root_hash.begin());
  EXPECT_TRUE(ledger::CheckRecord(hashes, proof.at("treeSize").as_int64(), root_hash,
                                  v["leafIndex"].as_int64(),
                                  ledger::LeafHash(std::string_view(v["entry"].as_string())))
                  .ok());
  EXPECT_NE(std::string_view(v["checkpoint"].as_string()).find(proof.at("root").as_string()),
            std::string_view::npos);
  EXPECT_TRUE(std::string_view(v["sha256"].as_string()).starts_with("sha256:"));
  auto missing = Exchange(
      server_.port(), RawRequest("GET", "/api/v1/public/documents/verify?number=X"), false, &error);
  ASSERT_TRUE(missing);
  EXPECT_EQ(Json(*missing)["found"], false);

  // The dossier of the party; the supervisor reads it but takes no step.
  auto dossier = As("demo.officer", "GET", "/api/v1/dossiers?idNumber=91410103MA46U7EF5G");
  ASSERT_EQ(dossier.status, 200) << dossier.body;
  EXPECT_EQ(Json(dossier)["cases"].as_array().size(), 1u);
  EXPECT_EQ(As("demo.supervisor", "GET", fmt::format("/api/v1/cases/{}", id)).status, 200);
  ExpectProblem(As("demo.supervisor", "POST", fmt::format("/api/v1/cases/{}/steps", id),
                   R"({"version":1,"action":"finish_investigation"})"),
                403);
}

TEST_F(CasesApi, ASingleValidOfficerIsRefusedWithTheArticle) {
  const std::string pair = fmt::format("{},{}", officer_ids_.at("张伟"), officer_ids_.at("刘洋"));
  auto created = As("demo.officer", "POST", "/api/v1/cases", NewCase(pair));
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = Json(created);
  const std::int64_t id = c["id"].as_int64();
  for (const auto& a : c["actions"].as_array()) {
    if (a.at("action") != "file") continue;
    EXPECT_FALSE(a.at("allowed").as_bool());
    EXPECT_NE(std::string_view(a.at("reason").as_string()).find("第42条"), std::string::npos);
  }
  const std::int64_t filing = SignedDocument(id, "filing_approval");
  auto r = As("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", id),
              fmt::format(R"({{"version":{},"action":"file","documentId":{}}})",
                          c["version"].as_int64(), filing));
  ExpectProblem(r, 400, "officers");
  EXPECT_NE(r.body.find("刘洋 执法证暂扣"), std::string::npos) << r.body;
  // The draft stays a draft, the case a lead.
  auto doc = Json(As("demo.officer", "GET", fmt::format("/api/v1/documents/{}", filing)));
  EXPECT_EQ(doc["status"], "draft");
  EXPECT_TRUE(doc["number"].is_null());
  EXPECT_EQ(Json(As("demo.officer", "GET", fmt::format("/api/v1/cases/{}", id)))["stage"], "lead");
}

}  // namespace
}  // namespace sx::testing
