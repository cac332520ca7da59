// Case handling on SQLite and PostgreSQL: a 第37条 case from lead to archive through every gate,
// with its documents numbered, rendered and recorded; and each refusal leaving nothing half done —
// a single valid officer (第42条), an unsigned document, a stale version, the wrong role, a
// pending recusal (第43条), a heavier decision than the notice (第45条), a decision inside the
// hearing request period (第64条), the summary-procedure cap (第51条).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>

#include "domain/ledger_event.h"
#include "render/templates.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/disclosure_service.h"
#include "services/evidence_service.h"
#include "services/review_helper.h"
#include "store/ledger_repository.h"
#include "store/migrations.h"
#include "store/officer_repository.h"
#include "store/test_db.h"
#include "store/user_repository.h"
#include "test_wav.h"

namespace sx::services {
namespace {

using domain::CaseAction;
using domain::Role;
using ::sx::testing::Engine;

// 2026-12-21T02:00:00Z: Monday 2026-12-21, 10:00 in Shanghai.
const TimePoint kNow{std::chrono::seconds(1797818400)};

using Inputs = std::map<std::string, std::string, std::less<>>;

// 音像记录 as circumstances require: the recorded reason why an investigation has none.
constexpr const char* kNoRecording = "调查以调取缴存资料和书面询问方式在本中心进行,未录音录像";

class CaseServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void Prepare(store::Database& db) {
    db_ = &db;
    ASSERT_TRUE(store::Migrate(db, kNow).ok());
    ASSERT_TRUE(LoadDemo(db, clock_).ok());
    AuthOptions fast;
    fast.argon2_ops = 1;
    fast.argon2_mem = 8192;
    ASSERT_TRUE(CreateDemoAccounts(db, clock_, "zzgjj", "zzsfj", fast).ok());
    ASSERT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    auto users = store::MakeUserRepository();
                    for (const char* name :
                         {"demo.officer", "demo.unithead", "demo.reviewer", "demo.leader"}) {
                      auto u = users->FindByUsername(tx, name);
                      if (!u.ok()) return u.status();
                      Principal p;
                      p.user_id = u->id;
                      p.agency_id = u->agency_id;
                      p.username = u->username;
                      p.display_name = u->display_name;
                      p.roles = u->roles;
                      p.department_id = u->department_id;
                      who_[name] = p;
                    }
                    auto officers = store::MakeOfficerRepository()->ListByAgency(
                        tx, who_["demo.officer"].agency_id);
                    if (!officers.ok()) return officers.status();
                    for (const auto& o : *officers) officers_[o.name] = o.id;
                    return Status::Ok();
                  }).ok());
    auto calendar = CalendarService::Create(db, clock_);
    ASSERT_TRUE(calendar.ok()) << calendar.status().message();
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<DeadlineService>(db, clock_, *calendar_);
    auto blobs = store::BlobStore::Open(blob_dir_.path());
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    cases_ = std::make_unique<CaseService>(db, clock_, *calendar_, *deadlines_, *blobs_);
    disclosures_ = std::make_unique<DisclosureService>(db, clock_, *calendar_, *deadlines_);
    disclosures_->Attach(*cases_);
    auto items = cases_->PowerItems(who_["demo.officer"].agency_id);
    ASSERT_TRUE(items.ok());
    for (const auto& p : *items) {
      if (p.code == "GJJ-CF-037") art37_ = p.id;
    }
    ASSERT_GT(art37_, 0);
  }

  CaseInput Input(std::vector<const char*> officer_names = {"张伟", "陈静"}) {
    CaseInput in;
    in.power_item_id = art37_;
    in.cause = "未办理住房公积金缴存登记,逾期不办理";
    in.source = "监督检查";
    in.area = "郑州市金水区";
    in.party = {
        domain::PartyKind::kOrganisation, "郑州测试物业有限公司", "91410103MA46U7EF5G", "王五",
        "郑州市金水区经三路 1 号",        "0371-0000 0000"};
    in.facts = "当事人成立 3 年未办理住房公积金缴存登记,经责令限期办理,逾期仍未办理。";
    in.art37 = {true, 3, 0, false};
    for (const char* n : officer_names) in.officer_ids.push_back(officers_.at(n));
    return in;
  }

  // Drafts a document with every required input and has each role sign it off.
  std::int64_t Signed(std::int64_t case_id, std::string_view type, Inputs inputs = {}) {
    for (const auto& [k, v] : RequiredInputs(type)) inputs.try_emplace(k, v);
    auto d = cases_->Draft(case_id, type, inputs, who_["demo.officer"]);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (!d.ok()) return 0;
    for (auto role : d->kind->sign) {
      auto s = cases_->SignOff(d->row.id, role, who_[UserFor(role)]);
      EXPECT_TRUE(s.ok()) << s.status().message();
    }
    return d->row.id;
  }

  static Inputs RequiredInputs(std::string_view type) {
    Inputs out;
    const auto* t = render::FindTemplate(type);
    if (t == nullptr) return out;
    for (const auto& i : t->inputs) {
      if (i.required) out[i.key] = fmt::format("{}(测试)", i.label);
    }
    return out;
  }

  static const char* UserFor(Role r) {
    switch (r) {
      case Role::kOfficer:
        return "demo.officer";
      case Role::kUnitHead:
        return "demo.unithead";
      case Role::kLegalReviewer:
        return "demo.reviewer";
      default:
        return "demo.leader";
    }
  }

  Result<CaseView> Step(std::int64_t id, CaseAction a, const char* user,
                        std::optional<std::int64_t> doc = std::nullopt, StepRequest r = {}) {
    auto now = cases_->Get(id);
    if (!now.ok()) return now.status();
    r.version = now->row.version;
    r.action = a;
    r.document_id = doc;
    return cases_->Step(id, r, who_[user], "https://zfgs.example.gov.cn");
  }

  // A case at 审核通过 (reviewed), with `fine` proposed.
  std::int64_t Reviewed(std::int64_t fine) {
    auto c = cases_->Create(Input(), who_["demo.officer"]);
    EXPECT_TRUE(c.ok()) << c.status().message();
    const std::int64_t id = c->row.id;
    EXPECT_TRUE(Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval")).ok());
    StepRequest r;
    r.outcome = domain::Outcome::kPenalty;
    r.fine = fine;
    r.deviation_reason = fine > 30'000 ? "当事人拒不配合调查并隐匿职工名册,情节较重" : "";
    r.no_recording_reason = kNoRecording;
    auto v = Step(id, CaseAction::kFinishInvestigation, "demo.officer",
                  Signed(id, "investigation_report"), r);
    EXPECT_TRUE(v.ok()) << v.status().message();
    v = PassReview(*db_, *cases_, id, who_["demo.officer"], who_["demo.reviewer"]);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return id;
  }

  std::int64_t Count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto r = tx.Query(sql);
                     if (!r.ok()) return r.status();
                     n = r->rows.at(0).Int(0);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  std::vector<domain::LedgerEvent> Leaves(const std::string& object) {
    std::vector<domain::LedgerEvent> out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto pending = store::MakeLedgerRepository()->Pending(tx, 100000);
                     if (!pending.ok()) return pending.status();
                     for (const auto& p : *pending) {
                       if (p.object != object) continue;
                       auto e = domain::DecodeLedgerEvent(p.entry);
                       if (!e.ok()) return e.status();
                       out.push_back(*e);
                     }
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  FakeClock clock_{kNow};
  store::Database* db_ = nullptr;
  ::sx::testing::TempDir blob_dir_;
  std::map<std::string, Principal, std::less<>> who_;
  std::map<std::string, std::int64_t, std::less<>> officers_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<DisclosureService> disclosures_;
  std::int64_t art37_ = 0;
};

std::string PdfText(const std::string& pdf) {
  ::sx::testing::TempDir dir;
  const std::string path = dir.path() + "/d.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  FILE* p = popen(fmt::format("pdftotext -enc UTF-8 '{}' -", path).c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  // Lines break anywhere in Chinese text: compare without the layout's line breaks and spaces.
  std::erase_if(out, [](char ch) { return ch == '\n' || ch == ' ' || ch == '\f'; });
  return out;
}

// The acceptance path: lead → 立案 → 调查终结 → 法制审核 → 事先告知 → 决定 → 送达 → 缴纳 → 结案 →
// 归档, with a document at each step, deadlines opened and met, and a ledger leaf per step.
TEST_P(CaseServiceTest, AnArticle37CaseFromLeadToArchive) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::int64_t id = c->row.id;
  EXPECT_EQ(c->row.stage, "lead");
  EXPECT_EQ(c->row.number, "郑公积金案〔2026〕1号");
  ASSERT_TRUE(c->suggested_tier.has_value());
  EXPECT_EQ(c->suggested_tier->code, "art37.unregistered.2to5");

  auto v = Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval"));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->row.stage, "investigation");
  ASSERT_TRUE(v->decision_due.has_value());  // 第60条: 90 days from 立案
  EXPECT_EQ(v->decision_due->record.rule_code, "case.decision");

  StepRequest proposal;
  proposal.outcome = domain::Outcome::kPenalty;
  proposal.fine = 20'000;
  proposal.no_recording_reason = kNoRecording;
  v = Step(id, CaseAction::kFinishInvestigation, "demo.officer", Signed(id, "investigation_report"),
           proposal);
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->flow.tier.has_value());
  EXPECT_EQ(v->flow.tier->code, "art37.unregistered.2to5");

  // 第58条: no notice before the review says 同意.
  auto early = Step(id, CaseAction::kNotify, "demo.officer", Signed(id, "penalty_notice"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), Code::kConflict);
  EXPECT_NE(early.status().message().find("第58条"), std::string::npos);

  v = PassReview(*db_, *cases_, id, who_["demo.officer"], who_["demo.reviewer"]);
  ASSERT_TRUE(v.ok()) << v.status().message();
  // The notice drafted before the review is still a draft and can be used now.
  std::int64_t notice = 0;
  for (const auto& d : v->documents) {
    if (d.row.type == "penalty_notice") notice = d.row.id;
  }
  ASSERT_GT(notice, 0);
  v = Step(id, CaseAction::kNotify, "demo.officer", notice);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->flow.notified_fine, 20'000);
  EXPECT_FALSE(v->flow.hearing_offered);  // below the Henan 50,000 threshold for a unit

  v = Step(id, CaseAction::kDecide, "demo.leader", Signed(id, "penalty_decision"));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->row.stage, "decided");
  EXPECT_EQ(v->flow.decided_fine, 20'000);
  // The decision drafted its 事后公开 item in the same transaction: the 决定书's text, redacted
  // (the unit kept, its 法定代表人 王五 not), due 7 working days after the decision.
  {
    auto drafts = disclosures_->List({std::nullopt, domain::DisclosureStatus::kDraft, false},
                                     [](std::int64_t) { return true; });
    ASSERT_TRUE(drafts.ok());
    ASSERT_EQ(drafts->at("items").as_array().size(), 1u);
    const auto& summary = drafts->at("items").as_array().front();
    EXPECT_EQ(summary.at("caseId"), id);
    EXPECT_EQ(summary.at("kind"), "penalty");
    auto draft = disclosures_->Get(summary.at("id").as_int64());
    ASSERT_TRUE(draft.ok());
    const std::string body(draft->at("body").as_string());
    EXPECT_NE(body.find("郑州测试物业有限公司"), std::string::npos) << body;
    EXPECT_NE(body.find("行政处罚决定书"), std::string::npos) << body;
    EXPECT_EQ(body.find("王五"), std::string::npos) << body;
    EXPECT_EQ(draft->at("dueOn"), "2026-12-30");  // 21 Dec + 7 working days
  }
  StepRequest direct;
  direct.service_method = domain::ServiceMethod::kDirect;
  v = Step(id, CaseAction::kServe, "demo.officer", Signed(id, "service_receipt"), direct);
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->flow.payment_due.has_value());  // 15 days (第67条)
  v = Step(id, CaseAction::kPay, "demo.officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->flow.surcharge, 0);
  v = Step(id, CaseAction::kClose, "demo.officer", Signed(id, "closing_approval"));
  ASSERT_TRUE(v.ok()) << v.status().message();
  v = Step(id, CaseAction::kArchive, "demo.unithead");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->row.stage, "archived");

  // Every step in the timeline, with its article and document.
  std::vector<std::string> actions;
  for (const auto& e : v->events) actions.push_back(e.row.action);
  // ("issue": the 询问笔录 the review's evidence list rests on.)
  EXPECT_EQ(actions, (std::vector<std::string>{"register", "file", "finish_investigation", "issue",
                                               "submit_review", "review_pass", "notify", "decide",
                                               "serve", "pay", "close", "archive"}));
  // Every document issued, numbered per type and year, its PDF stored and in the ledger.
  for (const auto& d : v->documents) {
    EXPECT_EQ(d.row.status, "issued") << d.row.type;
    ASSERT_TRUE(d.row.number && d.row.pdf_digest) << d.row.type;
    EXPECT_NE(d.row.number->find("〔2026〕1号"), std::string::npos) << *d.row.number;
    EXPECT_TRUE(blobs_->Check(*d.row.pdf_digest).ok());
    auto leaves = Leaves(fmt::format("document:{}", d.row.id));
    ASSERT_FALSE(leaves.empty());
    EXPECT_EQ(leaves.back().type, "document.issued");
    bool file = false;
    for (const auto& [name, digest] : leaves.back().digests) file |= digest == *d.row.pdf_digest;
    EXPECT_TRUE(file);
    auto check = cases_->CheckNumber(*d.row.number);
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(check->row.id, d.row.id);
  }
  // Deadlines met: nothing of the case is left open.
  for (const auto& d : v->deadlines)
    EXPECT_TRUE(d.record.done_on.has_value()) << d.record.rule_code;
  EXPECT_EQ(Leaves(fmt::format("case:{}", id)).size(), 11u);

  // The decision's PDF: party, amount in words, basis; the CJK font embedded.
  std::string decision_pdf;
  for (const auto& d : v->documents) {
    if (d.row.type == "penalty_decision") {
      auto pdf = cases_->Pdf(d.row.id, "");
      ASSERT_TRUE(pdf.ok());
      decision_pdf = *pdf;
    }
  }
  const std::string text = PdfText(decision_pdf);
  EXPECT_NE(text.find("郑州测试物业有限公司"), std::string::npos) << text;
  EXPECT_NE(text.find("贰万元整"), std::string::npos) << text;
  EXPECT_NE(text.find("《住房公积金管理条例》第三十七条"), std::string::npos) << text;
  EXPECT_NE(text.find("郑公积金罚决〔2026〕1号"), std::string::npos) << text;
  // Rendering the same issued document again gives the stored bytes.
  auto again = cases_->Pdf(v->documents.back().row.id, "");
  ASSERT_TRUE(again.ok());
}

