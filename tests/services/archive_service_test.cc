// The archived case file on SQLite and PostgreSQL: a case with its documents issued, closed and
// archived, integrated into the ledger, exported as a BagIt bag that passes all four checks of
// the 四性检测; a flipped byte fails 真实性 and a deleted document fails 完整性, each naming the
// file; an open case is refused.
#include "services/archive_service.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "archive/bagit.h"
#include "ledger/note.h"
#include "render/templates.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/evidence_service.h"
#include "services/ledger_service.h"
#include "store/migrations.h"
#include "store/officer_repository.h"
#include "services/review_helper.h"
#include "store/test_db.h"
#include "store/user_repository.h"
#include "test_wav.h"

namespace sx::services {
namespace {

namespace fs = std::filesystem;
using domain::CaseAction;
using domain::Role;
using ::sx::testing::Engine;

const TimePoint kNow{std::chrono::seconds(1797818400)};

using Inputs = std::map<std::string, std::string, std::less<>>;

ledger::NoteKeyPair Key(std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return *ledger::KeyFromSeed("test.sanxiang/ledger", seed);
}

bool Names(const CheckSection& s, std::string_view subject) {
  for (const auto& f : s.failed) {
    if (f.subject == subject) return true;
  }
  return false;
}

std::string Describe(const ArchiveReport& r) {
  std::string out;
  for (const auto* s : {&r.authenticity, &r.integrity, &r.usability, &r.security}) {
    for (const auto& f : s->failed)
      out += fmt::format("{} ✗ {}:{}\n", s->name, f.subject, f.message);
  }
  return out;
}

class ArchiveServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  // As in case_service_test.cc.
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
    auto blobs = store::BlobStore::Open(fs::path(tmp_.path()) / "blobs");
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    cases_ = std::make_unique<CaseService>(db, clock_, *calendar_, *deadlines_, *blobs_);
    auto items = cases_->PowerItems(who_["demo.officer"].agency_id);
    ASSERT_TRUE(items.ok());
    for (const auto& p : *items) {
      if (p.code == "GJJ-CF-037") art37_ = p.id;
    }
    ASSERT_GT(art37_, 0);
    auto ledger = LedgerService::Create(db, clock_, Key(1), {});
    ASSERT_TRUE(ledger.ok()) << ledger.status().message();
    ledger_ = std::move(*ledger);
  }

  CaseInput Input() {
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
    for (const char* n : {"张伟", "陈静"}) in.officer_ids.push_back(officers_.at(n));
    return in;
  }

