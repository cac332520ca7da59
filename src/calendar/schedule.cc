#include "calendar/schedule.h"

#include <algorithm>
#include <chrono>
#include <initializer_list>

#include <fmt/format.h>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "calendar/explanation.h"
#include "domain/text.h"

namespace sx::calendar {
namespace {

namespace json = boost::json;

constexpr std::string_view kFormat = "sanxiang.calendar/1";

Status Bad(std::string field, std::string message) {
  return Status::Invalid(std::move(message)).WithField(std::move(field));
}

// Re-roots a status whose field is relative to a year at "years[i]".
Status UnderYear(std::size_t i, const Status& s) {
  return Bad(fmt::format("years[{}].{}", i, s.field()), s.message());
}

std::string Quote(std::string_view s) {
  return json::serialize(json::string_view(s.data(), s.size()));
}

// ---- JSON shape ---------------------------------------------------------------------------------

// Reads one JSON object, naming it by `label` (in Chinese) and `path` (the JSON path) in errors.
class ObjectReader {
 public:
  ObjectReader(const json::object& o, std::string path, std::string label)
      : o_(o), path_(std::move(path)), label_(std::move(label)) {}

  Status OnlyKeys(std::initializer_list<std::string_view> allowed) const {
    for (const auto& kv : o_) {
      if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
        return Bad(Path(kv.key()), fmt::format("{}含有未知字段{}", label_, Quote(kv.key())));
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(std::string_view key, bool required = true) const {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) {
      if (!required) return std::string();
      return Missing(key);
    }
    if (!v->is_string()) return Bad(Path(key), fmt::format("{}的{}须为字符串", label_, key));
    const json::string& s = v->get_string();
    return std::string(s.data(), s.size());
  }

  Result<Date> DateField(std::string_view key, std::string_view what) const {
    auto text = String(key);
    if (!text.ok()) return text.status();
    auto d = domain::ParseDate(*text);
    if (!d) {
      return Bad(Path(key),
                 fmt::format("{}的{}{}不是有效日期,须为 YYYY-MM-DD", label_, what, Quote(*text)));
    }
    return *d;
  }

  Result<int> Int(std::string_view key, int lo, int hi) const {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) return Missing(key);
    if (v->is_int64() && v->get_int64() >= lo && v->get_int64() <= hi) {
      return static_cast<int>(v->get_int64());
    }
    return Bad(Path(key), fmt::format("{}的{}须为 {} 至 {} 之间的整数", label_, key, lo, hi));
  }

  // The array under `key` (absent counts as empty unless `required`), at most `max` long.
  Result<const json::array*> Array(std::string_view key, std::size_t max, bool required) const {
    static const json::array kEmpty;
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) {
      if (!required) return &kEmpty;
      return Missing(key);
    }
    if (!v->is_array()) return Bad(Path(key), fmt::format("{}的{}须为数组", label_, key));
    if (v->get_array().size() > max) {
      return Bad(Path(key), fmt::format("{}的{}最多 {} 项,现有 {} 项", label_, key, max,
                                        v->get_array().size()));
    }
    return &v->get_array();
  }

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }
  const std::string& label() const { return label_; }

 private:
  Status Missing(std::string_view key) const {
    return Bad(Path(key), fmt::format("{}缺少字段{}", label_, Quote(key)));
  }

  const json::object& o_;
  std::string path_;
  std::string label_;
};

Result<const json::object*> ObjectAt(const json::array& a, std::size_t i, const std::string& path,
                                     const std::string& label) {
  if (!a[i].is_object()) return Bad(path, fmt::format("{}须为 JSON 对象", label));
  return &a[i].get_object();
}

