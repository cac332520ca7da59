#include "services/ledger_watch.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"

namespace sx::services {

namespace {

Status Alarm(std::string what) { return Status::Conflict(fmt::format("告警:{}", what)); }

// The server's tiles over HTTP.
class HttpTiles final : public ledger::TileReader {
 public:
  HttpTiles(std::string base, const Fetch& fetch) : base_(std::move(base)), fetch_(fetch) {}
  Result<std::vector<std::string>> ReadTiles(std::span<const ledger::Tile> tiles) override {
    std::vector<std::string> out;
    for (const auto& t : tiles) {
      auto path = ledger::TilePath(t);
      if (!path.ok()) return path.status();
      auto data = fetch_(fmt::format("{}/log/{}", base_, *path));
      if (!data.ok()) return data.status();
      if (data->size() != static_cast<std::size_t>(t.W) * ledger::kHashSize) {
        return Status::Invalid(fmt::format("瓦片 {} 的长度不对", *path));
      }
      out.push_back(std::move(*data));
    }
    return out;
  }

 private:
  std::string base_;
  const Fetch& fetch_;
};

Result<ledger::Checkpoint> OpenCheckpoint(const std::string& note, const ledger::Verifier& v) {
  const ledger::Verifier known[] = {v};
  auto opened = ledger::Open(note, known);
  if (!opened.ok()) return opened.status();
  auto c = ledger::ParseCheckpoint(opened->text);
  if (!c.ok()) return c.status();
  if (c->origin != v.name()) return Status::Invalid(fmt::format("日志名称“{}”与验证密钥不符", c->origin));
  return c;
}

Status Remember(const std::string& state_file, const std::string& note) {
  namespace fs = std::filesystem;
  const std::string tmp = state_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << note;
    out.flush();
    if (!out) return Status::Unavailable(fmt::format("无法写入状态文件 {}", tmp));
  }
  std::error_code ec;
  fs::rename(tmp, state_file, ec);
  if (ec) return Status::Unavailable(fmt::format("无法更新状态文件 {}:{}", state_file, ec.message()));
  return Status::Ok();
}

}  // namespace

Result<WatchRound> WatchOnce(const std::string& base_url, const std::string& verifier_key,
                             const std::string& state_file, const Fetch& fetch) {
  auto verifier = ledger::Verifier::FromKey(verifier_key);
  if (!verifier.ok()) return Status::Invalid("验证密钥格式有误:应为 名称+密钥编号+base64");
  std::string base = base_url;
  while (base.ends_with('/')) base.pop_back();

  auto note = fetch(base + "/log/checkpoint");
  if (!note.ok()) return note.status();
  auto now = OpenCheckpoint(*note, *verifier);
  if (!now.ok()) {
    return Alarm(fmt::format("服务器的检查点无法用公布的验证密钥核验({})", now.status().message()));
  }

  WatchRound round;
  round.new_size = now->size;
  std::ifstream in(state_file);
  if (!in) {
    round.first = true;
    SX_RETURN_IF_ERROR(Remember(state_file, *note));
    return round;
  }
  std::stringstream saved;
  saved << in.rdbuf();
  auto before = OpenCheckpoint(saved.str(), *verifier);
  if (!before.ok()) {
    return Status::Invalid(fmt::format("状态文件 {} 中的检查点无法核验:{}", state_file,
                                       before.status().message()));
  }
  round.old_size = before->size;
  if (now->size < before->size) {
    return Alarm(fmt::format("账本回退:之前见到树大小 {},现在只有 {}", before->size, now->size));
  }
  if (now->size == before->size) {
    if (now->root != before->root) {
      return Alarm(fmt::format("账本分叉:树大小 {} 相同而根哈希不同", now->size));
    }
    return round;
  }
  HttpTiles tiles(base, fetch);
  ledger::TileHashReader reader(now->size, now->root, tiles);
  auto proof = ledger::ProveTree(now->size, before->size, reader);
  if (!proof.ok()) {
    if (proof.status().code() == Code::kUnavailable) return proof.status();
    return Alarm(fmt::format("服务器的瓦片与其签名的检查点不符({})", proof.status().message()));
  }
  if (!ledger::CheckTree(*proof, now->size, now->root, before->size, before->root).ok()) {
    return Alarm(fmt::format("账本分叉:树大小 {} 的新检查点不是之前树大小 {} 的延续", now->size,
                             before->size));
  }
  SX_RETURN_IF_ERROR(Remember(state_file, *note));
  return round;
}

}  // namespace sx::services
