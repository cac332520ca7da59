// The `sanxiang` subcommands. Each returns the process exit code and prints one clear line on
// failure (Chinese, with what to do).
#pragma once

#include "cli/config.h"

namespace sx::cli {

int Serve(const Config& c);
int Init(const Config& c);
int Demo(const Config& c);
int Migrate(const Config& c, bool check_only);

}  // namespace sx::cli
