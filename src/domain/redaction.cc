#include "domain/redaction.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <unordered_set>
#include <utility>

namespace sx::domain {

namespace {

// ---- text as code points ----------------------------------------------------------------------

// A byte that is not part of well-formed UTF-8 stands alone as this value: it matches nothing.
constexpr char32_t kBadByte = 0x110000;

// The byte length of a unit: its character's UTF-8 length, or 1 for a stray byte.
std::size_t UnitBytes(char32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : c == kBadByte ? 1 : 4;
}

// The text cut into units: one per code point, or per byte that is not well-formed UTF-8. Every
// span the scanners produce runs from one unit to another, so none splits a character. Only the
// code points are kept (4 bytes a unit): a unit's byte offset follows from the lengths before it,
// counted from a checkpoint every kStride units.
struct Text {
  static constexpr std::size_t kStride = 64;
  std::string_view bytes;
  std::vector<char32_t> cp;
  std::vector<std::size_t> checkpoint;  // byte offset of unit k * kStride

  std::size_t size() const { return cp.size(); }
  // 0 outside the text (a NUL, which ends a field as the end of the text does), so lookahead
  // needs no bounds checks.
  char32_t at(std::size_t i) const { return i < cp.size() ? cp[i] : 0; }
  std::size_t Offset(std::size_t i) const {
    std::size_t o = checkpoint[i / kStride];
    for (std::size_t k = i - i % kStride; k < i; ++k) o += UnitBytes(cp[k]);
    return o;
  }
  std::string_view Slice(std::size_t b, std::size_t e) const {
    const std::size_t ob = Offset(b);
    return bytes.substr(ob, Offset(e) - ob);
  }
};

// Length of the well-formed sequence at s[i] and its code point, or 0 (no overlongs, no
// surrogates, nothing above U+10FFFF).
std::size_t Decode(std::string_view s, std::size_t i, char32_t& out) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t c = b(i);
  if (c < 0x80) {
    out = c;
    return 1;
  }
  std::size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  out = cp;
  return n;
}

Text Units(std::string_view s) {
  Text t;
  t.bytes = s;
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  // Every unit starts with a byte that is not a continuation byte, but for stray ones.
  const auto starts = static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  t.cp.reserve(starts + 16);
  t.checkpoint.reserve((starts + 16) / Text::kStride + 2);
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = byte(i);
    std::size_t n = 1;
    if (c >= 0x80) {
      // Most of a decision is three-byte Han and punctuation: decode those inline.
      if ((c & 0xF0) == 0xE0 && i + 2 < s.size() && (byte(i + 1) & 0xC0) == 0x80 &&
          (byte(i + 2) & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
        n = 3;
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) {
          c = kBadByte;
          n = 1;
        }
      } else {
        n = Decode(s, i, c);
        if (n == 0) {
          c = kBadByte;
          n = 1;
        }
      }
    }
    if (t.cp.size() % Text::kStride == 0) t.checkpoint.push_back(i);
    t.cp.push_back(c);
    i += n;
  }
  if (t.cp.size() % Text::kStride == 0) t.checkpoint.push_back(s.size());
  return t;
}

// The code points of `s`, or nullopt when it is not well-formed UTF-8.
std::optional<std::u32string> CodePoints(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t n = Decode(s, i, c);
    if (n == 0) return std::nullopt;
    out += c;
    i += n;
  }
  return out;
}

// ---- character classes ------------------------------------------------------------------------

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
// Full-width digits (０–９) count as digits: a number typed with them is still a number.
bool IsDigit(char32_t c) { return IsAsciiDigit(c) || (c >= 0xFF10 && c <= 0xFF19); }
char DigitChar(char32_t c) { return static_cast<char>('0' + (c >= 0xFF10 ? c - 0xFF10 : c - '0')); }
bool IsLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}
bool IsAlnum(char32_t c) { return IsDigit(c) || IsLetter(c); }
bool IsCheckX(char32_t c) { return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58; }
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000; }
bool IsColon(char32_t c) { return c == ':' || c == 0xFF1A; }
// Between the groups of one number: 138 1234 5678, 0371-67891234, 6222－0212.
bool IsGroupSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == 0xA0 || c == 0x3000 || (c >= 0x2010 && c <= 0x2015) ||
         c == 0x2212 || c == 0xFF0D;
}
bool IsOpenBracket(char32_t c) {
  return c == '(' || c == 0xFF08 || c == 0x3014 || c == '[' || c == 0x3010;
}
bool IsCloseBracket(char32_t c) {
  return c == ')' || c == 0xFF09 || c == 0x3015 || c == ']' || c == 0x3011;
}
// Ends a sentence or a clause: a context word does not reach across it.
bool IsClauseBreak(char32_t c) {
  return c == 0x3002 || c == 0xFF1B || c == ';' || c == '\n' || c == '\r' || c == 0xFF01 ||
         c == 0xFF1F || c == '!' || c == '?';
}
// Ends the value of a field (住址：…，).
bool IsFieldEnd(char32_t c) {
  return IsClauseBreak(c) || c == 0xFF0C || c == ',' || c == 0x3001 || c == 0;
}

// Membership in a constant set of characters.
bool InChars(std::u32string_view set, char32_t c) { return set.find(c) != set.npos; }
// Membership of the pair (a, b) in a constant string of two-character words.
bool InPairs(std::u32string_view pairs, char32_t a, char32_t b) {
  for (std::size_t p = 0; p + 1 < pairs.size(); p += 2) {
    if (pairs[p] == a && pairs[p + 1] == b) return true;
  }
  return false;
}
// Whether the units from `i` spell `word`.
bool At(const Text& t, std::size_t i, std::u32string_view word) {
  if (i + word.size() > t.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (t.cp[i + k] != word[k]) return false;
  }
  return true;
}
// Whether the units just before `i` spell `word`.
bool EndsWith(const Text& t, std::size_t i, std::u32string_view word) {
  return i >= word.size() && At(t, i - word.size(), word);
}

// ---- constant tables --------------------------------------------------------------------------

// Compound surnames (复姓), as pairs: 欧阳修 → 欧阳某某.
constexpr std::u32string_view kCompoundSurnames =
    U"欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙宇文司徒夏侯轩辕令狐钟离端木独孤南宫西门澹台公冶"
    U"太史申屠濮阳呼延万俟闻人赫连百里东郭左丘第五单于拓跋淳于鲜于司空闾丘子车亓官司寇巫马公西"
    U"颛孙壤驷公良漆雕乐正宰父谷梁夹谷段干羊舌微生梁丘公羊太叔宗政仲孙东门南门即墨达奚褚师";

// Common single surnames: without a colon after a label, a name must start with one of these.
constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    U"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛"
    U"郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    U"俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    U"滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    U"臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁"
    U"胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰"
    U"支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜"
    U"印逯隆茹诸战慕危玉银亢嵩";

// Words that follow a label as ordinary text, never as a name (当事人应当…, 当事人陈述…): first
// characters that are function words, and two-character words starting with a surname.
constexpr std::u32string_view kNotNameStart =
    U"于向应和及为将经所曾同方计从与自在对按依因被把已未不如若的是系即仍均也都又还现其等一本该此以"
    U"可有无拒逾至并且但才就须需要能会作做给让到上下中后前时再另各每共某详见略空";
