#include "ledger/tile.h"

#include <algorithm>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "ledger/internal.h"

namespace sx::ledger {

namespace {

using internal::CompleteSubtreeHash;
using internal::StoredHashIndexUnchecked;

std::string Describe(const Tile& t) {
  return fmt::format("(高度 {}, 层 {}, 序号 {}, 宽度 {})", t.H, t.L, t.N, t.W);
}

// The hashes of a tile's bytes (whose size is a multiple of 32).
std::vector<Hash> SplitHashes(std::string_view data) {
  std::vector<Hash> hashes(data.size() / kHashSize);
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    std::memcpy(hashes[i].data(), data.data() + i * kHashSize, kHashSize);
  }
  return hashes;
}

// The tile holding stored hash `index` (which must be below StoredHashCount(kMaxTreeSize)) and
// the range [first, first + count) of the tile's hashes whose subtree is that hash.
struct TileSlot {
  Tile tile;
  std::int64_t first = 0;
  std::int64_t count = 0;
};

TileSlot SlotForIndex(int h, std::int64_t index) {
  const NodeId node = *SplitStoredHashIndex(index);
  TileSlot s;
  s.tile.H = h;
  s.tile.L = node.level / h;
  const int within = node.level - s.tile.L * h;  // the node's level inside the tile
  s.tile.N = (node.n << within) >> h;
  const std::int64_t n = node.n - ((s.tile.N << h) >> within);  // the node's index inside the tile
  s.tile.W = static_cast<int>((n + 1) << within);
  s.first = n << within;
  s.count = std::int64_t{1} << within;
  return s;
}

Status CheckHeight(int h) {
  if (h < 1 || h > 30) return Status::Invalid(fmt::format("瓦片高度 {} 超出范围 (1..30)", h));
  return Status::Ok();
}

// Parses a decimal number of 1..max_digits digits without leading zeros ("0" itself is fine).
std::optional<std::int64_t> ParseDecimal(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<int> ParseThreeDigits(std::string_view s) {
  if (s.size() != 3) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

Status BadPath(std::string_view path, std::string_view why) {
  // Paths come from URLs: show at most a short prefix of them.
  std::string shown(path.substr(0, 80));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return Status::Invalid(fmt::format("瓦片路径“{}”无效:{}", shown, why));
}

}  // namespace

Status ValidateTile(const Tile& t) {
  SX_RETURN_IF_ERROR(CheckHeight(t.H));
  const int max_level = 62 / t.H;
  const bool ok =
      t.L >= kEntriesLevel && t.L <= max_level && t.W >= 1 && t.W <= (1 << t.H) && t.N >= 0 && [&] {
        // Hashes N·2^H .. N·2^H + W - 1 of tree level H·L must exist in a tree of
        // kMaxTreeSize leaves, which has kMaxTreeSize >> (H·L) nodes at that level.
        const std::int64_t nodes = kMaxTreeSize >> (t.H * std::max(t.L, 0));
        return nodes >= t.W && t.N <= (nodes - t.W) >> t.H;
      }();
  if (!ok) return Status::Invalid(fmt::format("瓦片 {} 不存在", Describe(t)));
  return Status::Ok();
}

Result<Tile> TileForIndex(int h, std::int64_t index) {
  SX_RETURN_IF_ERROR(CheckHeight(h));
  if (index < 0 || index >= INT64_MAX) {
    return Status::Invalid(internal::OutOfRange("存储哈希序号", index));
  }
  return SlotForIndex(h, index).tile;
}

std::optional<Tile> TileParent(const Tile& t, int k, std::int64_t tree_size) {
  if (!ValidateTile(t).ok() || t.L < 0 || k < 0 || t.L + k > 62 / t.H || tree_size < 0 ||
      tree_size > kMaxTreeSize) {
    return std::nullopt;
  }
  Tile p = t;
  p.L += k;
  p.N >>= k * t.H;
  p.W = 1 << t.H;
  const std::int64_t nodes = tree_size >> (p.L * p.H);  // hashes at the tile's level
  const std::int64_t start = p.N << p.H;
  if (start >= nodes) return std::nullopt;
  if (nodes - start < p.W) p.W = static_cast<int>(nodes - start);
  return p;
}

Result<std::vector<Tile>> NewTiles(int h, std::int64_t old_size, std::int64_t new_size) {
  SX_RETURN_IF_ERROR(CheckHeight(h));
  if (old_size < 0 || old_size > new_size || new_size > kMaxTreeSize) {
    return Status::Invalid(fmt::format("树大小从 {} 到 {} 不合适", old_size, new_size));
  }
  std::vector<Tile> tiles;
  for (int level = 0; h * level <= 62 && (new_size >> (h * level)) > 0; ++level) {
    const std::int64_t old_n = old_size >> (h * level);
    const std::int64_t new_n = new_size >> (h * level);
    if (old_n == new_n) continue;
    for (std::int64_t n = old_n >> h; n < new_n >> h; ++n) tiles.push_back({h, level, n, 1 << h});
    const std::int64_t n = new_n >> h;
    if (const auto w = static_cast<int>(new_n - (n << h)); w > 0) tiles.push_back({h, level, n, w});
  }
  return tiles;
}

Result<std::string> ReadTileData(const Tile& t, HashReader& reader) {
  SX_RETURN_IF_ERROR(ValidateTile(t));
  if (t.L < 0) return Status::Invalid("条目包不是哈希瓦片");
  std::vector<std::int64_t> indexes(t.W);
  for (int i = 0; i < t.W; ++i) indexes[i] = StoredHashIndexUnchecked(t.H * t.L, (t.N << t.H) + i);
  auto hashes = reader.ReadHashes(indexes);
  if (!hashes.ok()) return hashes.status();
  if (hashes->size() != indexes.size())
    return internal::ReaderMismatch(indexes.size(), hashes->size());
  std::string data(indexes.size() * kHashSize, '\0');
  for (std::size_t i = 0; i < hashes->size(); ++i) {
    std::memcpy(data.data() + i * kHashSize, (*hashes)[i].data(), kHashSize);
  }
  return data;
}

Result<Hash> HashFromTile(const Tile& t, std::string_view data, std::int64_t index) {
  SX_RETURN_IF_ERROR(ValidateTile(t));
  if (t.L < 0) return Status::Invalid("条目包不是哈希瓦片");
  if (data.size() != static_cast<std::size_t>(t.W) * kHashSize) {
    return Status::Invalid(fmt::format("瓦片 {} 应有 {} 字节,实有 {} 字节", Describe(t),
                                       t.W * kHashSize, data.size()));
  }
  if (index < 0 || index >= INT64_MAX) {
    return Status::Invalid(internal::OutOfRange("存储哈希序号", index));
  }
  const TileSlot s = SlotForIndex(t.H, index);
  if (s.tile.L != t.L || s.tile.N != t.N || s.tile.W > t.W) {
    return Status::Invalid(fmt::format("存储哈希 {} 不在瓦片 {} 中", index, Describe(t)));
  }
  return CompleteSubtreeHash(SplitHashes(data.substr(s.first * kHashSize, s.count * kHashSize)));
}

Result<std::vector<Hash>> TileHashReader::ReadHashes(std::span<const std::int64_t> indexes) {
  if (indexes.empty()) return std::vector<Hash>{};
  const int h = reader_.Height();
  SX_RETURN_IF_ERROR(CheckHeight(h));
  if (tree_size_ < 1 || tree_size_ > kMaxTreeSize) {
    return Status::Invalid(fmt::format("大小为 {} 的树中没有可读的哈希", tree_size_));
  }
  const std::int64_t count = *StoredHashCount(tree_size_);

  // Plan the tiles. First those holding the hashes that make up the tree hash: checking them
  // against the root authenticates them. Then, for each wanted hash, its tile and the chain of
  // parents up to an already planned tile, parents before children, so each new tile can be
  // authenticated by a hash in its (already authenticated) parent.
  std::map<Tile, std::size_t> order;
  std::vector<Tile> tiles;
  const auto plan = [&](const Tile& t) {
    auto [it, inserted] = order.emplace(t, tiles.size());
    if (inserted) tiles.push_back(t);
    return it->second;
  };
  std::vector<std::int64_t> stx;
  internal::SubTreeIndex(0, tree_size_, stx);
  std::vector<std::size_t> stx_tile(stx.size());
  for (std::size_t i = 0; i < stx.size(); ++i) {
    stx_tile[i] = plan(*TileParent(SlotForIndex(h, stx[i]).tile, 0, tree_size_));
  }
  // Unlike Go's tlog (which starts at len(stx)), every tile after these is checked against its
  // parent below, also when several tree-hash subtrees share a tile.
  const std::size_t authenticated_by_root = tiles.size();

  std::vector<std::size_t> index_tile(indexes.size());
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    const std::int64_t x = indexes[i];
    if (x < 0 || x >= count) {
      return Status::Invalid(fmt::format("存储哈希 {} 不在大小为 {} 的树中", x, tree_size_));
    }
    const Tile tile = SlotForIndex(h, x).tile;
    int k = 0;
    for (;; ++k) {
      const std::optional<Tile> p = TileParent(tile, k, tree_size_);
      if (!p) return Status::Internal(fmt::format("瓦片计算出错:找不到存储哈希 {} 的上层瓦片", x));
      if (order.contains(*p)) break;
    }
    for (int j = k - 1; j >= 0; --j) {
      const Tile p = *TileParent(tile, j, tree_size_);
      if (p.W != (1 << h)) {
        return Status::Internal(fmt::format("瓦片计算出错:有上层瓦片的瓦片 {} 不满", Describe(p)));
      }
      plan(p);
    }
    index_tile[i] = order.at(*TileParent(tile, 0, tree_size_));
  }

  auto data = reader_.ReadTiles(tiles);
  if (!data.ok()) return data.status();
  if (data->size() != tiles.size()) {
    return Status::Internal(
        fmt::format("瓦片读取器返回了 {} 个瓦片,应为 {} 个", data->size(), tiles.size()));
  }
  const auto tile_hash = [&](std::size_t tile, std::int64_t index) {
    return HashFromTile(tiles[tile], (*data)[tile], index);
  };

  auto th = tile_hash(stx_tile.back(), stx.back());
  if (!th.ok()) return th.status();
  for (std::size_t i = stx.size() - 1; i-- > 0;) {
    auto left = tile_hash(stx_tile[i], stx[i]);
    if (!left.ok()) return left.status();
    *th = NodeHash(*left, *th);
  }
  if (*th != root_) return Status::Invalid("下载的瓦片与树哈希不一致");

  for (std::size_t i = authenticated_by_root; i < tiles.size(); ++i) {
    const Tile p = *TileParent(tiles[i], 1, tree_size_);
    auto want = tile_hash(order.at(p), StoredHashIndexUnchecked(p.L * p.H, tiles[i].N));
    if (!want.ok()) return want.status();
    if ((*data)[i].size() != static_cast<std::size_t>(tiles[i].W) * kHashSize ||
        CompleteSubtreeHash(SplitHashes((*data)[i])) != *want) {
      return Status::Invalid("下载的瓦片与树哈希不一致");
    }
  }
  reader_.SaveTiles(tiles, *data);

  std::vector<Hash> hashes(indexes.size());
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    auto hash = tile_hash(index_tile[i], indexes[i]);
    if (!hash.ok()) return hash.status();
    hashes[i] = *hash;
  }
  return hashes;
}

