#include "ledger/note.h"

#include <gtest/gtest.h>

#include <cstring>

#include "ledger/base64.h"

namespace sx::ledger {
namespace {

// Known answers from Go's golang.org/x/mod/sumdb/note (note.go documentation and note_test.go):
// a published key pair and a note signed with it by the reference implementation.
constexpr std::string_view kPeterSigner =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kPeterVerifier =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kEnochVerifier =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kPeterSig =
    "— PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochSig =
    "— EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
const NoteSignature kPeter{
    "PeterNeumann", 0xc74f20a3,
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="};
const NoteSignature kEnoch{
    "EnochRoot", 0xaf0cfe78,
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="};

Verifier Peter() { return *Verifier::FromKey(kPeterVerifier); }
Verifier Enoch() { return *Verifier::FromKey(kEnochVerifier); }

TEST(NoteKnownAnswers, SignReproducesGoByteForByte) {
  auto signer = Signer::FromKey(kPeterSigner);
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  EXPECT_EQ(signer->name(), "PeterNeumann");
  EXPECT_EQ(signer->key_id(), 0xc74f20a3u);
  auto note = Sign(kText, std::span(&*signer, 1));
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_EQ(*note, std::string(kText) + "\n" + kPeterSig);
}

TEST(NoteKnownAnswers, OpenVerifiesGoSignature) {
  const std::vector<Verifier> known{Peter()};
  auto n = Open(std::string(kText) + "\n" + kPeterSig, known);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->text, kText);
  EXPECT_EQ(n->verified, std::vector<NoteSignature>{kPeter});
  EXPECT_TRUE(n->unverified.empty());
}

TEST(NoteKnownAnswers, KeyFromSeedReproducesTheKeyPair) {
  const auto raw = DecodeBase64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
  ASSERT_TRUE(raw && raw->size() == 33);
  std::array<std::uint8_t, 32> seed;
  std::memcpy(seed.data(), raw->data() + 1, 32);
  auto keys = KeyFromSeed("PeterNeumann", seed);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->signer_key, kPeterSigner);
  EXPECT_EQ(keys->verifier_key, kPeterVerifier);
}

TEST(NoteKeys, GeneratedKeysWork) {
  auto keys = GenerateKey("sanxiang.example/ledger");
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(keys->signer_key.starts_with("PRIVATE+KEY+sanxiang.example/ledger+"));
  auto signer = Signer::FromKey(keys->signer_key);
  auto verifier = Verifier::FromKey(keys->verifier_key);
  ASSERT_TRUE(signer.ok() && verifier.ok());
  EXPECT_EQ(signer->key_id(), verifier->key_id());
  auto sig = signer->SignBytes("hi");
  EXPECT_TRUE(verifier->VerifyBytes("hi", sig));
  EXPECT_FALSE(verifier->VerifyBytes("ho", sig));
  sig[0] ^= 1;
  EXPECT_FALSE(verifier->VerifyBytes("hi", sig));
  EXPECT_FALSE(verifier->VerifyBytes("hi", std::span(sig).first(63)));
  EXPECT_NE(GenerateKey("sanxiang.example/ledger")->signer_key, keys->signer_key);

  const std::vector<Verifier> known{*verifier};
  auto note = Sign("三乡 ledger\n42\n", std::span(&*signer, 1));
  ASSERT_TRUE(note.ok());
  auto opened = Open(*note, known);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->text, "三乡 ledger\n42\n");
}

TEST(NoteKeys, BadNames) {
  const std::array<std::uint8_t, 32> seed{};
  for (std::string_view name :
       {"", "a b", "a+b", "a\tb", "a\nb", "a\u00a0b", "a\u3000b", "a\u2028b", "\xff"}) {
    EXPECT_EQ(KeyFromSeed(name, seed).status().code(), Code::kInvalid) << name;
  }
  EXPECT_TRUE(KeyFromSeed("日志/ledger", seed).ok());
}

TEST(NoteKeys, ManglingsOfTheVerifierKeyAreRefused) {
  ASSERT_TRUE(Verifier::FromKey(kPeterVerifier).ok());
  const std::string k(kPeterVerifier);
  for (std::size_t i = 0; i <= k.size(); ++i) {
    for (std::size_t j = i + 1; j <= k.size(); ++j) {
      if (i == 0 && j == k.size()) continue;
      EXPECT_FALSE(Verifier::FromKey(k.substr(i, j - i)).ok()) << k.substr(i, j - i);
    }
  }
  for (std::size_t i = 0; i < k.size(); ++i) {
    std::string b = k;
    ++b[i];
    EXPECT_FALSE(Verifier::FromKey(b).ok()) << b;
  }
  // Wrong key length and unknown algorithm, each with a matching key id.
  EXPECT_FALSE(Verifier::FromKey(
                   "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  EXPECT_FALSE(
      Verifier::FromKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
  // Go parses the key id as a hexadecimal number, so upper case is the same key.
  EXPECT_TRUE(
      Verifier::FromKey("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
}

TEST(NoteKeys, ManglingsOfTheSignerKeyAreRefused) {
  const std::string k(kPeterSigner);
  for (std::size_t i = 0; i <= k.size(); ++i) {
    for (std::size_t j = i + 1; j <= k.size(); ++j) {
      if (i == 0 && j == k.size()) continue;
      EXPECT_FALSE(Signer::FromKey(k.substr(i, j - i)).ok()) << k.substr(i, j - i);
    }
  }
  for (std::size_t i = 0; i < k.size(); ++i) {
    std::string b = k;
    ++b[i];
    EXPECT_FALSE(Signer::FromKey(b).ok()) << b;
  }
  EXPECT_FALSE(Signer::FromKey(kPeterVerifier).ok());
  EXPECT_FALSE(Verifier::FromKey(kPeterSigner).ok());
}

TEST(NoteSign, Refusals) {
  const Signer signer = *Signer::FromKey(kPeterSigner);
  for (std::string_view text :
       {"", "abc", "abc\n\x01\n", "tab\there\n", "\xff\n", "no newline at end\nx"}) {
    EXPECT_EQ(Sign(text, std::span(&signer, 1)).status().code(), Code::kInvalid) << text;
  }
  EXPECT_EQ(Sign(kText, {}).status().code(), Code::kInvalid);
}

TEST(NoteSign, SeveralSigners) {
  auto a = KeyFromSeed("a.example", std::array<std::uint8_t, 32>{1});
  auto b = KeyFromSeed("b.example", std::array<std::uint8_t, 32>{2});
  const std::vector<Signer> signers{*Signer::FromKey(a->signer_key),
                                    *Signer::FromKey(b->signer_key)};
  auto note = Sign(kText, signers);
  ASSERT_TRUE(note.ok());
  const std::vector<Verifier> only_b{*Verifier::FromKey(b->verifier_key)};
  auto opened = Open(*note, only_b);
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "b.example");
  ASSERT_EQ(opened->unverified.size(), 1u);
  EXPECT_EQ(opened->unverified[0].name, "a.example");
}

TEST(NoteOpen, VerifiedAndUnverifiedSignatures) {
  const std::string msg = std::string(kText) + "\n" + kPeterSig + kEnochSig;

  auto one = Open(msg, std::vector<Verifier>{Peter()});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->verified, std::vector<NoteSignature>{kPeter});
  EXPECT_EQ(one->unverified, std::vector<NoteSignature>{kEnoch});

  auto both = Open(msg, std::vector<Verifier>{Peter(), Enoch()});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->verified, (std::vector<NoteSignature>{kPeter, kEnoch}));
  EXPECT_TRUE(both->unverified.empty());

  auto none = Open(msg, {});
  EXPECT_EQ(none.status().code(), Code::kUnauthenticated);
  auto only_enoch_known =
      Open(std::string(kText) + "\n" + kPeterSig, std::vector<Verifier>{Enoch()});
  EXPECT_EQ(only_enoch_known.status().code(), Code::kUnauthenticated);
}

TEST(NoteOpen, AmbiguousVerifiers) {
  const std::vector<Verifier> known{Enoch(), Peter(), Enoch()};
  EXPECT_EQ(Open(std::string(kText) + "\n" + kEnochSig, known).status().code(), Code::kInvalid);
  EXPECT_TRUE(Open(std::string(kText) + "\n" + kPeterSig, known).ok());  // the duplicate is unused
}

TEST(NoteOpen, TooManySignatures) {
  std::string many = std::string(kText) + "\n";
  for (int i = 0; i < 101; ++i) many += kPeterSig;
  EXPECT_EQ(Open(many, std::vector<Verifier>{Peter()}).status().code(), Code::kInvalid);
  EXPECT_EQ(Open(many, {}).status().code(), Code::kInvalid);
}

TEST(NoteOpen, InvalidSignature) {
  const std::string bad = kPeterSig.substr(0, 60) + "ABCD" + kPeterSig.substr(60);
  auto n = Open(std::string(kText) + "\n" + bad, std::vector<Verifier>{Peter()});
  EXPECT_EQ(n.status().code(), Code::kInvalid);
  EXPECT_NE(n.status().message().find("PeterNeumann+c74f20a3"), std::string::npos);
  // A signature over different text.
  EXPECT_EQ(Open("Other text.\n\n" + kPeterSig, std::vector<Verifier>{Peter()}).status().code(),
            Code::kInvalid);
}

TEST(NoteOpen, DuplicatesAreDropped) {
  const std::string enoch_abcd = kEnochSig.substr(0, 60) + "ABCD" + kEnochSig.substr(60);
  const NoteSignature enoch_abcd_sig{"EnochRoot", 0xaf0cfe78,
                                     "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
                                     "5nABCD2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="};
  auto n =
      Open(std::string(kText) + "\n" + kPeterSig + kPeterSig + kEnochSig + kEnochSig + enoch_abcd,
           std::vector<Verifier>{Peter()});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->verified, std::vector<NoteSignature>{kPeter});
  EXPECT_EQ(n->unverified, (std::vector<NoteSignature>{kEnoch, enoch_abcd_sig}));
}

TEST(NoteOpen, MalformedNotes) {
  const std::string text(kText);
  const std::vector<std::string> bad{
      text,
      text + "\n",
      text + "\n" + kPeterSig.substr(0, kPeterSig.size() - 1),
      "\x01" + text + "\n" + kPeterSig,
      "\xff" + text + "\n" + kPeterSig,
      text + "\n" +
          "— Bad Name "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
      text + "\n" + kPeterSig + "Unexpected line.\n",
      // Further cases: tabs and CR are control characters; dash and space must be exact.
      "tab\there\n\n" + kPeterSig,
      text + "\r\n" + kPeterSig,
      text + "\n" +
          "- PeterNeumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n" +
          "—  PeterNeumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n" + "— PeterNeumann\n",
      text + "\n" + "— PeterNeumann \n",
      text + "\n" + "— PeterNeumann x08go/ZJ\n",  // fewer than 5 bytes
      text + "\n" +
          "— PeterNeumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
      text + "\n" +
          "— PeterNeumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM= \n",
      text + "\n" +
          "— Peter+Neumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n" + kPeterSig + "\n",
      "",
      "\n",
  };
  for (const std::string& msg : bad) {
    auto n = Open(msg, std::vector<Verifier>{Peter()});
    EXPECT_EQ(n.status().code(), Code::kInvalid) << "accepted:\n" << msg;
  }
}

}  // namespace
}  // namespace sx::ledger
