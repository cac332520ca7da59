// The case file over HTTP (issue #7): an archived demo case's 四性检测 report and its bag as a tar
// download, for the agency and for supervisors, never for strangers; a closed file takes no more
// evidence; a video's metadata and poster frame read with libavformat; the 音像记录 duty of a step
// shown before the form and enforced after it.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"
#include "services/demo.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

class ArchiveApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(services::LoadDemoCases(server_.db(), server_.cases()).ok());
    auto list = Json(Send("demo.officer", "GET", "/api/v1/cases"));
    for (const auto& c : list["items"].as_array()) {
      const auto stage = c.at("stage").as_string();
      if (stage == "archived") archived_ = c.at("id").as_int64();
      // The first demo case under investigation (第37条, with a fine).
      if (stage == "investigation" &&
          (investigating_ == 0 || c.at("id").as_int64() < investigating_))
        investigating_ = c.at("id").as_int64();
    }
    ASSERT_GT(archived_, 0);
    ASSERT_GT(investigating_, 0);
  }

  HttpResponse Send(std::string_view user, std::string_view method, const std::string& target,
                    std::vector<std::string> headers = {}, std::string_view body = {}) {
    for (auto& h : server_.SessionHeaders(user)) headers.push_back(h);
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }

  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  // Uploads `bytes` in one chunk to case `id`; returns the last answer.
  HttpResponse Upload(std::int64_t id, std::string_view name, std::string_view type,
                      std::string_view bytes, std::string_view step) {
    json::object body{{"filename", name},
                      {"size", static_cast<std::int64_t>(bytes.size())},
                      {"declaredType", type},
                      {"step", step}};
    auto c = Send("demo.officer", "POST", fmt::format("/api/v1/cases/{}/evidence/uploads", id),
                  {"Content-Type: application/json"}, json::serialize(body));
    if (c.status != 201) return c;
    return Send("demo.officer", "PATCH",
                fmt::format("/api/v1/uploads/{}", Json(c)["id"].as_int64()),
                {"Content-Type: application/offset+octet-stream", "Upload-Offset: 0"}, bytes);
  }

  static std::string Fixture(std::string_view name) {
    std::ifstream in(std::string(SX_MEDIA_TEST_DATA) + "/" + std::string(name), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  TestServer server_;
  std::int64_t archived_ = 0;
  std::int64_t investigating_ = 0;
};

TEST_F(ArchiveApi, TheArchivedFileIsCheckedAndDownloaded) {
  const std::string check = fmt::format("/api/v1/cases/{}/archive/check", archived_);
  auto r = Send("demo.officer", "GET", check);
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = Json(r);
  EXPECT_TRUE(report["ok"].as_bool()) << r.body;
  ASSERT_EQ(report["sections"].as_array().size(), 4u);
  std::vector<std::string> names;
  for (const auto& s : report["sections"].as_array()) {
    names.emplace_back(s.at("name").as_string());
    EXPECT_TRUE(s.at("failed").as_array().empty()) << r.body;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"真实性", "完整性", "可用性", "安全性"}));
  EXPECT_GT(report["items"].as_int64(), 5);

  auto bag = Send("demo.officer", "GET", fmt::format("/api/v1/cases/{}/archive/bag", archived_));
  ASSERT_EQ(bag.status, 200) << bag.body.substr(0, 300);
  EXPECT_EQ(bag.Header("content-type"), "application/x-tar");
  EXPECT_NE(bag.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  // A ustar header: the first entry's name is inside the bag's directory, "ustar" at 257.
  ASSERT_GT(bag.body.size(), 1024u);
  EXPECT_EQ(bag.body.substr(0, fmt::format("case-{}/", archived_).size()),
            fmt::format("case-{}/", archived_));
  EXPECT_EQ(bag.body.substr(257, 5), "ustar");
  EXPECT_EQ(bag.body.size() % 512, 0u);

  // Supervisors open any archived file; a stranger to the agency does not.
  EXPECT_EQ(Send("demo.supervisor", "GET", check).status, 200);
  EXPECT_EQ(Send("demo.sfj.admin", "GET", check).status, 403);
  // A closed file takes no more evidence.
  auto late = Upload(archived_, "补充录像.wav", "audio/wav", "RIFF", "other");
  EXPECT_EQ(late.status, 409) << late.body;
  // An open case has no file yet.
  auto open =
      Send("demo.officer", "GET", fmt::format("/api/v1/cases/{}/archive/check", investigating_));
  EXPECT_EQ(open.status, 409) << open.body;
  EXPECT_NE(open.body.find("尚未结案"), std::string::npos) << open.body;
}