TEST_P(CaseServiceTest, RefusalsLeaveNothingHalfDone) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  // 第42条: 李强's certificate has expired, so only one officer is valid.
  auto c = cases_->Create(Input({"张伟", "李强"}), who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::int64_t id = c->row.id;
  const std::int64_t filing = Signed(id, "filing_approval");
  auto one = Step(id, CaseAction::kFile, "demo.officer", filing);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().field(), "officers");
  EXPECT_NE(one.status().message().find("第42条"), std::string::npos);
  EXPECT_NE(one.status().message().find("李强 执法证已过期"), std::string::npos);
  // Nothing applied: still a lead, the document still a draft, no number taken, no deadline.
  auto now = cases_->Get(id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->row.stage, "lead");
  EXPECT_EQ(now->row.version, c->row.version);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM documents WHERE number IS NOT NULL"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM number_sequences WHERE kind = 'filing_approval'"), 0);
  EXPECT_EQ(Count(fmt::format("SELECT COUNT(*) FROM deadlines WHERE object = 'case:{}'", id)), 0);

  // Stale version: a clear conflict naming both versions.
  auto fixed = cases_->SetOfficers(
      id, now->row.version, {officers_.at("张伟"), officers_.at("陈静")}, who_["demo.officer"]);
  ASSERT_TRUE(fixed.ok()) << fixed.status().message();
  StepRequest stale;
  stale.version = now->row.version;  // before SetOfficers
  stale.action = CaseAction::kFile;
  stale.document_id = filing;
  auto conflict = cases_->Step(id, stale, who_["demo.officer"], "");
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), Code::kConflict);
  EXPECT_NE(conflict.status().message().find("已被他人修改"), std::string::npos);

  // An unsigned (or re-edited) document cannot be issued by the step.
  auto doc = cases_->Document(filing);
  ASSERT_TRUE(doc.ok());
  auto revised = cases_->Revise(filing, doc->row.version, RequiredInputs("filing_approval"),
                                who_["demo.officer"]);
  ASSERT_TRUE(revised.ok()) << revised.status().message();
  EXPECT_EQ(revised->missing.size(), 2u);  // a new version clears the sign-offs
  auto unsigned_doc = Step(id, CaseAction::kFile, "demo.officer", filing);
  ASSERT_FALSE(unsigned_doc.ok());
  EXPECT_EQ(unsigned_doc.status().field(), "documentId");
  EXPECT_NE(unsigned_doc.status().message().find("尚未经"), std::string::npos);

  // The wrong role: an officer cannot decide (第57条: the agency's head).
  const std::int64_t reviewed = Reviewed(20'000);
  auto wrong = Step(reviewed, CaseAction::kDecide, "demo.officer");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), Code::kPermission);

  // A pending recusal stops decisive steps (第43条); approving it leaves one officer (第42条).
  auto rec = cases_->DeclareRecusal(reviewed, officers_.at("陈静"), "party", "当事人称其为亲属",
                                    who_["demo.officer"]);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  auto blocked =
      Step(reviewed, CaseAction::kNotify, "demo.officer", Signed(reviewed, "penalty_notice"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("第43条"), std::string::npos);
  auto officer_decides =
      cases_->DecideRecusal(rec->recusals.back().row.id, true, "", who_["demo.officer"]);
  EXPECT_EQ(officer_decides.status().code(), Code::kPermission);
  auto decided =
      cases_->DecideRecusal(rec->recusals.back().row.id, true, "经审查属实", who_["demo.leader"]);
  ASSERT_TRUE(decided.ok()) << decided.status().message();
  std::int64_t notice = 0;
  for (const auto& d : decided->documents) {
    if (d.row.type == "penalty_notice") notice = d.row.id;
  }
  auto alone = Step(reviewed, CaseAction::kNotify, "demo.officer", notice);
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.status().message().find("第42条"), std::string::npos);
  auto replaced = cases_->SetOfficers(
      reviewed, decided->row.version,
      {officers_.at("张伟"), officers_.at("陈静"), officers_.at("王芳")}, who_["demo.officer"]);
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  auto notified = Step(reviewed, CaseAction::kNotify, "demo.officer", notice);
  ASSERT_TRUE(notified.ok()) << notified.status().message();

  // 第45条: the decision may not be heavier than the notice.
  StepRequest heavier;
  heavier.outcome = domain::Outcome::kPenalty;
  heavier.fine = 25'000;
  auto heavy = Step(reviewed, CaseAction::kDecide, "demo.leader",
                    Signed(reviewed, "penalty_decision"), heavier);
  ASSERT_FALSE(heavy.ok());
  EXPECT_EQ(heavy.status().field(), "fine");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM documents WHERE type = 'penalty_decision' AND number IS "
                  "NOT NULL"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM disclosures"), 0);  // nor a disclosure draft
}