constexpr std::u32string_view kNotNameWords =
    U"陈述申辩申请申报单位房屋房产符合管理车辆时间全部全额安全关于成立项目金额文书相关严重解释"
    U"明确常年程序包括名称姓名签字签名盖章住址地址电话联系身份基本情况信息户籍住所高度连续长期宣传"
    U"明知全称全体关系相应成员范围明细解除安排时限费用权利权益印章单方项下文化房租车间包含"
    U"花名名册工资人数档案";

// What ends a name (张三因…, 李四，男 → 李四): single characters and two-character words, from the
// third character of a name on (from the second of the given name).
constexpr std::u32string_view kNameStopChars = U"男女因于的系是未已在等称住及与曾";
constexpr std::u32string_view kNameStopWords =
    U"同志先生女士性别身份公民住址住所电话联系出生现住户籍汉族委托法定职务职工手机家庭系本"
    U"证实证明陈述表示说明承认供述反映介绍确认签字签名到场提供作为通过自愿";

// Endings of unit names (单位名称): a run after a label containing one of these is a unit's name.
constexpr std::u32string_view kUnitSuffixes[] = {
    U"公司",   U"中心",   U"合作社", U"银行",   U"学校",   U"医院",   U"集团",
    U"事务所", U"委员会", U"研究所", U"研究院", U"幼儿园", U"工作室", U"经营部",
    U"门市部", U"分行",   U"支行",   U"大学",   U"中学",   U"小学",   U"酒店",
    U"宾馆",   U"超市",   U"商行",   U"商店",   U"餐馆",   U"饭店",   U"诊所",
    U"药房",   U"协会",   U"基金会", U"办事处", U"工厂",   U"加工厂", U"人民政府",
    U"分公司", U"联合社", U"商场",   U"俱乐部", U"大酒店", U"服务部"};
// The first characters of kUnitSuffixes.
constexpr std::u32string_view kUnitSuffixStarts =
    U"公中合银学医集事委研幼工经门分支大小酒宾超商餐饭诊药协基办加人联俱服";
static_assert(std::all_of(std::begin(kUnitSuffixes), std::end(kUnitSuffixes),
                          [](std::u32string_view s) {
                            return kUnitSuffixStarts.find(s[0]) != kUnitSuffixStarts.npos;
                          }));
// One-character endings count only at the end of a run of at least four characters (王小店 may
// be a person; 红星机械厂 is not).
constexpr std::u32string_view kUnitSuffixChars = U"厂店局所站院社行部馆园场队处";

// Characters that show a run to be an address when no colon announces it.
constexpr std::u32string_view kAddressChars = U"省市区县路街道巷村镇乡号组楼室栋幢弄里屯庄";

// Chinese numerals before 号楼 / 单元 (三单元).
constexpr std::u32string_view kChineseNumerals = U"零〇一二两三四五六七八九十百";

// ---- a multi-pattern matcher (Aho–Corasick over code points) -----------------------------------

class Matcher {
 public:
  Matcher() : nodes_(1), first_(0x10000 / 64, 0) {}

  // `pattern` must not be empty.
  void Add(std::u32string_view pattern, int id) {
    int s = 0;
    for (char32_t c : pattern) {
      int next = -1;
      for (auto [x, n] : nodes_[s].next) {
        if (x == c) next = n;
      }
      if (next < 0) {
        next = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        nodes_[s].next.emplace_back(c, next);
      }
      s = next;
    }
    nodes_[s].out.push_back(id);
    const char32_t c = pattern[0];
    if (c < 0x10000) first_[c >> 6] |= std::uint64_t{1} << (c & 63);
  }

  void Build() {
    for (Node& n : nodes_) std::sort(n.next.begin(), n.next.end());
    std::vector<int> queue;
    for (auto [c, child] : nodes_[0].next) queue.push_back(child);
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const int s = queue[q];
      const int f = nodes_[s].fail;
      nodes_[s].dict = nodes_[f].out.empty() ? nodes_[f].dict : f;
      for (auto [c, child] : nodes_[s].next) {
        nodes_[child].fail = Step(f, c);
        queue.push_back(child);
      }
    }
  }

  // Calls f(end_unit, id) for every occurrence, in the order of their ends.
  template <typename F>
  void Scan(const Text& t, F&& f) const {
    int s = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      s = Step(s, t.cp[i]);
      if (s == 0) continue;
      for (int o = nodes_[s].out.empty() ? nodes_[s].dict : s; o > 0; o = nodes_[o].dict) {
        for (int id : nodes_[o].out) f(i + 1, id);
      }
    }
  }

 private:
  struct Node {
    std::vector<std::pair<char32_t, int>> next;  // sorted by Build
    std::vector<int> out;
    int fail = 0;
    int dict = -1;  // the nearest proper suffix with patterns ending there
  };

  int Child(int s, char32_t c) const {
    const auto& next = nodes_[s].next;
    auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(c, INT32_MIN));
    return it != next.end() && it->first == c ? it->second : -1;
  }
  int Step(int s, char32_t c) const {
    while (s != 0) {
      const int n = Child(s, c);
      if (n >= 0) return n;
      s = nodes_[s].fail;
    }
    // Most characters start no pattern: one bit says so.
    if (c < 0x10000 && !((first_[c >> 6] >> (c & 63)) & 1)) return 0;
    const int n = Child(0, c);
    return n < 0 ? 0 : n;
  }

  std::vector<Node> nodes_;
  std::vector<std::uint64_t> first_;  // the BMP characters that start a pattern
};

// ---- keywords ---------------------------------------------------------------------------------

enum class Kw {
  kNameLabel,
  kAddressLabel,         // always a person's (住址, 户籍地)
  kAddressLabelColon,    // as above, but only with a colon (现住: 发现住房… is no label)
  kResidenceLabel,       // 住所地: a person's or a unit's, by what came before
  kResidenceLabelColon,  // 住所: as above, only with a colon
  kLiveLabel,            // 住 as a field of its own: 男，1980年出生，住郑州市…
  kPropertyLabel,
  kPropertyNumber,  // 不动产权第
  kPropertyTitle,   // 权证 (郑房权证字第…)
  kDetail,          // 号楼, 单元, 室, 栋, 幢
  kPhoneContext,
  kAccountContext,
  kIdContext,
  kPersonMarker,
  kSexMarker,
  kUnitMarker,
};

struct Keyword {
  std::u32string_view text;
  Kw kind;
};

