#include "ledger/tile.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "test_util.h"

namespace sx::ledger {
namespace {

using testing::MemoryHashStore;

// ---- Paths -------------------------------------------------------------------------------------

struct PathCase {
  Tile tile;
  const char* path;
};

const PathCase kPaths[] = {
    {{8, 0, 0, 256}, "tile/0/000"},
    {{8, 0, 1, 256}, "tile/0/001"},
    {{8, 0, 999, 256}, "tile/0/999"},
    {{8, 0, 1000, 256}, "tile/0/x001/000"},
    {{8, 0, 1234067, 256}, "tile/0/x001/x234/067"},
    {{8, 0, 1234067, 5}, "tile/0/x001/x234/067.p/5"},
    {{8, 1, 0, 1}, "tile/1/000.p/1"},
    {{8, 2, 5, 255}, "tile/2/005.p/255"},
    {{8, 7, 0, 64}, "tile/7/000.p/64"},
    {{8, kEntriesLevel, 0, 256}, "tile/entries/000"},
    {{8, kEntriesLevel, 1234067, 17}, "tile/entries/x001/x234/067.p/17"},
    {{8, 0, (kMaxTreeSize >> 8) - 1, 256}, "tile/0/x018/x014/x398/x509/x481/983"},
};

TEST(TilePath, KnownPaths) {
  for (const PathCase& c : kPaths) {
    auto path = TilePath(c.tile);
    ASSERT_TRUE(path.ok()) << c.path << ": " << path.status().message();
    EXPECT_EQ(*path, c.path);
    auto tile = ParseTilePath(c.path);
    ASSERT_TRUE(tile.ok()) << c.path << ": " << tile.status().message();
    EXPECT_EQ(*tile, c.tile) << c.path;
  }
}

TEST(TilePath, RandomRoundTrips) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 5000; ++i) {
    Tile t{8, static_cast<int>(rng() % 9) - 1, 0, 1 + static_cast<int>(rng() % 256)};
    const int level = 8 * std::max(t.L, 0);
    const std::int64_t nodes = kMaxTreeSize >> level;
    if (nodes < t.W) continue;
    const std::int64_t max_n = (nodes - t.W) >> 8;
    t.N = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_n + 1)) >> (rng() % 60);
    auto path = TilePath(t);
    ASSERT_TRUE(path.ok()) << path.status().message();
    auto back = ParseTilePath(*path);
    ASSERT_TRUE(back.ok()) << *path;
    EXPECT_EQ(*back, t) << *path;
  }
}

TEST(TilePath, LargestIndexParses) {
  // Syntactically fine (N fits int64) although no tree is that large.
  auto t = ParseTilePath("tile/63/x009/x223/x372/x036/x854/x775/807");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->L, 63);
  EXPECT_EQ(t->N, INT64_MAX);
  EXPECT_EQ(ValidateTile(*t).code(), Code::kInvalid);
  EXPECT_EQ(TilePath(*t).status().code(), Code::kInvalid);
}

const char* const kBadPaths[] = {
    "",
    "tile",
    "tile/",
    "tile/0",
    "tile/0/",
    "/tile/0/000",
    "tile/0/000/",
    "tile//000",
    "tile/0//000",
    "tiles/0/000",
    "Tile/0/000",
    "tile/00/000",  // leading zero in the level
    "tile/01/000",
    "tile/64/000",  // level above 63
    "tile/100/000",
    "tile/-1/000",
    "tile/+1/000",
    "tile/a/000",
    "tile/ENTRIES/000",
    "tile/entry/000",
    "tile/0/0",  // groups are exactly three digits
    "tile/0/00",
    "tile/0/0000",
    "tile/0/1",
    "tile/0/x000/001",  // leading zero group
    "tile/0/x000/x001/000",
    "tile/0/x01/001",
    "tile/0/x0001/001",
    "tile/0/X001/000",
    "tile/0/x001",  // missing last group
    "tile/0/x001/x002",
    "tile/0/001x",
    "tile/0/001/002",  // two last groups
    "tile/0/001/x002",
    "tile/0/0a0",
    "tile/0/ 00",
    "tile/0/-01",
    "tile/0/+01",
    "tile/0/000.p",  // partial without width
    "tile/0/000.p/",
    "tile/0/000.P/1",
    "tile/0/000.q/1",
    "tile/0/000.p/0",  // width outside 1..255
    "tile/0/000.p/256",
    "tile/0/000.p/999",
    "tile/0/000.p/01",  // leading zero in the width
    "tile/0/000.p/001",
    "tile/0/000.p/-1",
    "tile/0/000.p/1/2",  // extra segments
    "tile/0/000.p/1/",
    "tile/0/000/extra",
    "tile/0/x001.p/000",
    "tile/0/../000",
    "tile/../0/000",
    "tile/0/x001/../000",
    "tile/0/000.p/..",
    "tile/0/./000",
    "tile/0/000%2F",
    "tile/0/000\n",
    "tile\\0\\000",
    "tile/0/x009/x223/x372/x036/x854/x775/808",  // N beyond int64
    "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
    "tile/0/x001/x000/x000/x000/x000/x000/x000/x000/000",
};

