// The bag as one tar file (archive/tar.h): written and read back byte for byte; an entry that
// leaves its directory, a link or a tar bigger than allowed is refused and leaves nothing behind.
#include "archive/tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "store/test_db.h"

namespace sx::archive {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::stringstream ss;
  ss << std::ifstream(p, std::ios::binary).rdbuf();
  return ss.str();
}

// A tar with one entry of `type` named `name` (content "x" for files, `link` for symlinks).
void HandMadeTar(const fs::path& tar, const std::string& name, unsigned type,
                 const std::string& link = "") {
  struct archive* w = archive_write_new();
  archive_write_set_format_pax_restricted(w);
  ASSERT_EQ(archive_write_open_filename(w, tar.c_str()), ARCHIVE_OK);
  archive_entry* e = archive_entry_new();
  archive_entry_copy_pathname(e, name.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, type == AE_IFREG ? 1 : 0);
  if (!link.empty()) archive_entry_copy_symlink(e, link.c_str());
  ASSERT_GE(archive_write_header(w, e), ARCHIVE_WARN);
  if (type == AE_IFREG) archive_write_data(w, "x", 1);
  archive_entry_free(e);
  archive_write_close(w);
  archive_write_free(w);
}

TEST(Tar, RoundTripsABagDirectory) {
  testing::TempDir tmp;
  const fs::path src = fs::path(tmp.path()) / "bag";
  fs::create_directories(src / "data/evidence");
  std::ofstream(src / "bagit.txt") << "BagIt-Version: 1.0\n";
  std::string big(3 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  std::ofstream(src / "data/evidence/01-录像.webm", std::ios::binary) << big;
  const fs::path tar = fs::path(tmp.path()) / "bag.tar";
  ASSERT_TRUE(WriteTar(src, tar, "case-7").ok());
  const fs::path out = fs::path(tmp.path()) / "out";
  auto root = ExtractTar(tar, out);
  ASSERT_TRUE(root.ok()) << root.status().message();
  EXPECT_EQ(*root, out / "case-7");
  EXPECT_EQ(Read(*root / "bagit.txt"), "BagIt-Version: 1.0\n");
  EXPECT_EQ(Read(*root / "data/evidence/01-录像.webm"), big);
  // Not into a directory that has something in it.
  EXPECT_FALSE(ExtractTar(tar, out).ok());
}

TEST(Tar, RefusesWhatCouldEscapeAndLeavesNothing) {
  testing::TempDir tmp;
  const fs::path base(tmp.path());
  struct Case {
    const char* what;
    std::string name;
    unsigned type;
    std::string link;
  } cases[] = {
      {"dot-dot", "bag/../../evil.txt", AE_IFREG, ""},
      {"absolute", "/tmp/evil.txt", AE_IFREG, ""},
      {"symlink", "bag/data/link", AE_IFLNK, "/etc/passwd"},
      {"fifo", "bag/data/fifo", AE_IFIFO, ""},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const fs::path tar = base / fmt::format("t{}.tar", n);
    const fs::path out = base / fmt::format("out{}", n++);
    HandMadeTar(tar, c.name, c.type, c.link);
    auto r = ExtractTar(tar, out);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalid);
    EXPECT_TRUE(fs::is_empty(out));
  }
  EXPECT_FALSE(fs::exists(base / "evil.txt"));
  // Limits on entries and bytes.
  const fs::path src = base / "src";
  fs::create_directories(src);
  for (int i = 0; i < 5; ++i) std::ofstream(src / fmt::format("f{}", i)) << "0123456789";
  ASSERT_TRUE(WriteTar(src, base / "five.tar", "x").ok());
  EXPECT_FALSE(ExtractTar(base / "five.tar", base / "few", {.max_entries = 3}).ok());
  EXPECT_FALSE(ExtractTar(base / "five.tar", base / "small", {.max_bytes = 30}).ok());
  EXPECT_TRUE(ExtractTar(base / "five.tar", base / "fits").ok());
  // Not a tar at all.
  std::ofstream(base / "junk.tar") << "this is not a tar file";
  EXPECT_FALSE(ExtractTar(base / "junk.tar", base / "junk").ok());
}

}  // namespace
}  // namespace sx::archive
