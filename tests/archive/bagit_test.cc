// BagIt (RFC 8493): what WriteBag produces verifies; each kind of tampering — a flipped byte, a
// deleted file, a foreign file, an edited manifest line, a path out of the bag, a wrong
// Payload-Oxum — is a finding that names the file.
#include "archive/bagit.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/test_db.h"

namespace sx::archive {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spit(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

// Whether a finding names `path` with `kind`.
bool Names(const BagReport& r, std::string_view path, std::string_view kind) {
  for (const auto& f : r.findings) {
    if (f.path == path && f.kind == kind) return true;
  }
  return false;
}

std::string Describe(const BagReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += f.path + " " + f.kind + ":" + f.message + "\n";
  return out;
}

class BagItTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bag_ = fs::path(tmp_.path()) / "bag";
    source_ = fs::path(tmp_.path()) / "big.bin";
    std::string big(300 * 1024, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + 3);
    Spit(source_, big);
    std::vector<PayloadItem> items = {
        TextItem("metadata.json", R"({"caseNumber":"郑公积金案〔2026〕1号"})"),
        TextItem("documents/01-立案审批表.pdf", "%PDF-1.7\n...\n%%EOF\n"),
        TextItem("documents/odd%name\nline.txt", "odd\n"),
        FileItem("evidence/big.bin", source_),
    };
    BagInfo info = {{"Source-Organization", "郑州住房公积金管理中心"},
                    {"External-Identifier", "郑公积金案〔2026〕1号"},
                    {"Bagging-Date", "2026-12-21"}};
    auto w = WriteBag(bag_, items, info);
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_EQ(w->files, 4);
  }

  ::sx::testing::TempDir tmp_;
  fs::path bag_;
  fs::path source_;
};

TEST_F(BagItTest, RoundTrip) {
  EXPECT_EQ(Slurp(bag_ / "bagit.txt"), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
  const std::string info = Slurp(bag_ / "bag-info.txt");
  EXPECT_NE(info.find("External-Identifier: 郑公积金案〔2026〕1号\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Bag-Software-Agent: sanxiang"), std::string::npos);
  EXPECT_NE(info.find("Payload-Oxum: "), std::string::npos);
  // CR, LF and % are percent-encoded in manifests (RFC 8493 §2.1.3).
  EXPECT_NE(Slurp(bag_ / "manifest-sha256.txt").find("data/documents/odd%25name%0Aline.txt"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(bag_ / "manifest-sha512.txt"));
  EXPECT_TRUE(fs::exists(bag_ / "tagmanifest-sha256.txt"));
  EXPECT_TRUE(fs::exists(bag_ / "tagmanifest-sha512.txt"));
  EXPECT_EQ(Slurp(bag_ / "data/evidence/big.bin"), Slurp(source_));
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(r.ok()) << Describe(r);
  EXPECT_EQ(r.payload.size(), 4u);
}

TEST_F(BagItTest, AFlippedByteIsNamed) {
  const fs::path f = bag_ / "data/evidence/big.bin";
  std::string bytes = Slurp(f);
  bytes[1000] ^= 0x01;
  Spit(f, bytes);
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(Names(r, "data/evidence/big.bin", "摘要不符")) << Describe(r);
  EXPECT_EQ(r.findings.size(), 2u) << Describe(r);  // SHA-256 and SHA-512
}

TEST_F(BagItTest, ADeletedFileIsNamed) {
  fs::remove(bag_ / "data/documents/01-立案审批表.pdf");
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(Names(r, "data/documents/01-立案审批表.pdf", "文件缺失")) << Describe(r);
  EXPECT_TRUE(Names(r, "bag-info.txt", "Payload-Oxum 不符")) << Describe(r);
}

TEST_F(BagItTest, AnExtraFileIsNamed) {
  Spit(bag_ / "data/documents/extra.sh", "#!/bin/sh\n");
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(Names(r, "data/documents/extra.sh", "清单外的文件")) << Describe(r);
}

TEST_F(BagItTest, ATamperedManifestLineIsNamed) {
  std::string m = Slurp(bag_ / "manifest-sha256.txt");
  const auto at = m.find("  data/metadata.json");
  ASSERT_NE(at, std::string::npos);
  m[at - 1] = m[at - 1] == '0' ? '1' : '0';
  Spit(bag_ / "manifest-sha256.txt", m);
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(Names(r, "data/metadata.json", "摘要不符")) << Describe(r);
  // The tag manifest notices the edited manifest as well.
  EXPECT_TRUE(Names(r, "manifest-sha256.txt", "摘要不符")) << Describe(r);
}

TEST_F(BagItTest, APathOutOfTheBagIsRefused) {
  Spit(fs::path(tmp_.path()) / "secret.txt", "outside\n");
  for (const char* path : {"data/../../secret.txt", "/etc/passwd", "data/./x", "data//x"}) {
    std::string m = Slurp(bag_ / "manifest-sha256.txt");
    m += std::string(64, '0') + "  " + path + "\n";
    Spit(bag_ / "manifest-sha256.txt", m);
    auto r = VerifyBag(bag_);
    EXPECT_TRUE(Names(r, path, "路径越界")) << path << "\n" << Describe(r);
  }
  EXPECT_FALSE(CheckBagPath("a/../b").ok());
  EXPECT_FALSE(CheckBagPath("..").ok());
  EXPECT_TRUE(CheckBagPath("data/证据/照片 1.jpg").ok());
  std::vector<PayloadItem> bad = {TextItem("../x", "x")};
  EXPECT_FALSE(WriteBag(fs::path(tmp_.path()) / "bad", bad, {}).ok());
}

TEST_F(BagItTest, APayloadOxumMismatchIsNamed) {
  std::string info = Slurp(bag_ / "bag-info.txt");
  const auto at = info.find("Payload-Oxum: ");
  ASSERT_NE(at, std::string::npos);
  info = info.substr(0, at) + "Payload-Oxum: 1.4\n";
  Spit(bag_ / "bag-info.txt", info);
  auto r = VerifyBag(bag_);
  EXPECT_TRUE(Names(r, "bag-info.txt", "Payload-Oxum 不符")) << Describe(r);
}

TEST_F(BagItTest, EncodingRoundTrips) {
  const std::string odd = "a%b\r\nc%0A";
  EXPECT_EQ(DecodeManifestPath(EncodeManifestPath(odd)), odd);
}

TEST_F(BagItTest, NotABag) {
  auto r = VerifyBag(fs::path(tmp_.path()) / "nothing");
  EXPECT_FALSE(r.ok());
  fs::remove(bag_ / "bagit.txt");
  EXPECT_TRUE(Names(VerifyBag(bag_), "bagit.txt", "文件缺失"));
}

}  // namespace
}  // namespace sx::archive
