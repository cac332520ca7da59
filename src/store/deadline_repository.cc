#include "store/deadline_repository.h"

#include <unordered_map>

#include <fmt/format.h>

namespace sx::store {

namespace {

constexpr std::string_view kSelectDeadline =
    "SELECT d.id, d.agency_id, a.name, d.department_id, d.rule_code, d.period_amount, d.subject,"
    " d.object, d.assignee_id, u.display_name, d.start_date, d.due_date, d.provisional,"
    " d.explanation, d.extended_days, d.done_on, d.created_by, d.created_at"
    " FROM deadlines d JOIN agencies a ON a.id = d.agency_id"
    " LEFT JOIN users u ON u.id = d.assignee_id";

domain::Date DateOf(const std::string& text) {
  return domain::ParseDate(text).value_or(domain::Date{});
}

DeadlineRecord DeadlineFromRow(const Row& r) {
  DeadlineRecord d;
  d.id = r.Int(0);
  d.agency_id = r.Int(1);
  d.agency_name = r.Text(2);
  if (!r.IsNull(3)) d.department_id = r.Int(3);
  d.rule_code = r.Text(4);
  d.period_amount = static_cast<int>(r.Int(5));
  d.subject = r.Text(6);
  d.object = r.Text(7);
  if (!r.IsNull(8)) d.assignee_id = r.Int(8);
  d.assignee_name = r.Text(9);
  d.start_date = DateOf(r.Text(10));
  d.due_date = DateOf(r.Text(11));
  d.provisional = r.Int(12) != 0;
  d.explanation = r.Text(13);
  d.extended_days = static_cast<int>(r.Int(14));
  if (!r.IsNull(15)) d.done_on = domain::ParseDate(r.Text(15));
  d.created_by = r.Int(16);
  d.created_at = r.Text(17);
  return d;
}

Param OptionalId(const std::optional<std::int64_t>& id) {
  if (id) return *id;
  return nullptr;
}

// The WHERE clause (over `deadlines d`) and its parameters for a filter.
std::string WhereOf(const DeadlineFilter& f, std::vector<Param>* params) {
  std::string where = "WHERE 1 = 1";
  auto add = [&](std::string_view condition, Param p) {
    params->push_back(std::move(p));
    where += fmt::format(" AND {} ${}", condition, params->size());
  };
  if (f.agency_id) add("d.agency_id =", *f.agency_id);
  if (f.rule_code) add("d.rule_code =", *f.rule_code);
  if (f.assignee_id) add("d.assignee_id =", *f.assignee_id);
  if (f.due_from) add("d.due_date >=", domain::FormatDate(*f.due_from));
  if (f.due_to) add("d.due_date <=", domain::FormatDate(*f.due_to));
  if (f.open_only) where += " AND d.done_on IS NULL";
  return where;
}

class SqlDeadlineRepository final : public DeadlineRepository {
 public:
  Result<DeadlineRecord> Insert(Tx& tx, const NewDeadline& d) override {
    auto agency = tx.Query("SELECT 1 FROM agencies WHERE id = $1", {d.agency_id});
    if (!agency.ok()) return agency.status();
    if (agency->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", d.agency_id));
    if (d.department_id) {
      auto dep = tx.Query("SELECT 1 FROM departments WHERE id = $1 AND agency_id = $2",
                          {*d.department_id, d.agency_id});
      if (!dep.ok()) return dep.status();
      if (dep->empty()) {
        return Status::Invalid(fmt::format("内设机构 {} 不属于该执法主体", *d.department_id))
            .WithField("departmentId");
      }
    }
    if (d.assignee_id) {
      auto user = tx.Query("SELECT 1 FROM users WHERE id = $1 AND agency_id = $2",
                           {*d.assignee_id, d.agency_id});
      if (!user.ok()) return user.status();
      if (user->empty()) {
        return Status::Invalid(fmt::format("承办人 {} 不是本机关的用户", *d.assignee_id))
            .WithField("assigneeId");
      }
    }
    auto rows = tx.Query(
        "INSERT INTO deadlines (agency_id, department_id, rule_code, period_amount, subject,"
        " object, assignee_id, start_date, due_date, provisional, explanation, extended_days,"
        " created_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $13) RETURNING id",
        {d.agency_id, OptionalId(d.department_id), d.rule_code, std::int64_t{d.period_amount},
         d.subject, d.object, OptionalId(d.assignee_id), domain::FormatDate(d.start_date),
         domain::FormatDate(d.due_date), std::int64_t{d.provisional ? 1 : 0}, d.explanation,
         d.created_by, d.created_at});
    if (!rows.ok()) return rows.status();
    return Get(tx, rows->rows.at(0).Int(0));
  }

  Result<DeadlineRecord> Get(Tx& tx, std::int64_t id) override {
    std::vector<Param> params{id};
    auto list = Select(tx, "WHERE d.id = $1", params);
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound(fmt::format("期限事项 {} 不存在", id));
    return std::move(list->front());
  }

  Result<std::vector<DeadlineRecord>> List(Tx& tx, const DeadlineFilter& f) override {
    std::vector<Param> params;
    const std::string where = WhereOf(f, &params);
    return Select(tx, where, params);
  }

  Status SetDue(Tx& tx, std::int64_t id, domain::Date due, bool provisional,
                std::string_view explanation) override {
    auto rows = tx.Query(
        "UPDATE deadlines SET due_date = $2, provisional = $3, explanation = $4 WHERE id = $1",
        {id, domain::FormatDate(due), std::int64_t{provisional ? 1 : 0}, std::string(explanation)});
    if (!rows.ok()) return rows.status();
    if (rows->affected == 0) return Status::NotFound(fmt::format("期限事项 {} 不存在", id));
    return Status::Ok();
  }

  Status Complete(Tx& tx, std::int64_t id, domain::Date done_on) override {
    auto rows = tx.Query("UPDATE deadlines SET done_on = $2 WHERE id = $1 AND done_on IS NULL",
                         {id, domain::FormatDate(done_on)});
    if (!rows.ok()) return rows.status();
    if (rows->affected == 1) return Status::Ok();
    auto exists = tx.Query("SELECT done_on FROM deadlines WHERE id = $1", {id});
    if (!exists.ok()) return exists.status();
    if (exists->empty()) return Status::NotFound(fmt::format("期限事项 {} 不存在", id));
    return Status::Conflict(
        fmt::format("期限事项 {} 已于 {} 办结", id, exists->rows.at(0).Text(0)));
  }

  Status AddExtension(Tx& tx, const DeadlineExtension& e) override {
    auto rows = tx.Query("UPDATE deadlines SET extended_days = extended_days + $2 WHERE id = $1",
                         {e.deadline_id, std::int64_t{e.days}});
    if (!rows.ok()) return rows.status();
    if (rows->affected == 0) {
      return Status::NotFound(fmt::format("期限事项 {} 不存在", e.deadline_id));
    }
    return tx
        .Query(
            "INSERT INTO deadline_extensions (deadline_id, days, reason, approved_by, at)"
            " VALUES ($1, $2, $3, $4, $5)",
            {e.deadline_id, std::int64_t{e.days}, e.reason, e.approved_by, e.at})
        .status();
  }

  Status AddChange(Tx& tx, const DeadlineChange& c) override {
    return tx
        .Query(
            "INSERT INTO deadline_changes (deadline_id, at, old_due, new_due, reason)"
            " VALUES ($1, $2, $3, $4, $5)",
            {c.deadline_id, c.at, domain::FormatDate(c.old_due), domain::FormatDate(c.new_due),
             c.reason})
        .status();
  }

  Status SetOverride(Tx& tx, const DeadlineOverride& o) override {
    auto agency = tx.Query("SELECT 1 FROM agencies WHERE id = $1", {o.agency_id});
    if (!agency.ok()) return agency.status();
    if (agency->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", o.agency_id));
    return tx
        .Query(
            "INSERT INTO deadline_overrides (agency_id, rule_code, amount, set_by, set_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, rule_code) DO UPDATE"
            " SET amount = excluded.amount, set_by = excluded.set_by, set_at = excluded.set_at",
            {o.agency_id, o.rule_code, std::int64_t{o.amount}, o.set_by, o.set_at})
        .status();
  }

  Result<bool> ClearOverride(Tx& tx, std::int64_t agency_id, std::string_view rule_code) override {
    auto rows = tx.Query("DELETE FROM deadline_overrides WHERE agency_id = $1 AND rule_code = $2",
                         {agency_id, std::string(rule_code)});
    if (!rows.ok()) return rows.status();
    return rows->affected > 0;
  }

  Result<std::vector<DeadlineOverride>> Overrides(Tx& tx, std::int64_t agency_id) override {
    auto rows = tx.Query(
        "SELECT agency_id, rule_code, amount, set_by, set_at FROM deadline_overrides"
        " WHERE agency_id = $1 ORDER BY rule_code",
        {agency_id});
    if (!rows.ok()) return rows.status();
    std::vector<DeadlineOverride> out;
    for (const auto& r : rows->rows) {
      out.push_back({r.Int(0), r.Text(1), static_cast<int>(r.Int(2)), r.Int(3), r.Text(4)});
    }
    return out;
  }

 private:
  // The deadlines matching `where`, then their extensions and changes (one query each).
  Result<std::vector<DeadlineRecord>> Select(Tx& tx, const std::string& where,
                                             const std::vector<Param>& params) {
    auto rows =
        tx.Query(fmt::format("{} {} ORDER BY d.due_date, d.id", kSelectDeadline, where), params);
    if (!rows.ok()) return rows.status();
    std::vector<DeadlineRecord> out;
    out.reserve(rows->rows.size());
    std::unordered_map<std::int64_t, std::size_t> index;
    for (const auto& r : rows->rows) {
      out.push_back(DeadlineFromRow(r));
      index[out.back().id] = out.size() - 1;
    }
    if (out.empty()) return out;
    auto extensions = tx.Query(
        fmt::format("SELECT e.id, e.deadline_id, e.days, e.reason, e.approved_by, u.display_name,"
                    " e.at FROM deadline_extensions e JOIN deadlines d ON d.id = e.deadline_id"
                    " JOIN users u ON u.id = e.approved_by {} ORDER BY e.id",
                    where),
        params);
    if (!extensions.ok()) return extensions.status();
    for (const auto& r : extensions->rows) {
      auto it = index.find(r.Int(1));
      if (it == index.end()) continue;
      out[it->second].extensions.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2)),
                                            r.Text(3), r.Int(4), r.Text(5), r.Text(6)});
    }
    auto changes =
        tx.Query(fmt::format("SELECT c.id, c.deadline_id, c.at, c.old_due, c.new_due, c.reason"
                             " FROM deadline_changes c JOIN deadlines d ON d.id = c.deadline_id {}"
                             " ORDER BY c.id",
                             where),
                 params);
    if (!changes.ok()) return changes.status();
    for (const auto& r : changes->rows) {
      auto it = index.find(r.Int(1));
      if (it == index.end()) continue;
      out[it->second].changes.push_back(
          {r.Int(0), r.Int(1), r.Text(2), DateOf(r.Text(3)), DateOf(r.Text(4)), r.Text(5)});
    }
    return out;
  }
};

