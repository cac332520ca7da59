// Password rules for staff accounts, as GB/T 22239-2019 (网络安全等级保护基本要求) level 3 asks
// (8.1.4.1 身份鉴别: 口令具有复杂度要求并定期更换): at least 8 characters from at least three
// of four classes, not containing the user name, not one of the last five passwords.
#pragma once

#include <cstddef>
#include <string_view>

#include "util/status.h"

namespace sx::domain {

struct PasswordPolicy {
  std::size_t min_chars = 8;   // configurable upwards per installation
  std::size_t max_chars = 128;
  int min_classes = 3;         // of: lower case, upper case, digits, other symbols
  int history = 5;             // the last N passwords may not be reused
};

// Checks length, classes and the user name; reuse is checked by the caller against stored
// hashes (the history holds only argon2id hashes). The message says what to change.
Status CheckPasswordStrength(std::string_view password, std::string_view username,
                             const PasswordPolicy& policy = {});

}  // namespace sx::domain
