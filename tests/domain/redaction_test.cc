#include "domain/redaction.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "domain/redaction_corpus.h"
#include "util/utf8.h"

namespace sx::domain {
namespace {

using namespace std::string_literals;

// One row of a table: the text, what the case knows, and the text as published.
struct Row {
  const char* name;
  std::string input;
  std::string want;
  RedactionContext ctx = {};
};

// What every result must satisfy: spans sorted, apart, on character boundaries of the original,
// and the text exactly the original with each span replaced.
// Offsets inside a well-formed multi-byte character (a stray byte stands alone).
std::vector<bool> InsideCharacter(std::string_view s) {
  std::vector<bool> inside(s.size() + 1, false);
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (i + n > s.size() || !IsValidUtf8(s.substr(i, n))) n = 1;
    for (std::size_t k = 1; k < n; ++k) inside[i + k] = true;
    i += n;
  }
  return inside;
}

void ExpectWellFormed(std::string_view input, const RedactedText& r) {
  const std::vector<bool> inside = InsideCharacter(input);
  std::string rebuilt;
  std::size_t at = 0;
  for (const Redaction& x : r.redactions) {
    ASSERT_LE(at, x.begin);
    ASSERT_LT(x.begin, x.end);
    ASSERT_LE(x.end, input.size());
    EXPECT_FALSE(inside[x.begin]) << "begin " << x.begin;
    EXPECT_FALSE(inside[x.end]) << "end " << x.end;
    EXPECT_FALSE(x.replacement.empty());
    rebuilt.append(input.substr(at, x.begin - at));
    rebuilt += x.replacement;
    at = x.end;
  }
  rebuilt.append(input.substr(at));
  EXPECT_EQ(rebuilt, r.text);
}

void RunTable(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const RedactedText r = Redact(row.input, row.ctx);
    EXPECT_EQ(r.text, row.want);
    ExpectWellFormed(row.input, r);
  }
}

std::string DigitsOf(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d += c;
  }
  return d;
}

TEST(Redaction, KindsRoundTrip) {
  const RedactionKind all[] = {RedactionKind::kName,    RedactionKind::kIdNumber,
                               RedactionKind::kPhone,   RedactionKind::kBankAccount,
                               RedactionKind::kAddress, RedactionKind::kPropertyCertificate,
                               RedactionKind::kManual};
  for (RedactionKind k : all) {
    EXPECT_EQ(ParseRedactionKind(RedactionKindCode(k)), k);
    EXPECT_FALSE(RedactionKindName(k).empty());
  }
  EXPECT_EQ(RedactionKindCode(RedactionKind::kPropertyCertificate), "property_certificate");
  EXPECT_EQ(RedactionKindName(RedactionKind::kIdNumber), "身份证号码");
  EXPECT_EQ(RedactionKindName(RedactionKind::kManual), "人工遮蔽");
  EXPECT_FALSE(ParseRedactionKind("Name"));
  EXPECT_FALSE(ParseRedactionKind(""));
}

TEST(Redaction, MaskNameKeepsTheSurname) {
  const std::pair<const char*, const char*> rows[] = {
      {"张三", "张某某"},      {"王小明", "王某某"},
      {"欧阳修", "欧阳某某"},  {"欧阳梓萱", "欧阳某某"},
      {"东方", "东某某"},      {"王", "王某某"},
      {"John Smith", "某某"},  {"", "某某"},
      {"\xff\xfe", "某某"},    {"买买提·艾力", "买某某"},
      {"张\xe4\xb8", "张某某"}};
  for (auto [name, want] : rows) EXPECT_EQ(MaskName(name), want) << name;
  // Every compound surname named in the rules (复姓).
  const char* compound[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
                            "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤",
                            "南宫", "西门", "澹台", "公冶", "太史", "申屠", "濮阳", "呼延", "万俟",
                            "闻人", "赫连", "百里", "东郭", "左丘", "第五", "单于", "拓跋"};
  for (const char* s : compound) {
    EXPECT_EQ(MaskName(std::string(s) + "一"), std::string(s) + "某某") << s;
    EXPECT_EQ(MaskName(std::string(s) + "建国"), std::string(s) + "某某") << s;
  }
}

