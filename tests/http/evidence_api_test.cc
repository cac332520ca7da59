// Evidence end to end (issue #7): a resumable upload in chunks with a resume after a dropped
// connection, the refusals (wrong offset 409, a PNG declared as video, an ELF, a zero-byte file,
// path tricks and bidi overrides in the name), Range playback with the chain of custody, the
// ledger leaf holding the file's digest, a disk that fills up mid-upload (507, resumable), and a
// 2 GB upload whose memory stays bounded.
#include <openssl/evp.h>
#include <signal.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

constexpr std::int64_t kChunk = std::int64_t{8} << 20;

// A 1×1 PNG.
const std::string kPng(
    "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00"
    "\x3a\x7e\x9b\x55\x00\x00\x00\x0aIDAT\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4\x71"
    "\x00\x00\x00\x00IEND\xae\x42\x60\x82",
    67);

// The start of an MP4 file (an ftyp box), enough for libmagic.
const std::string kMp4Head(
    "\x00\x00\x00\x18"
    "ftypmp42\x00\x00\x00\x00mp42isom",
    24);

// The bytes [offset, offset+n) of a deterministic "video" of any size: an ftyp box, then a
// counter pattern. Never held whole.
std::string Pattern(std::int64_t offset, std::int64_t n) {
  std::string out(static_cast<std::size_t>(n), '\0');
  for (std::int64_t w = offset / 8; w * 8 < offset + n; ++w) {
    const std::uint64_t word = static_cast<std::uint64_t>(w) * 0x9E3779B97F4A7C15ull;
    char bytes[8];
    std::memcpy(bytes, &word, 8);
    for (std::int64_t k = 0; k < 8; ++k) {
      const std::int64_t p = w * 8 + k;
      if (p >= offset && p < offset + n) out[static_cast<std::size_t>(p - offset)] = bytes[k];
    }
  }
  const auto head = static_cast<std::int64_t>(kMp4Head.size());
  for (std::int64_t p = offset; p < std::min(offset + n, head); ++p) {
    out[static_cast<std::size_t>(p - offset)] = kMp4Head[static_cast<std::size_t>(p)];
  }
  return out;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex2(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  void Update(std::string_view b) { EVP_DigestUpdate(ctx_, b.data(), b.size()); }
  std::string Finish() {
    std::array<unsigned char, 32> h{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, h.data(), &len);
    std::string out = "sha256:";
    for (unsigned char c : h) out += fmt::format("{:02x}", c);
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

std::int64_t RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return 0;
}

class EvidenceApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto center = server_.agencies().GetByCode("zzgjj");
    ASSERT_TRUE(center.ok());
    auto powers = server_.cases().PowerItems(center->id);
    ASSERT_TRUE(powers.ok() && !powers->empty());
    auto officers = server_.people().List(center->id);
    ASSERT_TRUE(officers.ok() && !officers->empty());
    auto users = server_.auth().ListUsers(center->id);
    ASSERT_TRUE(users.ok());
    services::Principal who;
    for (const auto& u : *users) {
      if (u.username != "demo.officer") continue;
      who.user_id = u.id;
      who.agency_id = u.agency_id;
      who.username = u.username;
      who.roles = u.roles;
      who.department_id = u.department_id;
    }
    ASSERT_GT(who.user_id, 0);
    services::CaseInput in;
    in.power_item_id = powers->front().id;
    in.cause = "证据上传测试案件";
    in.source = "监督检查";
    in.party = {domain::PartyKind::kOrganisation, "证据测试有限公司", "91410100MA45T2CD3E"};
    in.officer_ids = {officers->front().id};
    auto c = server_.cases().Create(in, who);
    ASSERT_TRUE(c.ok()) << c.status().message();
    case_id_ = c->row.id;
  }

  HttpResponse Send(std::string_view method, const std::string& target,
                    std::vector<std::string> headers = {}, std::string_view body = {},
                    bool head = false) {
    for (auto& h : server_.SessionHeaders("demo.officer")) headers.push_back(h);
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), head, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  HttpResponse Create(std::string_view filename, std::int64_t size, std::string_view type) {
    json::object body{{"filename", filename},
                      {"size", size},
                      {"declaredType", type},
                      {"description", "现场执法记录"},
                      {"collectedAt", "2026-11-20T09:30:00+08:00"},
                      {"place", "郑州市二七区"},
                      {"deviceId", "DSJ-0042"},
                      {"step", "investigation"}};
    return Send("POST", fmt::format("/api/v1/cases/{}/evidence/uploads", case_id_),
                {"Content-Type: application/json"}, json::serialize(body));
  }

  HttpResponse Patch(std::int64_t upload, std::int64_t offset, std::string_view bytes) {
    return Send(
        "PATCH", fmt::format("/api/v1/uploads/{}", upload),
        {"Content-Type: application/offset+octet-stream", fmt::format("Upload-Offset: {}", offset)},
        bytes);
  }

  // Uploads `bytes` whole (in chunks) and returns the last answer.
  HttpResponse UploadAll(std::string_view filename, std::string_view type, std::string_view bytes) {
    auto c = Create(filename, static_cast<std::int64_t>(bytes.size()), type);
    EXPECT_EQ(c.status, 201) << c.body;
    const std::int64_t id = Json(c)["id"].as_int64();
    HttpResponse last;
    for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
      last = Patch(id, static_cast<std::int64_t>(at), bytes.substr(at, kChunk));
    }
    return last;
  }

  TestServer server_;
  std::int64_t case_id_ = 0;
};

