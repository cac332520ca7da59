// 执法公示 (docs/disclosure.md): the 事后公开 items drafted from decisions, redacted, published,
// corrected, withdrawn and expired in the open, with their publication deadlines; public search
// (SQLite FTS5 trigram / PostgreSQL pg_trgm) with keyset pages, CSV, Atom and statistics; the
// 事前公开 sections an agency writes and the changes they must follow within 20 working days.
// Every change is a ledger leaf of `disclosure:<id>`; a published revision's leaf carries the
// SHA-256 of its canonical content, which the public page checks in the browser.
//
// Reads return the API's JSON (docs/disclosure.md) directly.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "domain/disclosure.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

// Public search (GET /api/v1/public/disclosures).
struct DisclosureQuery {
  std::string q;  // words, each must occur
  std::optional<std::int64_t> agency_id;
  std::optional<domain::DisclosureKind> kind;
  std::string category;
  std::string target;
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
  bool withdrawn = false;  // the withdrawal notices instead of the published items
  int limit = 20;
  std::string page;  // the previous page's `next`
};

inline constexpr std::size_t kMaxQueryChars = 100;
inline constexpr std::size_t kMaxQueryWords = 5;
inline constexpr int kMaxPageSize = 100;
inline constexpr int kMaxCsvRows = 100'000;
inline constexpr int kFeedEntries = 50;
inline constexpr std::size_t kMaxSectionChars = 20'000;

// Workbench list (GET /api/v1/disclosures).
struct DisclosureWorkQuery {
  std::optional<std::int64_t> agency_id;  // none: every agency `visible` lets through
  std::optional<domain::DisclosureStatus> status;
  bool overdue_only = false;
};

struct Correction {
  std::optional<std::string> target;
  std::optional<std::string> conclusion;
  std::optional<std::string> body;
  std::optional<std::string> category;
};

// 事前公开 sections an agency writes itself.
struct SectionDef {
  std::string_view code;
  std::string_view name;
  std::string_view default_text;
};
const std::vector<SectionDef>& PublicSections();

class DisclosureService {
 public:
  // Everything must outlive the service.
  DisclosureService(store::Database& db, const Clock& clock, CalendarService& calendar,
                    DeadlineService& deadlines)
      : db_(db), clock_(clock), calendar_(calendar), deadlines_(deadlines) {}

  // Drafts the item of a decision inside the step's transaction (CaseService's listener): redacted,
  // its publication deadline opened; withheld (不予公开) when the law says so.
  Status OnDecision(store::Tx& tx, const DecisionNotice& n);
  // Registers OnDecision as `cases`' decision listener.
  void Attach(CaseService& cases);

  // Workbench.
  Result<boost::json::object> List(const DisclosureWorkQuery& q,
                                   const std::function<bool(std::int64_t agency)>& visible);
  Result<boost::json::object> Get(std::int64_t id);
  Result<std::int64_t> AgencyOf(std::int64_t id);
  // The publisher's added masks (never fewer than the automatic ones). On a published item a
  // correction with `reason`.
  Result<boost::json::object> SetManual(std::int64_t id, std::int64_t version,
                                        const std::vector<std::string>& manual,
                                        std::string_view reason, std::int64_t actor_id);
  Result<boost::json::object> Publish(std::int64_t id, std::int64_t version, std::int64_t actor_id);
  Result<boost::json::object> Withhold(std::int64_t id, std::int64_t version,
                                       domain::WithholdReason reason, std::string_view note,
                                       std::int64_t actor_id);
  // 行政处罚法 第48条第2款: the decision was revoked (confirmed illegal, …) on `occurred_on`; the
  // item must come down within 3 working days. Opens that deadline (on the dashboards until
  // Withdraw meets it); kConflict when one is registered already or the item is not up.
  Result<boost::json::object> RegisterRevocation(std::int64_t id, std::int64_t version,
                                                 domain::WithdrawReason reason,
                                                 std::string_view note, domain::Date occurred_on,
                                                 std::int64_t actor_id);
  // Takes the item down (a registered revocation's deadline is met; else one opened from
  // `occurred_on`, default today, and met at once).
  Result<boost::json::object> Withdraw(std::int64_t id, std::int64_t version,
                                       domain::WithdrawReason reason, std::string_view note,
                                       std::optional<domain::Date> occurred_on,
                                       std::int64_t actor_id);
  Result<boost::json::object> Correct(std::int64_t id, std::int64_t version, const Correction& c,
                                      std::string_view reason, std::int64_t actor_id);
  // Takes down every published item whose display period ended before `today`; how many.
  Result<int> ExpireDue(domain::Date today);

  Result<domain::DisplayPolicy> Policy(std::int64_t agency_id);
  Result<domain::DisplayPolicy> SetPolicy(std::int64_t agency_id, const domain::DisplayPolicy& p,
                                          std::int64_t actor_id);

  // Public.
  Result<boost::json::object> Search(const DisclosureQuery& q);
  // kNotFound (detail "expired" in Status::field) for an expired item; the notice only for a
  // withdrawn one.
  Result<boost::json::object> PublicItem(std::int64_t id);
  // Every matching published row (≤ kMaxCsvRows) as CSV with a BOM.
  Result<std::string> Csv(const DisclosureQuery& q);
  Result<std::string> Feed(std::string_view origin);
  Result<boost::json::object> Stats();

  // 事前公开.
  Result<boost::json::object> Sections(std::int64_t agency_id);
  Result<boost::json::object> SetSection(std::int64_t agency_id, std::string_view code,
                                         std::int64_t version, std::string_view content,
                                         std::int64_t actor_id);
  Result<boost::json::object> RegisterChange(std::int64_t agency_id, domain::Date occurred_on,
                                             std::string_view description,
                                             const std::vector<std::string>& sections,
                                             std::int64_t actor_id);

  // The key of the page tokens' MAC, shared by every server process through the database.
  Result<std::string> PageKey();

  // Grows with every change this process makes to what the public sees (publish, correct,
  // withdraw, expire, …): a cache of public answers keyed by it is never stale here. Another
  // process's changes it cannot know of: such a cache must also expire by time.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  struct DisclosureItemRef {
    std::int64_t id;
    std::int64_t agency_id;
    std::string title;
  };
  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }
  // Opens the publish.withdraw deadline of `item` from `occurred`.
  Result<std::int64_t> OpenWithdrawal(store::Tx& tx, const DisclosureItemRef& item,
                                      domain::Date occurred, std::int64_t actor_id);

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  DeadlineService& deadlines_;
  void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  std::mutex key_mu_;
  std::string page_key_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace sx::services
