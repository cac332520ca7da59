#include "domain/password_policy.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "util/utf8.h"

namespace sx::domain {

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

Status CheckPasswordStrength(std::string_view password, std::string_view username,
                             const PasswordPolicy& policy) {
  const auto n = CodePointCount(password);
  if (!n || HasControlChars(password)) {
    return Status::Invalid("密码含有无效字符").WithField("password");
  }
  if (*n < policy.min_chars) {
    return Status::Invalid(fmt::format("密码至少 {} 位", policy.min_chars)).WithField("password");
  }
  if (*n > policy.max_chars) {
    return Status::Invalid(fmt::format("密码最多 {} 位", policy.max_chars)).WithField("password");
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  const int classes = lower + upper + digit + other;
  if (classes < policy.min_classes) {
    return Status::Invalid(fmt::format("密码须包含小写字母、大写字母、数字、符号中的至少 {} 类",
                                       policy.min_classes))
        .WithField("password");
  }
  if (username.size() >= 3 && Lower(password).find(Lower(username)) != std::string::npos) {
    return Status::Invalid("密码不能包含用户名").WithField("password");
  }
  return Status::Ok();
}

}  // namespace sx::domain
