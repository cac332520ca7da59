#include "domain/redaction_corpus.h"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <utility>

#include "domain/amount.h"

namespace sx::domain {
namespace {

// splitmix64: small, and the same sequence everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  std::string Digits(int n) {
    std::string s;
    for (int k = 0; k < n; ++k) s += static_cast<char>('0' + Int(0, 9));
    return s;
  }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(Int(0, static_cast<int>(N) - 1))];
  }

 private:
  std::uint64_t state_;
};

using Sv = std::string_view;

// Surnames the label scanner knows without a colon, and the compound ones.
constexpr std::array<Sv, 40> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓",
    "曹", "彭", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "杜", "叶", "程"};
constexpr std::array<Sv, 35> kCompound = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门", "澹台", "公冶", "太史", "申屠",
    "濮阳", "呼延", "万俟", "闻人", "赫连", "百里", "东郭", "左丘", "第五", "单于", "拓跋"};
// Characters of given names, none of which occurs in the rest of the text.
constexpr std::array<Sv, 36> kGiven = {"梓", "萱", "涵", "睿", "铭", "琪", "瑶", "泽", "轩",
                                       "彤", "怡", "昊", "浩", "宸", "璐", "婷", "磊", "晗",
                                       "煜", "钰", "琳", "颖", "哲", "翔", "皓", "淼", "霖",
                                       "翊", "珂", "玥", "骁", "璇", "翰", "蕾", "菁", "岚"};

constexpr std::array<Sv, 7> kDistricts = {"金水区", "二七区",   "中原区", "管城回族区",
                                          "惠济区", "郑东新区", "上街区"};
constexpr std::array<Sv, 10> kRoads = {"文化路",   "纬五路",   "农业路", "花园路", "建设路",
                                       "嵩山南路", "陇海西路", "黄河路", "经三路", "丰产路"};
constexpr std::array<Sv, 8> kCommunities = {"阳光花园", "绿城小区", "金色港湾", "南阳新村",
                                            "银基花园", "建业小区", "正商城",   "美景天城"};
constexpr std::array<Sv, 5> kCounties = {"中牟县", "新郑市", "荥阳市", "登封市", "新密市"};
constexpr std::array<Sv, 6> kTowns = {"白沙镇", "官渡镇", "城关镇", "大孟镇", "刘集镇", "韩寺镇"};
constexpr std::array<Sv, 6> kVillages = {"孙庄村", "八岗村", "小河村",
                                         "前营村", "东赵村", "大王庄村"};

constexpr std::array<Sv, 4> kUnitPrefixes = {"河南", "郑州", "郑州市", "河南省"};
constexpr std::array<Sv, 12> kBrands = {"恒通", "宏远", "中原", "天成", "金鼎", "瑞丰",
                                        "永盛", "华信", "博远", "汇通", "德润", "合盛"};
constexpr std::array<Sv, 8> kIndustries = {"建材", "物业服务", "餐饮管理", "建筑工程",
                                           "商贸", "机械制造", "电子科技", "家政服务"};
constexpr std::array<Sv, 3> kCompanySuffixes = {"有限公司", "有限责任公司", "股份有限公司"};
constexpr std::array<Sv, 4> kOtherUnits = {"职业培训学校", "机械厂", "医院", "农民专业合作社"};
constexpr std::array<Sv, 5> kShops = {"餐馆", "小吃店", "便利店", "五金店", "理发店"};

constexpr std::array<Sv, 9> kRegions = {"410102", "410103", "410104", "410105", "410106",
                                        "410108", "410122", "410181", "410182"};
constexpr std::array<Sv, 19> kMobilePrefixes = {"130", "131", "132", "133", "135", "136", "137",
                                                "138", "139", "150", "151", "152", "158", "159",
                                                "176", "177", "186", "188", "199"};
constexpr std::array<Sv, 6> kCardPrefixes = {"6222", "6217", "6228", "6212", "6214", "6230"};

struct Person {
  std::string surname, given, full;
  bool male = true;
};

std::string Join(const std::vector<std::string>& parts, Sv sep) {
  std::string s;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k) s += sep;
    s += parts[k];
  }
  return s;
}

std::string Grouped(const std::string& digits, std::size_t size, Sv sep) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < digits.size(); k += size) parts.push_back(digits.substr(k, size));
  return Join(parts, sep);
}

char IdCheck(const std::string& s17) {
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) sum += (s17[k] - '0') * kWeights[k];
  return "10X98765432"[sum % 11];
}