Result<ScheduleVersion> ReadVersion(const json::object& o, const std::string& path, int year,
                                    std::size_t index) {
  ObjectReader first(o, path, fmt::format("{}年第{}个版本", year, index + 1));
  SX_RETURN_IF_ERROR(
      first.OnlyKeys({"version", "notice", "number", "dated", "holidays", "workdays"}));
  ScheduleVersion v;
  auto version = first.Int("version", 1, static_cast<int>(kMaxVersions));
  if (!version.ok()) return version.status();
  v.version = *version;
  const std::string label = fmt::format("{}年第{}版", year, v.version);
  ObjectReader r(o, path, label);
  auto notice = r.String("notice");
  if (!notice.ok()) return notice.status();
  v.notice = std::move(*notice);
  auto number = r.String("number", /*required=*/false);
  if (!number.ok()) return number.status();
  v.number = std::move(*number);
  if (o.contains("dated")) {
    auto dated = r.DateField("dated", "成文日期");
    if (!dated.ok()) return dated.status();
    v.dated = *dated;
  }

  auto holidays = r.Array("holidays", kMaxEntries, /*required=*/true);
  if (!holidays.ok()) return holidays.status();
  for (std::size_t i = 0; i < (*holidays)->size(); ++i) {
    std::string hpath = fmt::format("{}.holidays[{}]", path, i);
    std::string hlabel = fmt::format("{}第{}个节假日", label, i + 1);
    auto ho = ObjectAt(**holidays, i, hpath, hlabel);
    if (!ho.ok()) return ho.status();
    ObjectReader h(**ho, hpath, hlabel);
    SX_RETURN_IF_ERROR(h.OnlyKeys({"name", "from", "to"}));
    Holiday out;
    auto name = h.String("name");
    if (!name.ok()) return name.status();
    out.name = std::move(*name);
    auto from = h.DateField("from", "开始日期");
    if (!from.ok()) return from.status();
    auto to = h.DateField("to", "结束日期");
    if (!to.ok()) return to.status();
    out.from = *from;
    out.to = *to;
    v.holidays.push_back(std::move(out));
  }

  auto workdays = r.Array("workdays", kMaxEntries, /*required=*/false);
  if (!workdays.ok()) return workdays.status();
  for (std::size_t i = 0; i < (*workdays)->size(); ++i) {
    std::string wpath = fmt::format("{}.workdays[{}]", path, i);
    std::string wlabel = fmt::format("{}第{}个调休上班日", label, i + 1);
    auto wo = ObjectAt(**workdays, i, wpath, wlabel);
    if (!wo.ok()) return wo.status();
    ObjectReader w(**wo, wpath, wlabel);
    SX_RETURN_IF_ERROR(w.OnlyKeys({"date", "for"}));
    MakeUpDay out;
    auto date = w.DateField("date", "日期");
    if (!date.ok()) return date.status();
    out.date = *date;
    auto for_holiday = w.String("for");
    if (!for_holiday.ok()) return for_holiday.status();
    out.for_holiday = std::move(*for_holiday);
    v.workdays.push_back(std::move(out));
  }
  return v;
}

Result<YearSchedule> ReadYear(const json::object& o, std::size_t index) {
  const std::string path = fmt::format("years[{}]", index);
  ObjectReader r(o, path, fmt::format("第{}个年度", index + 1));
  SX_RETURN_IF_ERROR(r.OnlyKeys({"year", "versions"}));
  auto year = r.Int("year", kFirstScheduleYear, kLastScheduleYear);
  if (!year.ok()) return year.status();
  YearSchedule y;
  y.year = *year;
  auto versions = r.Array("versions", kMaxVersions, /*required=*/true);
  if (!versions.ok()) return versions.status();
  for (std::size_t i = 0; i < (*versions)->size(); ++i) {
    std::string vpath = fmt::format("{}.versions[{}]", path, i);
    auto vo = ObjectAt(**versions, i, vpath, fmt::format("{}年第{}个版本", y.year, i + 1));
    if (!vo.ok()) return vo.status();
    auto v = ReadVersion(**vo, vpath, y.year, i);
    if (!v.ok()) return v.status();
    y.versions.push_back(std::move(*v));
  }
  return y;
}

