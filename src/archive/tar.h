// A bag as one download: a POSIX (pax) tar of a directory, written with libarchive.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "util/status.h"

namespace sx::archive {

// Writes every regular file under `dir` (sorted, paths relative to it, under `root/`, which should
// be ASCII) into the tar file `tar_path`, streaming each file in pieces. kInvalid for a symlink or
// special file in `dir`, kUnavailable when the tar cannot be written (a full disk: the partial tar
// is removed).
Status WriteTar(const std::filesystem::path& dir, const std::filesystem::path& tar_path,
                std::string_view root);

// Unpacks the tar file `tar_path` (as WriteTar writes it, or any POSIX/GNU tar) into the empty or
// new directory `dir`, refusing what could escape or surprise it: absolute paths, "..", links
// and special files, more than `max_entries` entries or `max_bytes` bytes in all. Returns the
// bag's directory: `dir` itself, or its single top-level directory. On error `dir` is left empty.
struct ExtractLimits {
  std::int64_t max_entries = 100'000;
  std::int64_t max_bytes = std::int64_t{256} << 30;  // 256 GiB
};
Result<std::filesystem::path> ExtractTar(const std::filesystem::path& tar_path,
                                         const std::filesystem::path& dir,
                                         const ExtractLimits& limits = {});

}  // namespace sx::archive