constexpr Keyword kKeywords[] = {
    // Labels before a natural person's name.
    {U"当事人", Kw::kNameLabel},
    {U"姓名", Kw::kNameLabel},
    {U"法定代表人", Kw::kNameLabel},
    {U"负责人", Kw::kNameLabel},
    {U"委托代理人", Kw::kNameLabel},
    {U"代理人", Kw::kNameLabel},
    {U"联系人", Kw::kNameLabel},
    {U"经办人", Kw::kNameLabel},
    {U"证人", Kw::kNameLabel},
    {U"户主", Kw::kNameLabel},
    {U"职工", Kw::kNameLabel},
    {U"被询问人", Kw::kNameLabel},
    {U"被调查人", Kw::kNameLabel},
    {U"申请人", Kw::kNameLabel},
    {U"监护人", Kw::kNameLabel},
    {U"举报人", Kw::kNameLabel},
    {U"投诉人", Kw::kNameLabel},
    {U"律师", Kw::kNameLabel},  // …律师事务所律师刘强
    {U"员工", Kw::kNameLabel},
    {U"配偶", Kw::kNameLabel},
    {U"妻子", Kw::kNameLabel},
    {U"丈夫", Kw::kNameLabel},
    {U"其子", Kw::kNameLabel},
    {U"其女", Kw::kNameLabel},
    {U"其妻", Kw::kNameLabel},
    {U"其夫", Kw::kNameLabel},
    {U"其父", Kw::kNameLabel},
    {U"其母", Kw::kNameLabel},
    // Home addresses.
    {U"住址", Kw::kAddressLabel},
    {U"家庭住址", Kw::kAddressLabel},
    {U"现住址", Kw::kAddressLabel},
    {U"户籍住址", Kw::kAddressLabel},
    {U"户籍地址", Kw::kAddressLabel},
    {U"居住地", Kw::kAddressLabel},
    {U"现居住地", Kw::kAddressLabel},
    {U"经常居住地", Kw::kAddressLabel},
    {U"户籍地", Kw::kAddressLabel},
    {U"户籍所在地", Kw::kAddressLabel},
    {U"现住", Kw::kAddressLabelColon},
    {U"住所地", Kw::kResidenceLabel},
    {U"联系地址", Kw::kResidenceLabel},
    {U"通讯地址", Kw::kResidenceLabel},
    {U"送达地址", Kw::kResidenceLabel},
    {U"住所", Kw::kResidenceLabelColon},
    {U"住", Kw::kLiveLabel},
    // Property certificates.
    {U"不动产权证号", Kw::kPropertyLabel},
    {U"不动产权证书号", Kw::kPropertyLabel},
    {U"不动产权证书编号", Kw::kPropertyLabel},
    {U"不动产证号", Kw::kPropertyLabel},
    {U"房产证号", Kw::kPropertyLabel},
    {U"房产证编号", Kw::kPropertyLabel},
    {U"房屋所有权证号", Kw::kPropertyLabel},
    {U"产权证号", Kw::kPropertyLabel},
    {U"不动产权第", Kw::kPropertyNumber},
    {U"不动产证明第", Kw::kPropertyNumber},
    {U"权证", Kw::kPropertyTitle},
    // Address detail.
    {U"号楼", Kw::kDetail},
    {U"单元", Kw::kDetail},
    {U"室", Kw::kDetail},
    {U"栋", Kw::kDetail},
    {U"幢", Kw::kDetail},
    // Words before a number that say what it is.
    {U"电话", Kw::kPhoneContext},
    {U"手机", Kw::kPhoneContext},
    {U"联系方式", Kw::kPhoneContext},
    {U"座机", Kw::kPhoneContext},
    {U"固话", Kw::kPhoneContext},
    {U"传真", Kw::kPhoneContext},
    {U"Tel", Kw::kPhoneContext},
    {U"TEL", Kw::kPhoneContext},
    {U"tel", Kw::kPhoneContext},
    {U"账号", Kw::kAccountContext},
    {U"帐号", Kw::kAccountContext},
    {U"卡号", Kw::kAccountContext},
    {U"账户", Kw::kAccountContext},
    {U"帐户", Kw::kAccountContext},
    {U"银行卡", Kw::kAccountContext},
    {U"存折", Kw::kAccountContext},
    {U"身份证", Kw::kIdContext},
    {U"身份号码", Kw::kIdContext},
    {U"证件号", Kw::kIdContext},
    // Whom a passage describes: a person or a unit.
    {U"性别", Kw::kPersonMarker},
    {U"身份证", Kw::kPersonMarker},
    {U"公民身份号码", Kw::kPersonMarker},
    {U"出生", Kw::kPersonMarker},
    {U"民族", Kw::kPersonMarker},
    {U"男", Kw::kSexMarker},
    {U"女", Kw::kSexMarker},
    {U"统一社会信用代码", Kw::kUnitMarker},
    {U"营业执照", Kw::kUnitMarker},
    {U"组织机构代码", Kw::kUnitMarker},
    {U"注册号", Kw::kUnitMarker},
};

// ---- numbers ----------------------------------------------------------------------------------

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
bool IsDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}
int Num(std::string_view s, std::size_t at, std::size_t len) {
  int v = 0;
  for (std::size_t k = 0; k < len; ++k) v = v * 10 + (s[at + k] - '0');
  return v;
}
bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The 15-digit numbers issued before 1999 (GB 11643-1989): region, YYMMDD of the 1900s, sequence;
// no check digit.
bool IsOldIdNumber(std::string_view d) {
  return d.size() == 15 && AllDigits(d) && d[0] != '0' &&
         IsDate(1900 + Num(d, 6, 2), Num(d, 8, 2), Num(d, 10, 2));
}

bool IsMobile(std::string_view d) { return d.size() == 11 && d[0] == '1' && d[1] >= '3'; }

// One group of a number as written: digits (full-width normalised), maybe a check X at the end.
struct Group {
  std::size_t begin = 0, end = 0;  // units; `end` after the X if there is one
  std::string digits;
  bool x = false;
};

struct NumberContext {
  bool phone = false;
  bool account = false;
  bool id = false;
  bool quantity_after = false;  // 123456元: an amount, not an account
};

enum class NumberClass { kNone, kKeep, kId, kPhone, kBank };

// A landline: area code (0 and 2–3 digits) and 7–8 digits (in one or two groups), then maybe an
// extension group (0371-67891234-8001).
bool IsLandline(std::span<const Group> g) {
  if (g.size() < 2) return false;
  const std::string& area = g[0].digits;
  if (area[0] != '0' || area.size() < 3 || area.size() > 4) return false;
  for (std::size_t local_groups = 1; local_groups <= 2 && local_groups < g.size(); ++local_groups) {
    std::size_t local = 0;
    for (std::size_t k = 1; k <= local_groups; ++k) local += g[k].digits.size();
    if (local < 7 || local > 8) continue;
    const std::size_t rest = g.size() - 1 - local_groups;
    if (rest == 0) return true;
    if (rest == 1 && g.back().digits.size() <= 6) return true;
  }
  return false;
}

bool IsPhoneNumber(std::span<const Group> g, std::string_view d, bool plus) {
  if (IsMobile(d)) return true;
  if (d.size() == 15 && d.substr(0, 4) == "0086" && IsMobile(d.substr(4))) return true;
  if (d.size() == 13 && d.substr(0, 2) == "86" && IsMobile(d.substr(2))) return true;
  if (IsLandline(g)) return true;
  if (g.size() == 1 && d[0] == '0' && d.size() >= 10 && d.size() <= 12) return true;
  // +86 371 6789 1234: the area code without its 0.
  if ((plus || g[0].digits == "86") && d.size() >= 11 && d.size() <= 13 && d.substr(0, 2) == "86" &&
      d[2] != '0' && d[2] != '1') {
    return true;
  }
  return false;
}

// An account as written: one run, or groups of one length (3–6) with a shorter or equal last.
bool AccountGrouping(std::span<const Group> g) {
  if (g.size() == 1) return true;
  const std::size_t len = g[0].digits.size();
  if (len < 3 || len > 6) return false;
  for (std::size_t k = 1; k + 1 < g.size(); ++k) {
    if (g[k].digits.size() != len) return false;
  }
  return g.back().digits.size() <= len;
}