TEST_F(ArchiveApi, AVideoShowsItsMetadataAndPoster) {
  const std::string clip = Fixture("clip.webm");
  ASSERT_GT(clip.size(), 1000u);
  auto r = Upload(investigating_, "执法记录仪.webm", "video/webm", clip, "investigation");
  ASSERT_EQ(r.status, 201) << r.body;  // the last chunk created the evidence
  auto e = Json(r);
  EXPECT_EQ(e["mediaType"].as_string(), "video/webm");
  ASSERT_TRUE(e["media"].is_object()) << r.body;
  const auto& media = e["media"].as_object();
  EXPECT_NEAR(static_cast<double>(media.at("durationMs").as_int64()), 2000.0, 150.0);
  std::vector<std::string> codecs;
  for (const auto& s : media.at("streams").as_array())
    codecs.emplace_back(s.at("codec").as_string());
  EXPECT_EQ(codecs, (std::vector<std::string>{"vp8", "opus"}));
  EXPECT_EQ(std::string(media.at("creationTime").as_string()).substr(0, 19), "2026-11-20T09:30:00");
  ASSERT_TRUE(e["poster"].is_string());
  auto poster = Send("demo.officer", "GET", std::string(e["poster"].as_string()));
  ASSERT_EQ(poster.status, 200);
  EXPECT_EQ(poster.Header("content-type"), "image/png");
  EXPECT_EQ(poster.body.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // Audio has no poster.
  auto wav =
      Upload(investigating_, "询问录音.wav", "audio/wav", Fixture("tone.wav"), "investigation");
  ASSERT_EQ(wav.status, 201) << wav.body;
  auto a = Json(wav);
  EXPECT_TRUE(a["poster"].is_null());
  EXPECT_EQ(
      Send("demo.officer", "GET", fmt::format("/api/v1/evidence/{}/poster", a["id"].as_int64()))
          .status,
      404);
  // An unknown scene is refused with the field.
  auto odd = Upload(investigating_, "x.wav", "audio/wav", Fixture("tone.wav"), "../etc");
  EXPECT_EQ(odd.status, 400);
  EXPECT_NE(odd.body.find("\"step\""), std::string::npos) << odd.body;
}

TEST_F(ArchiveApi, TheRecordingDutyIsShownAndEnforced) {
  auto c = Json(Send("demo.officer", "GET", fmt::format("/api/v1/cases/{}", investigating_)));
  bool shown = false;
  for (const auto& a : c["actions"].as_array()) {
    if (a.at("action").as_string() != "finish_investigation") continue;
    shown = true;
    EXPECT_EQ(a.at("recording").at("duty").as_string(), "as_required");
    EXPECT_EQ(a.at("recording").at("scene").as_string(), "investigation");
    EXPECT_EQ(a.at("recording").at("recordings").as_int64(), 0);
  }
  EXPECT_TRUE(shown);
  auto step = Send("demo.officer", "POST", fmt::format("/api/v1/cases/{}/steps", investigating_),
                   {"Content-Type: application/json"},
                   json::serialize(json::object{{"version", c["version"].as_int64()},
                                                {"action", "finish_investigation"},
                                                {"outcome", "penalty"},
                                                {"fine", 20000}}));
  EXPECT_EQ(step.status, 400) << step.body;
  EXPECT_NE(step.body.find("noRecordingReason"), std::string::npos) << step.body;
}

}  // namespace
}  // namespace sx::testing