  std::int64_t Signed(std::int64_t case_id, std::string_view type) {
    Inputs inputs;
    if (const auto* t = render::FindTemplate(type)) {
      for (const auto& i : t->inputs) {
        if (i.required) inputs[i.key] = fmt::format("{}(测试)", i.label);
      }
    }
    auto d = cases_->Draft(case_id, type, inputs, who_["demo.officer"]);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (!d.ok()) return 0;
    for (auto role : d->kind->sign) {
      auto s = cases_->SignOff(d->row.id, role, who_[UserFor(role)]);
      EXPECT_TRUE(s.ok()) << s.status().message();
    }
    return d->row.id;
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

  // A 第37条 case from lead to archive with eight documents, one issued on its own (询问笔录);
  // `recorded`: with an audio recording of the investigation instead of a reason for none.
  std::int64_t ArchivedCase(bool recorded = false) {
    auto c = cases_->Create(Input(), who_["demo.officer"]);
    EXPECT_TRUE(c.ok()) << c.status().message();
    const std::int64_t id = c->row.id;
    EXPECT_TRUE(Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval")).ok());
    auto inquiry = cases_->Issue(Signed(id, "inquiry_record"), who_["demo.officer"], "");
    EXPECT_TRUE(inquiry.ok()) << inquiry.status().message();
    StepRequest proposal;
    proposal.outcome = domain::Outcome::kPenalty;
    proposal.fine = 20'000;
    if (recorded) {
      EvidenceService evidence(*db_, clock_, *blobs_);
      const std::string wav = ::sx::testing::Wav(8000);
      NewUpload u;
      u.case_id = id;
      u.filename = "询问录音.wav";
      u.size = static_cast<std::int64_t>(wav.size());
      u.declared_type = "audio/wav";
      u.step = "investigation";
      u.description = "询问当事人的录音";
      auto up = evidence.CreateUpload(u, who_["demo.officer"]);
      EXPECT_TRUE(up.ok()) << up.status().message();
      auto done = evidence.Append(up->id, 0, wav, who_["demo.officer"]);
      EXPECT_TRUE(done.ok() && done->evidence) << done.status().message();
      if (done.ok() && done->evidence) evidence_id_ = done->evidence->id;
    } else {
      proposal.no_recording_reason = "调查以书面询问方式在本中心进行,未录音录像";
    }
    EXPECT_TRUE(Step(id, CaseAction::kFinishInvestigation, "demo.officer",
                     Signed(id, "investigation_report"), proposal)
                    .ok());
    auto reviewed = PassReview(*db_, *cases_, id, who_["demo.officer"], who_["demo.reviewer"]);
    EXPECT_TRUE(reviewed.ok()) << reviewed.status().message();
    EXPECT_TRUE(Step(id, CaseAction::kNotify, "demo.officer", Signed(id, "penalty_notice")).ok());
    EXPECT_TRUE(Step(id, CaseAction::kDecide, "demo.leader", Signed(id, "penalty_decision")).ok());
    StepRequest direct;
    direct.service_method = domain::ServiceMethod::kDirect;
    EXPECT_TRUE(
        Step(id, CaseAction::kServe, "demo.officer", Signed(id, "service_receipt"), direct).ok());
    EXPECT_TRUE(Step(id, CaseAction::kPay, "demo.officer").ok());
    EXPECT_TRUE(Step(id, CaseAction::kClose, "demo.officer", Signed(id, "closing_approval")).ok());
    auto v = Step(id, CaseAction::kArchive, "demo.unithead");
    EXPECT_TRUE(v.ok()) << v.status().message();
    return id;
  }

  void Integrate() {
    auto n = ledger_->Integrate();
    ASSERT_TRUE(n.ok()) << n.status().message();
  }

  FakeClock clock_{kNow};
  store::Database* db_ = nullptr;
  ::sx::testing::TempDir tmp_;
  std::map<std::string, Principal, std::less<>> who_;
  std::map<std::string, std::int64_t, std::less<>> officers_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<LedgerService> ledger_;
  std::int64_t art37_ = 0;
  std::int64_t evidence_id_ = 0;
};

TEST_P(ArchiveServiceTest, AnArchivedCaseFilePassesTheFourChecks) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = ArchivedCase();
  Integrate();
  const fs::path bag = fs::path(tmp_.path()) / "bag";
  auto exported = ExportCaseBag(*db, *blobs_, *ledger_, clock_, id, bag);
  ASSERT_TRUE(exported.ok()) << exported.status().message();
  EXPECT_EQ(exported->items, 8);
  EXPECT_EQ(exported->case_number, "郑公积金案〔2026〕1号");

  // The standard order (RULES.md §2), numbered without gaps.
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(bag / "data/documents"))
    files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files,
            (std::vector<std::string>{"01-filing_approval.pdf", "02-investigation_report.pdf",
                                      "03-penalty_notice.pdf", "04-penalty_decision.pdf",
                                      "05-service_receipt.pdf", "06-inquiry_record.pdf",
                                      "07-legal_review_opinion.pdf", "08-closing_approval.pdf"}));
  EXPECT_TRUE(archive::VerifyBag(bag).ok());
  std::stringstream meta;
  meta << std::ifstream(bag / "data/metadata.json").rdbuf();
  EXPECT_EQ(meta.str().find("\"pages\":null"), std::string::npos);  // every PDF's pages counted
  EXPECT_NE(meta.str().find("\"number\":\"郑公积金罚决〔2026〕1号\""), std::string::npos);

  auto report = CheckArchive(bag, ledger_->VerifierKey());
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->items, 8);
  EXPECT_EQ(report->case_number, "郑公积金案〔2026〕1号");
  EXPECT_FALSE(report->authenticity.passed.empty());
  EXPECT_FALSE(report->integrity.passed.empty());
  EXPECT_FALSE(report->usability.passed.empty());
  EXPECT_FALSE(report->security.passed.empty());

  // ClamAV, when installed, scans the payload; what it reports is a 安全性 failure naming the file.
  const fs::path scanner = fs::path(tmp_.path()) / "clamscan";
  {
    std::ofstream(scanner) << "#!/bin/sh\necho \"" << (bag / "data/metadata.json").string()
                           << ": Eicar-Test-Signature FOUND\"\nexit 1\n";
  }
  fs::permissions(scanner, fs::perms::owner_all);
  CheckOptions with_clam;
  with_clam.clamscan = scanner.string();
  auto scanned = CheckArchive(bag, ledger_->VerifierKey(), with_clam);
  ASSERT_TRUE(scanned.ok());
  EXPECT_TRUE(Names(scanned->security, "data/metadata.json")) << Describe(*scanned);

  // A checkpoint signed by another key is not trusted.
  auto other = CheckArchive(bag, Key(2).verifier_key);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(Names(other->authenticity, "data/checkpoint.txt")) << Describe(*other);
  EXPECT_FALSE(CheckArchive(bag, "not a key").ok());

  // A flipped byte in one PDF: 真实性 fails, naming it.
  const fs::path copy = fs::path(tmp_.path()) / "copy";
  fs::copy(bag, copy, fs::copy_options::recursive);
  {
    const fs::path pdf = bag / "data/documents/04-penalty_decision.pdf";
    std::fstream f(pdf, std::ios::binary | std::ios::in | std::ios::out);
    f.seekg(200);
    char ch = 0;
    f.read(&ch, 1);
    f.seekp(200);
    ch = static_cast<char>(ch ^ 0x20);
    f.write(&ch, 1);
  }
  auto flipped = CheckArchive(bag, ledger_->VerifierKey());
  ASSERT_TRUE(flipped.ok());
  EXPECT_FALSE(flipped->authenticity.ok());
  EXPECT_TRUE(Names(flipped->authenticity, "data/documents/04-penalty_decision.pdf"))
      << Describe(*flipped);
  EXPECT_TRUE(flipped->integrity.ok()) << Describe(*flipped);

  // A deleted PDF: 完整性 fails, naming it.
  fs::remove(copy / "data/documents/02-investigation_report.pdf");
  auto deleted = CheckArchive(copy, ledger_->VerifierKey());
  ASSERT_TRUE(deleted.ok());
  EXPECT_FALSE(deleted->integrity.ok());
  EXPECT_TRUE(Names(deleted->integrity, "data/documents/02-investigation_report.pdf"))
      << Describe(*deleted);

  // An executable slipped in: 安全性 fails, naming it.
  {
    std::ofstream(copy / "data/documents/09-run.pdf", std::ios::binary) << "\x7f"
                                                                           "ELF....";
  }
  auto foreign = CheckArchive(copy, ledger_->VerifierKey());
  ASSERT_TRUE(foreign.ok());
  EXPECT_TRUE(Names(foreign->security, "data/documents/09-run.pdf")) << Describe(*foreign);
}

