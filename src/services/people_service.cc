#include "services/people_service.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "services/ledger_service.h"
#include "util/csv.h"

namespace sx::services {

namespace {

// The import file's columns, in the order of the template; all are required.
enum Column {
  kName,
  kDepartment,
  kTitle,
  kCertNumber,
  kIssuer,
  kIssuedOn,
  kExpiresOn,
  kStatus,
  kCategory,
  kArea,
  kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kColumns = {
    "姓名",     "部门",     "职务",     "执法证号", "发证机关",
    "发证日期", "有效期至", "证件状态", "执法类别", "执法区域"};

// The column that shows an API field of the officer, for row errors.
std::string ColumnOf(std::string_view field) {
  static const std::map<std::string_view, Column> kByField = {
      {"name", kName},           {"departmentId", kDepartment},
      {"title", kTitle},         {"certNumber", kCertNumber},
      {"issuer", kIssuer},       {"issuedOn", kIssuedOn},
      {"expiresOn", kExpiresOn}, {"status", kStatus},
      {"category", kCategory},   {"area", kArea}};
  auto it = kByField.find(field);
  return it == kByField.end() ? std::string(field) : std::string(kColumns[it->second]);
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Maps header cells to columns; kInvalid naming missing, unknown or repeated columns.
Result<std::array<std::size_t, kColumnCount>> ReadHeader(const std::vector<std::string>& cells) {
  std::array<std::size_t, kColumnCount> index;
  index.fill(cells.size());
  std::vector<std::string> unknown, repeated;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string name = Trim(cells[i]);
    auto it = std::find(kColumns.begin(), kColumns.end(), name);
    if (it == kColumns.end()) {
      unknown.push_back(name.empty() ? fmt::format("第 {} 列(空)", i + 1) : name);
    } else if (index[it - kColumns.begin()] != cells.size()) {
      repeated.push_back(name);
    } else {
      index[it - kColumns.begin()] = i;
    }
  }
  std::vector<std::string_view> missing;
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    if (index[c] == cells.size()) missing.push_back(kColumns[c]);
  }
  std::vector<std::string> parts;
  if (!missing.empty()) parts.push_back(fmt::format("缺少列:{}", fmt::join(missing, "、")));
  if (!unknown.empty()) parts.push_back(fmt::format("无法识别的列:{}", fmt::join(unknown, "、")));
  if (!repeated.empty()) parts.push_back(fmt::format("重复的列:{}", fmt::join(repeated, "、")));
  if (!parts.empty()) {
    return Status::Invalid(fmt::format("表头有误({})。第一行须为:{}", fmt::join(parts, ";"),
                                       fmt::join(kColumns, ",")))
        .WithField("file");
  }
  return index;
}

}  // namespace

RecordFields OfficerRecord(const domain::Officer& o) {
  const auto& c = o.certificate;
  return {{"id", fmt::format("{}", o.id)},
          {"agency", fmt::format("{}", o.agency_id)},
          {"department", o.department_id ? fmt::format("{}", *o.department_id) : ""},
          {"name", o.name},
          {"title", o.title},
          {"cert_number", c.number},
          {"cert_issuer", c.issuer},
          {"cert_issued_on", domain::FormatDate(c.issued_on)},
          {"cert_expires_on", domain::FormatDate(c.expires_on)},
          {"cert_status", std::string(domain::CertificateStatusName(c.status))},
          {"category", o.category},
          {"area", o.area},
          {"legal_reviewer", o.legal_reviewer ? "1" : "0"},
          {"legal_qualification", o.legal_qualification_number},
          {"first_time_reviewer", o.first_time_reviewer ? "1" : "0"},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

RecordFields TrainingRecord(const domain::Training& t) {
  return {{"id", fmt::format("{}", t.id)},
          {"officer", fmt::format("{}", t.officer_id)},
          {"kind", std::string(domain::TrainingKindName(t.kind))},
          {"date", domain::FormatDate(t.held_on)},
          {"hours", fmt::format("{}", t.hours)},
          {"passed", t.passed ? "1" : "0"},
          {"created_at", t.created_at}};
}

Status RecordOfficer(store::Tx& tx, std::string_view type, const domain::Officer& o,
                     std::int64_t actor_id, std::string_view now) {
  return AppendRecord(
      tx,
      {std::string(type), o.agency_id, fmt::format("officer:{}", o.id), actor_id, std::string(now)},
      OfficerRecord(o));
}

RecordFields ImportRecord(const domain::OfficerImport& i) {
  return {{"id", fmt::format("{}", i.id)},
          {"agency", fmt::format("{}", i.agency_id)},
          {"file_digest", i.file_digest},
          {"file_size", fmt::format("{}", i.file_size)},
          {"officers", fmt::format("{}", i.officers)},
          {"actor", fmt::format("{}", i.actor_id)},
          {"created_at", i.created_at}};
}

Status RecordImport(store::Tx& tx, const domain::OfficerImport& i) {
  return AppendRecord(tx,
                      {"officer.import",
                       i.agency_id,
                       fmt::format("officer_import:{}", i.id),
                       i.actor_id,
                       i.created_at,
                       {{"file", i.file_digest}}},
                      ImportRecord(i));
}

Status RecordTraining(store::Tx& tx, const domain::Training& t, std::int64_t agency_id,
                      std::int64_t actor_id, std::string_view now) {
  return AppendRecord(tx,
                      {"officer.training_added", agency_id, fmt::format("training:{}", t.id),
                       actor_id, std::string(now)},
                      TrainingRecord(t));
}

Result<domain::Officer> PeopleService::CreateOfficer(std::int64_t agency_id,
                                                     const domain::NewOfficer& o,
                                                     std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidateNewOfficer(o));
  return store::InTx<domain::Officer>(db_, true, [&](store::Tx& tx) -> Result<domain::Officer> {
    const std::string now = FormatUtc(clock_.Now());
    auto created = officers_->Insert(tx, agency_id, o, now);
    if (!created.ok()) return created.status();
    SX_RETURN_IF_ERROR(RecordOfficer(tx, "officer.created", *created, actor_id, now));
    return created;
  });
}

Result<domain::Officer> PeopleService::UpdateOfficer(std::int64_t id,
                                                     const domain::OfficerChange& change,
                                                     std::int64_t actor_id) {
  if (change.empty()) {
    return Status::Invalid("没有要修改的内容:可修改 status、expiresOn、title、area");
  }
  return store::InTx<domain::Officer>(db_, true, [&](store::Tx& tx) -> Result<domain::Officer> {
    auto current = officers_->Get(tx, id);
    if (!current.ok()) return current.status();
    domain::Officer o = std::move(current).value();
    domain::ApplyChange(change, o);
    SX_RETURN_IF_ERROR(domain::ValidateNewOfficer(o));
    const std::string now = FormatUtc(clock_.Now());
    SX_RETURN_IF_ERROR(officers_->Update(tx, o, now));
    auto updated = officers_->Get(tx, id);
    if (!updated.ok()) return updated.status();
    SX_RETURN_IF_ERROR(RecordOfficer(tx, "officer.updated", *updated, actor_id, now));
    return updated;
  });
}

Result<domain::Officer> PeopleService::Get(std::int64_t id) {
  return store::InTx<domain::Officer>(db_, false,
                                      [&](store::Tx& tx) { return officers_->Get(tx, id); });
}

Result<std::vector<domain::Training>> PeopleService::Trainings(std::int64_t officer_id) {
  return store::InTx<std::vector<domain::Training>>(
      db_, false, [&](store::Tx& tx) { return officers_->ListTrainings(tx, officer_id); });
}

Result<domain::Training> PeopleService::AddTraining(std::int64_t officer_id,
                                                    const domain::NewTraining& t,
                                                    std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidateTraining(t, Today()));
  return store::InTx<domain::Training>(db_, true, [&](store::Tx& tx) -> Result<domain::Training> {
    const std::string now = FormatUtc(clock_.Now());
    auto added = officers_->AddTraining(tx, officer_id, t, now);
    if (!added.ok()) return added.status();
    auto officer = officers_->Get(tx, officer_id);
    if (!officer.ok()) return officer.status();
    SX_RETURN_IF_ERROR(RecordTraining(tx, *added, officer->agency_id, actor_id, now));
    return added;
  });
}

Result<std::vector<domain::Officer>> PeopleService::List(std::optional<std::int64_t> agency_id) {
  return store::InTx<std::vector<domain::Officer>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<domain::Officer>> {
        if (!agency_id) return officers_->ListAll(tx);
        SX_RETURN_IF_ERROR(agencies_->Get(tx, *agency_id).status());
        return officers_->ListByAgency(tx, *agency_id);
      });
}

