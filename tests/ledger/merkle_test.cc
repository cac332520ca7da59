#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <random>

#include "ledger/base64.h"
#include "test_util.h"

namespace sx::ledger {
namespace {

using testing::BytesFromHex;
using testing::HashFromHex;
using testing::Hex;
using testing::MemoryHashStore;

// ---- Known answers -----------------------------------------------------------------------------
// The classic RFC 6962 test tree of Certificate Transparency (google/certificate-transparency
// merkle tree tests, carried on in transparency-dev/merkle proof/verify_test.go): eight leaves,
// the roots of their prefixes, and published inclusion and consistency proofs.

const char* const kLeavesHex[] = {"",
                                  "00",
                                  "10",
                                  "2021",
                                  "3031",
                                  "40414243",
                                  "5051525354555657",
                                  "606162636465666768696a6b6c6d6e6f"};

const char* const kRootsHex[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct InclusionVector {
  std::int64_t index;  // 0-based
  std::int64_t size;
  std::vector<const char*> proof;
};

const InclusionVector kInclusion[] = {
    {0, 1, {}},
    {0,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5,
     8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1,
     5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

struct ConsistencyVector {
  std::int64_t old_size;
  std::int64_t new_size;
  std::vector<const char*> proof;
};

const ConsistencyVector kConsistency[] = {
    {1, 1, {}},
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

Proof ProofFromHex(const std::vector<const char*>& hexes) {
  Proof p;
  for (const char* h : hexes) p.push_back(HashFromHex(h));
  return p;
}

MemoryHashStore VectorTree() {
  MemoryHashStore store;
  for (const char* leaf : kLeavesHex) store.Append(BytesFromHex(leaf));
  return store;
}

TEST(MerkleKnownAnswers, HashesAndRoots) {
  EXPECT_EQ(Hex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(LeafHash("")), kRootsHex[0]);
  MemoryHashStore store = VectorTree();
  EXPECT_EQ(*TreeHash(0, store), EmptyRoot());
  for (std::int64_t n = 1; n <= 8; ++n) {
    EXPECT_EQ(Hex(*TreeHash(n, store)), kRootsHex[n - 1]) << "size " << n;
  }
}

TEST(MerkleKnownAnswers, InclusionProofs) {
  MemoryHashStore store = VectorTree();
  for (const InclusionVector& v : kInclusion) {
    const Proof want = ProofFromHex(v.proof);
    auto got = ProveRecord(v.size, v.index, store);
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(*got, want) << "leaf " << v.index << " of " << v.size;
    const Hash root = HashFromHex(kRootsHex[v.size - 1]);
    const Hash leaf = LeafHash(BytesFromHex(kLeavesHex[v.index]));
    EXPECT_TRUE(CheckRecord(want, v.size, root, v.index, leaf).ok());
    EXPECT_FALSE(CheckRecord(want, v.size, root, v.index, LeafHash("WrongLeaf")).ok());
    EXPECT_FALSE(CheckRecord(want, v.size, EmptyRoot(), v.index, leaf).ok());
  }
}

TEST(MerkleKnownAnswers, ConsistencyProofs) {
  MemoryHashStore store = VectorTree();
  for (const ConsistencyVector& v : kConsistency) {
    const Proof want = ProofFromHex(v.proof);
    auto got = ProveTree(v.new_size, v.old_size, store);
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(*got, want) << v.old_size << " → " << v.new_size;
    const Hash old_root = HashFromHex(kRootsHex[v.old_size - 1]);
    const Hash new_root = HashFromHex(kRootsHex[v.new_size - 1]);
    EXPECT_TRUE(CheckTree(want, v.new_size, new_root, v.old_size, old_root).ok());
    if (v.old_size != v.new_size) {
      EXPECT_FALSE(CheckTree(want, v.new_size, old_root, v.old_size, new_root).ok());
      EXPECT_FALSE(CheckTree({}, v.new_size, new_root, v.old_size, old_root).ok());
    }
  }
}

// A real Certificate Transparency log (Google Argon 2020), as in Go's tlog ct_test.go: get-sth,
// get-entries for leaf 10000, get-proof-by-hash and get-sth-consistency?first=3654490.
constexpr std::int64_t kArgonSize = 961984013;
constexpr const char* kArgonRoot = "dwlueapdd7LaOEnX2W2Wp9v2XE+KzejHRQGHwEx0oaM=";
constexpr const char* kArgonOldRoot = "AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=";
constexpr std::int64_t kArgonOldSize = 3654490;
constexpr const char* kArgonLeaf10000 =
    "AAAAAAFelPhqUwAAAAViMIIFXjCCBEagAwIBAgIRAOodHzZdqWIFzYyl/SovhCMwDQYJKoZIhvcNAQELBQAwgZAxCzAJ"
    "BgNVBAYTAkdCMRswGQYDVQQIExJHcmVhdGVyIE1hbmNoZXN0ZXIxEDAOBgNVBAcTB1NhbGZvcmQxGjAYBgNVBAoTEUNP"
    "TU9ETyBDQSBMaW1pdGVkMTYwNAYDVQQDEy1DT01PRE8gUlNBIERvbWFpbiBWYWxpZGF0aW9uIFNlY3VyZSBTZXJ2ZXIg"
    "Q0EwHhcNMTcwMjE1MDAwMDAwWhcNMjAwNDE2MjM1OTU5WjBfMSEwHwYDVQQLExhEb21haW4gQ29udHJvbCBWYWxpZGF0"
    "ZWQxHTAbBgNVBAsTFFBvc2l0aXZlU1NMIFdpbGRjYXJkMRswGQYDVQQDDBIqLmxhbmRsb3Jkcy5jb20uYXUwggEiMA0G"
    "CSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCtPBKKHj4zdrGlCjgTHzb5gx9JCs97DwvBz60f14gDufF2haWbOxyJ0a3o"
    "pAMsZnOr8HkARVCwxdqG/PTfACcb0QM7FOlzvxGqxataTYiChwvkkif8F9GlJw69HuHgzhusPf1Ytfk3ps1PRC14Mkyr"
    "S4kwPrk/Le4XdkqRpRw62wG4V6IkbzsNMEOl1H8EgUbfyapdOcVxHjIzvBVy56fBRKG05Fr5wNq3Acak5kYZdNsLhhml"
    "rqAfAjiombW3hb3V5blJdRC0BDdYHv2+zKey6LqJ1FDoXo6IzbzPpC+aifZy47YX+/N1U64Qn5xlDg7mOP8JXfkNJHbU"
    "1TJZHif5AgMBAAGjggHhMIIB3TAfBgNVHSMEGDAWgBSQr2o6lFoL2JDqElZz30O0Oija5zAdBgNVHQ4EFgQUNQSLjkoz"
    "01I+iuuoC5lgEp0anhcwDgYDVR0PAQH/BAQDAgWgMAwGA1UdEwEB/wQCMAAwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsG"
    "AQUFBwMCME8GA1UdIARIMEYwOgYLKwYBBAGyMQECAgcwKzApBggrBgEFBQcCARYdaHR0cHM6Ly9zZWN1cmUuY29tb2Rv"
    "LmNvbS9DUFMwCAYGZ4EMAQIBMFQGA1UdHwRNMEswSaBHoEWGQ2h0dHA6Ly9jcmwuY29tb2RvY2EuY29tL0NPTU9ET1JT"
    "QURvbWFpblZhbGlkYXRpb25TZWN1cmVTZXJ2ZXJDQS5jcmwwgYUGCCsGAQUFBwEBBHkwdzBPBggrBgEFBQcwAoZDaHR0"
    "cDovL2NydC5jb21vZG9jYS5jb20vQ09NT0RPUlNBRG9tYWluVmFsaWRhdGlvblNlY3VyZVNlcnZlckNBLmNydDAkBggr"
    "BgEFBQcwAYYYaHR0cDovL29jc3AuY29tb2RvY2EuY29tMC8GA1UdEQQoMCaCEioubGFuZGxvcmRzLmNvbS5hdYIQbGFu"
    "ZGxvcmRzLmNvbS5hdTANBgkqhkiG9w0BAQsFAAOCAQEACyHqxUzrexToY7tOv4+kyGPP2D27P1tQpyzeAl1bPObiMhNK"
    "2b9vvBLDWAaqm8c0YL1h+DBdLoWzf3xFsIkTCVCjWJTNSNlcYtgRk6or1s7jWsfXzWqsnPjPPmTIOCw7EfH7Yme3oxPs"
    "3UUsmShAgPwNohAtL9GqlqMiKM6v1WU3NHt01jEoNP23LRa6KeNK6AH6WHJykzL223IlhgXjHTeuQj6lR+TNrQXJuhwT"
    "XYe+20rrpPQxc1Pn7AqnvfWgmicRQ7gdIcr4V6+ecTvLfNOaJ0ZYe5G5giuAAdTm7F57pk04f4gyZNYKrj88mvbkoriN"
    "8b6jcWExtrYO6bm2TwAA";
const std::vector<const char*> kArgonAuditPath = {
    "T46AmJsuOM/gFiGlUp+IJJebp+1Z5qratFNW7U0JyOQ=", "9Jj1Feodn42uRYEfffkV4HF/EIPFQ5Zo9IwkxbQ2uhk=",
    "D53/1oCNebF4J59HHgioovKZxrmrKcVuCVhy3Izg8Ck=", "wSFDgGSrsXRPA+1c8WHoAFCsWeUv8NDyP/Q/SgsyVyY=",
    "516/RcwsgdwdzHn18v1dJHqBkgFUbNhmCIWOGjsMJaE=", "naTFY2ajLFgrgs5XUl+zJYZnnlJksLGsA1VYwpLfqbY=",
    "mKBRJo6qao+0Kdh/rhGkZUbHUAxMhrtrclrTpIbNjIg=", "Co4ueOFE7lpifLio94irxxsv1wFMMaK3tPu2ZQkHlro=",
    "yRgy800K6JMYCC05sWfqF2kvCg2riT/pVM+nEa6V5+0=", "n2O38XJZC8/Wpbwi9HhgVizlUyeUHVZvYyQB1607MRc=",
    "go3tAjuNfNSCj87y2Rg1xOroDknGN1eaf3cgvzObf7Q=", "8D0Mj3/J7ySSnFb0afIHYXv6rlOhECnsebY6XKi1IR8=",
    "6rcez46ZU8M5vPiWVMAUfJfAOV0pPP/mch/lYzZhj/M=", "2rtIeXrPvSdUyHc5maIgSAVB2BzaKaupWxSAiVayDE4=",
    "nniW/IMFQPN5xw8UsHFn7CRStYbm1gLu7NNa6kkRqJQ=", "mRPPi7sQS22MduIEyvcNzCNFqIt6kLwYPkNKrVtIcu8=",
    "JvTivzESNS9wHI8aph5a7uieVmtS/p9PciMZ5D6GyOo=", "UTyQd+Ym0wY4zG+qK806bBORwi1CSVvFQ/KknnqoZj8=",
    "hXODrqN+ff+U6zPqRQ+ZQKs6im1fPcxIerDSfNwflhE=", "II6GE+WY/DrpZzfHztLwkR46o37zVkNLCyPYlf68zA0=",
    "d609kWWcNBllbA8Jb/ad4XAVVGnScLRmtP8FYyr+Dck=", "rikBsP0G0gioXRpBFED2CzQdSLrGPvRd0bEcbEZw1rI=",
    "GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=", "pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=",
    "f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=", "WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=",
    "f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=", "NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=",
    "C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=", "nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=",
};
const std::vector<const char*> kArgonConsistency = {
    "80Sfbj6UQEdVSZCSIgh9NMPj3vCBzcc1A48B2crJSWg=", "FZcrgAHUk6nNPviJZq8kEK6jCG1d18pJOFE45ZDc1TQ=",
    "Q67reWXmPBo1UfmwBap4Xi9PMPfFdUSSw3WGlRZdG7k=", "eJ7CyhR4PxzBxDIsWgrVYW1eFUb9ndgf46tFmiqVrxA=",
    "QrDwp062Grm5WY8KdrhFsBuuNjGzRox2Jb8PmVL5OYw=", "XM4YMjMEdLH/XJam/ZWyaP14k3cmsOtnPsOWQ54lW1s=",
    "SGiBh+jOTGccXU48ZzgQ88lRcBmtB4wz4oSDndv2QTg=", "WAS6txqNLYKGL1GdBdpqmV42TTfn6cJsuDsqLXuTCNI=",
    "QFmRS0rirUA7ZN3lxFjDncV+E1OCrn3NUB4RCp+5fzc=", "Hdbp7It2XBNZmNDBpCN/KPd7vfVqxgzwOosqVIaEA9E=",
    "mxvHL0ZiblBdD7j7pIa1jlfB0gSqfJ6oX0UGo7L0VsU=", "q5hjyvoW6TL/PThgcitpDcSTrnKX2p1+aqscqH2euRA=",
    "jTOWDqt3IHj2NVFeezyBz2ofpru+ztEywqKUAfFclKI=", "GIRn0w3HqJdvU9j1WVD//eR6lk2AaTVjyzjsJNP8U88=",
    "x52GJvxG81fnQBrgOTbll1A5tz95/LXK0Ag1NhB0r1I=", "6/0OqrcTgc3o5dD5PymmoC96lB9yLPFuTHVvLy8fSGk=",
    "Gf+iKLfcXO5l4JEFmsZvSdG5q1uEeWPfYLrds6pmjz0=", "DGuaco+McyM3AfRSF6qX7RwSetwe2ieYJmxw5e9rVx0=",
    "2tQJ9V32hnYp+fdpP6TcjmgJmLeNVOMKM0Ml1kk4cNU=", "3PapK+IkyJr8I9yAErAmzuZezzLMzsg+PfeRCgNW8NQ=",
    "s6xiYeejb+wtqHA+URJZ2I/SCPyIW8coP6aB00FJbMY=", "z9lSpmdTcr5M5ZzKlc4EPh3SrSypKFdk6JUF/UccaZU=",
    "GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=", "pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=",
    "f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=", "WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=",
    "f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=", "NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=",
    "C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=", "nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=",
};

Hash HashFromBase64(const char* b64) {
  const auto raw = DecodeBase64(b64);
  Hash h{};
  if (raw && raw->size() == kHashSize) std::memcpy(h.data(), raw->data(), kHashSize);
  return h;
}

Proof ProofFromBase64(const std::vector<const char*>& b64) {
  Proof p;
  for (const char* h : b64) p.push_back(HashFromBase64(h));
  return p;
}

TEST(MerkleKnownAnswers, RealCertificateTransparencyLog) {
  const Hash root = HashFromBase64(kArgonRoot);
  const Hash old_root = HashFromBase64(kArgonOldRoot);
  const Hash leaf = LeafHash(*DecodeBase64(kArgonLeaf10000));
  const Proof audit = ProofFromBase64(kArgonAuditPath);
  const Proof consistency = ProofFromBase64(kArgonConsistency);
  EXPECT_TRUE(CheckRecord(audit, kArgonSize, root, 10000, leaf).ok());
  EXPECT_TRUE(CheckTree(consistency, kArgonSize, root, kArgonOldSize, old_root).ok());
  EXPECT_FALSE(CheckRecord(audit, kArgonSize, root, 10001, leaf).ok());
  // (The size is not checked on its own: the path of leaf 10000 is the same in a tree one leaf
  // larger. A checkpoint signs the size and the root together.)
  EXPECT_FALSE(CheckRecord(audit, kArgonSize, old_root, 10000, leaf).ok());
  EXPECT_FALSE(CheckTree(consistency, kArgonSize, root, kArgonOldSize + 1, old_root).ok());
  EXPECT_FALSE(CheckTree(consistency, kArgonSize, old_root, kArgonOldSize, root).ok());
}

// Sizes that are always consistent, and the degenerate cases of transparency-dev's
// TestVerifyConsistency (with our stricter rule that the empty tree's root is EmptyRoot()).
TEST(MerkleKnownAnswers, TrivialConsistency) {
  const Hash a = LeafHash("a");
  const Hash b = LeafHash("b");
  EXPECT_TRUE(CheckTree({}, 0, EmptyRoot(), 0, EmptyRoot()).ok());
  EXPECT_TRUE(CheckTree({}, 1, a, 0, EmptyRoot()).ok());
  EXPECT_TRUE(CheckTree({}, 1, a, 1, a).ok());
  EXPECT_FALSE(CheckTree({}, 1, a, 0, b).ok());
  EXPECT_FALSE(CheckTree({}, 1, a, 1, b).ok());
  EXPECT_FALSE(CheckTree({}, 0, a, 1, b).ok());  // time travel
  EXPECT_FALSE(CheckTree({}, 1, a, 2, b).ok());  // time travel
  EXPECT_FALSE(CheckTree({}, 2, a, 1, b).ok());  // empty proof
  EXPECT_FALSE(CheckTree(Proof{EmptyRoot()}, 0, EmptyRoot(), 0, EmptyRoot()).ok());
  EXPECT_FALSE(CheckTree(Proof{EmptyRoot()}, 1, EmptyRoot(), 0, EmptyRoot()).ok());
  EXPECT_FALSE(CheckTree(Proof{EmptyRoot()}, 1, a, 1, a).ok());
}

// ---- Stored-hash layout ------------------------------------------------------------------------

TEST(StoredHashIndex, LayoutMatchesGoTlog) {
  // Leaves 0..3 and the nodes they complete: L0 L1 N(0,1) L2 L3 N(2,3) N(0..3) ...
  EXPECT_EQ(*StoredHashIndex(0, 0), 0);
  EXPECT_EQ(*StoredHashIndex(0, 1), 1);
  EXPECT_EQ(*StoredHashIndex(1, 0), 2);
  EXPECT_EQ(*StoredHashIndex(0, 2), 3);
  EXPECT_EQ(*StoredHashIndex(0, 3), 4);
  EXPECT_EQ(*StoredHashIndex(1, 1), 5);
  EXPECT_EQ(*StoredHashIndex(2, 0), 6);
  EXPECT_EQ(*StoredHashIndex(0, 4), 7);
  for (std::int64_t n : {0, 1, 2, 3, 4, 5, 7, 8, 100, 1000, 1 << 20}) {
    MemoryHashStore store;
    for (std::int64_t i = 0; i < std::min<std::int64_t>(n, 1000); ++i)
      store.Append(std::to_string(i));
    if (n <= 1000) {
      EXPECT_EQ(*StoredHashCount(n), static_cast<std::int64_t>(store.hashes.size()));
    }
  }
  EXPECT_EQ(*StoredHashCount(0), 0);
  EXPECT_EQ(*StoredHashCount(kMaxTreeSize), INT64_MAX);
}

TEST(StoredHashIndex, SplitInvertsIndex) {
  std::mt19937_64 rng(7);
  for (std::int64_t index = 0; index < 5000; ++index) {
    auto node = SplitStoredHashIndex(index);
    ASSERT_TRUE(node.ok());
    EXPECT_EQ(*StoredHashIndex(node->level, node->n), index);
  }
  for (int i = 0; i < 2000; ++i) {
    const int level = static_cast<int>(rng() % 63);
    const std::int64_t n =
        static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(kMaxTreeSize >> level));
    auto index = StoredHashIndex(level, n);
    ASSERT_TRUE(index.ok()) << level << " " << n;
    EXPECT_EQ(*SplitStoredHashIndex(*index), (NodeId{level, n}));
  }
  EXPECT_EQ(*SplitStoredHashIndex(INT64_MAX - 1), (NodeId{62, 0}));
}

TEST(StoredHashIndex, RefusesOutOfRange) {
  for (auto [level, n] : std::vector<std::pair<int, std::int64_t>>{{-1, 0},
                                                                   {63, 0},
                                                                   {0, -1},
                                                                   {0, kMaxTreeSize},
                                                                   {1, kMaxTreeSize / 2},
                                                                   {62, 1},
                                                                   {0, INT64_MAX}}) {
    EXPECT_EQ(StoredHashIndex(level, n).status().code(), Code::kInvalid) << level << " " << n;
  }
  EXPECT_TRUE(StoredHashIndex(0, kMaxTreeSize - 1).ok());
  EXPECT_TRUE(StoredHashIndex(62, 0).ok());
  for (std::int64_t index : {std::int64_t{-1}, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(SplitStoredHashIndex(index).status().code(), Code::kInvalid);
  }
  for (std::int64_t size : {std::int64_t{-1}, kMaxTreeSize + 1, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(StoredHashCount(size).status().code(), Code::kInvalid);
  }
}

TEST(Merkle, RefusesBadSizesWithoutReading) {
  MemoryHashStore store = VectorTree();
  store.calls = 0;
  const Hash h = LeafHash("");
  for (auto [t, n] : std::vector<std::pair<std::int64_t, std::int64_t>>{{0, 0},
                                                                        {1, 1},
                                                                        {8, 8},
                                                                        {8, -1},
                                                                        {-1, 0},
                                                                        {kMaxTreeSize + 1, 0},
                                                                        {INT64_MAX, INT64_MAX - 1},
                                                                        {INT64_MIN, INT64_MIN}}) {
    EXPECT_EQ(ProveRecord(t, n, store).status().code(), Code::kInvalid) << t << " " << n;
    EXPECT_EQ(CheckRecord({}, t, h, n, h).code(), Code::kInvalid);
  }
  for (auto [t, n] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {8, 9}, {8, -1}, {-1, -1}, {kMaxTreeSize + 1, 1}, {INT64_MAX, 1}, {0, 1}}) {
    EXPECT_EQ(ProveTree(t, n, store).status().code(), Code::kInvalid) << t << " " << n;
    EXPECT_EQ(CheckTree({}, t, h, n, h).code(), Code::kInvalid);
  }
  for (std::int64_t t : {std::int64_t{-1}, kMaxTreeSize + 1}) {
    EXPECT_EQ(TreeHash(t, store).status().code(), Code::kInvalid);
  }
  for (std::int64_t n : {std::int64_t{-1}, kMaxTreeSize, INT64_MAX}) {
    EXPECT_EQ(StoredHashes(n, "x", store).status().code(), Code::kInvalid);
  }
  EXPECT_EQ(store.calls, 0);
  // A proof far longer than any tree allows is refused, not walked.
  EXPECT_FALSE(CheckRecord(Proof(10000, h), 8, h, 0, h).ok());
  EXPECT_FALSE(CheckTree(Proof(10000, h), 8, h, 3, h).ok());
}

// A reader that breaks its contract.
class ShortReader final : public HashReader {
 public:
  Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) override {
    return std::vector<Hash>(indexes.size() / 2);
  }
};
class FailingReader final : public HashReader {
 public:
  Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t>) override {
    return Status::Unavailable("数据库不可用");
  }
};

TEST(Merkle, ReaderErrorsPassThrough) {
  ShortReader short_reader;
  FailingReader failing;
  EXPECT_EQ(TreeHash(7, short_reader).status().code(), Code::kInternal);
  EXPECT_EQ(ProveRecord(7, 3, short_reader).status().code(), Code::kInternal);
  EXPECT_EQ(ProveTree(7, 3, short_reader).status().code(), Code::kInternal);
  EXPECT_EQ(StoredHashes(7, "x", short_reader).status().code(), Code::kInternal);
  EXPECT_EQ(TreeHash(7, failing).status().code(), Code::kUnavailable);
  EXPECT_EQ(ProveRecord(7, 3, failing).status().code(), Code::kUnavailable);
  EXPECT_EQ(ProveTree(7, 3, failing).status().code(), Code::kUnavailable);
  EXPECT_EQ(StoredHashes(3, "x", failing).status().code(), Code::kUnavailable);
  EXPECT_TRUE(StoredHashes(4, "x", failing).ok());  // leaf 4 completes no subtree: nothing to read
}

// ---- Properties --------------------------------------------------------------------------------

// RFC 9162 §2.1 written out directly over the leaf hashes: the reference the stored-hash
// algorithms must agree with byte for byte.
class Reference {
 public:
  explicit Reference(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}
  Hash Root(std::int64_t lo, std::int64_t hi) const {
    if (hi == lo) return EmptyRoot();
    if (hi - lo == 1) return leaves_[lo];
    const std::int64_t k = Split(hi - lo);
    return NodeHash(Root(lo, lo + k), Root(lo + k, hi));
  }
  Proof Path(std::int64_t m, std::int64_t lo, std::int64_t hi) const {
    if (hi - lo == 1) return {};
    const std::int64_t k = Split(hi - lo);
    Proof p;
    if (m - lo < k) {
      p = Path(m, lo, lo + k);
      p.push_back(Root(lo + k, hi));
    } else {
      p = Path(m, lo + k, hi);
      p.push_back(Root(lo, lo + k));
    }
    return p;
  }
  Proof Consistency(std::int64_t m, std::int64_t n) const { return SubProof(m, 0, n, true); }

 private:
  static std::int64_t Split(std::int64_t n) {
    return static_cast<std::int64_t>(std::bit_floor(static_cast<std::uint64_t>(n - 1)));
  }
  Proof SubProof(std::int64_t m, std::int64_t lo, std::int64_t hi, bool whole) const {
    if (m == hi - lo) return whole ? Proof{} : Proof{Root(lo, hi)};
    const std::int64_t k = Split(hi - lo);
    Proof p;
    if (m <= k) {
      p = SubProof(m, lo, lo + k, whole);
      p.push_back(Root(lo + k, hi));
    } else {
      p = SubProof(m - k, lo + k, hi, false);
      p.push_back(Root(lo, lo + k));
    }
    return p;
  }
  std::vector<Hash> leaves_;
};

constexpr std::int64_t kMaxLeaves = 10000;

class MerkleProperties : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new MemoryHashStore;
    roots_ = new std::vector<Hash>;
    std::vector<Hash> leaves;
    for (std::int64_t i = 0; i < kMaxLeaves; ++i)
      leaves.push_back(store_->Append("entry " + std::to_string(i)));
    for (std::int64_t t = 0; t <= kMaxLeaves; ++t) roots_->push_back(*TreeHash(t, *store_));
    reference_ = new Reference(std::move(leaves));
  }
  static void TearDownTestSuite() {
    delete store_;
    delete roots_;
    delete reference_;
  }
  static Hash Leaf(std::int64_t i) { return store_->hashes[*StoredHashIndex(0, i)]; }
  static const Hash& Root(std::int64_t t) { return (*roots_)[t]; }

  // Every way of spoiling an inclusion proof must be refused.
  static void ExpectTamperedInclusionFails(const Proof& p, std::int64_t t, std::int64_t n,
                                           std::mt19937_64& rng) {
    const Hash leaf = Leaf(n);
    auto fails = [&](const Proof& q, std::int64_t tt, const Hash& root, std::int64_t nn,
                     const Hash& h, const char* what) {
      EXPECT_FALSE(CheckRecord(q, tt, root, nn, h).ok()) << what << ": leaf " << n << " of " << t;
    };
    for (std::size_t i = 0; i < p.size(); ++i) {
      Proof q = p;
      q[i][rng() % kHashSize] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      fails(q, t, Root(t), n, leaf, "flipped bit");
    }
    if (!p.empty()) {
      fails(Proof(p.begin(), p.end() - 1), t, Root(t), n, leaf, "dropped last");
      fails(Proof(p.begin() + 1, p.end()), t, Root(t), n, leaf, "dropped first");
    }
    Proof longer = p;
    longer.push_back(Root(t));
    fails(longer, t, Root(t), n, leaf, "extra at end");
    longer = p;
    longer.insert(longer.begin(), leaf);
    fails(longer, t, Root(t), n, leaf, "extra at front");
    for (std::int64_t wrong : {n - 1, n + 1, n ^ 2, n ^ 1}) {
      if (wrong >= 0 && wrong < t && wrong != n) fails(p, t, Root(t), wrong, leaf, "wrong index");
    }
    for (std::int64_t wrong : {t - 1, t + 1, t * 2, t / 2}) {
      if (wrong > n && wrong <= kMaxLeaves && wrong != t)
        fails(p, wrong, Root(wrong), n, leaf, "wrong size");
    }
    fails(p, t, Root(t), n, LeafHash("not an entry"), "wrong leaf");
    if (t > 1) fails(p, t, Root(t - 1), n, leaf, "wrong root");
  }

  static void ExpectTamperedConsistencyFails(const Proof& p, std::int64_t t, std::int64_t m,
                                             std::mt19937_64& rng) {
    auto fails = [&](const Proof& q, std::int64_t tt, const Hash& th, std::int64_t mm,
                     const Hash& h, const char* what) {
      EXPECT_FALSE(CheckTree(q, tt, th, mm, h).ok()) << what << ": " << m << " → " << t;
    };
    const Hash& th = Root(t);
    const Hash& h = Root(m);
    for (std::size_t i = 0; i < p.size(); ++i) {
      Proof q = p;
      q[i][rng() % kHashSize] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      fails(q, t, th, m, h, "flipped bit");
    }
    fails(Proof(p.begin(), p.end() - 1), t, th, m, h, "dropped last");
    fails(Proof(p.begin() + 1, p.end()), t, th, m, h, "dropped first");
    fails({}, t, th, m, h, "empty");
    Proof longer = p;
    longer.push_back(th);
    fails(longer, t, th, m, h, "extra at end");
    longer = p;
    longer.insert(longer.begin(), h);
    fails(longer, t, th, m, h, "extra at front");
    longer = p;
    longer.insert(longer.begin(), p.front());
    fails(longer, t, th, m, h, "repeated first");
    for (std::int64_t wrong : {m - 1, m + 1, m ^ 2, m * 2, m / 2}) {
      if (wrong >= 0 && wrong <= t && wrong != m)
        fails(p, t, th, wrong, Root(wrong), "wrong old size");
    }
    for (std::int64_t wrong : {t - 1, t + 1, t * 2, t / 2}) {
      if (wrong >= m && wrong <= kMaxLeaves && wrong != t)
        fails(p, wrong, Root(wrong), m, h, "wrong new size");
    }
    fails(p, t, h, m, th, "swapped roots");
    fails(p, t, th, m, LeafHash("other"), "wrong old root");
    fails(p, t, LeafHash("other"), m, h, "wrong new root");
  }

  static MemoryHashStore* store_;
  static std::vector<Hash>* roots_;
  static Reference* reference_;
};

MemoryHashStore* MerkleProperties::store_ = nullptr;
std::vector<Hash>* MerkleProperties::roots_ = nullptr;
Reference* MerkleProperties::reference_ = nullptr;

TEST_F(MerkleProperties, RootsMatchReference) {
  for (std::int64_t t = 0; t <= 300; ++t) ASSERT_EQ(Root(t), reference_->Root(0, t)) << t;
  for (std::int64_t t : {511, 512, 513, 1000, 4095, 4096, 4097, 9999, 10000}) {
    EXPECT_EQ(Root(t), reference_->Root(0, t)) << t;
  }
}

// Small trees, exhaustively: every proof is the RFC's, verifies, and fails when tampered with.
TEST_F(MerkleProperties, EverySmallProof) {
  std::mt19937_64 rng(1);
  for (std::int64_t t = 1; t <= 70; ++t) {
    for (std::int64_t n = 0; n < t; ++n) {
      auto p = ProveRecord(t, n, *store_);
      ASSERT_TRUE(p.ok());
      ASSERT_EQ(*p, reference_->Path(n, 0, t)) << "leaf " << n << " of " << t;
      ASSERT_TRUE(CheckRecord(*p, t, Root(t), n, Leaf(n)).ok());
      ExpectTamperedInclusionFails(*p, t, n, rng);
    }
    for (std::int64_t m = 0; m <= t; ++m) {
      auto p = ProveTree(t, m, *store_);
      ASSERT_TRUE(p.ok());
      if (m > 0) {
        ASSERT_EQ(*p, reference_->Consistency(m, t)) << m << " → " << t;
      }
      ASSERT_TRUE(CheckTree(*p, t, Root(t), m, Root(m)).ok()) << m << " → " << t;
      if (m > 0 && m < t) ExpectTamperedConsistencyFails(*p, t, m, rng);
    }
  }
}

// Random sizes up to 10,000 (fixed seed).
TEST_F(MerkleProperties, RandomProofs) {
  std::mt19937_64 rng(20260501);
  for (int c = 0; c < 400; ++c) {
    const auto t = static_cast<std::int64_t>(1 + rng() % kMaxLeaves);
    const auto n = static_cast<std::int64_t>(rng() % t);
    auto p = ProveRecord(t, n, *store_);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(CheckRecord(*p, t, Root(t), n, Leaf(n)).ok()) << "leaf " << n << " of " << t;
    ExpectTamperedInclusionFails(*p, t, n, rng);

    const auto m = static_cast<std::int64_t>(1 + rng() % t);
    auto q = ProveTree(t, m, *store_);
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(CheckTree(*q, t, Root(t), m, Root(m)).ok()) << m << " → " << t;
    if (m < t) ExpectTamperedConsistencyFails(*q, t, m, rng);

    if (c % 8 == 0) {  // the O(t) reference, for a sample
      EXPECT_EQ(*p, reference_->Path(n, 0, t));
      EXPECT_EQ(*q, reference_->Consistency(m, t));
    }
  }
}

// All leaves of one large tree.
TEST_F(MerkleProperties, EveryLeafOfTheLargestTree) {
  for (std::int64_t n = 0; n < kMaxLeaves; ++n) {
    auto p = ProveRecord(kMaxLeaves, n, *store_);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(CheckRecord(*p, kMaxLeaves, Root(kMaxLeaves), n, Leaf(n)).ok()) << n;
  }
  for (std::int64_t m = 0; m <= kMaxLeaves; m += 7) {
    auto p = ProveTree(kMaxLeaves, m, *store_);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(CheckTree(*p, kMaxLeaves, Root(kMaxLeaves), m, Root(m)).ok()) << m;
  }
}

TEST_F(MerkleProperties, ReadsAreBatched) {
  const int before = store_->calls;
  (void)TreeHash(9999, *store_);
  (void)ProveRecord(9999, 1234, *store_);
  (void)ProveTree(9999, 1234, *store_);
  EXPECT_EQ(store_->calls - before, 3);
}

}  // namespace
}  // namespace sx::ledger
