#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace sx::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

Result<std::string> HttpGet(const std::string& url, const FetchOptions& options) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
    return Status::Invalid(fmt::format("地址须为 http://主机:端口/路径,实为“{}”", url));
  }
  const std::string host = parsed->host();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(options.timeout);
    stream.connect(resolver.resolve(host, port));
    beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
    req.set(beast::http::field::host, host);
    req.set(beast::http::field::user_agent, "sanxiang-ledger-watch");
    beast::http::write(stream, req);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(options.max_body);
    beast::http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    auto res = parser.release();
    if (res.result_int() == 404) return Status::NotFound(fmt::format("{} 不存在(404)", url));
    if (res.result_int() != 200) {
      return Status::Unavailable(fmt::format("{} 返回 {}", url, res.result_int()));
    }
    return std::move(res.body());
  } catch (const std::exception& e) {
    return Status::Unavailable(fmt::format("无法访问 {}:{}", url, e.what()));
  }
}

}  // namespace sx::http
