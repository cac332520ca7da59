#include "services/complaint_service.h"

#include <sodium.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/assessment.h"
#include "domain/ledger_event.h"
#include "domain/text.h"
#include "services/evidence_service.h"
#include "services/ledger_service.h"
#include "util/utf8.h"

namespace sx::services {

namespace json = boost::json;

namespace {

using domain::ComplaintState;
using store::OptParam;
using store::Param;

constexpr std::string_view kColumns =
    "c.id, c.agency_id, a.code, a.name, c.tracking, c.topic, c.subject, c.content, c.name,"
    " c.phone, c.email, c.about, c.status, c.received_on, c.received_at, c.due_on,"
    " c.assignee_id, u.display_name, c.outcome, c.reply, c.replied_on, c.case_id, k.number,"
    " c.version, c.deadline_id";
constexpr std::string_view kFrom =
    " FROM complaints c JOIN agencies a ON a.id = c.agency_id"
    " LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN cases k ON k.id = c.case_id";

struct Outcome {
  std::string_view code, name;
};
constexpr Outcome kOutcomes[] = {
    {"substantiated", "属实"}, {"partly", "部分属实"}, {"unsubstantiated", "不属实"}};

std::string Hex(const unsigned char* p, std::size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", p[i]);
  return out;
}

std::string RandomHex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  return Hex(raw.data(), raw.size());
}

// The same text, whatever the spaces around it: the digest that finds a repeated filing.
std::string TextDigest(std::int64_t agency, const domain::NewComplaint& c) {
  const std::string text = fmt::format("{}\n{}\n{}", agency, c.subject, c.content);
  std::string squeezed;
  for (char ch : text) {
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') squeezed.push_back(ch);
  }
  return ContentDigest(squeezed);
}

std::string Compact(std::string_view yyyy_mm_dd) {
  std::string out;
  for (char ch : yyyy_mm_dd) {
    if (ch != '-') out.push_back(ch);
  }
  return out;
}

json::value Nullable(const store::Row& r, std::size_t i) {
  if (r.IsNull(i)) return nullptr;
  return json::value(r.Text(i));
}

// What the status page says of a step.
std::string_view PublicStep(std::string_view action) {
  if (action == "filed") return "已受理";
  if (action == "assigned") return "已分办,正在办理";
  if (action == "replied") return "已答复";
  if (action == "case_opened") return "已答复,并已立案查处";
  if (action == "not_accepted") return "不予受理";
  if (action == "attached") return "补充了附件";
  return "";
}

Status AddEvent(store::Tx& tx, std::int64_t id, std::string_view on, std::string_view at,
                std::string_view action, std::int64_t actor, std::string_view note) {
  auto r = tx.Query(
      "INSERT INTO complaint_events (complaint_id, on_date, at, action, actor_id, note)"
      " VALUES ($1, $2, $3, $4, $5, $6)",
      {id, std::string(on), std::string(at), std::string(action),
       actor > 0 ? Param(actor) : Param(nullptr), std::string(note)});
  return r.ok() ? Status::Ok() : r.status();
}

// The ledger leaf of a step: the complaint's fields sealed (the seal keeps them from being
// guessed), content and reply by digest.
Status Record(store::Tx& tx, std::int64_t agency, std::int64_t id, std::string_view type,
              std::int64_t actor, std::string_view now, const RecordFields& fields) {
  return AppendRecordOf(tx, agency, fmt::format("complaint:{}", id), type, actor, now, fields);
}

json::object Item(const store::Row& r, bool full) {
  const auto state = domain::ParseComplaintState(r.Text(12));
  const auto topic = domain::ParseComplaintTopic(r.Text(5));
  json::object o{
      {"id", r.Int(0)},
      {"agency", json::object{{"id", r.Int(1)}, {"code", r.Text(2)}, {"name", r.Text(3)}}},
      {"tracking", r.Text(4)},
      {"topic", r.Text(5)},
      {"topicName", topic ? domain::ComplaintTopicName(*topic) : ""},
      {"subject", r.Text(6)},
      {"status", r.Text(12)},
      {"statusName", state ? domain::ComplaintStateName(*state) : ""},
      {"receivedOn", r.Text(13)},
      {"receivedAt", r.Text(14)},
      {"dueOn", r.Text(15)},
      {"assigneeId", r.IsNull(16) ? json::value(nullptr) : json::value(r.Int(16))},
      {"assigneeName", Nullable(r, 17)},
      {"outcome", Nullable(r, 18)},
      {"outcomeName",
       r.IsNull(18) ? json::value(nullptr) : json::value(ComplaintOutcomeName(r.Text(18)))},
      {"repliedOn", Nullable(r, 20)},
      {"caseId", r.IsNull(21) ? json::value(nullptr) : json::value(r.Int(21))},
      {"caseNumber", Nullable(r, 22)},
      {"version", r.Int(23)},
  };
  if (full) {
    o["content"] = r.Text(7);
    o["name"] = r.Text(8);
    o["phone"] = r.Text(9);
    o["email"] = r.Text(10);
    o["about"] = r.Text(11);
    o["reply"] = Nullable(r, 19);
  }
  return o;
}

Result<store::Row> Load(store::Tx& tx, std::string_view where, Param key) {
  auto rows =
      tx.Query(fmt::format("SELECT {}{} WHERE {}", kColumns, kFrom, where), {std::move(key)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("投诉举报不存在");
  return rows->rows.front();
}

// The types a complaint may attach, by content: photos, documents, recordings.
std::optional<std::string> AcceptedType(std::string_view sniffed) {
  static constexpr std::string_view kTypes[] = {"image/jpeg", "image/png",  "application/pdf",
                                                "video/mp4",  "audio/mpeg", "audio/x-m4a",
                                                "audio/mp4"};
  for (auto t : kTypes) {
    if (sniffed == t) return std::string(t);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ComplaintOutcomeName(std::string_view code) {
  for (const auto& o : kOutcomes) {
    if (o.code == code) return o.name;
  }
  return "";
}

Result<json::object> ComplaintService::File(std::string_view agency_code,
                                            const domain::NewComplaint& c) {
  SX_RETURN_IF_ERROR(domain::ValidateComplaint(c));
  const auto now_tp = clock_.Now();
  const std::string now = FormatUtc(now_tp);
  const domain::Date today = domain::ShanghaiDate(now_tp);
  const std::string today_text = domain::FormatDate(today);
  const std::string day_ago = FormatUtc(now_tp - std::chrono::hours(24));
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto agency = tx.Query("SELECT id, name FROM agencies WHERE code = $1 AND kind = 'enforcement'",
                           {std::string(agency_code)});
    if (!agency.ok()) return agency.status();
    if (agency->empty()) {
      return Status::NotFound(fmt::format("没有代码为 {} 的执法机关", agency_code))
          .WithField("agency");
    }
    const std::int64_t agency_id = agency->rows.front().Int(0);
    const std::string digest = TextDigest(agency_id, c);
    auto same =
        tx.Query("SELECT 1 FROM complaints WHERE content_digest = $1 AND received_at > $2 LIMIT 1",
                 {digest, day_ago});
    if (!same.ok()) return same.status();
    if (!same->empty()) {
      return Status::Conflict(
                 "相同内容已于 24 小时内提交,无需重复提交;请用当时的查询号查看办理进度")
          .WithField("content");
    }
    std::uint64_t random = 0;
    randombytes_buf(&random, sizeof random);
    const std::string tracking = domain::TrackingNumber(Compact(today_text), random);
    const std::string token = RandomHex(16);
    auto deadline =
        deadlines_.OpenIn(tx,
                          OpenDeadline{.agency_id = agency_id,
                                       .rule_code = "complaint.reply",
                                       .subject = fmt::format("投诉举报答复:{}", tracking),
                                       .object = fmt::format("complaint:{}", tracking),
                                       .start_date = today},
                          0);
    if (!deadline.ok()) return deadline.status();
    const std::string due = domain::FormatDate(deadline->record.due_date);
    auto id = tx.Query(
        "INSERT INTO complaints (agency_id, tracking, upload_token, topic, subject, content,"
        " content_digest, name, phone, email, about, status, received_on, received_at,"
        " deadline_id, due_on, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $14, $15,"
        " $13) RETURNING id",
        {agency_id, tracking, ContentDigest(token), std::string(ComplaintTopicCode(c.topic)),
         c.subject, c.content, digest, c.name, c.phone, c.email, c.about, today_text, now,
         deadline->record.id, due});
    if (!id.ok()) return id.status();
    const std::int64_t cid = id->rows.front().Int(0);
    SX_RETURN_IF_ERROR(AddEvent(tx, cid, today_text, now, "filed", 0, ""));
    SX_RETURN_IF_ERROR(Record(tx, agency_id, cid, "complaint.filed", 0, now,
                              {{"tracking", tracking},
                               {"topic", std::string(ComplaintTopicCode(c.topic))},
                               {"subject", c.subject},
                               {"content", c.content},
                               {"contacts", fmt::format("{}|{}|{}", c.name, c.phone, c.email)},
                               {"about", c.about}}));
    return json::object{
        {"tracking", tracking},
        {"uploadToken", token},
        {"agency", json::object{{"code", agency_code}, {"name", agency->rows.front().Text(1)}}},
        {"receivedOn", today_text},
        {"dueOn", due},
        {"maxAttachments", domain::kMaxComplaintAttachments},
        {"maxAttachmentBytes", kMaxComplaintAttachmentBytes}};
  });
}

Result<json::object> ComplaintService::Attach(std::string_view tracking, std::string_view token,
                                              std::string_view name, std::string_view bytes) {
  if (!domain::IsTrackingNumber(tracking)) {
    return Status::Invalid("查询号有误,请核对").WithField("tracking");
  }
  auto clean = SanitizeFilename(name);
  if (!clean.ok()) return Status(clean.status()).WithField("name");
  if (clean->empty()) return Status::Invalid("请给出文件名").WithField("name");
  if (bytes.empty()) return Status::Invalid("附件为空").WithField("size");
  if (static_cast<std::int64_t>(bytes.size()) > kMaxComplaintAttachmentBytes) {
    return Status::Invalid(fmt::format("附件不能超过 {} MB", kMaxComplaintAttachmentBytes >> 20))
        .WithField("size");
  }
  const auto type =
      AcceptedType(SniffType(bytes.substr(0, std::min<std::size_t>(bytes.size(), 65536))));
  if (!type) {
    return Status::Invalid("附件只能是 JPEG、PNG 图片,PDF 文件,MP4 视频或 MP3、M4A 录音")
        .WithField("mediaType");
  }
  const auto now_tp = clock_.Now();
  const std::string now = FormatUtc(now_tp);
  const std::string since = FormatUtc(now_tp - std::chrono::hours(kComplaintAttachHours));
  // The file first (content-addressed, so a rolled-back attach leaves only an orphan blob).
  auto blob = blobs_.Put(bytes);
  if (!blob.ok()) return blob.status();
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto row = tx.Query(
        "SELECT id, agency_id, upload_token, received_at, status FROM complaints WHERE tracking = "
        "$1",
        {std::string(tracking)});
    if (!row.ok()) return row.status();
    if (row->empty()) return Status::NotFound("未找到该查询号");
    const auto& r = row->rows.front();
    // The token compared by digest: equal time whatever the guess.
    if (r.Text(2) != ContentDigest(token)) {
      return Status::Permission("上传凭证无效:附件只能在提交投诉的页面上传");
    }
    if (r.Text(3) < since) {
      return Status::Permission(
          fmt::format("提交投诉 {} 小时后不能再补充附件", kComplaintAttachHours));
    }
    const std::int64_t id = r.Int(0);
    auto count =
        tx.Query("SELECT COUNT(*) FROM complaint_attachments WHERE complaint_id = $1", {id});
    if (!count.ok()) return count.status();
    const std::int64_t n = count->rows.front().Int(0);
    if (n >= static_cast<std::int64_t>(domain::kMaxComplaintAttachments)) {
      return Status::Conflict(
          fmt::format("每件投诉最多 {} 个附件", domain::kMaxComplaintAttachments));
    }
    auto ins = tx.Query(
        "INSERT INTO complaint_attachments (complaint_id, idx, name, media_type, size, digest,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {id, n + 1, *clean, *type, static_cast<std::int64_t>(bytes.size()), blob->digest, now});
    if (!ins.ok()) return ins.status();
    domain::LedgerEvent e;
    e.type = "complaint.attached";
    e.agency_id = r.Int(1);
    e.object = fmt::format("complaint:{}", id);
    e.at = now;
    e.digests.emplace_back("file", blob->digest);
    SX_RETURN_IF_ERROR(
        AppendRecord(tx, std::move(e), {{"index", std::to_string(n + 1)}, {"name", *clean}}));
    auto all = tx.Query(
        "SELECT name, size, digest FROM complaint_attachments WHERE complaint_id = $1 ORDER BY idx",
        {id});
    if (!all.ok()) return all.status();
    json::array items;
    for (const auto& a : all->rows) {
      std::string hex = a.Text(2);
      if (hex.rfind("sha256:", 0) == 0) hex.erase(0, 7);
      items.push_back(json::object{{"name", a.Text(0)}, {"size", a.Int(1)}, {"sha256", hex}});
    }
    return json::object{{"attachments", std::move(items)}};
  });
}

Result<json::object> ComplaintService::PublicStatus(std::string_view tracking) {
  if (!domain::IsTrackingNumber(tracking)) {
    return Status::Invalid("查询号有误,请核对").WithField("tracking");
  }
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = Load(tx, "c.tracking = $1", std::string(tracking));
    if (!r.ok()) {
      if (r.status().code() == Code::kNotFound) return Status::NotFound("未找到该查询号");
      return r.status();
    }
    json::object full = Item(*r, true);
    json::object o{{"tracking", full["tracking"]},
                   {"agency", json::object{{"code", full["agency"].at("code")},
                                           {"name", full["agency"].at("name")}}},
                   {"topic", full["topic"]},
                   {"topicName", full["topicName"]},
                   {"subject", full["subject"]},
                   {"status", full["status"]},
                   {"statusName", full["statusName"]},
                   {"receivedOn", full["receivedOn"]},
                   {"dueOn", full["dueOn"]},
                   {"reply", full["reply"]},
                   {"repliedOn", full["repliedOn"]},
                   {"outcome", full["outcome"]},
                   {"outcomeName", full["outcomeName"]},
                   {"caseNumber", full["caseNumber"]}};
    auto events =
        tx.Query("SELECT on_date, action FROM complaint_events WHERE complaint_id = $1 ORDER BY id",
                 {r->Int(0)});
    if (!events.ok()) return events.status();
    json::array timeline;
    for (const auto& e : events->rows) {
      timeline.push_back(json::object{{"on", e.Text(0)}, {"what", PublicStep(e.Text(1))}});
    }
    o["timeline"] = std::move(timeline);
    auto files = tx.Query(
        "SELECT name, size FROM complaint_attachments WHERE complaint_id = $1 ORDER BY idx",
        {r->Int(0)});
    if (!files.ok()) return files.status();
    json::array attachments;
    for (const auto& f : files->rows) {
      attachments.push_back(json::object{{"name", f.Text(0)}, {"size", f.Int(1)}});
    }
    o["attachments"] = std::move(attachments);
    return o;
  });
}

