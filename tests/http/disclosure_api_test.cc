// 执法公示 over HTTP: the publisher's screen (highlighted redactions, masks, publish, withdraw;
// other roles refused), the public item with its content digest in a ledger leaf whose inclusion
// proof checks against the signed checkpoint, the withdrawal notice, expiry, unpublished items,
// bad input (unknown filters, tampered page tokens, long queries, SQL/FTS syntax), ETag and 304,
// the rate limit, CSV, Atom, the flowchart and the 事前公开 sections with their update duty.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"
#include "ledger/base64.h"
#include "ledger/merkle.h"
#include "services/ledger_service.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";

TestServerOptions SmallBurst() {
  TestServerOptions o;
  o.search_burst = 5;
  o.search_per_second = 0.001;
  return o;
}

class DisclosureApi : public ::testing::Test {
 protected:
  explicit DisclosureApi(const TestServerOptions& o = {}) : server_(o) {}

  void SetUp() override { agency_ = server_.agencies().GetByCode("zzgjj")->id; }

  HttpResponse As(std::string_view user, std::string_view method, const std::string& target,
                  std::string_view body = {}) {
    auto headers = server_.SessionHeaders(user);
    if (!body.empty()) headers.push_back(kJson);
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  HttpResponse Public(const std::string& target, std::vector<std::string> headers = {}) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest("GET", target, headers), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  // A decision of the center against a unit whose 法定代表人 and agent are natural persons.
  std::int64_t Decide(const std::string& party, std::int64_t fine = 30'000) {
    services::DecisionNotice n;
    n.agency_id = agency_;
    n.agency_name = "郑州住房公积金管理中心";
    n.document_number = fmt::format("郑公积金罚决〔2026〕{}号", ++serial_);
    n.document_title = "行政处罚决定书";
    n.document_text = fmt::format(
        "当事人:{},统一社会信用代码 91410103MA46U7EF5G,法定代表人:王建国,"
        "委托代理人:欧阳明华,身份证号码 410105198803150027,联系电话 138-3711-2345。"
        "决定罚款人民币 {} 元。执法人员:张伟(执法证号 豫A41010001)。",
        party, fine);
    n.fine = fine;
    n.decided_on = server_.deadlines().Today();
    n.party = {domain::PartyKind::kOrganisation, party, "91410103MA46U7EF5G", "王建国"};
    n.cause = "未办理住房公积金缴存登记,逾期不办理";
    n.category = "行政处罚";
    n.basis = "《住房公积金管理条例》第三十七条";
    n.officer_names = {"张伟"};
    EXPECT_TRUE(server_.db()
                    .Write([&](store::Tx& tx) { return server_.disclosures().OnDecision(tx, n); })
                    .ok());
    auto list = server_.disclosures().List({agency_, std::nullopt, false},
                                           [](std::int64_t) { return true; });
    return list->at("items").as_array().front().at("id").as_int64();
  }

  std::int64_t VersionOf(std::int64_t id) {
    return Json(As("demo.publisher", "GET", fmt::format("/api/v1/disclosures/{}", id)))
        .at("version")
        .as_int64();
  }

  json::object PublishViaApi(std::int64_t id) {
    auto r = As("demo.publisher", "POST", fmt::format("/api/v1/disclosures/{}/publish", id),
                fmt::format(R"({{"version":{}}})", VersionOf(id)));
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }

  TestServer server_;
  std::int64_t agency_ = 0;
  int serial_ = 0;
};

TEST_F(DisclosureApi, APublisherPublishesARedactedDecisionThatAnyoneCanProve) {
  const std::int64_t id = Decide("郑州公示测试有限公司");
  // The publisher's screen: every redaction highlighted with its original; the unit kept.
  auto screen = As("demo.publisher", "GET", fmt::format("/api/v1/disclosures/{}", id));
  ASSERT_EQ(screen.status, 200) << screen.body;
  auto s = Json(screen);
  EXPECT_EQ(s.at("status"), "draft");
  std::vector<std::string> kinds;
  for (const auto& seg : s.at("fields").at("body").as_array()) {
    if (seg.at("redacted").as_bool()) kinds.emplace_back(seg.at("kind").as_string());
  }
  for (const char* k : {"name", "id_number", "phone"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k << ": " << screen.body;
  }
  const std::string body(s.at("body").as_string());
  EXPECT_NE(body.find("郑州公示测试有限公司"), std::string::npos);
  EXPECT_NE(body.find("91410103MA46U7EF5G"), std::string::npos);
  EXPECT_NE(body.find("王某某"), std::string::npos);
  EXPECT_NE(body.find("欧阳某某"), std::string::npos);
  EXPECT_NE(body.find("张伟"), std::string::npos);
  for (const char* gone : {"王建国", "欧阳明华", "410105198803150027", "138-3711-2345"}) {
    EXPECT_EQ(body.find(gone), std::string::npos) << gone;
  }
  // Only the 公示管理员 publishes; an officer reads but may not.
  EXPECT_EQ(As("demo.officer", "GET", fmt::format("/api/v1/disclosures/{}", id)).status, 200);
  EXPECT_EQ(As("demo.officer", "POST", fmt::format("/api/v1/disclosures/{}/publish", id),
               fmt::format(R"({{"version":{}}})", VersionOf(id)))
                .status,
            403);
  // A mask added before publishing: the certificate number goes too.
  auto masked = As("demo.publisher", "PUT", fmt::format("/api/v1/disclosures/{}/redactions", id),
                   fmt::format(R"({{"version":{},"manual":["豫A41010001"]}})", VersionOf(id)));
  ASSERT_EQ(masked.status, 200) << masked.body;
  // Not public before it is published.
  EXPECT_EQ(Public(fmt::format("/api/v1/public/disclosures/{}", id)).status, 404);
  auto published = PublishViaApi(id);
  EXPECT_EQ(published.at("status"), "published");

  auto item = Public(fmt::format("/api/v1/public/disclosures/{}", id));
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.Header("cache-control"), "public, max-age=300");
  ASSERT_FALSE(item.Header("etag").empty());
  auto p = Json(item);
  EXPECT_FALSE(p.contains("fields"));  // the originals are the publisher's only
  EXPECT_EQ(item.body.find("王建国"), std::string::npos);
  EXPECT_EQ(item.body.find("豫A41010001"), std::string::npos);
  const std::string content(p.at("content").as_string());
  EXPECT_EQ(p.at("contentDigest"), json::value(services::ContentDigest(content)));
  // The same bytes again: 304.
  auto again = Public(fmt::format("/api/v1/public/disclosures/{}", id),
                      {fmt::format("If-None-Match: {}", item.Header("etag"))});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  // The proof: the leaf with the content digest is in the signed checkpoint's tree.
  ASSERT_TRUE(server_.ledger().Integrate().ok());
  auto history = Json(Public(fmt::format("/api/v1/public/ledger/history?object={}",
                                         std::string(p.at("ledgerObject").as_string()))));
  std::int64_t index = -1;
  std::string entry;
  for (const auto& l : history.at("items").as_array()) {
    const std::string e(l.at("entry").as_string());
    if (l.at("type") == "disclosure.published" &&
        e.find(std::string(p.at("contentDigest").as_string())) != std::string::npos) {
      index = l.at("index").as_int64();
      entry = e;
    }
  }
  ASSERT_GE(index, 0) << json::serialize(history);
  auto proof = Json(Public(fmt::format("/api/v1/public/ledger/inclusion?index={}", index)));
  std::vector<ledger::Hash> hashes;
  for (const auto& h : proof.at("proof").as_array()) {
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
  EXPECT_TRUE(ledger::CheckRecord(hashes, proof.at("treeSize").as_int64(), root_hash, index,
                                  ledger::LeafHash(entry))
                  .ok());
  auto checkpoint = Public("/log/checkpoint");
  EXPECT_NE(checkpoint.body.find(std::string(proof.at("root").as_string())), std::string::npos);

  // Searchable, in the CSV and the feed.
  auto list =
      Public("/api/v1/public/disclosures?q=" + std::string("%E5%85%AC%E7%A4%BA%E6%B5%8B%E8%AF%95"));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Json(list).at("items").as_array().size(), 1u);
  auto csv = Public("/api/v1/public/disclosures.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF编号,执法机关"));
  EXPECT_NE(csv.body.find("郑州公示测试有限公司"), std::string::npos);
  auto feed = Public("/api/v1/public/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(feed.body.find(fmt::format("/disclosures/{}", id)), std::string::npos);

  // Withdrawn: the notice only, everywhere.
  auto w = As("demo.publisher", "POST", fmt::format("/api/v1/disclosures/{}/withdraw", id),
              fmt::format(R"({{"version":{},"reason":"illegal","note":"经行政诉讼确认违法"}})",
                          VersionOf(id)));
  ASSERT_EQ(w.status, 200) << w.body;
  auto notice = Public(fmt::format("/api/v1/public/disclosures/{}", id));
  ASSERT_EQ(notice.status, 200);
  auto n = Json(notice);
  EXPECT_EQ(n.at("status"), "withdrawn");
  EXPECT_EQ(n.at("withdrawReasonName"), "原决定已被确认违法");
  EXPECT_EQ(notice.body.find("公示测试有限公司"), std::string::npos) << notice.body;
  EXPECT_EQ(Public("/api/v1/public/disclosures.csv").body.find("公示测试"), std::string::npos);
  auto feed_after = Public("/api/v1/public/feed.atom").body;
  EXPECT_EQ(feed_after.find("公示测试有限公司"), std::string::npos);
  EXPECT_NE(feed_after.find("经行政诉讼确认违法"), std::string::npos);
}

TEST_F(DisclosureApi, BadInputIsRefusedWithAReasonAndNothingLeaks) {
  for (int i = 0; i < 3; ++i) PublishViaApi(Decide(fmt::format("郑州分页{}有限公司", i)));
  // Unknown filters, bad values, tampered page tokens.
  EXPECT_EQ(Public("/api/v1/public/disclosures?").status, 200);  // an empty query string
  auto unknown = Public("/api/v1/public/disclosures?sort=name");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Json(unknown).at("field"), "sort");
  EXPECT_EQ(Public("/api/v1/public/disclosures?kind=warning").status, 400);
  EXPECT_EQ(Public("/api/v1/public/disclosures?from=2026-13-01").status, 400);
  EXPECT_EQ(Public("/api/v1/public/disclosures?limit=0").status, 400);
  EXPECT_EQ(Public("/api/v1/public/disclosures.csv?page=x").status, 400);
  auto first = Json(Public("/api/v1/public/disclosures?limit=1"));
  ASSERT_TRUE(first.at("next").is_string());
  std::string token(first.at("next").as_string());
  EXPECT_EQ(Public("/api/v1/public/disclosures?limit=1&page=" + token).status, 200);
  token[0] = token[0] == '1' ? '2' : '1';
  auto tampered = Public("/api/v1/public/disclosures?limit=1&page=" + token);
  EXPECT_EQ(tampered.status, 400);
  EXPECT_NE(tampered.body.find("invalid-page-token"), std::string::npos);
  // Long queries; SQL and FTS syntax as plain text.
  EXPECT_EQ(Public("/api/v1/public/disclosures?q=" + std::string(300, 'a')).status, 400);
  EXPECT_EQ(Public("/api/v1/public/disclosures?q=%25").status, 400);  // one character
  for (const char* q : {"%27%20OR%201%3D1%20--", "%22%20OR%20%22", "NEAR(a%20b)", "%25%25", "**"}) {
    auto r = Public(std::string("/api/v1/public/disclosures?q=") + q);
    EXPECT_EQ(r.status, 200) << q << r.body;
    EXPECT_TRUE(Json(r).at("items").as_array().empty()) << q;
  }
  // Unpublished, unknown: 404 without content.
  const std::int64_t draft = Decide("郑州未发布有限公司");
  auto hidden = Public(fmt::format("/api/v1/public/disclosures/{}", draft));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body.find("未发布有限公司"), std::string::npos);
  EXPECT_EQ(Public("/api/v1/public/disclosures/999999").status, 404);
  // Expired: 404 with its own type.
  const std::int64_t old = Decide("郑州到期有限公司", 10'000);
  PublishViaApi(old);
  ASSERT_TRUE(
      server_.disclosures().ExpireDue(domain::AddDays(server_.deadlines().Today(), 200)).ok());
  auto expired = Public(fmt::format("/api/v1/public/disclosures/{}", old));
  EXPECT_EQ(expired.status, 404);
  EXPECT_NE(expired.body.find("/problems/expired"), std::string::npos) << expired.body;
  EXPECT_EQ(expired.body.find("到期有限公司"), std::string::npos);
  // Workbench refusals: a stale version, a reason that does not exist, a mask not in the text.
  const std::int64_t d2 = Decide("郑州冲突有限公司");
  EXPECT_EQ(As("demo.publisher", "POST", fmt::format("/api/v1/disclosures/{}/publish", d2),
               R"({"version":99})")
                .status,
            409);
  EXPECT_EQ(As("demo.publisher", "POST", fmt::format("/api/v1/disclosures/{}/withhold", d2),
               fmt::format(R"({{"version":{},"reason":"boring","note":"x"}})", VersionOf(d2)))
                .status,
            400);
  auto mask = As("demo.publisher", "PUT", fmt::format("/api/v1/disclosures/{}/redactions", d2),
                 fmt::format(R"({{"version":{},"manual":["不存在的文字"]}})", VersionOf(d2)));
  EXPECT_EQ(mask.status, 400);
  EXPECT_EQ(Json(mask).at("field"), "manual");
}

