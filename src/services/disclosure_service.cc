#include "services/disclosure_service.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "domain/amount.h"
#include "domain/ledger_event.h"
#include "domain/redaction.h"
#include "domain/text.h"
#include "ledger/base64.h"
#include "services/json_fields.h"
#include "services/ledger_service.h"
#include "util/clock.h"
#include "util/utf8.h"

namespace sx::services {

namespace json = boost::json;
using domain::DisclosureKind;
using domain::DisclosureStatus;

namespace {

bool ValidUtf8(std::string_view s) { return IsValidUtf8(s); }
std::size_t CharCount(std::string_view s) { return CodePointCount(s).value_or(s.size()); }

// ---- the stored item ------------------------------------------------------------------------

constexpr std::string_view kColumns =
    "d.id, d.agency_id, d.case_id, d.document_id, d.kind, d.status, d.title, d.document_number,"
    " d.target, d.target_kind, d.category, d.conclusion, d.body, d.fine, d.decided_on, d.due_on,"
    " d.deadline_id, d.source, d.manual, d.withhold_reason, d.withhold_note, d.pub_seq,"
    " d.published_on, d.published_at, d.published_by, d.display_until, d.withdraw_reason,"
    " d.withdraw_note, d.withdraw_occurred_on, d.withdrawn_on, d.withdraw_deadline_id,"
    " d.revision, d.content, d.content_digest, d.version, d.created_at, d.updated_at,"
    " a.name";

struct Item {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> document_id;
  DisclosureKind kind = DisclosureKind::kPenalty;
  DisclosureStatus status = DisclosureStatus::kDraft;
  std::string title;
  std::string document_number;
  std::string target;
  std::string target_kind;
  std::string category;
  std::string conclusion;
  std::string body;
  std::optional<std::int64_t> fine;
  std::string decided_on;
  std::optional<std::string> due_on;
  std::optional<std::int64_t> deadline_id;
  std::optional<std::string> source;
  std::string manual;
  std::optional<std::string> withhold_reason;
  std::string withhold_note;
  std::optional<std::int64_t> pub_seq;
  std::optional<std::string> published_on;
  std::optional<std::string> published_at;
  std::optional<std::int64_t> published_by;
  std::optional<std::string> display_until;
  std::optional<std::string> withdraw_reason;
  std::string withdraw_note;
  std::optional<std::string> withdraw_occurred_on;
  std::optional<std::string> withdrawn_on;
  std::optional<std::int64_t> withdraw_deadline_id;
  std::int64_t revision = 0;
  std::optional<std::string> content;
  std::optional<std::string> content_digest;
  std::int64_t version = 0;
  std::string created_at;
  std::string updated_at;
  std::string agency_name;
};

std::optional<std::int64_t> OptInt(const store::Row& r, std::size_t i) {
  return r.IsNull(i) ? std::nullopt : std::optional(r.Int(i));
}

Item ItemOf(const store::Row& r) {
  Item d;
  std::size_t i = 0;
  d.id = r.Int(i++);
  d.agency_id = r.Int(i++);
  d.case_id = OptInt(r, i++);
  d.document_id = OptInt(r, i++);
  d.kind = domain::ParseDisclosureKind(r.Text(i++)).value_or(DisclosureKind::kResult);
  d.status = domain::ParseDisclosureStatus(r.Text(i++)).value_or(DisclosureStatus::kDraft);
  d.title = r.Text(i++);
  d.document_number = r.Text(i++);
  d.target = r.Text(i++);
  d.target_kind = r.Text(i++);
  d.category = r.Text(i++);
  d.conclusion = r.Text(i++);
  d.body = r.Text(i++);
  d.fine = OptInt(r, i++);
  d.decided_on = r.Text(i++);
  d.due_on = r.OptText(i++);
  d.deadline_id = OptInt(r, i++);
  d.source = r.OptText(i++);
  d.manual = r.Text(i++);
  d.withhold_reason = r.OptText(i++);
  d.withhold_note = r.Text(i++);
  d.pub_seq = OptInt(r, i++);
  d.published_on = r.OptText(i++);
  d.published_at = r.OptText(i++);
  d.published_by = OptInt(r, i++);
  d.display_until = r.OptText(i++);
  d.withdraw_reason = r.OptText(i++);
  d.withdraw_note = r.Text(i++);
  d.withdraw_occurred_on = r.OptText(i++);
  d.withdrawn_on = r.OptText(i++);
  d.withdraw_deadline_id = OptInt(r, i++);
  d.revision = r.Int(i++);
  d.content = r.OptText(i++);
  d.content_digest = r.OptText(i++);
  d.version = r.Int(i++);
  d.created_at = r.Text(i++);
  d.updated_at = r.Text(i++);
  d.agency_name = r.Text(i++);
  return d;
}

Result<Item> Load(store::Tx& tx, std::int64_t id) {
  auto r = tx.Query(fmt::format("SELECT {} FROM disclosures d JOIN agencies a ON a.id = "
                                "d.agency_id WHERE d.id = $1",
                                kColumns),
                    {id});
  if (!r.ok()) return r.status();
  if (r->empty()) return Status::NotFound(fmt::format("公示信息 {} 不存在", id));
  return ItemOf(r->rows.front());
}

using store::OptParam;

// Writes back every mutable column and bumps the version.
Status Save(store::Tx& tx, Item& d, std::string_view now) {
  d.updated_at = std::string(now);
  auto r = tx.Query(
      "UPDATE disclosures SET status = $2, target = $3, category = $4, conclusion = $5,"
      " body = $6, source = $7, manual = $8, withhold_reason = $9, withhold_note = $10,"
      " pub_seq = $11, published_on = $12, published_at = $13, published_by = $14,"
      " display_until = $15, withdraw_reason = $16, withdraw_note = $17,"
      " withdraw_occurred_on = $18, withdrawn_on = $19, withdraw_deadline_id = $20,"
      " revision = $21, content = $22, content_digest = $23, version = version + 1,"
      " updated_at = $24 WHERE id = $1 AND version = $25",
      {d.id,
       std::string(domain::DisclosureStatusCode(d.status)),
       d.target,
       d.category,
       d.conclusion,
       d.body,
       OptParam(d.source),
       d.manual,
       OptParam(d.withhold_reason),
       d.withhold_note,
       OptParam(d.pub_seq),
       OptParam(d.published_on),
       OptParam(d.published_at),
       OptParam(d.published_by),
       OptParam(d.display_until),
       OptParam(d.withdraw_reason),
       d.withdraw_note,
       OptParam(d.withdraw_occurred_on),
       OptParam(d.withdrawn_on),
       OptParam(d.withdraw_deadline_id),
       d.revision,
       OptParam(d.content),
       OptParam(d.content_digest),
       d.updated_at,
       d.version});
  if (!r.ok()) return r.status();
  if (r->affected != 1) return Status::Conflict("公示信息已被他人修改,请刷新后重试");
  ++d.version;
  return Status::Ok();
}

// ---- redaction --------------------------------------------------------------------------------

// The unredacted fields and what redaction needs to know, kept while the item can change.
struct Source {
  std::string target;
  std::string conclusion;
  std::string body;
  domain::RedactionContext context;
};

std::string SourceJson(const Source& s) {
  return json::serialize(json::object{{"target", s.target},
                                      {"conclusion", s.conclusion},
                                      {"body", s.body},
                                      {"persons", Strings(s.context.person_names)},
                                      {"addresses", Strings(s.context.addresses)},
                                      {"keep", Strings(s.context.keep)}});
}

Result<Source> ParseSource(const std::optional<std::string>& text) {
  if (!text) return Status::Conflict("该公示信息的原文已随撤下清除,不能再修改");
  json::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_object()) return Status::Internal("公示原文记录损坏");
  const auto& o = v.as_object();
  Source s;
  auto text_of = [&o](std::string_view k) {
    const auto* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  s.target = text_of("target");
  s.conclusion = text_of("conclusion");
  s.body = text_of("body");
  s.context.person_names = StringsOf(o.if_contains("persons"));
  s.context.addresses = StringsOf(o.if_contains("addresses"));
  s.context.keep = StringsOf(o.if_contains("keep"));
  return s;
}

std::vector<std::string> ManualOf(const std::string& text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? std::vector<std::string>{} : StringsOf(&v);
}

domain::RedactionContext ContextWith(const Source& s, const std::vector<std::string>& manual) {
  domain::RedactionContext c = s.context;
  c.manual = manual;
  return c;
}

// Redacts the three fields of `s` into `d` with the publisher's masks.
void ApplyRedaction(const Source& s, const std::vector<std::string>& manual, Item& d) {
  const domain::RedactionContext c = ContextWith(s, manual);
  d.target = domain::Redact(s.target, c).text;
  d.conclusion = domain::Redact(s.conclusion, c).text;
  d.body = domain::Redact(s.body, c).text;
}

// The segments of one field for the publisher's screen: kept text and highlighted redactions.
json::array Segments(std::string_view original, const domain::RedactionContext& c) {
  const domain::RedactedText r = domain::Redact(original, c);
  json::array out;
  std::size_t at = 0;
  for (const auto& x : r.redactions) {
    if (x.begin > at) {
      out.push_back(json::object{{"text", original.substr(at, x.begin - at)}, {"redacted", false}});
    }
    out.push_back(json::object{{"text", x.replacement},
                               {"redacted", true},
                               {"kind", domain::RedactionKindCode(x.kind)},
                               {"kindName", domain::RedactionKindName(x.kind)},
                               {"original", original.substr(x.begin, x.end - x.begin)}});
    at = x.end;
  }
  if (at < original.size()) {
    out.push_back(json::object{{"text", original.substr(at)}, {"redacted", false}});
  }
  return out;
}

std::string CnYuan(std::int64_t yuan) { return domain::FormatYuan(yuan); }

// 执法结论 in words, from the outcome (the cause may name people: it is redacted like the rest).
std::string ConclusionOf(const DecisionNotice& n) {
  const std::string cause = n.cause.empty() ? std::string() : n.cause + "。";
  switch (n.outcome) {
    case domain::Outcome::kPenalty:
      return n.fine && *n.fine > 0 ? fmt::format("{}依据{},决定给予罚款人民币{}的行政处罚。", cause,
                                                 n.basis, CnYuan(*n.fine))
                                   : fmt::format("{}依据{},决定给予行政处罚。", cause, n.basis);
    case domain::Outcome::kNoPenalty:
      return fmt::format("{}违法行为轻微并及时改正,依法不予行政处罚。", cause);
    case domain::Outcome::kNotEstablished:
      return fmt::format("{}违法事实不能成立,不予行政处罚。", cause);
    case domain::Outcome::kTransfer:
      return fmt::format("{}涉嫌犯罪,移送司法机关。", cause);
    case domain::Outcome::kOrder:
      return fmt::format("{}依据{},责令限期办理。", cause, n.basis);
  }
  return cause;
}

// ---- canonical content and the ledger ---------------------------------------------------------

// What is published, as the canonical JSON whose SHA-256 the ledger leaf holds (keys in this
// order, compact, as boost::json serializes an object in insertion order).
std::string CanonicalContent(const Item& d) {
  json::object o;
  o["v"] = 1;
  o["id"] = d.id;
  o["agencyId"] = d.agency_id;
  o["agency"] = d.agency_name;
  o["kind"] = domain::DisclosureKindCode(d.kind);
  o["title"] = d.title;
  o["documentNumber"] = d.document_number;
  o["target"] = d.target;
  o["category"] = d.category;
  o["conclusion"] = d.conclusion;
  o["body"] = d.body;
  o["decidedOn"] = d.decided_on;
  o["publishedOn"] = d.published_on.value_or("");
  o["revision"] = d.revision;
  return json::serialize(o);
}

RecordFields FieldsOf(const Item& d) {
  return {{"agency_id", std::to_string(d.agency_id)},
          {"case_id", d.case_id ? std::to_string(*d.case_id) : ""},
          {"kind", std::string(domain::DisclosureKindCode(d.kind))},
          {"status", std::string(domain::DisclosureStatusCode(d.status))},
          {"document_number", d.document_number},
          {"revision", std::to_string(d.revision)},
          {"content_digest", d.content_digest.value_or("")},
          {"withhold_reason", d.withhold_reason.value_or("")},
          {"withdraw_reason", d.withdraw_reason.value_or("")},
          {"display_until", d.display_until.value_or("")}};
}

Status Record(store::Tx& tx, const Item& d, std::string_view type, std::int64_t actor,
              std::string_view now) {
  domain::LedgerEvent e;
  e.type = std::string(type);
  e.agency_id = d.agency_id;
  e.object = fmt::format("disclosure:{}", d.id);
  e.actor_id = actor;
  e.at = std::string(now);
  if (d.content_digest && d.status == DisclosureStatus::kPublished) {
    e.digests.emplace_back("content", *d.content_digest);
  }
  return AppendRecord(tx, std::move(e), FieldsOf(d));
}

Status AddRevision(store::Tx& tx, const Item& d, std::string_view kind, std::string_view reason,
                   const std::vector<std::string>& fields, std::int64_t actor,
                   std::string_view now) {
  return tx
      .Query(
          "INSERT INTO disclosure_revisions (disclosure_id, revision, kind, at, reason, fields,"
          " digest, actor_id) VALUES ($1, (SELECT COALESCE(MAX(revision), 0) + 1 FROM"
          " disclosure_revisions WHERE disclosure_id = $1), $2, $3, $4, $5, $6, $7)",
          {d.id, std::string(kind), std::string(now), std::string(reason),
           json::serialize(Strings(fields)), OptParam(d.content_digest), actor})
      .status();
}

// ---- the search index -------------------------------------------------------------------------

std::string SearchText(const Item& d) {
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}", d.title, d.document_number, d.target, d.category,
                     d.conclusion, d.body, d.agency_name);
}

