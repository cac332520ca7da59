#include "cli/commands.h"

#include <sodium.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/api.h"
#include "http/client.h"
#include "http/server.h"
#include "render/pdf.h"
#include "services/agency_service.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/disclosure_service.h"
#include "services/inspection_service.h"
#include "services/ledger_service.h"
#include "services/ledger_verify.h"
#include "services/ledger_watch.h"
#include "store/migrations.h"

namespace sx::cli {

namespace fs = std::filesystem;

namespace {

void PrintAccounts(const std::vector<services::DemoAccount>& accounts) {
  fmt::print("演示账号(仅供演示,密码公开,切勿用于生产):\n");
  for (const auto& a : accounts) {
    fmt::print("  {:<16} {:<14} 密码 {}  ({})\n", a.username, a.role_name, a.password,
               a.organisation);
  }
}

int Fail(const Status& st) {
  fmt::print(stderr, "错误:{}\n", st.message());
  return 1;
}

Result<std::unique_ptr<store::Database>> OpenAndMigrate(const Config& c, bool apply,
                                                        const Clock& clock) {
  store::DatabaseOptions opts;
  opts.pool_size = static_cast<int>(c.db_pool_size);
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return db.status();
  auto state = store::Migrate(**db, clock.Now(), apply);
  if (!state.ok()) return state.status();
  if (!state->applied_now.empty()) {
    spdlog::info("数据库 {} 已迁移到架构版本 {}", (*db)->Describe(), state->current);
  }
  if (state->current < state->latest) {
    return Status::Unavailable(
        fmt::format("数据库架构版本 {} 低于本程序需要的 {}:请运行 sanxiang migrate", state->current,
                    state->latest));
  }
  return db;
}

// Reads a password from the terminal without echo; empty when stdin is not a terminal.
std::optional<std::string> AskPassword(const char* prompt) {
  if (!isatty(STDIN_FILENO)) return std::nullopt;
  fmt::print("{}", prompt);
  std::fflush(stdout);
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  fmt::print("\n");
  return line;
}

// The first administrator: in the supervising organisation (created here if missing), so that
// they can open the city's agencies. Skipped when any administrator exists.
Status CreateFirstAdmin(const Config& c, store::Database& db, const Clock& clock) {
  bool has_admin = false;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto rows = tx.Query("SELECT 1 FROM user_roles WHERE role = 'admin' LIMIT 1");
    if (!rows.ok()) return rows.status();
    has_admin = !rows->empty();
    return Status::Ok();
  }));
  if (has_admin) {
    fmt::print("已有系统管理员账户,不再创建\n");
    return Status::Ok();
  }
  services::AgencyService agencies(db, clock);
  auto org = agencies.GetByCode(c.supervisor_code);
  if (!org.ok() && org.status().code() != Code::kNotFound) return org.status();
  if (!org.ok()) {
    domain::NewAgency a;
    a.code = c.supervisor_code;
    a.name = c.supervisor_name;
    a.standing = domain::Standing::kStatutory;
    a.legal_basis = "行政执法监督机关(国办发〔2018〕118号):负责本级行政执法监督,组织推行三项制度。";
    a.kind = domain::AgencyKind::kSupervisor;
    org = agencies.Create(a);
    if (!org.ok()) return org.status();
    fmt::print("已创建监督机关:{}({})\n", org->name, org->code);
  }
  services::AuthService auth(db, clock);
  services::NewAccount account{org->id, c.admin_username, "系统管理员", "", {domain::Role::kAdmin}};
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!c.admin_password_file.empty()) {
      std::ifstream in(c.admin_password_file);
      if (!in)
        return Status::Unavailable(fmt::format("无法读取密码文件 {}", c.admin_password_file));
      std::getline(in, account.password);
    } else {
      auto first =
          AskPassword(fmt::format("请为系统管理员 {} 设置密码:", c.admin_username).c_str());
      if (!first) {
        return Status::Invalid(
            "需要为首个系统管理员设置密码:请在终端中运行 sanxiang init,或用 --admin-password-file "
            "指定只含密码的文件");
      }
      auto again = AskPassword("请再输入一次:");
      if (!again || *again != *first) {
        fmt::print(stderr, "两次输入不一致,请重新设置\n");
        continue;
      }
      account.password = *first;
    }
    auto created = auth.CreateUser(services::Principal{}, account, "init");
    sodium_memzero(account.password.data(), account.password.size());
    if (created.ok()) {
      fmt::print("已创建系统管理员 {}(属于 {}),请用此账户登录工作台开设执法主体和用户\n",
                 created->username, org->name);
      return Status::Ok();
    }
    if (!c.admin_password_file.empty() || created.status().code() != Code::kInvalid) {
      return created.status();
    }
    fmt::print(stderr, "{}\n", created.status().message());
  }
  return Status::Invalid("未能设置管理员密码");
}