// Section ③ holds the evidence with its ledger proof; the step's recording is found in the file;
// a changed or missing recording fails, naming it and the step that rests on it.
TEST_P(ArchiveServiceTest, TheRecordingsAreFiledWithTheirProofs) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = ArchivedCase(/*recorded=*/true);
  ASSERT_GT(evidence_id_, 0);
  Integrate();
  const fs::path bag = fs::path(tmp_.path()) / "bag";
  auto exported = ExportCaseBag(*db, *blobs_, *ledger_, clock_, id, bag);
  ASSERT_TRUE(exported.ok()) << exported.status().message();
  EXPECT_EQ(exported->items, 9);
  const std::string wav = fmt::format("data/evidence/07-{}.wav", evidence_id_);
  ASSERT_TRUE(fs::exists(bag / wav));
  EXPECT_EQ(fs::file_size(bag / wav), ::sx::testing::Wav(8000).size());
  auto report = CheckArchive(bag, ledger_->VerifierKey());
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  bool proven = false;
  for (const auto& p : report->authenticity.passed) proven |= p.subject == wav;
  EXPECT_TRUE(proven) << "the recording's ledger proof was not checked";

  // Nothing is added to a closed file, and it is kept for the retention period.
  auto archived = cases_->Get(id);
  ASSERT_TRUE(archived.ok());
  ASSERT_TRUE(archived->flow.archived_on && archived->flow.retain_until);
  EXPECT_EQ(archived->flow.retain_until->year(),
            archived->flow.archived_on->year() + std::chrono::years(kCaseFileRetentionYears));
  auto draft = cases_->Draft(id, "inquiry_record", {}, who_["demo.officer"]);
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.status().code(), Code::kConflict);
  EXPECT_NE(draft.status().message().find("案卷只读"), std::string::npos);
  EvidenceService evidence(*db, clock_, *blobs_);
  NewUpload late;
  late.case_id = id;
  late.filename = "补充.wav";
  late.size = 100;
  late.declared_type = "audio/wav";
  auto refused = evidence.CreateUpload(late, who_["demo.officer"]);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kConflict);

  // A changed recording: 真实性 names it.
  const fs::path copy = fs::path(tmp_.path()) / "copy";
  fs::copy(bag, copy, fs::copy_options::recursive);
  {
    std::fstream f(bag / wav, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(100);
    f.write("X", 1);
  }
  auto changed = CheckArchive(bag, ledger_->VerifierKey());
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(Names(changed->authenticity, wav)) << Describe(*changed);
  // A missing recording: 完整性 names the file and the step that rests on it.
  fs::remove(copy / wav);
  auto missing = CheckArchive(copy, ledger_->VerifierKey());
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(Names(missing->integrity, wav)) << Describe(*missing);
  bool step_named = false;
  for (const auto& f : missing->integrity.failed) {
    step_named |= f.subject.find("调查终结") != std::string::npos;
  }
  EXPECT_TRUE(step_named) << Describe(*missing);
}

