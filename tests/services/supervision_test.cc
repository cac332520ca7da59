// 监督考核 on SQLite and PostgreSQL (docs/supervision.md): every indicator and the annual
// report's totals against a hand-built data set whose answers are worked out below; complaints
// from the public form to the answer (tracking number, attachments, the reply deadline, spam);
// the annual report's draft, publication and re-publication with its changes; a year without
// data refused.
#include <gtest/gtest.h>

#include <map>

#include <sodium.h>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/draw.h"
#include "services/calendar_service.h"
#include "services/complaint_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/draw_bundle.h"
#include "services/evaluation_service.h"
#include "services/guidance_service.h"
#include "services/report_service.h"
#include "store/blob_store.h"
#include "store/case_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "store/user_repository.h"

namespace sx::services {
namespace {

namespace json = boost::json;
using ::sx::testing::Engine;

// Sunday 10 January 2027, 10:00 in Shanghai: the year 2026 is over, its report due by 31 January.
const TimePoint kAfterYear{std::chrono::seconds(1799546400)};

constexpr std::int64_t kAgency = 901;  // the hand-built agency ("test")
constexpr std::int64_t kUser = 9101;

class SupervisionTest : public ::testing::TestWithParam<Engine> {
 protected:
  void Prepare(store::Database& db, TimePoint now = kAfterYear) {
    db_ = &db;
    clock_ = std::make_unique<FakeClock>(now);
    ASSERT_TRUE(store::Migrate(db, clock_->Now()).ok());
    auto calendar = CalendarService::Create(db, *clock_);
    ASSERT_TRUE(calendar.ok()) << calendar.status().message();
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<DeadlineService>(db, *clock_, *calendar_);
    blob_dir_ = ::testing::TempDir() + fmt::format("sx-supervision-{}", ::getpid());
    auto blobs = store::BlobStore::Open(blob_dir_);
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    complaints_ = std::make_unique<ComplaintService>(db, *clock_, *calendar_, *deadlines_, *blobs_);
    reports_ = std::make_unique<ReportService>(db, *clock_, *calendar_, *deadlines_);
  }

  void Exec(const std::string& sql, std::vector<store::Param> params = {}) {
    Status st = db_->Write([&](store::Tx& tx) -> Status {
      auto r = tx.Query(sql, params);
      return r.ok() ? Status::Ok() : r.status();
    });
    ASSERT_TRUE(st.ok()) << st.message() << "\n" << sql;
  }