TEST(Redaction, IdNumberChecksums) {
  EXPECT_TRUE(IsResidentIdNumber("41010519900307123X"));
  EXPECT_TRUE(IsResidentIdNumber("41010519900307123x"));
  EXPECT_TRUE(IsResidentIdNumber("410102198511120049"));
  EXPECT_TRUE(IsResidentIdNumber("410105200002291236"));   // 2000 was a leap year
  EXPECT_FALSE(IsResidentIdNumber("410102198511120048"));  // wrong check digit
  EXPECT_FALSE(IsResidentIdNumber("410182197802290010"));  // right check digit, 1978-02-29
  EXPECT_FALSE(IsResidentIdNumber("41010519900307123"));
  EXPECT_FALSE(IsResidentIdNumber("010105199003071230"));
  EXPECT_FALSE(IsResidentIdNumber("41010519900307123Y"));
  EXPECT_FALSE(IsResidentIdNumber(""));
  EXPECT_TRUE(IsCreditCode("91410100MA44ABCD1F"));
  EXPECT_TRUE(IsCreditCode("92410105MA47XX9Y0Y"));
  EXPECT_TRUE(IsCreditCode("12410000415800123U"));
  EXPECT_TRUE(IsCreditCode("914101051573681939"));
  EXPECT_FALSE(IsCreditCode("914101051573681938"));
  EXPECT_FALSE(IsCreditCode("91410100MA44ABCD1G"));
  EXPECT_FALSE(IsCreditCode("91410100ma44abcd1f"));  // lower case is not the standard's
  EXPECT_FALSE(IsCreditCode("91410100MA44IBCD1F"));  // I is not in the character set
  EXPECT_FALSE(IsCreditCode("91410100MA44ABCD1"));
  // Valid as both: an ID number wins, it is the one that must not be published.
  EXPECT_TRUE(IsResidentIdNumber("410105199003070739"));
  EXPECT_TRUE(IsCreditCode("410105199003070739"));
}

TEST(Redaction, Names) {
  RunTable({
      {"label and colon", "当事人：张三，男，汉族。", "当事人：张某某，男，汉族。"},
      {"compound surname", "当事人：欧阳修，男。", "当事人：欧阳某某，男。"},
      {"semicolon", "姓名：司马光；性别：男", "姓名：司马某某；性别：男"},
      {"several labels", "法定代表人：王五，委托代理人：诸葛亮亮，证人：赵六。",
       "法定代表人：王某某，委托代理人：诸葛某某，证人：赵某某。"},
      {"ascii colon and space", "负责人: 李四 联系人：周八", "负责人: 李某某 联系人：周某某"},
      {"five with a compound surname", "当事人：欧阳梓萱涵，", "当事人：欧阳某某，"},
      {"four at most", "当事人：张梓萱涵琪", "当事人：张某某琪"},
      {"no colon, ends at a stop", "当事人张三因未缴存住房公积金被立案。",
       "当事人张某某因未缴存住房公积金被立案。"},
      {"no colon, ends at punctuation", "职工王小明（男）", "职工王某某（男）"},
      {"stops at 性别", "被询问人：刘德华性别男", "被询问人：刘某某性别男"},
      {"at the end", "当事人：张三", "当事人：张某某"},
      {"found by label, masked everywhere", "委托代理人：钱多多，男。经查，钱多多于2024年3月到场。",
       "委托代理人：钱某某，男。经查，钱某某于2024年3月到场。"},
      {"known names everywhere",
       "李建国于2024年3月称，李建国不知情。",
       "李某某于2024年3月称，李某某不知情。",
       {.person_names = {"李建国"}}},
      {"known and found merge",
       "法定代表人：王五六，",
       "法定代表人：王某某，",
       {.person_names = {"王五"}}},
      {"ends at a verb", "证人马晓东证实：", "证人马某某证实："},
      {"a lawyer after the firm", "委托代理人：河南金诚律师事务所律师刘强。",
       "委托代理人：河南金诚律师事务所律师刘某某。"},
      {"a list", "职工王芳（女，1990年出生）、刘洋（男）、张某某、欧阳娜娜等4人。",
       "职工王某某（女，1990年出生）、刘某某（男）、张某某、欧阳某某等4人。"},
      {"a list after a colon", "证人：张三、李四", "证人：张某某、李某某"},
      {"employees", "该公司员工张小红、李华等人的公积金账户",
       "该公司员工张某某、李某某等人的公积金账户"},
      {"kin", "其子王小明（10岁）", "其子王某某（10岁）"},
      {"个体工商户 after the name", "当事人：张三（个体工商户）", "当事人：张某某（个体工商户）"},
  });
}