class SqlCalendarRepository final : public CalendarRepository {
 public:
  Result<CalendarYearRecord> Insert(Tx& tx, const CalendarYearRecord& r) override {
    auto rows = tx.Query(
        "INSERT INTO calendar_years (year, version, document, notice, imported_by, imported_at)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {std::int64_t{r.year}, std::int64_t{r.version}, r.document, r.notice, r.imported_by,
         r.imported_at});
    if (!rows.ok()) {
      if (rows.status().code() == Code::kConflict) {
        return Status::Conflict(fmt::format("{}年第{}版节假日安排已载入", r.year, r.version));
      }
      return rows.status();
    }
    CalendarYearRecord out = r;
    out.id = rows->rows.at(0).Int(0);
    return out;
  }

  Result<std::vector<CalendarYearRecord>> List(Tx& tx) override {
    auto rows = tx.Query(
        "SELECT id, year, version, document, notice, imported_by, imported_at FROM calendar_years"
        " ORDER BY year, version");
    if (!rows.ok()) return rows.status();
    std::vector<CalendarYearRecord> out;
    for (const auto& r : rows->rows) {
      out.push_back({r.Int(0), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)), r.Text(3),
                     r.Text(4), r.Int(5), r.Text(6)});
    }
    return out;
  }

  Result<std::int64_t> LastId(Tx& tx) override {
    auto rows = tx.Query("SELECT MAX(id) FROM calendar_years");
    if (!rows.ok()) return rows.status();
    return rows->rows.at(0).Int(0);
  }
};

}  // namespace

std::unique_ptr<DeadlineRepository> MakeDeadlineRepository() {
  return std::make_unique<SqlDeadlineRepository>();
}

std::unique_ptr<CalendarRepository> MakeCalendarRepository() {
  return std::make_unique<SqlCalendarRepository>();
}

}  // namespace sx::store