// The code points of well-formed UTF-8 `s` as their byte ranges (malformed bytes are skipped).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
    if (n == 0 || i + n > s.size()) {
      ++i;
      continue;
    }
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool IsSpace(std::string_view c) {
  return c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\xE3\x80\x80";
}

// A character pg_trgm counts as part of a word: ASCII letters and digits, and (in a UTF-8
// database) letters beyond ASCII — approximated by everything from U+3400 on.
bool IsWordChar(std::string_view c) {
  if (c.size() == 1) return std::isalnum(static_cast<unsigned char>(c[0])) != 0;
  return c.size() == 3 && static_cast<unsigned char>(c[0]) >= 0xE3 &&
         !(static_cast<unsigned char>(c[0]) == 0xE3 && static_cast<unsigned char>(c[1]) < 0x90);
}

constexpr std::string_view kPairEnd = "\xE2\x90\x9F";  // U+241F ␟

// Every pair of adjacent characters of the short fields, for two-character words: "ab␟" per pair
// (SQLite, trigram tokenizer) or " ab " (PostgreSQL, pg_trgm words; word characters only).
std::string Pairs(const Item& d, bool postgres) {
  std::string out;
  for (const std::string* field :
       {&d.title, &d.document_number, &d.target, &d.category, &d.conclusion}) {
    const auto cps = CodePoints(*field);
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      if (IsSpace(cps[i]) || IsSpace(cps[i + 1])) continue;
      if (postgres) {
        if (!IsWordChar(cps[i]) || !IsWordChar(cps[i + 1])) continue;
        out += " ";
        out += cps[i];
        out += cps[i + 1];
        out += " ";
      } else {
        out += cps[i];
        out += cps[i + 1];
        out += kPairEnd;
      }
    }
  }
  return out;
}

Status Index(store::Tx& tx, const Item& d) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    return tx
        .Query("UPDATE disclosures SET search_text = $2, search_pairs = $3 WHERE id = $1",
               {d.id, SearchText(d), Pairs(d, true)})
        .status();
  }
  SX_RETURN_IF_ERROR(
      tx.Query("DELETE FROM disclosure_search WHERE rowid = $1", {*d.pub_seq}).status());
  return tx
      .Query(
          "INSERT INTO disclosure_search (rowid, text, pairs, agency_id, kind, category,"
          " published_on, target) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {*d.pub_seq, SearchText(d), Pairs(d, false), d.agency_id,
           std::string(domain::DisclosureKindCode(d.kind)), d.category, d.published_on.value_or(""),
           d.target})
      .status();
}

Status Unindex(store::Tx& tx, const Item& d) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    return tx
        .Query("UPDATE disclosures SET search_text = NULL, search_pairs = NULL WHERE id = $1",
               {d.id})
        .status();
  }
  if (!d.pub_seq) return Status::Ok();
  return tx.Query("DELETE FROM disclosure_search WHERE rowid = $1", {*d.pub_seq}).status();
}

// Takes the content down: from view, search and the stored source; the digests stay.
void ClearContent(Item& d) {
  d.target.clear();
  d.conclusion.clear();
  d.body.clear();
  d.content.reset();
  d.source.reset();
  d.manual = "[]";
}

// ---- JSON views --------------------------------------------------------------------------------

json::value Opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(); }
json::value Opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value();
}

std::string_view RevisionKindName(std::string_view kind) {
  if (kind == "published") return "发布";
  if (kind == "corrected") return "更正";
  if (kind == "withdrawn") return "撤下";
  if (kind == "expired") return "公示期满撤下";
  return kind;
}

Result<json::array> History(store::Tx& tx, std::int64_t id) {
  auto r = tx.Query(
      "SELECT revision, kind, at, reason, fields, digest FROM disclosure_revisions"
      " WHERE disclosure_id = $1 ORDER BY revision",
      {id});
  if (!r.ok()) return r.status();
  json::array out;
  for (const auto& row : r->rows) {
    json::error_code ec;
    json::value fields = json::parse(row.Text(4), ec);
    if (ec) fields = json::array();
    out.push_back(json::object{{"revision", row.Int(0)},
                               {"kind", row.Text(1)},
                               {"kindName", RevisionKindName(row.Text(1))},
                               {"at", row.Text(2)},
                               {"reason", row.Text(3)},
                               {"fields", std::move(fields)},
                               {"digest", Opt(row.OptText(5))}});
  }
  return out;
}

json::object Summary(const Item& d) {
  json::object o{{"id", d.id},
                 {"agencyId", d.agency_id},
                 {"agencyName", d.agency_name},
                 {"kind", domain::DisclosureKindCode(d.kind)},
                 {"kindName", domain::DisclosureKindName(d.kind)},
                 {"status", domain::DisclosureStatusCode(d.status)},
                 {"title", d.title},
                 {"documentNumber", d.document_number},
                 {"decidedOn", d.decided_on},
                 {"publishedOn", Opt(d.published_on)},
                 {"revision", d.revision}};
  if (d.status == DisclosureStatus::kWithdrawn) {
    o["withdrawnOn"] = Opt(d.withdrawn_on);
    o["withdrawReason"] = Opt(d.withdraw_reason);
    const auto reason =
        d.withdraw_reason ? domain::ParseWithdrawReason(*d.withdraw_reason) : std::nullopt;
    o["withdrawReasonName"] = reason ? json::value(domain::WithdrawReasonName(*reason)) : nullptr;
  } else {
    o["target"] = d.target;
    o["category"] = d.category;
    o["conclusion"] = d.conclusion;
  }
  return o;
}

json::object Notice(const Item& d, json::array history) {
  json::object o = Summary(d);
  o["statusName"] = domain::DisclosureStatusName(d.status);
  o["withdrawNote"] = d.withdraw_note;
  o["history"] = std::move(history);
  o["ledgerObject"] = fmt::format("disclosure:{}", d.id);
  return o;
}

