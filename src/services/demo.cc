#include "services/demo.h"

#include "services/agency_service.h"
#include "services/people_service.h"

#include <fmt/format.h>

#include "domain/agency.h"
#include "domain/officer.h"
#include "store/agency_repository.h"
#include "store/officer_repository.h"

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
      "《住房公积金管理条例》(国务院令第350号,2019年修订)第三十七条、第三十八条授权住房公积金管理中心"
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
      "《法治政府建设实施纲要(2021-2025年)》与《国务院办公厅关于全面推行行政执法公示制度执法全过程记录"
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
    {"政策法规处", "周敏", "处长", -600, 1225, domain::CertificateStatus::kValid, "A20184101000321"},
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
  return Status::Ok();
}

}  // namespace

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
