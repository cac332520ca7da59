#include "services/deadline_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "calendar/deadline.h"
#include "domain/text.h"

namespace sx::services {

namespace {

std::string Id(const std::optional<std::int64_t>& id) {
  return id ? fmt::format("{}", *id) : std::string();
}

// An agency's own period for a rule, set (`amount`) or cleared, as a ledger record.
Status RecordOverride(store::Tx& tx, std::string_view type, std::int64_t agency_id,
                      const std::string& rule_code, std::optional<int> amount,
                      std::int64_t actor_id, const std::string& now) {
  return AppendRecord(tx,
                      {std::string(type), agency_id,
                       fmt::format("deadline_rule:{}:{}", agency_id, rule_code), actor_id, now},
                      {{"agency", fmt::format("{}", agency_id)},
                       {"rule", rule_code},
                       {"amount", amount ? fmt::format("{}", *amount) : ""},
                       {"set_by", fmt::format("{}", actor_id)},
                       {"set_at", now}});
}

Status UnknownRule(std::string_view code, std::string field) {
  return Status::Invalid(fmt::format("没有代码为“{}”的期限规则", code.substr(0, 64)))
      .WithField(std::move(field));
}

// The range of dates the calendar can answer for (its day table).
Status CheckDateInRange(domain::Date d, std::string_view label, std::string field) {
  if (d < calendar::kFirstDay || d > calendar::kLastDay) {
    return Status::Invalid(fmt::format("{} {} 超出工作日历的范围(1990年至2100年)", label,
                                       domain::FormatDate(d)))
        .WithField(std::move(field));
  }
  return Status::Ok();
}

int DefaultAmount(const domain::DeadlineRule& rule) {
  return rule.period.unit == domain::PeriodUnit::kByDateNextYear ? 0 : rule.period.amount;
}

}  // namespace

Result<ComputedDue> ComputeDue(const calendar::Calendar& cal, const domain::DeadlineRule& rule,
                               int amount, domain::Date start, int extended_days) {
  domain::Period period = rule.period;
  if (period.unit != domain::PeriodUnit::kByDateNextYear) period.amount = amount;
  const bool add_to_period = period.unit == domain::PeriodUnit::kCalendarDays;
  if (extended_days > 0 && add_to_period) period.amount += extended_days;
  auto due = calendar::DueDate(cal, period, start);
  if (!due.ok()) return due.status();
  ComputedDue out{due->date, due->provisional, due->explanation.ToString()};
  if (extended_days <= 0) return out;
  if (add_to_period) {
    out.explanation += fmt::format("(含经批准延长的{}日)", extended_days);
    return out;
  }
  auto extended = cal.AddCalendarDays(due->date, extended_days);
  if (!extended.ok()) return extended.status();
  out.date = extended->date;
  out.provisional = out.provisional || extended->provisional;
  out.explanation +=
      fmt::format(";经批准延长{}日至{}", extended_days, domain::FormatDate(extended->date));
  return out;
}

domain::Date DueSoonFrom(const calendar::Calendar& cal, domain::Date due) {
  auto from = cal.WorkingDayAfter(due, -domain::kDueSoonWorkingDays);
  return from.ok() ? from->date : due;
}

RecordFields DeadlineRecordFields(const store::DeadlineRecord& d) {
  std::string extensions, changes;
  for (const auto& e : d.extensions) {
    extensions += fmt::format("{}|{}|{}|{}|{}\n", e.id, e.days, e.approved_by, e.at, e.reason);
  }
  for (const auto& c : d.changes) {
    changes += fmt::format("{}|{}|{}|{}|{}\n", c.id, c.at, domain::FormatDate(c.old_due),
                           domain::FormatDate(c.new_due), c.reason);
  }
  return {{"id", fmt::format("{}", d.id)},
          {"agency", fmt::format("{}", d.agency_id)},
          {"department", Id(d.department_id)},
          {"rule", d.rule_code},
          {"period_amount", fmt::format("{}", d.period_amount)},
          {"subject", d.subject},
          {"object", d.object},
          {"assignee", Id(d.assignee_id)},
          {"start_date", domain::FormatDate(d.start_date)},
          {"due_date", domain::FormatDate(d.due_date)},
          {"provisional", d.provisional ? "1" : "0"},
          {"explanation", d.explanation},
          {"extended_days", fmt::format("{}", d.extended_days)},
          {"done_on", d.done_on ? domain::FormatDate(*d.done_on) : ""},
          {"created_by", fmt::format("{}", d.created_by)},
          {"created_at", d.created_at},
          {"extensions", extensions},
          {"changes", changes}};
}

Status RecordDeadline(store::Tx& tx, std::string_view type, const store::DeadlineRecord& d,
                      std::int64_t actor_id, std::string_view now) {
  return AppendRecord(tx,
                      {std::string(type), d.agency_id, fmt::format("deadline:{}", d.id), actor_id,
                       std::string(now)},
                      DeadlineRecordFields(d));
}

Result<int> RecomputeOpenDeadlines(store::Tx& tx, const calendar::Calendar& cal,
                                   const calendar::YearChange& change,
                                   std::string_view reason_prefix, std::int64_t actor_id,
                                   std::string_view now) {
  auto repo = store::MakeDeadlineRepository();
  store::DeadlineFilter open;
  open.open_only = true;
  auto list = repo->List(tx, open);
  if (!list.ok()) return list.status();
  const std::optional<domain::Date> first = change.first_changed();
  int moved = 0;
  for (const auto& d : *list) {
    // A working-day period counted back (听证通知) runs from its due date to its start.
    const domain::Date span_end = std::max(d.start_date, d.due_date);
    if (!d.provisional && !(first && span_end >= *first)) continue;
    const domain::DeadlineRule* rule = domain::FindDeadlineRule(d.rule_code);
    if (rule == nullptr) continue;
    auto due = ComputeDue(cal, *rule, d.period_amount, d.start_date, d.extended_days);
    if (!due.ok()) return due.status();
    if (due->date == d.due_date && due->provisional == d.provisional &&
        due->explanation == d.explanation) {
      continue;
    }
    SX_RETURN_IF_ERROR(repo->SetDue(tx, d.id, due->date, due->provisional, due->explanation));
    if (due->date != d.due_date) {
      ++moved;
      SX_RETURN_IF_ERROR(repo->AddChange(
          tx, {0, d.id, std::string(now), d.due_date, due->date,
               fmt::format("{}:期限由 {} 调整为 {}", reason_prefix, domain::FormatDate(d.due_date),
                           domain::FormatDate(due->date))}));
    }
    auto updated = repo->Get(tx, d.id);
    if (!updated.ok()) return updated.status();
    SX_RETURN_IF_ERROR(RecordDeadline(tx, "deadline.recomputed", *updated, actor_id, now));
  }
  return moved;
}

DeadlineItem DeadlineService::ItemOf(store::DeadlineRecord r, const calendar::Calendar& cal,
                                     domain::Date today) const {
  DeadlineItem item;
  item.rule = domain::FindDeadlineRule(r.rule_code);
  item.due_soon_from = DueSoonFrom(cal, r.due_date);
  // On a day before it was done, a deadline was still open.
  std::optional<domain::Date> done = r.done_on;
  if (done && *done > today) done.reset();
  item.state = domain::StateOf(r.due_date, done, today, item.due_soon_from);
  item.record = std::move(r);
  return item;
}

Result<DeadlineItem> DeadlineService::Open(const OpenDeadline& d, std::int64_t actor_id) {
  return store::InTx<DeadlineItem>(db_, true,
                                   [&](store::Tx& tx) { return OpenIn(tx, d, actor_id); });
}

Result<DeadlineItem> DeadlineService::OpenIn(store::Tx& tx, const OpenDeadline& d,
                                             std::int64_t actor_id) {
  const domain::DeadlineRule* rule = domain::FindDeadlineRule(d.rule_code);
  if (rule == nullptr) return UnknownRule(d.rule_code, "ruleCode");
  SX_RETURN_IF_ERROR(domain::CheckText(d.subject, "事项名称", "subject", kMaxSubjectChars));
  if (!d.object.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(d.object, "关联对象", "object", kMaxObjectChars));
  }
  SX_RETURN_IF_ERROR(CheckDateInRange(d.start_date, "起算日期", "startDate"));
  auto cal = calendar_.Current();
  const std::string now = FormatUtc(clock_.Now());
  {
    auto overrides = deadlines_->Overrides(tx, d.agency_id);
    if (!overrides.ok()) return overrides.status();
    int amount = DefaultAmount(*rule);
    for (const auto& o : *overrides) {
      if (o.rule_code == rule->code) amount = o.amount;
    }
    auto due = ComputeDue(*cal, *rule, amount, d.start_date, 0);
    if (!due.ok()) return Status(due.status()).WithField("startDate");
    // The deadline belongs to the 内设机构 that handles it: the assignee's, else the opener's.
    std::optional<std::int64_t> department;
    if (d.assignee_id) {
      auto u = users_->Get(tx, *d.assignee_id);
      if (!u.ok() && u.status().code() != Code::kNotFound) return u.status();
      if (!u.ok() || u->agency_id != d.agency_id) {
        return Status::Invalid(fmt::format("承办人 {} 不是本机关的用户", *d.assignee_id))
            .WithField("assigneeId");
      }
      department = u->department_id;
    }
    if (!department && actor_id > 0) {
      auto u = users_->Get(tx, actor_id);
      if (!u.ok() && u.status().code() != Code::kNotFound) return u.status();
      if (u.ok() && u->agency_id == d.agency_id) department = u->department_id;
    }
    store::NewDeadline n;
    n.agency_id = d.agency_id;
    n.department_id = department;
    n.rule_code = rule->code;
    n.period_amount = amount;
    n.subject = d.subject;
    n.object = d.object;
    n.assignee_id = d.assignee_id;
    n.start_date = d.start_date;
    n.due_date = due->date;
    n.provisional = due->provisional;
    n.explanation = due->explanation;
    n.created_by = actor_id;
    n.created_at = now;
    auto created = deadlines_->Insert(tx, n);
    if (!created.ok()) return created.status();
    SX_RETURN_IF_ERROR(RecordDeadline(tx, "deadline.opened", *created, actor_id, now));
    return ItemOf(std::move(*created), *cal, Today());
  }
}