TEST(Redaction, WordsAfterLabelsAreNotNames) {
  RunTable({
      {"应当", "当事人应当自收到本决定书之日起十五日内缴纳罚款。",
       "当事人应当自收到本决定书之日起十五日内缴纳罚款。"},
      {"陈述", "当事人陈述、申辩的权利", "当事人陈述、申辩的权利"},
      {"职工住房公积金", "为职工缴存住房公积金", "为职工缴存住房公积金"},
      {"证人证言", "证人证言一份", "证人证言一份"},
      {"职工花名册", "以上事实有职工花名册、询问笔录等证据证实",
       "以上事实有职工花名册、询问笔录等证据证实"},
      {"职工工资", "职工工资表、职工人数统计", "职工工资表、职工人数统计"},
      {"申请人民法院", "申请人民法院强制执行", "申请人民法院强制执行"},
      {"如不服", "当事人如不服本决定", "当事人如不服本决定"},
      {"already masked", "当事人王某某于2024年", "当事人王某某于2024年"},
      {"already masked, colon", "当事人：欧阳某某", "当事人：欧阳某某"},
      {"no surname", "当事人拒不改正", "当事人拒不改正"},
      {"律师事务所", "律师事务所出具的律师费用发票", "律师事务所出具的律师费用发票"},
      {"runs on", "当事人王强化工作", "当事人王强化工作"},
      {"a surname starting a word", "当事人全称：郑州恒通建材有限公司",
       "当事人全称：郑州恒通建材有限公司"},
      {"同上", "负责人：同上", "负责人：同上"},
      {"本人", "代理人：本人", "代理人：本人"},
  });
}

TEST(Redaction, UnitsAndCreditCodesAreKept) {
  RunTable({
      {"company", "当事人：郑州市鑫达建材有限公司，统一社会信用代码：91410100MA44ABCD1F。",
       "当事人：郑州市鑫达建材有限公司，统一社会信用代码：91410100MA44ABCD1F。"},
      {"factory", "当事人：郑州红星机械厂", "当事人：郑州红星机械厂"},
      {"cooperative", "联系人：河南金鼎农民专业合作社", "联系人：河南金鼎农民专业合作社"},
      {"bracket inside", "当事人：郑州恒通（河南）实业有限公司",
       "当事人：郑州恒通（河南）实业有限公司"},
      {"no colon", "当事人郑州恒通建材有限公司未按规定缴存",
       "当事人郑州恒通建材有限公司未按规定缴存"},
      {"school", "当事人：郑州市天成职业培训学校", "当事人：郑州市天成职业培训学校"},
      {"all-digit credit code", "统一社会信用代码：914101051573681939",
       "统一社会信用代码：914101051573681939"},
      {"个体工商户 code", "（统一社会信用代码：92410105MA47XX9Y0Y）",
       "（统一社会信用代码：92410105MA47XX9Y0Y）"},
      {"institution code", "12410000415800123U", "12410000415800123U"},
      {"wrong check: a long number", "统一社会信用代码：914101051573681938",
       "统一社会信用代码：［银行账号已隐去］"},
      {"valid as both: an ID number", "统一社会信用代码：410105199003070739",
       "统一社会信用代码：［身份证号码已隐去］"},
  });
}

TEST(Redaction, KeptStrings) {
  RunTable({
      {"officer found by label", "经办人：孙梓涵", "经办人：孙梓涵", {.keep = {"孙梓涵"}}},
      {"officer in the text",
       "执法人员：孙梓涵（执法证号：豫A12345678）",
       "执法人员：孙梓涵（执法证号：豫A12345678）",
       {.keep = {"孙梓涵"}}},
      {"a longer name is someone else", "联系人：李明华，", "联系人：李某某，", {.keep = {"李明"}}},
      {"keep beats a known name",
       "李明到场",
       "李明到场",
       {.person_names = {"李明"}, .keep = {"李明"}}},
      {"agency phone with extension",
       "咨询电话：0371-12345678转8001",
       "咨询电话：0371-12345678转8001",
       {.keep = {"0371-12345678"}}},
      {"agency account",
       "账号：4100 1502 0100 5000 1234。",
       "账号：4100 1502 0100 5000 1234。",
       {.keep = {"4100 1502 0100 5000 1234"}}},
      {"other numbers still go",
       "电话：0371-12345678，13812345678",
       "电话：0371-12345678，［联系电话已隐去］",
       {.keep = {"0371-12345678"}}},
      {"a short kept string saves no number",
       "电话13812345678",
       "电话［联系电话已隐去］",
       {.keep = {"1", "电话1"}}},
      {"address cut back to the unit",
       "位于郑州恒通建材有限公司3号楼201室",
       "位于郑州恒通建材有限公司［住址已隐去］",
       {.keep = {"郑州恒通建材有限公司"}}},
  });
}

