// `sanxiang ledger watch`: a witness for the ledger, run by anyone (the justice bureau, an
// auditor). Each round it fetches the server's checkpoint, checks the signature against the
// published key, and proves — from the server's tiles, each authenticated against the signed root
// — that the new tree extends the last one it saw (kept in a local state file). A rollback, a fork
// (same size, other root; or a tree that does not extend the old one) or a bad signature is an
// alarm.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "util/status.h"

namespace sx::services {

// GETs a URL; the body of a 200 response (kNotFound for 404).
using Fetch = std::function<Result<std::string>(const std::string& url)>;

struct WatchRound {
  bool first = false;       // no earlier checkpoint was known: this one is now remembered
  std::int64_t old_size = 0;
  std::int64_t new_size = 0;
};

// One round against the server at `base_url` ("http://host:port"). Alarms are kConflict with a
// message saying what was seen; the state file is then left as it was. Network trouble is
// kUnavailable (try again later).
Result<WatchRound> WatchOnce(const std::string& base_url, const std::string& verifier_key,
                             const std::string& state_file, const Fetch& fetch);

}  // namespace sx::services