Result<DeadlineItem> DeadlineService::Get(std::int64_t id) {
  auto cal = calendar_.Current();
  return store::InTx<DeadlineItem>(db_, false, [&](store::Tx& tx) -> Result<DeadlineItem> {
    auto d = deadlines_->Get(tx, id);
    if (!d.ok()) return d.status();
    return ItemOf(std::move(*d), *cal, Today());
  });
}

Result<DeadlineItem> DeadlineService::Complete(std::int64_t id, domain::Date done_on,
                                               std::int64_t actor_id) {
  return store::InTx<DeadlineItem>(
      db_, true, [&](store::Tx& tx) { return CompleteIn(tx, id, done_on, actor_id); });
}

Result<DeadlineItem> DeadlineService::CompleteIn(store::Tx& tx, std::int64_t id,
                                                 domain::Date done_on, std::int64_t actor_id) {
  const domain::Date today = Today();
  if (done_on > today) {
    return Status::Invalid(fmt::format("办结日期 {} 晚于今天({})", domain::FormatDate(done_on),
                                       domain::FormatDate(today)))
        .WithField("doneOn");
  }
  auto cal = calendar_.Current();
  const std::string now = FormatUtc(clock_.Now());
  {
    auto d = deadlines_->Get(tx, id);
    if (!d.ok()) return d.status();
    if (d->done_on) {
      return Status::Conflict(
          fmt::format("期限事项 {} 已于 {} 办结", id, domain::FormatDate(*d->done_on)));
    }
    // A period counted back from its event (听证通知) is met before the event.
    if (d->period_amount >= 0 && done_on < d->start_date) {
      return Status::Invalid(fmt::format("办结日期 {} 早于起算日期 {}", domain::FormatDate(done_on),
                                         domain::FormatDate(d->start_date)))
          .WithField("doneOn");
    }
    SX_RETURN_IF_ERROR(deadlines_->Complete(tx, id, done_on));
    auto updated = deadlines_->Get(tx, id);
    if (!updated.ok()) return updated.status();
    SX_RETURN_IF_ERROR(RecordDeadline(tx, "deadline.completed", *updated, actor_id, now));
    return ItemOf(std::move(*updated), *cal, today);
  }
}

