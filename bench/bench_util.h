// What the database benchmarks share: timing, peak memory, failing loudly, and bulk rows.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "store/database.h"
#include "util/status.h"

namespace sx::bench {
using Steady = std::chrono::steady_clock;

inline double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

inline long MaxRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

[[noreturn]] inline void Die(const Status& st, std::string_view what) {
  fmt::print(stderr, "{}: {}\n", what, st.message());
  std::exit(2);
}

template <typename T>
T Must(Result<T> r, std::string_view what) {
  if (!r.ok()) Die(r.status(), what);
  return std::move(r).value();
}

// Rows inserted `batch` at a time in one transaction: `row(i, params)` appends one row's values.
inline void Fill(store::Database& db, std::string_view head, int columns, std::int64_t n,
                 const std::function<void(std::int64_t, std::vector<store::Param>&)>& row) {
  constexpr std::int64_t kBatch = 500;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    for (std::int64_t i = 0; i < n; i += kBatch) {
      std::string sql(head);
      std::vector<store::Param> params;
      const std::int64_t end = std::min(n, i + kBatch);
      for (std::int64_t k = i; k < end; ++k) {
        sql += k == i ? "(" : ",(";
        for (int c = 0; c < columns; ++c) {
          sql +=
              fmt::format("{}${}", c ? "," : "", params.size() + static_cast<std::size_t>(c) + 1);
        }
        sql += ")";
        row(k, params);
      }
      SX_RETURN_IF_ERROR(tx.Query(sql, params).status());
    }
    return Status::Ok();
  });
  if (!st.ok()) Die(st, head);
}

}  // namespace sx::bench