// 第63、64条: a 50,000-yuan fine on a unit carries the right to a hearing; the request period
// (5 working days) is a deadline, and no decision comes before it ends unless the party waives.
TEST_P(CaseServiceTest, HearingRightsAtTheHenanThreshold) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = Reviewed(50'000);
  auto v = Step(id, CaseAction::kNotify, "demo.officer", Signed(id, "penalty_notice"));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(v->flow.hearing_offered);
  ASSERT_TRUE(v->flow.hearing_request_due.has_value());
  bool opened = false;
  for (const auto& d : v->deadlines) opened |= d.record.rule_code == "hearing.request";
  EXPECT_TRUE(opened);
  const std::int64_t decision = Signed(id, "penalty_decision");
  auto early = Step(id, CaseAction::kDecide, "demo.leader", decision);
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.status().message().find("第64条"), std::string::npos);
  StepRequest waived;
  waived.hearing_waived = true;
  auto ok = Step(id, CaseAction::kDecide, "demo.leader", decision, waived);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
}

TEST_P(CaseServiceTest, BadInputIsRefusedWithTheField) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  CaseInput bad = Input();
  bad.party.id_number = "91410103MA46U7EF5";  // 17 characters
  EXPECT_EQ(cases_->Create(bad, who_["demo.officer"]).status().field(), "party.idNumber");
  bad = Input();
  bad.power_item_id = 999'999;
  EXPECT_EQ(cases_->Create(bad, who_["demo.officer"]).status().field(), "powerItemId");
  bad = Input();
  bad.officer_ids.push_back(bad.officer_ids.front());
  EXPECT_EQ(cases_->Create(bad, who_["demo.officer"]).status().field(), "officerIds");
  bad = Input();
  bad.cause = "";
  EXPECT_EQ(cases_->Create(bad, who_["demo.officer"]).status().field(), "cause");
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(cases_->Draft(c->row.id, "no_such_form", {}, who_["demo.officer"]).status().field(),
            "type");
  EXPECT_EQ(cases_->Draft(c->row.id, "inquiry_record", {{"unknown", "x"}}, who_["demo.officer"])
                .status()
                .field(),
            "inputs.unknown");
  // A document a step issues cannot be issued on its own.
  const std::int64_t filing = Signed(c->row.id, "filing_approval");
  EXPECT_EQ(cases_->Issue(filing, who_["demo.officer"], "").status().code(), Code::kConflict);
  // One issued on its own: numbered, and then not editable.
  const std::int64_t inquiry = Signed(c->row.id, "inquiry_record");
  auto issued = cases_->Issue(inquiry, who_["demo.officer"], "");
  ASSERT_TRUE(issued.ok()) << issued.status().message();
  EXPECT_EQ(issued->row.number, "郑公积金询〔2026〕1号");
  EXPECT_EQ(cases_->Revise(inquiry, issued->row.version, {}, who_["demo.officer"]).status().code(),
            Code::kConflict);
  // The dossier of the party lists the case with its documents.
  auto list = cases_->List({std::nullopt, std::nullopt, "", std::string("91410103MA46U7EF5G")});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

