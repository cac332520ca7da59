#include "services/archive_service.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "archive/bagit.h"
#include "domain/civil_date.h"
#include "domain/documents.h"
#include "domain/ledger_event.h"
#include "ledger/base64.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/agency_repository.h"
#include "store/case_repository.h"
#include "util/utf8.h"

namespace sx::services {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kFormat = "sanxiang.case-file/1";
constexpr std::int64_t kMaxMetadata = 64 * 1024 * 1024;

// 卷内顺序 (住建部令第55号 第40条).
constexpr std::string_view kSectionNames[] = {
    "",
    "①案源材料、立案审批表",
    "②调查终结报告、告知书、决定书、送达回证",
    "③证据材料",
    "④陈述申辩材料",
    "⑤听证笔录",
    "⑥复核意见、法制审核意见、集体讨论记录",
    "⑦执行材料",
    "⑧其他材料",
};

struct Entry {
  std::string_view type;
  FileSection place;
};

constexpr Entry kOrder[] = {
    {"filing_approval", {1, 1}},
    {"investigation_report", {2, 1}},
    {"penalty_notice", {2, 2}},
    {"hearing_notice", {2, 3}},
    {"penalty_decision", {2, 4}},
    {"no_penalty_decision", {2, 4}},
    {"on_spot_decision", {2, 4}},
    {"order_notice", {2, 4}},
    {"transfer_letter", {2, 5}},
    {"service_receipt", {2, 6}},
    {"inquiry_record", {3, 1}},
    {"inspection_record", {3, 2}},
    {"statement_record", {4, 1}},
    {"hearing_record", {5, 1}},
    {"legal_review_opinion", {6, 1}},
    {"discussion_record", {6, 2}},
    {"reminder", {7, 1}},
    {"enforcement_application", {7, 2}},
    {"closing_approval", {8, 1}},
    {"withdrawal_approval", {8, 2}},
};

// The payload formats the archive accepts (DA/T 70 可用性: open, documented formats).
constexpr std::string_view kAllowed[] = {".pdf", ".json", ".txt", ".jpg", ".jpeg", ".png",
                                         ".mp4", ".webm", ".mp3", ".wav", ".m4a"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Opt(const std::optional<std::string>& s) { return s.value_or(""); }

// The file's first `n` bytes and last `n` bytes (fewer for a short file).
std::pair<std::string, std::string> HeadTail(const fs::path& p, std::size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string head(n, '\0'), tail(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<std::size_t>(in.gcount()));
  in.clear();
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  in.seekg(static_cast<std::streamoff>(size > n ? size - n : 0));
  in.read(tail.data(), static_cast<std::streamsize>(n));
  tail.resize(static_cast<std::size_t>(in.gcount()));
  return {head, tail};
}

Result<std::string> ReadSmall(const fs::path& p, std::int64_t max) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec) return Status::NotFound("文件缺失");
  if (static_cast<std::int64_t>(size) > max) return Status::Invalid("文件过大");
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What executable content starts with: ELF, PE (MZ), Mach-O (32/64, both byte orders, fat), a
// script's shebang.
std::string ExecutableKind(std::string_view head) {
  if (head.starts_with("\x7f"
                       "ELF"))
    return "ELF 可执行文件";
  if (head.starts_with("MZ")) return "Windows PE 可执行文件";
  if (head.starts_with("#!")) return "脚本(#!)";
  static constexpr std::array<std::string_view, 5> kMachO = {
      std::string_view("\xfe\xed\xfa\xce", 4), std::string_view("\xfe\xed\xfa\xcf", 4),
      std::string_view("\xce\xfa\xed\xfe", 4), std::string_view("\xcf\xfa\xed\xfe", 4),
      std::string_view("\xca\xfe\xba\xbe", 4)};
  for (auto m : kMachO) {
    if (head.starts_with(m)) return "Mach-O 可执行文件";
  }
  return "";
}

std::string FindOnPath(std::string_view program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const auto dir = rest.substr(0, colon);
    if (!dir.empty()) {
      const fs::path candidate = fs::path(dir) / program;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

const json::value* Member(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  return v.as_object().if_contains(key);
}

std::string Text(const json::value* v) {
  if (v == nullptr || !v->is_string()) return "";
  return std::string(v->as_string());
}

std::optional<std::int64_t> Int(const json::value* v) {
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}

// Counts the page objects of a PDF as it streams past ("/Type /Page" not followed by "s"; cairo
// writes no object streams, so every page object is visible in the bytes).
class PageCounter {
 public:
  void Feed(std::span<const char> bytes) {
    for (char ch : bytes) {
      window_.push_back(ch);
      if (window_.size() > kKey.size() + 1) window_.erase(window_.begin());
      if (window_.size() == kKey.size() + 1 && std::string_view(window_).starts_with(kKey)) {
        const char next = window_.back();
        if (!std::isalnum(static_cast<unsigned char>(next))) ++pages_;
      }
    }
  }
  std::int64_t pages() const { return pages_; }

 private:
  static constexpr std::string_view kKey = "/Type /Page";
  std::string window_;
  std::int64_t pages_ = 0;
};

}  // namespace

FileSection SectionOf(std::string_view document_type) {
  for (const auto& e : kOrder) {
    if (e.type == document_type) return e.place;
  }
  return FileSection{8, 99};
}

Result<ExportedBag> ExportCaseBag(store::Database& db, const store::BlobStore& blobs,
                                  LedgerService& ledger, const Clock& clock, std::int64_t case_id,
                                  const fs::path& out_dir, const ExportOptions& options) {
  store::CaseRepository repo;
  store::CaseRow c;
  store::PowerItemRow power;
  domain::Agency agency;
  std::vector<store::DocumentRow> documents;
  std::vector<store::CaseEventRow> events;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto row = repo.GetCase(tx, case_id);
    if (!row.ok()) return row.status();
    c = std::move(*row);
    auto p = repo.GetPowerItem(tx, c.power_item_id);
    if (!p.ok()) return p.status();
    power = std::move(*p);
    auto a = store::MakeAgencyRepository()->Get(tx, c.agency_id);
    if (!a.ok()) return a.status();
    agency = std::move(*a);
    auto docs = repo.Documents(tx, case_id);
    if (!docs.ok()) return docs.status();
    documents = std::move(*docs);
    auto ev = repo.Events(tx, case_id);
    if (!ev.ok()) return ev.status();
    events = std::move(*ev);
    return Status::Ok();
  }));
  if (!options.allow_open && c.stage != "closed" && c.stage != "archived")
    return Status::Conflict(
        fmt::format("案件 {} 尚未结案(当前阶段 {}),结案或归档后才能导出案卷", c.number, c.stage));

  std::erase_if(documents, [](const store::DocumentRow& d) {
    return d.status != "issued" || !d.pdf_digest.has_value();
  });
  std::sort(documents.begin(), documents.end(),
            [](const store::DocumentRow& a, const store::DocumentRow& b) {
              const auto pa = SectionOf(a.type), pb = SectionOf(b.type);
              return std::tie(pa.section, pa.rank, a.issued_at, a.id) <
                     std::tie(pb.section, pb.rank, b.issued_at, b.id);
            });

  auto note = ledger.CheckpointNote();
  if (!note.ok()) return note.status();

  std::map<std::int64_t, std::string> numbers;  // document id → 文号
  for (const auto& d : documents) numbers[d.id] = Opt(d.number);

  std::vector<archive::PayloadItem> items;
  std::vector<std::int64_t> pages(documents.size(), 0);
  json::array catalogue;
  std::int64_t tree_size = -1;
  int no = 0;
  for (const auto& d : documents) {
    ++no;
    const std::string path = fmt::format("documents/{:02}-{}.pdf", no, d.type);
    // The leaf that recorded the issue: the latest about the document naming its PDF's digest.
    auto history = ledger.History(fmt::format("document:{}", d.id));
    if (!history.ok()) return history.status();
    const store::LeafRef* leaf = nullptr;
    for (const auto& ref : *history) {
      auto e = domain::DecodeLedgerEvent(ref.entry);
      if (!e.ok()) continue;
      for (const auto& [name, digest] : e->digests) {
        if (name == "file" && digest == *d.pdf_digest) leaf = &ref;
      }
    }
    if (leaf == nullptr)
      return Status::Conflict(
          fmt::format("文书 {} 尚未被账本最新检查点收录(请等待定序器整合后再导出)", Opt(d.number)));
    auto proof = ledger.Inclusion(leaf->index);
    if (!proof.ok()) return proof.status();
    if (tree_size >= 0 && proof->tree_size != tree_size)
      return Status::Conflict("导出期间账本检查点已更新,请重试");
    tree_size = proof->tree_size;
    json::array hashes;
    for (const auto& h : proof->hashes) {
      hashes.emplace_back(ledger::EncodeBase64(
          std::string_view(reinterpret_cast<const char*>(h.data()), h.size())));
    }
    const auto* kind = domain::FindDocumentKind(d.type);
    const auto place = SectionOf(d.type);
    json::object item;
    item["no"] = no;
    item["section"] = place.section;
    item["sectionName"] = kSectionNames[place.section];
    item["path"] = path;
    item["documentId"] = d.id;
    item["type"] = d.type;
    item["title"] = kind ? std::string(kind->name) : d.type;
    item["number"] = Opt(d.number);
    item["date"] = Opt(d.issued_on);
    item["pages"] = nullptr;
    item["size"] = d.pdf_size.value_or(0);
    item["sha256"] = *d.pdf_digest;
    item["ledger"] = json::object{{"index", leaf->index},
                                  {"entry", leaf->entry},
                                  {"treeSize", proof->tree_size},
                                  {"proof", std::move(hashes)}};
    catalogue.emplace_back(std::move(item));
    // Pages are counted while the PDF is copied; metadata.json is written after the documents.
    items.push_back(archive::PayloadItem{
        path, [&blobs, &pages, n = no - 1, digest = *d.pdf_digest](const archive::ByteSink& sink) {
          PageCounter counter;
          SX_RETURN_IF_ERROR(blobs.Read(digest, [&](std::span<const char> bytes) {
            counter.Feed(bytes);
            return sink(bytes);
          }));
          pages[static_cast<std::size_t>(n)] = counter.pages();
          return Status::Ok();
        }});
  }

  json::array timeline;
  for (const auto& e : events) {
    json::object t;
    t["seq"] = e.seq;
    t["action"] = e.action;
    t["fromStage"] = e.from_stage;
    t["toStage"] = e.to_stage;
    t["at"] = e.at;
    t["reason"] = e.reason;
    t["documentNumber"] = e.document_id && numbers.contains(*e.document_id)
                              ? json::value(numbers[*e.document_id])
                              : json::value(nullptr);
    timeline.emplace_back(std::move(t));
  }
  json::object meta;
  meta["format"] = kFormat;
  meta["caseId"] = c.id;
  meta["caseNumber"] = c.number;
  meta["cause"] = c.cause;
  meta["procedure"] = c.procedure;
  meta["stage"] = c.stage;
  meta["filedOn"] = Opt(c.filed_on);
  meta["agency"] = json::object{{"id", agency.id}, {"code", agency.code}, {"name", agency.name}};
  meta["party"] =
      json::object{{"kind", c.party_kind}, {"name", c.party_name}, {"idNumber", c.party_id_number}};
  meta["powerItem"] = json::object{
      {"id", power.id}, {"code", power.code}, {"name", power.name}, {"basis", power.basis}};
  meta["timeline"] = std::move(timeline);
  meta["checkpoint"] = "checkpoint.txt";
  meta["catalogue"] = std::move(catalogue);

  items.push_back(
      archive::PayloadItem{"metadata.json", [&meta, &pages](const archive::ByteSink& sink) {
                             auto& cat = meta["catalogue"].as_array();
                             for (std::size_t i = 0; i < cat.size() && i < pages.size(); ++i) {
                               if (pages[i] > 0) cat[i].as_object()["pages"] = pages[i];
                             }
                             const std::string text = json::serialize(meta) + "\n";
                             return sink(std::span<const char>(text.data(), text.size()));
                           }});
  items.push_back(archive::TextItem("checkpoint.txt", *note));
  const auto today = domain::ShanghaiDate(clock.Now());
  archive::BagInfo info = {
      {"Source-Organization", agency.name},
      {"External-Identifier", c.number},
      {"Bagging-Date", domain::FormatDate(today)},
      {"External-Description", fmt::format("行政处罚案卷:{}({})", c.cause, c.party_name)},
      {"Bag-Count", "1 of 1"},
      {"Internal-Sender-Identifier", fmt::format("case:{}", c.id)},
  };
  auto written = archive::WriteBag(out_dir, items, info);
  if (!written.ok()) return written.status();
  return ExportedBag{out_dir, c.number, static_cast<std::int64_t>(documents.size()),
                     written->octets};
}

