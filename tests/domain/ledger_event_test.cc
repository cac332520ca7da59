#include "domain/ledger_event.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

const std::string kDigestA = "sha256:" + std::string(64, 'a');
const std::string kDigestB = "sha256:" + std::string(64, 'b');

TEST(LedgerEvent, OneCanonicalSpelling) {
  LedgerEvent e{"officer.updated", 1, "officer:7", 3, "2026-11-28T08:00:00.000Z",
                {{"record", kDigestB}, {"certificate", kDigestA}}};
  auto text = EncodeLedgerEvent(e);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, R"({"v":1,"type":"officer.updated","agency":1,"object":"officer:7","actor":3,)"
                   R"("at":"2026-11-28T08:00:00.000Z","digests":{"certificate":")" +
                       kDigestA + R"(","record":")" + kDigestB + R"("}})");
  std::swap(e.digests[0], e.digests[1]);
  EXPECT_EQ(*EncodeLedgerEvent(e), *text);  // order of digests does not matter
}

TEST(LedgerEvent, RefusesWhatCouldCarryPersonalDataOrBreakTheEncoding) {
  const LedgerEvent ok{"auth.sign_in", 1, "user:2", 2, "2026-11-28T08:00:00.000Z", {}};
  ASSERT_TRUE(EncodeLedgerEvent(ok).ok());
  auto bad = [&](auto mutate) {
    LedgerEvent e = ok;
    mutate(e);
    return EncodeLedgerEvent(e).status().code();
  };
  EXPECT_EQ(bad([](LedgerEvent& e) { e.object = "张伟"; }), Code::kInvalid);
  EXPECT_EQ(bad([](LedgerEvent& e) { e.type = "auth\"x"; }), Code::kInvalid);
  EXPECT_EQ(bad([](LedgerEvent& e) { e.at = "2026-11-28 08:00"; }), Code::kInvalid);
  EXPECT_EQ(bad([](LedgerEvent& e) { e.digests = {{"record", "sha256:XYZ"}}; }), Code::kInvalid);
  EXPECT_EQ(bad([](LedgerEvent& e) { e.digests = {{"record", kDigestA}, {"record", kDigestB}}; }),
            Code::kInvalid);
  EXPECT_EQ(bad([](LedgerEvent& e) { e.actor_id = -1; }), Code::kInvalid);
}

TEST(LedgerEvent, DecodesExactlyTheCanonicalSpelling) {
  const LedgerEvent e{"officer.updated", 1, "officer:7", 3, "2026-11-28T08:00:00.000Z",
                      {{"certificate", kDigestA}, {"record", kDigestB}}};
  const std::string text = *EncodeLedgerEvent(e);
  auto back = DecodeLedgerEvent(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->type, e.type);
  EXPECT_EQ(back->agency_id, 1);
  EXPECT_EQ(back->object, e.object);
  EXPECT_EQ(back->actor_id, 3);
  EXPECT_EQ(back->at, e.at);
  EXPECT_EQ(back->digests, e.digests);
  EXPECT_EQ(*EncodeLedgerEvent(*back), text);

  const LedgerEvent none{"auth.sign_in", 0, "user:2", 0, "2026-11-28T08:00:00.000Z", {}};
  auto empty = DecodeLedgerEvent(*EncodeLedgerEvent(none));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->digests.empty());

  // Each of these is valid JSON with the same meaning, or almost: none is the canonical spelling.
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  const std::string refused[] = {
      "",
      text + " ",
      " " + text,
      replace(R"("v":1)", R"("v":2)"),
      replace(R"("agency":1)", R"("agency":01)"),
      replace(R"("agency":1)", R"("agency":-1)"),
      replace(R"("agency":1)", R"("agency":1.0)"),
      replace(R"("actor":3)", R"("actor":3999999999999999999)"),
      replace(R"(,"object")", R"(, "object")"),
      replace("\"officer:7\"", "\"officer\\u003a7\""),  // a JSON escape of ':'
      replace(R"("record")", R"("certificate")"),  // repeated name
      replace(R"("certificate":")" + kDigestA + R"(","record":")" + kDigestB,
              R"("record":")" + kDigestB + R"(","certificate":")" + kDigestA),  // unsorted
      replace("2026-11-28T08:00:00.000Z", "2026-11-28T08:00:00Z"),
      replace(kDigestA, "sha256:" + std::string(64, 'A')),
      text.substr(0, text.size() - 1),
  };
  for (const auto& t : refused) EXPECT_FALSE(DecodeLedgerEvent(t).ok()) << t;
}

}  // namespace
}  // namespace sx::domain
