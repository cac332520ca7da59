#include "domain/agency.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/utf8.h"

namespace sx::domain {

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

namespace {

Status CheckText(std::string_view value, std::string_view label, std::string field,
                 std::size_t max_chars, bool multiline) {
  auto n = CodePointCount(value);
  if (!n) return Status::Invalid(fmt::format("{}不是有效的 UTF-8 文本", label)).WithField(field);
  if (*n == 0) return Status::Invalid(fmt::format("{}不能为空", label)).WithField(field);
  if (*n > max_chars) {
    return Status::Invalid(fmt::format("{}最多 {} 个字,现为 {} 个字", label, max_chars, *n))
        .WithField(field);
  }
  if (HasControlChars(value) || (!multiline && value.find_first_of("\r\n\t") != value.npos)) {
    return Status::Invalid(fmt::format("{}含有不允许的控制字符", label)).WithField(field);
  }
  if (value.front() == ' ' || value.back() == ' ') {
    return Status::Invalid(fmt::format("{}首尾不能有空格", label)).WithField(field);
  }
  return Status::Ok();
}

}  // namespace

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
