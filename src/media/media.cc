#include "media/media.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>
}
#include <cairo.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <boost/json/array.hpp>

namespace sx::media {
namespace {

// Bounds on the work one hostile file can cause.
constexpr auto kDeadline = std::chrono::seconds(10);         // wall clock, per open file
constexpr std::int64_t kProbeSize = 5'000'000;               // bytes read to find the streams
constexpr std::int64_t kAnalyzeDuration = 5 * AV_TIME_BASE;  // media time read for the same
constexpr int kMaxPackets = 600;                             // packets read per poster attempt
constexpr std::int64_t kMaxPixels = 8192LL * 8192;  // larger frames are refused by the decoder
constexpr int kMaxPosterWidth = 4096;

// Demuxers for the audio, video and photos evidence comes in. Playlists and concatenation (hls,
// concat, …) are left out: they would open further files or URLs named inside the file.
constexpr const char* kFormats =
    "mov,matroska,avi,flv,mpegts,mpeg,asf,ogg,mp3,wav,w64,aiff,aac,flac,amr,caf,"
    "image2,jpeg_pipe,png_pipe,webp_pipe,bmp_pipe,tiff_pipe,gif";

struct FormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct SwsFreer {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct AvFreer {
  void operator()(std::uint8_t* p) const { av_free(p); }
};
struct SurfaceDestroyer {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;

struct Deadline {
  std::chrono::steady_clock::time_point until;
  bool Passed() const { return std::chrono::steady_clock::now() > until; }
  static int Interrupt(void* self) { return static_cast<const Deadline*>(self)->Passed() ? 1 : 0; }
};

// An open, probed file. The context's interrupt callback points at `deadline`, so the context is
// declared after it (destroyed first).
struct Input {
  std::unique_ptr<Deadline> deadline;
  std::unique_ptr<AVFormatContext, FormatCloser> ctx;
};

void SilenceLibav() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

std::string AvError(int err) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> buf{};
  av_strerror(err, buf.data(), buf.size());
  return buf.data();
}

Status OpenError(const std::filesystem::path& file, int err) {
  const std::string name = file.filename().string();
  if (err == AVERROR(ENOENT)) return Status::NotFound(fmt::format("媒体文件不存在: {}", name));
  if (err == AVERROR_EXIT) {
    return Status::Invalid(fmt::format("无法解析媒体文件: {} 超过 {} 秒仍未读完", name,
                                       std::chrono::seconds(kDeadline).count()));
  }
  return Status::Invalid(fmt::format(
      "无法解析媒体文件: {} 已损坏或不是受支持的音视频、图片格式({})", name, AvError(err)));
}

// A damaged file can open with streams whose parameters were never found.
bool HasReadableStream(const AVFormatContext& ctx) {
  for (unsigned i = 0; i < ctx.nb_streams; ++i) {
    const AVCodecParameters& par = *ctx.streams[i]->codecpar;
    if (par.codec_type == AVMEDIA_TYPE_VIDEO && par.width > 0 && par.height > 0) return true;
    if (par.codec_type == AVMEDIA_TYPE_AUDIO && par.sample_rate > 0) return true;
  }
  return false;
}

Result<Input> Open(const std::filesystem::path& file) {
  SilenceLibav();
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return Status::NotFound(fmt::format("媒体文件不存在: {}", file.filename().string()));
  }
  // A FIFO or a device could block the open or never end.
  if (!std::filesystem::is_regular_file(file, ec)) {
    return Status::Invalid(
        fmt::format("无法解析媒体文件: {} 不是普通文件", file.filename().string()));
  }
  Input in;
  in.deadline = std::make_unique<Deadline>(Deadline{std::chrono::steady_clock::now() + kDeadline});
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return Status::Internal("内存不足,无法解析媒体文件");
  raw->interrupt_callback = {&Deadline::Interrupt, in.deadline.get()};
  raw->probesize = kProbeSize;
  raw->max_analyze_duration = kAnalyzeDuration;
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  av_dict_set(&options, "format_whitelist", kFormats, 0);
  av_dict_set(&options, "pattern_type", "none", 0);  // image2: the name is a file, not a pattern
  // "file:" keeps a name with a colon from being read as another protocol.
  const std::string url = "file:" + file.string();
  int err = avformat_open_input(&raw, url.c_str(), nullptr, &options);
  av_dict_free(&options);
  if (err < 0) return OpenError(file, err);  // avformat_open_input has freed the context
  in.ctx.reset(raw);
  err = avformat_find_stream_info(raw, nullptr);
  if (err < 0) return OpenError(file, err);
  if (!HasReadableStream(*raw)) {
    return Status::Invalid(fmt::format("无法解析媒体文件: {} 中没有可识别的音视频或图像数据",
                                       file.filename().string()));
  }
  return in;
}

bool IsStillImage(const AVFormatContext& ctx) {
  const std::string_view name = ctx.iformat->name;
  return name == "image2" || name.ends_with("_pipe");
}

// The first of `keys` found in the container's tags, then in each stream's.
std::string Tag(const AVFormatContext& ctx, std::initializer_list<const char*> keys) {
  auto find = [&](const AVDictionary* dict) -> std::string {
    for (const char* key : keys) {
      const AVDictionaryEntry* e = av_dict_get(dict, key, nullptr, 0);  // case-insensitive
      if (e != nullptr && e->value != nullptr && e->value[0] != '\0') return e->value;
    }
    return "";
  };
  if (std::string v = find(ctx.metadata); !v.empty()) return v;
  for (unsigned i = 0; i < ctx.nb_streams; ++i) {
    if (std::string v = find(ctx.streams[i]->metadata); !v.empty()) return v;
  }
  return "";
}

Status PosterError(const std::filesystem::path& file, std::string_view why) {
  return Status::Invalid(fmt::format("无法生成预览图: {} {}", file.filename().string(), why));
}

// Decodes the first frame of stream `index` from the current read position.
Result<FramePtr> DecodeFirstFrame(const std::filesystem::path& file, const Input& in, int index) {
  AVFormatContext* ctx = in.ctx.get();
  const AVStream* stream = ctx->streams[index];
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr) {
    return PosterError(
        file, fmt::format("的视频编码 {} 不受支持", avcodec_get_name(stream->codecpar->codec_id)));
  }
  std::unique_ptr<AVCodecContext, CodecFreer> dec(avcodec_alloc_context3(codec));
  std::unique_ptr<AVPacket, PacketFreer> packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (!dec || !packet || !frame) return Status::Internal("内存不足,无法生成预览图");
  if (avcodec_parameters_to_context(dec.get(), stream->codecpar) < 0) {
    return PosterError(file, "的视频参数无效");
  }
  dec->pkt_timebase = stream->time_base;
  dec->thread_count = 1;
  dec->max_pixels = kMaxPixels;
  if (int err = avcodec_open2(dec.get(), codec, nullptr); err < 0) {
    return PosterError(file, fmt::format("无法解码({})", AvError(err)));
  }
  for (int n = 0; n < kMaxPackets && !in.deadline->Passed(); ++n) {
    if (av_read_frame(ctx, packet.get()) < 0) break;  // end, damage or deadline: drain below
    const bool ours = packet->stream_index == index;
    const int err = ours ? avcodec_send_packet(dec.get(), packet.get()) : 0;
    av_packet_unref(packet.get());
    if (!ours || err < 0) continue;  // a damaged packet: try the next one
    if (avcodec_receive_frame(dec.get(), frame.get()) == 0) return frame;
  }
  if (avcodec_send_packet(dec.get(), nullptr) == 0 &&
      avcodec_receive_frame(dec.get(), frame.get()) == 0) {
    return frame;
  }
  return PosterError(file, "中没有可解码的画面");
}

// Clockwise rotation, in degrees (0, 90, 180, 270), a display matrix asks players to apply.
int Rotation(const std::uint8_t* matrix, std::size_t size) {
  if (matrix == nullptr || size < 9 * sizeof(std::int32_t)) return 0;
  const double counterclockwise =
      av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (std::isnan(counterclockwise)) return 0;
  const int degrees = static_cast<int>(std::lround(-counterclockwise / 90.0)) * 90;
  return ((degrees % 360) + 360) % 360;
}

// The stream's matrix (phone video), else the frame's (a JPEG's EXIF Orientation).
int Rotation(const AVStream& stream, const AVFrame& frame) {
  std::size_t size = 0;
  if (const std::uint8_t* m = av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, &size)) {
    return Rotation(m, size);
  }
  if (const AVFrameSideData* sd = av_frame_get_side_data(&frame, AV_FRAME_DATA_DISPLAYMATRIX)) {
    return Rotation(sd->data, sd->size);
  }
  return 0;
}

