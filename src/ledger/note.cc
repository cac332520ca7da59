#include "ledger/note.h"

#include <sodium.h>

#include <cstring>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "ledger/base64.h"
#include "util/utf8.h"

namespace sx::ledger {

namespace {

constexpr std::uint8_t kAlgEd25519 = 0x01;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr int kMaxSignatures = 100;

// The next code point of well-formed UTF-8 `s` at `i`, advancing `i`.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t c = b(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x7F >> n);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
  i += n;
  return cp;
}

// Unicode White_Space, which Go's unicode.IsSpace tests.
bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return false;
  for (std::size_t i = 0; i < name.size();) {
    const char32_t c = NextCodePoint(name, i);
    if (c == U'+' || IsUnicodeSpace(c)) return false;
  }
  return true;
}

// Well-formed UTF-8 without ASCII control characters other than newline.
bool IsNoteText(std::string_view s) {
  if (!IsValidUtf8(s)) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  }
  return true;
}

// Splits `s` at the first `sep`: (before, after), or (s, "") when there is none.
std::pair<std::string_view, std::string_view> Chop(std::string_view s, char sep) {
  const std::size_t i = s.find(sep);
  if (i == std::string_view::npos) return {s, {}};
  return {s.substr(0, i), s.substr(i + 1)};
}

std::uint32_t KeyId(std::string_view name, std::span<const std::uint8_t> encoded_public_key) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  const unsigned char newline = '\n';
  crypto_hash_sha256_update(&st, &newline, 1);
  crypto_hash_sha256_update(&st, encoded_public_key.data(), encoded_public_key.size());
  unsigned char sum[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, sum);
  return (std::uint32_t{sum[0]} << 24) | (std::uint32_t{sum[1]} << 16) |
         (std::uint32_t{sum[2]} << 8) | sum[3];
}

