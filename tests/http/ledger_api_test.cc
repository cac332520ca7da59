// The ledger's C2SP read API over the real server: the checkpoint verifies with the published
// key, tiles and entry bundles match it, proofs check, and malformed paths get 400/404.
#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/test_client.h"
#include "ledger/base64.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "ledger/tile.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

class LedgerApi : public ::testing::Test {
 protected:
  HttpResponse Get(const std::string& target) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest("GET", target), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }
  TestServer server_;
};

TEST_F(LedgerApi, CheckpointTilesAndProofsAgree) {
  // The demo data and accounts were recorded; sign-ins add more.
  ASSERT_EQ(Get("/api/v1/session").status, 401);
  auto size = server_.ledger().Integrate();
  ASSERT_TRUE(size.ok());
  ASSERT_GT(*size, 2);

  auto vkey = Get("/log/vkey");
  ASSERT_EQ(vkey.status, 200);
  EXPECT_EQ(vkey.body, server_.ledger_verifier_key() + "\n");
  auto verifier = ledger::Verifier::FromKey(server_.ledger_verifier_key());
  ASSERT_TRUE(verifier.ok());

  auto note = Get("/log/checkpoint");
  ASSERT_EQ(note.status, 200);
  EXPECT_EQ(note.Header("content-type"), "text/plain; charset=utf-8");
  const ledger::Verifier known[] = {*verifier};
  auto opened = ledger::Open(note.body, known);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto cp = ledger::ParseCheckpoint(opened->text);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->size, *size);

  // The level-0 tile and the entries behind it.
  ledger::Tile t{ledger::kTileHeight, 0, 0, static_cast<int>(cp->size)};
  auto path = ledger::TilePath(t);
  ASSERT_TRUE(path.ok());
  auto tile = Get("/log/" + *path);
  ASSERT_EQ(tile.status, 200) << tile.body;
  EXPECT_EQ(tile.body.size(), static_cast<std::size_t>(cp->size) * 32);
  EXPECT_EQ(tile.Header("cache-control"), "public, max-age=31536000, immutable");
  t.L = ledger::kEntriesLevel;
  auto bundle = Get("/log/" + *ledger::TilePath(t));
  ASSERT_EQ(bundle.status, 200);
  auto entries = ledger::DecodeEntryBundle(bundle.body);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), static_cast<std::size_t>(cp->size));
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto h = ledger::LeafHash((*entries)[i]);
    EXPECT_EQ(tile.body.substr(i * 32, 32), std::string(h.begin(), h.end()));
  }

  // An inclusion proof from the JSON API checks against the signed root.
  auto proof = Get("/api/v1/public/ledger/inclusion?index=1");
  ASSERT_EQ(proof.status, 200) << proof.body;
  auto body = json::parse(proof.body).as_object();
  EXPECT_EQ(body.at("treeSize").as_int64(), cp->size);
  std::vector<ledger::Hash> hashes;
  for (const auto& h : body.at("proof").as_array()) {
    auto raw = ledger::DecodeBase64(h.as_string());
    ASSERT_TRUE(raw && raw->size() == 32);
    ledger::Hash hash;
    std::copy(raw->begin(), raw->end(), hash.begin());
    hashes.push_back(hash);
  }
  EXPECT_TRUE(
      ledger::CheckRecord(hashes, cp->size, cp->root, 1, ledger::LeafHash((*entries)[1])).ok());
  EXPECT_EQ(Get("/api/v1/public/ledger/consistency?from=1").status, 200);

  // An officer's history: the leaves about it, whose entries hash to what the tiles hold.
  auto history = Get("/api/v1/public/ledger/history?object=officer:1");
  ASSERT_EQ(history.status, 200) << history.body;
  auto items = json::parse(history.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "officer.created");
  const auto index = items[0].at("index").as_int64();
  EXPECT_EQ(items[0].at("entry").as_string(), (*entries)[static_cast<std::size_t>(index)]);
  EXPECT_EQ(Get("/api/v1/public/ledger/history?object=officer:999").body.find("\"items\":[]") !=
                std::string::npos,
            true);
  EXPECT_EQ(Get("/api/v1/public/ledger/history?object=张伟").status, 400);
}

TEST_F(LedgerApi, BadPathsAndIndexesAreRefusedNotCrashed) {
  ASSERT_TRUE(server_.ledger().Integrate().ok());
  for (const char* bad : {"/log/tile/0/1", "/log/tile/0/x1/001", "/log/tile/0/000.p/0",
                          "/log/tile/0/000.p/256", "/log/tile/entries/abc", "/log/tile/99/000",
                          "/log/tile/0/000.p/5/extra", "/log/tile/-1/000"}) {
    auto r = Get(bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  for (const char* beyond : {"/log/tile/0/000", "/log/tile/0/001.p/1", "/log/tile/1/000.p/1",
                             "/log/tile/entries/x999/999"}) {
    EXPECT_EQ(Get(beyond).status, 404) << beyond;
  }
  EXPECT_EQ(Get("/api/v1/public/ledger/inclusion?index=999999").status, 404);
  EXPECT_EQ(Get("/api/v1/public/ledger/inclusion?index=-1").status, 400);
  EXPECT_EQ(Get("/api/v1/public/ledger/inclusion").status, 400);
  EXPECT_EQ(Get("/api/v1/public/ledger/consistency?from=abc").status, 400);
  EXPECT_EQ(Get("/healthz").status, 200);
}

}  // namespace
}  // namespace sx::testing
