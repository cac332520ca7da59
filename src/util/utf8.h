// UTF-8 checks for untrusted text.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sx {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8; nullopt when malformed.
std::optional<std::size_t> CodePointCount(std::string_view s);

// True when `s` contains a C0 control character other than tab, CR and LF, or DEL.
bool HasControlChars(std::string_view s);

}  // namespace sx