json::object PublicView(const Item& d, json::array history) {
  json::object o = Summary(d);
  o["statusName"] = domain::DisclosureStatusName(d.status);
  o["targetKind"] = d.target_kind;
  o["body"] = d.body;
  o["displayUntil"] = Opt(d.display_until);
  o["content"] = Opt(d.content);
  o["contentDigest"] = Opt(d.content_digest);
  o["ledgerObject"] = fmt::format("disclosure:{}", d.id);
  o["history"] = std::move(history);
  return o;
}

// ---- page tokens ------------------------------------------------------------------------------

std::string Mac(const std::string& key, std::string_view text) {
  std::array<unsigned char, 16> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size());
  std::string hex(out.size() * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, out.data(), out.size());
  return hex;
}

// "<pub_seq>.<mac>": the position after which the next page starts; any change breaks the MAC.
std::string PageToken(const std::string& key, std::int64_t after) {
  const std::string pos = std::to_string(after);
  return pos + "." + Mac(key, "disclosures:" + pos);
}

Result<std::int64_t> ParsePageToken(const std::string& key, std::string_view token) {
  const auto bad = [] {
    return Status::Invalid("分页标记无效或已被改动,请从第一页重新查询").WithField("page");
  };
  const std::size_t dot = token.find('.');
  if (token.size() > 80 || dot == std::string_view::npos) return bad();
  const std::string_view pos = token.substr(0, dot);
  const std::string mac = Mac(key, "disclosures:" + std::string(pos));
  const std::string_view given = token.substr(dot + 1);
  if (given.size() != mac.size() || sodium_memcmp(given.data(), mac.data(), mac.size()) != 0) {
    return bad();
  }
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(pos.data(), pos.data() + pos.size(), v);
  if (ec != std::errc() || p != pos.data() + pos.size() || v < 0) return bad();
  return v;
}

// ---- search -----------------------------------------------------------------------------------

// The words of `q`: split on white space (ASCII and 全角), at most kMaxQueryWords.
Result<std::vector<std::string>> Words(std::string_view q,
                                       std::vector<std::string>* ignored = nullptr) {
  if (!ValidUtf8(q)) return Status::Invalid("查询内容不是有效的文字").WithField("q");
  if (CharCount(q) > kMaxQueryChars) {
    return Status::Invalid(fmt::format("查询内容过长(最多 {} 个字)", kMaxQueryChars))
        .WithField("q");
  }
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < q.size();) {
    if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
      flush();
      ++i;
    } else if (q.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      flush();
      i += 3;
    } else {
      cur.push_back(q[i++]);
    }
  }
  flush();
  if (words.size() > kMaxQueryWords) {
    return Status::Invalid(fmt::format("查询词过多(最多 {} 个)", kMaxQueryWords)).WithField("q");
  }
  // A single character says too little to search for (and no index finds it): left out, and
  // said so; a query of nothing else is refused.
  std::vector<std::string> kept;
  for (auto& w : words) {
    if (CharCount(w) >= 2) {
      kept.push_back(std::move(w));
    } else if (ignored != nullptr) {
      ignored->push_back(std::move(w));
    }
  }
  if (kept.empty() && !words.empty()) {
    return Status::Invalid("检索词太短:每个词至少两个字").WithField("q");
  }
  return kept;
}

// A LIKE pattern matching `word` literally anywhere (escape character '\').
std::string LikeAnywhere(std::string_view word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

// An FTS5 phrase matching `word` literally: inside double quotes, a quote is doubled.
std::string Phrase(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// The published rows in pub_seq order (newest first) matching the query, `limit` of them after
// `after` (exclusive; none: from the newest).
Result<std::vector<Item>> Find(store::Tx& tx, const DisclosureQuery& q,
                               const std::vector<std::string>& words,
                               std::optional<std::int64_t> after, int limit) {
  std::vector<store::Param> params;
  auto arg = [&params](store::Param p) {
    params.push_back(std::move(p));
    return fmt::format("${}", params.size());
  };
  std::string where = q.withdrawn ? "d.status = 'withdrawn'" : "d.status = 'published'";
  std::string from = "disclosures d JOIN agencies a ON a.id = d.agency_id";
  std::string order = "d.pub_seq DESC";
  const bool postgres = tx.dialect() == store::Dialect::kPostgres;
  // Words of three characters or more go through the trigram index; shorter ones are checked
  // on the rows the other conditions leave (newest first, so a page usually ends early).
  // Words of three characters or more go through the trigram index of the text; two-character
  // words through the pairs of the short fields. The withdrawal notices are few: scanned.
  std::vector<std::string> long_words, pairs;
  for (const auto& w : words) (CharCount(w) >= 3 ? long_words : pairs).push_back(w);
  // A target of three characters or more also narrows through the index (it is in the text).
  if (!q.withdrawn && CharCount(q.target) >= 3) long_words.push_back(q.target);
  std::string seq = "d.pub_seq";
  if (q.withdrawn) {
    for (const auto& w : words) {
      where += fmt::format(" AND (d.title || ' ' || d.document_number) LIKE {} ESCAPE '\\'",
                           arg(LikeAnywhere(w)));
    }
  } else if (postgres) {
    for (const auto& w : long_words) {
      where += fmt::format(" AND d.search_text ILIKE {} ESCAPE '\\'", arg(LikeAnywhere(w)));
    }
    for (const auto& w : pairs) {
      const auto cps = CodePoints(w);
      if (cps.size() == 2 && IsWordChar(cps[0]) && IsWordChar(cps[1])) {
        where += fmt::format(" AND d.search_pairs ILIKE {} ESCAPE '\\'",
                             arg(LikeAnywhere(" " + w + " ")));
      } else {
        where += fmt::format(" AND d.search_text ILIKE {} ESCAPE '\\'", arg(LikeAnywhere(w)));
      }
    }
  } else if (!long_words.empty() || !pairs.empty()) {
    std::string match;
    for (const auto& w : long_words) {
      match += fmt::format("{}text : {}", match.empty() ? "" : " AND ", Phrase(w));
    }
    for (const auto& w : pairs) {
      match += fmt::format("{}pairs : {}", match.empty() ? "" : " AND ",
                           Phrase(w + std::string(kPairEnd)));
    }
    from =
        "disclosure_search s JOIN disclosures d ON d.pub_seq = s.rowid JOIN agencies a ON "
        "a.id = d.agency_id";
    where += fmt::format(" AND disclosure_search MATCH {}", arg(match));
    seq = "s.rowid";
  }
  order = seq + " DESC";
  if (q.agency_id) where += fmt::format(" AND d.agency_id = {}", arg(*q.agency_id));
  if (q.kind) {
    where += fmt::format(" AND d.kind = {}", arg(std::string(domain::DisclosureKindCode(*q.kind))));
  }
  if (!q.category.empty()) where += fmt::format(" AND d.category = {}", arg(q.category));
  if (!q.target.empty() && !q.withdrawn) {
    where += fmt::format(" AND d.target LIKE {} ESCAPE '\\'", arg(LikeAnywhere(q.target)));
  }
  const std::string_view date_col = q.withdrawn ? "d.withdrawn_on" : "d.published_on";
  if (q.from) where += fmt::format(" AND {} >= {}", date_col, arg(domain::FormatDate(*q.from)));
  if (q.to) where += fmt::format(" AND {} <= {}", date_col, arg(domain::FormatDate(*q.to)));
  if (!q.withdrawn) {
    // pub_seq follows the publication date, so a date range is a pub_seq range: found through
    // the (published_on, pub_seq) index, it lets the scan start and stop in the right place.
    auto bound = [&](bool lower, const domain::Date& d) -> Result<std::optional<std::int64_t>> {
      auto r = tx.Query(
          lower ? "SELECT pub_seq FROM disclosures WHERE published_on >= $1 AND pub_seq IS NOT"
                  " NULL ORDER BY published_on, pub_seq LIMIT 1"
                : "SELECT pub_seq FROM disclosures WHERE published_on <= $1 AND pub_seq IS NOT"
                  " NULL ORDER BY published_on DESC, pub_seq DESC LIMIT 1",
          {domain::FormatDate(d)});
      if (!r.ok()) return r.status();
      if (r->empty()) return std::optional<std::int64_t>();
      return std::optional(r->rows.front().Int(0));
    };
    if (q.from) {
      auto lo = bound(true, *q.from);
      if (!lo.ok()) return lo.status();
      if (!*lo) return std::vector<Item>{};
      where += fmt::format(" AND {} >= {}", seq, arg(**lo));
    }
    if (q.to) {
      auto hi = bound(false, *q.to);
      if (!hi.ok()) return hi.status();
      if (!*hi) return std::vector<Item>{};
      where += fmt::format(" AND {} <= {}", seq, arg(**hi));
    }
  }
  if (after) where += fmt::format(" AND {} < {}", seq, arg(*after));
  const std::string sql = fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT {}", kColumns,
                                      from, where, order, arg(static_cast<std::int64_t>(limit)));
  std::vector<Item> out;
  SX_RETURN_IF_ERROR(tx.ForEach(sql, params, [&out](const store::RowView& v) {
    std::vector<std::optional<std::string>> values;
    for (std::size_t i = 0; i < 38; ++i) {
      values.push_back(v.IsNull(i) ? std::nullopt : std::optional(std::string(v.Text(i))));
    }
    out.push_back(ItemOf(store::Row(std::move(values))));
    return Status::Ok();
  }));
  return out;
}

// ---- CSV and Atom -----------------------------------------------------------------------------

// RFC 4180 field; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
std::string CsvField(std::string_view v) {
  std::string s(v);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string Xml(std::string_view v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML 1.0 forbids most control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out.push_back(c);
    }
  }
  return out;
}

// ---- policy -------------------------------------------------------------------------------------