Result<ledger::NoteKeyPair> LedgerKey(const Config& c) {
  bool created = false;
  auto keys = services::LoadOrCreateLedgerKey(c.ledger_key_file, c.ledger_origin, &created);
  if (keys.ok() && created) {
    fmt::print("已生成账本签名密钥 {}(权限 0600,请备份并妥善保管);验证密钥:{}\n", c.ledger_key_file,
               keys->verifier_key);
  }
  return keys;
}

// The effective calendar: the official schedules and the imported years, with a warning for a
// stored year the program's own data now contradicts.
Result<std::unique_ptr<services::CalendarService>> OpenCalendar(store::Database& db,
                                                                const Clock& clock) {
  auto calendar = services::CalendarService::Create(db, clock);
  if (!calendar.ok()) return calendar.status();
  for (const auto& w : (*calendar)->warnings()) spdlog::warn("{}", w);
  return calendar;
}

// Integrates pending ledger leaves and signs checkpoints every `interval` until stopped.
class Sequencer {
 public:
  Sequencer(services::LedgerService& ledger, std::chrono::milliseconds interval)
      : thread_([&ledger, interval](std::stop_token stop) {
          std::mutex mu;
          std::condition_variable_any cv;
          std::unique_lock lock(mu);
          while (!stop.stop_requested()) {
            if (auto n = ledger.Integrate(); !n.ok()) {
              spdlog::error("账本排序失败:{}", n.status().message());
            }
            cv.wait_for(lock, stop, interval, [] { return false; });
          }
        }) {}

 private:
  std::jthread thread_;
};

// Runs `fn` now and then every `interval` on its own thread until destroyed.
class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<void()> fn)
      : thread_([interval, fn = std::move(fn)](std::stop_token stop) {
          std::mutex mu;
          std::condition_variable_any cv;
          std::unique_lock lock(mu);
          while (!stop.stop_requested()) {
            fn();
            cv.wait_for(lock, stop, interval, [] { return false; });
          }
        }) {}

 private:
  std::jthread thread_;
};

}  // namespace

