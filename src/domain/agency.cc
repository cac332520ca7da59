#include "domain/agency.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

std::string_view AgencyKindCode(AgencyKind k) {
  return k == AgencyKind::kSupervisor ? "supervisor" : "enforcement";
}

std::string_view StandingName(Standing s) {
  switch (s) {
    case Standing::kStatutory: return "法定";
    case Standing::kAuthorized: return "授权";
    case Standing::kEntrusted: return "委托";
  }
  return "法定";
}

std::optional<Standing> ParseStanding(std::string_view name) {
  for (Standing s : {Standing::kStatutory, Standing::kAuthorized, Standing::kEntrusted}) {
    if (StandingName(s) == name) return s;
  }
  return std::nullopt;
}

Status ValidateDepartmentName(std::string_view name) {
  return CheckText(name, "部门名称", "departments", kMaxDepartmentNameChars, false);
}

Status ValidateNewAgency(const NewAgency& a) {
  const bool code_ok = a.code.size() >= 2 && a.code.size() <= 32 &&
                       std::all_of(a.code.begin(), a.code.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
  if (!code_ok) {
    return Status::Invalid("机构代码须为 2–32 位小写字母、数字或连字符,例如 zzgjj").WithField("code");
  }
  SX_RETURN_IF_ERROR(CheckText(a.name, "执法主体名称", "name", kMaxAgencyNameChars, false));
  // 行政处罚法 第19、20条: authorised and entrusted power must rest on a stated basis; for
  // statutory organs the basis is the law that establishes them, also required so the portal can
  // publish it (国办发〔2018〕118号 二(一)).
  SX_RETURN_IF_ERROR(
      CheckText(a.legal_basis, "主体资格依据", "legalBasis", kMaxLegalBasisChars, true));
  if (a.departments.size() > kMaxDepartments) {
    return Status::Invalid(fmt::format("内设机构最多 {} 个", kMaxDepartments))
        .WithField("departments");
  }
  if (a.leaders.size() > kMaxLeaders) {
    return Status::Invalid(fmt::format("机关负责人最多 {} 名", kMaxLeaders)).WithField("leaders");
  }
  for (const auto& l : a.leaders) {
    SX_RETURN_IF_ERROR(CheckText(l.name, "负责人姓名", "leaders", 30));
    SX_RETURN_IF_ERROR(CheckText(l.title, "负责人职务", "leaders", 30));
  }
  std::set<std::string_view> seen;
  for (const auto& d : a.departments) {
    SX_RETURN_IF_ERROR(ValidateDepartmentName(d));
    if (!seen.insert(d).second) {
      return Status::Invalid(fmt::format("内设机构“{}”重复", d)).WithField("departments");
    }
  }
  return Status::Ok();
}

}  // namespace sx::domain
