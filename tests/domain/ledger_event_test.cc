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

}  // namespace
}  // namespace sx::domain