TEST(Redaction, IdNumbers) {
  RunTable({
      {"18 digits, X", "身份证号码：41010519900307123X，", "身份证号码：［身份证号码已隐去］，"},
      {"18 digits, x", "身份证号码：41010519900307123x。", "身份证号码：［身份证号码已隐去］。"},
      {"18 digits", "公民身份号码：410102198511120049。", "公民身份号码：［身份证号码已隐去］。"},
      {"spaced", "身份证号 410105 19900307 123X 。", "身份证号 ［身份证号码已隐去］ 。"},
      {"15 digits", "身份证号：410105850312123", "身份证号：［身份证号码已隐去］"},
      {"no label", "其号码为410102198511120049", "其号码为［身份证号码已隐去］"},
      {"inside letters", "ID41010519900307123X", "ID［身份证号码已隐去］"},
      {"full width", "身份证：４１０１０５１９９００３０７１２３Ｘ",
       "身份证：［身份证号码已隐去］"},
      {"bad date after 身份证", "身份证号码：410182197802290010",
       "身份证号码：［身份证号码已隐去］"},
      {"bad date elsewhere: still a long number", "编号410182197802290010",
       "编号［银行账号已隐去］"},
      {"a credit code's check after 身份证号: still an ID number",
       "法定代表人王五（身份证号：41010519800101123X）",
       "法定代表人王某某（身份证号：［身份证号码已隐去］）"},
      {"bad check X after 身份证", "身份证号码：41010519900307124X",
       "身份证号码：［身份证号码已隐去］"},
  });
}

TEST(Redaction, Phones) {
  RunTable({
      {"mobile", "联系电话：13812345678", "联系电话：［联系电话已隐去］"},
      {"after Han", "电话13812345678。", "电话［联系电话已隐去］。"},
      {"hyphens", "手机：138-1234-5678，", "手机：［联系电话已隐去］，"},
      {"spaces", "手机：138 1234 5678，", "手机：［联系电话已隐去］，"},
      {"+86 spaced", "电话+86 138 1234 5678", "电话［联系电话已隐去］"},
      {"+86 hyphens", "电话：+86-138-1234-5678。", "电话：［联系电话已隐去］。"},
      {"+86 joined", "Tel:+8613812345678", "Tel:［联系电话已隐去］"},
      {"86 prefix", "86-13812345678", "［联系电话已隐去］"},
      {"0086 prefix", "0086 13812345678", "［联系电话已隐去］"},
      {"no context", "其于13812345678处", "其于［联系电话已隐去］处"},
      {"landline", "电话：0371-67891234。", "电话：［联系电话已隐去］。"},
      {"brackets", "电话(0371)67891234", "电话［联系电话已隐去］"},
      {"full-width brackets", "（0371）6789 1234", "［联系电话已隐去］"},
      {"extension 转", "0371-67891234转8001，", "［联系电话已隐去］，"},
      {"extension 分机", "0371-67891234 分机 8001。", "［联系电话已隐去］。"},
      {"extension hyphen", "0371-67891234-8001", "［联系电话已隐去］"},
      {"Beijing", "010-12345678", "［联系电话已隐去］"},
      {"grouped landline", "0371 6789 1234", "［联系电话已隐去］"},
      {"+86 landline", "+86 371 6789 1234", "［联系电话已隐去］"},
      {"local after 电话", "联系电话：67891234", "联系电话：［联系电话已隐去］"},
      {"local without context", "编号67891234", "编号67891234"},
      {"a digit short after 手机", "手机：1381234567", "手机：［联系电话已隐去］"},
      {"amount", "罚款20000元", "罚款20000元"},
      {"date", "2024-03-15", "2024-03-15"},
      {"officer certificate", "执法证号：豫A12345678", "执法证号：豫A12345678"},
      {"不 a transfer", "0371-67891234转账", "［联系电话已隐去］转账"},
  });
}

