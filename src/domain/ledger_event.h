// One leaf of the record ledger (DESIGN.md "The ledger and privacy"): what happened, to which
// object, by whom and when, and SHA-256 digests of the content it refers to — never personal
// data. The encoding is canonical (one spelling per event) and versioned, so anyone can re-derive
// a leaf from the records and compare hashes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace sx::domain {

struct LedgerEvent {
  std::string type;            // "auth.sign_in", "agency.created", "officer.updated", …
  std::int64_t agency_id = 0;  // whose records; 0 for none
  std::string object;          // "user:12", "officer:7", "agency:1"
  std::int64_t actor_id = 0;   // the user who acted; 0 for the system or an anonymous caller
  std::string at;              // RFC 3339 UTC, milliseconds
  // name → "sha256:<64 hex>", e.g. {"record", …}; names unique.
  std::vector<std::pair<std::string, std::string>> digests = {};
};

// Version 1, compact JSON with keys in this order and digests sorted by name:
//   {"v":1,"type":"…","agency":1,"object":"…","actor":3,"at":"…","digests":{"record":"sha256:…"}}
// kInvalid when a name is not [a-z0-9_.:-]{1,64}, the time is not of the form
// 2026-01-05T00:00:00.000Z, a digest is not "sha256:" + 64 lower-case hex, or names repeat.
Result<std::string> EncodeLedgerEvent(const LedgerEvent& e);

// The inverse of EncodeLedgerEvent: accepts exactly the canonical spelling (so that
// EncodeLedgerEvent(*DecodeLedgerEvent(t)) == t) and nothing else — no whitespace, other key
// order, unsorted digests or escapes. A scan, not a JSON parse: verifiers decode every leaf.
Result<LedgerEvent> DecodeLedgerEvent(std::string_view text);

}  // namespace sx::domain