  // The data set. Everything belongs to agency 901 ("test"); the expected answers are in the
  // tests. Dates are Shanghai dates; instants are stored in UTC (16:00Z is midnight in Shanghai).
  void BuildDataSet() {
    const std::string t = "2025-01-01T00:00:00.000Z";
    Exec(
        "INSERT INTO agencies (id, code, name, standing, legal_basis, created_at, kind)"
        " VALUES (901, 'test', '测试执法机关', '法定', '测试', $1, 'enforcement')",
        {t});
    Exec(
        "INSERT INTO users (id, agency_id, username, display_name, password_hash,"
        " password_changed_at, created_at) VALUES (9101, 901, 'test.user', '测试用户', 'x', $1, "
        "$1)",
        {t});
    // Officers: O1's certificate expired on 2026-03-31 (counted from April), O2's is valid,
    // O3's is cancelled (注销: no longer counted).
    const char* officers[][4] = {{"9201", "甲", "T-001", "2026-03-31"},
                                 {"9202", "乙", "T-002", "2027-12-31"},
                                 {"9203", "丙", "T-003", "2026-01-15"}};
    for (const auto& o : officers) {
      Exec(fmt::format("INSERT INTO officers (id, agency_id, name, title, cert_number, cert_issuer,"
                       " cert_issued_on, cert_expires_on, cert_status, enforcement_category,"
                       " enforcement_area, created_at, updated_at) VALUES ({}, 901, '{}', '科员',"
                       " '{}', '测试', '2024-01-01', '{}', '{}', '住房公积金', '郑州市', $1, $1)",
                       o[0], o[1], o[2], o[3], std::string(o[0]) == "9203" ? "注销" : "有效"),
           {t});
    }
    Exec(
        "INSERT INTO power_items (id, agency_id, code, category, name, basis, duties, time_limit,"
        " enforcement_category, created_at, updated_at) VALUES (9301, 901, 'T-CF-1', 'penalty',"
        " '测试处罚', '测试', '测试', '测试', '住房公积金', $1, $1)",
        {t});
    // Cases: (id, procedure, stage, filed, decided, outcome, fine, hearing, discussed).
    struct C {
      int id;
      const char* procedure;
      const char* stage;
      const char* filed;
      const char* decided;
      const char* outcome;
      std::optional<std::int64_t> fine;
      int hearing, discussed;
    };
    const C cases[] = {
        {1, "ordinary", "closed", "2026-01-05", "2026-02-10", "penalty", 20000, 0, 0},
        {2, "summary", "closed", "2026-02-01", "2026-03-01", "penalty", std::nullopt, 0, 0},
        {3, "ordinary", "served", "2026-03-01", "2026-07-15", "penalty", 50000, 1, 1},
        {4, "ordinary", "investigation", "2026-09-01", nullptr, nullptr, std::nullopt, 0, 0},
        {5, "ordinary", "closed", "2026-04-01", "2026-04-20", "no_penalty", std::nullopt, 0, 0},
        {6, "ordinary", "closed", "2026-05-01", "2026-05-10", "transfer", std::nullopt, 0, 0},
        {7, "ordinary", "closed", "2026-06-01", "2026-06-05", "order", std::nullopt, 0, 0},
        {8, "ordinary", "withdrawn", "2026-01-10", nullptr, nullptr, std::nullopt, 0, 0},
        {9, "ordinary", "closed", "2025-03-01", "2025-04-01", "penalty", 10000, 0, 0},
    };
    for (const auto& c : cases) {
      const std::int64_t id = 9400 + c.id;
      Exec(
          "INSERT INTO cases (id, agency_id, number, power_item_id, procedure, stage, cause,"
          " source, area, party_kind, party_name, party_id_number, party, facts, flow, filed_on,"
          " created_by, created_at, updated_at) VALUES ($1, 901, $2, 9301, $3, $4, '测试', '检查',"
          " '郑州市', 'organisation', '测试单位', '91410100MA0000000X', '{}', '{}', '{}', $5, 9101,"
          " $6, $6)",
          {id, fmt::format("测试〔2026〕{}号", c.id), std::string(c.procedure),
           std::string(c.stage), std::string(c.filed), t});
      Exec(
          "INSERT INTO case_facts (case_id, agency_id, power_item_id, category, procedure, stage,"
          " filed_on, decided_on, outcome, fine, hearing_held, discussed) VALUES ($1, 901, 9301,"
          " 'penalty', $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO UPDATE SET"
          " decided_on = excluded.decided_on, outcome = excluded.outcome, fine = excluded.fine",
          {id, std::string(c.procedure), std::string(c.stage), std::string(c.filed),
           c.decided ? store::Param(std::string(c.decided)) : store::Param(nullptr),
           c.outcome ? store::Param(std::string(c.outcome)) : store::Param(nullptr),
           c.fine ? store::Param(*c.fine) : store::Param(nullptr), std::int64_t{c.hearing},
           std::int64_t{c.discussed}});
    }
    // Steps: (case, seq, action, at UTC, data). Recording duties: January covered (seizure),
    // February covered, March not (a reason instead), June covered — 3 of 4. The hearing at
    // 2026-05-31T17:00Z is on 1 June in Shanghai.
    struct E {
      int c, seq;
      const char* action;
      const char* at;
      const char* data;
    };
    const E events[] = {
        {1, 1, "seize", "2026-01-20T02:00:00.000Z",
         R"({"recording":{"duty":"mandatory","scene":"现场","evidence":[3]}})"},
        {1, 2, "decide", "2026-02-10T02:00:00.000Z",
         R"({"recording":{"duty":"as_needed","scene":"决定","evidence":[5]}})"},
        {2, 1, "decide_on_spot", "2026-03-01T01:00:00.000Z",
         R"({"recording":{"duty":"as_needed","scene":"现场","evidence":[]},"noRecordingReason":"设备故障"})"},
        {3, 1, "hold_hearing", "2026-05-31T17:00:00.000Z",
         R"({"recording":{"duty":"as_needed","scene":"听证","evidence":[7]}})"},
        {3, 2, "discuss", "2026-06-10T02:00:00.000Z", "{}"},
        {3, 3, "apply_court", "2026-08-01T02:00:00.000Z", "{}"},
        {9, 1, "hold_hearing", "2025-04-01T02:00:00.000Z", "{}"},
    };
    for (const auto& e : events) {
      Exec(
          "INSERT INTO case_events (case_id, seq, action, from_stage, to_stage, actor_id, at,"
          " data) VALUES ($1, $2, $3, 'x', 'y', 9101, $4, $5)",
          {std::int64_t{9400 + e.c}, std::int64_t{e.seq}, std::string(e.action), std::string(e.at),
           std::string(e.data)});
    }
    // Deadlines: (rule, due, done).
    const char* deadlines[][3] = {
        {"publish.penalty", "2026-02-20", "2026-02-18"},   // in time (February)
        {"publish.penalty", "2026-03-10", "2026-03-12"},   // late (March)
        {"publish.result", "2026-05-20", nullptr},         // open after its due date: late (May)
        {"publish.result", "2027-02-01", nullptr},         // outside the year
        {"publish.withdraw", "2026-08-05", "2026-08-04"},  // in time
        {"legal_review", "2026-06-10", "2026-06-09"},      // in time
        {"legal_review", "2026-07-01", "2026-07-03"},      // late
        {"complaint.reply", "2026-10-30", "2026-10-15"},   // in time
        {"complaint.reply", "2026-11-20", "2026-11-25"},   // late
        {"complaint.reply", "2026-12-30", nullptr},        // open after its due date: late
    };
    for (const auto& d : deadlines) {
      Exec(
          "INSERT INTO deadlines (agency_id, rule_code, period_amount, subject, start_date,"
          " due_date, explanation, done_on, created_by, created_at) VALUES (901, $1, 1, '测试',"
          " '2026-01-01', $2, '测试', $3, 9101, $4)",
          {std::string(d[0]), std::string(d[1]),
           d[2] ? store::Param(std::string(d[2])) : store::Param(nullptr), t});
    }
    // Reviews: C1 approved at once (January), C3 returned (answered 1 May in Shanghai) then
    // approved, C5 approved at once (April): first-pass 2 of 3.
    const char* reviews[][5] = {
        {"9401", "1", "approved", "2026-01-29T02:00:00.000Z", "2026-01-30T03:00:00.000Z"},
        {"9403", "1", "problems", "2026-04-20T02:00:00.000Z", "2026-04-30T17:00:00.000Z"},
        {"9403", "2", "approved", "2026-05-10T02:00:00.000Z", "2026-05-20T02:00:00.000Z"},
        {"9405", "1", "approved", "2026-04-05T02:00:00.000Z", "2026-04-10T02:00:00.000Z"}};
    for (const auto& r : reviews) {
      Exec(fmt::format("INSERT INTO review_submissions (case_id, agency_id, round, package,"
                       " submitted_by, submitted_at, status, reviewed_at) VALUES ({}, 901, {},"
                       " '{{}}', 9101, $1, $2, $3)",
                       r[0], r[1]),
           {std::string(r[3]), std::string(r[2]), std::string(r[4])});
    }
    // Complaints: K1 answered in 3 working days (12→15 October), K2 in 17 (2→25 November) and
    // a case opened on it, K3 still open.
    const char* complaints[][6] = {
        {"9501", "TS20261012-AAAAAAAA-0", "2026-10-12", "2026-10-15", "replied", "2026-10-30"},
        {"9502", "TS20261102-BBBBBBBB-0", "2026-11-02", "2026-11-25", "case_opened", "2026-11-20"},
        {"9503", "TS20261210-CCCCCCCC-0", "2026-12-10", nullptr, "assigned", "2026-12-30"}};
    for (const auto& k : complaints) {
      Exec(fmt::format("INSERT INTO complaints (id, agency_id, tracking, upload_token, topic,"
                       " subject, content, content_digest, status, received_on, received_at,"
                       " due_on, replied_on, updated_at) VALUES ({}, 901, '{}', 'x', 'procedure',"
                       " '测试', '测试内容测试内容', '{}', '{}', '{}', $1, '{}', $2, $1)",
                       k[0], k[1], k[1], k[4], k[2], k[5]),
           {std::string(k[2]) + "T02:00:00.000Z",
            k[3] ? store::Param(std::string(k[3])) : store::Param(nullptr)});
    }
    // Remedies: C1 reconsideration upheld, C3 litigation revoked; C9's in 2025.
    const char* remedies[][4] = {{"9401", "reconsideration", "upheld", "2026-05-01"},
                                 {"9403", "litigation", "revoked", "2026-12-01"},
                                 {"9409", "reconsideration", "dismissed", "2025-06-01"}};
    for (const auto& r : remedies) {
      Exec(fmt::format("INSERT INTO case_remedies (case_id, agency_id, kind, outcome, decided_on,"
                       " authority, recorded_by, recorded_at) VALUES ({}, 901, '{}', '{}', '{}',"
                       " '郑州市人民政府', 9101, $1)",
                       r[0], r[1], r[2], r[3]),
           {t});
    }
    // Disclosures: two penalties and one result published in 2026, one of them withdrawn.
    const char* disclosures[][4] = {{"penalty", "2026-02-18", "published", nullptr},
                                    {"penalty", "2026-03-12", "withdrawn", "2026-08-04"},
                                    {"result", "2026-06-01", "published", nullptr}};
    int seq = 0;
    for (const auto& d : disclosures) {
      ++seq;
      Exec(
          "INSERT INTO disclosures (agency_id, kind, status, title, target, target_kind, category,"
          " conclusion, decided_on, pub_seq, published_on, withdrawn_on, created_at, updated_at)"
          " VALUES (901, $1, $2, '测试', '测试单位', 'organisation', '行政处罚', '测试',"
          " '2026-01-01', $3, $4, $5, $6, $6)",
          {std::string(d[0]), std::string(d[2]), std::int64_t{900000 + seq}, std::string(d[1]),
           d[3] ? store::Param(std::string(d[3])) : store::Param(nullptr), t});
    }
    // 双随机: one plan drawn on 15 March 2026 from pools of 100 and 50, six units drawn; results:
    // 3 without problems, 2 to rectify, 1 case; 5 published.
    Exec(
        "INSERT INTO inspection_items (id, agency_id, code, name, power_item_id, subject, method,"
        " created_at) VALUES (9601, 901, 'T-JC', '测试检查', 9301, '单位', '现场', $1)",
        {t});
    Exec(
        "INSERT INTO inspection_plans (id, agency_id, code, title, item_id, area, scope,"
        " period_start, period_end, team_size, source, draw_date, strata, status, created_at,"
        " updated_at, drawn_at) VALUES (9701, 901, 'T-P', '测试计划', 9601, '郑州市', '{}',"
        " '2026-03-01', '2026-12-31', 2, '测试', '2026-03-15', '[]', 'drawn', $1, $1,"
        " '2026-03-15T02:00:00.000Z')",
        {t});
    for (int s = 0; s < 2; ++s) {
      Exec(
          "INSERT INTO inspection_strata (plan_id, idx, name, filter, count, pool_size, pool_root)"
          " VALUES (9701, $1, '层', '{}', 3, $2, 'x')",
          {std::int64_t{s}, std::int64_t{s == 0 ? 100 : 50}});
    }
    const char* outcomes[] = {"no_problem", "no_problem", "no_problem",
                              "rectify",    "rectify",    "case"};
    for (int i = 0; i < 6; ++i) {
      const std::int64_t target = 9800 + i;
      Exec(
          "INSERT INTO inspection_targets (id, agency_id, name, credit_code, created_at,"
          " updated_at) VALUES ($1, 901, $2, $3, $4, $4)",
          {target, fmt::format("单位{}", i), fmt::format("CODE{}", i), t});
      Exec(
          "INSERT INTO inspection_assignments (plan_id, seq, stratum, target_id, drawn, team)"
          " VALUES (9701, $1, 0, $2, '[]', '[]')",
          {std::int64_t{i + 1}, target});
      Exec(
          "INSERT INTO inspection_results (plan_id, target_id, outcome, entered_by, entered_at,"
          " result_on, published_on) VALUES (9701, $1, $2, 9101, $3, '2026-04-01', $4)",
          {target, std::string(outcomes[i]), t,
           i < 5 ? store::Param(std::string("2026-04-10")) : store::Param(nullptr)});
    }
  }