// ---- checks on the data -------------------------------------------------------------------------

int Weekday(Date d) {
  return static_cast<int>(std::chrono::weekday(std::chrono::sys_days(d)).c_encoding());
}

bool InNeighbourYears(Date d, int year) {
  const int y = static_cast<int>(d.year());
  return d.ok() && y >= year - 1 && y <= year + 1;
}

Status CheckDateRange(Date d, int year, const std::string& field, const std::string& what) {
  if (!d.ok()) return Bad(field, fmt::format("{}不是有效日期", what));
  if (!InNeighbourYears(d, year)) {
    return Bad(field, fmt::format("{}{}不在{}年或其前后一年内", what, domain::FormatDate(d), year));
  }
  return Status::Ok();
}

Status ValidateVersion(const ScheduleVersion& v, int year, std::size_t index,
                       const ScheduleVersion* previous) {
  const std::string path = fmt::format("versions[{}]", index);
  const std::string label = fmt::format("{}年第{}版", year, v.version);
  SX_RETURN_IF_ERROR(
      domain::CheckText(v.notice, label + "的通知标题", path + ".notice", kMaxNoticeChars));
  if (!v.number.empty()) {
    SX_RETURN_IF_ERROR(
        domain::CheckText(v.number, label + "的发文字号", path + ".number", kMaxNumberChars));
  }
  if (v.dated) {
    SX_RETURN_IF_ERROR(CheckDateRange(*v.dated, year, path + ".dated", label + "的成文日期"));
    if (previous != nullptr && previous->dated && *v.dated < *previous->dated) {
      return Bad(path + ".dated",
                 fmt::format("{}的成文日期{}早于第{}版的{}", label, domain::FormatDate(*v.dated),
                             previous->version, domain::FormatDate(*previous->dated)));
    }
  }

  if (v.holidays.empty()) return Bad(path + ".holidays", label + "没有列出节假日");
  if (v.holidays.size() > kMaxEntries) {
    return Bad(path + ".holidays", fmt::format("{}最多列出 {} 个节假日", label, kMaxEntries));
  }
  for (std::size_t i = 0; i < v.holidays.size(); ++i) {
    const Holiday& h = v.holidays[i];
    const std::string hpath = fmt::format("{}.holidays[{}]", path, i);
    const std::string hlabel = fmt::format("{}第{}个节假日", label, i + 1);
    SX_RETURN_IF_ERROR(
        domain::CheckText(h.name, hlabel + "的名称", hpath + ".name", kMaxNameChars));
    const std::string named = fmt::format("{}({})", hlabel, h.name);
    SX_RETURN_IF_ERROR(CheckDateRange(h.from, year, hpath + ".from", named + "的开始日期"));
    SX_RETURN_IF_ERROR(CheckDateRange(h.to, year, hpath + ".to", named + "的结束日期"));
    if (h.to < h.from) {
      return Bad(hpath + ".to", fmt::format("{}的结束日期{}早于开始日期{}", named,
                                            domain::FormatDate(h.to), domain::FormatDate(h.from)));
    }
    if (domain::DaysBetween(h.from, h.to) >= kMaxHolidayDays) {
      return Bad(hpath + ".to",
                 fmt::format("{}长达 {} 天,一个节假日最多 {} 天", named,
                             domain::DaysBetween(h.from, h.to) + 1, kMaxHolidayDays));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (v.holidays[j].name == h.name) {
        return Bad(hpath + ".name", fmt::format("{}的名称与第{}个节假日重复", named, j + 1));
      }
    }
    if (i > 0 && h.from <= v.holidays[i - 1].to) {
      return Bad(hpath + ".from",
                 fmt::format("{}与{}重叠或顺序颠倒,节假日须按日期先后排列且互不重叠", named,
                             v.holidays[i - 1].name));
    }
  }

  if (v.workdays.size() > kMaxEntries) {
    return Bad(path + ".workdays", fmt::format("{}最多列出 {} 个调休上班日", label, kMaxEntries));
  }
  for (std::size_t i = 0; i < v.workdays.size(); ++i) {
    const MakeUpDay& w = v.workdays[i];
    const std::string wpath = fmt::format("{}.workdays[{}]", path, i);
    const std::string wlabel = fmt::format("{}第{}个调休上班日", label, i + 1);
    SX_RETURN_IF_ERROR(CheckDateRange(w.date, year, wpath + ".date", wlabel));
    const std::string day = domain::FormatDate(w.date);
    const int wd = Weekday(w.date);
    if (wd != 0 && wd != 6) {
      return Bad(wpath + ".date", fmt::format("{}{}是{},调休上班日须为星期六或星期日", wlabel, day,
                                              WeekdayName(w.date)));
    }
    if (i > 0 && w.date <= v.workdays[i - 1].date) {
      return Bad(wpath + ".date",
                 fmt::format("{}{}重复或顺序颠倒,调休上班日须按日期先后排列", wlabel, day));
    }
    for (const Holiday& h : v.holidays) {
      if (w.date >= h.from && w.date <= h.to) {
        return Bad(wpath + ".date",
                   fmt::format("{}{}既是节假日({})又是调休上班日", label, day, h.name));
      }
    }
    const bool known = std::any_of(v.holidays.begin(), v.holidays.end(),
                                   [&](const Holiday& h) { return h.name == w.for_holiday; });
    if (!known) {
      return Bad(wpath + ".for", fmt::format("{}{}对应的节日{}不是本版列出的节假日", wlabel, day,
                                             Quote(w.for_holiday)));
    }
  }
  return Status::Ok();
}

