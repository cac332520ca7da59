#include "services/ledger_verify.h"

#include <map>
#include <optional>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "services/agency_service.h"
#include "services/auth_service.h"
#include "services/ledger_service.h"
#include "services/people_service.h"
#include "store/officer_repository.h"
#include "store/agency_repository.h"
#include "store/ledger_repository.h"

namespace sx::services {

namespace {

namespace json = boost::json;

// What verification needs from a leaf: the object it is about and its record digest.
struct Leaf {
  std::int64_t index = -1;  // -1: still pending
  std::string object;
  std::string digest;  // digests.record; empty when the leaf has none
};

// Nullopt when `entry` is not a ledger event encoding.
std::optional<Leaf> ParseLeaf(std::int64_t index, std::string_view entry) {
  json::error_code ec;
  auto v = json::parse(entry, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::value* object = o ? o->if_contains("object") : nullptr;
  const json::value* type = o ? o->if_contains("type") : nullptr;
  const json::value* digests = o ? o->if_contains("digests") : nullptr;
  if (!object || !object->is_string() || !type || !type->is_string() || !digests ||
      !digests->is_object()) {
    return std::nullopt;
  }
  const json::value* record = digests->as_object().if_contains("record");
  return Leaf{index, std::string(object->as_string()),
              record && record->is_string() ? std::string(record->as_string()) : ""};
}

constexpr std::int64_t kChunk = 4096;

}  // namespace

Result<LedgerVerifyReport> VerifyLedger(store::Database& db, const std::string& verifier_key,
                                        const std::function<void(std::int64_t)>& progress) {
  auto verifier = ledger::Verifier::FromKey(verifier_key);
  if (!verifier.ok()) return Status::Invalid("验证密钥格式有误:应为 名称+密钥编号+base64");
  const ledger::Verifier known[] = {*verifier};
  auto repo = store::MakeLedgerRepository();
  LedgerVerifyReport report;
  auto add = [&report](std::int64_t leaf, std::string object, std::string message) {
    report.findings.push_back({leaf, std::move(object), std::move(message)});
  };

  // 1. Re-hash every leaf, compare with the stored hashes, rebuild the tree in memory.
  ledger::MemoryHashLog tree;
  std::map<std::string, Leaf> latest;  // object → its latest leaf
  std::int64_t size = 0;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto n = repo->Size(tx);
    if (!n.ok()) return n.status();
    size = *n;
    bool reported_hash = false;
    for (std::int64_t from = 0; from < size; from += kChunk) {
      const std::int64_t count = std::min(kChunk, size - from);
      auto entries = repo->Leaves(tx, from, count);
      if (!entries.ok()) return entries.status();
      for (std::int64_t i = 0; i < count; ++i) {
        const std::int64_t index = from + i;
        const std::string& entry = (*entries)[static_cast<std::size_t>(i)];
        auto hashes = tree.Append(entry);
        if (!hashes.ok()) return hashes.status();
        auto first = ledger::StoredHashIndex(0, index);
        if (!first.ok()) return first.status();
        if (!reported_hash) {
          // The stored hashes the tiles and proofs are served from must be the recomputed ones.
          std::vector<std::int64_t> at(hashes->size());
          for (std::size_t k = 0; k < at.size(); ++k) at[k] = *first + static_cast<std::int64_t>(k);
          auto stored = repo->Hashes(tx, at);
          bool same = stored.ok();
          for (std::size_t k = 0; same && k < at.size(); ++k) {
            same = (*stored)[k] == std::string((*hashes)[k].begin(), (*hashes)[k].end());
          }
          if (!same) {
            add(index, fmt::format("leaf:{}", index),
                "叶子内容或其存储哈希与入账时不一致(叶子或哈希被改动、删除或调换)");
            reported_hash = true;
          }
        }
        auto leaf = ParseLeaf(index, entry);
        if (!leaf) {
          add(index, fmt::format("leaf:{}", index), "叶子不是有效的账本事件编码");
          continue;
        }
        latest[leaf->object] = std::move(*leaf);
      }
      report.leaves = from + count;
      if (progress) progress(report.leaves);
    }
    // Leaves still waiting for the sequencer count as the latest word on their objects.
    auto pending = repo->Pending(tx, 1000000);
    if (!pending.ok()) return pending.status();
    for (const auto& p : *pending) {
      if (auto leaf = ParseLeaf(-1, p.entry)) latest[leaf->object] = std::move(*leaf);
    }
    return Status::Ok();
  }));

  // 2. Every checkpoint: signed by the published key, and committing to the recomputed tree.
  std::vector<store::StoredCheckpoint> checkpoints;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto all = repo->Checkpoints(tx);
    if (!all.ok()) return all.status();
    checkpoints = std::move(*all);
    return Status::Ok();
  }));
  report.checkpoints = static_cast<std::int64_t>(checkpoints.size());
  if (checkpoints.empty() && size > 0) add(-1, "checkpoint", "有账本叶子却没有任何检查点");
  for (const auto& c : checkpoints) {
    const std::string name = fmt::format("checkpoint:{}", c.size);
    auto opened = ledger::Open(c.note, known);
    if (!opened.ok()) {
      add(-1, name, fmt::format("检查点签名无法用公布的验证密钥核验:{}", opened.status().message()));
      continue;
    }
    auto parsed = ledger::ParseCheckpoint(opened->text);
    if (!parsed.ok() || parsed->size != c.size) {
      add(-1, name, "检查点正文与其记录的树大小不符");
      continue;
    }
    if (parsed->origin != verifier->name()) {
      add(-1, name, fmt::format("检查点的日志名称“{}”与验证密钥不符", parsed->origin));
    }
    if (c.size > size) {
      add(c.size - 1, name,
          fmt::format("检查点承诺了 {} 个叶子,账本中只有 {} 个(账本被截断或叶子被删除)", c.size, size));
      continue;
    }
    auto root = ledger::TreeHash(c.size, tree);
    if (!root.ok()) return root.status();
    if (*root != parsed->root) {
      add(-1, name, fmt::format("由叶子重新计算的根哈希与已签名检查点(树大小 {})不一致", c.size));
    }
  }

  // 3. The records: each must match the digest in its latest leaf; none may lack a leaf.
  std::set<std::string> seen;
  auto compare = [&](const std::string& object, const std::string& digest) {
    ++report.records;
    seen.insert(object);
    auto it = latest.find(object);
    if (it == latest.end()) {
      add(-1, object, "记录不在账本中(未经记录的新增或改写)");
    } else if (it->second.digest != digest) {
      add(it->second.index, object,
          fmt::format("记录内容与账本叶子 {} 中的摘要不一致(记录被改动)", it->second.index));
    }
  };
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto rows = tx.Query(
        "SELECT id, at, kind, user_id, username, remote, detail, agency_id FROM auth_events ORDER BY id");
    if (!rows.ok()) return rows.status();
    for (const auto& r : rows->rows) {
      store::AuthEvent e{r.Text(2), std::nullopt, r.Text(4), r.Text(5), r.Text(6)};
      if (!r.IsNull(3)) e.user_id = r.Int(3);
      if (!r.IsNull(7)) e.agency_id = r.Int(7);
      e.id = r.Int(0);
      e.at = r.Text(1);
      compare(fmt::format("auth_event:{}", e.id), ContentDigest(CanonicalAuthEvent(e)));
    }
    auto officers_repo = store::MakeOfficerRepository();
    auto officers = officers_repo->ListAll(tx);
    if (!officers.ok()) return officers.status();
    for (const auto& o : *officers) {
      compare(fmt::format("officer:{}", o.id), ContentDigest(CanonicalOfficer(o)));
      auto trainings = officers_repo->ListTrainings(tx, o.id);
      if (!trainings.ok()) return trainings.status();
      for (const auto& t : *trainings) {
        compare(fmt::format("training:{}", t.id), ContentDigest(CanonicalTraining(t)));
      }
    }
    auto agencies = store::MakeAgencyRepository()->List(tx);
    if (!agencies.ok()) return agencies.status();
    for (const auto& a : *agencies) {
      compare(fmt::format("agency:{}", a.id), ContentDigest(CanonicalAgency(a)));
    }
    return Status::Ok();
  }));
  for (const auto& [object, leaf] : latest) {
    const bool covered = object.starts_with("auth_event:") || object.starts_with("agency:") ||
                         object.starts_with("officer:") || object.starts_with("training:");
    if (covered && !seen.count(object)) {
      add(leaf.index, object, fmt::format("账本叶子 {} 记录的对象已不在数据库中(记录被删除)", leaf.index));
    }
  }
  return report;
}

}  // namespace sx::services