char CreditCheck(const std::string& s17) {
  static constexpr Sv kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) sum += static_cast<int>(kChars.find(s17[k])) * kWeights[k];
  return kChars[(31 - sum % 31) % 31];
}

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(0x5A17C0DEULL ^ (std::uint64_t{seed} << 17)) {}

  CorpusDecision Next(int index);

 private:
  // A person whose full name is no part of anyone else's in the decision, nor theirs of it.
  Person NewPerson() {
    for (;;) {
      Person p;
      p.surname = std::string(rng_.Chance(25) ? rng_.Pick(kCompound) : rng_.Pick(kSurnames));
      p.given = std::string(rng_.Pick(kGiven));
      if (rng_.Chance(70)) p.given += rng_.Pick(kGiven);
      p.full = p.surname + p.given;
      p.male = rng_.Chance(55);
      bool clash = false;
      for (const std::string& other : names_) {
        if (other.find(p.full) != other.npos || p.full.find(other) != p.full.npos) clash = true;
      }
      // Given names of two characters are data of their own: none inside another's.
      for (const std::string& g : givens_) {
        if (p.given.size() > 3 && (g.find(p.given) != g.npos || p.given.find(g) != p.given.npos)) {
          clash = true;
        }
      }
      if (clash) continue;
      names_.push_back(p.full);
      if (p.given.size() > 3) givens_.push_back(p.given);
      return p;
    }
  }

  // A person of the case: masked name expected, name and given name listed as personal data.
  void Named(CorpusDecision& d, const Person& p) {
    d.masked_names.push_back(p.surname + "某某");
    d.personal_data.push_back(p.full);
    if (p.given.size() > 3) d.personal_data.push_back(p.given);
  }

  void Datum(CorpusDecision& d, const std::string& written, const std::string& bare) {
    d.personal_data.push_back(written);
    if (bare != written) d.personal_data.push_back(bare);
  }

  // 公民身份号码 as written: 18 digits (check X or x sometimes), spaced 6-8-4, or the old 15.
  std::string IdNumber(CorpusDecision& d) {
    const std::string region(rng_.Pick(kRegions));
    const int year = rng_.Int(1955, 2003);
    const int month = rng_.Int(1, 12);
    const int day = rng_.Int(1, DaysIn(year, month));
    if (year < 1985 && rng_.Chance(20)) {
      const std::string old =
          fmt::format("{}{:02d}{:02d}{:02d}{}", region, year % 100, month, day, rng_.Digits(3));
      Datum(d, old, old);
      return old;
    }
    const bool want_x = rng_.Chance(25);
    std::string id;
    for (int tries = 0; tries < 200; ++tries) {
      const std::string s17 =
          fmt::format("{}{:04d}{:02d}{:02d}{}", region, year, month, day, rng_.Digits(3));
      id = s17 + IdCheck(s17);
      if ((id.back() == 'X') == want_x) break;
    }
    std::string written = id;
    if (id.back() == 'X' && rng_.Chance(50)) written.back() = 'x';
    if (rng_.Chance(20)) {
      written = written.substr(0, 6) + " " + written.substr(6, 8) + " " + written.substr(14);
    }
    Datum(d, written, id);
    return written;
  }

  std::string Mobile(CorpusDecision& d) {
    const std::string bare = std::string(rng_.Pick(kMobilePrefixes)) + rng_.Digits(8);
    const std::string a = bare.substr(0, 3), b = bare.substr(3, 4), c = bare.substr(7);
    std::string written;
    switch (rng_.Int(0, 6)) {
      case 0:
        written = bare;
        break;
      case 1:
        written = a + "-" + b + "-" + c;
        break;
      case 2:
        written = a + " " + b + " " + c;
        break;
      case 3:
        written = "+86 " + bare;
        break;
      case 4:
        written = "+86-" + a + "-" + b + "-" + c;
        break;
      case 5:
        written = "86-" + bare;
        break;
      default:
        written = "+86" + bare;
        break;
    }
    Datum(d, written, bare);
    return written;
  }

  std::string Landline(CorpusDecision& d) {
    const std::string area = rng_.Chance(80) ? "0371" : "010";
    const std::string local = std::to_string(rng_.Int(5, 8)) + rng_.Digits(7);
    const std::string ext = "8" + rng_.Digits(3);
    std::string written;
    switch (rng_.Int(0, 5)) {
      case 0:
        written = area + "-" + local;
        break;
      case 1:
        written = "(" + area + ")" + local;
        break;
      case 2:
        written = "（" + area + "）" + local.substr(0, 4) + " " + local.substr(4);
        break;
      case 3:
        written = area + "-" + local + "转" + ext;
        break;
      case 4:
        written = area + "-" + local + "-" + ext;
        break;
      default:
        written = area + " " + local;
        break;
    }
    Datum(d, written, local);
    return written;
  }

  std::string Phone(CorpusDecision& d) { return rng_.Chance(70) ? Mobile(d) : Landline(d); }

  std::string BankCard(CorpusDecision& d) {
    const std::string bare =
        std::string(rng_.Pick(kCardPrefixes)) + rng_.Digits(rng_.Chance(50) ? 12 : 15);
    std::string written = bare;
    if (rng_.Chance(30)) written = Grouped(bare, 4, " ");
    if (rng_.Chance(15)) written = Grouped(bare, 4, "-");
    Datum(d, written, bare);
    return written;
  }

  // 个人住房公积金账号: 12 digits, or 10 after the label.
  std::string FundAccount(CorpusDecision& d) {
    const std::string bare = std::to_string(rng_.Int(1, 9)) + rng_.Digits(rng_.Chance(50) ? 11 : 9);
    Datum(d, bare, bare);
    return bare;
  }

  // A home: a flat with 号楼/单元/室 or 栋/幢, or a village house (no detail: found by label).
  std::string Home(bool flat) {
    const std::string city = rng_.Chance(30) ? "河南省郑州市" : "郑州市";
    if (!flat) {
      return fmt::format("{}{}{}{}{}组{}号", rng_.Chance(50) ? "郑州市" : "", rng_.Pick(kCounties),
                         rng_.Pick(kTowns), rng_.Pick(kVillages), rng_.Int(1, 12), rng_.Int(1, 99));
    }
    switch (rng_.Int(0, 2)) {
      case 0:
        return fmt::format("{}{}{}{}号{}{}号楼{}单元{}室", city, rng_.Pick(kDistricts),
                           rng_.Pick(kRoads), rng_.Int(1, 300), rng_.Pick(kCommunities),
                           rng_.Int(1, 30), rng_.Int(1, 6), rng_.Int(1, 32) * 100 + rng_.Int(1, 4));
      case 1:
        return fmt::format("{}{}{}{}号院{}栋{}室", city, rng_.Pick(kDistricts), rng_.Pick(kRoads),
                           rng_.Int(1, 300), rng_.Int(1, 20), rng_.Int(101, 2804));
      default:
        return fmt::format("{}{}{}{}幢{}单元{}室", city, rng_.Pick(kDistricts),
                           rng_.Pick(kCommunities), rng_.Int(1, 20), rng_.Int(1, 4),
                           rng_.Int(101, 1804));
    }
  }

  std::string Address(CorpusDecision& d, bool in_context) {
    std::string a = Home(rng_.Chance(60));
    d.personal_data.push_back(a);
    if (in_context) d.context.addresses.push_back(a);
    return a;
  }

  // 不动产权证号 in its forms: 豫(2023)郑州市不动产权第0123456号 (brackets half or full width),
  // 郑房权证字第1234567号.
  std::string Certificate(CorpusDecision& d) {
    std::string c;
    switch (rng_.Int(0, 2)) {
      case 0:
        c = fmt::format("豫({}){}不动产权第{}号", rng_.Int(2016, 2024),
                        rng_.Chance(80) ? "郑州市" : "新郑市", rng_.Digits(7));
        break;
      case 1:
        c = fmt::format("豫（{}）郑州市不动产权第{}号", rng_.Int(2016, 2024), rng_.Digits(7));
        break;
      default:
        c = fmt::format("郑房权证字第{}号", rng_.Digits(rng_.Chance(50) ? 7 : 10));
        break;
    }
    d.personal_data.push_back(c);
    return c;
  }

  std::string CreditCode(bool shop) {
    static constexpr Sv kOrg = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string s = std::string(shop ? "92" : "91") + std::string(rng_.Pick(kRegions));
    const bool digits_only = rng_.Chance(20);
    for (int k = 0; k < 9; ++k) {
      s += digits_only ? static_cast<char>('0' + rng_.Int(0, 9))
                       : kOrg[static_cast<std::size_t>(rng_.Int(0, 30))];
    }
    s += CreditCheck(s);
    // An all-digit code that happens to be a valid ID number would rightly be masked.
    if (IsResidentIdNumber(s)) return CreditCode(shop);
    return s;
  }

  std::string UnitName() {
    const std::string brand =
        std::string(rng_.Pick(kUnitPrefixes)) + std::string(rng_.Pick(kBrands));
    if (rng_.Chance(75)) {
      return brand + std::string(rng_.Pick(kIndustries)) + std::string(rng_.Pick(kCompanySuffixes));
    }
    return brand + std::string(rng_.Pick(kOtherUnits));
  }

  std::string Date(int year) {
    return fmt::format("{}年{}月{}日", year, rng_.Int(1, 12), rng_.Int(1, 28));
  }

  Rng rng_;
  std::vector<std::string> names_;
  std::vector<std::string> givens_;
};

