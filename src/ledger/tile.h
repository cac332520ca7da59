// Tiles (瓦片, C2SP tlog-tiles): the log's stored hashes cut into immutable blocks of 256 hashes,
// the form in which the log is served over HTTP, plus the entry bundles behind level-0 tiles.
//
// A tile of height H at level L and index N lists W consecutive hashes of tree level H·L,
// starting at node N·2^H of that level; W = 2^H is a full tile, which never changes. The levels
// between H·L and H·(L+1) are recomputed by hashing inside the tile. Served tiles have H = 8;
// other heights are accepted by the tree functions (not by paths) so tests can use small trees.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"
#include "util/status.h"

namespace sx::ledger {

inline constexpr int kTileHeight = 8;
inline constexpr int kTileWidth = 1 << kTileHeight;  // hashes (or entries) in a full tile
// Tile::L of an entry bundle (`tile/entries/...`), which holds entries, not hashes.
inline constexpr int kEntriesLevel = -1;

struct Tile {
  int H = kTileHeight;  // height: a full tile holds 2^H hashes
  int L = 0;            // level, or kEntriesLevel
  std::int64_t N = 0;   // index within the level
  int W = kTileWidth;   // width: number of hashes, 1..2^H
  auto operator<=>(const Tile&) const = default;
};

// Ok when `t` can exist: H in 1..30, L in kEntriesLevel..(62/H), W in 1..2^H and every hash it
// lists belongs to a tree of at most kMaxTreeSize leaves.
Status ValidateTile(const Tile& t);

// The smallest tile of height `h` holding stored hash `index` (its W just covers the hash).
Result<Tile> TileForIndex(int h, std::int64_t index);

// The k-th ancestor tile of `t` (k = 0: `t` itself, widened to all it holds in the tree) in the
// tree of `tree_size` leaves; nullopt when that tile does not exist.
std::optional<Tile> TileParent(const Tile& t, int k, std::int64_t tree_size);

// The tiles that change when the tree grows from `old_size` to `new_size` leaves: the full
// tiles completed and the partial tiles at the new right edge, level by level. The entry bundles
// to write are the level-0 tiles of the list, with L = kEntriesLevel.
Result<std::vector<Tile>> NewTiles(int h, std::int64_t old_size, std::int64_t new_size);

// The bytes of hash tile `t` (W·32 bytes), read through `reader`.
Result<std::string> ReadTileData(const Tile& t, HashReader& reader);
// Stored hash `index` from the bytes of tile `t` (hashing inside the tile for the upper levels).
Result<Hash> HashFromTile(const Tile& t, std::string_view data, std::int64_t index);

// Reads tiles, e.g. over HTTP or from a cache.
class TileReader {
 public:
  virtual ~TileReader() = default;
  // The height of the tiles this reader serves.
  virtual int Height() const { return kTileHeight; }
  // The bytes of each tile, in order: exactly tiles[i].W · 32 bytes for tile i, or an error.
  virtual Result<std::vector<std::string>> ReadTiles(std::span<const Tile> tiles) = 0;
  // Called with tiles that were just authenticated against the tree hash, so that a cache may
  // keep them.
  virtual void SaveTiles(std::span<const Tile> /*tiles*/, std::span<const std::string> /*data*/) {}
};

// A HashReader over the tiles of one tree (size and root from a verified checkpoint). Every
// tile it reads is authenticated against `root` (directly, or through its parent tiles) before
// any hash from it is returned, so a lying tile server is detected. `reader` must remain live
// while this object is in use.
class TileHashReader final : public HashReader {
 public:
  TileHashReader(std::int64_t tree_size, const Hash& root, TileReader& reader)
      : tree_size_(tree_size), root_(root), reader_(reader) {}
  Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) override;

 private:
  std::int64_t tree_size_;
  Hash root_;
  TileReader& reader_;
};

// `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` for a tile of height 8, with N in groups
// of three digits (1234067 → x001/x234/067).
Result<std::string> TilePath(const Tile& t);
// The inverse of TilePath, strict: one canonical spelling per tile, anything else is kInvalid.
Result<Tile> ParseTilePath(std::string_view path);

// An entry bundle: each entry prefixed with its length as a big-endian uint16. Entries longer
// than 65535 bytes cannot be bundled (kInvalid).
Result<std::string> EncodeEntryBundle(std::span<const std::string> entries);
Result<std::vector<std::string>> DecodeEntryBundle(std::string_view data);

}  // namespace sx::ledger
