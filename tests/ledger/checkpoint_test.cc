#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include "ledger/note.h"
#include "test_util.h"

namespace sx::ledger {
namespace {

using testing::HashFromHex;

const Hash kRoot8 = HashFromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

TEST(Checkpoint, FormatKnownAnswers) {
  EXPECT_EQ(*FormatCheckpoint({"example.com/log", 0, EmptyRoot(), {}}),
            "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
  EXPECT_EQ(*FormatCheckpoint({"三乡/ledger", 8, kRoot8, {"ext one", "ext two"}}),
            "三乡/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\next one\next two\n");
}

TEST(Checkpoint, RoundTrip) {
  for (const Checkpoint& c :
       std::vector<Checkpoint>{{"o", 0, EmptyRoot(), {}},
                               {"sanxiang.example/ledger", 8, kRoot8, {}},
                               {"x", INT64_MAX, kRoot8, {"— witness 1", "a"}}}) {
    auto text = FormatCheckpoint(c);
    ASSERT_TRUE(text.ok());
    auto back = ParseCheckpoint(*text);
    ASSERT_TRUE(back.ok()) << *text << back.status().message();
    EXPECT_EQ(back->origin, c.origin);
    EXPECT_EQ(back->size, c.size);
    EXPECT_EQ(back->root, c.root);
    EXPECT_EQ(back->extensions, c.extensions);
  }
}

TEST(Checkpoint, FormatRefusals) {
  for (const Checkpoint& c : std::vector<Checkpoint>{{"", 1, kRoot8, {}},
                                                     {"a\nb", 1, kRoot8, {}},
                                                     {"a\tb", 1, kRoot8, {}},
                                                     {"a\x7f", 1, kRoot8, {}},
                                                     {"\xff", 1, kRoot8, {}},
                                                     {"o", -1, kRoot8, {}},
                                                     {"o", 1, kRoot8, {""}},
                                                     {"o", 1, kRoot8, {"two\nlines"}}}) {
    EXPECT_EQ(FormatCheckpoint(c).status().code(), Code::kInvalid) << c.origin;
  }
}

TEST(Checkpoint, MalformedTexts) {
  const std::string root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
  const std::vector<std::string> bad{
      "",
      "\n",
      "o\n8\n",
      "o\n8\n" + root,        // no final newline
      "\n8\n" + root + "\n",  // empty origin
      "o\x01\n8\n" + root + "\n",
      "o\r\n8\n" + root + "\n",
      "\xff\n8\n" + root + "\n",
      "o\n08\n" + root + "\n",  // leading zero
      "o\n00\n" + root + "\n",
      "o\n-1\n" + root + "\n",
      "o\n+8\n" + root + "\n",
      "o\n 8\n" + root + "\n",
      "o\n8 \n" + root + "\n",
      "o\n0x8\n" + root + "\n",
      "o\n\n" + root + "\n",
      "o\n9223372036854775808\n" + root + "\n",  // beyond int64
      "o\n99999999999999999999\n" + root + "\n",
      "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n",       // no padding
      "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",      // non-zero unused bits
      "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=\n",      // URL alphabet
      "o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz+Nw7/RgQ==\n",       // 31 bytes
      "o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz+Nw7/RgQyg=AAAA\n",  // 35 bytes
      "o\n8\n " + root + "\n",
      "o\n8\n" + root + "\n\n",  // empty extension line
      "o\n8\n" + root + "\next\n\n",
      "o\n8\n" + root + "\nex\tt\n",
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(ParseCheckpoint(text).status().code(), Code::kInvalid) << "accepted:\n" << text;
  }
}

// The whole path a third party takes: open the signed note, then parse the checkpoint.
TEST(Checkpoint, SignedCheckpoint) {
  auto keys = KeyFromSeed("sanxiang.example/ledger", std::array<std::uint8_t, 32>{9});
  ASSERT_TRUE(keys.ok());
  const Signer signer = *Signer::FromKey(keys->signer_key);
  const std::string body = *FormatCheckpoint({"sanxiang.example/ledger", 8, kRoot8, {}});
  const std::string note = *Sign(body, std::span(&signer, 1));
  auto opened = Open(note, std::vector<Verifier>{*Verifier::FromKey(keys->verifier_key)});
  ASSERT_TRUE(opened.ok());
  auto c = ParseCheckpoint(opened->text);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->size, 8);
  EXPECT_EQ(c->root, kRoot8);
}

}  // namespace
}  // namespace sx::ledger
