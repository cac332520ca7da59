// Two `sanxiang serve` processes on one PostgreSQL database (issue #6): 8 clients, 4 on each
// server, draft, sign off and issue 1,000 询问笔录 through the HTTP API. Every issue succeeds, the
// 文号 are unique, their serials follow the demo's own 询问笔录 without a gap (N+1…N+1000), every
// PDF is in the shared blob store, and the public check finds a sample of them on either server.
// Needs PostgreSQL (SANXIANG_TEST_PG_URL); skipped without it unless SANXIANG_REQUIRE_PG is set.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/process.h"
#include "http/test_client.h"
#include "store/blob_store.h"
#include "store/test_db.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

constexpr int kServers = 2;
constexpr int kClientsPerServer = 4;
constexpr int kPerClient = 125;
constexpr int kTotal = kServers * kClientsPerServer * kPerClient;
constexpr std::string_view kPassword = "Demo-2026-sx";

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

struct Reply {
  int status = 0;  // 0: no whole response (see body)
  json::value json;
  std::string body;
};

// One request on a new connection. `headers` are the session's cookie and CSRF lines.
Reply Call(std::uint16_t port, std::string_view method, std::string_view target,
           const std::vector<std::string>& headers, const json::value* body = nullptr) {
  std::vector<std::string> h = headers;
  std::string text;
  if (body != nullptr) {
    text = json::serialize(*body);
    h.push_back("Content-Type: application/json");
  } else if (method == "POST") {
    h.push_back("Content-Length: 0");
  }
  std::string error;
  auto res = Exchange(port, RawRequest(method, target, h, text), false, &error);
  Reply r;
  if (!res) {
    r.body = error;
    return r;
  }
  r.status = res->status;
  r.body = std::move(res->body);
  boost::system::error_code ec;
  r.json = json::parse(r.body, ec);
  return r;
}

// The serial N of a 文号 "郑公积金询〔YYYY〕N号"; 0 when it is not one. `year` receives YYYY.
std::int64_t SerialOf(const std::string& number, int* year) {
  const std::string open = "询〔", close = "〕", end = "号";
  const auto a = number.find(open);
  const auto b = number.find(close, a == std::string::npos ? 0 : a);
  if (a == std::string::npos || b == std::string::npos || !number.ends_with(end)) return 0;
  try {
    *year = std::stoi(number.substr(a + open.size(), b - a - open.size()));
    return std::stoll(
        number.substr(b + close.size(), number.size() - b - close.size() - end.size()));
  } catch (const std::exception&) {
    return 0;
  }
}

struct Issued {
  std::string number;
  std::string sha256;
  int server = 0;
};

