#include "cli/config.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace sx::cli {

namespace {

std::function<Status(Config&, const std::string&)> Text(std::string Config::*field) {
  return [field](Config& c, const std::string& v) {
    c.*field = v;
    return Status::Ok();
  };
}

std::function<Status(Config&, const std::string&)> Int(std::int64_t Config::*field,
                                                       std::int64_t min, std::int64_t max) {
  return [=](Config& c, const std::string& v) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max) {
      return Status::Invalid(fmt::format("应为 {} 到 {} 之间的整数,实为“{}”", min, max, v));
    }
    c.*field = n;
    return Status::Ok();
  };
}

std::function<Status(Config&, const std::string&)> Bool(bool Config::*field) {
  return [field](Config& c, const std::string& v) {
    if (v == "true" || v == "1" || v == "yes" || v == "on") {
      c.*field = true;
    } else if (v == "false" || v == "0" || v == "no" || v == "off") {
      c.*field = false;
    } else {
      return Status::Invalid(fmt::format("应为 true 或 false,实为“{}”", v));
    }
    return Status::Ok();
  };
}

}  // namespace

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> k = {
      {"db", "数据库地址:sqlite:PATH 或 postgresql://用户:密码@主机/库", Text(&Config::db)},
      {"listen", "监听地址 HOST:PORT", Text(&Config::listen)},
      {"data_dir", "数据目录(数据库、密钥等)", Text(&Config::data_dir)},
      {"web_root", "前端构建产物目录(web/dist)", Text(&Config::web_root)},
      {"ledger_key_file", "账本签名密钥文件(Ed25519;不存在时由 init 或首次 serve 生成,权限 0600)",
       Text(&Config::ledger_key_file)},
      {"blob_dir", "文件存储目录(按 SHA-256 命名的原始文件:导入的人员表、证据等)",
       Text(&Config::blob_dir)},
      {"ledger_origin",
       "账本(透明日志)的唯一名称,即检查点第一行和签名密钥名,如 zfgs.example.gov.cn/ledger",
       Text(&Config::ledger_origin)},
      {"ledger_interval_ms", "账本排序并签发检查点的间隔(毫秒)",
       Int(&Config::ledger_interval_ms, 10, 3600000)},
      {"public_url",
       "门户的公开地址(用于执法证二维码),如 https://zfgs.example.gov.cn;为空时取请求的 Host",
       Text(&Config::public_url)},
      {"admin_username", "init 创建的首个系统管理员用户名", Text(&Config::admin_username)},
      {"admin_password_file", "init 从此文件第一行读取首个管理员的密码(不设置则在终端输入)",
       Text(&Config::admin_password_file)},
      {"supervisor_code", "init 创建的监督机关代码", Text(&Config::supervisor_code)},
      {"supervisor_name", "init 创建的监督机关名称", Text(&Config::supervisor_name)},
      {"log_level", "日志级别:trace, debug, info, warn, error", Text(&Config::log_level)},
      {"access_log", "是否记录访问日志", Bool(&Config::access_log)},
      {"auto_migrate", "启动时自动执行数据库迁移", Bool(&Config::auto_migrate)},
      {"demo_if_empty", "数据库为空时载入演示数据", Bool(&Config::demo_if_empty)},
      {"io_threads", "I/O 线程数(0 为每核一个)", Int(&Config::io_threads, 0, 256)},
      {"worker_threads", "处理数据库等阻塞工作的线程数", Int(&Config::worker_threads, 1, 1024)},
      {"db_pool_size", "数据库连接池大小", Int(&Config::db_pool_size, 1, 1024)},
      {"max_connections", "最大并发连接数", Int(&Config::max_connections, 1, 1000000)},
      {"max_header_bytes", "请求头上限(字节)", Int(&Config::max_header_bytes, 1024, 1048576)},
      {"header_timeout_ms", "读取请求头超时(毫秒,也是长连接空闲时限)",
       Int(&Config::header_timeout_ms, 100, 3600000)},
      {"body_timeout_ms", "读取请求体超时(毫秒)", Int(&Config::body_timeout_ms, 100, 3600000)},
      {"shutdown_grace_ms", "优雅停机等待时长(毫秒)", Int(&Config::shutdown_grace_ms, 0, 3600000)},
      {"search_rate", "公示查询每个客户端地址每秒允许的请求数(可突发 60 次;0 为不限)",
       Int(&Config::search_rate, 0, 100000)},
      {"complaint_rate", "投诉举报每个客户端地址每小时允许提交的件数(可突发 3 件;0 为不限)",
       Int(&Config::complaint_rate, 0, 100000)},
  };
  return k;
}

Status SetValue(Config& c, const std::string& key, const std::string& value) {
  for (const auto& s : Settings()) {
    if (s.key != key) continue;
    Status st = s.set(c, value);
    if (!st.ok()) return Status::Invalid(fmt::format("配置项 {}:{}", key, st.message()));
    return Status::Ok();
  }
  return Status::Invalid(fmt::format("未知配置项 {}", key));
}

Status ApplyTomlFile(Config& c, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::Invalid(
        fmt::format("配置文件 {} 第 {} 行有误:{}", path, e.source().begin.line, e.description()));
  }
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    std::string text;
    if (auto s = node.value<std::string>(); s && node.is_string()) {
      text = *s;
    } else if (node.is_integer()) {
      text = std::to_string(*node.value<std::int64_t>());
    } else if (node.is_boolean()) {
      text = *node.value<bool>() ? "true" : "false";
    } else {
      return Status::Invalid(fmt::format("配置文件 {}:{} 的值须为字符串、整数或布尔值", path, key));
    }
    Status st = SetValue(c, key, text);
    if (!st.ok()) return Status::Invalid(fmt::format("配置文件 {}:{}", path, st.message()));
  }
  return Status::Ok();
}

std::string EnvName(const std::string& key) {
  std::string out = "SANXIANG_";
  for (char ch : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string FlagName(const std::string& key) {
  std::string out = "--" + key;
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

Status ApplyEnvironment(Config& c, const std::function<const char*(const char*)>& getenv) {
  for (const auto& s : Settings()) {
    const std::string name = EnvName(s.key);
    if (const char* v = getenv(name.c_str())) {
      Status st = SetValue(c, s.key, v);
      if (!st.ok()) return Status::Invalid(fmt::format("环境变量 {}:{}", name, st.message()));
    }
  }
  return Status::Ok();
}

Status ParseListen(const std::string& listen, std::string* host, std::uint16_t* port) {
  const auto bad = [&] {
    return Status::Invalid(fmt::format("监听地址“{}”应为 HOST:PORT,例如 127.0.0.1:8080", listen));
  };
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return bad();
  std::string h = listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  const std::string p = listen.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || ptr != p.data() + p.size() || value > 65535 || p.empty()) return bad();
  *host = h;
  *port = static_cast<std::uint16_t>(value);
  return Status::Ok();
}

}  // namespace sx::cli
