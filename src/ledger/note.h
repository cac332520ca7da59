// Signed notes (签名文书, C2SP signed-note) with Ed25519 keys, compatible with Go's
// golang.org/x/mod/sumdb/note: a text ending in a newline, a blank line, then one line per
// signature, `— <key name> <base64(4-byte key id ‖ 64-byte signature)>`.
//
// Keys are text. A signer key `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>` must be
// kept secret; its verifier key `<name>+<key id>+<base64(0x01 ‖ public key)>` is published. The key
// id (8 hex digits) is the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian.
// A name is non-empty UTF-8 without spaces (Unicode White_Space) or "+".
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::ledger {

struct NoteKeyPair {
  std::string signer_key;    // PRIVATE+KEY+... — secret
  std::string verifier_key;  // published
};

// A new key pair for `name` from the system's secure random source.
Result<NoteKeyPair> GenerateKey(std::string_view name);
// The key pair for `name` from a 32-byte Ed25519 seed (deterministic; for tests and key import).
Result<NoteKeyPair> KeyFromSeed(std::string_view name, std::span<const std::uint8_t, 32> seed);

// Signs with one Ed25519 key. The secret is wiped when the object is destroyed.
class Signer {
 public:
  static Result<Signer> FromKey(std::string_view signer_key);
  Signer(const Signer& other) = default;
  Signer& operator=(const Signer& other) = default;
  ~Signer();

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  // The 64-byte Ed25519 signature of `message`.
  std::array<std::uint8_t, 64> SignBytes(std::string_view message) const;

 private:
  Signer() = default;
  std::string name_;
  std::uint32_t key_id_ = 0;
  std::array<std::uint8_t, 64> secret_{};  // libsodium's seed ‖ public key
};

// Checks signatures of one Ed25519 key.
class Verifier {
 public:
  static Result<Verifier> FromKey(std::string_view verifier_key);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  bool VerifyBytes(std::string_view message, std::span<const std::uint8_t> signature) const;

 private:
  Verifier() = default;
  std::string name_;
  std::uint32_t key_id_ = 0;
  std::array<std::uint8_t, 32> public_key_{};
};

// The signed note of `text` (non-empty UTF-8 ending in "\n", no control characters other than
// newline) with one signature line per signer, in order.
Result<std::string> Sign(std::string_view text, std::span<const Signer> signers);

struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  std::string base64;  // base64(key id ‖ signature), as on the signature line
  bool operator==(const NoteSignature&) const = default;
};

struct OpenedNote {
  std::string text;                       // the signed text, final newline included
  std::vector<NoteSignature> verified;    // signatures by known keys, each key once
  std::vector<NoteSignature> unverified;  // signatures by unknown keys, duplicates dropped
};

// Parses `note` and checks its signatures against `known`, as Go's note.Open does:
//  - kInvalid: malformed (not UTF-8, a control character other than newline, no blank line
//    before the signatures, a malformed signature line, more than 100 signatures), a signature by
//    a known key that does not verify, or a signature matching two known keys;
//  - kUnauthenticated: well-formed, but no signature is by a known key.
Result<OpenedNote> Open(std::string_view note, std::span<const Verifier> known);

}  // namespace sx::ledger