  static const json::object& Indicator(const json::object& agency, std::string_view code) {
    for (const auto& i : agency.at("indicators").as_array()) {
      if (i.at("code").as_string() == code) return i.as_object();
    }
    ADD_FAILURE() << "no indicator " << code;
    static const json::object none;
    return none;
  }

  // The monthly values of an indicator, "-" for null.
  static std::string Months(const json::object& indicator) {
    std::string out;
    for (const auto& m : indicator.at("months").as_array()) {
      if (!out.empty()) out += " ";
      const auto& v = m.at("value");
      out += v.is_null() ? "-" : json::serialize(v);
    }
    return out;
  }

  static std::map<std::string, json::value> Rows(const json::object& report) {
    std::map<std::string, json::value> out;
    for (const auto& s : report.at("sections").as_array()) {
      for (const auto& r : s.at("rows").as_array()) {
        out[std::string(r.at("code").as_string())] = r.at("value");
      }
    }
    return out;
  }

  store::Database* db_ = nullptr;
  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::string blob_dir_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<ComplaintService> complaints_;
  std::unique_ptr<ReportService> reports_;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}

INSTANTIATE_TEST_SUITE_P(Engines, SupervisionTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(SupervisionTest, EveryIndicatorHasItsKnownAnswer) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  auto r = reports_->Indicators(kAgency, {2026, 1}, {2026, 12});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->at("agencies").as_array().size(), 1u);
  const auto& a = r->at("agencies").as_array().front().as_object();
  EXPECT_EQ(a.at("code").as_string(), "test");

  // 公示: in time 1 of 3 (Feb in time, Mar late, May open after due).
  const auto& pub = Indicator(a, "publication.on_time");
  EXPECT_EQ(pub.at("numerator").as_int64(), 1);
  EXPECT_EQ(pub.at("denominator").as_int64(), 3);
  EXPECT_EQ(pub.at("value").as_double(), 33.3);
  EXPECT_EQ(Months(pub), "- 1E2 0E0 - 0E0 - - - - - - -");
  // 撤下: 1 of 1.
  EXPECT_EQ(Indicator(a, "withdrawal.on_time").at("value").as_double(), 100.0);
  // 法制审核按时: 1 of 2; 一次通过: 2 of 3 — January, April yes; May (1 May in Shanghai) no.
  EXPECT_EQ(Indicator(a, "review.on_time").at("value").as_double(), 50.0);
  const auto& first = Indicator(a, "review.first_pass");
  EXPECT_EQ(first.at("value").as_double(), 66.7);
  EXPECT_EQ(Months(first), "1E2 - - 1E2 0E0 - - - - - - -");
  // 超 90 日: C3 (filed 1 March) at the ends of May and June, C4 (filed 1 September) at the end
  // of December (30 November is day 90, not over); C8 was withdrawn. The period's value is the
  // last month's.
  const auto& over = Indicator(a, "case.over_90_days");
  EXPECT_EQ(Months(over), "0 0 0 0 1 1 0 0 0 0 0 1");
  EXPECT_EQ(over.at("value").as_int64(), 1);
  // 音像记录: 3 of 4 steps that need one.
  const auto& av = Indicator(a, "evidence.coverage");
  EXPECT_EQ(av.at("numerator").as_int64(), 3);
  EXPECT_EQ(av.at("denominator").as_int64(), 4);
  EXPECT_EQ(av.at("value").as_double(), 75.0);
  EXPECT_EQ(Months(av), "1E2 1E2 0E0 - - 1E2 - - - - - -");
  // 执法证过期: O1 from April (expired on 31 March, still valid that day); O3 cancelled.
  const auto& certs = Indicator(a, "certificate.expired");
  EXPECT_EQ(Months(certs), "0 0 0 1 1 1 1 1 1 1 1 1");
  EXPECT_EQ(certs.at("value").as_int64(), 1);
  // 投诉: answered in 3 and 17 working days, mean 10.0; in time 1 of 3.
  const auto& days = Indicator(a, "complaint.response_days");
  EXPECT_EQ(days.at("value").as_double(), 10.0);
  EXPECT_EQ(Months(days), "- - - - - - - - - 3E0 1.7E1 -");
  EXPECT_EQ(Indicator(a, "complaint.on_time").at("value").as_double(), 33.3);
  // 案卷评查: nothing evaluated.
  EXPECT_TRUE(Indicator(a, "evaluation.score").at("value").is_null());
  // The open complaint (K3) is overdue (due 30 December).
  EXPECT_EQ(a.at("complaintsOpen").as_int64(), 1);
  EXPECT_EQ(a.at("complaintsOverdue").as_int64(), 1);

