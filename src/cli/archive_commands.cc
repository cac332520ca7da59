// `sanxiang archive export` and `sanxiang archive verify` (issue #7): the case file as a BagIt bag
// and the 四性检测 over a bag.
#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "archive/tar.h"
#include "cli/commands.h"
#include "ledger/note.h"
#include "services/archive_service.h"
#include "services/draw_bundle.h"
#include "services/ledger_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::cli {

namespace {

int Fail(const Status& st) {
  fmt::print(stderr, "错误:{}\n", st.message());
  return 1;
}

// The ledger key file's two lines (signer, verifier), without creating one.
Result<ledger::NoteKeyPair> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  ledger::NoteKeyPair keys;
  if (!std::getline(in, keys.signer_key) || !std::getline(in, keys.verifier_key)) {
    return Status::Invalid(fmt::format(
        "无法读取账本密钥文件 {}(请用 --ledger-key-file 指定服务器使用的密钥文件)", path));
  }
  return keys;
}

void PrintSection(const services::CheckSection& s) {
  fmt::print("【{}】{}\n", s.name, s.ok() ? "通过" : "不通过");
  for (const auto& f : s.failed) fmt::print("  ✗ {}:{}\n", f.subject, f.message);
  for (const auto& k : s.skipped) fmt::print("  - {}:{}\n", k.subject, k.message);
  for (const auto& p : s.passed) fmt::print("  ✓ {}:{}\n", p.subject, p.message);
}

}  // namespace

int ArchiveExport(const Config& c, std::int64_t case_id, const std::string& out, bool allow_open) {
  auto keys = ReadKeyFile(c.ledger_key_file);
  if (!keys.ok()) return Fail(keys.status());
  store::DatabaseOptions opts;
  opts.pool_size = 2;
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return Fail(db.status());
  auto blobs = store::BlobStore::Open(c.blob_dir);
  if (!blobs.ok()) return Fail(blobs.status());
  SystemClock clock;
  auto ledger = services::LedgerService::Create(**db, clock, *keys, {c.ledger_origin});
  sodium_memzero(keys->signer_key.data(), keys->signer_key.size());
  if (!ledger.ok()) return Fail(ledger.status());
  // Never sign with a key other than the one the log's checkpoints carry.
  if (auto note = (*ledger)->CheckpointNote(); note.ok()) {
    auto verifier = ledger::Verifier::FromKey((*ledger)->VerifierKey());
    if (!verifier.ok()) return Fail(verifier.status());
    const ledger::Verifier known[] = {*verifier};
    if (!ledger::Open(*note, known).ok())
      return Fail(Status::Invalid(fmt::format(
          "密钥文件 {} 不是签署本账本检查点的密钥(请指定服务器使用的 --ledger-key-file)",
          c.ledger_key_file)));
  }
  // Sequence what is pending, so the case's last leaves are in the checkpoint the proofs use.
  for (std::int64_t before = -1;;) {
    auto size = (*ledger)->Integrate();
    if (!size.ok()) return Fail(size.status());
    if (*size == before) break;
    before = *size;
  }
  services::ExportOptions options;
  options.allow_open = allow_open;
  auto bag = services::ExportCaseBag(**db, **blobs, **ledger, clock, case_id, out, options);
  if (!bag.ok()) return Fail(bag.status());
  fmt::print("已导出案卷 {}:{} 件文书,{} 字节,BagIt 包位于 {}\n", bag->case_number, bag->items,
             bag->octets, bag->dir.string());
  return 0;
}