Result<json::object> ComplaintService::List(std::int64_t agency_id, std::string_view status) {
  if (!status.empty() && !domain::ParseComplaintState(status)) {
    return Status::Invalid("status 应为 received、assigned、replied、case_opened 或 not_accepted")
        .WithField("status");
  }
  const std::string today = domain::FormatDate(Today());
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::string sql = fmt::format("SELECT {}{} WHERE c.agency_id = $1", kColumns, kFrom);
    std::vector<Param> params{agency_id};
    if (!status.empty()) {
      sql += " AND c.status = $2";
      params.emplace_back(std::string(status));
    }
    sql += " ORDER BY c.id DESC LIMIT 500";
    auto rows = tx.Query(sql, params);
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) {
      json::object o = Item(r, false);
      const auto state = domain::ParseComplaintState(r.Text(12));
      o["overdue"] = state && !domain::IsClosed(*state) && r.Text(15) < today;
      items.push_back(std::move(o));
    }
    return json::object{{"items", std::move(items)}};
  });
}

Result<std::int64_t> ComplaintService::AgencyOf(std::int64_t id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT agency_id FROM complaints WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("投诉举报 {} 不存在", id));
    return r->rows.front().Int(0);
  });
}

Result<json::object> ComplaintService::Get(std::int64_t id) {
  const std::string today = domain::FormatDate(Today());
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = Load(tx, "c.id = $1", id);
    if (!r.ok()) return r.status();
    json::object o = Item(*r, true);
    const auto state = domain::ParseComplaintState(r->Text(12));
    o["overdue"] = state && !domain::IsClosed(*state) && r->Text(15) < today;
    auto files = tx.Query(
        "SELECT idx, name, size, digest, media_type FROM complaint_attachments"
        " WHERE complaint_id = $1 ORDER BY idx",
        {id});
    if (!files.ok()) return files.status();
    json::array attachments;
    for (const auto& f : files->rows) {
      std::string hex = f.Text(3);
      if (hex.rfind("sha256:", 0) == 0) hex.erase(0, 7);
      attachments.push_back(json::object{{"index", f.Int(0)},
                                         {"name", f.Text(1)},
                                         {"size", f.Int(2)},
                                         {"sha256", hex},
                                         {"mediaType", f.Text(4)}});
    }
    o["attachments"] = std::move(attachments);
    auto events = tx.Query(
        "SELECT e.on_date, e.at, e.action, e.note, u.display_name FROM complaint_events e"
        " LEFT JOIN users u ON u.id = e.actor_id WHERE e.complaint_id = $1 ORDER BY e.id",
        {id});
    if (!events.ok()) return events.status();
    json::array timeline;
    for (const auto& e : events->rows) {
      timeline.push_back(json::object{{"on", e.Text(0)},
                                      {"at", e.Text(1)},
                                      {"action", e.Text(2)},
                                      {"what", PublicStep(e.Text(2))},
                                      {"note", e.Text(3)},
                                      {"by", Nullable(e, 4)}});
    }
    o["timeline"] = std::move(timeline);
    return o;
  });
}