TEST_F(DisclosureApi, PagesForThePortal) {
  // The flowchart is drawn from the workflow: every stage of the table appears.
  auto svg = Public(fmt::format("/api/v1/public/agencies/{}/flowchart.svg", agency_));
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.Header("content-type"), "image/svg+xml; charset=utf-8");
  for (const char* stage : {"线索登记", "调查取证", "法制审核", "已作出决定", "已归档"}) {
    EXPECT_NE(svg.body.find(stage), std::string::npos) << stage;
  }
  // Sections: defaults, an update with its 20-working-day duty met.
  auto sections = Public(fmt::format("/api/v1/public/agencies/{}/sections", agency_));
  ASSERT_EQ(sections.status, 200);
  auto s = Json(sections);
  EXPECT_EQ(s.at("items").as_array().size(), 5u);
  auto change =
      As("demo.admin", "POST", fmt::format("/api/v1/agencies/{}/public-changes", agency_),
         fmt::format(R"({{"occurredOn":"{}","description":"服务热线调整","sections":["guide"]}})",
                     domain::FormatDate(server_.deadlines().Today())));
  ASSERT_EQ(change.status, 201) << change.body;
  auto c = Json(change);
  ASSERT_EQ(c.at("changes").as_array().size(), 1u);
  EXPECT_TRUE(c.at("changes").as_array()[0].at("doneOn").is_null());
  EXPECT_EQ(As("demo.officer", "PUT", fmt::format("/api/v1/agencies/{}/sections/guide", agency_),
               R"({"version":0,"content":"新的服务指南"})")
                .status,
            403);
  auto put = As("demo.admin", "PUT", fmt::format("/api/v1/agencies/{}/sections/guide", agency_),
                R"({"version":0,"content":"服务热线:12329。"})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto after = Json(put);
  EXPECT_FALSE(after.at("changes").as_array()[0].at("doneOn").is_null());
  EXPECT_EQ(after.at("changes").as_array()[0].at("state"), "done_on_time");
  EXPECT_EQ(As("demo.admin", "PUT", fmt::format("/api/v1/agencies/{}/sections/guide", agency_),
               R"({"version":0,"content":"旧版本"})")
                .status,
            409);
  EXPECT_EQ(As("demo.admin", "PUT", fmt::format("/api/v1/agencies/{}/sections/nosuch", agency_),
               R"({"version":0,"content":"x"})")
                .status,
            404);
  // Statistics for the home page.
  PublishViaApi(Decide("郑州统计有限公司"));
  auto stats = Json(Public("/api/v1/public/disclosure-stats"));
  EXPECT_EQ(stats.at("published"), 1);
  EXPECT_EQ(stats.at("byMonth").as_array().size(), 12u);
  EXPECT_EQ(stats.at("onTime").at("onTime"), 1);
}

class DisclosureApiLimited : public DisclosureApi {
 protected:
  DisclosureApiLimited() : DisclosureApi(SmallBurst()) {}
};

TEST_F(DisclosureApiLimited, PublicSearchIsRateLimitedPerClient) {
  int ok = 0, limited = 0;
  std::string retry;
  for (int i = 0; i < 8; ++i) {
    auto r = Public("/api/v1/public/disclosures");
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      retry = std::string(r.Header("retry-after"));
      EXPECT_TRUE(HasChinese(r.body));
    }
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(limited, 3);
  EXPECT_FALSE(retry.empty());
  // Items are not search: still served.
  EXPECT_EQ(Public("/api/v1/public/disclosures/1").status, 404);
}

}  // namespace
}  // namespace sx::testing