Result<DeadlineItem> DeadlineService::Extend(std::int64_t id, int days, std::string_view reason,
                                             std::int64_t approver_id) {
  return store::InTx<DeadlineItem>(
      db_, true, [&](store::Tx& tx) { return ExtendIn(tx, id, days, reason, approver_id); });
}

Result<DeadlineItem> DeadlineService::ExtendIn(store::Tx& tx, std::int64_t id, int days,
                                               std::string_view reason, std::int64_t approver_id) {
  auto cal = calendar_.Current();
  const std::string now = FormatUtc(clock_.Now());
  {
    auto d = deadlines_->Get(tx, id);
    if (!d.ok()) return d.status();
    if (d->done_on) {
      return Status::Conflict(
          fmt::format("期限事项 {} 已于 {} 办结,不能再延长", id, domain::FormatDate(*d->done_on)));
    }
    const domain::DeadlineRule* rule = domain::FindDeadlineRule(d->rule_code);
    if (rule == nullptr) return UnknownRule(d->rule_code, "ruleCode");
    SX_RETURN_IF_ERROR(
        domain::ValidateExtension(*rule, days, d->extended_days, reason, approver_id));
    auto due = ComputeDue(*cal, *rule, d->period_amount, d->start_date, d->extended_days + days);
    if (!due.ok()) return Status(due.status()).WithField("days");
    SX_RETURN_IF_ERROR(
        deadlines_->AddExtension(tx, {0, id, days, std::string(reason), approver_id, "", now}));
    SX_RETURN_IF_ERROR(deadlines_->SetDue(tx, id, due->date, due->provisional, due->explanation));
    auto updated = deadlines_->Get(tx, id);
    if (!updated.ok()) return updated.status();
    SX_RETURN_IF_ERROR(RecordDeadline(tx, "deadline.extended", *updated, approver_id, now));
    return ItemOf(std::move(*updated), *cal, Today());
  }
}