// ---- output -------------------------------------------------------------------------------------

void AppendVersion(std::string& out, const ScheduleVersion& v) {
  out += "        {\n";
  out += fmt::format("          \"version\": {},\n", v.version);
  out += fmt::format("          \"notice\": {},\n", Quote(v.notice));
  out += fmt::format("          \"number\": {},\n", Quote(v.number));
  if (v.dated) out += fmt::format("          \"dated\": \"{}\",\n", domain::FormatDate(*v.dated));
  out += "          \"holidays\": [";
  for (std::size_t i = 0; i < v.holidays.size(); ++i) {
    const Holiday& h = v.holidays[i];
    out += fmt::format("{}\n            {{\"name\": {}, \"from\": \"{}\", \"to\": \"{}\"}}",
                       i == 0 ? "" : ",", Quote(h.name), domain::FormatDate(h.from),
                       domain::FormatDate(h.to));
  }
  out += v.holidays.empty() ? "],\n" : "\n          ],\n";
  out += "          \"workdays\": [";
  for (std::size_t i = 0; i < v.workdays.size(); ++i) {
    const MakeUpDay& w = v.workdays[i];
    out += fmt::format("{}\n            {{\"date\": \"{}\", \"for\": {}}}", i == 0 ? "" : ",",
                       domain::FormatDate(w.date), Quote(w.for_holiday));
  }
  out += v.workdays.empty() ? "]\n" : "\n          ]\n";
  out += "        }";
}

}  // namespace

Status ValidateYear(const YearSchedule& y) {
  if (y.year < kFirstScheduleYear || y.year > kLastScheduleYear) {
    return Bad("year", fmt::format("年度须在 {} 至 {} 之间,现为 {}", kFirstScheduleYear,
                                   kLastScheduleYear, y.year));
  }
  if (y.versions.empty()) return Bad("versions", fmt::format("{}年没有任何版本", y.year));
  if (y.versions.size() > kMaxVersions) {
    return Bad("versions", fmt::format("{}年最多 {} 个版本", y.year, kMaxVersions));
  }
  for (std::size_t i = 0; i < y.versions.size(); ++i) {
    const ScheduleVersion& v = y.versions[i];
    const int expected = i == 0 ? std::max(v.version, 1) : y.versions[i - 1].version + 1;
    if (v.version != expected) {
      return Bad(fmt::format("versions[{}].version", i),
                 fmt::format("{}年第{}个版本的版本号为 {},版本号须依次为 1、2、3……", y.year, i + 1,
                             v.version));
    }
    SX_RETURN_IF_ERROR(ValidateVersion(v, y.year, i, i == 0 ? nullptr : &y.versions[i - 1]));
  }
  return Status::Ok();
}

