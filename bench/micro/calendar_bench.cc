// Throughput of the working-day calendar (src/calendar) on the embedded official schedules:
// adding working days (with the explanation every deadline carries), counting them, and loading
// the calendar.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "calendar/calendar.h"
#include "calendar/official.h"

namespace {

using sx::calendar::Calendar;
using sx::calendar::Date;

const Calendar& Official() {
  static const Calendar* c = new Calendar(*sx::calendar::LoadOfficial());
  return *c;
}

// Random days in 2019 … 2027, so some answers run into the provisional year.
std::vector<Date> Days(std::size_t n) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> day(0, 9 * 365);
  const Date first = *sx::domain::ParseDate("2019-01-01");
  std::vector<Date> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(sx::domain::AddDays(first, day(rng)));
  return out;
}

void BM_AddWorkingDays(benchmark::State& state) {
  const Calendar& c = Official();
  const auto days = Days(4096);
  const int n = static_cast<int>(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    auto due = c.AddWorkingDays(days[i++ & 4095], n);
    benchmark::DoNotOptimize(due);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays)->Arg(5)->Arg(7)->Arg(60);

// The same answer without the explanation (Calendar::WorkingDayAfter): what listings and bulk
// recomputation use.
void BM_WorkingDayAfter(benchmark::State& state) {
  const Calendar& c = Official();
  const auto days = Days(4096);
  const int n = static_cast<int>(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    auto due = c.WorkingDayAfter(days[i++ & 4095], n);
    benchmark::DoNotOptimize(due);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WorkingDayAfter)->Arg(5)->Arg(7)->Arg(60)->Arg(-2);

void BM_AddWorkingDaysWithSentence(benchmark::State& state) {
  const Calendar& c = Official();
  const auto days = Days(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    auto sentence = c.AddWorkingDays(days[i++ & 4095], 7)->explanation.ToString();
    benchmark::DoNotOptimize(sentence);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDaysWithSentence);

void BM_CountWorkingDays(benchmark::State& state) {
  const Calendar& c = Official();
  const auto days = Days(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    auto n = c.CountWorkingDays(days[i & 4095], days[(i + 1) & 4095]);
    ++i;
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CountWorkingDays);

void BM_IsWorkingDay(benchmark::State& state) {
  const Calendar& c = Official();
  const auto days = Days(4096);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(c.IsWorkingDay(days[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsWorkingDay);

// Loading the embedded document and building the day table (start-up, and each import).
void BM_LoadOfficial(benchmark::State& state) {
  for (auto _ : state) {
    auto c = sx::calendar::LoadOfficial();
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_LoadOfficial)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