int Serve(const Config& c) {
  std::string host;
  std::uint16_t port = 0;
  if (Status st = ParseListen(c.listen, &host, &port); !st.ok()) return Fail(st);
  SystemClock clock;
  auto db = OpenAndMigrate(c, c.auto_migrate, clock);
  if (!db.ok()) return Fail(db.status());
  store::Database& database = **db;
  auto calendar = OpenCalendar(database, clock);
  if (!calendar.ok()) return Fail(calendar.status());
  bool demo_loaded = false;
  if (c.demo_if_empty) {
    auto loaded = services::LoadDemoIfEmpty(database, clock);
    if (!loaded.ok()) return Fail(loaded.status());
    demo_loaded = *loaded;
    if (*loaded) {
      spdlog::info("已载入演示数据:郑州住房公积金管理中心");
      auto accounts = services::CreateDemoAccounts(database, clock);
      if (!accounts.ok()) return Fail(accounts.status());
      if (Status st = services::LoadDemoDeadlines(database, clock, **calendar); !st.ok()) {
        return Fail(st);
      }
      PrintAccounts(*accounts);
    }
  }
  services::DeadlineService deadlines(database, clock, **calendar);

  services::AgencyService agencies(database, clock);
  auto blobs = store::BlobStore::Open(c.blob_dir);
  if (!blobs.ok()) return Fail(blobs.status());
  services::PeopleService people(database, clock, **blobs);
  services::AuthService auth(database, clock);
  auto keys = LedgerKey(c);
  if (!keys.ok()) return Fail(keys.status());
  auto ledger = services::LedgerService::Create(database, clock, *keys, {c.ledger_origin});
  if (!ledger.ok()) return Fail(ledger.status());
  if (auto first = (*ledger)->Integrate(); !first.ok()) return Fail(first.status());
  Sequencer sequencer(**ledger, std::chrono::milliseconds(c.ledger_interval_ms));
  http::Metrics metrics;
  metrics.SetPoolSource([&database] { return database.Stats(); });
  http::StaticFiles web(c.web_root);
  http::ApiContext ctx{database, agencies, metrics, &web, &auth, &people};
  ctx.public_url = c.public_url;
  ctx.ledger = ledger->get();
  ctx.calendar = calendar->get();
  ctx.deadlines = &deadlines;
  services::CaseService cases(database, clock, **calendar, deadlines, **blobs);
  ctx.cases = &cases;
  services::EvidenceService evidence(database, clock, **blobs);
  ctx.evidence = &evidence;
  services::ArchiveService archive(database, **blobs, **ledger, clock);
  ctx.archive = &archive;
  services::ReviewService review(database, clock, cases, ledger->get());
  ctx.review = &review;
  services::DisclosureService disclosures(database, clock, **calendar, deadlines);
  disclosures.Attach(cases);
  ctx.disclosures = &disclosures;
  services::InspectionService inspections(database, clock, **calendar, deadlines, **blobs);
  ctx.inspections = &inspections;
  ctx.search_per_second = static_cast<double>(c.search_rate);
  services::ComplaintService complaints(database, clock, **calendar, deadlines, **blobs);
  ctx.complaints = &complaints;
  ctx.complaint_per_second = static_cast<double>(c.complaint_rate) / 3600.0;
  services::ReportService reports(database, clock, **calendar, deadlines);
  ctx.reports = &reports;
  services::EvaluationService evaluations(database, clock);
  ctx.evaluations = &evaluations;
  services::GuidanceService guidance(database, clock);
  ctx.guidance = &guidance;
  if (demo_loaded) {
    if (Status st = services::LoadDemoCases(database, cases); !st.ok()) return Fail(st);
    if (Status st =
            services::LoadDemoDisclosures(database, disclosures, **calendar, deadlines, clock);
        !st.ok()) {
      return Fail(st);
    }
    if (Status st = services::LoadDemoInspections(database, inspections); !st.ok()) {
      return Fail(st);
    }
  }
  // 公示期满: published items past their display period come down by themselves.
  Periodic expiry(std::chrono::minutes(1), [&disclosures, &clock] {
    auto n = disclosures.ExpireDue(domain::ShanghaiDate(clock.Now()));
    if (!n.ok()) spdlog::error("公示期满撤下失败:{}", n.status().message());
    if (n.ok() && *n > 0) spdlog::info("公示期满,已撤下 {} 条公示信息", *n);
  });
  // Start-up (the demo's documents above) left font pages and freed heap resident: give them
  // back before serving (rendering does so by itself after 2 s idle).
  render::ReleaseMemory();
  http::Router router;
  http::RegisterRoutes(router, ctx);

  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.io_threads = c.io_threads > 0
                      ? static_cast<int>(c.io_threads)
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.worker_threads = static_cast<int>(c.worker_threads);
  so.max_connections = static_cast<std::size_t>(c.max_connections);
  so.max_header_bytes = static_cast<std::size_t>(c.max_header_bytes);
  so.header_timeout = std::chrono::milliseconds(c.header_timeout_ms);
  so.body_timeout = std::chrono::milliseconds(c.body_timeout_ms);
  so.shutdown_grace = std::chrono::milliseconds(c.shutdown_grace_ms);
  so.access_log = c.access_log;
  http::Server server(so, router, metrics);
  if (Status st = server.Listen(); !st.ok()) return Fail(st);
  server.StopOnSignals();
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  fmt::print("sanxiang 已启动:http://{}:{}/  (数据库 {};Ctrl-C 停止)\n", shown_host, server.port(),
             database.Describe());
  std::fflush(stdout);
  server.Run();
  if (Status st = evidence.Checkpoint(); !st.ok()) {
    spdlog::warn("未完成的证据上传未能全部保存进度(重启后从上一检查点续传):{}", st.message());
  }
  spdlog::info("已停止");
  return 0;
}

