#include "store/ledger_repository.h"

#include <algorithm>

#include <sodium.h>

#include <fmt/format.h>

namespace sx::store {

namespace {

std::string Hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

Result<std::string> Unhex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 32) {
    return Status::Internal(fmt::format("账本中的哈希值格式损坏:{}", hex.substr(0, 70)));
  }
  return out;
}

// Lower-case hex only, as the sequencer writes it; false for anything else.
bool DecodeHash(std::string_view hex, std::array<std::uint8_t, 32>& out) {
  static constexpr auto kNibble = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<std::int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<std::int8_t>(c - 'a' + 10);
    return t;
  }();
  if (hex.size() != 64) return false;
  int bad = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = kNibble[static_cast<unsigned char>(hex[2 * i])];
    const int lo = kNibble[static_cast<unsigned char>(hex[2 * i + 1])];
    bad |= hi | lo;  // negative when either is not a hex digit
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return bad >= 0;
}

class SqlLedgerRepository final : public LedgerRepository {
 public:
  Status AppendPending(Tx& tx, std::string_view object, std::string_view entry,
                       std::string_view now) override {
    return tx.Query("INSERT INTO ledger_pending (object, entry, created_at) VALUES ($1, $2, $3)",
                    {std::string(object), std::string(entry), std::string(now)})
        .status();
  }