  // A period in the middle of the year: counts at its end, shares of its months only.
  auto q2 = reports_->Indicators(kAgency, {2026, 4}, {2026, 6});
  ASSERT_TRUE(q2.ok());
  const auto& b = q2->at("agencies").as_array().front().as_object();
  EXPECT_EQ(Indicator(b, "case.over_90_days").at("value").as_int64(), 1);  // end of June
  EXPECT_EQ(Indicator(b, "review.first_pass").at("value").as_double(), 50.0);
  EXPECT_EQ(Indicator(b, "publication.on_time").at("value").as_double(), 0.0);

  // Bad periods.
  EXPECT_EQ(reports_->Indicators(kAgency, {2026, 5}, {2026, 4}).status().field(), "from");
  EXPECT_EQ(reports_->Indicators(kAgency, {2020, 1}, {2026, 12}).status().field(), "to");
  EXPECT_EQ(reports_->Indicators(99999, {2026, 1}, {2026, 2}).status().code(), Code::kNotFound);
}

TEST_P(SupervisionTest, TheAnnualReportsTotalsAreTheDataSets) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  auto c = reports_->Compile(kAgency, 2026);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const auto rows = Rows(*c);
  auto n = [&](const char* code) { return rows.at(code).as_int64(); };
  auto d = [&](const char* code) { return rows.at(code).as_double(); };
  // 行政处罚: C1 (罚款 20,000), C2 (warning, 简易程序), C3 (罚款 50,000).
  EXPECT_EQ(n("penalty.decisions"), 3);
  EXPECT_EQ(n("penalty.fines"), 2);
  EXPECT_EQ(n("penalty.other"), 1);
  EXPECT_EQ(d("penalty.fine_amount"), 70000.0);
  EXPECT_EQ(n("penalty.summary"), 1);
  EXPECT_EQ(n("penalty.ordinary"), 2);
  EXPECT_EQ(n("penalty.no_penalty"), 1);
  EXPECT_EQ(n("penalty.transfer"), 1);
  EXPECT_EQ(n("penalty.orders"), 1);
  // 行政检查.
  EXPECT_EQ(n("inspection.plans"), 1);
  EXPECT_EQ(n("inspection.pool"), 150);
  EXPECT_EQ(n("inspection.targets"), 6);
  EXPECT_EQ(d("inspection.ratio"), 4.0);
  EXPECT_EQ(n("inspection.results"), 6);
  EXPECT_EQ(n("inspection.problems"), 3);
  EXPECT_EQ(n("inspection.cases"), 1);
  EXPECT_EQ(n("inspection.published"), 5);
  // 行政强制, 法制审核, 听证与集体讨论.
  EXPECT_EQ(n("coercion.seizures"), 1);
  EXPECT_EQ(n("coercion.court"), 1);
  EXPECT_EQ(n("review.cases"), 3);
  EXPECT_EQ(n("review.submissions"), 4);
  EXPECT_EQ(d("review.first_pass"), 66.7);
  EXPECT_EQ(d("review.on_time"), 50.0);
  EXPECT_EQ(n("hearing.held"), 1);
  EXPECT_EQ(n("hearing.discussions"), 1);
  // 行政复议、行政诉讼.
  EXPECT_EQ(n("remedy.reconsideration"), 1);
  EXPECT_EQ(n("remedy.reconsideration.upheld"), 1);
  EXPECT_EQ(n("remedy.litigation"), 1);
  EXPECT_EQ(n("remedy.litigation.revoked"), 1);
  EXPECT_EQ(n("remedy.reconsideration.dismissed"), 0);
  EXPECT_EQ(d("remedy.correction_rate"), 50.0);
  // 公示, 投诉举报.
  EXPECT_EQ(n("publication.penalty"), 2);
  EXPECT_EQ(n("publication.result"), 1);
  EXPECT_EQ(d("publication.on_time"), 33.3);
  EXPECT_EQ(n("publication.withdrawn"), 1);
  EXPECT_EQ(n("complaint.received"), 3);
  EXPECT_EQ(n("complaint.answered"), 2);
  EXPECT_EQ(d("complaint.on_time"), 33.3);
  EXPECT_EQ(n("complaint.cases"), 1);
  // Year over year: 2025 had C9 (罚款 10,000), a hearing and a reconsideration dismissed.
  std::map<std::string, json::value> previous;
  for (const auto& s : c->at("sections").as_array()) {
    for (const auto& r : s.at("rows").as_array()) {
      previous[std::string(r.at("code").as_string())] = r.at("previous");
    }
  }
  EXPECT_EQ(previous.at("penalty.decisions").as_int64(), 1);
  EXPECT_EQ(previous.at("penalty.fine_amount").as_double(), 10000.0);
  EXPECT_EQ(previous.at("hearing.held").as_int64(), 1);
  EXPECT_EQ(previous.at("remedy.reconsideration.dismissed").as_int64(), 1);
  EXPECT_TRUE(previous.at("review.first_pass").is_null());
  // Charts: decisions by month (Feb, Mar, Apr, May, Jun, Jul), the types, the remedies.
  std::map<std::string, std::string> charts;
  for (const auto& ch : c->at("charts").as_array()) {
    charts[std::string(ch.at("code").as_string())] = json::serialize(ch.at("values"));
    if (ch.at("code").as_string() == "decisions.by_month") {
      EXPECT_EQ(json::serialize(ch.at("previous")), "[0,0,0,1,0,0,0,0,0,0,0,0]");
    }
  }
  EXPECT_EQ(charts.at("decisions.by_month"), "[0,1,1,1,1,1,1,0,0,0,0,0]");
  EXPECT_EQ(charts.at("penalty.by_type"), "[2,1]");
  EXPECT_EQ(charts.at("inspection.outcomes"), "[3,2,1]");
  EXPECT_EQ(charts.at("remedy.outcomes"), "[1,1,0,0,0]");
}

