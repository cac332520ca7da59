#include "services/demo.h"

#include "services/agency_service.h"
#include "services/deadline_service.h"
#include "services/people_service.h"

#include <map>

#include <fmt/format.h>

#include "domain/agency.h"
#include "domain/officer.h"
#include "domain/power.h"
#include "services/case_service.h"
#include "store/agency_repository.h"
#include "store/officer_repository.h"
#include "store/user_repository.h"

namespace sx::services {

namespace {

domain::NewAgency Center() {
  domain::NewAgency a;
  a.code = "zzgjj";
  a.name = "郑州住房公积金管理中心";
  // 住房公积金管理条例 第37、38条 give the 管理中心 its penalty and enforcement powers: an
  // organisation authorised by a regulation (行政处罚法 第19条).
  a.standing = domain::Standing::kAuthorized;
  a.legal_basis =
      "《住房公积金管理条例》(国务院令第350号,2019年修订)"
      "第三十七条、第三十八条授权住房公积金管理中心"
      "对单位不办理住房公积金缴存登记或者不为本单位职工办理住房公积金账户设立手续、逾期不缴或者少缴"
      "住房公积金的行为责令限期办理、处以罚款、申请人民法院强制执行。";
  a.departments = {"监察执法处", "归集管理处", "政策法规处", "办公室"};
  a.leaders = {{"陈建国", "主任"}, {"马晓红", "副主任"}, {"孙立新", "副主任"}};  // invented names
  return a;
}

// The city's justice bureau, which supervises enforcement across agencies (行政执法监督).
domain::NewAgency Bureau() {
  domain::NewAgency a;
  a.code = "zzsfj";
  a.name = "郑州市司法局";
  a.standing = domain::Standing::kStatutory;
  a.legal_basis =
      "《法治政府建设实施纲要(2021-2025年)"
      "》与《国务院办公厅关于全面推行行政执法公示制度执法全过程记录"
      "制度重大执法决定法制审核制度的指导意见》(国办发〔2018〕118号):司法行政部门负责本级行政执法"
      "监督,组织、协调、指导三项制度的推行。";
  a.departments = {"行政执法协调监督科"};
  a.kind = domain::AgencyKind::kSupervisor;
  return a;
}

struct DemoOfficer {
  const char* department;
  const char* name;  // invented, common-looking names
  const char* title;
  int issued;   // days from today
  int expires;  // days from today
  domain::CertificateStatus status = domain::CertificateStatus::kValid;
  const char* qualification = "";  // 法律职业资格证书编号 (reviewers only)
};

// Certificates dated relative to today, so the dashboard has something to warn about: one
// expiring within 60 days, one expired, one suspended (暂扣).
constexpr DemoOfficer kOfficers[] = {
    {"监察执法处", "张伟", "处长", -900, 925},
    {"监察执法处", "王芳", "副处长", -1800, 30},
    {"监察执法处", "李强", "科员", -1830, -10},
    {"监察执法处", "刘洋", "科员", -400, 1425, domain::CertificateStatus::kSuspended},
    {"监察执法处", "陈静", "科员", -200, 1625},
    {"归集管理处", "杨帆", "处长", -700, 1125},
    {"归集管理处", "赵磊", "科员", -500, 1325},
    {"归集管理处", "黄丽", "科员", -300, 1525},
    {"政策法规处", "周敏", "处长", -600, 1225, domain::CertificateStatus::kValid,
     "A20184101000321"},
    {"政策法规处", "吴刚", "科员", -650, 1175},
};

Status Insert(store::Tx& tx, store::AgencyRepository& repo, const Clock& clock) {
  const std::string now = FormatUtc(clock.Now());
  auto agency = repo.Insert(tx, Center(), now);
  if (!agency.ok()) return agency.status();
  SX_RETURN_IF_ERROR(RecordAgency(tx, "agency.created", *agency, 0, now));
  auto bureau = repo.Insert(tx, Bureau(), now);
  if (!bureau.ok()) return bureau.status();
  SX_RETURN_IF_ERROR(RecordAgency(tx, "agency.created", *bureau, 0, now));
  const domain::Date today = domain::ShanghaiDate(clock.Now());
  auto officers = store::MakeOfficerRepository();
  std::vector<std::int64_t> ids;
  int serial = 0;
  for (const auto& d : kOfficers) {
    domain::NewOfficer o;
    for (const auto& dep : agency->departments) {
      if (dep.name == d.department) o.department_id = dep.id;
    }
    o.name = d.name;
    o.title = d.title;
    o.certificate = {fmt::format("ZZGJJ-2023-{:03d}", ++serial), "郑州市人民政府",
                     domain::AddDays(today, d.issued), domain::AddDays(today, d.expires), d.status};
    o.category = "住房公积金行政执法";
    o.area = "郑州市";
    o.legal_reviewer = std::string_view(d.department) == "政策法规处";
    o.legal_qualification_number = d.qualification;
    o.first_time_reviewer = !o.legal_qualification_number.empty();
    auto inserted = officers->Insert(tx, agency->id, o, now);
    if (!inserted.ok()) return inserted.status();
    SX_RETURN_IF_ERROR(RecordOfficer(tx, "officer.created", *inserted, 0, now));
    ids.push_back(inserted->id);
  }
  const domain::NewTraining trainings[] = {
      {domain::TrainingKind::kInService, domain::AddDays(today, -100), 24, true},
      {domain::TrainingKind::kInduction, domain::AddDays(today, -210), 40, true},
      {domain::TrainingKind::kInduction, domain::AddDays(today, -610), 40, true},
  };
  const std::int64_t trained[] = {ids[0], ids[4], ids[8]};  // 张伟, 陈静, 周敏
  for (std::size_t i = 0; i < std::size(trainings); ++i) {
    auto added = officers->AddTraining(tx, trained[i], trainings[i], now);
    if (!added.ok()) return added.status();
    SX_RETURN_IF_ERROR(RecordTraining(tx, *added, agency->id, 0, now));
  }
  for (const auto& item : domain::DemoPowerItems()) {
    auto added = InsertPowerItem(tx, agency->id, item, 0, now);
    if (!added.ok()) return added.status();
  }
  return Status::Ok();
}

}  // namespace

Status LoadDemoDeadlines(store::Database& db, const Clock& clock, CalendarService& calendar) {
  std::map<std::string, std::int64_t, std::less<>> users;
  std::int64_t agency_id = 0;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto agency = store::MakeAgencyRepository()->GetByCode(tx, "zzgjj");
    if (!agency.ok()) return agency.status();
    agency_id = agency->id;
    auto repo = store::MakeUserRepository();
    for (const char* name : {"demo.officer", "demo.unithead", "demo.reviewer", "demo.leader"}) {
      auto u = repo->FindByUsername(tx, name);
      if (!u.ok()) return u.status();
      users[name] = u->id;
    }
    return Status::Ok();
  }));
  DeadlineService deadlines(db, clock, calendar);
  auto cal = calendar.Current();
  const domain::Date today = deadlines.Today();
  // The start that makes a working-day period of `n` end `offset` working days from today.
  auto working_start = [&](int n, int offset) {
    auto due = cal->AddWorkingDays(today, offset);
    if (!due.ok()) return today;
    auto start = cal->AddWorkingDays(due->date, -n);
    return start.ok() ? start->date : today;
  };
  // The 90-day case deadline runs into the first year without a published schedule.
  const int provisional_year = calendar.ProvisionalFrom();
  const domain::Date into_provisional = domain::AddDays(
      domain::Date{std::chrono::year(provisional_year), std::chrono::January, std::chrono::day(1)},
      -80);
  struct Spec {
    const char* rule;
    std::string subject;
    std::string object;
    domain::Date start;
    const char* assignee;
    std::optional<int> done_after = std::nullopt;  // days after the start
  };
  const Spec specs[] = {
      {"case.decision", "案件 郑公积金罚〔2026〕12号 办理期限", "legacy-case:12",
       domain::AddDays(today, -20), "demo.officer"},
      {"publish.penalty", "行政处罚决定书 郑公积金罚决〔2026〕8号 公示", "legacy-case:8",
       working_start(7, 1), "demo.officer"},
      {"hearing.request", "案件 郑公积金罚〔2026〕10号 听证申请期限", "legacy-case:10",
       working_start(5, 2), "demo.officer"},
      {"service.decision", "行政处罚决定书 郑公积金罚决〔2026〕6号 送达", "legacy-case:6",
       working_start(7, -3), "demo.officer"},
      {"fine.payment", "案件 郑公积金罚〔2026〕5号 罚款缴纳期限", "legacy-case:5",
       domain::AddDays(today, -25), "demo.unithead"},
      {"publish.result", "执法结果信息 郑公积金罚决〔2026〕4号 公示", "legacy-case:4",
       domain::AddDays(today, -30), "demo.officer", 3},
      {"legal_review", "案件 郑公积金罚〔2026〕3号 法制审核", "legacy-case:3",
       domain::AddDays(today, -45), "demo.reviewer", 25},
      {"case.decision", "案件 郑公积金罚〔2026〕15号 办理期限", "legacy-case:15",
       std::max(domain::AddDays(today, -10), into_provisional), "demo.officer"},
  };
  std::int64_t first_case = 0;
  for (const auto& s : specs) {
    auto opened =
        deadlines.Open({agency_id, s.rule, s.subject, s.object, s.start, users[s.assignee]},
                       users["demo.officer"]);
    if (!opened.ok()) return opened.status();
    if (first_case == 0) first_case = opened->record.id;
    if (s.done_after) {
      auto done = deadlines.Complete(opened->record.id, domain::AddDays(s.start, *s.done_after),
                                     users[s.assignee]);
      if (!done.ok()) return done.status();
    }
  }
  // An extension with its approval on the first case (行政处罚法 第60条).
  return deadlines
      .Extend(first_case, 15, "案情复杂,需补充调取缴存单位工资发放记录,经承办机构负责人批准延长",
              users["demo.unithead"])
      .status();
}

Status LoadDemo(store::Database& db, const Clock& clock) {
  auto repo = store::MakeAgencyRepository();
  return db.Write([&](store::Tx& tx) -> Status {
    auto n = repo->Count(tx);
    if (!n.ok()) return n.status();
    if (*n > 0) return Status::Conflict("数据库中已有执法主体数据,演示数据只能载入空数据库");
    return Insert(tx, *repo, clock);
  });
}

Result<bool> LoadDemoIfEmpty(store::Database& db, const Clock& clock) {
  auto repo = store::MakeAgencyRepository();
  bool loaded = false;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    auto n = repo->Count(tx);
    if (!n.ok()) return n.status();
    if (*n > 0) return Status::Ok();
    loaded = true;
    return Insert(tx, *repo, clock);
  });
  if (!st.ok()) return st;
  return loaded;
}

}  // namespace sx::services