TEST(TwoServers, IssueOneThousandDocumentNumbersWithoutGapsOrDuplicates) {
  SX_OPEN_TEST_DB(Engine::kPostgres, tdb, db);
  TempDir dir;
  const std::string blobs = dir.path() + "/blobs";
  const std::string key = dir.path() + "/ledger.key";
  {
    Process demo({SANXIANG_BINARY, "demo", "--db", tdb.url(), "--blob-dir", blobs}, dir.path(),
                 dir.path() + "/demo.log");
    ASSERT_TRUE(demo.started());
    ASSERT_EQ(demo.Wait(), 0) << Tail(dir.path() + "/demo.log");
  }

  // One after the other: the first creates the ledger key the second then reads.
  std::vector<std::unique_ptr<Process>> servers;
  std::vector<std::uint16_t> ports;
  for (int s = 0; s < kServers; ++s) {
    const std::string log = fmt::format("{}/serve-{}.log", dir.path(), s);
    servers.push_back(std::make_unique<Process>(
        std::vector<std::string>{SANXIANG_BINARY, "serve", "--db", tdb.url(), "--listen",
                                 "127.0.0.1:0", "--blob-dir", blobs, "--ledger-key-file", key,
                                 "--access-log", "false", "--web-root", dir.path() + "/web"},
        dir.path(), log));
    ASSERT_TRUE(servers.back()->started());
    auto line = servers.back()->WaitForLine("已启动:http://", std::chrono::seconds(60));
    ASSERT_TRUE(line) << "server " << s << " did not start:\n" << Tail(log);
    const int port = PortOfStartLine(*line);
    ASSERT_GT(port, 0) << *line;
    ports.push_back(static_cast<std::uint16_t>(port));
  }

  // A session on each server (sessions are shared through the database, but each server is
  // signed in to as a browser would).
  std::vector<std::vector<std::string>> sessions;
  for (int s = 0; s < kServers; ++s) {
    const json::value cred = {{"username", "demo.officer"}, {"password", kPassword}};
    auto res =
        Exchange(ports[s], RawRequest("POST", "/api/v1/session", {"Content-Type: application/json"},
                                      json::serialize(cred)));
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
    const std::string cookie(res->Header("set-cookie"));
    const auto semi = cookie.find(';');
    const json::value body = json::parse(res->body);
    sessions.push_back({"Cookie: " + cookie.substr(0, semi),
                        "X-CSRF-Token: " + json::value_to<std::string>(body.at("csrfToken"))});
  }

  Reply list = Call(ports[0], "GET", "/api/v1/cases?stage=investigation", sessions[0]);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_FALSE(list.json.at("items").as_array().empty()) << list.body;
  const std::int64_t case_id = list.json.at("items").as_array()[0].at("id").as_int64();

  // The demo's cases already issued some 询问笔录 this year: the 1,000 continue their series.
  std::int64_t before = -1;
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto r = tx.Query(
                      "SELECT COUNT(*) FROM documents WHERE type = 'inquiry_record'"
                      " AND status = 'issued'");
                  if (!r.ok()) return r.status();
                  before = r->rows.front().Int(0);
                  return Status::Ok();
                }).ok());
  std::mutex mu;
  std::vector<Issued> issued;
  std::map<std::string, int> failures;  // "step status: body" → count
  std::vector<double> issue_ms;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kServers * kClientsPerServer; ++c) {
    clients.emplace_back([&, c] {
      const int s = c % kServers;
      auto fail = [&](std::string_view step, const Reply& r) {
        std::lock_guard lock(mu);
        ++failures[fmt::format("{} {}: {}", step, r.status, r.body.substr(0, 300))];
      };
      for (int i = 0; i < kPerClient; ++i) {
        const json::value draft = {
            {"type", "inquiry_record"},
            {"inputs",
             {{"started_at", "2026年11月28日9时00分"},
              {"ended_at", "2026年11月28日9时40分"},
              {"place", "郑州住房公积金管理中心询问室"},
              {"inquirer", "张伟、陈静"},
              {"recorder", "陈静"},
              {"subject", fmt::format("被询问人 {}-{}", c, i)},
              {"qa", "问:你单位是否为职工办理了住房公积金缴存登记?\n答:尚未办理。"}}}};
        Reply d = Call(ports[s], "POST", fmt::format("/api/v1/cases/{}/documents", case_id),
                       sessions[s], &draft);
        if (d.status != 201) {
          fail("draft", d);
          continue;
        }
        const std::int64_t id = d.json.at("id").as_int64();
        const json::value role = {{"role", "officer"}};
        Reply sign = Call(ports[s], "POST", fmt::format("/api/v1/documents/{}/signoffs", id),
                          sessions[s], &role);
        if (sign.status != 200) {
          fail("sign", sign);
          continue;
        }
        const auto t0 = std::chrono::steady_clock::now();
        Reply issue =
            Call(ports[s], "POST", fmt::format("/api/v1/documents/{}/issue", id), sessions[s]);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        if (issue.status != 200) {
          fail("issue", issue);
          continue;
        }
        std::lock_guard lock(mu);
        issue_ms.push_back(ms);
        issued.push_back({json::value_to<std::string>(issue.json.at("number")),
                          json::value_to<std::string>(issue.json.at("sha256")), s});
      }
    });
  }
  for (auto& t : clients) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  for (const auto& [what, n] : failures) ADD_FAILURE() << n << " × " << what;
  ASSERT_EQ(issued.size(), static_cast<std::size_t>(kTotal));
  std::set<std::string> numbers;
  std::set<std::int64_t> serials;
  std::set<int> years;
  for (const auto& d : issued) {
    numbers.insert(d.number);
    int year = 0;
    const std::int64_t serial = SerialOf(d.number, &year);
    EXPECT_GT(serial, 0) << d.number;
    serials.insert(serial);
    years.insert(year);
  }
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kTotal)) << "duplicate 文号";
  ASSERT_EQ(serials.size(), static_cast<std::size_t>(kTotal)) << "duplicate serials";
  EXPECT_EQ(*serials.begin(), before + 1);
  EXPECT_EQ(*serials.rbegin(), before + kTotal) << "a gap";
  EXPECT_EQ(years.size(), 1u);

  // Every PDF is in the shared blob store, unchanged.
  auto store = store::BlobStore::Open(blobs);
  ASSERT_TRUE(store.ok());
  for (const auto& d : issued) {
    Status st = (*store)->Check(d.sha256);
    EXPECT_TRUE(st.ok()) << d.number << ": " << st.message();
  }

  // The public check finds every 50th, on the server that did not issue it and on the other.
  for (std::size_t i = 0; i < issued.size(); i += 50) {
    for (int s = 0; s < kServers; ++s) {
      Reply v =
          Call(ports[s], "GET",
               "/api/v1/public/documents/verify?number=" + PercentEncode(issued[i].number), {});
      ASSERT_EQ(v.status, 200) << v.body;
      EXPECT_TRUE(v.json.at("found").as_bool()) << v.body;
      EXPECT_EQ(json::value_to<std::string>(v.json.at("number")), issued[i].number);
      EXPECT_EQ(json::value_to<std::string>(v.json.at("sha256")), issued[i].sha256);
      EXPECT_EQ(json::value_to<std::string>(v.json.at("typeName")), "询问笔录");
    }
  }

  std::sort(issue_ms.begin(), issue_ms.end());
  auto pct = [&](double p) {
    return issue_ms.empty() ? 0.0 : issue_ms[static_cast<std::size_t>(p * (issue_ms.size() - 1))];
  };
  const std::string summary = fmt::format(
      "{} documents drafted, signed and issued by {} clients on {} servers in {:.1f} s "
      "({:.1f} issues/s); issue latency median {:.1f} ms, p90 {:.1f} ms, p99 {:.1f} ms",
      issued.size(), kServers * kClientsPerServer, kServers, seconds, issued.size() / seconds,
      pct(0.5), pct(0.9), pct(0.99));
  std::printf("%s\n", summary.c_str());
  RecordProperty("summary", summary);
}

}  // namespace
}  // namespace sx::testing