// 第51条: on the spot, at most 3,000 yuan for a unit, under an item with a small fine.
TEST_P(CaseServiceTest, SummaryProcedureCaps) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  domain::NewPowerItem small;
  small.code = "TEST-SMALL";
  small.name = "测试用小额罚款事项";
  small.basis = "测试依据";
  small.duties = "测试责任";
  small.time_limit = "当场";
  small.fine = domain::FineRange{100, 5'000};
  auto item = cases_->CreatePowerItem(who_["demo.officer"].agency_id, small, 0);
  ASSERT_TRUE(item.ok()) << item.status().message();
  CaseInput in = Input();
  in.power_item_id = item->id;
  in.procedure = domain::Procedure::kSummary;
  auto c = cases_->Create(in, who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  StepRequest over;
  over.fine = 3'001;
  auto refused = Step(c->row.id, CaseAction::kDecideOnSpot, "demo.officer",
                      Signed(c->row.id, "on_spot_decision"), over);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "fine");
  StepRequest ok;
  ok.fine = 3'000;
  ok.no_recording_reason = "当事人到本中心服务大厅接受处理,未在现场执法";
  auto v = Step(c->row.id, CaseAction::kDecideOnSpot, "demo.officer",
                Signed(c->row.id, "on_spot_decision"), ok);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->row.stage, "served");
  EXPECT_TRUE(v->flow.payment_due.has_value());
}

