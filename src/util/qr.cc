#include "util/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <cstddef>
#include <iterator>
#include <memory>

#include <fmt/format.h>

namespace sx {

namespace {

constexpr int kQuietZone = 4;  // modules of light border the standard asks for (ISO/IEC 18004)
constexpr std::size_t kMaxBytes = 2331;  // version 40, level M, 8-bit mode

Status TooLong(std::size_t bytes) {
  return Status::Invalid(fmt::format("二维码内容过长({} 字节),最多 {} 字节", bytes, kMaxBytes));
}

struct QrcodeFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

Result<std::string> QrSvg(std::string_view text) {
  if (text.empty()) return Status::Invalid("二维码内容不能为空");
  if (text.size() > kMaxBytes) return TooLong(text.size());
  // Version 0: the smallest version that holds the text.
  errno = 0;
  std::unique_ptr<QRcode, QrcodeFree> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (!code) {
    if (errno == ERANGE) return TooLong(text.size());
    return Status::Internal(fmt::format("二维码生成失败(errno {})", errno));
  }
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" shape-rendering="crispEdges">)"
      R"(<rect width="{0}" height="{0}" fill="#fff"/><path fill="#000" d=")",
      size);
  // Each horizontal run of dark modules is one rectangle: M x y h n v1 h -n z.
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width;) {
      if (!(row[x] & 1)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < width && (row[end] & 1)) ++end;
      fmt::format_to(std::back_inserter(svg), "M{} {}h{}v1h-{}z", x + kQuietZone, y + kQuietZone,
                     end - x, end - x);
      x = end;
    }
  }
  svg += R"("/></svg>)";
  return svg;
}

}  // namespace sx
