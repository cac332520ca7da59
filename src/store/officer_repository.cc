#include "store/officer_repository.h"

#include <fmt/format.h>

namespace sx::store {

namespace {

constexpr std::string_view kSelectOfficer =
    "SELECT o.id, o.agency_id, a.name, o.department_id, d.name, o.name, o.title, o.cert_number,"
    " o.cert_issuer, o.cert_issued_on, o.cert_expires_on, o.cert_status, o.enforcement_category,"
    " o.enforcement_area, o.is_legal_reviewer, o.legal_qualification_number,"
    " o.first_time_reviewer, o.created_at, o.updated_at,"
    " (SELECT COUNT(*) FROM trainings t WHERE t.officer_id = o.id)"
    " FROM officers o JOIN agencies a ON a.id = o.agency_id"
    " LEFT JOIN departments d ON d.id = o.department_id";

domain::Officer OfficerFromRow(const Row& r) {
  domain::Officer o;
  o.id = r.Int(0);
  o.agency_id = r.Int(1);
  o.agency_name = r.Text(2);
  if (!r.IsNull(3)) o.department_id = r.Int(3);
  o.department_name = r.Text(4);
  o.name = r.Text(5);
  o.title = r.Text(6);
  o.certificate.number = r.Text(7);
  o.certificate.issuer = r.Text(8);
  o.certificate.issued_on = domain::ParseDate(r.Text(9)).value_or(domain::Date{});
  o.certificate.expires_on = domain::ParseDate(r.Text(10)).value_or(domain::Date{});
  o.certificate.status =
      domain::ParseCertificateStatus(r.Text(11)).value_or(domain::CertificateStatus::kRevoked);
  o.category = r.Text(12);
  o.area = r.Text(13);
  o.legal_reviewer = r.Int(14) != 0;
  o.legal_qualification_number = r.Text(15);
  o.first_time_reviewer = r.Int(16) != 0;
  o.created_at = r.Text(17);
  o.updated_at = r.Text(18);
  o.training_count = static_cast<int>(r.Int(19));
  return o;
}

domain::Training TrainingFromRow(const Row& r) {
  domain::Training t;
  t.id = r.Int(0);
  t.officer_id = r.Int(1);
  t.kind = domain::ParseTrainingKind(r.Text(2)).value_or(domain::TrainingKind::kInService);
  t.held_on = domain::ParseDate(r.Text(3)).value_or(domain::Date{});
  t.hours = static_cast<int>(r.Int(4));
  t.passed = r.Text(5) == "合格";
  t.created_at = r.Text(6);
  return t;
}

Param OptionalText(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

Param Flag(bool b) { return std::int64_t{b ? 1 : 0}; }

class SqlOfficerRepository final : public OfficerRepository {
 public:
  Result<domain::Officer> Insert(Tx& tx, std::int64_t agency_id, const domain::NewOfficer& o,
                                 std::string_view now) override {
    auto agency = tx.Query("SELECT 1 FROM agencies WHERE id = $1", {agency_id});
    if (!agency.ok()) return agency.status();
    if (agency->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    if (o.department_id) {
      auto dep = tx.Query("SELECT 1 FROM departments WHERE id = $1 AND agency_id = $2",
                          {*o.department_id, agency_id});
      if (!dep.ok()) return dep.status();
      if (dep->empty()) {
        return Status::Invalid(fmt::format("内设机构 {} 不属于该执法主体", *o.department_id))
            .WithField("departmentId");
      }
    }
    const auto& c = o.certificate;
    auto rows = tx.Query(
        "INSERT INTO officers (agency_id, department_id, name, title, cert_number, cert_issuer,"
        " cert_issued_on, cert_expires_on, cert_status, enforcement_category, enforcement_area,"
        " is_legal_reviewer, legal_qualification_number, first_time_reviewer, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$15)"
        " RETURNING id",
        {agency_id, o.department_id ? Param(*o.department_id) : Param(nullptr), o.name, o.title,
         c.number, c.issuer, domain::FormatDate(c.issued_on), domain::FormatDate(c.expires_on),
         std::string(domain::CertificateStatusName(c.status)), o.category, o.area,
         Flag(o.legal_reviewer), OptionalText(o.legal_qualification_number),
         Flag(o.first_time_reviewer), std::string(now)});
    if (!rows.ok()) {
      if (rows.status().code() == Code::kConflict) return TakenNumber(c.number);
      return rows.status();
    }
    return Get(tx, rows->rows.at(0).Int(0));
  }

  Status Update(Tx& tx, const domain::Officer& o, std::string_view now) override {
    const auto& c = o.certificate;
    auto rows = tx.Query(
        "UPDATE officers SET title = $2, cert_issuer = $3, cert_issued_on = $4,"
        " cert_expires_on = $5, cert_status = $6, enforcement_category = $7,"
        " enforcement_area = $8, is_legal_reviewer = $9, legal_qualification_number = $10,"
        " first_time_reviewer = $11, updated_at = $12 WHERE id = $1",
        {o.id, o.title, c.issuer, domain::FormatDate(c.issued_on), domain::FormatDate(c.expires_on),
         std::string(domain::CertificateStatusName(c.status)), o.category, o.area,
         Flag(o.legal_reviewer), OptionalText(o.legal_qualification_number),
         Flag(o.first_time_reviewer), std::string(now)});
    if (!rows.ok()) return rows.status();
    if (rows->affected == 0) return Status::NotFound(fmt::format("执法人员 {} 不存在", o.id));
    return Status::Ok();
  }

  Result<domain::Officer> Get(Tx& tx, std::int64_t id) override {
    auto list = Select(tx, "WHERE o.id = $1", {id});
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound(fmt::format("执法人员 {} 不存在", id));
    return std::move(list->front());
  }

  Result<domain::Officer> FindByCertNumber(Tx& tx, std::string_view number) override {
    auto list = Select(tx, "WHERE o.cert_number = $1", {std::string(number)});
    if (!list.ok()) return list.status();
    if (list->empty()) {
      return Status::NotFound(fmt::format("未找到执法证号为“{}”的执法人员", number))
          .WithField("cert");
    }
    return std::move(list->front());
  }

  Result<std::vector<domain::Officer>> ListByAgency(Tx& tx, std::int64_t agency_id) override {
    return Select(tx, "WHERE o.agency_id = $1 ORDER BY o.id", {agency_id});
  }

  Result<std::vector<domain::Officer>> ListAll(Tx& tx) override {
    return Select(tx, "ORDER BY o.agency_id, o.id", {});
  }

  Result<std::vector<domain::Officer>> ListExpiring(Tx& tx, std::int64_t agency_id,
                                                    domain::Date today, int days) override {
    // Dates are stored as YYYY-MM-DD, which sorts as text on both engines.
    return Select(
        tx,
        "WHERE o.agency_id = $1 AND o.cert_status = '有效' AND o.cert_issued_on <= $2"
        " AND o.cert_expires_on >= $2 AND o.cert_expires_on <= $3"
        " ORDER BY o.cert_expires_on, o.id",
        {agency_id, domain::FormatDate(today), domain::FormatDate(domain::AddDays(today, days))});
  }

  Result<domain::ReviewerRatio> CountReviewers(Tx& tx, std::int64_t agency_id) override {
    auto rows = tx.Query(
        "SELECT COUNT(*), SUM(is_legal_reviewer) FROM officers"
        " WHERE agency_id = $1 AND cert_status <> '注销'",
        {agency_id});
    if (!rows.ok()) return rows.status();
    const Row& r = rows->rows.at(0);
    return domain::ReviewerRatio{static_cast<int>(r.Int(1)), static_cast<int>(r.Int(0))};
  }

  Result<domain::Training> AddTraining(Tx& tx, std::int64_t officer_id,
                                       const domain::NewTraining& t,
                                       std::string_view now) override {
    auto exists = tx.Query("SELECT 1 FROM officers WHERE id = $1", {officer_id});
    if (!exists.ok()) return exists.status();
    if (exists->empty()) return Status::NotFound(fmt::format("执法人员 {} 不存在", officer_id));
    auto rows = tx.Query(
        "INSERT INTO trainings (officer_id, kind, held_on, hours, result, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {officer_id, std::string(domain::TrainingKindName(t.kind)), domain::FormatDate(t.held_on),
         std::int64_t{t.hours}, std::string(t.passed ? "合格" : "不合格"), std::string(now)});
    if (!rows.ok()) return rows.status();
    domain::Training out;
    static_cast<domain::NewTraining&>(out) = t;
    out.id = rows->rows.at(0).Int(0);
    out.officer_id = officer_id;
    out.created_at = std::string(now);
    return out;
  }

  Result<std::vector<domain::Training>> ListTrainings(Tx& tx, std::int64_t officer_id) override {
    auto rows = tx.Query(
        "SELECT id, officer_id, kind, held_on, hours, result, created_at FROM trainings"
        " WHERE officer_id = $1 ORDER BY held_on, id",
        {officer_id});
    if (!rows.ok()) return rows.status();
    std::vector<domain::Training> out;
    for (const auto& r : rows->rows) out.push_back(TrainingFromRow(r));
    return out;
  }

  Result<domain::OfficerImport> InsertImport(Tx& tx, const domain::OfficerImport& i) override {
    auto rows = tx.Query(
        "INSERT INTO officer_imports (agency_id, file_digest, file_size, officers, actor_id,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {i.agency_id, i.file_digest, i.file_size, i.officers, i.actor_id, i.created_at});
    if (!rows.ok()) return rows.status();
    domain::OfficerImport out = i;
    out.id = rows->rows.at(0).Int(0);
    return out;
  }

  Result<std::vector<domain::OfficerImport>> ListImports(Tx& tx) override {
    auto rows = tx.Query(
        "SELECT id, agency_id, file_digest, file_size, officers, actor_id, created_at"
        " FROM officer_imports ORDER BY id");
    if (!rows.ok()) return rows.status();
    std::vector<domain::OfficerImport> out;
    for (const auto& r : rows->rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5), r.Text(6)});
    }
    return out;
  }

 private:
  static Status TakenNumber(std::string_view number) {
    return Status::Conflict(fmt::format("执法证号“{}”已登记,不能重复录入", number))
        .WithField("certNumber");
  }

  Result<std::vector<domain::Officer>> Select(Tx& tx, std::string_view where,
                                              const std::vector<Param>& params) {
    auto rows = tx.Query(fmt::format("{} {}", kSelectOfficer, where), params);
    if (!rows.ok()) return rows.status();
    std::vector<domain::Officer> out;
    out.reserve(rows->rows.size());
    for (const auto& r : rows->rows) out.push_back(OfficerFromRow(r));
    return out;
  }
};

}  // namespace

std::unique_ptr<OfficerRepository> MakeOfficerRepository() {
  return std::make_unique<SqlOfficerRepository>();
}

}  // namespace sx::store