// The file over HTTP's service: a report without writing anything the caller keeps, a tar with
// the whole bag, and each evidence file's chain of custody records the export.
TEST_P(ArchiveServiceTest, TheServiceChecksAndTarsTheFile) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = ArchivedCase(/*recorded=*/true);
  ArchiveService archive(*db, *blobs_, *ledger_, clock_);  // integrates pending leaves itself
  auto report = archive.Check(id, who_["demo.leader"].user_id, "127.0.0.1");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->items, 9);
  auto tar = archive.BagTar(id, who_["demo.leader"].user_id, "127.0.0.1");
  ASSERT_TRUE(tar.ok()) << tar.status().message();
  EXPECT_EQ(tar->filename, "郑公积金案〔2026〕1号.tar");
  EXPECT_EQ(static_cast<std::int64_t>(fs::file_size(tar->path)), tar->size);
  // The tar unpacks into a bag that verifies.
  const fs::path out = fs::path(tmp_.path()) / "untar";
  fs::create_directories(out);
  ASSERT_EQ(
      std::system(fmt::format("tar -xf '{}' -C '{}'", tar->path.string(), out.string()).c_str()),
      0);
  const fs::path unpacked = out / fmt::format("case-{}", id);
  EXPECT_TRUE(archive::VerifyBag(unpacked).ok());
  auto again = CheckArchive(unpacked, ledger_->VerifierKey());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->ok()) << Describe(*again);
  EvidenceService evidence(*db, clock_, *blobs_);
  auto custody = evidence.Custody(evidence_id_);
  ASSERT_TRUE(custody.ok());
  ASSERT_EQ(custody->size(), 2u);
  EXPECT_EQ(custody->at(0).action, "export");
  EXPECT_EQ(custody->at(1).remote, "127.0.0.1");
  // An open case is refused with the reason.
  auto open = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(open.ok());
  auto refused = archive.BagTar(open->row.id, who_["demo.leader"].user_id, "127.0.0.1");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("尚未结案"), std::string::npos);
}

TEST_P(ArchiveServiceTest, AnOpenCaseOrAnUnsequencedLedgerIsRefused) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  Integrate();  // a checkpoint exists, but not yet with the case's leaves
  auto c = cases_->Create(Input(), who_["demo.officer"]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::int64_t id = c->row.id;
  ASSERT_TRUE(Step(id, CaseAction::kFile, "demo.officer", Signed(id, "filing_approval")).ok());
  auto open = ExportCaseBag(*db, *blobs_, *ledger_, clock_, id, fs::path(tmp_.path()) / "a");
  EXPECT_EQ(open.status().code(), Code::kConflict);
  ExportOptions preview;
  preview.allow_open = true;
  // The filing approval is not yet in a checkpoint.
  auto pending =
      ExportCaseBag(*db, *blobs_, *ledger_, clock_, id, fs::path(tmp_.path()) / "b", preview);
  EXPECT_EQ(pending.status().code(), Code::kConflict);
  Integrate();
  auto ok = ExportCaseBag(*db, *blobs_, *ledger_, clock_, id, fs::path(tmp_.path()) / "c", preview);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->items, 1);
  auto report = CheckArchive(fs::path(tmp_.path()) / "c", ledger_->VerifierKey());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(ExportCaseBag(*db, *blobs_, *ledger_, clock_, 999999, fs::path(tmp_.path()) / "d")
                .status()
                .code(),
            Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, ArchiveServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return ::sx::testing::EngineName(info.param); });

}  // namespace
}  // namespace sx::services