Status ValidateSchedules(const Schedules& s) {
  SX_RETURN_IF_ERROR(domain::CheckText(s.region, "日历的地区代码", "region", kMaxRegionChars));
  if (s.years.size() > kMaxYears) {
    return Bad("years", fmt::format("日历最多 {} 个年度,现有 {} 个", kMaxYears, s.years.size()));
  }
  for (std::size_t i = 0; i < s.years.size(); ++i) {
    const YearSchedule& y = s.years[i];
    Status st = ValidateYear(y);
    if (!st.ok()) return UnderYear(i, st);
    if (i > 0 && y.year <= s.years[i - 1].year) {
      return Bad(fmt::format("years[{}].year", i),
                 fmt::format("{}年重复或顺序颠倒,年度须按先后排列且各出现一次", y.year));
    }
  }
  return Status::Ok();
}

Result<Schedules> ParseSchedules(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return Status::Invalid(fmt::format("日历文件超过 {} 字节", kMaxDocumentBytes));
  }
  json::parse_options options;
  options.max_depth = 8;
  json::parser parser({}, options);
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    const auto line =
        1 + std::count(text.begin(),
                       text.begin() + static_cast<std::ptrdiff_t>(std::min(consumed, text.size())),
                       '\n');
    return Status::Invalid(fmt::format("日历文件不是有效的 JSON(第 {} 行附近)", line));
  }
  const json::value doc = parser.release();
  if (!doc.is_object()) return Status::Invalid("日历文件须为 JSON 对象");
  ObjectReader r(doc.get_object(), "", "日历文件");
  SX_RETURN_IF_ERROR(r.OnlyKeys({"format", "region", "years"}));
  auto format = r.String("format");
  if (!format.ok()) return format.status();
  if (*format != kFormat) {
    return Bad("format", fmt::format("不支持的日历格式{},须为{}", Quote(*format), kFormat));
  }
  Schedules s;
  auto region = r.String("region");
  if (!region.ok()) return region.status();
  s.region = std::move(*region);
  auto years = r.Array("years", kMaxYears, /*required=*/true);
  if (!years.ok()) return years.status();
  for (std::size_t i = 0; i < (*years)->size(); ++i) {
    auto yo = ObjectAt(**years, i, fmt::format("years[{}]", i), fmt::format("第{}个年度", i + 1));
    if (!yo.ok()) return yo.status();
    auto y = ReadYear(**yo, i);
    if (!y.ok()) return y.status();
    s.years.push_back(std::move(*y));
  }
  SX_RETURN_IF_ERROR(ValidateSchedules(s));
  return s;
}

std::string FormatSchedules(const Schedules& s) {
  std::string out = "{\n";
  out += fmt::format("  \"format\": \"{}\",\n", kFormat);
  out += fmt::format("  \"region\": {},\n", Quote(s.region));
  out += "  \"years\": [";
  for (std::size_t i = 0; i < s.years.size(); ++i) {
    const YearSchedule& y = s.years[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\n";
    out += fmt::format("      \"year\": {},\n", y.year);
    out += "      \"versions\": [\n";
    for (std::size_t j = 0; j < y.versions.size(); ++j) {
      AppendVersion(out, y.versions[j]);
      out += j + 1 < y.versions.size() ? ",\n" : "\n";
    }
    out += "      ]\n    }";
  }
  out += s.years.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace sx::calendar