Result<domain::DisplayPolicy> LoadPolicy(store::Tx& tx, std::int64_t agency_id) {
  auto r = tx.Query(
      "SELECT short_months, long_years, small_citizen, small_organisation FROM"
      " disclosure_policies WHERE agency_id = $1",
      {agency_id});
  if (!r.ok()) return r.status();
  domain::DisplayPolicy p;
  if (!r->empty()) {
    const auto& row = r->rows.front();
    p.short_months = static_cast<int>(row.Int(0));
    p.long_years = static_cast<int>(row.Int(1));
    p.small_fine_citizen_yuan = row.Int(2);
    p.small_fine_organisation_yuan = row.Int(3);
  }
  return p;
}

Status CheckVersion(const Item& d, std::int64_t version) {
  if (d.version != version) {
    return Status::Conflict(fmt::format(
        "公示信息已被他人修改(当前版本 {},提交的是 {}),请刷新后重试", d.version, version));
  }
  return Status::Ok();
}

Status CheckReason(std::string_view reason, std::string_view label, std::string field,
                   bool required) {
  if (required && reason.empty()) {
    return Status::Invalid(fmt::format("请填写{}", label)).WithField(std::move(field));
  }
  if (!ValidUtf8(reason) || CharCount(reason) > domain::kMaxDisclosureReasonChars) {
    return Status::Invalid(fmt::format("{}最多 {} 个字", label, domain::kMaxDisclosureReasonChars))
        .WithField(std::move(field));
  }
  return Status::Ok();
}

std::string_view FieldName(std::string_view f) {
  if (f == "target") return "执法对象";
  if (f == "conclusion") return "执法结论";
  if (f == "body") return "决定书正文";
  if (f == "category") return "执法类别";
  return f;
}

}  // namespace

// ---- 事前公开 sections ---------------------------------------------------------------------

const std::vector<SectionDef>& PublicSections() {
  static const std::vector<SectionDef> kSections = {
      {"standing", "主体资格",
       "本机关依照法律、法规的规定行使行政执法职权,执法主体资格及职权依据见下方主体信息。"},
      {"guide", "服务指南",
       "行政执法事项的名称、依据、受理机构、审批机构、受理条件、办理程序和办理时限,见权责清单及"
       "执法流程图。办理咨询请于工作日到本机关服务窗口或拨打服务热线。"},
      {"remedy", "救济渠道",
       "公民、法人或者其他组织对本机关作出的行政行为不服的,可以自知道该行政行为之日起六十日内"
       "依法申请行政复议(《中华人民共和国行政复议法》第二十条),或者自知道或者应当知道作出行政"
       "行为之日起六个月内依法向人民法院提起行政诉讼(《中华人民共和国行政诉讼法》第四十六条)。"},
      {"supervision", "监督方式",
       "对本机关行政执法人员的执法行为,可以向本机关或者同级司法行政部门投诉、举报;本平台公布的"
       "执法证件可在“执法证查询”中核验。"},
      {"inspection", "随机抽查事项清单",
       "本机关随机抽查事项清单包括抽查事项名称、抽查依据、抽查主体、抽查对象、抽查比例、抽查频次、"
       "抽查方式和抽查内容,按照“双随机、一公开”的要求实施。"},
  };
  return kSections;
}

namespace {

const SectionDef* FindSection(std::string_view code) {
  for (const auto& s : PublicSections()) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

}  // namespace

// ---- drafting --------------------------------------------------------------------------------

void DisclosureService::Attach(CaseService& cases) {
  cases.SetDecisionListener(
      [this](store::Tx& tx, const DecisionNotice& n) { return OnDecision(tx, n); });
}

Status DisclosureService::OnDecision(store::Tx& tx, const DecisionNotice& n) {
  const std::string now = FormatUtc(clock_.Now());
  const bool citizen = n.party.kind == domain::PartyKind::kCitizen;
  domain::PublicationFacts facts;
  facts.outcome = n.outcome;
  facts.party = n.party.kind;
  facts.party_id_number = n.party.id_number;
  facts.decided_on = n.decided_on;
  facts.fine_yuan = n.fine.value_or(0);
  const domain::PublicationPlan plan = domain::PlanPublication(facts);

  Source src;
  src.target = n.party.name;
  src.conclusion = ConclusionOf(n);
  if (plan.kind == DisclosureKind::kPenalty) src.body = n.document_text;
  if (citizen) src.context.person_names.push_back(n.party.name);
  if (!n.party.representative.empty()) src.context.person_names.push_back(n.party.representative);
  if (citizen && !n.party.address.empty()) src.context.addresses.push_back(n.party.address);
  for (const auto& p : n.other_persons) src.context.person_names.push_back(p);
  for (const auto& a : n.other_addresses) src.context.addresses.push_back(a);
  src.context.keep = n.officer_names;
  if (!citizen) src.context.keep.push_back(n.party.name);
  src.context.keep.push_back(n.agency_name);

  Item d;
  d.agency_id = n.agency_id;
  d.agency_name = n.agency_name;
  d.kind = plan.kind;
  ApplyRedaction(src, {}, d);
  if (citizen) d.target = domain::MaskName(n.party.name);
  d.category = n.category;
  d.title = n.document_number.empty() ? fmt::format("{} {}", n.document_title, n.case_number)
                                      : fmt::format("{} {}", n.document_title, n.document_number);

  std::optional<std::int64_t> deadline;
  std::optional<std::string> due;
  std::optional<std::string> withhold;
  std::string withhold_note;
  if (plan.withhold) {
    withhold = std::string(domain::WithholdReasonCode(*plan.withhold));
    withhold_note = fmt::format("依 {} 不予公开(系统根据案件情况自动判定)",
                                domain::WithholdReasonBasis(*plan.withhold));
    // Nothing of the party is kept for publication that will never happen.
    d.target.clear();
    d.conclusion.clear();
    d.body.clear();
  }
  auto id = tx.Query(
      "INSERT INTO disclosures (agency_id, case_id, document_id, kind, status, title,"
      " document_number, target, target_kind, category, conclusion, body, fine, decided_on,"
      " source, withhold_reason, withhold_note, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
      " $18) RETURNING id",
      {n.agency_id, n.case_id > 0 ? store::Param(n.case_id) : store::Param(nullptr),
       OptParam(n.document_id), std::string(domain::DisclosureKindCode(d.kind)),
       std::string(plan.withhold ? "withheld" : "draft"), d.title, n.document_number, d.target,
       std::string(citizen ? "citizen" : "organisation"), d.category, d.conclusion, d.body,
       OptParam(n.fine), domain::FormatDate(n.decided_on),
       plan.withhold ? store::Param(nullptr) : store::Param(SourceJson(src)), OptParam(withhold),
       withhold_note, now});
  if (!id.ok()) return id.status();
  d.id = id->rows.front().Int(0);
  d.status = plan.withhold ? DisclosureStatus::kWithheld : DisclosureStatus::kDraft;
  d.version = 1;
  d.withhold_reason = withhold;
  if (!plan.withhold) {
    OpenDeadline od;
    od.agency_id = n.agency_id;
    od.rule_code = std::string(domain::PublicationDeadlineRule(plan.kind));
    od.subject = fmt::format("{}公示:{}", domain::DisclosureKindName(plan.kind), d.title);
    if (CharCount(od.subject) > kMaxSubjectChars) od.subject = d.title;
    od.object = fmt::format("disclosure:{}", d.id);
    od.start_date = n.decided_on;
    auto opened = deadlines_.OpenIn(tx, od, n.actor_id);
    if (!opened.ok()) return opened.status();
    deadline = opened->record.id;
    due = domain::FormatDate(opened->record.due_date);
    SX_RETURN_IF_ERROR(
        tx.Query("UPDATE disclosures SET deadline_id = $2, due_on = $3 WHERE id = $1",
                 {d.id, *deadline, *due})
            .status());
  }
  return Record(tx, d, plan.withhold ? "disclosure.withheld" : "disclosure.drafted", n.actor_id,
                now);
}

// ---- workbench ------------------------------------------------------------------------------

Result<std::int64_t> DisclosureService::AgencyOf(std::int64_t id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT agency_id FROM disclosures WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("公示信息 {} 不存在", id));
    return r->rows.front().Int(0);
  });
}

Result<json::object> DisclosureService::List(const DisclosureWorkQuery& q,
                                             const std::function<bool(std::int64_t)>& visible) {
  auto cal = calendar_.Current();
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::vector<store::Param> params;
    std::string where = "1 = 1";
    if (q.agency_id) {
      params.emplace_back(*q.agency_id);
      where += fmt::format(" AND d.agency_id = ${}", params.size());
    }
    if (q.status) {
      params.emplace_back(std::string(domain::DisclosureStatusCode(*q.status)));
      where += fmt::format(" AND d.status = ${}", params.size());
    }
    if (q.overdue_only) {
      params.emplace_back(domain::FormatDate(today));
      where += fmt::format(" AND d.status = 'draft' AND d.due_on < ${}", params.size());
    }
    auto r =
        tx.Query(fmt::format("SELECT {}, t.done_on FROM disclosures d JOIN agencies a ON a.id ="
                             " d.agency_id LEFT JOIN deadlines t ON t.id = d.deadline_id"
                             " WHERE {} ORDER BY d.id DESC LIMIT 500",
                             kColumns, where),
                 params);
    if (!r.ok()) return r.status();
    json::array items;
    for (const auto& row : r->rows) {
      Item d = ItemOf(row);
      if (!visible(d.agency_id)) continue;
      json::object o = Summary(d);
      o["statusName"] = domain::DisclosureStatusName(d.status);
      o["caseId"] = Opt(d.case_id);
      o["dueOn"] = Opt(d.due_on);
      o["version"] = d.version;
      if (d.status == DisclosureStatus::kWithdrawn) {
        o["target"] = "";
        o["conclusion"] = "";
      }
      json::value state = nullptr, state_name = nullptr;
      if (d.due_on && cal) {
        if (auto due = domain::ParseDate(*d.due_on)) {
          // Met by publication, or by the recorded decision not to publish.
          const std::optional<domain::Date> done = domain::ParseDate(row.Text(38));
          const auto s = domain::StateOf(*due, done, today, DueSoonFrom(*cal, *due));
          state = domain::DeadlineStateCode(s);
          state_name = domain::DeadlineStateName(s);
        }
      }
      o["deadlineState"] = state;
      o["deadlineStateName"] = state_name;
      items.push_back(std::move(o));
    }
    return json::object{{"items", std::move(items)}};
  });
}

