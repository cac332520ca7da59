// Agencies (执法主体) and their departments: what makes one well-formed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::domain {

// 主体资格: the legal source of an agency's enforcement power.
// 行政处罚法 第18条 (法定: administrative organs within their statutory powers),
// 第19条 (授权: organisations authorised by law or regulation),
// 第20条 (委托: organisations entrusted by an organ, which stays responsible).
enum class Standing { kStatutory, kAuthorized, kEntrusted };

// "法定", "授权", "委托".
std::string_view StandingName(Standing s);
std::optional<Standing> ParseStanding(std::string_view name);

// An enforcement agency (执法主体), or the organisation that supervises them (司法局: reads
// every agency's records, enforces nothing). The public lists only enforcement agencies.
enum class AgencyKind { kEnforcement, kSupervisor };
std::string_view AgencyKindCode(AgencyKind k);  // "enforcement", "supervisor"

struct Department {  // 内设机构
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string name;
};

struct Leader {  // 机关负责人, as published
  std::string name;
  std::string title;  // 主任, 副主任, …
};

struct Agency {  // 执法主体
  std::int64_t id = 0;
  std::string code;  // short stable identifier, [a-z0-9-], used in URLs and the ledger
  std::string name;
  Standing standing = Standing::kStatutory;
  std::string legal_basis;  // the text that grants or entrusts the power
  std::string created_at;   // RFC 3339 UTC
  std::vector<Department> departments;
  AgencyKind kind = AgencyKind::kEnforcement;
  std::vector<Leader> leaders = {};
};

struct NewAgency {
  std::string code;
  std::string name;
  Standing standing = Standing::kStatutory;
  std::string legal_basis;
  std::vector<std::string> departments;
  AgencyKind kind = AgencyKind::kEnforcement;
  std::vector<Leader> leaders = {};
};

// Limits on the fields, so untrusted input cannot grow without bound.
inline constexpr std::size_t kMaxAgencyNameChars = 100;
inline constexpr std::size_t kMaxLegalBasisChars = 2000;
inline constexpr std::size_t kMaxDepartmentNameChars = 50;
inline constexpr std::size_t kMaxDepartments = 100;
inline constexpr std::size_t kMaxLeaders = 20;

// Checks a new agency; the Status names the field and says what to fix, in Chinese.
Status ValidateNewAgency(const NewAgency& a);
Status ValidateDepartmentName(std::string_view name);

}  // namespace sx::domain
