#include "services/ledger_service.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "ledger/checkpoint.h"

namespace sx::services {

namespace {

ledger::Hash ToHash(std::string_view bytes) {
  ledger::Hash h{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), h.size()), h.begin());
  return h;
}

std::string FromHash(const ledger::Hash& h) { return std::string(h.begin(), h.end()); }

// Stored hashes read inside the current transaction, so the sequencer sees what it just wrote.
class TxHashReader final : public ledger::HashReader {
 public:
  TxHashReader(store::Tx& tx, store::LedgerRepository& repo) : tx_(tx), repo_(repo) {}
  Result<std::vector<ledger::Hash>> ReadHashes(std::span<const std::int64_t> indexes) override {
    auto raw = repo_.Hashes(tx_, indexes);
    if (!raw.ok()) return raw.status();
    std::vector<ledger::Hash> out;
    out.reserve(raw->size());
    for (const auto& h : *raw) out.push_back(ToHash(h));
    return out;
  }

 private:
  store::Tx& tx_;
  store::LedgerRepository& repo_;
};

// The advisory lock key of the sequencer on PostgreSQL ("sxlg").
constexpr std::int64_t kSequencerLock = 0x73786c67;

}  // namespace

Status AppendToLedger(store::Tx& tx, const domain::LedgerEvent& e) {
  auto entry = domain::EncodeLedgerEvent(e);
  if (!entry.ok()) return Status::Internal(entry.status().message());  // a programming error
  return store::MakeLedgerRepository()->AppendPending(tx, e.object, *entry, e.at);
}

namespace {

bool IsFieldName(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Field name → "sha256:…", sorted by name; kInternal for a bad or repeated name (a programming
// error in the record's definition).
Result<std::map<std::string, std::string>> FieldDigests(const RecordFields& record) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : record) {
    if (!IsFieldName(name) || !out.emplace(name, ContentDigest(value)).second) {
      return Status::Internal(fmt::format("账本记录字段名不合规或重复:{}", name));
    }
  }
  return out;
}

}  // namespace

Result<std::string> SealRecord(store::Tx& tx, std::string_view object, const RecordFields& record) {
  auto fields = FieldDigests(record);
  if (!fields.ok()) return fields.status();
  unsigned char salt[16];
  randombytes_buf(salt, sizeof salt);
  char salt_hex[sizeof salt * 2 + 1];
  sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
  // Canonical JSON (keys sorted); every string is a checked name, an object id or hex.
  std::string seal = R"({"fields":{)";
  bool first = true;
  for (const auto& [name, digest] : *fields) {
    seal += fmt::format(R"({}"{}":"{}")", first ? "" : ",", name, digest);
    first = false;
  }
  seal += fmt::format(R"(}},"object":"{}","salt":"{}","v":1}})", object, salt_hex);
  std::string digest = ContentDigest(seal);
  SX_RETURN_IF_ERROR(store::MakeLedgerRepository()->InsertSeal(tx, digest, object, seal));
  return digest;
}

Status AppendRecord(store::Tx& tx, domain::LedgerEvent e, const RecordFields& record) {
  auto digest = SealRecord(tx, e.object, record);
  if (!digest.ok()) return digest.status();
  e.digests.emplace_back("record", std::move(*digest));
  return AppendToLedger(tx, e);
}

Status AppendRecordOf(store::Tx& tx, std::int64_t agency, std::string object, std::string_view type,
                      std::int64_t actor, std::string_view at, const RecordFields& record) {
  domain::LedgerEvent e;
  e.type = std::string(type);
  e.agency_id = agency;
  e.object = std::move(object);
  e.actor_id = actor;
  e.at = std::string(at);
  return AppendRecord(tx, std::move(e), record);
}

