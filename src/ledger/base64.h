// Standard base64 with padding (RFC 4648 §4), the encoding of C2SP notes, keys and checkpoints.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sx::ledger {

std::string EncodeBase64(std::string_view bytes);
// The decoded bytes, or nullopt unless `text` is canonical base64: padded, no whitespace, zero
// unused bits (so every value has exactly one accepted spelling).
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace sx::ledger