TEST_F(EvidenceApi, ChunkedUploadResumesAfterADropAndPlaysBackWithRanges) {
  const std::int64_t size = 3 * 1024 * 1024 + 123;
  const std::string file = Pattern(0, size);
  auto c = Create("执法记录仪/现场.mp4", size, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  auto created = Json(c);
  EXPECT_EQ(created["offset"].as_int64(), 0);
  EXPECT_EQ(created["chunkBytes"].as_int64(), kChunk);
  EXPECT_EQ(created["filename"].as_string(), "现场.mp4");  // directories stripped
  const std::int64_t id = created["id"].as_int64();
  const std::int64_t part = 1024 * 1024;

  auto first = Patch(id, 0, std::string_view(file).substr(0, part));
  EXPECT_EQ(first.status, 204) << first.body;
  EXPECT_EQ(first.Header("upload-offset"), std::to_string(part));

  // A dropped connection: half a chunk sent, then the client goes away.
  {
    Connection conn(server_.port());
    ASSERT_TRUE(conn.connected());
    auto headers = server_.SessionHeaders("demo.officer");
    headers.push_back("Content-Type: application/offset+octet-stream");
    headers.push_back(fmt::format("Upload-Offset: {}", part));
    headers.push_back(fmt::format("Content-Length: {}", part));
    const std::string raw = RawRequest("PATCH", fmt::format("/api/v1/uploads/{}", id), headers);
    ASSERT_TRUE(conn.Send(raw));
    ASSERT_TRUE(conn.Send(std::string_view(file).substr(part, part / 2)));
  }
  // Where to resume: HEAD answers the offset.
  auto head = Send("HEAD", fmt::format("/api/v1/uploads/{}", id), {}, {}, true);
  ASSERT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("upload-offset"), std::to_string(part));
  EXPECT_EQ(head.Header("upload-length"), std::to_string(size));

  // A wrong offset: 409 with the current one.
  auto wrong = Patch(id, part + 10, std::string_view(file).substr(part + 10, 100));
  EXPECT_EQ(wrong.status, 409) << wrong.body;
  EXPECT_EQ(wrong.Header("upload-offset"), std::to_string(part));
  // More than the declared size.
  auto over = Patch(id, part, std::string(static_cast<std::size_t>(size), 'x'));
  EXPECT_EQ(over.status, 400) << over.body;

  auto rest = Patch(id, part, std::string_view(file).substr(part));
  ASSERT_EQ(rest.status, 201) << rest.body;
  auto e = Json(rest);
  EXPECT_EQ(e["mediaType"].as_string(), "video/mp4");
  EXPECT_EQ(e["size"].as_int64(), size);
  Sha256 h;
  h.Update(file);
  const std::string digest = h.Finish();
  EXPECT_EQ(e["sha256"].as_string(), digest);
  const std::int64_t eid = e["id"].as_int64();

  // The ledger leaf holds the file's digest.
  ASSERT_TRUE(server_.ledger().Integrate().ok());
  auto history = server_.ledger().History(fmt::format("evidence:{}", eid));
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_NE(history->front().entry.find("\"evidence.added\""), std::string::npos);
  EXPECT_NE(history->front().entry.find(digest), std::string::npos) << history->front().entry;

  // Range playback.
  const std::string content = fmt::format("/api/v1/evidence/{}/content", eid);
  auto whole = Send("GET", content);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, file);
  EXPECT_EQ(whole.Header("accept-ranges"), "bytes");
  EXPECT_EQ(whole.Header("content-type"), "video/mp4");
  auto slice = Send("GET", content, {"Range: bytes=1000-1999"});
  EXPECT_EQ(slice.status, 206);
  EXPECT_EQ(slice.body, file.substr(1000, 1000));
  EXPECT_EQ(slice.Header("content-range"), fmt::format("bytes 1000-1999/{}", size));
  auto tail = Send("GET", content, {fmt::format("Range: bytes={}-", size - 10)});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, file.substr(static_cast<std::size_t>(size - 10)));
  auto beyond = Send("GET", content, {fmt::format("Range: bytes={}-", size)});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.Header("content-range"), fmt::format("bytes */{}", size));
  auto download = Send("GET", content + "?download=1", {"Range: bytes=0-9"});
  EXPECT_EQ(download.status, 206);

  auto record = Json(Send("GET", fmt::format("/api/v1/evidence/{}", eid)));
  std::vector<std::string> actions;
  for (const auto& a : record["custody"].as_array()) {
    actions.emplace_back(a.at("action").as_string());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"view", "download"}));
  auto list = Json(Send("GET", fmt::format("/api/v1/cases/{}/evidence", case_id_)));
  ASSERT_EQ(list["items"].as_array().size(), 1u);

  // A finished upload takes no more bytes and cannot be discarded.
  EXPECT_EQ(Patch(id, size, "x").status, 409);
  EXPECT_EQ(Send("DELETE", fmt::format("/api/v1/uploads/{}", id)).status, 409);
}