Result<std::string> TilePath(const Tile& t) {
  SX_RETURN_IF_ERROR(ValidateTile(t));
  if (t.H != kTileHeight)
    return Status::Invalid(fmt::format("瓦片 {} 的高度不是 8,没有路径", Describe(t)));
  std::string path = t.L == kEntriesLevel ? "tile/entries" : fmt::format("tile/{}", t.L);
  std::vector<int> groups;
  std::int64_t n = t.N;
  do {
    groups.push_back(static_cast<int>(n % 1000));
    n /= 1000;
  } while (n > 0);
  for (std::size_t i = groups.size(); i-- > 0;) {
    path += fmt::format("/{}{:03}", i > 0 ? "x" : "", groups[i]);
  }
  if (t.W < kTileWidth) path += fmt::format(".p/{}", t.W);
  return path;
}

Result<Tile> ParseTilePath(std::string_view path) {
  std::vector<std::string_view> seg;
  for (std::size_t start = 0;;) {
    const std::size_t slash = path.find('/', start);
    seg.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (std::string_view s : seg) {
    if (s.empty()) return BadPath(path, "含有空路径段");
  }
  if (seg.size() < 3 || seg[0] != "tile") return BadPath(path, "应为 tile/<层>/<序号>[.p/<宽度>]");

  Tile t{kTileHeight, 0, 0, kTileWidth};
  if (seg[1] == "entries") {
    t.L = kEntriesLevel;
  } else {
    const auto level = ParseDecimal(seg[1], 2);
    if (!level || *level > 63) return BadPath(path, "层应为 0 到 63 的十进制数,不带前导零");
    t.L = static_cast<int>(*level);
  }

  // <N>: "xDDD" groups, then a last "DDD" group, optionally followed by ".p" and "/<W>".
  std::size_t i = 2;
  std::int64_t n = 0;
  const auto add_group = [&](int g) {
    if (n > (INT64_MAX - g) / 1000) return false;
    n = n * 1000 + g;
    return true;
  };
  for (; i < seg.size() && seg[i].starts_with('x'); ++i) {
    const auto g = ParseThreeDigits(seg[i].substr(1));
    if (!g) return BadPath(path, "序号的每段应为 x 加三位数字");
    if (i == 2 && *g == 0) return BadPath(path, "序号不能有前导零");
    if (!add_group(*g)) return BadPath(path, "序号超出范围");
  }
  if (i == seg.size()) return BadPath(path, "序号缺少最后一段");
  std::string_view last = seg[i];
  const bool partial = last.ends_with(".p");
  if (partial) last.remove_suffix(2);
  const auto g = ParseThreeDigits(last);
  if (!g) return BadPath(path, "序号的最后一段应为三位数字");
  if (!add_group(*g)) return BadPath(path, "序号超出范围");
  t.N = n;
  ++i;
  if (partial) {
    if (i == seg.size()) return BadPath(path, "缺少部分瓦片的宽度");
    const auto w = ParseDecimal(seg[i], 3);
    if (!w || *w < 1 || *w >= kTileWidth)
      return BadPath(path, "宽度应为 1 到 255 的十进制数,不带前导零");
    t.W = static_cast<int>(*w);
    ++i;
  }
  if (i != seg.size()) return BadPath(path, "结尾有多余的路径段");
  return t;
}

Result<std::string> EncodeEntryBundle(std::span<const std::string> entries) {
  if (entries.empty() || entries.size() > static_cast<std::size_t>(kTileWidth)) {
    return Status::Invalid(fmt::format("条目包应有 1 到 256 个条目,实有 {} 个", entries.size()));
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].size() > 0xFFFF) {
      return Status::Invalid(
          fmt::format("第 {} 个条目有 {} 字节,超过 65535 字节的上限", i + 1, entries[i].size()));
    }
    total += 2 + entries[i].size();
  }
  std::string out;
  out.reserve(total);
  for (const std::string& e : entries) {
    out.push_back(static_cast<char>(e.size() >> 8));
    out.push_back(static_cast<char>(e.size() & 0xFF));
    out += e;
  }
  return out;
}

Result<std::vector<std::string>> DecodeEntryBundle(std::string_view data) {
  std::vector<std::string> entries;
  std::size_t pos = 0;
  while (pos < data.size()) {
    if (entries.size() == static_cast<std::size_t>(kTileWidth)) {
      return Status::Invalid("条目包超过 256 个条目");
    }
    if (data.size() - pos < 2) return Status::Invalid("条目包在长度前缀处截断");
    const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(data[pos])) << 8) |
                            static_cast<unsigned char>(data[pos + 1]);
    pos += 2;
    if (data.size() - pos < len)
      return Status::Invalid(fmt::format("条目包在第 {} 个条目处截断", entries.size() + 1));
    entries.emplace_back(data.substr(pos, len));
    pos += len;
  }
  if (entries.empty()) return Status::Invalid("条目包为空");
  return entries;
}

}  // namespace sx::ledger
