// A short PCM WAV recording for tests that need real audio evidence (libmagic sniffs it as
// audio/x-wav).
#pragma once

#include <cstdint>
#include <string>

namespace sx::testing {

// RIFF/WAVE, 8 kHz mono 16-bit, `samples` samples of a saw tooth.
inline std::string Wav(int samples) {
  auto le = [](std::string& s, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  std::string w = "RIFF";
  le(w, 36 + 2 * samples, 4);
  w += "WAVEfmt ";
  le(w, 16, 4);
  le(w, 1, 2);      // PCM
  le(w, 1, 2);      // mono
  le(w, 8000, 4);   // sample rate
  le(w, 16000, 4);  // byte rate
  le(w, 2, 2);      // block align
  le(w, 16, 2);     // bits per sample
  w += "data";
  le(w, 2 * samples, 4);
  for (int i = 0; i < samples; ++i) le(w, static_cast<std::uint32_t>((i * 37) % 2000), 2);
  return w;
}

}  // namespace sx::testing