TEST_F(EvidenceApi, RefusesMismatchedAndExecutableContent) {
  auto png = UploadAll("photo.mp4", "video/mp4", kPng);
  EXPECT_EQ(png.status, 400) << png.body;
  EXPECT_EQ(Json(png)["field"].as_string(), "declaredType");
  EXPECT_NE(png.body.find("image/png"), std::string::npos) << png.body;

  std::string elf(
      "\x7f"
      "ELF\x02\x01\x01\x00",
      8);
  elf.append(8, '\0');
  elf += std::string("\x02\x00\x3e\x00\x01\x00\x00\x00", 8);
  elf.append(200, '\0');
  auto exe = UploadAll("evil.png", "image/png", elf);
  EXPECT_EQ(exe.status, 400) << exe.body;
  EXPECT_EQ(Json(exe)["field"].as_string(), "declaredType");

  // The refused uploads are discarded: their partial files are gone.
  for (std::int64_t id : {1, 2}) {
    auto u = server_.evidence().Upload(id);
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(u->status, "discarded");
    EXPECT_FALSE(
        std::filesystem::exists(server_.blobs().root() / "uploads" / fmt::format("{}.part", id)));
  }
  auto good = UploadAll("photo.png", "image/png", kPng);
  EXPECT_EQ(good.status, 201) << good.body;
}