// What the groups `g` (their digits `d`) are.
NumberClass Classify(std::span<const Group> g, std::string_view d, bool plus,
                     const NumberContext& c) {
  if (d.size() < 6) return NumberClass::kNone;  // nothing is that short
  if (g.back().x && d.size() == 17) {
    const std::string s = std::string(d) + 'X';
    if (IsResidentIdNumber(s)) return NumberClass::kId;
    if (g.size() == 1 && !c.id && IsCreditCode(s)) return NumberClass::kKeep;
    return NumberClass::kId;  // written like an ID number: a mistyped one is still personal
  }
  if (d.size() == 18 && !plus) {
    if (IsResidentIdNumber(d)) return NumberClass::kId;
    if (g.size() == 1 && !c.id && IsCreditCode(d)) return NumberClass::kKeep;
  }
  if (d.size() == 15 && !plus && IsOldIdNumber(d)) return NumberClass::kId;
  if (IsPhoneNumber(g, d, plus)) return NumberClass::kPhone;
  // After 电话 or 手机: a local number, or one mistyped (a digit short or over).
  if (d.size() >= 7 && d.size() <= 12 && g.size() <= 4 && c.phone) return NumberClass::kPhone;
  if (d.size() >= 12 && AccountGrouping(g)) {
    return c.id && d.size() >= 15 && d.size() <= 18 ? NumberClass::kId : NumberClass::kBank;
  }
  if (d.size() >= 6 && c.account && !c.quantity_after && AccountGrouping(g)) {
    return NumberClass::kBank;
  }
  return NumberClass::kNone;
}

// ---- the scan ---------------------------------------------------------------------------------

struct Candidate {
  std::size_t begin, end;  // units
  RedactionKind kind;
};

struct Marker {
  std::size_t at;  // unit
  bool person;
};

// An address label waiting for the markers to be known.
struct PendingAddress {
  std::size_t label_begin, begin, end;
  bool person_check;
};

class Scanner {
 public:
  Scanner(const Text& t, const RedactionContext& ctx) : t_(t), ctx_(ctx) {}

  std::vector<Candidate> Run(std::vector<std::pair<std::size_t, std::size_t>>& keep) {
    Keywords();
    Numbers();
    Literals(keep);
    ResolveAddresses();
    return std::move(out_);
  }

 private:
  void Add(std::size_t b, std::size_t e, RedactionKind k) {
    if (b < e) out_.push_back({b, e, k});
  }

  // ---- pass 1: keywords, in the order of their ends

  void Keywords() {
    Matcher m;
    for (std::size_t i = 0; i < std::size(kKeywords); ++i) {
      m.Add(kKeywords[i].text, static_cast<int>(i));
    }
    m.Build();
    m.Scan(t_, [&](std::size_t end, int id) {
      const Keyword& k = kKeywords[id];
      const std::size_t begin = end - k.text.size();
      switch (k.kind) {
        case Kw::kNameLabel:
          NameAfterLabel(end);
          break;
        case Kw::kAddressLabel:
        case Kw::kAddressLabelColon:
        case Kw::kResidenceLabel:
        case Kw::kResidenceLabelColon:
          AddressAfterLabel(begin, end, k.kind);
          break;
        case Kw::kLiveLabel:
          if (begin > 0 && (IsFieldEnd(t_.cp[begin - 1]) || IsSpace(t_.cp[begin - 1])) &&
              !InChars(U"房宅宿院所址处", t_.at(end))) {
            AddressAfterLabel(begin, end, Kw::kAddressLabel);
          }
          break;
        case Kw::kPropertyLabel:
          PropertyAfterLabel(end);
          break;
        case Kw::kPropertyNumber:
          PropertyNumber(begin, end);
          break;
        case Kw::kPropertyTitle:
          PropertyTitle(begin, end);
          break;
        case Kw::kDetail:
          AddressDetail(begin, end);
          break;
        case Kw::kPhoneContext:
          phone_ctx_.push_back(end);
          break;
        case Kw::kAccountContext:
          account_ctx_.push_back(end);
          break;
        case Kw::kIdContext:
          id_ctx_.push_back(end);
          break;
        case Kw::kPersonMarker:
          markers_.push_back({begin, true});
          break;
        case Kw::kSexMarker:
          // 男 / 女 as a field of its own (张三，男，…), not inside a word.
          if (begin > 0 &&
              (IsFieldEnd(t_.cp[begin - 1]) || IsColon(t_.cp[begin - 1]) ||
               IsSpace(t_.cp[begin - 1])) &&
              (IsFieldEnd(t_.at(end)) || IsSpace(t_.at(end)) || IsCloseBracket(t_.at(end)))) {
            markers_.push_back({begin, true});
          }
          break;
        case Kw::kUnitMarker:
          markers_.push_back({begin, false});
          break;
      }
    });
  }

  // After a name label: an optional colon, then a name or a unit's name, or a list of names
  // (职工王芳（女）、刘洋等).
  void NameAfterLabel(std::size_t label_end) {
    constexpr int kMaxList = 20;
    constexpr std::size_t kMaxAside = 20;
    std::size_t i = label_end;
    bool colon = false;
    while (IsSpace(t_.at(i))) ++i;
    if (IsColon(t_.at(i))) {
      colon = true;
      ++i;
      while (IsSpace(t_.at(i))) ++i;
    }
    std::size_t e = NameAt(i, colon, label_end);
    for (int n = 0; e > 0 && n < kMaxList; ++n) {
      std::size_t k = e;
      if (IsOpenBracket(t_.at(k))) {
        while (k < t_.size() && k - e < kMaxAside && !IsCloseBracket(t_.cp[k])) ++k;
        if (!IsCloseBracket(t_.at(k))) break;
        ++k;
      }
      if (t_.at(k) != U'、') break;
      e = NameAt(k + 1, colon, label_end);
    }
  }

  // The name at `s` (by the rules for a label with or without a colon): masked, and its end
  // returned; the end of one masked already (王某某); 0 when there is none.
  std::size_t NameAt(std::size_t s, bool colon, std::size_t label_end) {
    if (!IsHan(t_.at(s)) || !IsHan(t_.at(s + 1))) return 0;
    const char32_t first = t_.cp[s];
    const bool compound = InPairs(kCompoundSurnames, first, t_.cp[s + 1]) && IsHan(t_.at(s + 2));
    const std::size_t surname = compound ? 2 : 1;
    if (colon) {
      if (InChars(U"无未不详见略空同本其", first)) return 0;  // 见附件, 同上, 本人
    } else {
      if (!compound && (!InChars(kSurnames, first) || InChars(kNotNameStart, first))) return 0;
      if (InPairs(kNotNameWords, first, t_.cp[s + 1])) return 0;
    }
    std::size_t len = surname + 1;
    bool stopped = false;
    while (len < surname + 3) {
      const std::size_t k = s + len;
      if (!IsHan(t_.at(k))) {
        stopped = true;
        break;
      }
      if (InChars(kNameStopChars, t_.cp[k]) || InPairs(kNameStopWords, t_.cp[k], t_.at(k + 1))) {
        stopped = true;
        break;
      }
      ++len;
    }
    if (len == surname + 3) {
      const char32_t next = t_.at(s + len);
      stopped = !IsHan(next) || InChars(kNameStopChars, next) ||
                InPairs(kNameStopWords, next, t_.at(s + len + 1));
    }
    // Without a colon the name must end where names end; 当事人王强化… is no name.
    if (!colon && !stopped) return 0;
    if (IsUnitName(s)) {
      markers_.push_back({label_end, false});
      return 0;
    }
    for (std::size_t k = s; k < s + len; ++k) {
      if (t_.cp[k] == U'某') return s + len;  // already masked
    }
    Add(s, s + len, RedactionKind::kName);
    markers_.push_back({label_end, true});
    if (label_names_.size() < kMaxLabelNames) label_names_.insert(t_.Slice(s, s + len));
    return s + len;
  }