TEST(TilePath, MalformedPathsAreRefused) {
  for (const char* p : kBadPaths) {
    auto t = ParseTilePath(p);
    EXPECT_EQ(t.status().code(), Code::kInvalid) << "accepted “" << p << "”";
    if (!t.ok()) {
      EXPECT_NE(t.status().message().find("瓦片路径"), std::string::npos);
    }
  }
  EXPECT_EQ(ParseTilePath(std::string_view("tile/0/0\0"
                                           "0",
                                           10))
                .status()
                .code(),
            Code::kInvalid);
}

TEST(TilePath, OnlyHeightEightHasPaths) {
  EXPECT_EQ(TilePath({4, 0, 0, 16}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, 0, 0, 0}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, 0, 0, 257}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, 0, -1, 256}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, 8, 0, 1}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, -2, 0, 1}).status().code(), Code::kInvalid);
  EXPECT_EQ(TilePath({8, 0, kMaxTreeSize >> 8, 1}).status().code(), Code::kInvalid);
}

// ---- Tile arithmetic ---------------------------------------------------------------------------

TEST(Tiles, NewTiles) {
  EXPECT_EQ(*NewTiles(8, 0, 0), std::vector<Tile>{});
  EXPECT_EQ(*NewTiles(8, 0, 1), (std::vector<Tile>{{8, 0, 0, 1}}));
  EXPECT_EQ(*NewTiles(8, 1, 1), std::vector<Tile>{});
  EXPECT_EQ(*NewTiles(8, 255, 256), (std::vector<Tile>{{8, 0, 0, 256}, {8, 1, 0, 1}}));
  EXPECT_EQ(*NewTiles(8, 256, 300), (std::vector<Tile>{{8, 0, 1, 44}}));
  auto many = *NewTiles(8, 0, 70000);
  ASSERT_EQ(many.size(), 277u);
  EXPECT_EQ(many[272], (Tile{8, 0, 272, 256}));
  EXPECT_EQ(many[273], (Tile{8, 0, 273, 112}));
  EXPECT_EQ(many[274], (Tile{8, 1, 0, 256}));
  EXPECT_EQ(many[275], (Tile{8, 1, 1, 17}));
  EXPECT_EQ(many[276], (Tile{8, 2, 0, 1}));
  EXPECT_EQ(NewTiles(8, 2, 1).status().code(), Code::kInvalid);
  EXPECT_EQ(NewTiles(8, -1, 1).status().code(), Code::kInvalid);
  EXPECT_EQ(NewTiles(8, 0, kMaxTreeSize + 1).status().code(), Code::kInvalid);
  EXPECT_EQ(NewTiles(0, 0, 1).status().code(), Code::kInvalid);
  EXPECT_EQ(NewTiles(31, 0, 1).status().code(), Code::kInvalid);
  auto top = NewTiles(8, kMaxTreeSize - 1, kMaxTreeSize);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->back(), (Tile{8, 7, 0, 64}));
  EXPECT_EQ(top->size(), 8u);
}