Result<std::vector<std::string>> ChangedFields(std::string_view seal, std::string_view object,
                                               const RecordFields& record) {
  const Status bad = Status::Invalid(fmt::format("{} 的字段封存格式有误", object));
  boost::json::error_code ec;
  auto v = boost::json::parse(seal, ec);
  const auto* o = ec ? nullptr : v.if_object();
  const auto* sealed = o ? o->if_contains("fields") : nullptr;
  const auto* of = o ? o->if_contains("object") : nullptr;
  if (!sealed || !sealed->is_object() || !of || !of->is_string() || of->as_string() != object) {
    return bad;
  }
  auto now = FieldDigests(record);
  if (!now.ok()) return now.status();
  std::vector<std::string> changed;
  for (const auto& [name, digest] : *now) {
    const auto* was = sealed->as_object().if_contains(name);
    if (!was || !was->is_string() || was->as_string() != digest) changed.push_back(name);
  }
  for (const auto& [name, was] : sealed->as_object()) {
    if (!now->count(std::string(name))) changed.emplace_back(name);
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

std::string ContentDigest(std::string_view content) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return fmt::format("sha256:{}", hex);
}

Result<ledger::NoteKeyPair> LoadOrCreateLedgerKey(const std::string& path,
                                                  const std::string& origin, bool* created) {
  namespace fs = std::filesystem;
  *created = false;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    auto keys = ledger::GenerateKey(origin);
    if (!keys.ok()) return keys.status();
    if (!fs::path(path).parent_path().empty())
      fs::create_directories(fs::path(path).parent_path(), ec);
    const mode_t old = umask(077);
    {
      std::ofstream out(path, std::ios::trunc);
      out << keys->signer_key << "\n" << keys->verifier_key << "\n";
      out.flush();
      if (!out) {
        umask(old);
        return Status::Unavailable(fmt::format("无法写入账本签名密钥文件 {}", path));
      }
    }
    umask(old);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
    *created = true;
    return keys;
  }
  std::ifstream in(path);
  ledger::NoteKeyPair keys;
  if (!std::getline(in, keys.signer_key) || !std::getline(in, keys.verifier_key)) {
    return Status::Invalid(
        fmt::format("账本签名密钥文件 {} 不完整(应为两行:签名密钥、验证密钥)", path));
  }
  auto signer = ledger::Signer::FromKey(keys.signer_key);
  auto verifier = ledger::Verifier::FromKey(keys.verifier_key);
  if (!signer.ok() || !verifier.ok()) {
    return Status::Invalid(fmt::format("账本签名密钥文件 {} 格式有误", path));
  }
  const std::string probe = "sanxiang ledger key check\n";
  const auto sig = signer->SignBytes(probe);
  if (signer->name() != verifier->name() || signer->key_id() != verifier->key_id() ||
      !verifier->VerifyBytes(probe, sig)) {
    return Status::Invalid(fmt::format("账本签名密钥文件 {} 的签名密钥与验证密钥不匹配", path));
  }
  if (signer->name() != origin) {
    return Status::Invalid(fmt::format(
        "账本签名密钥的名称“{}”与配置的日志名称 ledger_origin“{}”不一致", signer->name(), origin));
  }
  return keys;
}

Result<std::unique_ptr<LedgerService>> LedgerService::Create(store::Database& db,
                                                             const Clock& clock,
                                                             const ledger::NoteKeyPair& keys,
                                                             LedgerOptions options) {
  auto signer = ledger::Signer::FromKey(keys.signer_key);
  if (!signer.ok()) return Status::Invalid("账本签名密钥格式有误");
  if (options.origin.empty()) options.origin = signer->name();
  return std::unique_ptr<LedgerService>(
      new LedgerService(db, clock, std::move(*signer), keys.verifier_key, std::move(options)));
}

LedgerService::LedgerService(store::Database& db, const Clock& clock, ledger::Signer signer,
                             std::string verifier_key, LedgerOptions options)
    : db_(db),
      clock_(clock),
      signer_(std::move(signer)),
      verifier_key_(std::move(verifier_key)),
      options_(std::move(options)),
      repo_(store::MakeLedgerRepository()) {}

Result<std::int64_t> LedgerService::Integrate() {
  std::int64_t size = 0;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    if (tx.dialect() == store::Dialect::kPostgres) {
      SX_RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock($1)", {kSequencerLock}).status());
    }
    auto n = repo_->Size(tx);
    if (!n.ok()) return n.status();
    size = *n;
    auto latest = repo_->LatestCheckpoint(tx);
    if (!latest.ok()) return latest.status();
    auto pending = repo_->Pending(tx, options_.batch_size);
    if (!pending.ok()) return pending.status();
    if (pending->empty() && *latest && (*latest)->size == size) return Status::Ok();

    const std::string now = FormatUtc(clock_.Now());
    TxHashReader reader(tx, *repo_);
    std::vector<std::int64_t> ids;
    ids.reserve(pending->size());
    for (const auto& leaf : *pending) {
      auto hashes = ledger::StoredHashes(size, leaf.entry, reader);
      if (!hashes.ok()) return hashes.status();
      auto first = ledger::StoredHashIndex(0, size);
      if (!first.ok()) return first.status();
      std::vector<std::string> raw;
      raw.reserve(hashes->size());
      for (const auto& h : *hashes) raw.push_back(FromHash(h));
      SX_RETURN_IF_ERROR(repo_->InsertHashes(tx, *first, raw));
      SX_RETURN_IF_ERROR(repo_->InsertLeaf(tx, size, leaf.object, leaf.entry, now));
      ids.push_back(leaf.id);
      ++size;
    }
    SX_RETURN_IF_ERROR(repo_->DeletePending(tx, ids));

    auto root = ledger::TreeHash(size, reader);
    if (!root.ok()) return root.status();
    auto text = ledger::FormatCheckpoint({options_.origin, size, *root, {}});
    if (!text.ok()) return text.status();
    const ledger::Signer signers[] = {signer_};
    auto note = ledger::Sign(*text, signers);
    if (!note.ok()) return note.status();
    return repo_->InsertCheckpoint(tx, {size, FromHash(*root), *note, now});
  });
  if (!st.ok()) return st;
  return size;
}