TEST(Redaction, Accounts) {
  RunTable({
      {"19 digits", "银行账号：6222021234567890123", "银行账号：［银行账号已隐去］"},
      {"spaces", "卡号：6222 0212 3456 7890 123。", "卡号：［银行账号已隐去］。"},
      {"hyphens", "账户：6217-0012-3456-7890", "账户：［银行账号已隐去］"},
      {"no label", "转入6217001234567890", "转入［银行账号已隐去］"},
      {"fund account, 12 digits", "个人住房公积金账号：201012345678",
       "个人住房公积金账号：［银行账号已隐去］"},
      {"fund account, 10 digits after 账号", "（个人住房公积金账号：1234567890）",
       "（个人住房公积金账号：［银行账号已隐去］）"},
      {"10 digits without a label", "编号1234567890", "编号1234567890"},
      {"an amount after 账户", "账户余额为123456元", "账户余额为123456元"},
      {"very long", "编号123456789012345678901234", "编号［银行账号已隐去］"},
  });
}

TEST(Redaction, Addresses) {
  RunTable({
      {"住址", "住址：郑州市金水区文化路88号，联系电话", "住址：［住址已隐去］，联系电话"},
      {"家庭住址", "家庭住址：河南省郑州市中牟县白沙镇孙庄村3组12号。",
       "家庭住址：［住址已隐去］。"},
      {"现住址", "现住址：郑州市二七区建设路1号院", "现住址：［住址已隐去］"},
      {"户籍地", "户籍地：河南省新郑市城关镇", "户籍地：［住址已隐去］"},
      {"居住地", "居住地：郑州市惠济区大河村", "居住地：［住址已隐去］"},
      {"现住", "现住：郑州市中原区桐柏路2号", "现住：［住址已隐去］"},
      {"现住 without colon is no label", "发现住房公积金缴存基数有误",
       "发现住房公积金缴存基数有误"},
      {"住址 without colon", "住址郑州市金水区文化路88号，", "住址［住址已隐去］，"},
      {"in brackets", "（住址：郑州市金水区文化路88号）", "（住址：［住址已隐去］）"},
      {"stops at a space", "住址：郑州市金水区文化路88号 电话：13812345678",
       "住址：［住址已隐去］ 电话：［联系电话已隐去］"},
      {"a person's 住所地", "当事人：张三，男，住所地：郑州市金水区文化路88号。",
       "当事人：张某某，男，住所地：［住址已隐去］。"},
      {"a unit's 住所地", "当事人：郑州恒通建材有限公司，住所地：郑州市金水区文化路88号。",
       "当事人：郑州恒通建材有限公司，住所地：郑州市金水区文化路88号。"},
      {"a unit's 住所地 on its own line",
       "当事人：郑州恒通建材有限公司\n统一社会信用代码：91410100MA44ABCD1F\n住所地：郑州市金水区文"
       "化路88号\n",
       "当事人：郑州恒通建材有限公司\n统一社会信用代码：91410100MA44ABCD1F\n住所地：郑州市金水区文"
       "化路88号\n"},
      {"detail", "职工购买位于郑州市金水区文化路88号阳光花园3号楼2单元501室的住房。",
       "职工购买位于［住址已隐去］的住房。"},
      {"detail 栋", "郑州市二七区建业小区6栋1203室", "［住址已隐去］"},
      {"detail 幢", "其居住在美景天城3幢2单元1102室内", "其居住在［住址已隐去］内"},
      {"detail after a comma", "男，住郑州市中原区棉纺路1号院2号楼3单元4号。",
       "男，［住址已隐去］。"},
      {"住 as a field", "男，1980年出生，住河南省郑州市中原区建设西路100号。",
       "男，1980年出生，住［住址已隐去］。"},
      {"住在", "王某某，男，住在郑州市金水区黄河路1号", "王某某，男，住在［住址已隐去］"},
      {"住房 is no field", "经查，住房公积金缴存基数为郑州市上年度平均工资。",
       "经查，住房公积金缴存基数为郑州市上年度平均工资。"},
      {"住院", "，住院期间在郑州市第一人民医院", "，住院期间在郑州市第一人民医院"},
      {"a layout", "该房屋为3室2厅", "该房屋为3室2厅"},
      {"a meeting room", "在本中心第三会议室", "在本中心第三会议室"},
      {"an office", "办公室主任", "办公室主任"},
      {"known address",
       "其住所位于郑州市管城回族区陇海西路18号。",
       "其住所位于［住址已隐去］。",
       {.addresses = {"郑州市管城回族区陇海西路18号"}}},
  });
}