TEST_P(SupervisionTest, AnnualReportDraftPublishAndRepublishWithTheChangesShown) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  // No data for 2019; a year in the future; no draft to publish.
  auto empty = reports_->Draft(kAgency, 2019, kUser);
  EXPECT_EQ(empty.status().field(), "data");
  EXPECT_NE(empty.status().message().find("2019 年没有可统计的执法数据"), std::string::npos);
  EXPECT_EQ(reports_->Draft(kAgency, 2028, kUser).status().field(), "year");
  EXPECT_EQ(reports_->Publish(kAgency, 2026, "", kUser).status().code(), Code::kConflict);
  EXPECT_EQ(reports_->PublicReport("test", 2026, std::nullopt).status().code(), Code::kNotFound);

  auto draft = reports_->Draft(kAgency, 2026, kUser);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  EXPECT_EQ(draft->at("status").as_string(), "draft");
  EXPECT_EQ(draft->at("version").as_int64(), 1);
  EXPECT_EQ(draft->at("agency").at("code").as_string(), "test");
  EXPECT_TRUE(draft->at("changes").as_array().empty());
  // The draft opened the 31 January deadline.
  std::string due;
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto r = tx.Query(
                      "SELECT due_date, done_on FROM deadlines WHERE agency_id = 901"
                      " AND rule_code = 'annual.report'");
                  if (!r.ok()) return r.status();
                  if (r->rows.size() != 1) return Status::Internal("one deadline expected");
                  due = r->rows.front().Text(0);
                  return Status::Ok();
                }).ok());
  // 31 January 2027 is a Sunday: the period ends on the next working day (民法典 第203条).
  EXPECT_EQ(due, "2027-02-01");

  auto v1 = reports_->Publish(kAgency, 2026, "", kUser);
  ASSERT_TRUE(v1.ok()) << v1.status().message();
  EXPECT_EQ(v1->at("status").as_string(), "published");
  EXPECT_EQ(v1->at("publishedOn").as_string(), "2027-01-10");
  auto pub = reports_->PublicReport("test", 2026, std::nullopt);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->at("version").as_int64(), 1);
  EXPECT_EQ(Rows(*pub).at("penalty.fine_amount").as_double(), 70000.0);

  // A fine corrected (C3: 50,000 → 40,000); the draft shows the change; publishing it again needs
  // a note, and the same figures twice are refused.
  Exec("UPDATE case_facts SET fine = 40000 WHERE case_id = 9403");
  auto draft2 = reports_->Draft(kAgency, 2026, kUser);
  ASSERT_TRUE(draft2.ok());
  EXPECT_EQ(draft2->at("version").as_int64(), 2);
  ASSERT_EQ(draft2->at("changes").as_array().size(), 1u);
  const auto& change = draft2->at("changes").as_array().front();
  EXPECT_EQ(change.at("code").as_string(), "penalty.fine_amount");
  EXPECT_EQ(change.at("from").as_double(), 70000.0);
  EXPECT_EQ(change.at("to").as_double(), 60000.0);
  EXPECT_EQ(reports_->Publish(kAgency, 2026, "", kUser).status().field(), "note");
  auto v2 = reports_->Publish(kAgency, 2026, "更正一宗罚款金额", kUser);
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->at("version").as_int64(), 2);
  ASSERT_EQ(v2->at("versions").as_array().size(), 2u);

  // The portal: the latest by default, version 1 on request (superseded, still readable).
  auto latest = reports_->PublicReport("test", 2026, std::nullopt);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->at("version").as_int64(), 2);
  EXPECT_EQ(latest->at("note").as_string(), "更正一宗罚款金额");
  EXPECT_EQ(latest->at("changes").as_array().size(), 1u);
  auto first = reports_->PublicReport("test", 2026, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->at("status").as_string(), "superseded");
  EXPECT_EQ(Rows(*first).at("penalty.fine_amount").as_double(), 70000.0);
  EXPECT_EQ(reports_->PublicReport("test", 2026, 3).status().code(), Code::kNotFound);
  // Without an agency: the first that published for the year.
  auto any = reports_->PublicReport("", 2026, std::nullopt);
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->at("agency").at("code").as_string(), "test");
  auto list = reports_->PublicList();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->at("items").as_array().size(), 1u);
  EXPECT_EQ(list->at("items").as_array().front().at("version").as_int64(), 2);
  // Publication met the deadline, and the ledger has every step.
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto r = tx.Query(
                      "SELECT done_on FROM deadlines WHERE agency_id = 901"
                      " AND rule_code = 'annual.report'");
                  if (!r.ok()) return r.status();
                  EXPECT_EQ(r->rows.front().Text(0), "2027-01-10");
                  auto l = tx.Query(
                      "SELECT COUNT(*) FROM ledger_pending WHERE entry LIKE '%report.published%'");
                  if (!l.ok()) return l.status();
                  EXPECT_EQ(l->rows.front().Int(0), 2);
                  return Status::Ok();
                }).ok());
}

TEST_P(SupervisionTest, CaseFactsFollowTheCase) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  store::CaseRepository repo;
  Status st = db->Write([&](store::Tx& tx) -> Status {
    auto c = repo.GetCase(tx, 9404);
    if (!c.ok()) return c.status();
    c->stage = "decided";
    c->flow =
        R"({"outcome":"penalty","decidedFine":30000,"decidedOn":"2026-12-20","hearingHeld":true})";
    SX_RETURN_IF_ERROR(repo.UpdateCase(tx, *c));
    auto f = tx.Query(
        "SELECT stage, decided_on, outcome, fine, hearing_held, discussed FROM case_facts"
        " WHERE case_id = 9404");
    if (!f.ok()) return f.status();
    const auto& r = f->rows.front();
    EXPECT_EQ(r.Text(0), "decided");
    EXPECT_EQ(r.Text(1), "2026-12-20");
    EXPECT_EQ(r.Text(2), "penalty");
    EXPECT_EQ(r.Int(3), 30000);
    EXPECT_EQ(r.Int(4), 1);
    EXPECT_EQ(r.Int(5), 0);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  auto c = reports_->Compile(kAgency, 2026);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Rows(*c).at("penalty.decisions").as_int64(), 4);
  EXPECT_EQ(Rows(*c).at("penalty.fine_amount").as_double(), 100000.0);
}

// A small PNG (what libmagic needs to see one: the signature and the header chunk).
std::string Png() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                     33);
}

