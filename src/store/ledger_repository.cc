#include "store/ledger_repository.h"

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

  Result<std::vector<std::string>> Leaves(Tx& tx, std::int64_t from, std::int64_t count) override {
    auto rows = tx.Query(
        "SELECT entry FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        {from, from + count});
    if (!rows.ok()) return rows.status();
    std::vector<std::string> out;
    out.reserve(rows->rows.size());
    for (const auto& r : rows->rows) out.push_back(r.Text(0));
    if (static_cast<std::int64_t>(out.size()) != count) {
      return Status::Internal(fmt::format("账本叶子 {}–{} 不完整", from, from + count - 1));
    }
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

std::unique_ptr<LedgerRepository> MakeLedgerRepository() {
  return std::make_unique<SqlLedgerRepository>();
}

}  // namespace sx::store
