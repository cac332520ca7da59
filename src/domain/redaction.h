// 脱敏 (redaction) of a decision before it is published (RULES.md §1 Privacy; 国办发〔2018〕118号
// 二; 个人信息保护法 第25、33–37条; 政府信息公开条例 第15条): a natural person's name becomes
// surname + 某某; ID numbers, phone numbers, bank and 住房公积金 accounts, home addresses and
// property certificate numbers are replaced by a bracketed note. Unit names and 统一社会信用代码
// stay as they are, and so do the officers' names (执法人员 are published by name, 118号 二).
//
// The text is untrusted: any bytes, up to megabytes. The scanners are hand-written over code points
// and linear in the length of the text (no std::regex). Pure: no I/O, no clock.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sx::domain {

// What a redaction hides. The order is the priority when two equally wide matches overlap.
enum class RedactionKind {
  kName,         // 姓名 of a natural person
  kIdNumber,     // 公民身份号码 (18 digits, or the old 15)
  kPhone,        // 联系电话: mobile, landline, with +86 or an extension
  kBankAccount,  // 银行账号, 住房公积金个人账号, and any run of 12 or more digits
  kAddress,      // 住址
  kPropertyCertificate,  // 不动产权证号, 房产证号
  kManual,               // 人工遮蔽: what the publisher marked by hand
};
std::string_view RedactionKindCode(RedactionKind k);  // "name", "id_number", "phone", …
std::string_view RedactionKindName(RedactionKind k);  // "姓名", "身份证号码", "联系电话", …
std::optional<RedactionKind> ParseRedactionKind(std::string_view code);

// What the case knows, so that redaction does not depend on guessing alone. Entries that are not
// well-formed UTF-8 are ignored, as are names and addresses shorter than two characters.
struct RedactionContext {
  // Natural persons of the case (the party when a person, representatives, agents, witnesses,
  // employees): masked wherever they occur.
  std::vector<std::string> person_names = {};
  // Their addresses as recorded: masked wherever they occur.
  std::vector<std::string> addresses = {};
  // Never masked: the officers' names, the agency's own phone numbers and accounts, unit names.
  // A name, address or certificate found inside a kept string is left alone (an address running
  // into one is cut back to it); a number read over a kept string of 7 characters or more is
  // left alone (the agency's phone with an extension after it); a name merely starting with a
  // kept name (李明华 when 李明 is kept) is still masked. A person named like an officer is kept.
  std::vector<std::string> keep = {};
  // The publisher's own additions: masked wherever they occur, even inside a kept string.
  std::vector<std::string> manual = {};
};

// One span of the original text, in UTF-8 byte offsets, on character boundaries.
struct Redaction {
  std::size_t begin = 0;
  std::size_t end = 0;
  RedactionKind kind = RedactionKind::kManual;
  // For a name, MaskName of the span (张某某); for kManual "［已隐去］"; otherwise
  // "［" + RedactionKindName + "已隐去］" ("［身份证号码已隐去］").
  std::string replacement;
};

struct RedactedText {
  std::string text;                   // the text with every span replaced
  std::vector<Redaction> redactions;  // sorted, non-overlapping, in the original's offsets
};

// Finds and replaces the personal data of natural persons in `text`:
// - names: those of `ctx.person_names`, and those found after a label (当事人, 姓名, 法定代表人,
//   负责人, 委托代理人, 代理人, 联系人, 经办人, 证人, 户主, 职工, 被询问人, 律师, 员工, 配偶, …):
//   after a colon any 2–4 Han characters (5 with a compound surname) that are not the start of a
//   unit name (…公司, …中心, …厂); without a colon only a known surname followed by a name that
//   ends at punctuation or a word such as 性别, 男, 因, 于, 证实; and the names listed after it
//   with 、 (职工王芳（女）、刘洋等). A name found by label is then masked wherever it occurs;
// - 18-digit ID numbers (check character X or x, groups separated by spaces), old 15-digit ones;
//   an 18-character run that is a valid 统一社会信用代码 and not a valid ID number is kept, unless
//   身份证 or 身份号码 stands just before it;
// - mobile numbers (+86 / 86, separated by spaces or hyphens), landlines with area code, in
//   brackets or not, with an extension (转, 分机, -); 7–12 digits after 电话, 手机, …;
// - runs of 12 or more digits (also grouped by fours), and 6–11 digits after 账号, 卡号, 账户, …;
// - addresses after 住址, 家庭住址, 现住址, 居住地, 户籍地, 现住, 住 as a field of its own
//   (男，住郑州市…), and after 住所地 / 住所 when the nearest party described before it is a
//   person (性别, 男, 身份证, a name) rather than a unit (a unit name, 统一社会信用代码); any
//   address with 号楼, 单元, 室, 栋 or 幢 detail, back to the word that introduces it (位于, 住在,
//   的);
// - property certificates: 豫(2023)郑州市不动产权第0123456号, 郑房权证字第1234567号, and the value
//   after 不动产权证号, 房产证号, 产权证号;
// - `ctx.addresses` and `ctx.manual` wherever they occur.
// Overlapping matches merge into one span of the widest match's kind (equal widths: the later
// kind in RedactionKind wins). Bytes that are not valid UTF-8 are never part of a match and are
// copied unchanged: a caller publishing the text checks it first (CheckText).
RedactedText Redact(std::string_view text, const RedactionContext& ctx);

// The published form of a natural person's name: surname + 某某, with compound surnames (欧阳修 →
// 欧阳某某, 张三 → 张某某). A name that does not start with a Han character becomes 某某.
std::string MaskName(std::string_view name);

// An 18-digit 公民身份号码 (GB 11643-1999): 17 digits and a check character (digit, X or x) by
// ISO 7064 MOD 11-2, a region code not starting with 0, and a real birth date in positions 7–14
// between 1900 and 2099 (the domain has no clock to bound it by today).
bool IsResidentIdNumber(std::string_view s);

// A 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 and A–Y without I, O, S, V and Z, the
// last being the MOD 31 check character.
bool IsCreditCode(std::string_view s);
// The code completed with its check character; `first17` must be 17 valid characters (else "").
std::string CompleteCreditCode(std::string_view first17);

}  // namespace sx::domain