Result<std::vector<RuleView>> DeadlineService::Rules(std::optional<std::int64_t> agency_id) {
  return store::InTx<std::vector<RuleView>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<RuleView>> {
        std::vector<store::DeadlineOverride> overrides;
        if (agency_id) {
          SX_RETURN_IF_ERROR(agencies_->Get(tx, *agency_id).status());
          auto o = deadlines_->Overrides(tx, *agency_id);
          if (!o.ok()) return o.status();
          overrides = std::move(*o);
        }
        std::vector<RuleView> out;
        for (const auto& rule : domain::DefaultDeadlineRules()) {
          RuleView v{&rule};
          for (const auto& o : overrides) {
            if (o.rule_code == rule.code) v.override_amount = o.amount;
          }
          out.push_back(v);
        }
        return out;
      });
}

Result<RuleView> DeadlineService::SetOverride(std::int64_t agency_id, std::string_view rule_code,
                                              int amount, std::int64_t actor_id) {
  const domain::DeadlineRule* rule = domain::FindDeadlineRule(rule_code);
  if (rule == nullptr) {
    return Status::NotFound(fmt::format("没有代码为“{}”的期限规则", rule_code.substr(0, 64)));
  }
  domain::Period period = rule->period;
  period.amount = amount;
  SX_RETURN_IF_ERROR(domain::ValidateOverride(*rule, period));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<RuleView>(db_, true, [&](store::Tx& tx) -> Result<RuleView> {
    store::DeadlineOverride o{agency_id, rule->code, amount, actor_id, now};
    SX_RETURN_IF_ERROR(deadlines_->SetOverride(tx, o));
    SX_RETURN_IF_ERROR(
        RecordOverride(tx, "deadline_rule.set", agency_id, rule->code, amount, actor_id, now));
    return RuleView{rule, amount};
  });
}