TEST(Redaction, PropertyCertificates) {
  RunTable({
      {"不动产权", "豫(2023)郑州市不动产权第0123456号", "［不动产权证号已隐去］"},
      {"full-width brackets", "持有豫（2023）郑州市不动产权第0123456号。",
       "持有［不动产权证号已隐去］。"},
      {"不动产证明", "豫(2021)新郑市不动产证明第0001234号", "［不动产权证号已隐去］"},
      {"房权证", "郑房权证字第1234567号", "［不动产权证号已隐去］"},
      {"label", "不动产权证号：0412345，", "不动产权证号：［不动产权证号已隐去］，"},
      {"label and title", "房产证号：郑房权证金字第0801234567号。",
       "房产证号：［不动产权证号已隐去］。"},
      {"label 为", "产权证号为A-123456。", "产权证号为［不动产权证号已隐去］。"},
      {"in brackets", "因购买住房（不动产权证号：豫(2023)郑州市不动产权第0123456号）申请",
       "因购买住房（不动产权证号：［不动产权证号已隐去］）申请"},
      {"a decision number is no certificate", "郑公积金罚决字〔2024〕第12号",
       "郑公积金罚决字〔2024〕第12号"},
  });
}

TEST(Redaction, ManualAndOverlaps) {
  RunTable({
      {"manual", "车辆号牌为豫A·B1234。", "车辆号牌为［已隐去］。", {.manual = {"豫A·B1234"}}},
      {"manual beats keep", "李明到场", "［已隐去］到场", {.keep = {"李明"}, .manual = {"李明"}}},
      {"manual swallows a phone",
       "手机号码13812345678。",
       "手机［已隐去］。",
       {.manual = {"号码13812345678"}}},
      {"known address over its detail",
       "住址：郑州市金水区文化路88号阳光花园3号楼2单元501室，",
       "住址：［住址已隐去］，",
       {.addresses = {"郑州市金水区文化路88号阳光花园3号楼2单元501室"}}},
      {"name and phone touch", "当事人：张三13812345678", "当事人：张某某［联系电话已隐去］"},
      {"empty context entries", "张三", "张三", {.person_names = {"", "张"}, .manual = {""}}},
  });
  // One span for the overlapping matches, of the widest one's kind.
  const RedactionContext ctx{.addresses = {"郑州市金水区文化路88号阳光花园3号楼2单元501室"}};
  const RedactedText r = Redact("住址：郑州市金水区文化路88号阳光花园3号楼2单元501室，", ctx);
  ASSERT_EQ(r.redactions.size(), 1u);
  EXPECT_EQ(r.redactions[0].kind, RedactionKind::kAddress);
  const RedactedText m = Redact("手机号码13812345678。", {.manual = {"号码13812345678"}});
  ASSERT_EQ(m.redactions.size(), 1u);
  EXPECT_EQ(m.redactions[0].kind, RedactionKind::kManual);
}

TEST(Redaction, OffsetsPointIntoTheOriginal) {
  const std::string text = "当事人：张三，电话13812345678，住址：郑州市金水区文化路88号。";
  const RedactedText r = Redact(text, {});
  ASSERT_EQ(r.redactions.size(), 3u);
  const auto original = [&](const Redaction& x) { return text.substr(x.begin, x.end - x.begin); };
  EXPECT_EQ(r.redactions[0].begin, std::string("当事人：").size());
  EXPECT_EQ(original(r.redactions[0]), "张三");
  EXPECT_EQ(r.redactions[0].kind, RedactionKind::kName);
  EXPECT_EQ(r.redactions[0].replacement, "张某某");
  EXPECT_EQ(original(r.redactions[1]), "13812345678");
  EXPECT_EQ(r.redactions[1].kind, RedactionKind::kPhone);
  EXPECT_EQ(r.redactions[1].replacement, "［联系电话已隐去］");
  EXPECT_EQ(original(r.redactions[2]), "郑州市金水区文化路88号");
  EXPECT_EQ(r.redactions[2].kind, RedactionKind::kAddress);
  EXPECT_EQ(r.text, "当事人：张某某，电话［联系电话已隐去］，住址：［住址已隐去］。");
}