TEST_F(EvidenceApi, RefusesBadMetadataAndDiscards) {
  auto zero = Create("empty.mp4", 0, "video/mp4");
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(Json(zero)["field"].as_string(), "size");
  EXPECT_EQ(Create("a.exe", 10, "application/x-dosexec").status, 400);
  EXPECT_EQ(Create("x.mp4", (std::int64_t{64} << 30) + 1, "video/mp4").status, 400);
  auto dots = Create("../../etc/passwd.mp4", 10, "video/mp4");
  EXPECT_EQ(dots.status, 400);
  EXPECT_EQ(Json(dots)["field"].as_string(), "filename");
  auto bidi = Create(
      "invoice\xE2\x80\xAE"
      "4pm.exe",
      10, "video/mp4");  // U+202E
  EXPECT_EQ(bidi.status, 400);
  EXPECT_EQ(Json(bidi)["field"].as_string(), "filename");
  EXPECT_EQ(Create(std::string("a\0b.mp4", 7), 10, "video/mp4").status, 400);
  EXPECT_EQ(Create(std::string(201, 'a'), 10, "video/mp4").status, 400);

  auto c = Create("C:\\DCIM\\clip.mp4", 100, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(Json(c)["filename"].as_string(), "clip.mp4");
  const std::int64_t id = Json(c)["id"].as_int64();
  EXPECT_EQ(Patch(id, 0, Pattern(0, 50)).status, 204);
  EXPECT_EQ(Send("DELETE", fmt::format("/api/v1/uploads/{}", id)).status, 204);
  EXPECT_FALSE(
      std::filesystem::exists(server_.blobs().root() / "uploads" / fmt::format("{}.part", id)));
  EXPECT_EQ(Patch(id, 50, Pattern(50, 50)).status, 409);
}

// Another process (or this one after a restart) finishes an upload whose running hash it never
// saw: it re-hashes the partial file once and stores the same digest.
TEST_F(EvidenceApi, CompletesWithoutTheRunningHash) {
  server_.evidence().set_checkpoint(1, std::chrono::hours(1));  // every chunk durable
  const std::int64_t size = 300 * 1024;
  const std::string file = Pattern(0, size);
  auto c = Create("clip.mp4", size, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::int64_t id = Json(c)["id"].as_int64();
  ASSERT_EQ(Patch(id, 0, std::string_view(file).substr(0, 100 * 1024)).status, 204);
  server_.evidence().WaitForCheckpoints();
  services::EvidenceService other(server_.db(), server_.clock(), server_.blobs());
  auto u = other.Upload(id);
  ASSERT_TRUE(u.ok());
  services::Principal who;
  who.user_id = u->created_by;
  auto done = other.Append(id, 100 * 1024, std::string_view(file).substr(100 * 1024), who);
  ASSERT_TRUE(done.ok()) << done.status().message();
  ASSERT_TRUE(done->evidence);
  Sha256 h;
  h.Update(file);
  EXPECT_EQ(done->evidence->digest, h.Finish());
}

// Between checkpoints the offset lives in the serving process: HEAD answers it, the database
// keeps the last checkpoint (written in the background, waited for here). A restart (a second
// service over the same database and files) resumes from the checkpoint and cuts off the part
// file's bytes after it; a clean shutdown (Checkpoint) saves the offset first. The digest comes out
// right either way.
TEST_F(EvidenceApi, ARestartResumesFromTheLastCheckpoint) {
  constexpr std::int64_t kMiB = 1 << 20;
  server_.evidence().set_checkpoint(2 * kMiB, std::chrono::hours(1));
  const std::int64_t size = 6 * kMiB;
  const std::string file = Pattern(0, size);
  const std::string_view bytes(file);
  auto c = Create("restart.mp4", size, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::int64_t id = Json(c)["id"].as_int64();
  const auto part = server_.blobs().root() / "uploads" / fmt::format("{}.part", id);
  const auto stored = [&](services::EvidenceService& s) {
    auto u = s.Upload(id);
    return u.ok() ? u->received : -1;
  };
  for (std::int64_t at = 0; at < 3 * kMiB; at += kMiB) {
    ASSERT_EQ(Patch(id, at, bytes.substr(at, kMiB)).status, 204);
  }
  auto head = Send("HEAD", fmt::format("/api/v1/uploads/{}", id), {}, {}, true);
  EXPECT_EQ(head.Header("upload-offset"), std::to_string(3 * kMiB));
  server_.evidence().WaitForCheckpoints();

  services::Principal who;
  who.user_id = server_.evidence().Upload(id)->created_by;
  {
    services::EvidenceService restarted(server_.db(), server_.clock(), server_.blobs());
    EXPECT_EQ(stored(restarted), 2 * kMiB);  // the checkpoint at 2 MiB
    auto ahead = restarted.Append(id, 3 * kMiB, bytes.substr(3 * kMiB, kMiB), who);
    ASSERT_FALSE(ahead.ok());
    EXPECT_EQ(ahead.status().code(), Code::kConflict);
    EXPECT_NE(ahead.status().message().find(std::to_string(2 * kMiB)), std::string::npos);
    // Resending from the checkpoint cuts what the first process wrote after it.
    ASSERT_TRUE(restarted.Append(id, 2 * kMiB, bytes.substr(2 * kMiB, kMiB / 2), who).ok());
    EXPECT_EQ(std::filesystem::file_size(part), static_cast<std::uintmax_t>(5 * kMiB / 2));
    EXPECT_EQ(stored(restarted), 5 * kMiB / 2);
    // A clean shutdown saves the offset.
    ASSERT_TRUE(restarted.Checkpoint().ok());
  }
  services::EvidenceService again(server_.db(), server_.clock(), server_.blobs());
  EXPECT_EQ(stored(again), 5 * kMiB / 2);
  auto done = again.Append(id, 5 * kMiB / 2, bytes.substr(5 * kMiB / 2), who);
  ASSERT_TRUE(done.ok()) << done.status().message();
  ASSERT_TRUE(done->evidence);
  Sha256 h;
  h.Update(file);
  EXPECT_EQ(done->evidence->digest, h.Finish());
  // The first process's memory of the upload is stale: it answers from the database.
  EXPECT_EQ(Patch(id, 3 * kMiB, bytes.substr(3 * kMiB, kMiB)).status, 409);
}

std::size_t FilesUnder(const std::filesystem::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

// A disk that fills up mid-upload, for real: a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored)
// makes the write of the part file fail with EFBIG partway through a chunk. The answer is 507;
// nothing reaches the blob store; the upload stays open at the last good offset with its part
// file cut back to it; the server keeps serving; and once the limit is lifted (space freed) the
// client resumes from that offset and the stored digest is right.
TEST_F(EvidenceApi, DiskFullMidChunkAnswers507AndTheUploadResumes) {
  const std::int64_t size = 4 * kChunk;
  const std::string file = Pattern(0, size);
  auto c = Create("full.mp4", size, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::int64_t id = Json(c)["id"].as_int64();
  const std::int64_t good = 3 * kChunk;
  for (std::int64_t at = 0; at < good; at += kChunk) {
    ASSERT_EQ(Patch(id, at, std::string_view(file).substr(at, kChunk)).status, 204);
  }
  const auto blobs_before = FilesUnder(server_.blobs().root() / "sha256");
  const auto part = server_.blobs().root() / "uploads" / fmt::format("{}.part", id);

  // Files of this process may not grow past half the next chunk from now on (the database's
  // files are far smaller; nothing else writes during this one request).
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit capped = old;
  capped.rlim_cur = static_cast<rlim_t>(good + kChunk / 2);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &capped), 0);
  auto full = Patch(id, good, std::string_view(file).substr(good, kChunk));
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(full.status, 507) << full.body;
  auto problem = Json(full);
  EXPECT_EQ(problem["type"].as_string(), "/problems/insufficient-storage");
  EXPECT_NE(std::string(problem["detail"].as_string()).find("存储空间不足"), std::string::npos);
  EXPECT_EQ(full.Header("upload-offset"), std::to_string(good));
  EXPECT_EQ(FilesUnder(server_.blobs().root() / "sha256"), blobs_before);
  EXPECT_EQ(std::filesystem::file_size(part), static_cast<std::uintmax_t>(good));
  auto head = Send("HEAD", fmt::format("/api/v1/uploads/{}", id), {}, {}, true);
  ASSERT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("upload-offset"), std::to_string(good));
  auto list = Json(Send("GET", fmt::format("/api/v1/cases/{}/evidence", case_id_)));
  EXPECT_TRUE(list["items"].as_array().empty());
  auto health = Send("GET", "/healthz");
  EXPECT_EQ(health.status, 200);

  auto done = Patch(id, good, std::string_view(file).substr(good));
  ASSERT_EQ(done.status, 201) << done.body;
  Sha256 h;
  h.Update(file);
  EXPECT_EQ(Json(done)["sha256"].as_string(), h.Finish());
  EXPECT_EQ(FilesUnder(server_.blobs().root() / "sha256"), blobs_before + 1);
  // Playback streams any range from the file, however long (no 8 MiB slices any more).
  const std::string content =
      fmt::format("/api/v1/evidence/{}/content", Json(done)["id"].as_int64());
  auto rest = Send("GET", content, {"Range: bytes=100-"});
  EXPECT_EQ(rest.status, 206);
  EXPECT_EQ(rest.Header("content-range"), fmt::format("bytes 100-{}/{}", size - 1, size));
  EXPECT_TRUE(rest.body == file.substr(100)) << rest.body.size() << " bytes";
}

// Free space below the reserve refuses a new upload, and a chunk, before anything is written.
TEST_F(EvidenceApi, RefusesUploadsAndChunksThatWouldEatIntoTheReserve) {
  const std::string file = Pattern(0, 4096);
  server_.evidence().set_storage_reserve(std::numeric_limits<std::int64_t>::max() / 2);
  auto refused = Create("clip.mp4", 4096, "video/mp4");
  EXPECT_EQ(refused.status, 507) << refused.body;
  EXPECT_EQ(Json(refused)["type"].as_string(), "/problems/insufficient-storage");
  EXPECT_FALSE(refused.HasHeader("upload-offset"));

  server_.evidence().set_storage_reserve(0);
  auto c = Create("clip.mp4", 4096, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::int64_t id = Json(c)["id"].as_int64();
  ASSERT_EQ(Patch(id, 0, std::string_view(file).substr(0, 1024)).status, 204);
  server_.evidence().set_storage_reserve(std::numeric_limits<std::int64_t>::max() / 2);
  auto chunk = Patch(id, 1024, std::string_view(file).substr(1024));
  EXPECT_EQ(chunk.status, 507) << chunk.body;
  EXPECT_EQ(chunk.Header("upload-offset"), "1024");
  server_.evidence().set_storage_reserve(0);
  EXPECT_EQ(Patch(id, 1024, std::string_view(file).substr(1024)).status, 201);
}

// Issue #7's acceptance: a 2 GB file in 256 chunks of 8 MiB, interrupted once and resumed; the
// process (server in-process) stays under 100 MB above where it started, and the stored digest
// is the client's SHA-256 of the source (what `sha256sum` prints).
TEST_F(EvidenceApi, TwoGigabyteUploadStaysUnder100MB) {
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer the allocator's own bookkeeping defeats the memory bound and 2 GB
  // through the instrumented server takes minutes: the release build runs this test.
  GTEST_SKIP() << "2 GB upload: release build only";
#endif
  const std::int64_t size = 256 * kChunk;
  const auto started = std::chrono::steady_clock::now();
  auto c = Create("bodycam.mp4", size, "video/mp4");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::int64_t id = Json(c)["id"].as_int64();
  Sha256 source;
  const std::int64_t rss_start = RssKb();
  std::int64_t rss_peak = rss_start;
  std::int64_t offset = 0;
  bool interrupted = false;
  HttpResponse last;
  while (offset < size) {
    std::string chunk = Pattern(offset, kChunk);
    if (!interrupted && offset == 128 * kChunk) {
      interrupted = true;
      Connection conn(server_.port());
      ASSERT_TRUE(conn.connected());
      auto headers = server_.SessionHeaders("demo.officer");
      headers.push_back("Content-Type: application/offset+octet-stream");
      headers.push_back(fmt::format("Upload-Offset: {}", offset));
      headers.push_back(fmt::format("Content-Length: {}", kChunk));
      ASSERT_TRUE(conn.Send(RawRequest("PATCH", fmt::format("/api/v1/uploads/{}", id), headers)));
      ASSERT_TRUE(conn.Send(std::string_view(chunk).substr(0, chunk.size() / 3)));
      continue;  // the connection closes here; ask where to resume
    }
    if (interrupted && offset == 128 * kChunk) {
      auto head = Send("HEAD", fmt::format("/api/v1/uploads/{}", id), {}, {}, true);
      ASSERT_EQ(head.status, 200);
      ASSERT_EQ(head.Header("upload-offset"), std::to_string(offset));
    }
    last = Patch(id, offset, chunk);
    ASSERT_TRUE(last.status == 204 || last.status == 201) << last.status << " " << last.body;
    source.Update(chunk);
    offset += kChunk;
    rss_peak = std::max(rss_peak, RssKb());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(last.status, 201) << last.body;
  const std::string digest = source.Finish();
  auto e = Json(last);
  EXPECT_EQ(e["sha256"].as_string(), digest);
  EXPECT_EQ(e["size"].as_int64(), size);
  EXPECT_LT(rss_peak - rss_start, 100 * 1024)
      << "resident memory grew by " << (rss_peak - rss_start) << " KiB";
  // The stored file is the source, byte for byte (its name is its digest).
  EXPECT_TRUE(server_.blobs().Check(digest).ok());
  RecordProperty("seconds", std::to_string(seconds));
  RecordProperty("rss_growth_kib", std::to_string(rss_peak - rss_start));
  std::printf("2 GB upload: %.1f s, resident memory +%lld KiB\n", seconds,
              static_cast<long long>(rss_peak - rss_start));
  auto path = server_.blobs().PathOf(digest);
  ASSERT_TRUE(path.ok());
  std::filesystem::remove(*path);
}

}  // namespace
}  // namespace sx::testing
