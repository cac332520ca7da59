// Demo sign-in accounts: one per role, with published passwords. Demo data only — never on a
// production installation (`sanxiang init` does not create them).
#pragma once

#include <string>
#include <vector>

#include "services/auth_service.h"

namespace sx::services {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role_name;
  std::string organisation;
};

// Creates one account per role in the agency with `agency_code` (the demo center); the
// supervisor and the bureau's own administrator belong to `supervisor_code` (司法局).
Result<std::vector<DemoAccount>> CreateDemoAccounts(store::Database& db, const Clock& clock,
                                                    std::string_view agency_code = "zzgjj",
                                                    std::string_view supervisor_code = "zzsfj",
                                                    const AuthOptions& options = {});

}  // namespace sx::services
