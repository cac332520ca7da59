#include "services/ledger_verify.h"

#include <algorithm>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "domain/ledger_event.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "services/agency_service.h"
#include "services/auth_service.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "services/ledger_service.h"
#include "services/people_service.h"
#include "store/agency_repository.h"
#include "store/case_repository.h"
#include "store/deadline_repository.h"
#include "store/ledger_repository.h"
#include "store/officer_repository.h"
#include "store/user_repository.h"

namespace sx::services {

namespace {

// What verification keeps of an object's latest leaf.
struct Leaf {
  std::int64_t index = -1;  // -1: still pending
  std::string digest;       // digests.record; empty when the leaf has none
};

// The kinds of object whose records `ledger verify` re-derives from their tables.
constexpr std::string_view kCovered[] = {
    "agency:",  "auth_event:",     "calendar_year:", "case:",     "deadline:", "document:",
    "officer:", "officer_import:", "power_item:",    "training:", "user:"};

bool Covered(std::string_view object) {
  for (auto prefix : kCovered) {
    if (object.starts_with(prefix)) return true;
  }
  return false;
}

std::string DigestNamed(const domain::LedgerEvent& e, std::string_view name) {
  for (const auto& [n, value] : e.digests) {
    if (n == name) return value;
  }
  return "";
}

// A file the ledger names, and the first leaf that named it.
struct FileRef {
  std::int64_t leaf = -1;
  std::string object;
};

// A range of leaves and the stored hashes they produced, as read from the database.
struct Chunk {
  std::int64_t from = 0;
  std::int64_t count = 0;
  std::vector<store::LeafRef> leaves;  // those present, in index order
  std::int64_t first_hash = 0;         // StoredHashIndex(0, from)
  std::vector<store::LedgerRepository::NumberedHash> hashes;
};

constexpr std::int64_t kChunk = 8192;

}  // namespace

Result<LedgerVerifyReport> VerifyLedger(store::Database& db, const std::string& verifier_key,
                                        const LedgerVerifyOptions& options) {
  auto verifier = ledger::Verifier::FromKey(verifier_key);
  if (!verifier.ok()) return Status::Invalid("验证密钥格式有误:应为 名称+密钥编号+base64");
  const ledger::Verifier known[] = {*verifier};
  auto repo = store::MakeLedgerRepository();
  LedgerVerifyReport report;
  auto add = [&report](std::int64_t leaf, std::string object, std::string message,
                       std::string field = "") {
    report.findings.push_back({leaf, std::move(object), std::move(field), std::move(message)});
  };

  // 1. Re-hash every leaf, compare with the stored hashes, rebuild the tree in memory. Leaves and
  //    hashes are read in ranges, in the order the sequencer wrote them; reading the next range
  //    overlaps with hashing the last one (a second thread), so the scan runs at the speed of the
  //    slower of the two rather than their sum.
  ledger::MemoryHashLog tree;
  std::unordered_map<std::string, Leaf> latest;  // covered object → its latest leaf
  std::map<std::string, FileRef> files;          // file digest → where it was first named
  auto note_file = [&files](const domain::LedgerEvent& e, std::int64_t index) {
    if (std::string file = DigestNamed(e, "file"); !file.empty()) {
      files.emplace(std::move(file), FileRef{index, e.object});
    }
  };
  bool reported_hash = false;
  auto check = [&](const Chunk& chunk) -> Status {
    std::size_t next_leaf = 0, next_hash = 0;
    std::int64_t expected_hash = chunk.first_hash;
    for (std::int64_t index = chunk.from; index < chunk.from + chunk.count; ++index) {
      std::string_view entry;
      if (next_leaf < chunk.leaves.size() && chunk.leaves[next_leaf].index == index) {
        entry = chunk.leaves[next_leaf++].entry;
      } else {
        add(index, fmt::format("leaf:{}", index), "账本叶子缺失(被删除)");
      }
      auto hashes = tree.Append(entry);
      if (!hashes.ok()) return hashes.status();
      // The stored hashes the tiles and proofs are served from must be the recomputed ones.
      for (const auto& h : *hashes) {
        while (next_hash < chunk.hashes.size() && chunk.hashes[next_hash].id < expected_hash) {
          ++next_hash;
        }
        const auto* stored = next_hash < chunk.hashes.size() ? &chunk.hashes[next_hash] : nullptr;
        const bool same =
            stored && stored->id == expected_hash && stored->valid && stored->hash == h;
        if (!same && !reported_hash) {
          add(index, fmt::format("leaf:{}", index),
              "叶子内容或其存储哈希与入账时不一致(叶子或哈希被改动、删除或调换)");
          reported_hash = true;
        }
        ++expected_hash;
      }
      if (entry.empty()) continue;
      auto event = domain::DecodeLedgerEvent(entry);
      if (!event.ok()) {
        add(index, fmt::format("leaf:{}", index), "叶子不是有效的账本事件编码");
        continue;
      }
      if (Covered(event->object))
        latest[event->object] = Leaf{index, DigestNamed(*event, "record")};
      note_file(*event, index);
    }
    report.leaves = chunk.from + chunk.count;
    if (options.progress) options.progress(report.leaves);
    return Status::Ok();
  };
  std::int64_t size = 0;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto n = repo->Size(tx);
    if (!n.ok()) return n.status();
    size = *n;
    tree.Reserve(size);
    // `check` runs on one chunk at a time, each after the previous one finished (get()).
    std::future<Status> checking;
    for (std::int64_t from = 0; from < size; from += kChunk) {
      Chunk chunk;
      chunk.from = from;
      chunk.count = std::min(kChunk, size - from);
      auto leaves = repo->LeafRange(tx, from, chunk.count);
      if (!leaves.ok()) return leaves.status();
      chunk.leaves = std::move(*leaves);
      auto first = ledger::StoredHashIndex(0, from);
      auto end = ledger::StoredHashIndex(0, from + chunk.count);
      if (!first.ok() || !end.ok()) return first.ok() ? end.status() : first.status();
      chunk.first_hash = *first;
      auto stored = repo->HashRange(tx, *first, *end - *first);
      if (!stored.ok()) return stored.status();
      chunk.hashes = std::move(*stored);
      if (checking.valid()) SX_RETURN_IF_ERROR(checking.get());
      checking =
          std::async(std::launch::async, [&check, c = std::move(chunk)] { return check(c); });
    }
    if (checking.valid()) SX_RETURN_IF_ERROR(checking.get());
    // Leaves still waiting for the sequencer count as the latest word on their objects.
    auto pending = repo->Pending(tx, 1000000);
    if (!pending.ok()) return pending.status();
    for (const auto& p : *pending) {
      auto event = domain::DecodeLedgerEvent(p.entry);
      if (!event.ok()) continue;
      if (Covered(event->object)) latest[event->object] = Leaf{-1, DigestNamed(*event, "record")};
      note_file(*event, -1);
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
      add(-1, name,
          fmt::format("检查点签名无法用公布的验证密钥核验:{}", opened.status().message()));
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
          fmt::format("检查点承诺了 {} 个叶子,账本中只有 {} 个(账本被截断或叶子被删除)", c.size,
                      size));
      continue;
    }
    auto root = ledger::TreeHash(c.size, tree);
    if (!root.ok()) return root.status();
    if (*root != parsed->root) {
      add(-1, name, fmt::format("由叶子重新计算的根哈希与已签名检查点(树大小 {})不一致", c.size));
    }
  }

  // 3. The records: each must match the seal behind the digest in its latest leaf, field by
  //    field; none may lack a leaf.
  std::set<std::string> seen;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto compare = [&](const std::string& object, const RecordFields& record) -> Status {
      ++report.records;
      seen.insert(object);
      auto it = latest.find(object);
      if (it == latest.end()) {
        add(-1, object, "记录不在账本中(未经记录的新增或改写)");
        return Status::Ok();
      }
      const Leaf& leaf = it->second;
      auto seal = repo->Seal(tx, leaf.digest);
      if (!seal.ok()) return seal.status();
      if (!*seal || ContentDigest(**seal) != leaf.digest) {
        add(leaf.index, object,
            fmt::format("账本叶子 {} 所记摘要的字段封存{}(ledger_seals 被删改),无法逐字段核对",
                        leaf.index, *seal ? "与摘要不符" : "缺失"));
        return Status::Ok();
      }
      auto changed = ChangedFields(**seal, object, record);
      if (!changed.ok()) {
        add(leaf.index, object, std::string(changed.status().message()));
        return Status::Ok();
      }
      for (const auto& field : *changed) {
        add(leaf.index, object,
            fmt::format("字段 {} 与账本叶子 {} 记录时不一致(记录被改动)", field, leaf.index),
            field);
      }
      return Status::Ok();
    };
    auto rows = tx.Query(
        "SELECT id, at, kind, user_id, username, remote, detail, agency_id FROM auth_events ORDER "
        "BY id");
    if (!rows.ok()) return rows.status();
    for (const auto& r : rows->rows) {
      store::AuthEvent e{r.Text(2), std::nullopt, r.Text(4), r.Text(5), r.Text(6)};
      if (!r.IsNull(3)) e.user_id = r.Int(3);
      if (!r.IsNull(7)) e.agency_id = r.Int(7);
      e.id = r.Int(0);
      e.at = r.Text(1);
      SX_RETURN_IF_ERROR(compare(fmt::format("auth_event:{}", e.id), AuthEventRecord(e)));
    }
    auto officers_repo = store::MakeOfficerRepository();
    auto officers = officers_repo->ListAll(tx);
    if (!officers.ok()) return officers.status();
    for (const auto& o : *officers) {
      SX_RETURN_IF_ERROR(compare(fmt::format("officer:{}", o.id), OfficerRecord(o)));
      auto trainings = officers_repo->ListTrainings(tx, o.id);
      if (!trainings.ok()) return trainings.status();
      for (const auto& t : *trainings) {
        SX_RETURN_IF_ERROR(compare(fmt::format("training:{}", t.id), TrainingRecord(t)));
      }
    }
    auto imports = officers_repo->ListImports(tx);
    if (!imports.ok()) return imports.status();
    for (const auto& i : *imports) {
      SX_RETURN_IF_ERROR(compare(fmt::format("officer_import:{}", i.id), ImportRecord(i)));
    }
    auto agencies = store::MakeAgencyRepository()->List(tx);
    if (!agencies.ok()) return agencies.status();
    auto users = store::MakeUserRepository();
    for (const auto& a : *agencies) {
      SX_RETURN_IF_ERROR(compare(fmt::format("agency:{}", a.id), AgencyRecord(a)));
      auto accounts = users->ListByAgency(tx, a.id);
      if (!accounts.ok()) return accounts.status();
      for (const auto& u : *accounts) {
        SX_RETURN_IF_ERROR(compare(fmt::format("user:{}", u.id), UserAccountRecord(u)));
      }
    }
    auto deadlines = store::MakeDeadlineRepository()->List(tx, {});
    if (!deadlines.ok()) return deadlines.status();
    for (const auto& d : *deadlines) {
      SX_RETURN_IF_ERROR(compare(fmt::format("deadline:{}", d.id), DeadlineRecordFields(d)));
    }
    store::CaseRepository cases;
    auto items = cases.ListPowerItems(tx, std::nullopt);
    if (!items.ok()) return items.status();
    for (const auto& p : *items) {
      SX_RETURN_IF_ERROR(compare(fmt::format("power_item:{}", p.id), PowerItemRecordFields(p)));
    }
    store::CaseFilter all;
    all.limit = std::numeric_limits<int>::max();
    auto case_rows = cases.ListCases(tx, all);
    if (!case_rows.ok()) return case_rows.status();
    for (const auto& c : *case_rows) {
      auto officers = cases.Officers(tx, c.id);
      if (!officers.ok()) return officers.status();
      SX_RETURN_IF_ERROR(compare(fmt::format("case:{}", c.id), CaseRecordFields(c, *officers)));
      auto docs = cases.Documents(tx, c.id);
      if (!docs.ok()) return docs.status();
      for (const auto& d : *docs) {
        SX_RETURN_IF_ERROR(compare(fmt::format("document:{}", d.id), DocumentRecordFields(d)));
      }
    }
    auto years = store::MakeCalendarRepository()->List(tx);  // by year, then version
    if (!years.ok()) return years.status();
    for (std::size_t i = 0; i < years->size();) {
      std::size_t end = i;
      while (end < years->size() && (*years)[end].year == (*years)[i].year) ++end;
      const std::vector<store::CalendarYearRecord> rows(years->begin() + i, years->begin() + end);
      SX_RETURN_IF_ERROR(
          compare(fmt::format("calendar_year:{}", rows.front().year), CalendarYearFields(rows)));
      i = end;
    }
    return Status::Ok();
  }));
  std::vector<std::pair<std::int64_t, std::string>> gone;  // in leaf order, for a stable report
  for (const auto& [object, leaf] : latest) {
    if (!seen.count(object)) gone.emplace_back(leaf.index, object);
  }
  std::sort(gone.begin(), gone.end());
  for (const auto& [index, object] : gone) {
    add(index, object, fmt::format("账本叶子 {} 记录的对象已不在数据库中(记录被删除)", index));
  }

  // 4. The files: each must still be in the blob store with the bytes the ledger recorded.
  for (const auto& [digest, ref] : files) {
    if (!options.blobs) {
      add(ref.leaf, ref.object, fmt::format("未提供文件存储目录,未核验文件 {}", digest), "file");
      continue;
    }
    ++report.files;
    Status st = options.blobs->Check(digest);
    if (st.code() == Code::kNotFound || st.code() == Code::kConflict) {
      add(ref.leaf, ref.object, std::string(st.message()), "file");
    } else if (!st.ok()) {
      return st;
    }
  }
  return report;
}

}  // namespace sx::services