Result<json::object> DisclosureService::Get(std::int64_t id) {
  auto cal = calendar_.Current();
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    auto history = History(tx, id);
    if (!history.ok()) return history.status();
    json::object o = PublicView(*d, std::move(*history));
    o["version"] = d->version;
    o["caseId"] = Opt(d->case_id);
    o["dueOn"] = Opt(d->due_on);
    o["withholdReason"] = Opt(d->withhold_reason);
    const auto wr =
        d->withhold_reason ? domain::ParseWithholdReason(*d->withhold_reason) : std::nullopt;
    o["withholdReasonName"] = wr ? json::value(domain::WithholdReasonName(*wr)) : nullptr;
    o["withholdNote"] = d->withhold_note;
    o["withdrawNote"] = d->withdraw_note;
    o["manual"] = Strings(ManualOf(d->manual));
    json::value state = nullptr, state_name = nullptr;
    if (d->due_on && d->deadline_id && cal) {
      if (auto due = domain::ParseDate(*d->due_on)) {
        auto t = tx.Query("SELECT done_on FROM deadlines WHERE id = $1", {*d->deadline_id});
        if (!t.ok()) return t.status();
        const std::optional<domain::Date> done =
            t->empty() ? std::nullopt : domain::ParseDate(t->rows.front().Text(0));
        const auto s = domain::StateOf(*due, done, today, DueSoonFrom(*cal, *due));
        state = domain::DeadlineStateCode(s);
        state_name = domain::DeadlineStateName(s);
      }
    }
    o["deadlineState"] = state;
    o["deadlineStateName"] = state_name;
    // The 3-working-day duty to take it down, once a revocation is registered.
    json::value withdraw_due = nullptr, withdraw_state = nullptr;
    if (d->withdraw_deadline_id && cal) {
      auto t = tx.Query("SELECT due_date, done_on FROM deadlines WHERE id = $1",
                        {*d->withdraw_deadline_id});
      if (!t.ok()) return t.status();
      if (!t->empty()) {
        if (auto due = domain::ParseDate(t->rows.front().Text(0))) {
          withdraw_due = t->rows.front().Text(0);
          withdraw_state = domain::DeadlineStateCode(domain::StateOf(
              *due, domain::ParseDate(t->rows.front().Text(1)), today, DueSoonFrom(*cal, *due)));
        }
      }
    }
    o["withdrawDueOn"] = std::move(withdraw_due);
    o["withdrawDeadlineState"] = std::move(withdraw_state);
    o["withdrawOccurredOn"] = Opt(d->withdraw_occurred_on);
    json::object fields;
    if (d->source) {
      auto src = ParseSource(d->source);
      if (!src.ok()) return src.status();
      const domain::RedactionContext c = ContextWith(*src, ManualOf(d->manual));
      fields["target"] = d->target_kind == "citizen"
                             ? json::array{json::object{{"text", d->target},
                                                        {"redacted", true},
                                                        {"kind", "name"},
                                                        {"kindName", "姓名"},
                                                        {"original", src->target}}}
                             : Segments(src->target, c);
      fields["conclusion"] = Segments(src->conclusion, c);
      fields["body"] = Segments(src->body, c);
    }
    o["fields"] = std::move(fields);
    return o;
  });
}

Result<json::object> DisclosureService::SetManual(std::int64_t id, std::int64_t version,
                                                  const std::vector<std::string>& manual,
                                                  std::string_view reason, std::int64_t actor_id) {
  if (manual.size() > domain::kMaxManualRedactions) {
    return Status::Invalid(fmt::format("人工遮蔽最多 {} 处", domain::kMaxManualRedactions))
        .WithField("manual");
  }
  std::set<std::string> seen;
  for (const auto& m : manual) {
    if (!ValidUtf8(m) || m.empty() || CharCount(m) > 200) {
      return Status::Invalid("每处人工遮蔽应为 1 至 200 个字").WithField("manual");
    }
    if (!seen.insert(m).second) {
      return Status::Invalid(fmt::format("人工遮蔽“{}”重复", m)).WithField("manual");
    }
  }
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kDraft && d->status != DisclosureStatus::kPublished) {
      return Status::Conflict(
          fmt::format("{}的公示信息不能再修改遮蔽", domain::DisclosureStatusName(d->status)));
    }
    auto src = ParseSource(d->source);
    if (!src.ok()) return src.status();
    const std::vector<std::string> before = ManualOf(d->manual);
    // Masks only accumulate on a published item: what the public saw unmasked stays masked.
    if (d->status == DisclosureStatus::kPublished) {
      for (const auto& b : before) {
        if (std::find(manual.begin(), manual.end(), b) == manual.end()) {
          return Status::Invalid(fmt::format("已公示信息的遮蔽“{}”不能取消", b))
              .WithField("manual");
        }
      }
      SX_RETURN_IF_ERROR(CheckReason(reason, "更正理由", "reason", true));
    }
    for (const auto& m : manual) {
      if (src->target.find(m) == std::string::npos &&
          src->conclusion.find(m) == std::string::npos && src->body.find(m) == std::string::npos) {
        return Status::Invalid(fmt::format("原文中没有“{}”,无法遮蔽", m)).WithField("manual");
      }
    }
    Item& item = *d;
    const Item old = item;
    item.manual = json::serialize(Strings(manual));
    ApplyRedaction(*src, manual, item);
    if (item.target_kind == "citizen") item.target = domain::MaskName(src->target);
    if (item.status == DisclosureStatus::kPublished) {
      std::vector<std::string> changed;
      if (item.target != old.target) changed.emplace_back("target");
      if (item.conclusion != old.conclusion) changed.emplace_back("conclusion");
      if (item.body != old.body) changed.emplace_back("body");
      ++item.revision;
      item.content = CanonicalContent(item);
      item.content_digest = ContentDigest(*item.content);
      SX_RETURN_IF_ERROR(Save(tx, item, now));
      SX_RETURN_IF_ERROR(Index(tx, item));
      SX_RETURN_IF_ERROR(AddRevision(tx, item, "corrected", reason, changed, actor_id, now));
      return Record(tx, item, "disclosure.corrected", actor_id, now);
    }
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    return Record(tx, item, "disclosure.redacted", actor_id, now);
  });
  if (!st.ok()) return st;
  Changed();
  return Get(id);
}

Result<json::object> DisclosureService::Publish(std::int64_t id, std::int64_t version,
                                                std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kDraft) {
      return Status::Conflict(fmt::format("只有待发布的信息可以发布(当前:{})",
                                          domain::DisclosureStatusName(d->status)));
    }
    auto src = ParseSource(d->source);
    if (!src.ok()) return src.status();
    Item& item = *d;
    // Redaction runs again at publication: the rules in force now, never a stale text.
    ApplyRedaction(*src, ManualOf(item.manual), item);
    if (item.target_kind == "citizen") item.target = domain::MaskName(src->target);
    auto policy = LoadPolicy(tx, item.agency_id);
    if (!policy.ok()) return policy.status();
    const domain::DisplayFacts facts{item.kind,
                                     item.target_kind == "citizen"
                                         ? domain::PartyKind::kCitizen
                                         : domain::PartyKind::kOrganisation,
                                     item.fine.value_or(0)};
    auto seq = tx.Query("SELECT COALESCE(MAX(pub_seq), 0) + 1 FROM disclosures");
    if (!seq.ok()) return seq.status();
    item.pub_seq = seq->rows.front().Int(0);
    item.status = DisclosureStatus::kPublished;
    item.published_on = domain::FormatDate(today);
    item.published_at = now;
    item.published_by = actor_id;
    item.display_until = domain::FormatDate(domain::DisplayUntil(*policy, facts, today));
    item.revision = 1;
    item.content = CanonicalContent(item);
    item.content_digest = ContentDigest(*item.content);
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    SX_RETURN_IF_ERROR(Index(tx, item));
    if (item.deadline_id) {
      auto done = deadlines_.CompleteIn(tx, *item.deadline_id, today, actor_id);
      if (!done.ok() && done.status().code() != Code::kConflict) return done.status();
    }
    SX_RETURN_IF_ERROR(AddRevision(tx, item, "published", "", {}, actor_id, now));
    return Record(tx, item, "disclosure.published", actor_id, now);
  });
  if (!st.ok()) return st;
  Changed();
  return Get(id);
}

Result<json::object> DisclosureService::Withhold(std::int64_t id, std::int64_t version,
                                                 domain::WithholdReason reason,
                                                 std::string_view note, std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckReason(note, "不予公开的说明", "note", true));
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kDraft) {
      return Status::Conflict("只有待发布的信息可以决定不予公开;已公示的请撤下");
    }
    Item& item = *d;
    item.status = DisclosureStatus::kWithheld;
    item.withhold_reason = std::string(domain::WithholdReasonCode(reason));
    item.withhold_note = std::string(note);
    ClearContent(item);
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    if (item.deadline_id) {
      // The duty is met by the recorded decision not to publish.
      auto done = deadlines_.CompleteIn(tx, *item.deadline_id, today, actor_id);
      if (!done.ok() && done.status().code() != Code::kConflict) return done.status();
    }
    return Record(tx, item, "disclosure.withheld", actor_id, now);
  });
  if (!st.ok()) return st;
  Changed();
  return Get(id);
}

