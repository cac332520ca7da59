// 投诉举报 (docs/supervision.md; domain/complaint.h): filed by the public on the portal with a
// tracking number and optional attachments (kept in the blob store), followed on a status page
// that shows no contacts, and handled by the agency — assigned, answered within the
// `complaint.reply` deadline (linked to the case it led to) or refused with the reason. Every
// step appends its ledger leaf in the same transaction (digests only: no personal data).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/complaint.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

inline constexpr std::int64_t kMaxComplaintAttachmentBytes = 10 * 1024 * 1024;
// Attachments may follow the filing for this long (with its upload token).
inline constexpr int kComplaintAttachHours = 24;

struct ComplaintFile {
  std::string name, media_type;
  std::string bytes;
};

class ComplaintService {
 public:
  // Everything must outlive the service.
  ComplaintService(store::Database& db, const Clock& clock, CalendarService& calendar,
                   DeadlineService& deadlines, store::BlobStore& blobs)
      : db_(db), clock_(clock), calendar_(calendar), deadlines_(deadlines), blobs_(blobs) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // A complaint about the enforcement agency `agency_code`: kNotFound for no such agency,
  // kInvalid naming the field, kConflict when the same content came within 24 hours. Answers the
  // tracking number, the upload token for attachments and the due date.
  Result<boost::json::object> File(std::string_view agency_code, const domain::NewComplaint& c);
  // One attachment: kPermission for a wrong token or after 24 hours, kConflict beyond 5 files;
  // kInvalid with field "size" beyond 10 MiB or empty, "mediaType" for a type other than JPEG,
  // PNG, PDF, MP4, MP3, M4A (by content), "name" for a bad name.
  Result<boost::json::object> Attach(std::string_view tracking, std::string_view token,
                                     std::string_view name, std::string_view bytes);
  // The public status page: kInvalid for a malformed number, kNotFound for an unknown one.
  Result<boost::json::object> PublicStatus(std::string_view tracking);

  // The workbench: newest first, at most 500; `status` one of the states' codes.
  Result<boost::json::object> List(std::int64_t agency_id, std::string_view status);
  Result<boost::json::object> Get(std::int64_t id);
  Result<std::int64_t> AgencyOf(std::int64_t id);
  Result<ComplaintFile> Attachment(std::int64_t id, int index);
  // To a user of the agency; kConflict once answered.
  Result<boost::json::object> Assign(std::int64_t id, std::int64_t assignee_id,
                                     std::int64_t actor_id);
  // The answer (after assignment): outcome substantiated | partly | unsubstantiated; with a case
  // of the agency, the complaint is marked 已立案查处. Meets the reply deadline.
  Result<boost::json::object> Reply(std::int64_t id, std::string_view outcome,
                                    std::string_view reply, std::optional<std::int64_t> case_id,
                                    std::int64_t actor_id);
  // 不予受理 with the reason; meets the deadline (the reason is the answer).
  Result<boost::json::object> Reject(std::int64_t id, std::string_view reason,
                                     std::int64_t actor_id);
  // Counts by topic, status and outcome for complaints received in `year`; timeliness of the
  // answers and their mean working days.
  Result<boost::json::object> Stats(std::int64_t agency_id, int year);

 private:
  Result<boost::json::object> Answer(std::int64_t id, domain::ComplaintState to,
                                     std::optional<std::string> outcome, std::string_view text,
                                     std::optional<std::int64_t> case_id, std::int64_t actor_id);

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  DeadlineService& deadlines_;
  store::BlobStore& blobs_;
};

std::string_view ComplaintOutcomeName(std::string_view code);  // "属实", …; "" for unknown

}  // namespace sx::services
