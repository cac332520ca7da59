// The content-addressed blob store: files named by their SHA-256, written whole or not at all,
// and checked against their names.
#include "store/blob_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/test_db.h"

namespace sx::store {
namespace {

namespace fs = std::filesystem;

// FIPS 180-2 example: SHA-256("abc").
constexpr std::string_view kAbc =
    "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

std::size_t FilesIn(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(BlobStore, NamesFilesByTheirSha256AndReadsThemBack) {
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok()) << blobs.status().message();
  auto stored = (*blobs)->Put("abc");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(stored->digest, kAbc);
  EXPECT_EQ(stored->size, 3);
  EXPECT_EQ(*(*blobs)->PathOf(kAbc),
            fs::path(dir.path()) / "sha256" / "ba" / "78" / std::string(kAbc.substr(7)));
  EXPECT_EQ(*(*blobs)->Get(kAbc, 100), "abc");
  EXPECT_EQ((*blobs)->Get(kAbc, 2).status().code(), Code::kInvalid);  // over the limit
  EXPECT_TRUE((*blobs)->Check(kAbc).ok());
}

TEST(BlobStore, StreamsInPiecesToTheSameFileAndStoresIdenticalContentOnce) {
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  std::string big(3 * 65536 + 17, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  auto writer = (*blobs)->Create();
  ASSERT_TRUE(writer.ok());
  for (std::size_t at = 0; at < big.size(); at += 1000) {
    const std::size_t n = std::min<std::size_t>(1000, big.size() - at);
    ASSERT_TRUE((*writer)->Write({big.data() + at, n}).ok());
  }
  auto streamed = (*writer)->Commit();
  ASSERT_TRUE(streamed.ok()) << streamed.status().message();
  auto whole = (*blobs)->Put(big);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(streamed->digest, whole->digest);
  EXPECT_EQ(streamed->size, static_cast<std::int64_t>(big.size()));
  EXPECT_EQ(*(*blobs)->Get(whole->digest, 1 << 20), big);
  EXPECT_EQ(FilesIn(fs::path(dir.path()) / "sha256"), 1u);
  EXPECT_EQ(FilesIn(fs::path(dir.path()) / "tmp"), 0u);
  EXPECT_EQ((*writer)->Commit().status().code(), Code::kInternal);  // only once
}

TEST(BlobStore, AnAbandonedWriteLeavesNothing) {
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  {
    auto writer = (*blobs)->Create();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Write(std::string_view("partial upload")).ok());
    EXPECT_EQ(FilesIn(fs::path(dir.path()) / "tmp"), 1u);
  }  // dropped connection: never committed
  EXPECT_EQ(FilesIn(dir.path()), 0u);
}

TEST(BlobStore, CheckNamesAReplacedOrMissingFile) {
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  ASSERT_TRUE((*blobs)->Put("abc").ok());
  const fs::path path = *(*blobs)->PathOf(kAbc);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "abd";
  EXPECT_EQ((*blobs)->Check(kAbc).code(), Code::kConflict);
  fs::remove(path);
  EXPECT_EQ((*blobs)->Check(kAbc).code(), Code::kNotFound);
  EXPECT_EQ((*blobs)->Get(kAbc, 10).status().code(), Code::kNotFound);
}

TEST(BlobStore, RefusesDigestsThatAreNotOne) {
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  for (std::string_view bad :
       {"", "sha256:", "sha256:../../../../etc/passwd", "md5:900150983cd24fb0d6963f7d28e17f72",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"}) {
    EXPECT_EQ((*blobs)->PathOf(bad).status().code(), Code::kInvalid) << bad;
    EXPECT_EQ((*blobs)->Check(bad).code(), Code::kInvalid) << bad;
  }
}

}  // namespace
}  // namespace sx::store
