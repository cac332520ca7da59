#include "domain/agency.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

NewAgency Valid() {
  NewAgency a;
  a.code = "zzgjj";
  a.name = "郑州住房公积金管理中心";
  a.standing = Standing::kAuthorized;
  a.legal_basis = "《住房公积金管理条例》第三十七条、第三十八条";
  a.departments = {"监察执法处", "归集管理处"};
  return a;
}

TEST(Standing, NamesRoundTrip) {
  for (auto s : {Standing::kStatutory, Standing::kAuthorized, Standing::kEntrusted}) {
    EXPECT_EQ(ParseStanding(StandingName(s)), s);
  }
  EXPECT_EQ(StandingName(Standing::kAuthorized), "授权");
  EXPECT_FALSE(ParseStanding("授 权").has_value());
  EXPECT_FALSE(ParseStanding("").has_value());
}

TEST(ValidateNewAgency, AcceptsTheDemoCenter) { EXPECT_TRUE(ValidateNewAgency(Valid()).ok()); }

struct BadCase {
  const char* what;
  void (*mutate)(NewAgency&);
  const char* field;
};

class ValidateNewAgencyBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(ValidateNewAgencyBad, NamesTheField) {
  NewAgency a = Valid();
  GetParam().mutate(a);
  Status st = ValidateNewAgency(a);
  ASSERT_FALSE(st.ok()) << GetParam().what;
  EXPECT_EQ(st.code(), Code::kInvalid);
  EXPECT_EQ(st.field(), GetParam().field) << st.message();
  EXPECT_FALSE(st.message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, ValidateNewAgencyBad,
    ::testing::Values(
        BadCase{"code too short", [](NewAgency& a) { a.code = "z"; }, "code"},
        BadCase{"leader without a name", [](NewAgency& a) { a.leaders = {{"", "主任"}}; }, "leaders"},
        BadCase{"leader title with a line break",
                [](NewAgency& a) { a.leaders = {{"陈建国", "主\n任"}}; }, "leaders"},
        BadCase{"too many leaders",
                [](NewAgency& a) { a.leaders.assign(kMaxLeaders + 1, Leader{"陈建国", "副主任"}); },
                "leaders"},
        BadCase{"code upper case", [](NewAgency& a) { a.code = "ZZ"; }, "code"},
        BadCase{"code with space", [](NewAgency& a) { a.code = "zz gjj"; }, "code"},
        BadCase{"code too long", [](NewAgency& a) { a.code = std::string(33, 'a'); }, "code"},
        BadCase{"empty name", [](NewAgency& a) { a.name = ""; }, "name"},
        BadCase{"name too long", [](NewAgency& a) { a.name = std::string(101 * 3, 'a'); }, "name"},
        BadCase{"name with newline", [](NewAgency& a) { a.name = "郑州\n中心"; }, "name"},
        BadCase{"name padded", [](NewAgency& a) { a.name = " 郑州"; }, "name"},
        BadCase{"name not utf-8", [](NewAgency& a) { a.name = "\xff\xfe"; }, "name"},
        BadCase{"empty basis", [](NewAgency& a) { a.legal_basis = ""; }, "legalBasis"},
        BadCase{"basis with NUL", [](NewAgency& a) { a.legal_basis = std::string("a\0b", 3); },
                "legalBasis"},
        BadCase{"duplicate department",
                [](NewAgency& a) { a.departments = {"办公室", "办公室"}; }, "departments"},
        BadCase{"empty department", [](NewAgency& a) { a.departments = {""}; }, "departments"},
        BadCase{"too many departments",
                [](NewAgency& a) {
                  a.departments.clear();
                  for (int i = 0; i < 101; ++i) a.departments.push_back("处" + std::to_string(i));
                },
                "departments"}));

TEST(ValidateNewAgency, LimitsCountCharactersNotBytes) {
  NewAgency a = Valid();
  a.name.clear();
  for (std::size_t i = 0; i < kMaxAgencyNameChars; ++i) a.name += "郑";  // 300 bytes, 100 chars
  EXPECT_TRUE(ValidateNewAgency(a).ok());
  a.name += "州";
  EXPECT_EQ(ValidateNewAgency(a).field(), "name");
}

TEST(ValidateNewAgency, MultilineBasisIsAllowed) {
  NewAgency a = Valid();
  a.legal_basis = "第一款\n第二款";
  EXPECT_TRUE(ValidateNewAgency(a).ok());
}

}  // namespace
}  // namespace sx::domain
