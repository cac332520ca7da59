#include "http/admin_auth.h"

#include <sodium.h>

#include "http/problem.h"

namespace sx::http {

// Bearer token check against the configured SHA-256, in constant time.
std::optional<Response> RequireAdmin(const ApiContext& ctx, const Request& req) {
  if (ctx.admin_token_sha256.empty()) {
    return Problem(
        403, "forbidden", "无权操作",
        "本服务器未配置管理令牌,管理接口已关闭(见 docs/configuration.md 的 admin_token_file)",
        &req);
  }
  auto auth = req.Header("authorization");
  if (!auth.starts_with("Bearer ") || auth.size() > 7 + 256) {
    Response r = Problem(401, "unauthorized", "需要身份认证",
                         "请在 Authorization 头中提供管理令牌:Bearer <令牌>", &req);
    r.SetHeader("WWW-Authenticate", "Bearer");
    return r;
  }
  auto token = auth.substr(7);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  unsigned char want[crypto_hash_sha256_BYTES] = {};
  std::size_t len = 0;
  const bool parsed = sodium_hex2bin(want, sizeof want, ctx.admin_token_sha256.data(),
                                     ctx.admin_token_sha256.size(), nullptr, &len, nullptr) == 0 &&
                      len == sizeof want;
  if (!parsed || sodium_memcmp(digest, want, sizeof want) != 0) {
    Response r = Problem(401, "unauthorized", "身份认证失败", "管理令牌无效", &req);
    r.SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return r;
  }
  return std::nullopt;
}

}  // namespace sx::http