  // Whether the run of Han characters (brackets, letters) at `s` names a unit: it contains a unit
  // ending (…有限公司（以下简称…）, …中心) after at least two characters.
  bool IsUnitName(std::size_t s) const {
    constexpr std::size_t kMaxRun = 30;
    const auto in_name = [&](char32_t c) { return IsHan(c) || IsLetter(c) || c == 0xB7; };
    std::size_t e = s;
    while (e < t_.size() && e - s < kMaxRun) {
      if (in_name(t_.cp[e])) {
        ++e;
        continue;
      }
      // A bracket inside the name (郑州某某（河南）有限公司) closes and the name goes on; one after
      // it (张三（个体工商户）) ends the run.
      if (IsOpenBracket(t_.cp[e])) {
        std::size_t k = e + 1;
        while (k < t_.size() && k - s < kMaxRun && in_name(t_.cp[k])) ++k;
        if (IsCloseBracket(t_.at(k)) && IsHan(t_.at(k + 1))) {
          e = k + 1;
          continue;
        }
      }
      break;
    }
    for (std::size_t k = s + 2; k < e; ++k) {
      if (!InChars(kUnitSuffixStarts, t_.cp[k])) continue;
      for (std::u32string_view suffix : kUnitSuffixes) {
        if (k + suffix.size() <= e && At(t_, k, suffix)) return true;
      }
    }
    for (std::size_t k = s + 3; k < e; ++k) {
      if (InChars(kUnitSuffixChars, t_.cp[k]) && !IsHan(t_.at(k + 1))) return true;
    }
    return false;
  }

  // After an address label: the value up to the end of the field.
  void AddressAfterLabel(std::size_t label_begin, std::size_t label_end, Kw kind) {
    std::size_t i = label_end;
    bool colon = false;
    while (IsSpace(t_.at(i))) ++i;
    if (IsColon(t_.at(i))) {
      colon = true;
      ++i;
      while (IsSpace(t_.at(i))) ++i;
    }
    if (!colon && (kind == Kw::kAddressLabelColon || kind == Kw::kResidenceLabelColon)) return;
    // A label inside the value just read (家庭住址 after 住址) reads no further: each character
    // is read once.
    if (label_end < address_read_end_) return;
    if (!colon && InChars(U"为是在于", t_.at(i))) ++i;
    constexpr std::size_t kMaxAddress = 80;
    const std::size_t s = i;
    bool looks_like_address = colon;
    int depth = 0;  // brackets opened inside the value; a closing one beyond them ends it
    while (i < t_.size() && i - s < kMaxAddress) {
      const char32_t c = t_.cp[i];
      if (IsFieldEnd(c) || IsSpace(c) || IsColon(c) || c == kBadByte) break;
      if (IsCloseBracket(c) && depth-- == 0) break;
      if (IsOpenBracket(c)) ++depth;
      if (InPairs(U"电话手机联系身份邮编邮政", c, t_.at(i + 1))) break;
      if (InChars(kAddressChars, c)) looks_like_address = true;
      ++i;
    }
    address_read_end_ = i;
    if (i - s < 2 || !looks_like_address) return;
    pending_.push_back(
        {label_begin, s, i, kind == Kw::kResidenceLabel || kind == Kw::kResidenceLabelColon});
  }

  // 3号楼2单元501室: from the detail word back to where the address starts, and on over the
  // rest of the detail.
  void AddressDetail(std::size_t begin, std::size_t end) {
    if (begin < detail_end_) return;  // already inside the last one
    const char32_t before = begin > 0 ? t_.cp[begin - 1] : 0;
    if (!IsDigit(before) && !IsLetter(before) && !InChars(kChineseNumerals, before)) return;
    if (t_.cp[begin] == U'室') {
      std::size_t k = end;
      while (IsDigit(t_.at(k)) || InChars(kChineseNumerals, t_.at(k))) ++k;
      if (t_.at(k) == U'厅') return;  // 3室2厅, a flat's layout
    }
    // Backward: the address characters, up to a word that introduces it.
    constexpr std::size_t kMaxBack = 60;
    std::size_t b = begin;
    while (b > 0 && begin - b < kMaxBack) {
      const char32_t c = t_.cp[b - 1];
      if (!IsHan(c) && !IsAlnum(c) && c != '-' && c != 0xFF0D && c != '#' && c != 0xFF03 &&
          c != 0xB7) {
        break;
      }
      if (IntroducesAddress(b)) break;
      --b;
    }
    // Forward: numbers and detail words (2单元501室, 3号楼2-501).
    constexpr std::size_t kMaxForward = 40;
    std::size_t e = end;
    std::size_t q = end;
    while (q < t_.size() && q - end < kMaxForward) {
      std::size_t r = q;
      bool digit = false;
      while (r < t_.size() && r - end < kMaxForward &&
             (IsAlnum(t_.cp[r]) || t_.cp[r] == '-' || t_.cp[r] == 0xFF0D ||
              InChars(kChineseNumerals, t_.cp[r]))) {
        digit = digit || IsDigit(t_.cp[r]);
        ++r;
      }
      if (r == q) break;
      std::size_t w = DetailWord(r);
      if (w == 0) {
        if (digit) e = r;
        break;
      }
      q = r + w;
      e = q;
    }
    detail_end_ = e;
    Add(b, e, RedactionKind::kAddress);
  }

  // The length of the detail word at `i` (号楼, 单元, 室, 层, …), or 0.
  std::size_t DetailWord(std::size_t i) const {
    for (std::u32string_view w : {std::u32string_view(U"号楼"), std::u32string_view(U"号院"),
                                  std::u32string_view(U"单元")}) {
      if (At(t_, i, w)) return w.size();
    }
    return InChars(U"室层楼栋幢户号座门", t_.at(i)) || t_.at(i) == '#' ? 1 : 0;
  }

  // Whether the text before unit `i` ends with a word after which an address starts.
  bool IntroducesAddress(std::size_t i) const {
    static constexpr std::u32string_view kWords[] = {
        U"位于", U"坐落", U"座落", U"住址", U"地址", U"住所", U"居住地", U"户籍地",
        U"现住", U"名下", U"所有", U"购买", U"购置", U"租住", U"居住",   U"位置",
        U"于",   U"在",   U"至",   U"为",   U"是",   U"的",   U"系",     U"即",
        U"和",   U"与",   U"及",   U"或",   U"将"};
    if (i == 0 || !InChars(U"于落址所地住下有买置位在至为是的系即和与及或将", t_.cp[i - 1])) {
      return false;
    }
    for (std::u32string_view w : kWords) {
      if (EndsWith(t_, i, w)) return true;
    }
    return false;
  }