std::string Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

// EXIF's "YYYY:MM:DD HH:MM:SS" (local time, no zone) as ISO 8601; empty if malformed or unset.
std::string ExifTimeToIso(std::string_view exif) {
  static constexpr std::string_view kShape = "dddd:dd:dd dd:dd:dd";
  if (exif.size() < kShape.size() || exif.starts_with("0000")) return "";
  std::string iso(exif.substr(0, kShape.size()));
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = iso[i] >= '0' && iso[i] <= '9';
    if (kShape[i] == 'd' ? !digit : iso[i] != kShape[i]) return "";
  }
  iso[4] = iso[7] = '-';
  iso[10] = 'T';
  return iso;
}

// A JPEG's EXIF reaches us only through the decoder, as the frame's metadata. Tags the container
// already gave win; a photo that does not decode just has no EXIF.
void ReadExif(const std::filesystem::path& file, const Input& in, MediaInfo& info) {
  const int index = av_find_best_stream(in.ctx.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return;
  auto frame = DecodeFirstFrame(file, in, index);
  if (!frame.ok()) return;
  auto get = [&](const char* key) {
    const AVDictionaryEntry* e = av_dict_get((*frame)->metadata, key, nullptr, AV_DICT_MATCH_CASE);
    return e == nullptr ? std::string() : Trim(e->value);
  };
  if (info.device_make.empty()) info.device_make = get("Make");
  if (info.device_model.empty()) info.device_model = get("Model");
  if (info.creation_time.empty()) info.creation_time = ExifTimeToIso(get("DateTimeOriginal"));
  if (info.creation_time.empty()) info.creation_time = ExifTimeToIso(get("DateTime"));
}

cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Scales `frame` to fit max_width × max_width (never up), applies the rotation, encodes a PNG.
Result<std::string> EncodePng(const std::filesystem::path& file, const AVFrame& frame,
                              AVRational sample_aspect, int rotation, int max_width) {
  if (frame.width <= 0 || frame.height <= 0) return PosterError(file, "的画面尺寸无效");
  double display_width = frame.width;
  if (sample_aspect.num > 0 && sample_aspect.den > 0) display_width *= av_q2d(sample_aspect);
  double display_height = frame.height;
  if (rotation == 90 || rotation == 270) std::swap(display_width, display_height);
  const double scale = std::min({1.0, max_width / display_width, max_width / display_height});
  int width = std::max(1, static_cast<int>(std::lround(display_width * scale)));
  int height = std::max(1, static_cast<int>(std::lround(display_height * scale)));
  // Scaled size before rotation.
  const int scaled_w = (rotation == 90 || rotation == 270) ? height : width;
  const int scaled_h = (rotation == 90 || rotation == 270) ? width : height;

  std::unique_ptr<SwsContext, SwsFreer> sws(
      sws_getContext(frame.width, frame.height, static_cast<AVPixelFormat>(frame.format), scaled_w,
                     scaled_h, AV_PIX_FMT_0RGB32, SWS_AREA, nullptr, nullptr, nullptr));
  if (!sws) return PosterError(file, "的像素格式不受支持");
  // 0RGB32 is a native-endian 32-bit word per pixel, cairo's CAIRO_FORMAT_RGB24.
  const int stride = FFALIGN(scaled_w * 4, 64);
  std::unique_ptr<std::uint8_t, AvFreer> scaled(
      static_cast<std::uint8_t*>(av_malloc(static_cast<std::size_t>(stride) * scaled_h)));
  if (!scaled) return Status::Internal("内存不足,无法生成预览图");
  std::array<std::uint8_t*, 4> dst{scaled.get(), nullptr, nullptr, nullptr};
  std::array<int, 4> dst_stride{stride, 0, 0, 0};
  if (sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, dst.data(),
                dst_stride.data()) != scaled_h) {
    return PosterError(file, "的画面无法转换");
  }

  std::unique_ptr<std::uint8_t, AvFreer> rotated;
  std::uint8_t* pixels = scaled.get();
  int out_stride = stride;
  if (rotation != 0) {
    out_stride = FFALIGN(width * 4, 64);
    rotated.reset(
        static_cast<std::uint8_t*>(av_malloc(static_cast<std::size_t>(out_stride) * height)));
    if (!rotated) return Status::Internal("内存不足,无法生成预览图");
    for (int y = 0; y < scaled_h; ++y) {
      const auto* row = reinterpret_cast<const std::uint32_t*>(scaled.get() + y * stride);
      for (int x = 0; x < scaled_w; ++x) {
        int ox = x, oy = y;
        if (rotation == 90) ox = scaled_h - 1 - y, oy = x;
        if (rotation == 180) ox = scaled_w - 1 - x, oy = scaled_h - 1 - y;
        if (rotation == 270) ox = y, oy = scaled_w - 1 - x;
        reinterpret_cast<std::uint32_t*>(rotated.get() + oy * out_stride)[ox] = row[x];
      }
    }
    pixels = rotated.get();
  }

  std::unique_ptr<cairo_surface_t, SurfaceDestroyer> surface(
      cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, width, height, out_stride));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal("无法生成预览图: cairo 无法创建图像");
  }
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), &AppendPng, &png) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal("无法生成预览图: PNG 编码失败");
  }
  return png;
}

}  // namespace