Result<std::int64_t> DisclosureService::OpenWithdrawal(store::Tx& tx, const DisclosureItemRef& item,
                                                       domain::Date occurred,
                                                       std::int64_t actor_id) {
  OpenDeadline od;
  od.agency_id = item.agency_id;
  od.rule_code = "publish.withdraw";
  od.subject = fmt::format("撤下并说明理由:{}", item.title);
  if (CharCount(od.subject) > kMaxSubjectChars) od.subject = item.title;
  od.object = fmt::format("disclosure:{}", item.id);
  od.start_date = occurred;
  auto opened = deadlines_.OpenIn(tx, od, actor_id);
  if (!opened.ok()) return opened.status();
  return opened->record.id;
}

Result<json::object> DisclosureService::RegisterRevocation(std::int64_t id, std::int64_t version,
                                                           domain::WithdrawReason reason,
                                                           std::string_view note,
                                                           domain::Date occurred_on,
                                                           std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckReason(note, "情形说明", "note", false));
  const std::string now = FormatUtc(clock_.Now());
  if (std::chrono::sys_days(occurred_on) > std::chrono::sys_days(Today())) {
    return Status::Invalid("撤销等情形的发生日期不能晚于今天").WithField("occurredOn");
  }
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kPublished) {
      return Status::Conflict(fmt::format("只有已公示的信息需要撤下(当前:{})",
                                          domain::DisclosureStatusName(d->status)));
    }
    if (d->withdraw_deadline_id) {
      return Status::Conflict(
          fmt::format("已于 {} 登记过撤销等情形,请直接撤下", d->withdraw_occurred_on.value_or("")));
    }
    Item& item = *d;
    auto opened = OpenWithdrawal(tx, {item.id, item.agency_id, item.title}, occurred_on, actor_id);
    if (!opened.ok()) return opened.status();
    item.withdraw_reason = std::string(domain::WithdrawReasonCode(reason));
    item.withdraw_note = std::string(note);
    item.withdraw_occurred_on = domain::FormatDate(occurred_on);
    item.withdraw_deadline_id = *opened;
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    return Record(tx, item, "disclosure.revocation_registered", actor_id, now);
  });
  if (!st.ok()) return st;
  return Get(id);
}

Result<json::object> DisclosureService::Withdraw(std::int64_t id, std::int64_t version,
                                                 domain::WithdrawReason reason,
                                                 std::string_view note,
                                                 std::optional<domain::Date> occurred_on,
                                                 std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckReason(note, "撤下说明", "note", false));
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  const domain::Date occurred = occurred_on.value_or(today);
  if (std::chrono::sys_days(occurred) > std::chrono::sys_days(today)) {
    return Status::Invalid("撤销等情形的发生日期不能晚于今天").WithField("occurredOn");
  }
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kPublished) {
      return Status::Conflict(fmt::format("只有已公示的信息可以撤下(当前:{})",
                                          domain::DisclosureStatusName(d->status)));
    }
    if (d->published_on && domain::FormatDate(occurred) < *d->published_on &&
        reason == domain::WithdrawReason::kMistaken) {
      return Status::Invalid("发现公示有误的日期不能早于公示日期").WithField("occurredOn");
    }
    Item& item = *d;
    // 行政处罚法 第48条第2款: within three days of the change (working days, RULES.md §1) — the
    // deadline registered with the revocation, or one opened now from the day it happened.
    std::int64_t deadline = 0;
    domain::Date since = occurred;
    if (item.withdraw_deadline_id) {
      deadline = *item.withdraw_deadline_id;
      if (item.withdraw_occurred_on)
        since = domain::ParseDate(*item.withdraw_occurred_on).value_or(occurred);
    } else {
      auto opened = OpenWithdrawal(tx, {item.id, item.agency_id, item.title}, occurred, actor_id);
      if (!opened.ok()) return opened.status();
      deadline = *opened;
    }
    auto done = deadlines_.CompleteIn(tx, deadline, today, actor_id);
    if (!done.ok()) return done.status();
    SX_RETURN_IF_ERROR(Unindex(tx, item));
    item.status = DisclosureStatus::kWithdrawn;
    item.withdraw_reason = std::string(domain::WithdrawReasonCode(reason));
    item.withdraw_note = std::string(note);
    item.withdraw_occurred_on = domain::FormatDate(since);
    item.withdrawn_on = domain::FormatDate(today);
    item.withdraw_deadline_id = deadline;
    ClearContent(item);
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    SX_RETURN_IF_ERROR(AddRevision(
        tx, item, "withdrawn",
        fmt::format("{}{}{}", domain::WithdrawReasonName(reason), note.empty() ? "" : ":", note),
        {}, actor_id, now));
    return Record(tx, item, "disclosure.withdrawn", actor_id, now);
  });
  if (!st.ok()) return st;
  Changed();
  return Get(id);
}

Result<json::object> DisclosureService::Correct(std::int64_t id, std::int64_t version,
                                                const Correction& c, std::string_view reason,
                                                std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckReason(reason, "更正理由", "reason", true));
  auto check = [](const std::optional<std::string>& v, std::string_view field,
                  std::size_t max) -> Status {
    if (!v) return Status::Ok();
    if (!ValidUtf8(*v) || v->empty() || CharCount(*v) > max) {
      return Status::Invalid(fmt::format("{}应为 1 至 {} 个字", FieldName(field), max))
          .WithField(std::string(field));
    }
    return Status::Ok();
  };
  SX_RETURN_IF_ERROR(check(c.target, "target", 200));
  SX_RETURN_IF_ERROR(check(c.conclusion, "conclusion", domain::kMaxDisclosureFieldChars));
  SX_RETURN_IF_ERROR(check(c.body, "body", domain::kMaxDisclosureBodyChars));
  SX_RETURN_IF_ERROR(check(c.category, "category", 50));
  if (!c.target && !c.conclusion && !c.body && !c.category) {
    return Status::Invalid("请至少更正一项内容").WithField("conclusion");
  }
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto d = Load(tx, id);
    if (!d.ok()) return d.status();
    SX_RETURN_IF_ERROR(CheckVersion(*d, version));
    if (d->status != DisclosureStatus::kPublished) {
      return Status::Conflict("只有已公示的信息可以更正;待发布的请直接修改遮蔽后发布");
    }
    auto src = ParseSource(d->source);
    if (!src.ok()) return src.status();
    Item& item = *d;
    const Item old = item;
    if (c.target) {
      // A corrected party name is still a person's when the party is one.
      if (item.target_kind == "citizen") src->context.person_names.push_back(*c.target);
      src->target = *c.target;
    }
    if (c.conclusion) src->conclusion = *c.conclusion;
    if (c.body) src->body = *c.body;
    if (c.category) item.category = *c.category;
    ApplyRedaction(*src, ManualOf(item.manual), item);
    if (item.target_kind == "citizen") item.target = domain::MaskName(src->target);
    std::vector<std::string> changed;
    if (item.target != old.target) changed.emplace_back("target");
    if (item.category != old.category) changed.emplace_back("category");
    if (item.conclusion != old.conclusion) changed.emplace_back("conclusion");
    if (item.body != old.body) changed.emplace_back("body");
    if (changed.empty()) return Status::Invalid("更正后的内容与公示内容相同").WithField("reason");
    item.source = SourceJson(*src);
    ++item.revision;
    item.content = CanonicalContent(item);
    item.content_digest = ContentDigest(*item.content);
    SX_RETURN_IF_ERROR(Save(tx, item, now));
    SX_RETURN_IF_ERROR(Index(tx, item));
    SX_RETURN_IF_ERROR(AddRevision(tx, item, "corrected", reason, changed, actor_id, now));
    return Record(tx, item, "disclosure.corrected", actor_id, now);
  });
  if (!st.ok()) return st;
  Changed();
  return Get(id);
}

Result<int> DisclosureService::ExpireDue(domain::Date today) {
  const std::string now = FormatUtc(clock_.Now());
  const std::string day = domain::FormatDate(today);
  int expired = 0;
  // A batch per transaction, so a long backlog never holds the write lock for long.
  for (;;) {
    int batch = 0;
    Status st = db_.Write([&](store::Tx& tx) -> Status {
      auto r = tx.Query(fmt::format("SELECT {} FROM disclosures d JOIN agencies a ON a.id = "
                                    "d.agency_id WHERE d.status = 'published' AND"
                                    " d.display_until < $1 ORDER BY d.id LIMIT 200",
                                    kColumns),
                        {day});
      if (!r.ok()) return r.status();
      for (const auto& row : r->rows) {
        Item item = ItemOf(row);
        SX_RETURN_IF_ERROR(Unindex(tx, item));
        item.status = DisclosureStatus::kExpired;
        ClearContent(item);
        SX_RETURN_IF_ERROR(Save(tx, item, now));
        SX_RETURN_IF_ERROR(AddRevision(
            tx, item, "expired", fmt::format("公示期限至 {} 届满", item.display_until.value_or("")),
            {}, 0, now));
        SX_RETURN_IF_ERROR(Record(tx, item, "disclosure.expired", 0, now));
        ++batch;
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    if (batch > 0) Changed();
    expired += batch;
    if (batch < 200) return expired;
  }
}

Result<domain::DisplayPolicy> DisclosureService::Policy(std::int64_t agency_id) {
  return store::InTx<domain::DisplayPolicy>(
      db_, false, [&](store::Tx& tx) { return LoadPolicy(tx, agency_id); });
}

Result<domain::DisplayPolicy> DisclosureService::SetPolicy(std::int64_t agency_id,
                                                           const domain::DisplayPolicy& p,
                                                           std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidateDisplayPolicy(p));
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto a = tx.Query("SELECT 1 FROM agencies WHERE id = $1", {agency_id});
    if (!a.ok()) return a.status();
    if (a->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    SX_RETURN_IF_ERROR(
        tx.Query("DELETE FROM disclosure_policies WHERE agency_id = $1", {agency_id}).status());
    SX_RETURN_IF_ERROR(
        tx.Query("INSERT INTO disclosure_policies (agency_id, short_months,"
                 " long_years, small_citizen, small_organisation, updated_by,"
                 " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {agency_id, std::int64_t{p.short_months}, std::int64_t{p.long_years},
                  p.small_fine_citizen_yuan, p.small_fine_organisation_yuan, actor_id, now})
            .status());
    domain::LedgerEvent e{"disclosure.policy", agency_id, fmt::format("agency:{}", agency_id),
                          actor_id, now};
    return AppendRecord(tx, std::move(e),
                        {{"short_months", std::to_string(p.short_months)},
                         {"long_years", std::to_string(p.long_years)},
                         {"small_citizen", std::to_string(p.small_fine_citizen_yuan)},
                         {"small_organisation", std::to_string(p.small_fine_organisation_yuan)}});
  });
  if (!st.ok()) return st;
  return p;
}

