#include "services/demo.h"

#include "domain/agency.h"
#include "store/agency_repository.h"

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
  return a;
}

Status Insert(store::Tx& tx, store::AgencyRepository& repo, const Clock& clock) {
  return repo.Insert(tx, Center(), FormatUtc(clock.Now())).status();
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