  Result<std::vector<PendingLeaf>> Pending(Tx& tx, int limit) override {
    auto rows = tx.Query("SELECT id, object, entry FROM ledger_pending ORDER BY id LIMIT $1",
                         {std::int64_t{limit}});
    if (!rows.ok()) return rows.status();
    std::vector<PendingLeaf> out;
    out.reserve(rows->rows.size());
    for (const auto& r : rows->rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
    return out;
  }

  Status DeletePending(Tx& tx, std::span<const std::int64_t> ids) override {
    // Exactly the rows taken: on PostgreSQL other rows in the same id range may commit meanwhile.
    for (std::int64_t id : ids) {
      auto rows = tx.Query("DELETE FROM ledger_pending WHERE id = $1", {id});
      if (!rows.ok()) return rows.status();
      if (rows->affected != 1) {
        return Status::Internal(fmt::format("待入账记录 {} 已不存在(另一个排序器在运行?)", id));
      }
    }
    return Status::Ok();
  }

  Result<std::int64_t> Size(Tx& tx) override {
    // Leaves are numbered 0..n-1 without gaps: the primary key's maximum, not a full count.
    auto rows = tx.Query("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_leaves");
    if (!rows.ok()) return rows.status();
    return rows->rows.at(0).Int(0);
  }

  Status InsertLeaf(Tx& tx, std::int64_t index, std::string_view object, std::string_view entry,
                    std::string_view now) override {
    return tx.Query(
                 "INSERT INTO ledger_leaves (idx, object, entry, integrated_at)"
                 " VALUES ($1, $2, $3, $4)",
                 {index, std::string(object), std::string(entry), std::string(now)})
        .status();
  }

  Result<std::vector<LeafRef>> LeavesOf(Tx& tx, std::string_view object, int limit) override {
    auto rows = tx.Query(
        "SELECT idx, entry FROM ledger_leaves WHERE object = $1 ORDER BY idx LIMIT $2",
        {std::string(object), std::int64_t{limit}});
    if (!rows.ok()) return rows.status();
    std::vector<LeafRef> out;
    for (const auto& r : rows->rows) out.push_back({r.Int(0), r.Text(1)});
    return out;
  }

  Result<std::vector<LeafRef>> LeafRange(Tx& tx, std::int64_t from, std::int64_t count) override {
    std::vector<LeafRef> out;
    out.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(count, 0, 1 << 16)));
    SX_RETURN_IF_ERROR(tx.ForEach(
        "SELECT idx, entry FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        {from, from + count}, [&out](const RowView& r) {
          out.push_back({r.Int(0), std::string(r.Text(1))});
          return Status::Ok();
        }));
    return out;
  }

  Status InsertHashes(Tx& tx, std::int64_t first_index,
                      std::span<const std::string> hashes) override {
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      SX_RETURN_IF_ERROR(tx.Query("INSERT INTO ledger_hashes (id, hash) VALUES ($1, $2)",
                                  {first_index + static_cast<std::int64_t>(i), Hex(hashes[i])})
                             .status());
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> Hashes(Tx& tx, std::span<const std::int64_t> indexes) override {
    std::vector<std::string> out;
    out.reserve(indexes.size());
    for (std::int64_t index : indexes) {
      auto rows = tx.Query("SELECT hash FROM ledger_hashes WHERE id = $1", {index});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) return Status::Internal(fmt::format("账本缺少第 {} 个存储哈希", index));
      auto h = Unhex(rows->rows.front().Text(0));
      if (!h.ok()) return h.status();
      out.push_back(std::move(*h));
    }
    return out;
  }

  Result<std::vector<NumberedHash>> HashRange(Tx& tx, std::int64_t first,
                                              std::int64_t count) override {
    std::vector<NumberedHash> out;
    out.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(count, 0, 1 << 17)));
    SX_RETURN_IF_ERROR(tx.ForEach(
        "SELECT id, hash FROM ledger_hashes WHERE id >= $1 AND id < $2 ORDER BY id",
        {first, first + count}, [&out](const RowView& r) {
          NumberedHash h;
          h.id = r.Int(0);
          h.valid = DecodeHash(r.Text(1), h.hash);
          out.push_back(h);
          return Status::Ok();
        }));
    return out;
  }

  Status InsertSeal(Tx& tx, std::string_view digest, std::string_view object,
                    std::string_view seal) override {
    return tx.Query("INSERT INTO ledger_seals (digest, object, seal) VALUES ($1, $2, $3)",
                    {std::string(digest), std::string(object), std::string(seal)})
        .status();
  }

  Result<std::optional<std::string>> Seal(Tx& tx, std::string_view digest) override {
    auto rows = tx.Query("SELECT seal FROM ledger_seals WHERE digest = $1", {std::string(digest)});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows->rows.front().Text(0));
  }

  Status InsertCheckpoint(Tx& tx, const StoredCheckpoint& c) override {
    return tx.Query(
                 "INSERT INTO ledger_checkpoints (size, root, note, created_at)"
                 " VALUES ($1, $2, $3, $4)",
                 {c.size, Hex(c.root), c.note, c.created_at})
        .status();
  }

  Result<std::optional<StoredCheckpoint>> LatestCheckpoint(Tx& tx) override {
    auto list = Select(tx, "ORDER BY size DESC LIMIT 1");
    if (!list.ok()) return list.status();
    if (list->empty()) return std::optional<StoredCheckpoint>();
    return std::optional<StoredCheckpoint>(std::move(list->front()));
  }

  Result<std::vector<StoredCheckpoint>> Checkpoints(Tx& tx) override {
    return Select(tx, "ORDER BY size");
  }

 private:
  Result<std::vector<StoredCheckpoint>> Select(Tx& tx, std::string_view order) {
    auto rows = tx.Query(
        fmt::format("SELECT size, root, note, created_at FROM ledger_checkpoints {}", order));
    if (!rows.ok()) return rows.status();
    std::vector<StoredCheckpoint> out;
    for (const auto& r : rows->rows) {
      auto root = Unhex(r.Text(1));
      if (!root.ok()) return root.status();
      out.push_back({r.Int(0), std::move(*root), r.Text(2), r.Text(3)});
    }
    return out;
  }
};

}  // namespace

Result<std::vector<std::string>> LedgerRepository::Leaves(Tx& tx, std::int64_t from,
                                                          std::int64_t count) {
  auto range = LeafRange(tx, from, count);
  if (!range.ok()) return range.status();
  if (static_cast<std::int64_t>(range->size()) != count) {
    return Status::Internal(fmt::format("账本叶子 {}–{} 不完整", from, from + count - 1));
  }
  std::vector<std::string> out;
  out.reserve(range->size());
  for (auto& leaf : *range) out.push_back(std::move(leaf.entry));
  return out;
}

std::unique_ptr<LedgerRepository> MakeLedgerRepository() {
  return std::make_unique<SqlLedgerRepository>();
}

}  // namespace sx::store