// RULES.md §2: 音像记录 as circumstances require (调查取证: a recording or a recorded reason) and
// for the whole process (查封扣押: no step without one, and only under a power that grants it).
TEST_P(CaseServiceTest, RecordingDutiesOfTheSteps) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  EvidenceService evidence(*db, clock_, *blobs_);
  auto record = [&](std::int64_t case_id, const char* step) {
    const std::string wav = ::sx::testing::Wav(4000);
    NewUpload u;
    u.case_id = case_id;
    u.filename = "现场录音.wav";
    u.size = static_cast<std::int64_t>(wav.size());
    u.declared_type = "audio/wav";
    u.step = step;
    auto up = evidence.CreateUpload(u, who_["demo.officer"]);
    EXPECT_TRUE(up.ok()) << up.status().message();
    auto done = evidence.Append(up->id, 0, wav, who_["demo.officer"]);
    EXPECT_TRUE(done.ok()) << done.status().message();
    return done.ok() && done->evidence ? done->evidence->id : 0;
  };

  // 调查终结 without a recording and without a reason: refused, nothing recorded.
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::int64_t id = c->row.id;
  ASSERT_TRUE(Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval")).ok());
  StepRequest proposal;
  proposal.outcome = domain::Outcome::kPenalty;
  proposal.fine = 20'000;
  const std::int64_t report = Signed(id, "investigation_report");
  auto refused = Step(id, CaseAction::kFinishInvestigation, "demo.officer", report, proposal);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "noRecordingReason");
  EXPECT_NE(refused.status().message().find("调查取证"), std::string::npos);
  auto before = cases_->Get(id);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->row.stage, "investigation");
  // The probe tells the workbench the duty before a form is filled in.
  bool probed = false;
  for (const auto& a : before->actions) {
    if (a.rule->action != CaseAction::kFinishInvestigation) continue;
    probed = true;
    EXPECT_EQ(a.recording.duty, domain::RecordingDuty::kAsRequired);
    EXPECT_EQ(a.recordings, 0);
  }
  EXPECT_TRUE(probed);
  // A recording of the investigation: no reason needed, and the step names it.
  const std::int64_t rec = record(id, "investigation");
  ASSERT_GT(rec, 0);
  auto v = Step(id, CaseAction::kFinishInvestigation, "demo.officer", report, proposal);
  ASSERT_TRUE(v.ok()) << v.status().message();
  const auto& finish = v->events.back().row;
  EXPECT_EQ(finish.action, "finish_investigation");
  auto data = boost::json::parse(finish.data).as_object();
  EXPECT_EQ(data.at("recording").at("evidence").as_array(), boost::json::array{rec});
  EXPECT_FALSE(data.contains("noRecordingReason"));

  // 查封扣押 under a power that does not grant it (第37条, a fine): refused.
  auto c2 = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c2.ok());
  ASSERT_TRUE(
      Step(c2->row.id, CaseAction::kFile, "demo.officer", Signed(c2->row.id, "filing_approval"))
          .ok());
  auto unauthorised =
      Step(c2->row.id, CaseAction::kSeize, "demo.officer", Signed(c2->row.id, "seizure_decision"));
  ASSERT_FALSE(unauthorised.ok());
  EXPECT_EQ(unauthorised.status().code(), Code::kConflict);
  EXPECT_NE(unauthorised.status().message().find("行政强制法 第10、17条"), std::string::npos);

  // Under a power whose basis grants 查封、扣押: only with a recording of the whole process.
  domain::NewPowerItem seize;
  seize.code = "TEST-QZ-SEIZE";
  seize.category = domain::PowerCategory::kCoercion;
  seize.name = "对违法财物的查封、扣押";
  seize.basis = "《测试条例》第十条:有证据证明违法的,可以查封、扣押有关场所、设施或者财物。";
  seize.duties = "实施责任";
  seize.time_limit = "30日";
  auto item = cases_->CreatePowerItem(who_["demo.officer"].agency_id, seize, 0);
  ASSERT_TRUE(item.ok()) << item.status().message();
  CaseInput in = Input();
  in.power_item_id = item->id;
  auto c3 = cases_->Create(in, who_["demo.officer"]);
  ASSERT_TRUE(c3.ok()) << c3.status().message();
  const std::int64_t id3 = c3->row.id;
  ASSERT_TRUE(Step(id3, CaseAction::kFile, "demo.officer", Signed(id3, "filing_approval")).ok());
  const std::int64_t decision = Signed(id3, "seizure_decision");
  StepRequest excuse;
  excuse.no_recording_reason = "执法记录仪电量不足,未能录像";
  auto missing = Step(id3, CaseAction::kSeize, "demo.officer", decision, excuse);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "recording");  // a reason does not replace it
  EXPECT_NE(missing.status().message().find("全程音像记录"), std::string::npos);
  // A recording of another scene does not count.
  ASSERT_GT(record(id3, "investigation"), 0);
  EXPECT_FALSE(Step(id3, CaseAction::kSeize, "demo.officer", decision).ok());
  ASSERT_GT(record(id3, "seize"), 0);
  auto seized = Step(id3, CaseAction::kSeize, "demo.officer", decision);
  ASSERT_TRUE(seized.ok()) << seized.status().message();
  EXPECT_EQ(seized->row.stage, "investigation");
  EXPECT_EQ(seized->events.back().row.action, "seize");
}