Result<MediaInfo> Probe(const std::filesystem::path& file) {
  auto in = Open(file);
  if (!in.ok()) return in.status();
  const AVFormatContext& ctx = *in->ctx;
  MediaInfo info;
  info.format = ctx.iformat->name;
  if (!IsStillImage(ctx) && ctx.duration != AV_NOPTS_VALUE && ctx.duration > 0) {
    info.duration_ms = ctx.duration / (AV_TIME_BASE / 1000);
  }
  for (unsigned i = 0; i < ctx.nb_streams; ++i) {
    const AVCodecParameters& par = *ctx.streams[i]->codecpar;
    StreamInfo s;
    s.codec = avcodec_get_name(par.codec_id);
    if (par.codec_type == AVMEDIA_TYPE_VIDEO) {
      s.kind = "video";
      s.width = par.width;
      s.height = par.height;
    } else if (par.codec_type == AVMEDIA_TYPE_AUDIO) {
      s.kind = "audio";
      s.sample_rate = par.sample_rate;
      s.channels = par.ch_layout.nb_channels;
    } else {
      s.kind = "other";
    }
    info.streams.push_back(std::move(s));
  }
  info.creation_time = Tag(ctx, {"creation_time", "com.apple.quicktime.creationdate"});
  info.device_make = Tag(ctx, {"make", "com.apple.quicktime.make", "com.android.manufacturer"});
  info.device_model = Tag(ctx, {"model", "com.apple.quicktime.model", "com.android.model"});
  if (const AVDictionaryEntry* e = av_dict_get(ctx.metadata, "encoder", nullptr, 0)) {
    info.encoder = e->value;
  }
  if (IsStillImage(ctx)) ReadExif(file, *in, info);
  return info;
}

