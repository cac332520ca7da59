// sx_media against the fixtures in tests/data/media (made with the ffmpeg commands in its
// README.md) and against damaged and random files made here.
#include "media/media.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace sx::media {
namespace {

namespace fs = std::filesystem;

fs::path Data(const std::string& name) { return fs::path(SX_MEDIA_TEST_DATA) / name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sx-media-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct PngSize {
  int width = 0, height = 0;
};

// The PNG signature and the IHDR chunk's width and height (big-endian).
PngSize ReadPngSize(const std::string& png) {
  EXPECT_GE(png.size(), 33u);
  if (png.size() < 33) return {};
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(png[at + i]);
    return static_cast<int>(v);
  };
  return {be32(16), be32(20)};
}

TEST(ProbeTest, WebmWithVp8AndOpus) {
  auto info = Probe(Data("clip.webm"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->format, "matroska,webm");
  EXPECT_NEAR(info->duration_ms, 2000, 50);
  ASSERT_EQ(info->streams.size(), 2u);
  EXPECT_EQ(info->streams[0].kind, "video");
  EXPECT_EQ(info->streams[0].codec, "vp8");
  EXPECT_EQ(info->streams[0].width, 160);
  EXPECT_EQ(info->streams[0].height, 120);
  EXPECT_EQ(info->streams[1].kind, "audio");
  EXPECT_EQ(info->streams[1].codec, "opus");
  EXPECT_EQ(info->streams[1].sample_rate, 48000);
  EXPECT_EQ(info->streams[1].channels, 1);
  EXPECT_EQ(info->creation_time, "2026-11-20T09:30:00.000000Z");
  // Matroska keeps any tag (as MAKE / MODEL); -fflags +bitexact writes "Lavf" without a version.
  EXPECT_EQ(info->device_make, "Sanxiang");
  EXPECT_EQ(info->device_model, "SX-CAM-1");
  EXPECT_EQ(info->encoder, "Lavf");
}

TEST(ProbeTest, Mp4WithH264AndAacAndAppleTags) {
  auto info = Probe(Data("clip.mp4"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->format, "mov,mp4,m4a,3gp,3g2,mj2");
  EXPECT_NEAR(info->duration_ms, 2000, 50);
  ASSERT_EQ(info->streams.size(), 2u);
  EXPECT_EQ(info->streams[0].kind, "video");
  EXPECT_EQ(info->streams[0].codec, "h264");
  EXPECT_EQ(info->streams[0].width, 160);
  EXPECT_EQ(info->streams[0].height, 120);
  EXPECT_EQ(info->streams[1].kind, "audio");
  EXPECT_EQ(info->streams[1].codec, "aac");
  EXPECT_EQ(info->streams[1].sample_rate, 44100);
  EXPECT_EQ(info->streams[1].channels, 1);
  // With -movflags use_metadata_tags the mdta keys hold the strings as given.
  EXPECT_EQ(info->creation_time, "2026-11-20T09:30:00Z");
  EXPECT_EQ(info->device_make, "Sanxiang");
  EXPECT_EQ(info->device_model, "SX-CAM-1");
  EXPECT_EQ(info->encoder, "");
}

TEST(ProbeTest, WavHasOneAudioStreamAndNoTags) {
  auto info = Probe(Data("tone.wav"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->format, "wav");
  EXPECT_NEAR(info->duration_ms, 1000, 5);
  ASSERT_EQ(info->streams.size(), 1u);
  EXPECT_EQ(info->streams[0].kind, "audio");
  EXPECT_EQ(info->streams[0].codec, "pcm_s16le");
  EXPECT_EQ(info->streams[0].sample_rate, 8000);
  EXPECT_EQ(info->streams[0].channels, 1);
  EXPECT_EQ(info->creation_time, "");
  EXPECT_EQ(info->device_make, "");
  EXPECT_EQ(info->device_model, "");
}

TEST(ProbeTest, PhotoHasNoDuration) {
  auto info = Probe(Data("photo.jpg"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->format, "image2");
  EXPECT_EQ(info->duration_ms, 0);
  ASSERT_EQ(info->streams.size(), 1u);
  EXPECT_EQ(info->streams[0].kind, "video");
  EXPECT_EQ(info->streams[0].codec, "mjpeg");
  EXPECT_EQ(info->streams[0].width, 320);
  EXPECT_EQ(info->streams[0].height, 240);
}

TEST(ProbeTest, PhotoExifGivesDeviceAndTime) {
  auto info = Probe(Data("photo_exif.jpg"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->format, "image2");
  EXPECT_EQ(info->duration_ms, 0);
  ASSERT_EQ(info->streams.size(), 1u);
  EXPECT_EQ(info->streams[0].width, 320);  // as stored; Orientation 6 shows it 240 wide
  EXPECT_EQ(info->device_make, "Sanxiang");
  EXPECT_EQ(info->device_model, "SX-PHONE-2");
  EXPECT_EQ(info->creation_time, "2026-11-20T09:30:00");
}

TEST(ProbeTest, PhotoWithoutExifHasNoDevice) {
  auto info = Probe(Data("photo.jpg"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->device_make, "");
  EXPECT_EQ(info->device_model, "");
  EXPECT_EQ(info->creation_time, "");
}

TEST(ProbeTest, ToJsonUsesTheApiNames) {
  auto info = Probe(Data("clip.webm"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  const boost::json::object json = ToJson(*info);
  EXPECT_EQ(json.at("format").as_string(), "matroska,webm");
  EXPECT_EQ(json.at("durationMs").as_int64(), info->duration_ms);
  EXPECT_EQ(json.at("creationTime").as_string(), "2026-11-20T09:30:00.000000Z");
  EXPECT_EQ(json.at("deviceMake").as_string(), "Sanxiang");
  EXPECT_EQ(json.at("deviceModel").as_string(), "SX-CAM-1");
  EXPECT_EQ(json.at("encoder").as_string(), "Lavf");
  const boost::json::array& streams = json.at("streams").as_array();
  ASSERT_EQ(streams.size(), 2u);
  const boost::json::object& video = streams[0].as_object();
  EXPECT_EQ(video.at("kind").as_string(), "video");
  EXPECT_EQ(video.at("codec").as_string(), "vp8");
  EXPECT_EQ(video.at("width").as_int64(), 160);
  EXPECT_EQ(video.at("height").as_int64(), 120);
  const boost::json::object& audio = streams[1].as_object();
  EXPECT_EQ(audio.at("sampleRate").as_int64(), 48000);
  EXPECT_EQ(audio.at("channels").as_int64(), 1);
}

TEST(ProbeTest, MissingFileIsNotFound) {
  auto info = Probe(Data("no-such-file.mp4"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kNotFound);
}

struct PosterCase {
  const char* file;
  int max_width;
  int width, height;
};

class PosterTest : public ::testing::TestWithParam<PosterCase> {};

TEST_P(PosterTest, IsAPngThatFits) {
  const PosterCase& c = GetParam();
  auto png = PosterFrame(Data(c.file), c.max_width);
  ASSERT_TRUE(png.ok()) << png.status().message();
  const PngSize size = ReadPngSize(*png);
  EXPECT_EQ(size.width, c.width);
  EXPECT_EQ(size.height, c.height);
  EXPECT_LE(size.width, c.max_width);
  EXPECT_LE(size.height, c.max_width);
}

// Frames are scaled down to fit, never up; 4:3 stays 4:3; the rotated clip (160×120 with a
// 90° display matrix) and the photo with EXIF Orientation 6 stand upright.
INSTANTIATE_TEST_SUITE_P(
    Fixtures, PosterTest,
    ::testing::Values(PosterCase{"clip.webm", 320, 160, 120}, PosterCase{"clip.webm", 80, 80, 60},
                      PosterCase{"clip.mp4", 100, 100, 75}, PosterCase{"photo.jpg", 320, 320, 240},
                      PosterCase{"photo.jpg", 100, 100, 75}, PosterCase{"photo.jpg", 1, 1, 1},
                      PosterCase{"rotated.mp4", 320, 120, 160},
                      PosterCase{"rotated.mp4", 80, 60, 80},
                      PosterCase{"photo_exif.jpg", 320, 240, 320},
                      PosterCase{"photo_exif.jpg", 100, 75, 100}));

TEST(PosterFrameTest, AudioOnlyIsNotFound) {
  auto png = PosterFrame(Data("tone.wav"));
  ASSERT_FALSE(png.ok());
  EXPECT_EQ(png.status().code(), Code::kNotFound);
}

TEST(PosterFrameTest, WidthOutOfRangeIsInvalid) {
  for (int max_width : {0, -1, 4097}) {
    auto png = PosterFrame(Data("photo.jpg"), max_width);
    ASSERT_FALSE(png.ok());
    EXPECT_EQ(png.status().code(), Code::kInvalid);
  }
}

TEST(HostileInputTest, TruncatedInsideTheHeaderIsInvalid) {
  TempDir dir;
  const std::string mp4 = ReadFile(Data("clip.mp4"));
  // clip.mp4 is ftyp (32 bytes), then moov (2,337 bytes, +faststart), then mdat.
  for (std::size_t size : {0, 16, 100, 700, 1500}) {
    SCOPED_TRACE(size);
    const fs::path file = dir.Write("truncated.mp4", mp4.substr(0, size));
    auto info = Probe(file);
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.status().code(), Code::kInvalid);
    EXPECT_TRUE(info.status().message().starts_with("无法解析媒体文件: "))
        << info.status().message();
    auto png = PosterFrame(file);
    ASSERT_FALSE(png.ok());
    EXPECT_EQ(png.status().code(), Code::kInvalid);
  }
}

TEST(HostileInputTest, TruncatedInsideTheDataNeverCrashes) {
  TempDir dir;
  for (const char* name :
       {"clip.mp4", "clip.webm", "photo.jpg", "photo_exif.jpg", "tone.wav", "rotated.mp4"}) {
    const std::string bytes = ReadFile(Data(name));
    for (std::size_t size : {std::size_t{3000}, bytes.size() / 3, bytes.size() / 2}) {
      SCOPED_TRACE(std::string(name) + " " + std::to_string(size));
      const fs::path file = dir.Write(fs::path(name).filename().string(), bytes.substr(0, size));
      auto info = Probe(file);
      if (!info.ok()) {
        EXPECT_EQ(info.status().code(), Code::kInvalid);
      }
      auto png = PosterFrame(file, 64);
      if (png.ok()) {
        const PngSize s = ReadPngSize(*png);
        EXPECT_LE(s.width, 64);
        EXPECT_LE(s.height, 64);
      } else {
        EXPECT_NE(png.status().code(), Code::kOk);
      }
    }
  }
}

TEST(HostileInputTest, RandomBytesAreInvalid) {
  TempDir dir;
  std::mt19937 random(20261120);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  // The extension must not matter: image2 picks files by their name.
  for (const char* name : {"random.bin", "random.mp4", "random.webm", "random.jpg", "random.wav"}) {
    SCOPED_TRACE(name);
    const fs::path file = dir.Write(name, bytes);
    auto info = Probe(file);
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.status().code(), Code::kInvalid);
    EXPECT_TRUE(info.status().message().starts_with("无法解析媒体文件")) << info.status().message();
    auto png = PosterFrame(file);
    ASSERT_FALSE(png.ok());
  }
}

TEST(HostileInputTest, ADirectoryIsInvalid) {
  TempDir dir;
  auto info = Probe(dir.path());
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kInvalid);
}

TEST(ConcurrencyTest, ManyThreadsOnDifferentFiles) {
  const std::vector<std::string> files = {"clip.webm", "clip.mp4", "photo.jpg", "photo_exif.jpg",
                                          "rotated.mp4"};
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const fs::path file = Data(files[(t + i) % files.size()]);
        if (!Probe(file).ok()) ++failures[t];
        auto png = PosterFrame(file, 64);
        if (!png.ok() || png->substr(1, 3) != "PNG") ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace sx::media