TEST(Redaction, EmptyAndInvalidText) {
  const RedactedText empty = Redact("", {.person_names = {"张三"}});
  EXPECT_EQ(empty.text, "");
  EXPECT_TRUE(empty.redactions.empty());
  RunTable({
      {"bad bytes around", "\xff\xfe当事人：张三\xc3", "\xff\xfe当事人：张某某\xc3"},
      {"truncated at the end", "当事人：张三\xe5", "当事人：张某某\xe5"},
      {"overlong and surrogate", "\xc0\xaf\xed\xa0\x80电话13812345678",
       "\xc0\xaf\xed\xa0\x80电话［联系电话已隐去］"},
      {"bad byte between digits",
       "13812345678\x80"
       "13812345678",
       "［联系电话已隐去］\x80［联系电话已隐去］"},
      {"NUL", "张三\0电话13812345678"s, "张三\0电话［联系电话已隐去］"s},
      {"invalid context", "张三", "张三", {.person_names = {"\xe5\xbc"}, .keep = {"\xff"}}},
  });
}

// Random bytes and random mixes of the pieces the scanners look for: never a crash, always a
// well-formed result.
TEST(Redaction, AnyBytes) {
  const char* pieces[] = {"当事人",
                          "：",
                          "张三",
                          "欧阳",
                          "住址",
                          "室",
                          "号楼",
                          "单元",
                          "1",
                          "138",
                          "0371",
                          "-",
                          " ",
                          "（",
                          "）",
                          "(",
                          ")",
                          "X",
                          "x",
                          "+86",
                          "不动产权第",
                          "权证",
                          "字第",
                          "号",
                          "，",
                          "。",
                          "\xff",
                          "\xe5\xbc",
                          "账号",
                          "电话",
                          "统一社会信用代码",
                          "91410100MA44ABCD1F",
                          "41010519900307123X",
                          "某某",
                          "公司",
                          "转",
                          "分机",
                          "\n",
                          "位于",
                          "０",
                          "Ｘ"};
  std::uint64_t s = 42;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(s >> 33);
  };
  const RedactionContext ctx{.person_names = {"张三", "李四"},
                             .addresses = {"郑州市"},
                             .keep = {"0371", "公司"},
                             .manual = {"X"}};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(next() % 60);
    for (int k = 0; k < n; ++k) {
      if (round % 3 == 0) {
        text += static_cast<char>(next() & 0xFF);
      } else {
        text += pieces[next() % std::size(pieces)];
      }
    }
    SCOPED_TRACE(text);
    ExpectWellFormed(text, Redact(text, round % 2 ? ctx : RedactionContext{}));
    if (HasFailure()) return;
  }
}

// Linear time: 1 MB of what each scanner reacts to, and of real decisions.
TEST(Redaction, OneMegabyteInLinearTime) {
  constexpr std::size_t kSize = 1 << 20;
  const char* repeated[] = {"1室",
                            "1",
                            "1 ",
                            "当事人：张三，",
                            "住址：",
                            "不动产权第",
                            "权证字第1",
                            "（0371）",
                            "+86",
                            "账号：123",
                            "\xff",
                            "张",
                            "3号楼2单元",
                            "当事人张",
                            "91410100MA44ABCD1F ",
                            "0371-"};
  const RedactionContext ctx{.person_names = {"张三"}, .keep = {"李明"}};
  double worst_ms = 0;
  for (const char* piece : repeated) {
    std::string text;
    while (text.size() < kSize) text += piece;
    const auto start = std::chrono::steady_clock::now();
    const RedactedText r = Redact(text, ctx);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    worst_ms = std::max(worst_ms, ms);
    std::cout << "[ timing   ] " << piece << ": " << ms << " ms\n";
    EXPECT_FALSE(r.text.empty());
    // Generous for sanitizer builds; a quadratic scan would take minutes.
    EXPECT_LT(ms, 5000) << piece;
  }
  std::string text;
  for (const CorpusDecision& d : GenerateRedactionCorpus(7, 400)) {
    if (text.size() >= kSize) break;
    text += d.text;
  }
  text.resize(kSize);
  const auto start = std::chrono::steady_clock::now();
  const RedactedText r = Redact(text, {});
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ timing   ] 1 MB of decisions: " << ms << " ms, " << r.redactions.size()
            << " redactions; worst repeated piece: " << worst_ms << " ms\n";
  EXPECT_LT(ms, 5000);
}

// ---- the generated corpus -----------------------------------------------------------------------

