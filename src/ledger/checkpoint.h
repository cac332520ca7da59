// Checkpoints (检查点, C2SP tlog-checkpoint): the signed statement of a log's size and root, the
// body of a signed note (see note.h).
//
//   <origin>\n<tree size>\n<base64 root>\n[<extension line>\n]...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"
#include "util/status.h"

namespace sx::ledger {

struct Checkpoint {
  std::string origin;                   // the log's unique name, e.g. "sanxiang.example/ledger"
  std::int64_t size = 0;                // number of leaves
  Hash root{};                          // RFC 9162 root of those leaves
  std::vector<std::string> extensions;  // optional further lines, each non-empty
};

// The checkpoint text. kInvalid when the origin is empty or has control characters or is not
// UTF-8, the size is negative, or an extension line is empty, has control characters (a newline
// among them) or is not UTF-8.
Result<std::string> FormatCheckpoint(const Checkpoint& c);

// Parses checkpoint text strictly: every line ends in "\n"; the size is decimal without leading
// zeros (except "0") and fits int64; the root is canonical padded base64 of exactly 32 bytes;
// extension lines are non-empty. Nothing else is accepted.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace sx::ledger