// ---- public -----------------------------------------------------------------------------------

Result<std::string> DisclosureService::PageKey() {
  std::lock_guard lock(key_mu_);
  if (!page_key_.empty()) return page_key_;
  std::array<unsigned char, 32> fresh{};
  randombytes_buf(fresh.data(), fresh.size());
  std::string hex(fresh.size() * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, fresh.data(), fresh.size());
  auto key = store::InTx<std::string>(db_, true, [&](store::Tx& tx) -> Result<std::string> {
    auto r = tx.Query("SELECT value FROM installation_secrets WHERE name = 'page_token'");
    if (!r.ok()) return r.status();
    if (!r->empty()) return r->rows.front().Text(0);
    SX_RETURN_IF_ERROR(
        tx.Query("INSERT INTO installation_secrets (name, value) VALUES ('page_token', $1)", {hex})
            .status());
    return hex;
  });
  if (!key.ok()) return key.status();
  page_key_ = *key;
  return page_key_;
}

Result<json::object> DisclosureService::Search(const DisclosureQuery& q) {
  std::vector<std::string> ignored;
  auto words = Words(q.q, &ignored);
  if (!words.ok()) return words.status();
  if (q.limit < 1 || q.limit > kMaxPageSize) {
    return Status::Invalid(fmt::format("每页条数应为 1 至 {}", kMaxPageSize)).WithField("limit");
  }
  if (!ValidUtf8(q.target) || CharCount(q.target) > 100 || !ValidUtf8(q.category) ||
      CharCount(q.category) > 50) {
    return Status::Invalid("筛选条件过长或不是有效的文字").WithField("target");
  }
  auto key = PageKey();
  if (!key.ok()) return key.status();
  std::optional<std::int64_t> after;
  if (!q.page.empty()) {
    auto p = ParsePageToken(*key, q.page);
    if (!p.ok()) return p.status();
    after = *p;
  }
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows = Find(tx, q, *words, after, q.limit + 1);
    if (!rows.ok()) return rows.status();
    json::array items;
    json::value next = nullptr;
    for (std::size_t i = 0; i < rows->size(); ++i) {
      if (static_cast<int>(i) == q.limit) {
        next = json::value(PageToken(*key, *(*rows)[i - 1].pub_seq));
        break;
      }
      items.push_back(Summary((*rows)[i]));
    }
    json::object out{{"items", std::move(items)}, {"next", std::move(next)}};
    if (!ignored.empty()) out["ignoredWords"] = Strings(ignored);
    return out;
  });
}

Result<json::object> DisclosureService::PublicItem(std::int64_t id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto d = Load(tx, id);
    const auto not_found = [id] {
      return Status::NotFound(fmt::format("未找到编号为 {} 的公示信息", id));
    };
    if (!d.ok()) return d.status().code() == Code::kNotFound ? not_found() : d.status();
    switch (d->status) {
      case DisclosureStatus::kPublished:
      case DisclosureStatus::kWithdrawn: {
        auto history = History(tx, id);
        if (!history.ok()) return history.status();
        return d->status == DisclosureStatus::kPublished ? PublicView(*d, std::move(*history))
                                                         : Notice(*d, std::move(*history));
      }
      case DisclosureStatus::kExpired:
        return Status::NotFound(fmt::format("该信息公示期已于 {} 届满,已依规撤下",
                                            d->display_until.value_or("")))
            .WithField("expired");
      default:
        return not_found();
    }
  });
}

Result<std::string> DisclosureService::Csv(const DisclosureQuery& q) {
  auto words = Words(q.q);
  if (!words.ok()) return words.status();
  return store::InTx<std::string>(db_, false, [&](store::Tx& tx) -> Result<std::string> {
    std::string out = "\xEF\xBB\xBF";
    out += "编号,执法机关,类别,标题,文号,执法对象,执法类别,执法结论,决定日期,公示日期,修订次数\r\n";
    std::optional<std::int64_t> after;
    int rows = 0;
    DisclosureQuery page = q;
    page.withdrawn = false;
    while (rows < kMaxCsvRows) {
      const int n = std::min(1000, kMaxCsvRows - rows);
      auto items = Find(tx, page, *words, after, n);
      if (!items.ok()) return items.status();
      for (const auto& d : *items) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\r\n", d.id, CsvField(d.agency_name),
                           CsvField(domain::DisclosureKindName(d.kind)), CsvField(d.title),
                           CsvField(d.document_number), CsvField(d.target), CsvField(d.category),
                           CsvField(d.conclusion), d.decided_on, d.published_on.value_or(""),
                           d.revision);
      }
      rows += static_cast<int>(items->size());
      if (static_cast<int>(items->size()) < n) break;
      after = items->back().pub_seq;
    }
    return out;
  });
}

Result<std::string> DisclosureService::Feed(std::string_view origin) {
  return store::InTx<std::string>(db_, false, [&](store::Tx& tx) -> Result<std::string> {
    auto r = tx.Query(
        fmt::format("SELECT {}, v.kind, v.at, v.reason FROM disclosure_revisions v JOIN "
                    "disclosures d ON d.id = v.disclosure_id JOIN agencies a ON a.id = d.agency_id"
                    " WHERE v.kind IN ('published', 'corrected', 'withdrawn')"
                    " ORDER BY v.at DESC, d.id DESC, v.revision DESC LIMIT {}",
                    kColumns, kFeedEntries));
    if (!r.ok()) return r.status();
    std::string updated = r->empty() ? FormatUtc(clock_.Now()) : r->rows.front().Text(39);
    std::string out = fmt::format(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
        "  <title>行政执法公示</title>\n"
        "  <subtitle>行政处罚决定与执法结果信息(已依法脱敏)</subtitle>\n"
        "  <id>{0}/api/v1/public/feed.atom</id>\n"
        "  <link rel=\"self\" href=\"{0}/api/v1/public/feed.atom\"/>\n"
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{0}/disclosures\"/>\n"
        "  <updated>{1}</updated>\n"
        "  <author><name>行政执法公示平台</name></author>\n",
        Xml(origin), Xml(updated));
    for (const auto& row : r->rows) {
      const Item d = ItemOf(row);
      const std::string kind = row.Text(38);
      const std::string at = row.Text(39);
      const std::string reason = row.Text(40);
      // Only the current state is ever shown: a withdrawn item's earlier entries hold no content.
      std::string summary;
      std::string title = d.title;
      if (d.status == DisclosureStatus::kWithdrawn) {
        title = "【已撤下】" + d.title;
        summary = kind == "withdrawn" ? "已撤下:" + reason : "该信息已撤下。";
      } else if (d.status != DisclosureStatus::kPublished) {
        continue;  // expired since
      } else {
        if (kind == "corrected") title = "【更正】" + d.title;
        summary = fmt::format("执法机关:{};执法对象:{};执法类别:{};执法结论:{}", d.agency_name,
                              d.target, d.category, d.conclusion);
      }
      out += fmt::format(
          "  <entry>\n"
          "    <title>{}</title>\n"
          "    <id>{}/disclosures/{}#{}-{}</id>\n"
          "    <link rel=\"alternate\" type=\"text/html\" href=\"{}/disclosures/{}\"/>\n"
          "    <updated>{}</updated>\n"
          "    <summary>{}</summary>\n"
          "  </entry>\n",
          Xml(title), Xml(origin), d.id, Xml(kind), Xml(at), Xml(origin), d.id, Xml(at),
          Xml(summary));
    }
    out += "</feed>\n";
    return out;
  });
}