TEST(Tiles, TileForIndexAndParent) {
  // Leaf 0 is in the first level-0 tile; node (level 8, 0) is hash 0 of the first level-1 tile.
  EXPECT_EQ(*TileForIndex(8, *StoredHashIndex(0, 0)), (Tile{8, 0, 0, 1}));
  EXPECT_EQ(*TileForIndex(8, *StoredHashIndex(0, 300)), (Tile{8, 0, 1, 45}));
  EXPECT_EQ(*TileForIndex(8, *StoredHashIndex(3, 2)), (Tile{8, 0, 0, 24}));
  EXPECT_EQ(*TileForIndex(8, *StoredHashIndex(8, 0)), (Tile{8, 1, 0, 1}));
  EXPECT_EQ(*TileForIndex(8, *StoredHashIndex(9, 0)), (Tile{8, 1, 0, 2}));
  EXPECT_EQ(TileForIndex(8, -1).status().code(), Code::kInvalid);
  EXPECT_EQ(TileForIndex(8, INT64_MAX).status().code(), Code::kInvalid);
  EXPECT_EQ(TileForIndex(0, 0).status().code(), Code::kInvalid);

  EXPECT_EQ(TileParent({8, 0, 0, 1}, 0, 773), (Tile{8, 0, 0, 256}));
  EXPECT_EQ(TileParent({8, 0, 3, 1}, 0, 773), (Tile{8, 0, 3, 5}));
  EXPECT_EQ(TileParent({8, 0, 3, 1}, 1, 773), (Tile{8, 1, 0, 3}));
  EXPECT_EQ(TileParent({8, 0, 3, 1}, 2, 773), std::nullopt);
  EXPECT_EQ(TileParent({8, 0, 4, 1}, 0, 773), std::nullopt);
  EXPECT_EQ(TileParent({8, 0, 0, 1}, -1, 773), std::nullopt);
  EXPECT_EQ(TileParent({8, 0, 0, 1}, 100, 773), std::nullopt);
  EXPECT_EQ(TileParent({8, kEntriesLevel, 0, 1}, 0, 773), std::nullopt);
}

TEST(Tiles, ValidateTile) {
  EXPECT_TRUE(ValidateTile({8, 0, 0, 256}).ok());
  EXPECT_TRUE(ValidateTile({8, 7, 0, 64}).ok());
  EXPECT_TRUE(ValidateTile({1, 62, 0, 1}).ok());
  for (const Tile& t : std::vector<Tile>{{8, 7, 0, 65},
                                         {8, 8, 0, 1},
                                         {8, 0, -1, 1},
                                         {8, 0, 0, 0},
                                         {0, 0, 0, 1},
                                         {31, 0, 0, 1},
                                         {8, -2, 0, 1},
                                         {1, 63, 0, 1},
                                         {8, 0, INT64_MAX, 1},
                                         {30, 2, 0, 5}}) {
    EXPECT_EQ(ValidateTile(t).code(), Code::kInvalid)
        << t.H << "/" << t.L << "/" << t.N << "/" << t.W;
  }
}

TEST(Tiles, HashFromTileMatchesStore) {
  MemoryHashStore store;
  for (int i = 0; i < 1000; ++i) store.Append("e" + std::to_string(i));
  for (int h : {1, 2, 3, 8}) {
    for (std::int64_t index = 0; index < static_cast<std::int64_t>(store.hashes.size()); ++index) {
      const Tile t = *TileParent(*TileForIndex(h, index), 0, 1000);
      auto data = ReadTileData(t, store);
      ASSERT_TRUE(data.ok());
      ASSERT_EQ(data->size(), static_cast<std::size_t>(t.W) * kHashSize);
      auto hash = HashFromTile(t, *data, index);
      ASSERT_TRUE(hash.ok()) << hash.status().message();
      ASSERT_EQ(*hash, store.hashes[index]) << "height " << h << " index " << index;
    }
  }
  const Tile t{8, 0, 0, 256};
  const std::string data = *ReadTileData(t, store);
  EXPECT_EQ(HashFromTile(t, data.substr(1), 0).status().code(), Code::kInvalid);
  EXPECT_EQ(HashFromTile(t, data, *StoredHashIndex(0, 256)).status().code(), Code::kInvalid);
  EXPECT_EQ(HashFromTile({8, 0, 0, 2}, data.substr(0, 64), *StoredHashIndex(0, 2)).status().code(),
            Code::kInvalid);
  EXPECT_EQ(HashFromTile(t, data, -5).status().code(), Code::kInvalid);
  EXPECT_EQ(HashFromTile({8, kEntriesLevel, 0, 256}, data, 0).status().code(), Code::kInvalid);
  EXPECT_EQ(ReadTileData({8, kEntriesLevel, 0, 256}, store).status().code(), Code::kInvalid);
}