Result<std::string> PosterFrame(const std::filesystem::path& file, int max_width) {
  if (max_width < 1 || max_width > kMaxPosterWidth) {
    return Status::Invalid(fmt::format("预览图宽度应在 1 到 {} 之间", kMaxPosterWidth));
  }
  auto in = Open(file);
  if (!in.ok()) return in.status();
  AVFormatContext* ctx = in->ctx.get();
  int index = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) {
    return Status::NotFound(
        fmt::format("{} 中没有视频或图像,无法生成预览图", file.filename().string()));
  }
  const bool still =
      IsStillImage(*ctx) || (ctx->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;

  Result<FramePtr> frame = still ? DecodeFirstFrame(file, *in, index) : Status::NotFound("");
  if (!still) {
    // About 1 s in skips a fade from black; a short clip gets 10% of its length.
    std::int64_t target = AV_TIME_BASE;
    if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0) {
      target = std::min(target, ctx->duration / 10);
    }
    if (ctx->start_time != AV_NOPTS_VALUE) target += ctx->start_time;
    if (av_seek_frame(ctx, -1, target, AVSEEK_FLAG_BACKWARD) >= 0) {
      frame = DecodeFirstFrame(file, *in, index);
    }
  }
  if (!frame.ok() && !still) {  // the seek or the frame after it failed: the very first frame
    in = Open(file);
    if (!in.ok()) return in.status();
    index = av_find_best_stream(in->ctx.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) return PosterError(file, "中没有可解码的画面");
    frame = DecodeFirstFrame(file, *in, index);
  }
  if (!frame.ok()) return frame.status();
  const AVStream& s = *in->ctx->streams[index];
  AVRational sar = (*frame)->sample_aspect_ratio;
  if (sar.num <= 0) sar = s.sample_aspect_ratio;
  return EncodePng(file, **frame, sar, Rotation(s, **frame), max_width);
}

boost::json::object ToJson(const MediaInfo& info) {
  boost::json::array streams;
  for (const StreamInfo& s : info.streams) {
    streams.push_back(boost::json::object{{"kind", s.kind},
                                          {"codec", s.codec},
                                          {"width", s.width},
                                          {"height", s.height},
                                          {"sampleRate", s.sample_rate},
                                          {"channels", s.channels}});
  }
  return boost::json::object{{"format", info.format},          {"durationMs", info.duration_ms},
                             {"streams", std::move(streams)},  {"creationTime", info.creation_time},
                             {"deviceMake", info.device_make}, {"deviceModel", info.device_model},
                             {"encoder", info.encoder}};
}

}  // namespace sx::media