Result<ArchiveReport> CheckArchive(const fs::path& bag_path, const std::string& verifier_key,
                                   const CheckOptions& options) {
  auto verifier = ledger::Verifier::FromKey(verifier_key);
  if (!verifier.ok()) return Status::Invalid("验证密钥格式有误:应为 名称+密钥编号+base64");
  const ledger::Verifier known[] = {*verifier};

  ArchiveReport report;
  report.authenticity.name = "真实性";
  report.integrity.name = "完整性";
  report.usability.name = "可用性";
  report.security.name = "安全性";
  auto pass = [](CheckSection& s, std::string subject, std::string message) {
    s.passed.push_back(CheckItem{std::move(subject), std::move(message)});
  };
  auto fail = [](CheckSection& s, std::string subject, std::string message) {
    s.failed.push_back(CheckItem{std::move(subject), std::move(message)});
  };

  // BagIt: digests (真实性), counts and presence (完整性), foreign files and paths (安全性).
  const archive::BagReport bag = archive::VerifyBag(bag_path);
  for (const auto& f : bag.findings) {
    if (f.kind == "摘要不符") {
      fail(report.authenticity, f.path, f.message);
    } else if (f.kind == "清单外的文件" || f.kind == "路径越界") {
      fail(report.security, f.path, fmt::format("{}:{}", f.kind, f.message));
    } else {
      fail(report.integrity, f.path, fmt::format("{}:{}", f.kind, f.message));
    }
  }
  if (bag.ok()) {
    pass(report.authenticity, "BagIt 清单",
         fmt::format("{} 个载荷文件与标签文件的 SHA-256、SHA-512 摘要均与清单一致",
                     bag.payload.size()));
    pass(report.integrity, "BagIt 清单", "清单所列文件齐全,Payload-Oxum 相符");
    pass(report.security, "BagIt 清单", "无清单外的文件,无越出包目录的路径");
  }

  // The files actually present under data/ (regular files only; others are already findings).
  std::vector<std::string> present;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(bag_path / "data", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (fs::is_regular_file(it->symlink_status(ec)))
      present.push_back(fs::relative(it->path(), bag_path, ec).generic_string());
  }
  std::sort(present.begin(), present.end());

  // Metadata.
  json::value meta;
  if (auto text = ReadSmall(bag_path / "data/metadata.json", kMaxMetadata); !text.ok()) {
    fail(report.integrity, "data/metadata.json", "元数据文件缺失或过大");
  } else {
    boost::system::error_code jec;
    meta = json::parse(*text, jec);
    if (jec || !meta.is_object()) {
      fail(report.usability, "data/metadata.json", "元数据不是有效的 JSON,无法读取");
      meta = nullptr;
    } else {
      pass(report.usability, "data/metadata.json", "元数据可读取");
    }
  }
  report.case_number = Text(Member(meta, "caseNumber"));
  const struct {
    const char* path;
    const char* name;
  } kRequired[] = {{"caseNumber", "案件编号"},
                   {"agency.name", "执法主体"},
                   {"party.name", "当事人"},
                   {"powerItem.name", "权责事项"},
                   {"cause", "案由"}};
  if (meta.is_object()) {
    if (Text(Member(meta, "format")) != kFormat)
      fail(report.usability, "data/metadata.json:format",
           fmt::format("元数据格式应为 {}", kFormat));
    for (const auto& r : kRequired) {
      std::string_view p(r.path);
      const json::value* v = &meta;
      while (v != nullptr && !p.empty()) {
        const auto dot = p.find('.');
        v = Member(*v, p.substr(0, dot));
        p = dot == std::string_view::npos ? std::string_view() : p.substr(dot + 1);
      }
      if (Text(v).empty())
        fail(report.integrity, fmt::format("data/metadata.json:{}", r.path),
             fmt::format("缺少必备元数据:{}", r.name));
    }
  }

  // The signed checkpoint.
  std::optional<ledger::Checkpoint> checkpoint;
  if (auto note = ReadSmall(bag_path / "data/checkpoint.txt", 1 << 20); !note.ok()) {
    fail(report.integrity, "data/checkpoint.txt", "检查点文件缺失");
  } else if (auto opened = ledger::Open(*note, known); !opened.ok()) {
    fail(report.authenticity, "data/checkpoint.txt",
         fmt::format("检查点签名无法用验证密钥核验:{}", opened.status().message()));
  } else if (auto cp = ledger::ParseCheckpoint(opened->text); !cp.ok()) {
    fail(report.authenticity, "data/checkpoint.txt", "检查点格式有误");
  } else {
    checkpoint = *cp;
    pass(report.authenticity, "data/checkpoint.txt",
         fmt::format("检查点(树大小 {})签名有效,签名者 {}", cp->size, verifier->name()));
  }

  // 卷内目录: numbering, presence, digests, ledger proofs.
  const json::value* cat = Member(meta, "catalogue");
  std::set<std::string> listed;
  if (meta.is_object() && (cat == nullptr || !cat->is_array() || cat->as_array().empty())) {
    fail(report.integrity, "data/metadata.json:catalogue", "缺少卷内目录或卷内目录为空");
  } else if (cat != nullptr && cat->is_array()) {
    const auto& items = cat->as_array();
    report.items = static_cast<std::int64_t>(items.size());
    bool gapless = true;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json::value& item = items[i];
      const auto no = Int(Member(item, "no"));
      if (no != static_cast<std::int64_t>(i + 1)) {
        gapless = false;
        fail(report.integrity, fmt::format("卷内目录第 {} 项", i + 1),
             fmt::format("编号应为 {},实为 {}(编号有断号或重号)", i + 1,
                         no ? std::to_string(*no) : "空"));
      }
      const std::string rel = Text(Member(item, "path"));
      const std::string file = "data/" + rel;
      if (rel.empty() || !archive::CheckBagPath(file).ok()) {
        fail(report.security, fmt::format("卷内目录第 {} 项", i + 1), "文件路径为空或越出包目录");
        continue;
      }
      listed.insert(file);
      const std::string title = Text(Member(item, "title"));
      if (Text(Member(item, "number")).empty() || title.empty())
        fail(report.integrity, file, "卷内目录缺少文号或题名");
      std::error_code fec;
      if (!fs::is_regular_file(fs::symlink_status(bag_path / file, fec))) {
        fail(report.integrity, file, fmt::format("卷内目录所列文件缺失({})", title));
        continue;
      }
      const std::string listed_digest = Text(Member(item, "sha256"));
      auto actual = archive::Sha256File(bag_path / file);
      const std::string actual_digest = actual.ok() ? "sha256:" + *actual : "";
      if (actual_digest != listed_digest) {
        fail(report.authenticity, file, "文件的 SHA-256 与卷内目录记载的摘要不符(内容已被改动)");
      }
      // The ledger leaf: names this document and this digest, and is in the signed tree.
      const json::value* lg = Member(item, "ledger");
      const std::string entry = Text(lg ? Member(*lg, "entry") : nullptr);
      auto event = domain::DecodeLedgerEvent(entry);
      bool named = false;
      if (event.ok()) {
        for (const auto& [name, digest] : event->digests) {
          named |= name == "file" && digest == actual_digest;
        }
        const auto id = Int(Member(item, "documentId"));
        if (!id || event->object != fmt::format("document:{}", *id)) named = false;
      }
      if (!named) {
        fail(report.authenticity, file, "文件摘要与账本叶子记载的摘要不符(或叶子不属于该文书)");
        continue;
      }
      if (!checkpoint) {
        fail(report.authenticity, file, "无可信检查点,无法核验账本包含证明");
        continue;
      }
      const auto index = Int(Member(*lg, "index"));
      const auto size = Int(Member(*lg, "treeSize"));
      ledger::Proof proof;
      bool decoded = index.has_value() && size.has_value();
      if (const json::value* hs = Member(*lg, "proof"); hs != nullptr && hs->is_array()) {
        for (const auto& h : hs->as_array()) {
          auto raw = ledger::DecodeBase64(Text(&h));
          if (!raw || raw->size() != ledger::kHashSize) {
            decoded = false;
            break;
          }
          ledger::Hash hash{};
          std::copy(raw->begin(), raw->end(), hash.begin());
          proof.push_back(hash);
        }
      } else {
        decoded = false;
      }
      if (!decoded || *size != checkpoint->size ||
          !ledger::CheckRecord(proof, checkpoint->size, checkpoint->root, *index,
                               ledger::LeafHash(entry))
               .ok()) {
        fail(report.authenticity, file, "账本包含证明不能在签名检查点上核验通过");
        continue;
      }
      if (actual_digest == listed_digest)
        pass(report.authenticity, file,
             fmt::format("摘要与账本叶子 {} 一致,包含证明核验通过", *index));
    }
    if (gapless && !items.empty())
      pass(report.integrity, "卷内目录", fmt::format("编号 1–{} 连续,无断号", items.size()));
  }
  // Counts: the documents present are exactly those the 卷内目录 lists.
  std::int64_t documents = 0;
  for (const auto& p : present) {
    if (!p.starts_with("data/documents/")) continue;
    ++documents;
    if (cat != nullptr && !listed.contains(p)) fail(report.integrity, p, "文件未列入卷内目录");
  }
  if (cat != nullptr && cat->is_array()) {
    if (documents == report.items)
      pass(report.integrity, "data/documents/",
           fmt::format("文件数 {} 与卷内目录条目数相符", documents));
    else
      fail(report.integrity, "data/documents/",
           fmt::format("文件数 {} 与卷内目录条目数 {} 不符", documents, report.items));
  }

  // 可用性 and 安全性 of every payload file.
  bool clean = true;
  for (const auto& p : present) {
    const std::string ext = Lower(fs::path(p).extension().string());
    const bool allowed =
        std::find(std::begin(kAllowed), std::end(kAllowed), ext) != std::end(kAllowed);
    if (!allowed) fail(report.usability, p, fmt::format("格式不在允许之列({})", ext));
    auto [head, tail] = HeadTail(bag_path / p, 1024);
    if (ext == ".pdf") {
      if (!head.starts_with("%PDF-") || tail.find("%%EOF") == std::string::npos)
        fail(report.usability, p, "不是完整的 PDF 文件(缺少 %PDF- 文件头或 %%EOF 结尾)");
      else
        pass(report.usability, p, "PDF 文件头与结尾完整");
    } else if (ext == ".txt" && !IsValidUtf8(head)) {
      fail(report.usability, p, "文本文件不是 UTF-8 编码");
    }
    if (const std::string kind = ExecutableKind(head); !kind.empty()) {
      fail(report.security, p, fmt::format("含可执行内容:{}", kind));
      clean = false;
    }
  }
  if (clean) pass(report.security, "data/", fmt::format("{} 个文件均无可执行内容", present.size()));

  const std::string scanner = options.clamscan.empty() ? FindOnPath("clamscan") : options.clamscan;
  if (scanner.empty()) {
    report.security.skipped.push_back(CheckItem{"ClamAV", "跳过(未安装 ClamAV)"});
  } else {
    const std::string cmd =
        fmt::format("{} --no-summary --infected -r -- {} 2>/dev/null", ShellQuote(scanner),
                    ShellQuote((bag_path / "data").string()));
    std::string out;
    FILE* pipe = popen(cmd.c_str(), "r");
    int rc = -1;
    if (pipe != nullptr) {
      char buf[4096];
      std::size_t n = 0;
      while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
      const int status = pclose(pipe);
      rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (rc == 0) {
      pass(report.security, "ClamAV", "病毒扫描未发现恶意代码");
    } else if (rc == 1) {
      std::istringstream lines(out);
      for (std::string line; std::getline(lines, line);) {
        const auto colon = line.rfind(": ");
        std::string file = colon == std::string::npos ? line : line.substr(0, colon);
        std::error_code rec;
        const auto rel = fs::relative(file, bag_path, rec);
        if (!rec) file = rel.generic_string();
        fail(report.security, file,
             fmt::format("ClamAV 报告恶意代码:{}",
                         colon == std::string::npos ? line : line.substr(colon + 2)));
      }
      if (report.security.failed.empty()) fail(report.security, "ClamAV", "ClamAV 报告恶意代码");
    } else {
      fail(report.security, "ClamAV", "ClamAV 扫描未能完成");
    }
  }
  return report;
}

}  // namespace sx::services