// ---- Tile-backed hash reader -------------------------------------------------------------------

// Serves tiles cut from a store, optionally lying about one of them.
class FakeTileServer final : public TileReader {
 public:
  FakeTileServer(MemoryHashStore& store, int height) : store_(store), height_(height) {}
  int Height() const override { return height_; }
  Result<std::vector<std::string>> ReadTiles(std::span<const Tile> tiles) override {
    std::vector<std::string> out;
    for (const Tile& t : tiles) {
      auto data = ReadTileData(t, store_);
      if (!data.ok()) return data.status();
      if (corrupt && t == *corrupt) (*data)[data->size() / 2] ^= 1;
      out.push_back(std::move(*data));
      ++tiles_read;
    }
    return out;
  }
  void SaveTiles(std::span<const Tile> tiles, std::span<const std::string>) override {
    saved += tiles.size();
  }

  std::optional<Tile> corrupt;
  int tiles_read = 0;
  std::size_t saved = 0;

 private:
  MemoryHashStore& store_;
  int height_;
};

class TileReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new MemoryHashStore;
    for (int i = 0; i < 5000; ++i) store_->Append("record " + std::to_string(i));
  }
  static void TearDownTestSuite() { delete store_; }
  static MemoryHashStore* store_;
};
MemoryHashStore* TileReaderTest::store_ = nullptr;

TEST_F(TileReaderTest, SameAnswersAsTheStore) {
  std::mt19937_64 rng(11);
  for (int h : {1, 2, 3, 8}) {
    for (int c = 0; c < 40; ++c) {
      const auto t = static_cast<std::int64_t>(1 + rng() % 5000);
      const Hash root = *TreeHash(t, *store_);
      FakeTileServer server(*store_, h);
      TileHashReader tiles(t, root, server);
      ASSERT_EQ(*TreeHash(t, tiles), root) << "height " << h << " size " << t;
      const auto m = static_cast<std::int64_t>(rng() % (t + 1));
      EXPECT_EQ(*TreeHash(m, tiles), *TreeHash(m, *store_));
      const auto n = static_cast<std::int64_t>(rng() % t);
      auto p = ProveRecord(t, n, tiles);
      ASSERT_TRUE(p.ok()) << p.status().message();
      EXPECT_EQ(*p, *ProveRecord(t, n, *store_));
      auto q = ProveTree(t, m, tiles);
      ASSERT_TRUE(q.ok()) << q.status().message();
      EXPECT_EQ(*q, *ProveTree(t, m, *store_));
      EXPECT_GT(server.saved, 0u);
    }
  }
}

TEST_F(TileReaderTest, DetectsALyingServer) {
  std::mt19937_64 rng(12);
  for (int h : {2, 8}) {
    for (int c = 0; c < 60; ++c) {
      const auto t = static_cast<std::int64_t>(1 + rng() % 5000);
      const auto n = static_cast<std::int64_t>(rng() % t);
      const Hash root = *TreeHash(t, *store_);
      FakeTileServer server(*store_, h);
      server.corrupt = *TileParent(*TileForIndex(h, *StoredHashIndex(0, n)), 0, t);
      TileHashReader tiles(t, root, server);
      auto hash = tiles.ReadHashes(std::vector<std::int64_t>{*StoredHashIndex(0, n)});
      EXPECT_EQ(hash.status().code(), Code::kInvalid)
          << "height " << h << " leaf " << n << " of " << t;
      EXPECT_EQ(server.saved, 0u);
    }
  }
}

