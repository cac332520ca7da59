// QR codes (二维码) as SVG, e.g. the certificate-check link printed on an officer's card.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace sx {

// Encodes `text` (any bytes, in 8-bit mode) as a QR code with error-correction level M and a
// 4-module quiet zone, drawn as a self-contained SVG: one `<path>` of dark modules on a white
// square, one user unit per module (`viewBox="0 0 N N"`), scaled by whoever shows it.
// The output depends only on `text`. kInvalid when `text` is empty or longer than the largest
// QR code holds (2331 bytes at level M).
Result<std::string> QrSvg(std::string_view text);

}  // namespace sx
