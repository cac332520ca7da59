// The `sanxiang` subcommands. Each returns the process exit code and prints one clear line on
// failure (Chinese, with what to do).
#pragma once

#include "cli/config.h"

namespace sx::cli {

int Serve(const Config& c);
int Init(const Config& c);
int Demo(const Config& c);
int Migrate(const Config& c, bool check_only);
// `ledger verify`: exit 0 when everything verifies, 4 when something differs, 1 on errors.
// `vkey` empty: the verifier key from the ledger key file.
int LedgerVerify(const Config& c, const std::string& vkey);

}  // namespace sx::cli