// Tree 773 = 512 + 256 + 4 + 1: the tree hash needs four stored hashes but only two tiles. Go's
// tlog starts checking child tiles at len(stx) = 4 and so would skip the level-0 tile of leaf 5;
// here it is checked against its parent.
TEST_F(TileReaderTest, ChildTilesAreCheckedWhenTreeHashTilesAreShared) {
  const Hash root = *TreeHash(773, *store_);
  FakeTileServer server(*store_, 8);
  server.corrupt = Tile{8, 0, 0, 256};
  TileHashReader tiles(773, root, server);
  EXPECT_EQ(tiles.ReadHashes(std::vector<std::int64_t>{*StoredHashIndex(0, 5)}).status().code(),
            Code::kInvalid);
  EXPECT_EQ(ProveRecord(773, 5, tiles).status().code(), Code::kInvalid);
  server.corrupt.reset();
  EXPECT_EQ(*ProveRecord(773, 5, tiles), *ProveRecord(773, 5, *store_));
}

TEST_F(TileReaderTest, RefusesIndexesOutsideTheTree) {
  const Hash root = *TreeHash(100, *store_);
  FakeTileServer server(*store_, 8);
  TileHashReader tiles(100, root, server);
  EXPECT_EQ(tiles.ReadHashes(std::vector<std::int64_t>{*StoredHashCount(100)}).status().code(),
            Code::kInvalid);
  EXPECT_EQ(tiles.ReadHashes(std::vector<std::int64_t>{-1}).status().code(), Code::kInvalid);
  EXPECT_TRUE(tiles.ReadHashes(std::vector<std::int64_t>{*StoredHashCount(100) - 1}).ok());
  EXPECT_TRUE(tiles.ReadHashes({}).ok());
  EXPECT_EQ(ProveRecord(101, 5, tiles).status().code(), Code::kInvalid);
  TileHashReader wrong_root(100, LeafHash("x"), server);
  EXPECT_EQ(TreeHash(100, wrong_root).status().code(), Code::kInvalid);
  TileHashReader empty(0, EmptyRoot(), server);
  EXPECT_EQ(empty.ReadHashes(std::vector<std::int64_t>{0}).status().code(), Code::kInvalid);
  EXPECT_EQ(server.tiles_read, 2);  // refusals come before any tile is fetched
}

// ---- Entry bundles -----------------------------------------------------------------------------

TEST(EntryBundle, RoundTrip) {
  const std::vector<std::string> entries{"", "a", std::string(300, 'x'), std::string(65535, 'y'),
                                         std::string("\0\1\2", 3)};
  auto data = EncodeEntryBundle(entries);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->substr(0, 5), std::string("\0\0\0\1a", 5));
  EXPECT_EQ(data->substr(5, 2), "\x01\x2c");
  EXPECT_EQ(*DecodeEntryBundle(*data), entries);
  EXPECT_EQ(*DecodeEntryBundle(*EncodeEntryBundle(std::vector<std::string>(256, "e"))),
            std::vector<std::string>(256, "e"));
}

TEST(EntryBundle, Refusals) {
  EXPECT_EQ(EncodeEntryBundle(std::vector<std::string>{std::string(65536, 'z')}).status().code(),
            Code::kInvalid);
  EXPECT_EQ(EncodeEntryBundle(std::vector<std::string>{}).status().code(), Code::kInvalid);
  EXPECT_EQ(EncodeEntryBundle(std::vector<std::string>(257, "e")).status().code(), Code::kInvalid);
  for (std::string_view bad :
       {std::string_view(""), std::string_view("\0", 1), std::string_view("\0\2a", 3),
        std::string_view("\0\1a\0", 4), std::string_view("\xff\xff", 2)}) {
    EXPECT_EQ(DecodeEntryBundle(bad).status().code(), Code::kInvalid) << bad.size();
  }
  std::string too_many;
  for (int i = 0; i < 257; ++i) too_many += std::string("\0\0", 2);
  EXPECT_EQ(DecodeEntryBundle(too_many).status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace sx::ledger
