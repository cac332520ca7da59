// sanxiang — 行政执法三项制度平台. Thin: parses the command line, builds the configuration and
// calls one command in commands.cc.
#include <sodium.h>

#include <cstdlib>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/config.h"

namespace {

using sx::cli::Config;

// Flags for every setting, collected as text and applied last (highest precedence).
void AddSettingFlags(CLI::App* app, std::map<std::string, std::string>* flags,
                     const std::vector<std::string>& keys) {
  for (const auto& s : sx::cli::Settings()) {
    if (!keys.empty() && std::find(keys.begin(), keys.end(), s.key) == keys.end()) continue;
    app->add_option_function<std::string>(
        sx::cli::FlagName(s.key), [flags, key = s.key](const std::string& v) { (*flags)[key] = v; },
        s.help + "(环境变量 " + sx::cli::EnvName(s.key) + ")");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    fmt::print(stderr, "错误:libsodium 初始化失败\n");
    return 1;
  }
  CLI::App app{"sanxiang — 行政执法三项制度平台(执法公示、全过程记录、法制审核)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sanxiang 0.1.0");
  std::string config_file;
  std::map<std::string, std::string> flags;
  bool check_only = false;

  auto* serve = app.add_subcommand("serve", "启动 HTTP 服务(门户、工作台与 API)");
  auto* init =
      app.add_subcommand("init", "初始化数据目录与数据库,创建监督机关和首个系统管理员(设置密码)");
  auto* demo = app.add_subcommand("demo", "向空数据库载入郑州住房公积金管理中心演示数据");
  auto* migrate = app.add_subcommand("migrate", "执行(或 --check 检查)数据库迁移");
  auto* calendar = app.add_subcommand("calendar", "工作日历");
  calendar->require_subcommand(1);
  auto* calendar_import =
      calendar->add_subcommand("import",
                               "导入一个年度的节假日安排(新年度或修订通知):校验、保存、记入账本,"
                               "并重新计算未办结期限的到期日");
  std::string calendar_file;
  calendar_import
      ->add_option("file", calendar_file, "sanxiang.calendar/1 格式的 JSON 文件,只含一个年度")
      ->required();
  auto* ledger = app.add_subcommand("ledger", "记录账本(防删改):核验");
  ledger->require_subcommand(1);
  auto* verify = ledger->add_subcommand("verify",
                                        "由数据库重新推导全部叶子、重算默克尔树并核对每个已签名检查"
                                        "点、业务记录和文件;不一致时退出码 4");
  std::string vkey;
  verify->add_option("--vkey", vkey, "公布的验证密钥(GET /log/vkey);不给则读 --ledger-key-file");
  auto* watch =
      ledger->add_subcommand("watch",
                             "见证者:定期取服务器检查点,核验签名并证明新树是上次所见之树的延续;"
                             "回退或分叉时告警(退出码 5)");
  sx::cli::WatchArgs watch_args;
  watch->add_option("url", watch_args.url, "服务器地址,如 http://127.0.0.1:8080")->required();
  watch->add_option("--vkey", watch_args.vkey, "公布的验证密钥(GET /log/vkey,请从可信渠道获得)")
      ->required();
  watch->add_option("--state", watch_args.state, "保存上次所见检查点的本地文件")
      ->default_val("ledger-watch.state");
  watch->add_option("--interval-ms", watch_args.interval_ms, "轮询间隔(毫秒)")
      ->default_val(10000)
      ->check(CLI::Range(100, 86400000));
  watch->add_flag("--once", watch_args.once, "只检查一次");
  auto* archive = app.add_subcommand("archive", "电子案卷:导出 BagIt 包、四性检测");
  archive->require_subcommand(1);
  auto* archive_export = archive->add_subcommand(
      "export",
      "把已结案(已归档)案件的案卷导出为 BagIt 包(RFC 8493),含文书 PDF、元数据和账本包含证明");
  std::int64_t archive_case = 0;
  std::string archive_out;
  bool archive_open = false;
  archive_export->add_option("--case", archive_case, "案件 ID")->required();
  archive_export->add_option("--out", archive_out, "输出目录(不存在或为空)")->required();
  archive_export->add_flag("--allow-open", archive_open, "允许导出尚未结案的案件(预览)");
  auto* archive_verify = archive->add_subcommand(
      "verify", "对 BagIt 包做四性检测(真实性、完整性、可用性、安全性);有不通过项时退出码 4");
  std::string archive_bag, archive_vkey;
  archive_verify->add_option("bag", archive_bag, "BagIt 包所在目录")->required();
  archive_verify->add_option("--vkey", archive_vkey,
                             "公布的账本验证密钥(GET /log/vkey);不给则读 --ledger-key-file");
  auto* draw = app.add_subcommand("draw", "双随机抽取:核验公布的抽取结果包");
  draw->require_subcommand(1);
  auto* draw_verify = draw->add_subcommand(
      "verify",
      "按公布的结果包重算抽取(名录根哈希、种子、抽中对象、检查组、更换);一致时退出码 0,"
      "不一致时 1 并指出第一处差异,无法读取时 2");
  std::string draw_bundle;
  draw_verify
      ->add_option("bundle", draw_bundle,
                   "结果包 JSON 文件(GET /api/v1/public/draws/{id}/bundle);- 为标准输入")
      ->required();
  for (auto* sub :
       {serve, init, demo, migrate, verify, calendar_import, archive_export, archive_verify}) {
    sub->add_option("--config", config_file, "TOML 配置文件(环境变量 SANXIANG_CONFIG)")
        ->check(CLI::ExistingFile);
  }
  AddSettingFlags(serve, &flags, {});
  AddSettingFlags(init, &flags,
                  {"db", "data_dir", "ledger_key_file", "ledger_origin", "admin_username",
                   "admin_password_file", "supervisor_code", "supervisor_name"});
  AddSettingFlags(demo, &flags, {"db", "blob_dir"});
  AddSettingFlags(migrate, &flags, {"db"});
  AddSettingFlags(verify, &flags, {"db", "ledger_key_file", "blob_dir"});
  AddSettingFlags(calendar_import, &flags, {"db", "auto_migrate"});
  AddSettingFlags(archive_export, &flags, {"db", "blob_dir", "ledger_key_file", "ledger_origin"});
  AddSettingFlags(archive_verify, &flags, {"ledger_key_file"});
  migrate->add_flag("--check", check_only, "只检查,不执行;有待执行的迁移时退出码为 3");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // `archive` follows the documented codes: 1 for a usage error.
    if (rc != 0 && argc > 1 && std::string_view(argv[1]) == "archive") return 1;
    if (rc != 0 && argc > 1 && std::string_view(argv[1]) == "draw") return 2;
    return rc;
  }