TEST_P(SupervisionTest, AComplaintFromTheFormToTheAnswer) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  // Monday 12 October 2026, 10:00 in Shanghai.
  Prepare(*db, TimePoint{std::chrono::seconds(1791770400)});
  ASSERT_TRUE(LoadDemo(*db, *clock_).ok());
  AuthOptions fast;
  fast.argon2_ops = 1;
  fast.argon2_mem = 8192;
  ASSERT_TRUE(CreateDemoAccounts(*db, *clock_, "zzgjj", "zzsfj", fast).ok());
  std::int64_t reviewer = 0, other_agency_user = 0;
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto users = store::MakeUserRepository();
                  auto u = users->FindByUsername(tx, "demo.reviewer");
                  if (!u.ok()) return u.status();
                  reviewer = u->id;
                  auto s = users->FindByUsername(tx, "demo.supervisor");
                  if (!s.ok()) return s.status();
                  other_agency_user = s->id;
                  return Status::Ok();
                }).ok());

  domain::NewComplaint c;
  c.topic = domain::ComplaintTopic::kProcedure;
  c.subject = "检查时未出示执法证件";
  c.content = "2026年10月9日两名检查人员到我单位检查住房公积金缴存情况,未出示执法证件。";
  c.name = "王某";
  c.phone = "13800138000";
  // Bad input: unknown agency, the supervising bureau (not an enforcement agency), short content.
  EXPECT_EQ(complaints_->File("nope", c).status().code(), Code::kNotFound);
  EXPECT_EQ(complaints_->File("zzsfj", c).status().code(), Code::kNotFound);
  auto short_content = c;
  short_content.content = "太短";
  EXPECT_EQ(complaints_->File("zzgjj", short_content).status().field(), "content");

  auto filed = complaints_->File("zzgjj", c);
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  const std::string tracking(filed->at("tracking").as_string());
  const std::string token(filed->at("uploadToken").as_string());
  EXPECT_TRUE(domain::IsTrackingNumber(tracking));
  EXPECT_EQ(tracking.substr(0, 11), "TS20261012-");
  EXPECT_EQ(filed->at("receivedOn").as_string(), "2026-10-12");
  // 15 working days from 12 October 2026: 2 November.
  EXPECT_EQ(filed->at("dueOn").as_string(), "2026-11-02");
  // The same text again (spaces aside) within a day: refused.
  auto again = c;
  again.content = "2026年10月9日 两名检查人员到我单位检查住房公积金缴存情况, 未出示执法证件。";
  EXPECT_EQ(complaints_->File("zzgjj", again).status().code(), Code::kConflict);

  // Attachments: the token, the type by content, the size, the count.
  EXPECT_EQ(complaints_->Attach(tracking, "wrong", "a.png", Png()).status().code(),
            Code::kPermission);
  EXPECT_EQ(complaints_->Attach(tracking, token, "a.sh", "#!/bin/sh\nrm -rf /\n").status().field(),
            "mediaType");
  EXPECT_EQ(complaints_->Attach(tracking, token, "../../etc/passwd", Png()).status().field(),
            "name");
  EXPECT_EQ(complaints_
                ->Attach(tracking, token, "big.png",
                         Png() + std::string(kMaxComplaintAttachmentBytes, '\0'))
                .status()
                .field(),
            "size");
  for (int i = 0; i < 5; ++i) {
    auto a = complaints_->Attach(tracking, token, fmt::format("现场照片{}.png", i), Png());
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_EQ(a->at("attachments").as_array().size(), static_cast<std::size_t>(i + 1));
  }
  EXPECT_EQ(complaints_->Attach(tracking, token, "6.png", Png()).status().code(), Code::kConflict);
  auto pdf = complaints_->Attach("TS20261012-0000000Z-0", token, "x.pdf", "%PDF-1.4\n%%EOF\n");
  EXPECT_FALSE(pdf.ok());

  // The status page: no contacts, no content; a mistyped number refused before any lookup.
  auto status = complaints_->PublicStatus(tracking);
  ASSERT_TRUE(status.ok());
  const std::string page = json::serialize(*status);
  EXPECT_EQ(status->at("statusName").as_string(), "已受理,等待分办");
  EXPECT_EQ(page.find("13800138000"), std::string::npos);
  EXPECT_EQ(page.find("王某"), std::string::npos);
  EXPECT_EQ(page.find("未出示执法证件。"), std::string::npos);
  EXPECT_EQ(status->at("attachments").as_array().size(), 5u);
  std::string typo = tracking;
  typo[12] = typo[12] == 'A' ? 'B' : 'A';
  EXPECT_EQ(complaints_->PublicStatus(typo).status().code(), Code::kInvalid);
  EXPECT_EQ(complaints_->PublicStatus("TS20261012").status().code(), Code::kInvalid);

  // Handling: the list, assignment (a user of the agency only), the reply.
  auto list = complaints_->List(1, "received");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->at("items").as_array().size(), 1u);
  const std::int64_t id = list->at("items").as_array().front().at("id").as_int64();
  EXPECT_EQ(complaints_->List(1, "bogus").status().field(), "status");
  EXPECT_EQ(complaints_
                ->Reply(id, "partly", "经核查,情况部分属实,已对相关人员批评教育。", std::nullopt,
                        reviewer)
                .status()
                .field(),
            "state");  // not assigned yet
  EXPECT_EQ(complaints_->Assign(id, other_agency_user, reviewer).status().field(), "assigneeId");
  auto assigned = complaints_->Assign(id, reviewer, reviewer);
  ASSERT_TRUE(assigned.ok()) << assigned.status().message();
  EXPECT_EQ(assigned->at("status").as_string(), "assigned");
  EXPECT_EQ(complaints_->Reply(id, "maybe", "经核查情况部分属实。", std::nullopt, reviewer)
                .status()
                .field(),
            "outcome");
  EXPECT_EQ(complaints_->Reply(id, "partly", "短", std::nullopt, reviewer).status().field(),
            "reply");
  clock_->Advance(std::chrono::hours(24 * 3));  // Thursday 15 October
  auto replied = complaints_->Reply(id, "partly", "经核查,情况部分属实,已对相关人员批评教育。",
                                    std::nullopt, reviewer);
  ASSERT_TRUE(replied.ok()) << replied.status().message();
  EXPECT_EQ(replied->at("status").as_string(), "replied");
  EXPECT_EQ(replied->at("outcomeName").as_string(), "部分属实");
  EXPECT_EQ(complaints_->Reject(id, "重复投诉不予受理", reviewer).status().field(), "state");
  auto after = complaints_->PublicStatus(tracking);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->at("statusName").as_string(), "已答复");
  EXPECT_EQ(after->at("reply").as_string(), "经核查,情况部分属实,已对相关人员批评教育。");
  EXPECT_EQ(after->at("timeline").as_array().size(), 3u);  // filed, assigned, replied
  // The reply met its deadline; the file is readable in the workbench.
  auto full = complaints_->Get(id);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->at("phone").as_string(), "13800138000");
  EXPECT_FALSE(full->at("overdue").as_bool());
  auto file = complaints_->Attachment(id, 1);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->bytes, Png());
  EXPECT_EQ(file->media_type, "image/png");
  EXPECT_EQ(complaints_->Attachment(id, 9).status().code(), Code::kNotFound);

  // Another, refused; the statistics of the year.
  auto second = c;
  second.topic = domain::ComplaintTopic::kViolation;
  second.content = "举报某公司长期未为职工缴存住房公积金,涉及职工二十余人。";
  second.name.clear();
  second.phone.clear();
  auto f2 = complaints_->File("zzgjj", second);
  ASSERT_TRUE(f2.ok()) << f2.status().message();
  auto l2 = complaints_->List(1, "received");
  ASSERT_TRUE(l2.ok());
  const std::int64_t id2 = l2->at("items").as_array().front().at("id").as_int64();
  EXPECT_EQ(complaints_->Reject(id2, "短", reviewer).status().field(), "reason");
  ASSERT_TRUE(complaints_->Reject(id2, "不属于本机关职责范围,已告知向有关部门反映", reviewer).ok());
  auto stats = complaints_->Stats(1, 2026);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->at("total").as_int64(), 2);
  EXPECT_EQ(stats->at("onTime").as_int64(), 2);
  EXPECT_EQ(stats->at("late").as_int64(), 0);
  EXPECT_EQ(stats->at("meanWorkingDays").as_double(), 1.5);  // 3 and 0 working days
  std::map<std::string, std::int64_t> topics;
  for (const auto& t : stats->at("byTopic").as_array()) {
    topics[std::string(t.at("code").as_string())] = t.at("count").as_int64();
  }
  EXPECT_EQ(topics["procedure"], 1);
  EXPECT_EQ(topics["violation"], 1);
  EXPECT_EQ(topics["conduct"], 0);
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto r = tx.Query(
                      "SELECT COUNT(*) FROM deadlines WHERE rule_code = 'complaint.reply'"
                      " AND done_on IS NOT NULL");
                  if (!r.ok()) return r.status();
                  EXPECT_EQ(r->rows.front().Int(0), 2);
                  auto l = tx.Query(
                      "SELECT COUNT(*) FROM ledger_pending WHERE object LIKE 'complaint:%'");
                  if (!l.ok()) return l.status();
                  // filed ×2, attached ×5, assigned, replied, refused
                  EXPECT_EQ(l->rows.front().Int(0), 10);
                  return Status::Ok();
                }).ok());
}