int Init(const Config& c) {
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  if (ec)
    return Fail(
        Status::Unavailable(fmt::format("无法创建数据目录 {}:{}", c.data_dir, ec.message())));
  fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  SystemClock clock;
  auto db = OpenAndMigrate(c, true, clock);
  if (!db.ok()) return Fail(db.status());
  if (auto keys = LedgerKey(c); !keys.ok()) return Fail(keys.status());
  if (Status st = CreateFirstAdmin(c, **db, clock); !st.ok()) return Fail(st);
  fmt::print("已初始化:数据目录 {},数据库 {}\n", c.data_dir, (*db)->Describe());
  return 0;
}

int Demo(const Config& c) {
  SystemClock clock;
  auto db = OpenAndMigrate(c, true, clock);
  if (!db.ok()) return Fail(db.status());
  if (Status st = services::LoadDemo(**db, clock); !st.ok()) return Fail(st);
  auto accounts = services::CreateDemoAccounts(**db, clock);
  if (!accounts.ok()) return Fail(accounts.status());
  auto calendar = OpenCalendar(**db, clock);
  if (!calendar.ok()) return Fail(calendar.status());
  if (Status st = services::LoadDemoDeadlines(**db, clock, **calendar); !st.ok()) return Fail(st);
  {
    services::DeadlineService deadlines(**db, clock, **calendar);
    auto blobs = store::BlobStore::Open(c.blob_dir);
    if (!blobs.ok()) return Fail(blobs.status());
    services::CaseService cases(**db, clock, **calendar, deadlines, **blobs);
    services::DisclosureService disclosures(**db, clock, **calendar, deadlines);
    disclosures.Attach(cases);
    if (Status st = services::LoadDemoCases(**db, cases); !st.ok()) return Fail(st);
    if (Status st = services::LoadDemoDisclosures(**db, disclosures, **calendar, deadlines, clock);
        !st.ok()) {
      return Fail(st);
    }
    services::InspectionService inspections(**db, clock, **calendar, deadlines, **blobs);
    if (Status st = services::LoadDemoInspections(**db, inspections); !st.ok()) return Fail(st);
  }
  fmt::print("已载入演示数据(郑州住房公积金管理中心)到 {}\n", (*db)->Describe());
  PrintAccounts(*accounts);
  return 0;
}

int Migrate(const Config& c, bool check_only) {
  store::DatabaseOptions opts;
  opts.pool_size = 2;
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return Fail(db.status());
  SystemClock clock;
  auto state = store::Migrate(**db, clock.Now(), !check_only);
  if (!state.ok()) return Fail(state.status());
  if (check_only) {
    fmt::print("数据库架构版本 {},本程序最新 {}{}\n", state->current, state->latest,
               state->current < state->latest ? "(有待执行的迁移)" : "(已是最新)");
    return state->current < state->latest ? 3 : 0;
  }
  fmt::print("数据库架构版本 {}(本次执行 {} 个迁移)\n", state->current, state->applied_now.size());
  return 0;
}

