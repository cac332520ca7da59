#include "services/demo_accounts.h"

#include "store/agency_repository.h"

namespace sx::services {

Result<std::vector<DemoAccount>> CreateDemoAccounts(store::Database& db, const Clock& clock,
                                                    std::string_view agency_code,
                                                    std::string_view supervisor_code,
                                                    const AuthOptions& options) {
  std::int64_t agency_id = 0, bureau_id = 0;
  std::optional<std::int64_t> enforcement_department;  // 监察执法处
  auto agencies = store::MakeAgencyRepository();
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto a = agencies->GetByCode(tx, agency_code);
    if (!a.ok()) return a.status();
    agency_id = a->id;
    for (const auto& d : a->departments) {
      if (d.name == "监察执法处") enforcement_department = d.id;
    }
    auto b = agencies->GetByCode(tx, supervisor_code);
    if (!b.ok()) return b.status();
    bureau_id = b->id;
    return Status::Ok();
  }));
  struct Spec {
    const char* username;
    const char* display_name;
    domain::Role role;
  };
  static constexpr Spec kSpecs[] = {
      {"demo.officer", "演示执法人员", domain::Role::kOfficer},
      {"demo.unithead", "演示承办机构负责人", domain::Role::kUnitHead},
      {"demo.reviewer", "演示法制审核人员", domain::Role::kLegalReviewer},
      {"demo.leader", "演示机关负责人", domain::Role::kLeader},
      // Two more members of the leadership, so a 集体讨论 can reach its quorum (review.h).
      {"demo.leader2", "演示分管负责人", domain::Role::kLeader},
      {"demo.leader3", "演示总会计师", domain::Role::kLeader},
      {"demo.publisher", "演示公示管理员", domain::Role::kPublisher},
      {"demo.admin", "演示系统管理员", domain::Role::kAdmin},
      {"demo.supervisor", "演示监督人员", domain::Role::kSupervisor},    // in the bureau
      {"demo.sfj.admin", "演示司法局系统管理员", domain::Role::kAdmin},  // in the bureau
  };
  AuthService auth(db, clock, options);
  std::vector<DemoAccount> out;
  for (const auto& s : kSpecs) {
    const std::string password = "Demo-2026-sx";
    const bool in_bureau = std::string_view(s.username).starts_with("demo.s");
    // The officer and the unit head work in 监察执法处: their data scope is that department.
    const bool in_department =
        s.role == domain::Role::kOfficer || s.role == domain::Role::kUnitHead;
    auto u = auth.CreateAccount({in_bureau ? bureau_id : agency_id,
                                 s.username,
                                 s.display_name,
                                 password,
                                 {s.role},
                                 in_department ? enforcement_department : std::nullopt});
    if (!u.ok()) return u.status();
    out.push_back({s.username, password, std::string(domain::RoleName(s.role)),
                   in_bureau ? "郑州市司法局" : "郑州住房公积金管理中心"});
  }
  // The reviewer's record in the 法制审核人员库 (周敏, 政策法规处, with the 法律职业资格), where
  // the demo officers exist.
  SX_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) -> Status {
    auto r = tx.Query(
        "UPDATE users SET officer_id = (SELECT o.id FROM officers o"
        " WHERE o.agency_id = users.agency_id AND o.name = '周敏')"
        " WHERE username = 'demo.reviewer'",
        {});
    return r.ok() ? Status::Ok() : r.status();
  }));
  return out;
}

}  // namespace sx::services
