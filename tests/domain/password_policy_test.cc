#include "domain/password_policy.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

struct Case {
  const char* password;
  const char* username;
  bool ok;
};

class PasswordPolicyTest : public ::testing::TestWithParam<Case> {};

TEST_P(PasswordPolicyTest, Table) {
  const auto& c = GetParam();
  Status st = CheckPasswordStrength(c.password, c.username);
  EXPECT_EQ(st.ok(), c.ok) << c.password << ": " << st.message();
  if (!st.ok()) {
    EXPECT_EQ(st.field(), "password");
    EXPECT_FALSE(st.message().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    GbT22239Level3, PasswordPolicyTest,
    ::testing::Values(Case{"Abcdef12", "zhang", true},        // 8 chars, three classes
                      Case{"abcdef1!", "zhang", true},        // lower, digit, symbol
                      Case{"Abc12!", "zhang", false},         // too short
                      Case{"abcdefgh", "zhang", false},       // one class
                      Case{"abcdef12", "zhang", false},       // two classes
                      Case{"ABCDEFG1", "zhang", false},       // two classes
                      Case{"Zhang2026!", "zhang", false},     // contains the user name
                      Case{"xZHANGx1!", "Zhang", false},      // case-insensitively
                      Case{"公积金Ab123", "zhang", true},      // non-ASCII counts as a symbol
                      Case{"Ab1\x01xxxx", "zhang", false},    // control character
                      Case{"Ab1\xff\xfexxxx", "zhang", false}));  // not UTF-8

TEST(PasswordPolicy, MaxLengthAndConfigurableMinimum) {
  EXPECT_FALSE(CheckPasswordStrength(std::string(129, 'a') + "A1", "u").ok());
  PasswordPolicy strict;
  strict.min_chars = 12;
  EXPECT_FALSE(CheckPasswordStrength("Abcdef12!", "u", strict).ok());
  EXPECT_TRUE(CheckPasswordStrength("Abcdef12!xyz", "u", strict).ok());
}

}  // namespace
}  // namespace sx::domain