int CalendarImport(const Config& c, const std::string& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return Fail(Status::Invalid(fmt::format("无法读取日历文件 {}:{}", file, ec.message())));
  if (size > calendar::kMaxDocumentBytes) {
    return Fail(Status::Invalid(
        fmt::format("日历文件 {} 超过 {} KiB,未导入", file, calendar::kMaxDocumentBytes >> 10)));
  }
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Fail(Status::Invalid(fmt::format("无法读取日历文件 {}", file)));
  }
  SystemClock clock;
  auto db = OpenAndMigrate(c, c.auto_migrate, clock);
  if (!db.ok()) return Fail(db.status());
  auto calendar = OpenCalendar(**db, clock);
  if (!calendar.ok()) return Fail(calendar.status());
  auto imported = (*calendar)->ImportYear(text, 0);
  if (!imported.ok()) {
    const Status& st = imported.status();
    fmt::print(stderr, "错误:日历文件 {} 未导入,数据未作任何更改:{}{}\n", file, st.message(),
               st.field().empty() ? "" : fmt::format("(位置 {})", st.field()));
    return 1;
  }
  fmt::print("{}\n", imported->change_text);
  if (!imported->change.unchanged()) {
    fmt::print("已重新计算未办结的期限事项:{} 项的到期日因此调整\n", imported->recomputed);
  }
  return 0;
}

int LedgerVerify(const Config& c, const std::string& vkey_flag) {
  std::string vkey = vkey_flag;
  if (vkey.empty()) {
    std::ifstream in(c.ledger_key_file);
    std::string signer;
    if (!std::getline(in, signer) || !std::getline(in, vkey)) {
      return Fail(
          Status::Invalid(fmt::format("请用 --vkey 提供公布的验证密钥(GET /log/vkey),或用 "
                                      "--ledger-key-file 指定密钥文件(现为 {})",
                                      c.ledger_key_file)));
    }
    sodium_memzero(signer.data(), signer.size());
  }
  store::DatabaseOptions opts;
  opts.pool_size = 2;
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return Fail(db.status());
  auto blobs = store::BlobStore::Open(c.blob_dir);
  if (!blobs.ok()) return Fail(blobs.status());
  std::int64_t shown = 0;
  services::LedgerVerifyOptions options;
  options.blobs = blobs->get();
  options.progress = [&shown](std::int64_t n) {
    if (n - shown >= 100000) {
      fmt::print(stderr, "已核验 {} 个叶子…\n", n);
      shown = n;
    }
  };
  auto report = services::VerifyLedger(**db, vkey, options);
  if (!report.ok()) return Fail(report.status());
  fmt::print("账本核验:{} 个叶子,{} 个检查点,{} 条记录,{} 个文件\n", report->leaves,
             report->checkpoints, report->records, report->files);
  if (report->findings.empty()) {
    fmt::print("全部一致:叶子、存储哈希、检查点签名与根哈希、业务记录及文件均与账本相符\n");
    return 0;
  }
  fmt::print("发现 {} 处不一致:\n", report->findings.size());
  for (const auto& f : report->findings) {
    fmt::print("  {}{}{}:{}\n", f.object, f.field.empty() ? "" : "." + f.field,
               f.leaf >= 0 ? fmt::format("(叶子 {})", f.leaf) : "", f.message);
  }
  return 4;
}

int LedgerWatch(const WatchArgs& a) {
  const services::Fetch fetch = [](const std::string& url) { return http::HttpGet(url); };
  while (true) {
    auto round = services::WatchOnce(a.url, a.vkey, a.state, fetch);
    if (!round.ok()) {
      if (round.status().code() == Code::kConflict) {
        fmt::print(stderr, "{}\n", round.status().message());
        return 5;
      }
      if (a.once || round.status().code() != Code::kUnavailable) return Fail(round.status());
      spdlog::warn("{}(稍后重试)", round.status().message());
    } else if (round->first) {
      fmt::print("已记录检查点:树大小 {}\n", round->new_size);
    } else if (round->new_size != round->old_size) {
      fmt::print("一致:树大小 {} → {},新检查点是之前的延续\n", round->old_size, round->new_size);
    } else {
      fmt::print("一致:树大小 {},无新记录\n", round->new_size);
    }
    std::fflush(stdout);
    if (a.once) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(a.interval_ms));
  }
}

}  // namespace sx::cli