int ArchiveVerify(const Config& c, const std::string& bag, const std::string& vkey_flag) {
  std::string vkey = vkey_flag;
  if (vkey.empty()) {
    auto keys = ReadKeyFile(c.ledger_key_file);
    if (!keys.ok()) {
      return Fail(
          Status::Invalid(fmt::format("请用 --vkey 提供公布的验证密钥(GET /log/vkey),或用 "
                                      "--ledger-key-file 指定密钥文件(现为 {})",
                                      c.ledger_key_file)));
    }
    sodium_memzero(keys->signer_key.data(), keys->signer_key.size());
    vkey = keys->verifier_key;
  }
  std::error_code ec;
  std::filesystem::path dir = bag;
  std::optional<std::filesystem::path> unpacked;  // a tar (as downloaded): imported into a temp dir
  if (std::filesystem::is_regular_file(bag, ec)) {
    unpacked = std::filesystem::temp_directory_path() /
               fmt::format("sanxiang-bag-{}-{}", ::getpid(), std::hash<std::string>{}(bag));
    std::filesystem::remove_all(*unpacked, ec);
    auto root = archive::ExtractTar(bag, *unpacked);
    if (!root.ok()) {
      std::filesystem::remove_all(*unpacked, ec);
      return Fail(root.status());
    }
    dir = *root;
  } else if (!std::filesystem::is_directory(bag, ec)) {
    return Fail(Status::Invalid(
        fmt::format("{} 不是目录或 tar 文件(应为 BagIt 包目录或其 tar 文件)", bag)));
  }
  auto report = services::CheckArchive(dir, vkey);
  if (unpacked) std::filesystem::remove_all(*unpacked, ec);
  if (!report.ok()) return Fail(report.status());
  fmt::print("四性检测(DA/T 70-2018):{}\n", bag);
  fmt::print("案卷 {},卷内目录 {} 项\n",
             report->case_number.empty() ? "(未知)" : report->case_number, report->items);
  for (const auto* s :
       {&report->authenticity, &report->integrity, &report->usability, &report->security}) {
    PrintSection(*s);
  }
  if (report->ok()) {
    fmt::print("结论:四性检测全部通过\n");
    return 0;
  }
  fmt::print("结论:四性检测未通过\n");
  return 4;
}

int DrawVerify(const std::string& file) {
  // A file is mapped rather than copied: a bundle of a million-unit roster is ~90 MB.
  std::string input;
  std::string_view text;
  void* map = MAP_FAILED;
  std::size_t mapped = 0;
  if (file == "-") {
    input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    text = input;
  } else {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      if (fd >= 0) ::close(fd);
      fmt::print(stderr, "错误:无法读取 {}\n", file);
      return 2;
    }
    mapped = static_cast<std::size_t>(st.st_size);
    if (mapped > 0) map = ::mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (mapped > 0 && map == MAP_FAILED) {
      fmt::print(stderr, "错误:无法读取 {}\n", file);
      return 2;
    }
    if (mapped > 0) text = std::string_view(static_cast<const char*>(map), mapped);
  }
  struct Unmap {
    void* p;
    std::size_t n;
    ~Unmap() {
      if (p != MAP_FAILED) ::munmap(p, n);
    }
  } unmap{map, mapped};
  auto bundle = services::ParseBundle(text, /*keep_text=*/false);
  if (!bundle.ok()) {
    fmt::print(stderr, "错误:{}\n", bundle.status().message());
    return 2;
  }
  if (auto diff = services::FirstDifference(*bundle)) {
    fmt::print("不一致:{}\n", *diff);
    return 1;
  }
  std::size_t pool = 0;
  for (const auto& s : bundle->strata) pool += s.targets.size();
  if (!bundle->draw) {
    fmt::print("一致:计划 {} 已发布、尚未抽取;{} 个分层共 {} 个对象的名录根哈希与名录相符\n",
               bundle->plan.code, bundle->strata.size(), pool);
    return 0;
  }
  const auto& d = *bundle->draw;
  std::size_t drawn = 0;
  for (const auto& s : d.strata) drawn += s.selected.size();
  fmt::print(
      "一致:计划 {},公开随机数 {};{} 个分层、名录 {} 个对象中抽中 {} 个,{} 个检查组,"
      "{} 次更换,均与重算结果相同\n",
      bundle->plan.code, d.public_value, bundle->strata.size(), pool, drawn, d.teams.size(),
      d.replacements.size());
  return 0;
}

}  // namespace sx::cli