  // After 不动产权证号 and the like: the value up to the end of the field.
  void PropertyAfterLabel(std::size_t label_end) {
    std::size_t i = label_end;
    while (IsSpace(t_.at(i))) ++i;
    if (IsColon(t_.at(i))) ++i;
    while (IsSpace(t_.at(i))) ++i;
    if (InChars(U"为是", t_.at(i))) ++i;
    constexpr std::size_t kMaxCertificate = 40;
    const std::size_t s = i;
    int depth = 0;
    while (i < t_.size() && i - s < kMaxCertificate) {
      const char32_t c = t_.cp[i];
      if (IsFieldEnd(c) || c == kBadByte) break;
      if (IsCloseBracket(c) && depth-- == 0) break;
      if (IsOpenBracket(c)) ++depth;
      if (IsSpace(c) && !IsDigit(t_.at(i + 1))) break;
      ++i;
    }
    while (i > s && IsSpace(t_.cp[i - 1])) --i;
    Add(s, i, RedactionKind::kPropertyCertificate);
  }

  // 豫(2023)郑州市不动产权第0123456号: the number after 第, and back over place, year and province.
  void PropertyNumber(std::size_t begin, std::size_t end) {
    std::size_t e = end;
    while (IsSpace(t_.at(e))) ++e;
    const std::size_t digits = e;
    while (IsDigit(t_.at(e)) && e - digits < 20) ++e;
    if (e == digits) return;
    if (t_.at(e) == U'号') ++e;
    std::size_t b = begin;
    std::size_t place = begin;
    while (place > 0 && IsHan(t_.cp[place - 1]) && begin - place < 15) --place;
    // place is after the closing bracket of (2023): check the bracket, year and province.
    if (place >= 6 && IsCloseBracket(t_.cp[place - 1]) && IsDigit(t_.cp[place - 2]) &&
        IsDigit(t_.cp[place - 3]) && IsDigit(t_.cp[place - 4]) && IsDigit(t_.cp[place - 5]) &&
        IsOpenBracket(t_.cp[place - 6])) {
      b = place - 6;
      if (b > 0 && IsHan(t_.cp[b - 1])) --b;
    }
    Add(b, e, RedactionKind::kPropertyCertificate);
  }

  // 郑房权证字第1234567号: 权证, a few characters, 第 and the number; back over the issuer.
  void PropertyTitle(std::size_t begin, std::size_t end) {
    std::size_t e = end;
    while (e < t_.size() && e - end < 8 && IsHan(t_.cp[e]) && t_.cp[e] != U'第') ++e;
    if (t_.at(e) == U'第') ++e;
    while (IsSpace(t_.at(e))) ++e;
    const std::size_t digits = e;
    while (IsDigit(t_.at(e)) && e - digits < 20) ++e;
    if (e == digits) return;
    if (t_.at(e) == U'号') ++e;
    std::size_t b = begin;
    while (b > 0 && begin - b < 6 && IsHan(t_.cp[b - 1]) && !IntroducesAddress(b) &&
           !EndsWith(t_, b, U"证号") && !EndsWith(t_, b, U"编号") && !EndsWith(t_, b, U"持有")) {
      --b;
    }
    Add(b, e, RedactionKind::kPropertyCertificate);
  }

  // ---- pass 2: numbers

  // Whether one of `hits` (ends of context words) is at most a few units before `at`, in the
  // same clause.
  bool ContextBefore(const std::vector<std::size_t>& hits, std::size_t at) const {
    constexpr std::size_t kWindow = 12;
    auto it = std::upper_bound(hits.begin(), hits.end(), at);
    if (it == hits.begin()) return false;
    const std::size_t h = *(it - 1);
    if (at - h > kWindow) return false;
    for (std::size_t k = h; k < at; ++k) {
      if (IsClauseBreak(t_.cp[k])) return false;
    }
    return true;
  }

  // Reads the alphanumeric run at `i`: digits, and an X at the end; false when it mixes letters in.
  bool ReadGroup(std::size_t i, Group& g) const {
    g.digits.clear();  // keeps its buffer: a number is read at every digit run
    g.x = false;
    g.begin = i;
    std::size_t e = i;
    while (IsAlnum(t_.at(e))) ++e;
    g.end = e;
    for (std::size_t k = i; k < e; ++k) {
      const char32_t c = t_.cp[k];
      if (IsDigit(c)) {
        g.digits += DigitChar(c);
      } else if (k + 1 == e && k > i && IsCheckX(c)) {
        g.x = true;
      } else {
        return false;
      }
    }
    return true;
  }

  void Numbers() {
    std::sort(phone_ctx_.begin(), phone_ctx_.end());
    std::sort(account_ctx_.begin(), account_ctx_.end());
    std::sort(id_ctx_.begin(), id_ctx_.end());
    const std::size_t n = t_.size();
    for (std::size_t i = 0; i < n;) {
      const char32_t c = t_.cp[i];
      if (IsOpenBracket(c)) {
        i = std::max(i + 1, BracketedLandline(i));
        continue;
      }
      const bool plus = (c == '+' || c == 0xFF0B) && IsDigit(t_.at(i + 1));
      const std::size_t first = plus ? i + 1 : i;
      if (!plus && !IsAlnum(c)) {
        ++i;
        continue;
      }
      auto& groups = groups_;
      if (!ReadGroup(first, groups[0])) {
        MixedRun(first, groups[0].end);
        i = groups[0].end;
        continue;
      }
      std::size_t count = 1;
      while (count < groups.size() && !groups[count - 1].x) {
        const std::size_t sep = groups[count - 1].end;
        if (!IsGroupSeparator(t_.at(sep)) || !IsDigit(t_.at(sep + 1))) break;
        if (!ReadGroup(sep + 1, groups[count])) break;
        ++count;
      }
      digits_.clear();
      std::array<std::size_t, kMaxGroups + 1> prefix{};
      for (std::size_t k = 0; k < count; ++k) {
        digits_ += groups[k].digits;
        prefix[k + 1] = digits_.size();
      }
      NumberContext ctx;
      ctx.phone = ContextBefore(phone_ctx_, i);
      ctx.account = ContextBefore(account_ctx_, i);
      ctx.id = ContextBefore(id_ctx_, i);
      // The longest prefix of the groups that reads as something; the rest is read again.
      NumberClass cls = NumberClass::kNone;
      std::size_t k = count;
      for (; k > 0; --k) {
        const std::size_t after = groups[k - 1].end;
        ctx.quantity_after = InChars(U"元万亿年月日天个人次号条件", t_.at(after)) ||
                             t_.at(after) == '%' || t_.at(after) == 0xFF05;
        cls = Classify(std::span<const Group>(groups.data(), k),
                       std::string_view(digits_).substr(0, prefix[k]), plus, ctx);
        if (cls != NumberClass::kNone) break;
      }
      if (cls == NumberClass::kNone) {
        i = groups[0].end;
        continue;
      }
      std::size_t end = groups[k - 1].end;
      if (groups[k - 1].x && cls != NumberClass::kId) --end;  // the X is not part of it
      switch (cls) {
        case NumberClass::kKeep:
          markers_.push_back({i, false});
          break;
        case NumberClass::kId:
          Add(i, end, RedactionKind::kIdNumber);
          break;
        case NumberClass::kPhone:
          end = Extension(end);
          Add(i, end, RedactionKind::kPhone);
          break;
        case NumberClass::kBank:
          Add(i, end, RedactionKind::kBankAccount);
          break;
        case NumberClass::kNone:
          break;
      }
      i = std::max(end, first + 1);
    }
  }