TEST(RedactionCorpus, IsDeterministicAndValid) {
  const auto a = GenerateRedactionCorpus(20261129, 70);
  const auto b = GenerateRedactionCorpus(20261129, 70);
  ASSERT_EQ(a.size(), 70u);
  int persons = 0, ids = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].text, b[k].text);
    EXPECT_TRUE(IsCreditCode(a[k].credit_code)) << a[k].credit_code;
    EXPECT_FALSE(IsResidentIdNumber(a[k].credit_code));
    persons += a[k].party_is_person;
    for (const std::string& datum : a[k].personal_data) {
      // Bare 18-character IDs as listed: valid, birth date and check character.
      if (datum.size() == 18 && DigitsOf(datum).size() >= 17 &&
          datum.find_first_of(" -") == std::string::npos) {
        EXPECT_TRUE(IsResidentIdNumber(datum)) << datum;
        ++ids;
      }
    }
  }
  EXPECT_GT(persons, 10);
  EXPECT_LT(persons, 60);
  EXPECT_GT(ids, 100);
  EXPECT_NE(GenerateRedactionCorpus(1, 1)[0].text, GenerateRedactionCorpus(2, 1)[0].text);
}

// The formats the scanners must know all occur in the corpus the tests run.
TEST(RedactionCorpus, CoversEveryFormat) {
  const auto corpus = GenerateRedactionCorpus(20261129, 80);
  std::string texts;
  int compound = 0, one_character_given = 0, old_ids = 0, lower_x = 0, upper_x = 0, persons = 0;
  for (const CorpusDecision& d : corpus) {
    texts += d.text;
    persons += d.party_is_person;
    for (const std::string& m : d.masked_names) {
      compound += m.size() == 12;  // 欧阳某某
      const std::string surname = m.substr(0, m.size() - 6);
      for (const std::string& p : d.personal_data) {
        one_character_given += p.size() == surname.size() + 3 && p.starts_with(surname);
      }
    }
    for (const std::string& p : d.personal_data) {
      if (p.size() == 15 && DigitsOf(p) == p) ++old_ids;
      if (p.size() == 18 && p.back() == 'x') ++lower_x;
      if (p.size() == 18 && p.back() == 'X') ++upper_x;
    }
  }
  EXPECT_GT(persons, 5);
  EXPECT_LT(persons, 75);
  EXPECT_GT(compound, 5);
  EXPECT_GT(one_character_given, 5);
  EXPECT_GT(old_ids, 0);
  EXPECT_GT(lower_x, 0);
  EXPECT_GT(upper_x, 0);
  for (const char* format :
       {"+86 ",       "+86-",     "86-1",     "转8",      "-8",           "（0371）",
        "(0371)",     "010-",     "豫(",      "豫（",     "郑房权证字第", "不动产权证号：",
        "房产证号：", "号楼",     "单元",     "栋",       "幢",           "组",
        "家庭住址：", "现住址：", "住所地：", "户籍地：", "证人：",       "车辆号牌为"}) {
    EXPECT_NE(texts.find(format), std::string::npos) << format;
  }
}

TEST(RedactionCorpus, NoPersonalDatumSurvives) {
  const auto corpus = GenerateRedactionCorpus(20261129, 80);
  ASSERT_GE(corpus.size(), 60u);
  int checked = 0;
  for (const CorpusDecision& d : corpus) {
    SCOPED_TRACE(d.text);
    const RedactedText r = Redact(d.text, d.context);
    ExpectWellFormed(d.text, r);
    const std::string digits = DigitsOf(r.text);
    for (const std::string& datum : d.personal_data) {
      ++checked;
      EXPECT_EQ(r.text.find(datum), std::string::npos) << "survived: " << datum;
      const std::string datum_digits = DigitsOf(datum);
      if (datum_digits.size() >= 7) {
        EXPECT_EQ(digits.find(datum_digits), std::string::npos) << "digits survived: " << datum;
      }
    }
    EXPECT_NE(r.text.find(d.unit_name), std::string::npos) << d.unit_name;
    EXPECT_NE(r.text.find(d.credit_code), std::string::npos) << d.credit_code;
    for (const std::string& o : d.officers) EXPECT_NE(r.text.find(o), std::string::npos) << o;
    for (const std::string& c : d.certificates) EXPECT_NE(r.text.find(c), std::string::npos) << c;
    for (const std::string& k : d.context.keep) EXPECT_NE(r.text.find(k), std::string::npos) << k;
    for (const std::string& m : d.masked_names) EXPECT_NE(r.text.find(m), std::string::npos) << m;
    EXPECT_NE(r.text.find("行政复议"), std::string::npos);
    if (HasFailure()) return;  // one decision's report is enough to read
  }
  EXPECT_GT(checked, 60 * 20);
}

}  // namespace
}  // namespace sx::domain
