// Metadata and a poster frame for the media files kept as evidence (视听资料, 电子数据): audio,
// video and photos, read with libavformat. Every file is treated as hostile: the work is bounded
// (probe size, a wall-clock deadline, a packet budget), and bad input becomes kInvalid, never a
// crash or a hang. Safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "util/status.h"

namespace sx::media {

struct StreamInfo {
  std::string kind;   // "video", "audio" or "other"
  std::string codec;  // libavcodec's short name: "h264", "vp8", "aac", "opus", "pcm_s16le", "mjpeg"
  int width = 0, height = 0;          // video and images
  int sample_rate = 0, channels = 0;  // audio
};

struct MediaInfo {
  // The container as libavformat names it: "matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2", "wav",
  // "image2", "mp3".
  std::string format;
  std::int64_t duration_ms = 0;  // 0 when unknown, and for still images
  std::vector<StreamInfo> streams;
  // As found in the tags (ISO 8601, e.g. "2026-11-20T09:30:00.000000Z"); for a photo, EXIF
  // DateTimeOriginal as "2026-11-20T09:30:00" (local time, no zone); empty if none.
  std::string creation_time;
  // From the tags: make/model, com.apple.quicktime.make/model, com.android.manufacturer/model;
  // for a photo, EXIF Make/Model; empty if none.
  std::string device_make, device_model;
  std::string encoder;  // the container's "encoder" tag, when present
};

// Reads the container and stream metadata. kNotFound when the file does not exist; kInvalid
// ("无法解析媒体文件: …") when it is not a media file we can read, is damaged, or takes too long.
Result<MediaInfo> Probe(const std::filesystem::path& file);

// A PNG of one representative frame — about 1 s in (or 10% of a shorter duration), else the first
// frame — or of the photo itself, turned upright (display matrix, EXIF Orientation) and scaled
// down to fit max_width × max_width with its aspect ratio kept (never scaled up). kNotFound when
// the file has no video or image stream; kInvalid when max_width is not within 1…4096.
Result<std::string> PosterFrame(const std::filesystem::path& file, int max_width = 320);

// {format, durationMs, streams: [{kind, codec, width, height, sampleRate, channels}],
//  creationTime, deviceMake, deviceModel, encoder}
boost::json::object ToJson(const MediaInfo& info);

}  // namespace sx::media
