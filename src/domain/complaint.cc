#include "domain/complaint.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTopics = {{
    {"conduct", "执法人员作风、态度"},
    {"procedure", "执法程序不规范"},
    {"unfair", "处罚畸重畸轻、裁量不当"},
    {"publicity", "应公开未公开或公开有误"},
    {"delay", "久拖不决、超期办理"},
    {"violation", "举报违法行为"},
    {"other", "其他"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kStates = {{
    {"received", "已受理,等待分办"},
    {"assigned", "办理中"},
    {"replied", "已答复"},
    {"case_opened", "已立案查处"},
    {"not_accepted", "不予受理"},
}};

// Crockford's base32: no I, L, O or U.
constexpr std::string_view kBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Crockford's check symbol: the number mod 37, from the alphabet and five more symbols. 37 is a
// prime above 32, so any single wrong character and any two adjacent ones swapped are caught.
constexpr std::string_view kCheckSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

char CheckChar(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits) value = value * 32 + kBase32.find(c);
  return kCheckSymbols[value % 37];
}

bool Digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view ComplaintTopicCode(ComplaintTopic t) {
  return kTopics[static_cast<std::size_t>(t)].first;
}
std::string_view ComplaintTopicName(ComplaintTopic t) {
  return kTopics[static_cast<std::size_t>(t)].second;
}
std::optional<ComplaintTopic> ParseComplaintTopic(std::string_view code) {
  for (std::size_t i = 0; i < kTopics.size(); ++i) {
    if (kTopics[i].first == code) return static_cast<ComplaintTopic>(i);
  }
  return std::nullopt;
}

std::string_view ComplaintStateCode(ComplaintState s) {
  return kStates[static_cast<std::size_t>(s)].first;
}
std::string_view ComplaintStateName(ComplaintState s) {
  return kStates[static_cast<std::size_t>(s)].second;
}
std::optional<ComplaintState> ParseComplaintState(std::string_view code) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (kStates[i].first == code) return static_cast<ComplaintState>(i);
  }
  return std::nullopt;
}

bool IsClosed(ComplaintState s) {
  return s == ComplaintState::kReplied || s == ComplaintState::kCaseOpened ||
         s == ComplaintState::kNotAccepted;
}

Status ValidateComplaint(const NewComplaint& c) {
  SX_RETURN_IF_ERROR(CheckText(c.subject, "标题", "subject", 100));
  SX_RETURN_IF_ERROR(CheckText(c.content, "内容", "content", kMaxComplaintContentChars, true));
  std::size_t chars = 0;
  for (unsigned char ch : c.content) chars += (ch & 0xC0) != 0x80;
  if (chars < 10) {
    return Status::Invalid("请至少用 10 个字说明投诉举报的事项").WithField("content");
  }
  if (!c.name.empty()) SX_RETURN_IF_ERROR(CheckText(c.name, "姓名", "name", 30));
  if (!c.about.empty()) SX_RETURN_IF_ERROR(CheckText(c.about, "涉及的案件或人员", "about", 100));
  if (!c.phone.empty()) {
    std::size_t digits = 0;
    bool ok = c.phone.size() <= 30;
    for (std::size_t i = 0; ok && i < c.phone.size(); ++i) {
      const char ch = c.phone[i];
      if (ch >= '0' && ch <= '9') {
        ++digits;
      } else if (!(ch == '-' || ch == ' ' || (ch == '+' && i == 0))) {
        ok = false;
      }
    }
    if (!ok || digits < 7 || digits > 20) {
      return Status::Invalid("联系电话应为 7 至 20 位数字(可含 +、-、空格)").WithField("phone");
    }
  }
  if (!c.email.empty()) {
    const auto at = c.email.find('@');
    const bool ok = c.email.size() <= 100 && at != std::string::npos && at > 0 &&
                    c.email.find('@', at + 1) == std::string::npos &&
                    c.email.find('.', at + 2) != std::string::npos && c.email.back() != '.' &&
                    c.email.find_first_of(" \t\r\n<>\"") == std::string::npos;
    if (!ok) return Status::Invalid("电子邮箱格式不正确").WithField("email");
  }
  return Status::Ok();
}

std::string TrackingNumber(std::string_view yyyymmdd, std::uint64_t random) {
  std::string body;
  for (int i = 7; i >= 0; --i) body.push_back(kBase32[(random >> (5 * i)) & 31]);
  return fmt::format("TS{}-{}-{}", yyyymmdd, body, CheckChar(body));
}

bool IsTrackingNumber(std::string_view s) {
  // TS + 8 digits + '-' + 8 base32 + '-' + 1 check = 21 characters.
  if (s.size() != 21 || !s.starts_with("TS") || s[10] != '-' || s[19] != '-') return false;
  if (!Digits(s.substr(2, 8))) return false;
  const std::string_view body = s.substr(11, 8);
  if (!std::all_of(body.begin(), body.end(),
                   [](char c) { return kBase32.find(c) != std::string_view::npos; })) {
    return false;
  }
  return s[20] == CheckChar(body);
}

Status CheckComplaintTransition(ComplaintState from, ComplaintState to) {
  if (IsClosed(from)) {
    return Status::Invalid(fmt::format("投诉举报已{},不能再变更", ComplaintStateName(from)))
        .WithField("state");
  }
  const bool ok = (from == ComplaintState::kReceived &&
                   (to == ComplaintState::kAssigned || to == ComplaintState::kNotAccepted)) ||
                  (from == ComplaintState::kAssigned &&
                   (to == ComplaintState::kAssigned || to == ComplaintState::kReplied ||
                    to == ComplaintState::kCaseOpened || to == ComplaintState::kNotAccepted));
  if (!ok) {
    return Status::Invalid(fmt::format("“{}”的投诉举报不能直接转为“{}”", ComplaintStateName(from),
                                       ComplaintStateName(to)))
        .WithField("state");
  }
  return Status::Ok();
}

}  // namespace sx::domain