Result<Verification> PeopleService::Verify(std::string_view cert_number) {
  if (!domain::IsCertificateNumber(cert_number)) {
    return Status::Invalid("执法证号须为 4–32 位大写字母、数字或连字符,例如 ZZGJJ-2023-001")
        .WithField("cert");
  }
  const domain::Date today = Today();
  return store::InTx<Verification>(db_, false, [&](store::Tx& tx) -> Result<Verification> {
    auto o = officers_->FindByCertNumber(tx, cert_number);
    if (!o.ok()) return o.status();
    Verification v;
    v.validity = domain::ValidityOn(o->certificate, today);
    v.officer = std::move(o).value();
    v.checked_on = today;
    return v;
  });
}

Result<PeopleDashboard> PeopleService::Dashboard(std::int64_t agency_id, int warn_days) {
  const domain::Date today = Today();
  return store::InTx<PeopleDashboard>(db_, false, [&](store::Tx& tx) -> Result<PeopleDashboard> {
    SX_RETURN_IF_ERROR(agencies_->Get(tx, agency_id).status());
    PeopleDashboard d;
    d.today = today;
    d.warn_days = warn_days;
    auto expiring = officers_->ListExpiring(tx, agency_id, today, warn_days);
    if (!expiring.ok()) return expiring.status();
    d.expiring = std::move(expiring).value();
    auto all = officers_->ListByAgency(tx, agency_id);
    if (!all.ok()) return all.status();
    for (auto& o : *all) {
      if (domain::ValidityOn(o.certificate, today) != domain::Validity::kValid) {
        d.invalid.push_back(std::move(o));
      }
    }
    auto ratio = officers_->CountReviewers(tx, agency_id);
    if (!ratio.ok()) return ratio.status();
    d.ratio = *ratio;
    return d;
  });
}

