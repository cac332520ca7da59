// Configuration: defaults, then a TOML file, then SANXIANG_* environment variables, then
// command-line flags — each later source overrides the earlier. Reference: docs/configuration.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/status.h"

namespace sx::cli {

struct Config {
  std::string db = "sqlite:var/sanxiang.db";
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var";
  std::string web_root = "web/dist";
  std::string ledger_key_file = "var/ledger.key";
  std::string blob_dir = "var/blobs";
  std::string ledger_origin = "sanxiang.local/ledger";
  std::int64_t ledger_interval_ms = 1000;
  std::string public_url;  // e.g. https://zfgs.example.gov.cn; empty: taken from the request
  std::string admin_username = "admin";
  std::string admin_password_file;  // init: read the first administrator's password from here
  std::string supervisor_code = "zzsfj";
  std::string supervisor_name = "郑州市司法局";
  std::string log_level = "info";
  bool access_log = true;
  bool auto_migrate = true;
  bool demo_if_empty = false;
  std::int64_t io_threads = 0;  // 0: one per core
  std::int64_t worker_threads = 8;
  std::int64_t db_pool_size = 8;
  std::int64_t max_connections = 4096;
  std::int64_t max_header_bytes = 16384;
  std::int64_t header_timeout_ms = 15000;
  std::int64_t body_timeout_ms = 60000;
  std::int64_t shutdown_grace_ms = 10000;
  // Public disclosure search: requests per second per client address after a burst of 60
  // (0: no limit, for benchmarks behind a trusted proxy).
  std::int64_t search_rate = 2;
  std::int64_t complaint_rate = 6;  // complaints per hour per client address, after 3 at once
};

// One settable key: its name in TOML ("db_pool_size"), in the environment
// ("SANXIANG_DB_POOL_SIZE") and as a flag ("--db-pool-size").
struct Setting {
  std::string key;
  std::string help;
  std::function<Status(Config&, const std::string&)> set;  // parses a text value
};

const std::vector<Setting>& Settings();

// Sets one key from text; kInvalid names the key and the expected form.
Status SetValue(Config& c, const std::string& key, const std::string& value);

// Reads a TOML file of flat `key = value` lines; unknown keys are errors (they are typos).
Status ApplyTomlFile(Config& c, const std::string& path);

// Applies SANXIANG_<KEY> variables found through `getenv`.
Status ApplyEnvironment(Config& c, const std::function<const char*(const char*)>& getenv);

// Splits "HOST:PORT" ("[::1]:8080" for IPv6).
Status ParseListen(const std::string& listen, std::string* host, std::uint16_t* port);

std::string EnvName(const std::string& key);
std::string FlagName(const std::string& key);

}  // namespace sx::cli