TEST_P(SupervisionTest, CaseFilesAreDrawnScoredAndRectified) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  // Closed files close when they are decided here; an evaluator who handled none of them.
  Exec("UPDATE case_facts SET closed_on = decided_on WHERE stage = 'closed'");
  Exec(
      "INSERT INTO users (id, agency_id, username, display_name, password_hash,"
      " password_changed_at, created_at) VALUES (9102, 901, 'test.peer', '评查人', 'x', $1, $1)",
      {std::string("2025-01-01T00:00:00.000Z")});
  EvaluationService s(*db, *clock_);

  // A template whose points do not add up is refused naming the sum; the default until one is set.
  auto t = s.Template(kAgency);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->at("isDefault").as_bool());
  json::object broken = *t;
  broken.erase("isDefault");
  broken["total"] = 105;  // the items add up to 100
  auto refused = s.SetTemplate(kAgency, broken, kUser);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("各评查项目分值合计 100,应等于总分 105"),
            std::string::npos)
      << refused.status().message();
  broken["items"].as_array()[0].as_object()["points"] = "ten";
  EXPECT_EQ(s.SetTemplate(kAgency, broken, kUser).status().field(), "items.0.points");
  json::object fine = *t;
  fine.erase("isDefault");
  fine["name"] = "测试机关评查标准";
  auto saved = s.SetTemplate(kAgency, fine, kUser);
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  EXPECT_FALSE(saved->at("isDefault").as_bool());
  const std::string item(t->at("items").as_array()[0].at("code").as_string());
  const auto& deductions = t->at("items").as_array()[0].at("deductions").as_array();
  const std::string veto(deductions[0].at("code").as_string());   // 否决项, 10 points
  const std::string minor(deductions[1].at("code").as_string());  // 2 points
  ASSERT_TRUE(deductions[0].at("veto").as_bool());

  // A round over 2026's closed files (C1, C2, C5, C6, C7): the pool fixed, then the draw.
  RoundSpec spec{"2026 年度案卷评查", *domain::ParseDate("2026-01-01"),
                 *domain::ParseDate("2026-12-31"), 2, "2026-12-31 上证指数收盘点位"};
  auto too_many = spec;
  too_many.count = 6;
  EXPECT_EQ(s.CreateRound(kAgency, too_many, kUser).status().field(), "count");
  auto empty = spec;
  empty.closed_from = *domain::ParseDate("2024-01-01");
  empty.closed_to = *domain::ParseDate("2024-12-31");
  EXPECT_EQ(s.CreateRound(kAgency, empty, kUser).status().field(), "closedFrom");
  auto round = s.CreateRound(kAgency, spec, kUser);
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_EQ(round->at("poolSize").as_int64(), 5);
  const std::int64_t id = round->at("id").as_int64();
  EXPECT_EQ(s.Draw(id, "", kUser).status().field(), "publicValue");
  auto drawn = s.Draw(id, "3412.56", kUser);
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  EXPECT_EQ(s.Draw(id, "3412.57", kUser).status().code(), Code::kConflict);
  // Anyone can redo the draw from what the round publishes.
  std::vector<PoolTarget> pool;
  for (int c : {1, 2, 5, 6, 7}) {
    pool.push_back(PoolTarget{9400 + c, fmt::format("测试〔2026〕{}号", c), "测试"});
  }
  EXPECT_EQ(drawn->at("poolRoot").as_string(), PoolRoot(pool));
  auto sha = [](std::string_view d) {
    domain::Digest32 out{};
    crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(d.data()), d.size());
    return out;
  };
  domain::DrawInput in{fmt::format("evaluation-{}", id), PoolRoot(pool), 5, 2,
                       "2026-12-31 上证指数收盘点位",    "3412.56"};
  domain::DrawStream stream(domain::DrawSeed(in, sha), sha);
  const auto picks = domain::SelectIndices(stream, 5, 2);
  const auto& files = drawn->at("files").as_array();
  ASSERT_EQ(files.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(files[i].at("caseId").as_int64(), pool[static_cast<std::size_t>(picks[i])].id);
  }
  const std::int64_t first = files[0].at("caseId").as_int64();
  const std::int64_t second = files[1].at("caseId").as_int64();

  // Scoring: not one's own case (test.user opened them all), unknown codes named, the score.
  EXPECT_EQ(s.ScoreFile(id, first, {}, std::nullopt, kUser).status().code(), Code::kPermission);
  EXPECT_EQ(s.ScoreFile(id, first, {{item, "nope", 1, ""}}, std::nullopt, 9102).status().field(),
            "findings.0");
  EXPECT_EQ(s.ScoreFile(id, 9404, {}, std::nullopt, 9102).status().code(), Code::kNotFound);
  auto scored = s.ScoreFile(
      id, first, {{item, minor, 2, "两份文书主体名称不规范"}},
      RectificationRequest{"规范文书中的执法主体名称", *domain::ParseDate("2027-02-10")}, 9102);
  ASSERT_TRUE(scored.ok()) << scored.status().message();
  EXPECT_EQ(scored->at("score").as_int64(), 96);
  EXPECT_EQ(scored->at("gradeName").as_string(), "优秀");
  ASSERT_TRUE(scored->at("rectification").is_object());
  auto failed = s.ScoreFile(id, second, {{item, veto, 1, ""}}, std::nullopt, 9102);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->at("score").as_int64(), 90);
  EXPECT_EQ(failed->at("grade").as_string(), "fail");  // 否决项
  EXPECT_TRUE(failed->at("vetoed").as_bool());

  // The rectification: answered by the agency, returned once, then accepted.
  const std::int64_t rect = scored->at("rectification").at("id").as_int64();
  EXPECT_EQ(s.Review(rect, true, "", 9102).status().code(), Code::kConflict);  // nothing sent
  ASSERT_TRUE(s.Respond(rect, "已修订文书模板并培训", kUser).ok());
  EXPECT_EQ(s.Review(rect, false, "", 9102).status().field(), "note");
  auto returned = s.Review(rect, false, "请附修订后的文书", 9102);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->at("status").as_string(), "returned");
  ASSERT_TRUE(s.Respond(rect, "已修订文书模板并培训,附修订后的文书", kUser).ok());
  auto accepted = s.Review(rect, true, "", 9102);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->at("status").as_string(), "accepted");

  // Results and the indicator: mean (96 + 90) / 2 = 93 in January 2027.
  auto results = s.Results(kAgency, 2027);
  ASSERT_TRUE(results.ok());
  const auto& a = results->at("agencies").as_array().front();
  EXPECT_EQ(a.at("files").as_int64(), 2);
  EXPECT_EQ(a.at("mean").as_double(), 93.0);
  EXPECT_EQ(a.at("excellent").as_int64(), 1);
  EXPECT_EQ(a.at("fail").as_int64(), 1);
  EXPECT_EQ(a.at("rectificationsOpen").as_int64(), 0);
  auto ind = reports_->Indicators(kAgency, {2027, 1}, {2027, 1});
  ASSERT_TRUE(ind.ok());
  EXPECT_EQ(Indicator(ind->at("agencies").as_array().front().as_object(), "evaluation.score")
                .at("value")
                .as_double(),
            93.0);
}