Result<ImportReport> PeopleService::ImportCsv(std::int64_t agency_id, std::string_view bytes,
                                              std::int64_t actor_id) {
  if (bytes.size() > kMaxImportBytes) {
    return Status::Invalid(fmt::format("文件超过 {} MiB,请分批导入", kMaxImportBytes >> 20))
        .WithField("file");
  }
  auto text = DecodeSpreadsheetText(bytes);
  if (!text.ok()) return text.status();
  auto rows = ParseCsv(*text, kMaxImportRows + 1);  // + the header
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return Status::Invalid(fmt::format("文件为空。第一行须为:{}", fmt::join(kColumns, ",")))
        .WithField("file");
  }
  auto header = ReadHeader(rows->front().cells);
  if (!header.ok()) return header.status();
  if (rows->size() == 1) return Status::Invalid("文件只有表头,没有人员数据").WithField("file");

  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<ImportReport>(db_, true, [&](store::Tx& tx) -> Result<ImportReport> {
    auto agency = agencies_->Get(tx, agency_id);
    if (!agency.ok()) return agency.status();
    std::map<std::string, std::int64_t, std::less<>> departments;
    for (const auto& d : agency->departments) departments[d.name] = d.id;

    ImportReport report;
    std::vector<domain::NewOfficer> valid;
    std::map<std::string, int, std::less<>> seen;  // cert number → row
    for (std::size_t r = 1; r < rows->size(); ++r) {
      const CsvRow& row = (*rows)[r];
      auto error = [&](std::string_view column, std::string message) {
        report.errors.push_back({row.line, std::string(column), std::move(message)});
      };
      if (row.cells.size() != rows->front().cells.size()) {
        error("", fmt::format("本行有 {} 列,表头有 {} 列", row.cells.size(),
                              rows->front().cells.size()));
        continue;
      }
      auto cell = [&](Column c) { return Trim(row.cells[(*header)[c]]); };
      domain::NewOfficer o;
      o.name = cell(kName);
      o.title = cell(kTitle);
      o.category = cell(kCategory);
      o.area = cell(kArea);
      o.certificate.number = cell(kCertNumber);
      o.certificate.issuer = cell(kIssuer);
      const std::size_t errors_before = report.errors.size();
      if (std::string dep = cell(kDepartment); !dep.empty()) {
        auto it = departments.find(dep);
        if (it == departments.end()) {
          error(kColumns[kDepartment], fmt::format("本单位没有内设机构“{}”", dep));
        } else {
          o.department_id = it->second;
        }
      }
      for (auto [column, date] : {std::pair{kIssuedOn, &o.certificate.issued_on},
                                  std::pair{kExpiresOn, &o.certificate.expires_on}}) {
        auto parsed = domain::ParseDate(cell(column));
        if (!parsed) {
          error(kColumns[column], fmt::format("“{}”不是 YYYY-MM-DD 格式的日期", cell(column)));
        } else {
          *date = *parsed;
        }
      }
      if (std::string status = cell(kStatus); !status.empty()) {
        auto parsed = domain::ParseCertificateStatus(status);
        if (!parsed) {
          error(kColumns[kStatus], fmt::format("“{}”不是有效、暂扣或注销", status));
        } else {
          o.certificate.status = *parsed;
        }
      }
      if (report.errors.size() != errors_before) continue;
      if (Status st = domain::ValidateNewOfficer(o); !st.ok()) {
        error(ColumnOf(st.field()), st.message());
        continue;
      }
      if (auto [it, fresh] = seen.emplace(o.certificate.number, row.line); !fresh) {
        error(kColumns[kCertNumber],
              fmt::format("执法证号“{}”与第 {} 行重复", o.certificate.number, it->second));
        continue;
      }
      auto existing = officers_->FindByCertNumber(tx, o.certificate.number);
      if (existing.ok()) {
        error(kColumns[kCertNumber], fmt::format("执法证号“{}”已登记({},{})", o.certificate.number,
                                                 existing->name, existing->agency_name));
        continue;
      }
      if (existing.status().code() != Code::kNotFound) return existing.status();
      valid.push_back(std::move(o));
    }
    if (!report.errors.empty()) return report;  // nothing written: the transaction is empty
    // The original file is kept (content-addressed: a rolled-back import leaves at most an
    // unreferenced copy) and its digest recorded with the import.
    auto file = blobs_.Put(bytes);
    if (!file.ok()) return file.status();
    auto import =
        officers_->InsertImport(tx, {0, agency_id, file->digest, file->size,
                                     static_cast<std::int64_t>(valid.size()), actor_id, now});
    if (!import.ok()) return import.status();
    SX_RETURN_IF_ERROR(RecordImport(tx, *import));
    for (const auto& o : valid) {
      auto inserted = officers_->Insert(tx, agency_id, o, now);
      if (!inserted.ok()) return inserted.status();
      SX_RETURN_IF_ERROR(RecordOfficer(tx, "officer.imported", *inserted, actor_id, now));
    }
    report.imported = static_cast<int>(valid.size());
    report.import_id = import->id;
    report.file_digest = file->digest;
    return report;
  });
}

}  // namespace sx::services