Result<json::object> DisclosureService::Stats() {
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto counts = tx.Query(
        "SELECT status, kind, COUNT(*) FROM disclosures WHERE status IN ('published',"
        " 'withdrawn') GROUP BY status, kind");
    if (!counts.ok()) return counts.status();
    std::int64_t published = 0, withdrawn = 0, penalty = 0, result = 0;
    for (const auto& r : counts->rows) {
      const std::int64_t n = r.Int(2);
      if (r.Text(0) == "published") {
        published += n;
        (r.Text(1) == "penalty" ? penalty : result) += n;
      } else {
        withdrawn += n;
      }
    }
    auto agencies = tx.Query(
        "SELECT a.id, a.name, COUNT(d.id) FROM agencies a LEFT JOIN disclosures d ON d.agency_id ="
        " a.id AND d.status = 'published' WHERE a.kind = 'enforcement' GROUP BY a.id, a.name"
        " ORDER BY a.id");
    if (!agencies.ok()) return agencies.status();
    json::array by_agency;
    for (const auto& r : agencies->rows) {
      by_agency.push_back(
          json::object{{"agencyId", r.Int(0)}, {"agencyName", r.Text(1)}, {"published", r.Int(2)}});
    }
    // The last 12 months, oldest first, and the on-time share of what was due in them.
    const domain::Date first_month = domain::Date(
        (std::chrono::year_month(today.year(), today.month()) - std::chrono::months(11)) /
        std::chrono::day(1));
    const std::string since = domain::FormatDate(first_month);
    auto months = tx.Query(
        "SELECT substr(published_on, 1, 7), COUNT(*) FROM disclosures WHERE published_on >= $1"
        " AND status IN ('published', 'withdrawn', 'expired') GROUP BY substr(published_on, 1, 7)",
        {since});
    if (!months.ok()) return months.status();
    std::map<std::string, std::int64_t> per_month;
    for (const auto& r : months->rows) per_month[r.Text(0)] = r.Int(1);
    json::array by_month;
    for (int i = 0; i < 12; ++i) {
      const std::chrono::year_month ym =
          std::chrono::year_month(first_month.year(), first_month.month()) + std::chrono::months(i);
      const std::string key = fmt::format("{:04}-{:02}", static_cast<int>(ym.year()),
                                          static_cast<unsigned>(ym.month()));
      by_month.push_back(json::object{{"month", key}, {"published", per_month[key]}});
    }
    auto timely = tx.Query(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN published_on <= due_on THEN 1 ELSE 0 END), 0)"
        " FROM disclosures WHERE published_on >= $1 AND due_on IS NOT NULL",
        {since});
    if (!timely.ok()) return timely.status();
    return json::object{{"published", published},
                        {"withdrawn", withdrawn},
                        {"byKind", json::object{{"penalty", penalty}, {"result", result}}},
                        {"byAgency", std::move(by_agency)},
                        {"byMonth", std::move(by_month)},
                        {"onTime", json::object{{"published", timely->rows.front().Int(0)},
                                                {"onTime", timely->rows.front().Int(1)}}}};
  });
}

// ---- 事前公开 -----------------------------------------------------------------------------

Result<json::object> DisclosureService::Sections(std::int64_t agency_id) {
  auto cal = calendar_.Current();
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto a = tx.Query("SELECT 1 FROM agencies WHERE id = $1 AND kind = 'enforcement'", {agency_id});
    if (!a.ok()) return a.status();
    if (a->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    auto r = tx.Query(
        "SELECT code, content, version, updated_at FROM public_sections WHERE agency_id = $1",
        {agency_id});
    if (!r.ok()) return r.status();
    std::map<std::string, const store::Row*, std::less<>> written;
    for (const auto& row : r->rows) written[row.Text(0)] = &row;
    json::array items;
    for (const auto& s : PublicSections()) {
      const auto it = written.find(s.code);
      const store::Row* row = it == written.end() ? nullptr : it->second;
      items.push_back(
          json::object{{"code", s.code},
                       {"name", s.name},
                       {"content", row ? json::value(row->Text(1)) : json::value(s.default_text)},
                       {"version", row ? row->Int(2) : 0},
                       {"updatedAt", row ? json::value(row->Text(3)) : json::value()}});
    }
    auto changes = tx.Query(
        "SELECT c.id, c.occurred_on, c.description, c.sections, c.done_on, t.due_date"
        " FROM public_changes c LEFT JOIN deadlines t ON t.id = c.deadline_id"
        " WHERE c.agency_id = $1 ORDER BY c.id DESC LIMIT 50",
        {agency_id});
    if (!changes.ok()) return changes.status();
    json::array ch;
    for (const auto& row : changes->rows) {
      json::error_code ec;
      json::value sections = json::parse(row.Text(3), ec);
      if (ec) sections = json::array();
      json::value state = nullptr;
      std::optional<domain::Date> due = domain::ParseDate(row.Text(5));
      std::optional<domain::Date> done = domain::ParseDate(row.Text(4));
      if (due && cal) {
        state =
            domain::DeadlineStateCode(domain::StateOf(*due, done, today, DueSoonFrom(*cal, *due)));
      }
      ch.push_back(json::object{{"id", row.Int(0)},
                                {"occurredOn", row.Text(1)},
                                {"description", row.Text(2)},
                                {"sections", std::move(sections)},
                                {"dueOn", Opt(row.OptText(5))},
                                {"doneOn", Opt(row.OptText(4))},
                                {"state", std::move(state)}});
    }
    return json::object{{"items", std::move(items)}, {"changes", std::move(ch)}};
  });
}

Result<json::object> DisclosureService::SetSection(std::int64_t agency_id, std::string_view code,
                                                   std::int64_t version, std::string_view content,
                                                   std::int64_t actor_id) {
  const SectionDef* def = FindSection(code);
  if (def == nullptr) return Status::NotFound(fmt::format("没有名为 {} 的公开栏目", code));
  if (!ValidUtf8(content) || content.empty() || CharCount(content) > kMaxSectionChars) {
    return Status::Invalid(fmt::format("栏目内容应为 1 至 {} 个字", kMaxSectionChars))
        .WithField("content");
  }
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto a = tx.Query("SELECT 1 FROM agencies WHERE id = $1 AND kind = 'enforcement'", {agency_id});
    if (!a.ok()) return a.status();
    if (a->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    auto cur = tx.Query("SELECT version FROM public_sections WHERE agency_id = $1 AND code = $2",
                        {agency_id, std::string(code)});
    if (!cur.ok()) return cur.status();
    const std::int64_t current = cur->empty() ? 0 : cur->rows.front().Int(0);
    if (current != version) {
      return Status::Conflict(fmt::format("栏目已被他人修改(当前版本 {}),请刷新后重试", current));
    }
    if (current == 0) {
      SX_RETURN_IF_ERROR(
          tx.Query("INSERT INTO public_sections (agency_id, code, content, version,"
                   " updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)",
                   {agency_id, std::string(code), std::string(content), actor_id, now})
              .status());
    } else {
      SX_RETURN_IF_ERROR(
          tx.Query("UPDATE public_sections SET content = $3, version = version + 1,"
                   " updated_by = $4, updated_at = $5 WHERE agency_id = $1 AND"
                   " code = $2",
                   {agency_id, std::string(code), std::string(content), actor_id, now})
              .status());
    }
    domain::LedgerEvent e{"public_section.updated", agency_id,
                          fmt::format("public_section:{}:{}", agency_id, code), actor_id, now};
    SX_RETURN_IF_ERROR(AppendRecord(tx, std::move(e),
                                    {{"code", std::string(code)},
                                     {"version", std::to_string(current + 1)},
                                     {"content", std::string(content)}}));
    // The open changes naming this section: done once all their sections were saved since.
    auto open = tx.Query(
        "SELECT id, sections, created_at, deadline_id FROM public_changes WHERE agency_id = $1"
        " AND done_on IS NULL",
        {agency_id});
    if (!open.ok()) return open.status();
    for (const auto& row : open->rows) {
      json::error_code ec;
      json::value v = json::parse(row.Text(1), ec);
      const std::vector<std::string> sections = ec ? std::vector<std::string>{} : StringsOf(&v);
      bool all = true;
      for (const auto& s : sections) {
        auto saved = tx.Query(
            "SELECT 1 FROM public_sections WHERE agency_id = $1 AND code = $2 AND updated_at >= $3",
            {agency_id, s, row.Text(2)});
        if (!saved.ok()) return saved.status();
        all = all && !saved->empty();
      }
      if (!all) continue;
      SX_RETURN_IF_ERROR(tx.Query("UPDATE public_changes SET done_on = $2 WHERE id = $1",
                                  {row.Int(0), domain::FormatDate(today)})
                             .status());
      if (!row.IsNull(3)) {
        auto done = deadlines_.CompleteIn(tx, row.Int(3), today, actor_id);
        if (!done.ok() && done.status().code() != Code::kConflict) return done.status();
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Sections(agency_id);
}

Result<json::object> DisclosureService::RegisterChange(std::int64_t agency_id,
                                                       domain::Date occurred_on,
                                                       std::string_view description,
                                                       const std::vector<std::string>& sections,
                                                       std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckReason(description, "变化情况说明", "description", true));
  if (sections.empty()) return Status::Invalid("请选择需要更新的栏目").WithField("sections");
  for (const auto& s : sections) {
    if (FindSection(s) == nullptr) {
      return Status::Invalid(fmt::format("没有名为 {} 的公开栏目", s)).WithField("sections");
    }
  }
  const domain::Date today = Today();
  if (std::chrono::sys_days(occurred_on) > std::chrono::sys_days(today)) {
    return Status::Invalid("变化发生日期不能晚于今天").WithField("occurredOn");
  }
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto a = tx.Query("SELECT 1 FROM agencies WHERE id = $1 AND kind = 'enforcement'", {agency_id});
    if (!a.ok()) return a.status();
    if (a->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    auto id = tx.Query(
        "INSERT INTO public_changes (agency_id, occurred_on, description, sections, created_by,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {agency_id, domain::FormatDate(occurred_on), std::string(description),
         json::serialize(Strings(sections)), actor_id, now});
    if (!id.ok()) return id.status();
    const std::int64_t change = id->rows.front().Int(0);
    OpenDeadline od;
    od.agency_id = agency_id;
    od.rule_code = "publish.update";
    od.subject = fmt::format("事前公开信息更新:{}", description);
    if (CharCount(od.subject) > kMaxSubjectChars) od.subject = "事前公开信息更新";
    od.object = fmt::format("public_change:{}", change);
    od.start_date = occurred_on;
    auto opened = deadlines_.OpenIn(tx, od, actor_id);
    if (!opened.ok()) return opened.status();
    SX_RETURN_IF_ERROR(tx.Query("UPDATE public_changes SET deadline_id = $2 WHERE id = $1",
                                {change, opened->record.id})
                           .status());
    domain::LedgerEvent e{"public_change.registered", agency_id,
                          fmt::format("public_change:{}", change), actor_id, now};
    return AppendRecord(tx, std::move(e),
                        {{"occurred_on", domain::FormatDate(occurred_on)},
                         {"description", std::string(description)},
                         {"sections", json::serialize(Strings(sections))}});
  });
  if (!st.ok()) return st;
  return Sections(agency_id);
}

}  // namespace sx::services