TEST_P(SupervisionTest, AClosedCaseBecomesRedactedGuidance) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  BuildDataSet();
  // C1 was a citizen's case: their name, ID number and phone in the facts.
  Exec(
      "UPDATE cases SET party_kind = 'citizen', party_name = '欧阳明',"
      " party = '{\"address\":\"郑州市金水区花园路 1 号 3 单元 402 室\"}', facts ="
      " '{\"text\":\"当事人欧阳明(身份证号 410105199001011234,电话 "
      "13800138000)未按规定缴存住房公积金。\"}'"
      " WHERE id = 9401");
  GuidanceService g(*db, *clock_);
  GuidanceText text{"未按规定缴存住房公积金的认定", "单位未为职工办理缴存的,应责令限期办理",
                    "某单位未为职工缴存,经责令仍未办理,依法处以罚款。", "", ""};
  EXPECT_EQ(g.Create(kAgency, 9404, text, kUser).status().field(), "caseId");  // not closed
  EXPECT_EQ(g.Create(kAgency, 99999, text, kUser).status().field(), "caseId");
  auto draft = g.Create(kAgency, 9401, text, kUser);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  const std::string facts(draft->at("facts").as_string());
  EXPECT_EQ(facts.find("欧阳明"), std::string::npos) << facts;
  EXPECT_EQ(facts.find("410105199001011234"), std::string::npos) << facts;
  EXPECT_EQ(facts.find("13800138000"), std::string::npos) << facts;
  EXPECT_NE(facts.find("欧阳某某"), std::string::npos) << facts;
  EXPECT_EQ(g.Create(kAgency, 9401, text, kUser).status().code(), Code::kConflict);
  const std::int64_t id = draft->at("id").as_int64();
  // Not public until published; an edit is redacted again.
  EXPECT_EQ(g.Get(id, true).status().code(), Code::kNotFound);
  auto pub0 = g.List("", "", 0, true);
  ASSERT_TRUE(pub0.ok());
  EXPECT_TRUE(pub0->at("items").as_array().empty());
  text.facts = "当事人欧阳明于2026年拒不缴存。";
  auto edited = g.Update(id, text, kUser);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(std::string(edited->at("facts").as_string()).find("欧阳明"), std::string::npos);
  ASSERT_TRUE(g.Publish(id, kUser).ok());
  EXPECT_EQ(g.Publish(id, kUser).status().code(), Code::kConflict);
  EXPECT_EQ(g.Update(id, text, kUser).status().code(), Code::kConflict);
  // Search: literal, wildcards are characters.
  auto hit = g.List("责令限期", "", 0, true);
  ASSERT_TRUE(hit.ok());
  EXPECT_EQ(hit->at("items").as_array().size(), 1u);
  EXPECT_EQ(g.List("%", "", 0, true)->at("items").as_array().size(), 0u);
  EXPECT_EQ(g.List("_", "", 0, true)->at("items").as_array().size(), 0u);
  EXPECT_EQ(g.List(std::string(101, 'x'), "", 0, true).status().field(), "q");
  ASSERT_TRUE(g.Get(id, true).ok());
  // Withdrawn: gone from the portal.
  EXPECT_EQ(g.Withdraw(id, "", kUser).status().field(), "reason");
  ASSERT_TRUE(g.Withdraw(id, "法律依据已修改", kUser).ok());
  EXPECT_EQ(g.Get(id, true).status().code(), Code::kNotFound);
  EXPECT_TRUE(g.List("", "", 0, true)->at("items").as_array().empty());
}

}  // namespace
}  // namespace sx::services
