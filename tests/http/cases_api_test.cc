// The case routes end to end over the demo data: a lead opened and filed through the API with
// its 立案审批表 signed by two people, the refusals as problem+json (400 naming the field, 403 for
// a role, 409 for a stale version or a step the stage does not allow), the PDF of an issued
// document, the public check of a 文号, the dossier of a party, and supervision read-only.
#include <algorithm>
#include <map>
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

  // The 第58条 situations marked on a case join the matched rules; 情节复杂或者重大 asks for a
  // collective discussion (第57条第2款).
  std::string flagged = NewCase(two);
  flagged.insert(1, R"("publicInterest":true,"complexCase":true,"complexOrMajor":true,)");
  auto f2 = As("demo.officer", "POST", "/api/v1/cases", flagged);
  ASSERT_EQ(f2.status, 201) << f2.body;
  auto c2 = Json(f2);
  EXPECT_EQ(c2["publicInterest"], true);
  EXPECT_EQ(c2["flow"].at("reviewRules"),
            (json::array{"ordinary-procedure", "art58-public-interest", "art58-complex"}));
  EXPECT_EQ(c2["flow"].at("discussionRules"), json::array{"art57-major"});
  EXPECT_TRUE(c2["flow"].at("discussionRequired").as_bool());
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

// Issue #8's acceptance, through the API: a 5万 fine on a unit is submitted for legal review,
// gets 存在问题, is amended and resubmitted, gets 存在问题 again, is disputed, negotiated,
// escalated and decided in collective discussion; every refusal on the way (deciding without
// the review, an unvouched package, an officer's opinion, a second opinion, a meeting without
// quorum) is answered and recorded; and the responsibility chain shows who did what, each link
// with a ledger proof that verifies against the signed checkpoint.
TEST_F(CasesApi, AFiftyThousandFineGoesThroughReviewDisputeAndCollectiveDiscussion) {
  const std::string two = fmt::format("{},{}", officer_ids_.at("张伟"), officer_ids_.at("陈静"));
  auto created = As("demo.officer", "POST", "/api/v1/cases", NewCase(two));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = Json(created)["id"].as_int64();
  const std::string steps = fmt::format("/api/v1/cases/{}/steps", id);
  auto version = [&] {
    return Json(As("demo.officer", "GET", fmt::format("/api/v1/cases/{}", id)))["version"]
        .as_int64();
  };
  auto stage = [&] {
    return std::string(
        Json(As("demo.officer", "GET", fmt::format("/api/v1/cases/{}", id)))["stage"].as_string());
  };
  ASSERT_EQ(As("demo.officer", "POST", steps,
               fmt::format(R"({{"version":{},"action":"file","documentId":{}}})", version(),
                           SignedDocument(id, "filing_approval")))
                .status,
            200);
  const std::int64_t inquiry = SignedDocument(id, "inquiry_record");
  ASSERT_EQ(As("demo.officer", "POST", fmt::format("/api/v1/documents/{}/issue", inquiry)).status,
            200);
  auto finish = [&](std::string_view reason) {
    auto r = As("demo.officer", "POST", steps,
                fmt::format(R"({{"version":{},"action":"finish_investigation","documentId":{},)"
                            R"("outcome":"penalty","fine":50000,"noRecordingReason":"{}"}})",
                            version(), SignedDocument(id, "investigation_report"), reason));
    EXPECT_EQ(r.status, 200) << r.body;
  };
  finish("书面调查,未开展现场执法");

  // The gate: no notice (nor decision) before the review says 同意; the refusal is recorded.
  ExpectProblem(As("demo.officer", "POST", steps,
                   fmt::format(R"({{"version":{},"action":"notify","documentId":{}}})", version(),
                               SignedDocument(id, "penalty_notice"))),
                409);
  // A raw review step without its records is refused too.
  ExpectProblem(As("demo.officer", "POST", steps,
                   fmt::format(R"({{"version":{},"action":"submit_review"}})", version())),
                409);

  const std::string submit = fmt::format("/api/v1/cases/{}/review/submissions", id);
  ExpectProblem(
      As("demo.officer", "POST", submit,
         fmt::format(R"({{"version":{},"vouched":false,"tierReasoning":"x"}})", version())),
      400, "vouched");
  // Without the benchmark reasoning the package is incomplete, and says what is missing.
  auto incomplete = As("demo.officer", "POST", submit,
                       fmt::format(R"({{"version":{},"vouched":true}})", version()));
  ExpectProblem(incomplete, 400, "materials");
  EXPECT_NE(incomplete.body.find("裁量基准的适用及理由"), std::string::npos) << incomplete.body;
  auto first =
      As("demo.officer", "POST", submit,
         fmt::format(R"({{"version":{},"vouched":true,"tierReasoning":"成立 6 年未办理缴存登记"}})",
                     version()));
  ASSERT_EQ(first.status, 201) << first.body;
  auto s1 = Json(first);
  EXPECT_EQ(s1["round"], 1);
  EXPECT_EQ(s1["status"], "assigned");
  EXPECT_EQ(s1["reviewerName"], "演示法制审核人员");
  EXPECT_TRUE(s1["dueOn"].is_string()) << first.body;  // 10 working days (deadline engine)
  EXPECT_EQ(stage(), "review");
  const std::int64_t sub1 = s1["id"].as_int64();

  auto opinion = [&](std::int64_t sub, std::string_view user, bool approve) {
    json::array findings;
    for (std::string_view item : {"subject", "personnel", "procedure", "facts", "law",
                                  "within_powers", "documents", "crime_transfer"}) {
      const bool wanting = !approve && item == "law";
      findings.push_back(json::object{{"item", item},
                                      {"conforms", !wanting},
                                      {"comment", wanting ? "裁量理由未说明违法情节" : ""}});
    }
    return As(user, "POST", fmt::format("/api/v1/review/submissions/{}/opinion", sub),
              json::serialize(
                  json::object{{"findings", findings},
                               {"opinion", approve ? "approve" : "problems"},
                               {"summary", approve ? "同意。" : "请补充裁量理由后重新送审。"}}));
  };
  ExpectProblem(opinion(sub1, "demo.officer", false), 403);
  auto returned = opinion(sub1, "demo.reviewer", false);
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(Json(returned)["status"], "problems");
  EXPECT_TRUE(Json(returned)["opinionDocumentNumber"].is_string()) << returned.body;
  EXPECT_EQ(stage(), "investigated");
  ExpectProblem(opinion(sub1, "demo.reviewer", true), 409);  // a second opinion

  // The unit accepts, amends (a new report and reasoning) and resubmits.
  ASSERT_EQ(As("demo.unithead", "POST", fmt::format("/api/v1/review/submissions/{}/response", sub1),
               R"({"response":"accept"})")
                .status,
            200);
  finish("书面调查,未开展现场执法;补充说明");
  auto second =
      As("demo.officer", "POST", submit,
         fmt::format(R"({{"version":{},"vouched":true,)"
                     R"("tierReasoning":"成立 6 年未办理缴存登记,涉及职工 40 人,经责令仍未改正"}})",
                     version()));
  ASSERT_EQ(second.status, 201) << second.body;
  const std::int64_t sub2 = Json(second)["id"].as_int64();
  EXPECT_EQ(Json(second)["round"], 2);
  auto diff =
      Json(As("demo.reviewer", "GET", fmt::format("/api/v1/review/submissions/{}/diff", sub2)));
  EXPECT_EQ(diff["previousId"], sub1);
  bool reasoning_changed = false, report_changed = false;
  for (const auto& c : diff["changes"].as_array()) {
    if (c.at("field") == "tierReasoning") reasoning_changed = true;
  }
  for (const auto& d : diff["documents"].as_array()) {
    if (d.at("code") == "investigation_report") report_changed = true;
  }
  EXPECT_TRUE(reasoning_changed && report_changed) << json::serialize(diff);

  // 存在问题 again; this time the unit disputes it, and both sides negotiate.
  ASSERT_EQ(opinion(sub2, "demo.reviewer", false).status, 200);
  ASSERT_EQ(As("demo.unithead", "POST", fmt::format("/api/v1/review/submissions/{}/response", sub2),
               R"({"response":"dispute","reason":"裁量理由已充分说明,档次适用正确"})")
                .status,
            200);
  const std::string escalate = fmt::format("/api/v1/cases/{}/review/escalate", id);
  ExpectProblem(As("demo.unithead", "POST", escalate,
                   fmt::format(R"({{"version":{},"reason":"协商未果"}})", version())),
                409);  // no negotiation yet
  const std::string messages = fmt::format("/api/v1/review/submissions/{}/messages", sub2);
  EXPECT_EQ(
      As("demo.unithead", "POST", messages, R"({"body":"违法持续 6 年,应适用最高档。"})").status,
      201);
  auto reply =
      As("demo.reviewer", "POST", messages, R"({"body":"情节认定尚有争议,维持审核意见。"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(Json(reply)["side"], "review");
  auto escalated =
      As("demo.unithead", "POST", escalate,
         fmt::format(R"({{"version":{},"reason":"协商未果,提请集体讨论"}})", version()));
  ASSERT_EQ(escalated.status, 200) << escalated.body;
  EXPECT_EQ(stage(), "discussion");

  // The meeting: without quorum refused; with the three leaders, decided.
  std::map<std::string, std::int64_t> users;
  const json::object listed =
      Json(As("demo.admin", "GET",
              fmt::format("/api/v1/agencies/{}/users", server_.agencies().GetByCode("zzgjj")->id)));
  for (const auto& u : listed.at("items").as_array()) {
    users[std::string(u.at("username").as_string())] = u.at("id").as_int64();
  }
  auto meeting = [&](const std::vector<std::string>& who) {
    json::array ids, opinions;
    for (const auto& u : who) {
      ids.push_back(users.at(u));
      opinions.push_back(
          json::object{{"userId", users.at(u)}, {"opinion", "同意按最高档罚款五万元。"}});
    }
    return As("demo.leader", "POST", fmt::format("/api/v1/cases/{}/discussions", id),
              json::serialize(json::object{{"version", version()},
                                           {"heldOn", "2026-11-27"},
                                           {"place", "中心第一会议室"},
                                           {"chairId", users.at("demo.leader")},
                                           {"attendeeIds", ids},
                                           {"question", "对郑州接口测试有限公司罚款五万元是否适当"},
                                           {"opinions", opinions},
                                           {"decision", "给予罚款人民币五万元的行政处罚。"},
                                           {"outcome", "penalty"},
                                           {"fine", 50000}}));
  };
  ExpectProblem(meeting({"demo.leader", "demo.unithead"}), 400, "attendees");
  auto held = meeting({"demo.leader", "demo.leader2", "demo.leader3", "demo.unithead"});
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_TRUE(Json(held)["documentNumber"].is_string()) << held.body;
  EXPECT_EQ(stage(), "reviewed");

  // The responsibility chain, each link proved against the signed
  // checkpoint.
  ASSERT_TRUE(server_.ledger().Integrate().ok());
  auto chain =
      Json(As("demo.supervisor", "GET", fmt::format("/api/v1/cases/{}/responsibility", id)));
  std::vector<std::string> kinds;
  for (const auto& l : chain["chain"].as_array()) {
    const std::string kind(l.at("kind").as_string());
    kinds.push_back(kind);
    SCOPED_TRACE(kind);
    EXPECT_FALSE(l.at("actorName").as_string().empty());
    ASSERT_TRUE(l.at("ledger").is_object()) << json::serialize(l);
    const auto& p = l.at("ledger").as_object();
    std::vector<ledger::Hash> hashes;
    for (const auto& h : p.at("proof").as_array()) {
      auto raw = ledger::DecodeBase64(h.as_string());
      ASSERT_TRUE(raw && raw->size() == 32);
      ledger::Hash hash{};
      std::copy(raw->begin(), raw->end(), hash.begin());
      hashes.push_back(hash);
    }
    auto root = ledger::DecodeBase64(p.at("rootHash").as_string());
    ASSERT_TRUE(root && root->size() == 32);
    ledger::Hash root_hash{};
    std::copy(root->begin(), root->end(), root_hash.begin());
    EXPECT_TRUE(ledger::CheckRecord(hashes, p.at("treeSize").as_int64(), root_hash,
                                    p.at("leafIndex").as_int64(),
                                    ledger::LeafHash(std::string_view(p.at("entry").as_string())))
                    .ok());
    EXPECT_NE(std::string_view(p.at("checkpoint").as_string()).find(p.at("rootHash").as_string()),
              std::string_view::npos);
  }
  auto count = [&](std::string_view k) { return std::count(kinds.begin(), kinds.end(), k); };
  EXPECT_EQ(count("submitted"), 2);
  EXPECT_EQ(count("reviewed"), 2);
  EXPECT_EQ(count("response"), 2);
  EXPECT_EQ(count("message"), 2);
  EXPECT_EQ(count("escalated"), 1);
  EXPECT_EQ(count("discussed"), 1);
  // Refused: the notice, the raw submit_review, the unvouched and the
  // incomplete package, the officer's and the second opinion, the early
  // escalation, the meeting without quorum.
  EXPECT_EQ(count("refused"), 8) << json::serialize(chain);

  auto stats = Json(As("demo.leader", "GET", "/api/v1/review/stats"));
  EXPECT_GE(stats["reviews"].as_int64(), 2);
  EXPECT_GE(stats["problems"].as_int64(), 2);
}

}  // namespace
}  // namespace sx::testing