Result<ComplaintFile> ComplaintService::Attachment(std::int64_t id, int index) {
  auto row = store::InTx<store::Row>(db_, false, [&](store::Tx& tx) -> Result<store::Row> {
    auto r = tx.Query(
        "SELECT name, media_type, digest FROM complaint_attachments"
        " WHERE complaint_id = $1 AND idx = $2",
        {id, std::int64_t{index}});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound("附件不存在");
    return r->rows.front();
  });
  if (!row.ok()) return row.status();
  auto bytes = blobs_.Get(row->Text(2), kMaxComplaintAttachmentBytes);
  if (!bytes.ok()) return bytes.status();
  return ComplaintFile{row->Text(0), row->Text(1), std::move(*bytes)};
}

Result<json::object> ComplaintService::Assign(std::int64_t id, std::int64_t assignee_id,
                                              std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const std::string today = domain::FormatDate(Today());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto r = Load(tx, "c.id = $1", id);
    if (!r.ok()) return r.status();
    const auto from = domain::ParseComplaintState(r->Text(12));
    if (!from) return Status::Internal("投诉举报状态损坏");
    if (*from != ComplaintState::kReceived && *from != ComplaintState::kAssigned) {
      return Status::Conflict(
          fmt::format("该投诉举报{},不能再分办", domain::ComplaintStateName(*from)));
    }
    auto user =
        tx.Query("SELECT display_name FROM users WHERE id = $1 AND agency_id = $2 AND disabled = 0",
                 {assignee_id, r->Int(1)});
    if (!user.ok()) return user.status();
    if (user->empty()) return Status::Invalid("承办人须为本机关的在用账号").WithField("assigneeId");
    auto up = tx.Query(
        "UPDATE complaints SET status = 'assigned', assignee_id = $2, version = version + 1,"
        " updated_at = $3 WHERE id = $1",
        {id, assignee_id, now});
    if (!up.ok()) return up.status();
    SX_RETURN_IF_ERROR(AddEvent(tx, id, today, now, "assigned", actor_id,
                                fmt::format("分办给 {}", user->rows.front().Text(0))));
    SX_RETURN_IF_ERROR(Record(tx, r->Int(1), id, "complaint.assigned", actor_id, now,
                              {{"assignee_id", std::to_string(assignee_id)}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id);
}

Result<json::object> ComplaintService::Reply(std::int64_t id, std::string_view outcome,
                                             std::string_view reply,
                                             std::optional<std::int64_t> case_id,
                                             std::int64_t actor_id) {
  if (ComplaintOutcomeName(outcome).empty()) {
    return Status::Invalid(
               "outcome 应为 substantiated(属实)、partly(部分属实)或 unsubstantiated(不属实)")
        .WithField("outcome");
  }
  SX_RETURN_IF_ERROR(domain::CheckText(reply, "答复内容", "reply", 5000, true));
  if (CodePointCount(reply).value_or(0) < 10) {
    return Status::Invalid("答复内容至少 10 个字").WithField("reply");
  }
  return Answer(id, case_id ? ComplaintState::kCaseOpened : ComplaintState::kReplied,
                std::string(outcome), reply, case_id, actor_id);
}

Result<json::object> ComplaintService::Reject(std::int64_t id, std::string_view reason,
                                              std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(reason, "不予受理理由", "reason", 2000, true));
  if (CodePointCount(reason).value_or(0) < 5) {
    return Status::Invalid("请写明不予受理的理由(至少 5 个字)").WithField("reason");
  }
  return Answer(id, ComplaintState::kNotAccepted, std::nullopt, reason, std::nullopt, actor_id);
}

Result<json::object> ComplaintService::Answer(std::int64_t id, ComplaintState to,
                                              std::optional<std::string> outcome,
                                              std::string_view text,
                                              std::optional<std::int64_t> case_id,
                                              std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  const std::string today_text = domain::FormatDate(today);
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto r = Load(tx, "c.id = $1", id);
    if (!r.ok()) return r.status();
    const auto from = domain::ParseComplaintState(r->Text(12));
    if (!from) return Status::Internal("投诉举报状态损坏");
    if (to == ComplaintState::kNotAccepted && *from == ComplaintState::kReceived) {
      // Refusing needs no assignment first.
    } else {
      SX_RETURN_IF_ERROR(domain::CheckComplaintTransition(*from, to));
    }
    if (case_id) {
      auto k =
          tx.Query("SELECT 1 FROM cases WHERE id = $1 AND agency_id = $2", {*case_id, r->Int(1)});
      if (!k.ok()) return k.status();
      if (k->empty()) return Status::Invalid("本机关没有这个案件").WithField("caseId");
    }
    auto up = tx.Query(
        "UPDATE complaints SET status = $2, outcome = $3, reply = $4, replied_on = $5,"
        " replied_by = $6, case_id = $7, version = version + 1, updated_at = $8 WHERE id = $1",
        {id, std::string(domain::ComplaintStateCode(to)), OptParam(outcome), std::string(text),
         today_text, actor_id, OptParam(case_id), now});
    if (!up.ok()) return up.status();
    if (!r->IsNull(24)) {
      auto met = deadlines_.CompleteIn(tx, r->Int(24), today, actor_id);
      if (!met.ok() && met.status().code() != Code::kConflict) return met.status();
    }
    SX_RETURN_IF_ERROR(
        AddEvent(tx, id, today_text, now, domain::ComplaintStateCode(to), actor_id, ""));
    SX_RETURN_IF_ERROR(
        Record(tx, r->Int(1), id,
               to == ComplaintState::kNotAccepted ? "complaint.refused" : "complaint.replied",
               actor_id, now,
               {{"status", std::string(domain::ComplaintStateCode(to))},
                {"outcome", outcome.value_or("")},
                {"reply", std::string(text)},
                {"case_id", case_id ? std::to_string(*case_id) : ""}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id);
}

Result<json::object> ComplaintService::Stats(std::int64_t agency_id, int year) {
  if (year < 2000 || year > 2100) return Status::Invalid("year 应为 2000–2100").WithField("year");
  const std::string from = fmt::format("{:04}-01-01", year);
  const std::string to = fmt::format("{:04}-01-01", year + 1);
  const domain::Date today = Today();
  auto cal = calendar_.Current();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows = tx.Query(
        "SELECT topic, status, outcome, received_on, due_on, replied_on FROM complaints"
        " WHERE agency_id = $1 AND received_on >= $2 AND received_on < $3",
        {agency_id, from, to});
    if (!rows.ok()) return rows.status();
    std::map<std::string, std::int64_t> topics, statuses, outcomes;
    std::int64_t on_time = 0, late = 0, pending = 0, days = 0, answered = 0;
    for (const auto& r : rows->rows) {
      ++topics[r.Text(0)];
      ++statuses[r.Text(1)];
      if (!r.IsNull(2)) ++outcomes[r.Text(2)];
      const auto due = domain::ParseDate(r.Text(4));
      const auto received = domain::ParseDate(r.Text(3));
      std::optional<domain::Date> replied;
      if (!r.IsNull(5)) replied = domain::ParseDate(r.Text(5));
      if (!due || !received) continue;
      switch (domain::Classify(*due, replied, today)) {
        case domain::Timeliness::kOnTime:
          ++on_time;
          break;
        case domain::Timeliness::kLate:
          ++late;
          break;
        case domain::Timeliness::kPending:
          ++pending;
          break;
      }
      if (replied) {
        auto n = cal->CountWorkingDays(*received, *replied);
        if (n.ok()) {
          days += n->days;
          ++answered;
        }
      }
    }
    json::array by_topic, by_status, by_outcome;
    for (auto t : domain::kAllComplaintTopics) {
      const auto code = std::string(domain::ComplaintTopicCode(t));
      by_topic.push_back(json::object{
          {"code", code}, {"name", domain::ComplaintTopicName(t)}, {"count", topics[code]}});
    }
    for (auto code : {"received", "assigned", "replied", "case_opened", "not_accepted"}) {
      const auto s = domain::ParseComplaintState(code);
      by_status.push_back(json::object{{"code", code},
                                       {"name", s ? domain::ComplaintStateName(*s) : ""},
                                       {"count", statuses[code]}});
    }
    for (const auto& o : kOutcomes) {
      by_outcome.push_back(json::object{
          {"code", o.code}, {"name", o.name}, {"count", outcomes[std::string(o.code)]}});
    }
    const auto mean = domain::RoundedMean(days, answered);
    return json::object{{"year", year},
                        {"total", static_cast<std::int64_t>(rows->rows.size())},
                        {"byTopic", std::move(by_topic)},
                        {"byStatus", std::move(by_status)},
                        {"byOutcome", std::move(by_outcome)},
                        {"onTime", on_time},
                        {"late", late},
                        {"pending", pending},
                        {"meanWorkingDays", mean ? json::value(*mean) : json::value(nullptr)}};
  });
}

}  // namespace sx::services