Result<store::StoredCheckpoint> LedgerService::Latest(store::Tx& tx) {
  auto latest = repo_->LatestCheckpoint(tx);
  if (!latest.ok()) return latest.status();
  if (!*latest) return Status::Unavailable("账本尚未生成检查点,请稍后再试");
  return std::move(**latest);
}

Result<std::string> LedgerService::CheckpointNote() {
  std::string note;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = Latest(tx);
    if (!c.ok()) return c.status();
    note = std::move(c->note);
    return Status::Ok();
  }));
  return note;
}

Result<std::string> LedgerService::TileData(const ledger::Tile& tile) {
  std::string out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = Latest(tx);
    if (!c.ok()) return c.status();
    const std::int64_t size = c->size;
    std::int64_t level_size = size;  // nodes at this tile level's bottom
    const int level = tile.L < 0 ? 0 : tile.L;
    for (int i = 0; i < level * tile.H; ++i) level_size >>= 1;
    const std::int64_t start = tile.N * (std::int64_t{1} << tile.H);
    const std::int64_t available =
        std::min<std::int64_t>(level_size - start, std::int64_t{1} << tile.H);
    // Tiles are immutable: a client holding an older checkpoint asks for a narrower partial tile
    // and gets the prefix it expects.
    if (available <= 0 || tile.W > available) {
      return Status::NotFound(fmt::format("该瓦片不在当前检查点(树大小 {})范围内", size));
    }
    if (tile.L == ledger::kEntriesLevel) {
      auto leaves = repo_->Leaves(tx, start, tile.W);
      if (!leaves.ok()) return leaves.status();
      auto bundle = ledger::EncodeEntryBundle(*leaves);
      if (!bundle.ok()) return bundle.status();
      out = std::move(*bundle);
      return Status::Ok();
    }
    TxHashReader reader(tx, *repo_);
    auto data = ledger::ReadTileData(tile, reader);
    if (!data.ok()) return data.status();
    out = std::move(*data);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::LeafRef>> LedgerService::History(std::string_view object) {
  std::vector<store::LeafRef> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = Latest(tx);
    if (!c.ok()) return c.status();
    auto leaves = repo_->LeavesOf(tx, object, 1000);
    if (!leaves.ok()) return leaves.status();
    for (auto& l : *leaves) {
      if (l.index < c->size) out.push_back(std::move(l));  // only what a checkpoint covers
    }
    return Status::Ok();
  }));
  return out;
}

Result<LedgerService::Proof> LedgerService::Inclusion(std::int64_t index) {
  Proof out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = Latest(tx);
    if (!c.ok()) return c.status();
    if (index < 0 || index >= c->size) {
      return Status::NotFound(fmt::format("叶子 {} 不在当前检查点(树大小 {})中", index, c->size));
    }
    TxHashReader reader(tx, *repo_);
    auto p = ledger::ProveRecord(c->size, index, reader);
    if (!p.ok()) return p.status();
    out = {c->size, ToHash(c->root), std::move(*p)};
    return Status::Ok();
  }));
  return out;
}

Result<LedgerService::Proof> LedgerService::Consistency(std::int64_t old_size) {
  Proof out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = Latest(tx);
    if (!c.ok()) return c.status();
    if (old_size < 0 || old_size > c->size) {
      return Status::NotFound(
          fmt::format("树大小 {} 超出当前检查点(树大小 {})", old_size, c->size));
    }
    TxHashReader reader(tx, *repo_);
    auto p = ledger::ProveTree(c->size, old_size, reader);
    if (!p.ok()) return p.status();
    out = {c->size, ToHash(c->root), std::move(*p)};
    return Status::Ok();
  }));
  return out;
}

}  // namespace sx::services
