// Checks on short user-entered text fields, shared by the domain's validators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/status.h"

namespace sx::domain {

// Well-formed UTF-8, 1..max_chars code points, no control characters (and no line breaks or
// tabs unless `multiline`), no leading or trailing space. The message names the field by its
// Chinese `label`; the Status carries `field` (the API name).
Status CheckText(std::string_view value, std::string_view label, std::string field,
                 std::size_t max_chars, bool multiline = false);

}  // namespace sx::domain