Result<RuleView> DeadlineService::ClearOverride(std::int64_t agency_id, std::string_view rule_code,
                                                std::int64_t actor_id) {
  const domain::DeadlineRule* rule = domain::FindDeadlineRule(rule_code);
  if (rule == nullptr) {
    return Status::NotFound(fmt::format("没有代码为“{}”的期限规则", rule_code.substr(0, 64)));
  }
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<RuleView>(db_, true, [&](store::Tx& tx) -> Result<RuleView> {
    SX_RETURN_IF_ERROR(agencies_->Get(tx, agency_id).status());
    auto cleared = deadlines_->ClearOverride(tx, agency_id, rule->code);
    if (!cleared.ok()) return cleared.status();
    if (!*cleared) {
      return Status::NotFound(fmt::format("本机关没有为“{}”设置自己的期限", rule->name));
    }
    SX_RETURN_IF_ERROR(RecordOverride(tx, "deadline_rule.cleared", agency_id, rule->code,
                                      std::nullopt, actor_id, now));
    return RuleView{rule, std::nullopt};
  });
}

Result<std::vector<DeadlineItem>> DeadlineService::List(const DeadlineQuery& q, domain::Date today,
                                                        const DeadlineVisible& visible) {
  auto cal = calendar_.Current();
  return store::InTx<std::vector<DeadlineItem>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<DeadlineItem>> {
        if (q.agency_id) SX_RETURN_IF_ERROR(agencies_->Get(tx, *q.agency_id).status());
        store::DeadlineFilter f;
        f.agency_id = q.agency_id;
        f.rule_code = q.rule_code;
        f.assignee_id = q.assignee_id;
        f.due_from = q.due_from;
        f.due_to = q.due_to;
        auto list = deadlines_->List(tx, f);
        if (!list.ok()) return list.status();
        std::vector<DeadlineItem> out;
        for (auto& r : *list) {
          if (visible && !visible(r)) continue;
          DeadlineItem item = ItemOf(std::move(r), *cal, today);
          if (q.state && item.state != *q.state) continue;
          out.push_back(std::move(item));
        }
        return out;
      });
}

Result<DeadlineSummary> DeadlineService::Summary(std::optional<std::int64_t> agency_id,
                                                 domain::Date date,
                                                 const DeadlineVisible& visible) {
  auto cal = calendar_.Current();
  return store::InTx<DeadlineSummary>(db_, false, [&](store::Tx& tx) -> Result<DeadlineSummary> {
    DeadlineSummary s;
    s.date = date;
    if (agency_id) {
      auto a = agencies_->Get(tx, *agency_id);
      if (!a.ok()) return a.status();
      s.agencies.push_back({a->id, a->name, {}});
    } else {
      auto all = agencies_->List(tx);
      if (!all.ok()) return all.status();
      for (const auto& a : *all) {
        if (a.kind == domain::AgencyKind::kEnforcement) s.agencies.push_back({a.id, a.name, {}});
      }
    }
    store::DeadlineFilter f;
    f.agency_id = agency_id;
    auto list = deadlines_->List(tx, f);
    if (!list.ok()) return list.status();
    for (auto& r : *list) {
      if (visible && !visible(r)) continue;
      DeadlineItem item = ItemOf(std::move(r), *cal, date);
      auto counts = std::find_if(s.agencies.begin(), s.agencies.end(), [&](const AgencyCounts& a) {
        return a.agency_id == item.record.agency_id;
      });
      if (counts != s.agencies.end()) ++counts->counts[static_cast<std::size_t>(item.state)];
      const bool open = item.state == domain::DeadlineState::kOnTime ||
                        item.state == domain::DeadlineState::kDueSoon ||
                        item.state == domain::DeadlineState::kOverdue;
      if (open && item.record.due_date == date) {
        s.due_today.push_back(std::move(item));
      } else if (item.state == domain::DeadlineState::kDueSoon) {
        s.due_soon.push_back(std::move(item));
      } else if (item.state == domain::DeadlineState::kOverdue) {
        s.overdue.push_back(std::move(item));
      }
    }
    return s;
  });
}

}  // namespace sx::services