  // Letters and digits mixed (豫A12345678, a credit code 91410100MA…): a valid credit code is a
  // unit's; long digit runs inside are still masked.
  void MixedRun(std::size_t b, std::size_t e) {
    std::string s;
    for (std::size_t k = b; k < e; ++k) {
      const char32_t c = t_.cp[k];
      s += IsDigit(c) ? DigitChar(c) : (c < 0x80 ? static_cast<char>(c) : '?');
    }
    if (e - b == 18 && IsCreditCode(s) && !IsResidentIdNumber(s)) {
      markers_.push_back({b, false});
      return;
    }
    for (std::size_t k = b; k < e;) {
      if (!IsDigit(t_.cp[k])) {
        ++k;
        continue;
      }
      std::size_t r = k;
      std::string d;
      while (r < e && IsDigit(t_.cp[r])) d += DigitChar(t_.cp[r++]);
      if (d.size() == 17 && r < e && IsCheckX(t_.cp[r]) && IsResidentIdNumber(d + 'X')) {
        Add(k, r + 1, RedactionKind::kIdNumber);
        r = r + 1;
      } else if (d.size() == 18 && IsResidentIdNumber(d)) {
        Add(k, r, RedactionKind::kIdNumber);
      } else if (d.size() >= 12) {
        Add(k, r, RedactionKind::kBankAccount);
      } else if (IsMobile(d)) {
        Add(k, r, RedactionKind::kPhone);
      }
      k = r;
    }
  }

  // (0371)67891234, （0371）6789 1234: the end of the number, or `i` when there is none.
  std::size_t BracketedLandline(std::size_t i) {
    std::size_t k = i + 1;
    std::string area;
    while (IsDigit(t_.at(k)) && area.size() < 5) area += DigitChar(t_.cp[k++]);
    if (area.size() < 3 || area.size() > 4 || area[0] != '0' || !IsCloseBracket(t_.at(k))) {
      return i;
    }
    ++k;
    if (IsSpace(t_.at(k)) || t_.at(k) == '-') ++k;
    std::size_t local = 0;
    std::size_t e = k;
    for (int group = 0; group < 2; ++group) {
      Group g;
      if (!IsDigit(t_.at(e)) || !ReadGroup(e, g) || g.x) break;
      local += g.digits.size();
      e = g.end;
      if (local >= 7 || !IsGroupSeparator(t_.at(e)) || !IsDigit(t_.at(e + 1))) break;
      ++e;
    }
    if (local < 7 || local > 8 || IsAlnum(t_.at(e))) return i;
    e = Extension(e);
    Add(i, e, RedactionKind::kPhone);
    return e;
  }

  // An extension after a phone number: 转8001, 分机 8001, ext. 8001, -8001 is a group already.
  std::size_t Extension(std::size_t e) const {
    std::size_t k = e;
    if (IsSpace(t_.at(k))) ++k;
    std::size_t w = 0;
    if (t_.at(k) == U'转') {
      w = 1;
    } else if (At(t_, k, U"分机")) {
      w = 2;
    } else if (At(t_, k, U"ext") || At(t_, k, U"Ext") || At(t_, k, U"EXT")) {
      w = 3;
    }
    if (w == 0) return e;
    k += w;
    if (t_.at(k) == '.') ++k;
    if (IsSpace(t_.at(k)) || IsColon(t_.at(k))) ++k;
    const std::size_t d = k;
    while (IsDigit(t_.at(k)) && k - d < 6) ++k;
    if (k == d || IsDigit(t_.at(k))) return e;
    return k;
  }

  // ---- pass 3: what the case knows, and the names found by label

  void Literals(std::vector<std::pair<std::size_t, std::size_t>>& keep) {
    enum Type { kPerson, kAddress, kManual, kKeep };
    struct Lit {
      Type type;
      std::size_t units;
    };
    std::vector<Lit> lits;
    Matcher m;
    std::unordered_set<std::string_view> seen_names;
    auto add = [&](std::string_view s, Type type, std::size_t min_units) {
      const std::optional<std::u32string> cps = CodePoints(s);
      if (!cps || cps->size() < min_units || cps->empty()) return;
      if (type == kPerson && !seen_names.insert(s).second) return;
      m.Add(*cps, static_cast<int>(lits.size()));
      lits.push_back({type, cps->size()});
    };
    for (const std::string& s : ctx_.person_names) add(s, kPerson, 2);
    for (std::string_view s : label_names_) add(s, kPerson, 2);
    for (const std::string& s : ctx_.addresses) add(s, kAddress, 2);
    for (const std::string& s : ctx_.manual) add(s, kManual, 1);
    for (const std::string& s : ctx_.keep) add(s, kKeep, 1);
    if (lits.empty()) return;
    m.Build();
    m.Scan(t_, [&](std::size_t end, int id) {
      const Lit& l = lits[id];
      const std::size_t begin = end - l.units;
      switch (l.type) {
        case kPerson:
          Add(begin, end, RedactionKind::kName);
          markers_.push_back({begin, true});
          break;
        case kAddress:
          Add(begin, end, RedactionKind::kAddress);
          break;
        case kManual:
          Add(begin, end, RedactionKind::kManual);
          break;
        case kKeep:
          keep.emplace_back(begin, end);
          break;
      }
    });
  }

  // ---- pass 4: 住所地 is masked when the nearest party described before it is a person

  void ResolveAddresses() {
    std::sort(markers_.begin(), markers_.end(),
              [](const Marker& a, const Marker& b) { return a.at < b.at; });
    for (const PendingAddress& p : pending_) {
      if (p.person_check) {
        auto it = std::lower_bound(markers_.begin(), markers_.end(), p.label_begin,
                                   [](const Marker& m, std::size_t at) { return m.at < at; });
        if (it != markers_.begin() && !(it - 1)->person) continue;  // a unit's seat
      }
      Add(p.begin, p.end, RedactionKind::kAddress);
    }
  }

  static constexpr std::size_t kMaxLabelNames = 10000;

  const Text& t_;
  const RedactionContext& ctx_;
  std::vector<Candidate> out_;
  std::vector<std::size_t> phone_ctx_, account_ctx_, id_ctx_;
  std::vector<Marker> markers_;
  std::vector<PendingAddress> pending_;
  std::unordered_set<std::string_view> label_names_;
  std::size_t detail_end_ = 0;
  std::size_t address_read_end_ = 0;
  // +86 138 1234 5678; 6222 0212 3456 7890 123: no number has more groups.
  static constexpr std::size_t kMaxGroups = 6;
  std::array<Group, kMaxGroups> groups_;
  std::string digits_;
};

// ---- keep, merge, replace ---------------------------------------------------------------------

// A number read over a kept string of at least this many characters is the kept number.
constexpr std::size_t kKeptNumberUnits = 7;

