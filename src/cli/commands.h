// The `sanxiang` subcommands. Each returns the process exit code and prints one clear line on
// failure (Chinese, with what to do).
#pragma once

#include "cli/config.h"

namespace sx::cli {

int Serve(const Config& c);
int Init(const Config& c);
int Demo(const Config& c);
int Migrate(const Config& c, bool check_only);
// `calendar import FILE`: merges one year's holiday schedule into the stored calendar and
// recomputes the open deadlines; prints the change and how many deadlines moved. Exit 1 with the
// reason (and nothing changed) for a bad or conflicting file.
int CalendarImport(const Config& c, const std::string& file);
// `ledger verify`: exit 0 when everything verifies, 4 when something differs, 1 on errors.
// `vkey` empty: the verifier key from the ledger key file.
int LedgerVerify(const Config& c, const std::string& vkey);

struct WatchArgs {
  std::string url;    // http://host:port of the server
  std::string vkey;   // the published verifier key
  std::string state;  // local file holding the last checkpoint seen
  std::int64_t interval_ms = 10000;
  bool once = false;
};
// `ledger watch`: 0 after --once without alarm, 5 on an alarm (fork, rollback, bad signature),
// 1 on errors.
int LedgerWatch(const WatchArgs& a);

// `draw verify BUNDLE` (docs/draw.md): recomputes a published 双随机 draw from its bundle (a file,
// or "-" for stdin). Exit 0 on a match, 1 naming the first difference, 2 when the file cannot be
// read or is not a bundle.
int DrawVerify(const std::string& file);

}  // namespace sx::cli

namespace sx::cli {

// `archive export --case ID --out DIR`: sequences pending ledger leaves, then writes the case
// file's BagIt bag. Exit 0, or 1 with the reason (an open case without --allow-open, a key
// file missing, the directory not empty).
int ArchiveExport(const Config& c, std::int64_t case_id, const std::string& out, bool allow_open);
// `archive verify BAG`: prints the 四性检测 report; exit 0 when everything passes, 4 when
// something fails, 1 on errors (no key, not a directory). `vkey` empty: from the key file.
int ArchiveVerify(const Config& c, const std::string& bag, const std::string& vkey);

}  // namespace sx::cli