// Eight hex digits (either case, as Go's strconv.ParseUint accepts).
std::optional<std::uint32_t> ParseKeyId(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    v = (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

// "<name>+<key id>+<base64(0x01 ‖ 32 bytes)>": the name, the key id and the 32 bytes, without
// checking the key id.
struct KeyText {
  std::string_view name;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> key{};
};

std::optional<KeyText> ParseKeyText(std::string_view s) {
  const auto [name, rest] = Chop(s, '+');
  const auto [id_hex, key64] = Chop(rest, '+');
  const auto id = ParseKeyId(id_hex);
  const auto key = DecodeBase64(key64);
  if (!id || !key || !IsValidName(name) || key->size() != 33 ||
      static_cast<std::uint8_t>((*key)[0]) != kAlgEd25519) {
    return std::nullopt;
  }
  KeyText k;
  k.name = name;
  k.key_id = *id;
  std::memcpy(k.key.data(), key->data() + 1, 32);
  return k;
}

std::array<std::uint8_t, 33> EncodedPublicKey(std::span<const std::uint8_t, 32> public_key) {
  std::array<std::uint8_t, 33> out;
  out[0] = kAlgEd25519;
  std::memcpy(out.data() + 1, public_key.data(), 32);
  return out;
}

std::string_view AsChars(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Status Malformed(std::string_view why) {
  return Status::Invalid(fmt::format("签名文书格式错误:{}", why));
}

}  // namespace

Result<NoteKeyPair> KeyFromSeed(std::string_view name, std::span<const std::uint8_t, 32> seed) {
  if (!IsValidName(name)) {
    return Status::Invalid(fmt::format("密钥名称“{}”无效:不能为空,不能含空白或“+”", name));
  }
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk;
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk;
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  sodium_memzero(sk.data(), sk.size());
  const auto encoded_pk = EncodedPublicKey(pk);
  std::array<std::uint8_t, 33> encoded_seed;
  encoded_seed[0] = kAlgEd25519;
  std::memcpy(encoded_seed.data() + 1, seed.data(), 32);
  const std::uint32_t id = KeyId(name, encoded_pk);
  NoteKeyPair keys{
      fmt::format("PRIVATE+KEY+{}+{:08x}+{}", name, id, EncodeBase64(AsChars(encoded_seed))),
      fmt::format("{}+{:08x}+{}", name, id, EncodeBase64(AsChars(encoded_pk)))};
  sodium_memzero(encoded_seed.data(), encoded_seed.size());
  return keys;
}

Result<NoteKeyPair> GenerateKey(std::string_view name) {
  if (sodium_init() < 0) return Status::Internal("libsodium 初始化失败");
  std::array<std::uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  auto keys = KeyFromSeed(name, seed);
  sodium_memzero(seed.data(), seed.size());
  return keys;
}

Result<Signer> Signer::FromKey(std::string_view signer_key) {
  const auto [p1, r1] = Chop(signer_key, '+');
  const auto [p2, rest] = Chop(r1, '+');
  std::optional<KeyText> k;
  if (p1 == "PRIVATE" && p2 == "KEY") k = ParseKeyText(rest);
  if (!k) return Status::Invalid("签名私钥格式错误");
  Signer s;
  std::array<std::uint8_t, 32> pk;
  crypto_sign_seed_keypair(pk.data(), s.secret_.data(), k->key.data());
  sodium_memzero(k->key.data(), k->key.size());
  if (KeyId(k->name, EncodedPublicKey(pk)) != k->key_id)
    return Status::Invalid("签名私钥的密钥编号与密钥不符");
  s.name_ = std::string(k->name);
  s.key_id_ = k->key_id;
  return s;
}

Signer::~Signer() { sodium_memzero(secret_.data(), secret_.size()); }

std::array<std::uint8_t, 64> Signer::SignBytes(std::string_view message) const {
  std::array<std::uint8_t, 64> sig;
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

Result<Verifier> Verifier::FromKey(std::string_view verifier_key) {
  const auto k = ParseKeyText(verifier_key);
  if (!k) return Status::Invalid("验证公钥格式错误");
  if (KeyId(k->name, EncodedPublicKey(k->key)) != k->key_id) {
    return Status::Invalid("验证公钥的密钥编号与密钥不符");
  }
  Verifier v;
  v.name_ = std::string(k->name);
  v.key_id_ = k->key_id;
  v.public_key_ = k->key;
  return v;
}

bool Verifier::VerifyBytes(std::string_view message,
                           std::span<const std::uint8_t> signature) const {
  return signature.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key_.data()) == 0;
}

Result<std::string> Sign(std::string_view text, std::span<const Signer> signers) {
  if (text.empty() || text.back() != '\n' || !IsNoteText(text)) {
    return Status::Invalid("要签名的文本应为以换行结尾的 UTF-8 文本,且不含换行以外的控制字符");
  }
  if (signers.empty()) return Status::Invalid("没有签名密钥");
  std::string note(text);
  note += '\n';
  for (const Signer& s : signers) {
    std::array<std::uint8_t, 4 + 64> raw;
    const std::uint32_t id = s.key_id();
    raw[0] = static_cast<std::uint8_t>(id >> 24);
    raw[1] = static_cast<std::uint8_t>(id >> 16);
    raw[2] = static_cast<std::uint8_t>(id >> 8);
    raw[3] = static_cast<std::uint8_t>(id);
    const auto sig = s.SignBytes(text);
    std::memcpy(raw.data() + 4, sig.data(), sig.size());
    note += kSigPrefix;
    note += s.name();
    note += ' ';
    note += EncodeBase64(AsChars(raw));
    note += '\n';
  }
  return note;
}

Result<OpenedNote> Open(std::string_view note, std::span<const Verifier> known) {
  if (!IsNoteText(note)) return Malformed("不是 UTF-8 文本,或含有换行以外的控制字符");
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Malformed("缺少签名前的空行");
  OpenedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Malformed("签名行应以换行结尾");

  std::set<std::pair<std::string, std::uint32_t>> seen;
  std::set<std::string_view> seen_unverified;
  int count = 0;
  while (!sigs.empty()) {
    const std::size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (!line.starts_with(kSigPrefix)) return Malformed("签名行应以“— ”开头");
    line.remove_prefix(kSigPrefix.size());
    const auto [name, b64] = Chop(line, ' ');
    const auto raw = DecodeBase64(b64);
    if (!raw || !IsValidName(name) || b64.empty() || raw->size() < 5) {
      return Malformed("签名行无法解析");
    }
    if (++count > kMaxSignatures) return Malformed("签名超过 100 个");
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(raw->data());
    const std::uint32_t id = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                             (std::uint32_t{bytes[2]} << 8) | bytes[3];

    const Verifier* match = nullptr;
    for (const Verifier& v : known) {
      if (v.name() != name || v.key_id() != id) continue;
      if (match != nullptr)
        return Status::Invalid(fmt::format("密钥 {}+{:08x} 有两个不同的验证公钥", name, id));
      match = &v;
    }
    const NoteSignature sig{std::string(name), id, std::string(b64)};
    if (match == nullptr) {
      if (seen_unverified.insert(line).second) out.unverified.push_back(sig);
      continue;
    }
    if (!seen.emplace(sig.name, id).second) continue;
    if (!match->VerifyBytes(out.text, std::span(bytes + 4, raw->size() - 4))) {
      return Status::Invalid(fmt::format("密钥 {}+{:08x} 的签名无效", name, id));
    }
    out.verified.push_back(sig);
  }
  if (out.verified.empty()) return Status::Unauthenticated("签名文书没有可信密钥的有效签名");
  return out;
}

}  // namespace sx::ledger
