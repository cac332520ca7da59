#include "domain/text.h"

#include <fmt/format.h>

#include "util/utf8.h"

namespace sx::domain {

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

}  // namespace sx::domain