CorpusDecision Generator::Next(int index) {
  names_.clear();
  givens_.clear();
  CorpusDecision d;
  d.party_is_person = rng_.Chance(40);
  const int year = rng_.Int(2022, 2025);

  // The officers and the agency: public, kept.
  for (int k = 0; k < 2; ++k) d.officers.push_back(NewPerson().full);
  const std::string agency_phone = "0371-6" + rng_.Digits(7);
  const std::string agency_account = Grouped("4100" + rng_.Digits(16), 4, " ");
  d.context.keep = d.officers;
  d.context.keep.push_back(agency_phone);
  d.context.keep.push_back(agency_account);

  std::string head = fmt::format(
      "郑州住房公积金管理中心\n行政处罚决定书\n郑公积金罚决字〔{}〕第{}号\n\n", year, index + 1);

  // The party.
  Person party;
  std::string party_ref;  // how the body names the party
  const std::string shop_kind(rng_.Pick(kShops));
  if (d.party_is_person) {
    party = NewPerson();
    Named(d, party);
    d.party_name = party.full;
    d.context.person_names.push_back(party.full);
    d.unit_name = fmt::format("郑州市{}{}{}", rng_.Pick(kDistricts), rng_.Pick(kBrands), shop_kind);
    d.credit_code = CreditCode(true);
    const int born = rng_.Int(1958, 2000);
    const std::string id = IdNumber(d);
    const std::string home = Address(d, rng_.Chance(50));
    const std::string phone = Phone(d);
    static constexpr std::array<Sv, 6> kHomeLabels = {"住址：",   "家庭住址：", "现住址：",
                                                      "住所地：", "户籍地：",   "住址"};
    head += fmt::format(
        "当事人：{}，{}，{}年{}月{}日出生，{}公民身份号码：{}，{}{}，联系电话：{}。系{}"
        "（个体工商户，"
        "统一社会信用代码：{}）经营者。\n",
        party.full, party.male ? "男" : "女", born, rng_.Int(1, 12), rng_.Int(1, 28),
        rng_.Chance(50) ? "汉族，" : "", id, rng_.Pick(kHomeLabels), home, phone, d.unit_name,
        d.credit_code);
    party_ref = party.full;
  } else {
    d.unit_name = UnitName();
    d.party_name = d.unit_name;
    d.credit_code = CreditCode(false);
    const Person rep = NewPerson();
    Named(d, rep);
    d.context.person_names.push_back(rep.full);
    const std::string rep_phone = Phone(d);
    head += fmt::format(
        "当事人：{}\n统一社会信用代码：{}\n住所地：郑州市{}{}{}号\n法定代表人：{}，职务：{}"
        "，联系电话：{}\n",
        d.unit_name, d.credit_code, rng_.Pick(kDistricts), rng_.Pick(kRoads), rng_.Int(1, 300),
        rep.full, rng_.Chance(50) ? "执行董事" : "总经理", rep_phone);
    party_ref = d.unit_name;
  }
  d.context.keep.push_back(d.unit_name);

  // The agent: known to the case or only found by its label.
  const Person agent = NewPerson();
  Named(d, agent);
  if (rng_.Chance(50)) d.context.person_names.push_back(agent.full);
  {
    const std::string id = IdNumber(d);
    const std::string home = Address(d, rng_.Chance(50));
    const std::string phone = Phone(d);
    static constexpr std::array<Sv, 3> kIdLabels = {"身份证号码：", "公民身份号码：", "身份证号："};
    head += fmt::format("委托代理人：{}，{}，{}{}，住址：{}，联系电话：{}\n\n", agent.full,
                        agent.male ? "男" : "女", rng_.Pick(kIdLabels), id, home, phone);
  }

  // The employees and the witness.
  const Person w1 = NewPerson();
  const Person w2 = NewPerson();
  Named(d, w1);
  Named(d, w2);
  d.context.person_names.push_back(w1.full);
  d.context.person_names.push_back(w2.full);
  const Person witness = NewPerson();
  Named(d, witness);
  if (rng_.Chance(50)) d.context.person_names.push_back(witness.full);
  const std::string w1_id = IdNumber(d);
  const std::string w1_fund = FundAccount(d);
  const std::string w1_card = BankCard(d);
  const std::string w2_home = Address(d, rng_.Chance(30));
  // The house bought: always a flat, named by its detail.
  std::string flat = Home(true);
  d.personal_data.push_back(flat);
  const std::string cert = Certificate(d);
  const std::string witness_phone = Phone(d);
  const std::string witness_home = Address(d, rng_.Chance(50));
  static constexpr std::array<Sv, 4> kCertForms = {"（不动产权证号：{}）", "（房产证号：{}）",
                                                   "（不动产权证书号：{}）", "（{}）"};
  const std::string cert_text = fmt::vformat(rng_.Pick(kCertForms), fmt::make_format_args(cert));
  const int workers = rng_.Int(3, 40);
  const std::int64_t fine = rng_.Int(1, 5) * 10000;

  std::string body = fmt::format(
      "  当事人{}未按规定为职工办理住房公积金缴存登记一案，本中心于{}立案调查，并依法告知了当事人"
      "拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩和要求听证的权利，当事人在法定期限内"
      "{}。本案现已调查终结。\n",
      party_ref, Date(year), rng_.Chance(50) ? "未提出陈述、申辩" : "提出了陈述、申辩");
  body += fmt::format(
      "  "
      "经查：当事人自{}年{}月起招用职工{}、{}等{}人，未为其办理住房公积金缴存登记，亦未为其设立住房"
      "公积金账户。职工{}（公民身份号码：{}，个人住房公积金账号：{}"
      "）的工资由当事人通过银行卡（卡号：{}）"
      "发放。职工{}（住址：{}）因购买位于{}的住房{}申请提取住房公积金时，发现当事人未为其缴存住房"
      "公积金，遂向本中心投诉。\n",
      year - rng_.Int(1, 4), rng_.Int(1, 12), w1.full, w2.full, workers, w1.full, w1_id, w1_fund,
      w1_card, w2.full, w2_home, flat, cert_text);
  if (d.party_is_person) {
    const std::string card = BankCard(d);
    body += fmt::format(
        "  本中心依法查询了当事人的银行账户（开户行：中国建设银行郑州{}支行，账号：{}）。\n",
        rng_.Pick(kRoads), card);
  }
  body += fmt::format(
      "  以上事实有下列证据证实：1.询问笔录；2.现场检查笔录；3.劳动合同及工资发放明细；4.证人证言"
      "（证人：{}，{}，联系电话：{}，{}：{}）。证人{}的证言与其他证据相互印证。\n",
      witness.full, witness.male ? "男" : "女", witness_phone,
      rng_.Chance(50) ? "家庭住址" : "住址", witness_home, witness.full);
  std::string manual;
  if (rng_.Chance(30)) {
    manual = fmt::format("豫A·{}{}", static_cast<char>('A' + rng_.Int(0, 7)), rng_.Digits(4));
    d.context.manual.push_back(manual);
    d.personal_data.push_back(manual);
    body += fmt::format("  现场检查时，{}驾驶的车辆号牌为{}。\n", w1.full, manual);
  }
  body += fmt::format(
      "  本中心认为，当事人的上述行为违反了《住房公积金管理条例》第十四条、第十五条的规定。依据"
      "《住房公积金管理条例》第三十七条的规定，本中心决定：责令当事人自收到本决定书之日起三十日内"
      "办理住房公积金缴存登记及职工账户设立手续，并处罚款人民币{}元（大写：{}）。\n",
      fine, ChineseAmount(fine).value());
  body += fmt::format(
      "  当事人应当自收到本决定书之日起十五日内将罚款缴至本中心指定账户（户名：郑州住房公积金管理"
      "中心，账号：{}）。\n",
      agency_account);
  body +=
      "  当事人如不服本决定，可以自收到本决定书之日起六十日内向郑州市人民政府申请行政复议，也可以"
      "自收到本决定书之日起六个月内直接向人民法院提起行政诉讼。逾期不申请行政复议、不提起行政诉讼，"
      "又不履行本决定的，本中心将依法申请人民法院强制执行。\n\n";
  d.certificates = {"豫A" + rng_.Digits(8), "豫A" + rng_.Digits(8)};
  body +=
      fmt::format("执法人员：{}（执法证号：{}）、{}（执法证号：{}）\n经办人：{}\n", d.officers[0],
                  d.certificates[0], d.officers[1], d.certificates[1], d.officers[0]);
  body += fmt::format("联系电话：{}\n\n郑州住房公积金管理中心\n{}\n", agency_phone, Date(year));
  d.text = head + body;
  return d;
}

}  // namespace

std::vector<CorpusDecision> GenerateRedactionCorpus(std::uint32_t seed, int count) {
  Generator g(seed);
  std::vector<CorpusDecision> out;
  for (int k = 0; k < count; ++k) out.push_back(g.Next(k));
  return out;
}

}  // namespace sx::domain