  Config config;
  if (config_file.empty()) {
    if (const char* env = std::getenv("SANXIANG_CONFIG")) config_file = env;
  }
  sx::Status st;
  if (!config_file.empty()) st = sx::cli::ApplyTomlFile(config, config_file);
  if (st.ok()) st = sx::cli::ApplyEnvironment(config, [](const char* n) { return std::getenv(n); });
  for (const auto& [key, value] : flags) {
    if (!st.ok()) break;
    st = sx::cli::SetValue(config, key, value);
  }
  if (!st.ok()) {
    fmt::print(stderr, "错误:{}\n", st.message());
    return 2;
  }
  // Logs (and the access log) go to stderr; stdout carries only what a command reports.
  spdlog::set_default_logger(spdlog::stderr_color_mt("sanxiang"));
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  if (*serve) return sx::cli::Serve(config);
  if (*init) return sx::cli::Init(config);
  if (*demo) return sx::cli::Demo(config);
  if (*verify) return sx::cli::LedgerVerify(config, vkey);
  if (*archive_export)
    return sx::cli::ArchiveExport(config, archive_case, archive_out, archive_open);
  if (*archive_verify) return sx::cli::ArchiveVerify(config, archive_bag, archive_vkey);
  if (*watch) return sx::cli::LedgerWatch(watch_args);
  if (*draw_verify) return sx::cli::DrawVerify(draw_bundle);
  if (*calendar_import) return sx::cli::CalendarImport(config, calendar_file);
  return sx::cli::Migrate(config, check_only);
}