// 第60条: the 90-day limit extended only with a leader's approval, in one transaction with the
// case's timeline.
TEST_P(CaseServiceTest, TheDecisionLimitIsExtendedByALeader) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok());
  const std::int64_t id = c->row.id;
  EXPECT_EQ(cases_->Extend(id, 15, "案情复杂需补充调查", who_["demo.leader"]).status().code(),
            Code::kConflict);  // not filed: no limit running yet
  auto filed = Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval"));
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  const domain::Date before = filed->decision_due->record.due_date;
  EXPECT_EQ(cases_->Extend(id, 15, "案情复杂需补充调查", who_["demo.officer"]).status().code(),
            Code::kPermission);
  auto v = cases_->Extend(id, 15, "案情复杂,需调取当事人工资发放记录", who_["demo.leader"]);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_GT(v->decision_due->record.due_date, before);
  EXPECT_EQ(v->decision_due->record.extended_days, 15);
  EXPECT_EQ(v->events.back().row.action, "extend");
}

// 第58条 and 回避: a reviewer who handled the case (here: drafted one of its documents) is never
// assigned it; with no other eligible reviewer the submission is refused naming why, nothing is
// submitted, and the refusal is on record with its ledger leaf.
TEST_P(CaseServiceTest, AReviewerWhoHandledTheCaseIsNeverAssignedIt) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::int64_t id = c->row.id;
  ASSERT_TRUE(Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval")).ok());
  // The reviewer also works cases, and drafts this one's 询问笔录.
  Principal reviewer = who_["demo.reviewer"];
  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> Status {
                  auto r = tx.Query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'officer')",
                                    {reviewer.user_id});
                  return r.ok() ? Status::Ok() : r.status();
                }).ok());
  reviewer.roles.push_back(Role::kOfficer);
  auto drafted = cases_->Draft(id, "inquiry_record", RequiredInputs("inquiry_record"), reviewer);
  ASSERT_TRUE(drafted.ok()) << drafted.status().message();
  ASSERT_TRUE(cases_->SignOff(drafted->row.id, Role::kOfficer, reviewer).ok());
  ASSERT_TRUE(cases_->Issue(drafted->row.id, reviewer, "https://zfgs.example.gov.cn").ok());
  StepRequest r;
  r.outcome = domain::Outcome::kPenalty;
  r.fine = 20'000;
  r.no_recording_reason = kNoRecording;
  ASSERT_TRUE(Step(id, CaseAction::kFinishInvestigation, "demo.officer",
                   Signed(id, "investigation_report"), r)
                  .ok());
  const auto refusals = Count("SELECT COUNT(*) FROM case_refusals");
  ReviewService review(*db, clock_, *cases_, nullptr);
  SubmitReview submit;
  submit.version = cases_->Get(id)->row.version;
  submit.vouched = true;
  submit.tier_reasoning = "成立 3 年未办理缴存登记";
  auto refused = review.Submit(id, submit, who_["demo.officer"], "https://zfgs.example.gov.cn");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_NE(refused.status().message().find("不得审核本人承办或者审批过的案件"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(cases_->Get(id)->row.stage, "investigated");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM review_submissions"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_refusals"), refusals + 1);
  EXPECT_EQ(Count(R"(SELECT COUNT(*) FROM ledger_pending WHERE entry LIKE '%"case.refused"%')"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, CaseServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return ::sx::testing::EngineName(info.param); });

}  // namespace
}  // namespace sx::services