// Applies the kept strings: what lies inside one is dropped; numbers mostly kept are dropped;
// addresses and certificates that run into one are cut back to it.
std::vector<Candidate> ApplyKeep(std::vector<Candidate> cands,
                                 std::vector<std::pair<std::size_t, std::size_t>> keep) {
  if (keep.empty()) return cands;
  std::sort(keep.begin(), keep.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (auto [b, e] : keep) {
    if (!merged.empty() && b <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, e);
    } else {
      merged.emplace_back(b, e);
    }
  }
  // The kept interval containing unit `at` (begin <= at < end), if any.
  auto containing = [&](std::size_t at) -> const std::pair<std::size_t, std::size_t>* {
    auto it = std::upper_bound(merged.begin(), merged.end(), std::make_pair(at, SIZE_MAX));
    if (it == merged.begin()) return nullptr;
    --it;
    return at < it->second ? &*it : nullptr;
  };
  // How many units of [b, e) are kept.
  auto covered = [&](std::size_t b, std::size_t e) {
    auto it = std::upper_bound(merged.begin(), merged.end(), std::make_pair(b, SIZE_MAX));
    if (it != merged.begin()) --it;
    std::size_t n = 0;
    for (; it != merged.end() && it->first < e; ++it) {
      if (it->second > b) n += std::min(e, it->second) - std::max(b, it->first);
    }
    return n;
  };
  std::vector<Candidate> out;
  out.reserve(cands.size());
  for (Candidate c : cands) {
    if (c.kind == RedactionKind::kManual) {
      out.push_back(c);
      continue;
    }
    const auto* in = containing(c.begin);
    if (in && c.end <= in->second) continue;
    switch (c.kind) {
      case RedactionKind::kIdNumber:
      case RedactionKind::kPhone:
      case RedactionKind::kBankAccount:
        // The agency's own number, perhaps with an extension after it; a kept "1" or a kept
        // name next to a number saves nothing.
        if (covered(c.begin, c.end) >= kKeptNumberUnits) continue;
        break;
      case RedactionKind::kAddress:
      case RedactionKind::kPropertyCertificate:
        if (in) c.begin = in->second;
        if (const auto* tail = containing(c.end - 1); tail && tail->first > c.begin) {
          c.end = tail->first;
        }
        if (c.begin >= c.end) continue;
        break;
      case RedactionKind::kName:
      case RedactionKind::kManual:
        break;
    }
    out.push_back(c);
  }
  return out;
}

std::string Replacement(RedactionKind k, std::string_view original) {
  if (k == RedactionKind::kName) return MaskName(original);
  if (k == RedactionKind::kManual) return "［已隐去］";
  std::string s = "［";
  s += RedactionKindName(k);
  s += "已隐去］";
  return s;
}

// Compound surnames checked as a pair of code points.
std::size_t SurnameLength(char32_t a, char32_t b, std::size_t name_chars) {
  return name_chars >= 3 && InPairs(kCompoundSurnames, a, b) ? 2 : 1;
}

}  // namespace

std::string_view RedactionKindCode(RedactionKind k) {
  switch (k) {
    case RedactionKind::kName:
      return "name";
    case RedactionKind::kIdNumber:
      return "id_number";
    case RedactionKind::kPhone:
      return "phone";
    case RedactionKind::kBankAccount:
      return "bank_account";
    case RedactionKind::kAddress:
      return "address";
    case RedactionKind::kPropertyCertificate:
      return "property_certificate";
    case RedactionKind::kManual:
      return "manual";
  }
  return "";
}

std::string_view RedactionKindName(RedactionKind k) {
  switch (k) {
    case RedactionKind::kName:
      return "姓名";
    case RedactionKind::kIdNumber:
      return "身份证号码";
    case RedactionKind::kPhone:
      return "联系电话";
    case RedactionKind::kBankAccount:
      return "银行账号";
    case RedactionKind::kAddress:
      return "住址";
    case RedactionKind::kPropertyCertificate:
      return "不动产权证号";
    case RedactionKind::kManual:
      return "人工遮蔽";
  }
  return "";
}

std::optional<RedactionKind> ParseRedactionKind(std::string_view code) {
  for (RedactionKind k : {RedactionKind::kName, RedactionKind::kIdNumber, RedactionKind::kPhone,
                          RedactionKind::kBankAccount, RedactionKind::kAddress,
                          RedactionKind::kPropertyCertificate, RedactionKind::kManual}) {
    if (RedactionKindCode(k) == code) return k;
  }
  return std::nullopt;
}

std::string MaskName(std::string_view name) {
  char32_t first = 0, second = 0;
  const std::size_t n1 = name.empty() ? 0 : Decode(name, 0, first);
  if (n1 == 0 || !IsHan(first)) return "某某";
  const std::size_t n2 = n1 < name.size() ? Decode(name, n1, second) : 0;
  // A compound surname needs a given name after it (东方 alone is 东 + 方).
  const std::size_t chars = name.size() > n1 + n2 ? 3 : 2;
  if (n2 > 0 && SurnameLength(first, second, chars) == 2) {
    return std::string(name.substr(0, n1 + n2)) + "某某";
  }
  return std::string(name.substr(0, n1)) + "某某";
}

bool IsResidentIdNumber(std::string_view s) {
  if (s.size() != 18 || !AllDigits(s.substr(0, 17)) || s[0] == '0') return false;
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) sum += (s[k] - '0') * kWeights[k];
  const char want = "10X98765432"[sum % 11];
  const char got = s[17] == 'x' ? 'X' : s[17];
  return got == want && IsDate(Num(s, 6, 4), Num(s, 10, 2), Num(s, 12, 2));
}

namespace {
constexpr std::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
}  // namespace

std::string CompleteCreditCode(std::string_view first17) {
  if (first17.size() != 17) return "";
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) {
    const std::size_t v = kCreditChars.find(first17[k]);
    if (v == kCreditChars.npos) return "";
    sum += static_cast<int>(v) * kCreditWeights[k];
  }
  return std::string(first17) + kCreditChars[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

bool IsCreditCode(std::string_view s) {
  static constexpr std::string_view kChars = kCreditChars;
  static constexpr const int* kWeights = kCreditWeights;
  if (s.size() != 18) return false;
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) {
    const std::size_t v = kChars.find(s[k]);
    if (v == kChars.npos) return false;
    sum += static_cast<int>(v) * kWeights[k];
  }
  const int check = (31 - sum % 31) % 31;
  return s[17] == kChars[check];
}

RedactedText Redact(std::string_view text, const RedactionContext& ctx) {
  RedactedText result;
  if (text.empty()) return result;
  const Text t = Units(text);
  std::vector<std::pair<std::size_t, std::size_t>> keep;
  std::vector<Candidate> found = Scanner(t, ctx).Run(keep);
  std::vector<Candidate> cands = ApplyKeep(std::move(found), std::move(keep));
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Overlapping matches become one span of the widest match's kind.
  std::vector<Candidate> spans;
  std::size_t best_width = 0;
  for (const Candidate& c : cands) {
    const std::size_t width = c.end - c.begin;
    if (!spans.empty() && c.begin < spans.back().end) {
      Candidate& s = spans.back();
      s.end = std::max(s.end, c.end);
      if (width > best_width || (width == best_width && c.kind > s.kind)) {
        s.kind = c.kind;
        best_width = width;
      }
    } else {
      spans.push_back(c);
      best_width = width;
    }
  }
  result.text.reserve(text.size());
  std::size_t copied = 0;
  for (const Candidate& s : spans) {
    Redaction r;
    r.begin = t.Offset(s.begin);
    r.end = t.Offset(s.end);
    r.kind = s.kind;
    r.replacement = Replacement(s.kind, text.substr(r.begin, r.end - r.begin));
    result.text.append(text.substr(copied, r.begin - copied));
    result.text += r.replacement;
    copied = r.end;
    result.redactions.push_back(std::move(r));
  }
  result.text.append(text.substr(copied));
  return result;
}

}  // namespace sx::domain
