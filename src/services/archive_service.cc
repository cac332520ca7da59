#include "services/archive_service.h"

#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
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
#include "archive/tar.h"
#include "domain/civil_date.h"
#include "domain/documents.h"
#include "domain/ledger_event.h"
#include "domain/recording.h"
#include "ledger/base64.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "media/media.h"
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
    {"filing_approval", {1, 1}},         {"investigation_report", {2, 1}},
    {"penalty_notice", {2, 2}},          {"hearing_notice", {2, 3}},
    {"penalty_decision", {2, 4}},        {"no_penalty_decision", {2, 4}},
    {"on_spot_decision", {2, 4}},        {"order_notice", {2, 4}},
    {"transfer_letter", {2, 5}},         {"service_receipt", {2, 6}},
    {"inquiry_record", {3, 1}},          {"inspection_record", {3, 2}},
    {"seizure_decision", {3, 3}},        {"statement_record", {4, 1}},
    {"hearing_record", {5, 1}},          {"legal_review_opinion", {6, 1}},
    {"discussion_record", {6, 2}},       {"reminder", {7, 1}},
    {"enforcement_application", {7, 2}}, {"closing_approval", {8, 1}},
    {"withdrawal_approval", {8, 2}},
};

// The payload formats the archive accepts (DA/T 70 可用性: open, documented formats).
const std::set<std::string, std::less<>> kMediaExt = {".jpg", ".jpeg", ".png", ".mp4", ".webm",
                                                      ".mov", ".mp3",  ".wav", ".m4a"};

constexpr std::string_view kAllowed[] = {".pdf", ".json", ".txt", ".jpg", ".jpeg", ".png",
                                         ".mp4", ".webm", ".mov", ".mp3", ".wav",  ".m4a"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Opt(const std::optional<std::string>& s) { return s.value_or(""); }

// An evidence file of the case as the export needs it.
struct EvidenceFile {
  std::int64_t id = 0;
  std::string filename, media_type;
  std::int64_t size = 0;
  std::string digest, step, description, collected_at, place, device_id, created_at;
  std::string media;  // JSON of the probed media information, empty when none
};

// The order of the evidence scenes inside section ③ (recording.h).
int SceneRank(std::string_view scene) {
  int rank = 0;
  for (const auto& s : domain::EvidenceScenes()) {
    if (s.code == scene) return rank;
    ++rank;
  }
  return rank;
}

// The file name extension of an evidence file in the bag, from its sniffed type (all on kAllowed).
std::string_view ExtensionFor(std::string_view media_type) {
  static constexpr std::pair<std::string_view, std::string_view> kExt[] = {
      {"video/mp4", ".mp4"},  {"video/webm", ".webm"}, {"video/quicktime", ".mov"},
      {"audio/mpeg", ".mp3"}, {"audio/mp4", ".m4a"},   {"audio/x-m4a", ".m4a"},
      {"audio/wav", ".wav"},  {"audio/x-wav", ".wav"}, {"audio/webm", ".webm"},
      {"image/jpeg", ".jpg"}, {"image/png", ".png"},   {"application/pdf", ".pdf"}};
  for (const auto& [type, ext] : kExt) {
    if (type == media_type) return ext;
  }
  return ".bin";
}

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
  std::vector<EvidenceFile> evidence;
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
    auto files = tx.Query(
        "SELECT id, filename, media_type, size, digest, step, description, collected_at, place,"
        " device_id, created_at, media FROM evidence WHERE case_id = $1 ORDER BY id",
        {case_id});
    if (!files.ok()) return files.status();
    for (const auto& r : files->rows) {
      evidence.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6),
                          r.Text(7), r.Text(8), r.Text(9), r.Text(10), r.Text(11)});
    }
    return Status::Ok();
  }));
  if (!options.allow_open && c.stage != "closed" && c.stage != "archived")
    return Status::Conflict(
        fmt::format("案件 {} 尚未结案(当前阶段 {}),结案或归档后才能导出案卷", c.number, c.stage));

  std::erase_if(documents, [](const store::DocumentRow& d) {
    return d.status != "issued" || !d.pdf_digest.has_value();
  });
  // One list in file order: documents by section and rank; the evidence (section ③) after the
  // written records, by scene and upload order.
  struct FileEntry {
    FileSection place;
    std::string when;
    const store::DocumentRow* document = nullptr;
    const EvidenceFile* evidence = nullptr;
  };
  std::vector<FileEntry> entries;
  for (const auto& d : documents)
    entries.push_back({SectionOf(d.type), Opt(d.issued_at), &d, nullptr});
  for (const auto& e : evidence) {
    entries.push_back({FileSection{3, 50 + SceneRank(e.step)}, e.created_at, nullptr, &e});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const FileEntry& a, const FileEntry& b) {
    return std::tie(a.place.section, a.place.rank, a.when) <
           std::tie(b.place.section, b.place.rank, b.when);
  });

  auto note = ledger.CheckpointNote();
  if (!note.ok()) return note.status();

  std::map<std::int64_t, std::string> numbers;  // document id → 文号
  for (const auto& d : documents) numbers[d.id] = Opt(d.number);

  std::vector<archive::PayloadItem> items;
  std::vector<std::int64_t> pages(entries.size(), 0);
  json::array catalogue;
  std::int64_t tree_size = -1;
  int no = 0;
  for (const auto& en : entries) {
    ++no;
    const bool is_doc = en.document != nullptr;
    const std::string object = is_doc ? fmt::format("document:{}", en.document->id)
                                      : fmt::format("evidence:{}", en.evidence->id);
    const std::string digest = is_doc ? *en.document->pdf_digest : en.evidence->digest;
    const std::string path = is_doc ? fmt::format("documents/{:02}-{}.pdf", no, en.document->type)
                                    : fmt::format("evidence/{:02}-{}{}", no, en.evidence->id,
                                                  ExtensionFor(en.evidence->media_type));
    // The leaf that recorded the file: the latest about the object naming its digest.
    auto history = ledger.History(object);
    if (!history.ok()) return history.status();
    const store::LeafRef* leaf = nullptr;
    for (const auto& ref : *history) {
      auto e = domain::DecodeLedgerEvent(ref.entry);
      if (!e.ok()) continue;
      for (const auto& [name, d] : e->digests) {
        if (name == "file" && d == digest) leaf = &ref;
      }
    }
    if (leaf == nullptr) {
      return Status::Conflict(fmt::format("{} 尚未被账本最新检查点收录(请等待定序器整合后再导出)",
                                          is_doc ? fmt::format("文书 {}", Opt(en.document->number))
                                                 : fmt::format("证据 {}", en.evidence->filename)))
          .WithField("ledger");
    }
    auto proof = ledger.Inclusion(leaf->index);
    if (!proof.ok()) return proof.status();
    if (tree_size >= 0 && proof->tree_size != tree_size)
      return Status::Conflict("导出期间账本检查点已更新,请重试").WithField("ledger");
    tree_size = proof->tree_size;
    json::array hashes;
    for (const auto& h : proof->hashes) {
      hashes.emplace_back(ledger::EncodeBase64(
          std::string_view(reinterpret_cast<const char*>(h.data()), h.size())));
    }
    json::object item;
    item["no"] = no;
    item["section"] = en.place.section;
    item["sectionName"] = kSectionNames[en.place.section];
    item["path"] = path;
    if (is_doc) {
      const store::DocumentRow& d = *en.document;
      const auto* kind = domain::FindDocumentKind(d.type);
      item["kind"] = "document";
      item["documentId"] = d.id;
      item["type"] = d.type;
      item["title"] = kind ? std::string(kind->name) : d.type;
      item["number"] = Opt(d.number);
      item["date"] = Opt(d.issued_on);
      item["pages"] = nullptr;
      item["size"] = d.pdf_size.value_or(0);
    } else {
      const EvidenceFile& e = *en.evidence;
      item["kind"] = "evidence";
      item["evidenceId"] = e.id;
      item["type"] = "evidence";
      item["title"] = e.description.empty() ? e.filename : e.description;
      item["filename"] = e.filename;
      item["mediaType"] = e.media_type;
      item["scene"] = e.step;
      item["collectedAt"] = e.collected_at;
      item["place"] = e.place;
      item["deviceId"] = e.device_id;
      item["date"] = e.created_at.substr(0, 10);
      item["size"] = e.size;
      if (!e.media.empty()) {
        boost::system::error_code jec;
        auto m = json::parse(e.media, jec);
        if (!jec && m.is_object()) item["media"] = std::move(m);
      }
    }
    item["sha256"] = digest;
    item["ledger"] = json::object{{"index", leaf->index},
                                  {"entry", leaf->entry},
                                  {"treeSize", proof->tree_size},
                                  {"proof", std::move(hashes)}};
    catalogue.emplace_back(std::move(item));
    // Pages are counted while a PDF is copied; metadata.json is written after the files.
    items.push_back(archive::PayloadItem{
        path, [&blobs, &pages, n = no - 1, digest, is_doc](const archive::ByteSink& sink) {
          PageCounter counter;
          SX_RETURN_IF_ERROR(blobs.Read(digest, [&](std::span<const char> bytes) {
            if (is_doc) counter.Feed(bytes);
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
    // 音像记录 of the step: the evidence it rests on, or why there is none.
    boost::system::error_code jec;
    auto data = json::parse(e.data.empty() ? std::string_view("{}") : e.data, jec);
    if (!jec && data.is_object()) {
      if (auto* r = data.as_object().if_contains("recording")) t["recording"] = *r;
      if (auto* r = data.as_object().if_contains("noRecordingReason")) {
        t["noRecordingReason"] = *r;
      }
    }
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
  return ExportedBag{out_dir, c.number, static_cast<std::int64_t>(entries.size()), written->octets};
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
  std::set<std::string> numbers;                      // 文号 of the documents listed
  std::set<std::int64_t> evidence_ids;                // evidence listed
  std::map<std::string, std::string> evidence_types;  // bag path → media type
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
      const bool is_evidence = Text(Member(item, "kind")) == "evidence";
      if (is_evidence) {
        if (title.empty() || Text(Member(item, "mediaType")).empty())
          fail(report.integrity, file, "卷内目录缺少证据的题名或文件类型");
        else
          evidence_types[file] = Text(Member(item, "mediaType"));
      } else {
        if (Text(Member(item, "number")).empty() || title.empty())
          fail(report.integrity, file, "卷内目录缺少文号或题名");
        else
          numbers.insert(Text(Member(item, "number")));
      }

      std::error_code fec;
      if (!fs::is_regular_file(fs::symlink_status(bag_path / file, fec))) {
        fail(report.integrity, file, fmt::format("卷内目录所列文件缺失({})", title));
        continue;
      }
      if (const auto eid = Int(Member(item, "evidenceId")); is_evidence && eid) {
        evidence_ids.insert(*eid);  // present: a step's recording is found in the file
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
        const auto id = Int(Member(item, is_evidence ? "evidenceId" : "documentId"));
        if (!id ||
            event->object != fmt::format("{}:{}", is_evidence ? "evidence" : "document", *id)) {
          named = false;
        }
      }
      if (!named) {
        fail(report.authenticity, file, "文件摘要与账本叶子记载的摘要不符(或叶子不属于该文件)");
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
  // Counts: the documents and evidence present are exactly those the 卷内目录 lists.
  std::int64_t files = 0;
  for (const auto& p : present) {
    if (!p.starts_with("data/documents/") && !p.starts_with("data/evidence/")) continue;
    ++files;
    if (cat != nullptr && !listed.contains(p)) fail(report.integrity, p, "文件未列入卷内目录");
  }
  if (cat != nullptr && cat->is_array()) {
    if (files == report.items)
      pass(report.integrity, "data/", fmt::format("文件数 {} 与卷内目录条目数相符", files));
    else
      fail(report.integrity, "data/",
           fmt::format("文件数 {} 与卷内目录条目数 {} 不符", files, report.items));
  }
  // Completeness for the path the case took: every step that issues a document has its numbered
  // document in the file; every step with an 音像记录 duty has its recordings in the file, or
  // (as circumstances require) a recorded reason.
  if (const json::value* tl = Member(meta, "timeline"); tl != nullptr && tl->is_array()) {
    bool complete = true;
    int steps = 0;
    for (const auto& ev : tl->as_array()) {
      ++steps;
      const std::string code = Text(Member(ev, "action"));
      const auto action = domain::ParseCaseAction(code);
      if (!action) continue;
      const auto& rule = domain::RuleOf(*action);
      const std::string subject = fmt::format("办案过程第 {} 步({})", steps, rule.name);
      if (!rule.document.empty()) {
        const std::string number = Text(Member(ev, "documentNumber"));
        if (number.empty()) {
          complete = false;
          fail(report.integrity, subject, "该步骤应签发文书,但过程记录中没有文书编号");
        } else if (!numbers.contains(number)) {
          complete = false;
          fail(report.integrity, subject, fmt::format("该步骤签发的文书 {} 不在案卷中", number));
        }
      }
      const json::value* rec = Member(ev, "recording");
      if (rec == nullptr) continue;
      const json::value* ids = Member(*rec, "evidence");
      std::size_t n = 0;
      if (ids != nullptr && ids->is_array()) {
        for (const auto& id : ids->as_array()) {
          ++n;
          if (!id.is_int64() || !evidence_ids.contains(id.as_int64())) {
            complete = false;
            fail(report.integrity, subject,
                 fmt::format("该步骤依据的音像记录(证据 {})不在案卷中",
                             id.is_int64() ? std::to_string(id.as_int64()) : "?"));
          }
        }
      }
      if (n == 0) {
        const std::string duty = Text(Member(*rec, "duty"));
        const std::string why = Text(Member(ev, "noRecordingReason"));
        if (duty == "mandatory" || why.empty()) {
          complete = false;
          fail(report.integrity, subject, "该步骤应有音像记录,案卷中既无记录也无未记录的理由");
        } else {
          pass(report.integrity, subject, fmt::format("未录音录像的理由:{}", why));
        }
      }
    }
    if (complete && steps > 0)
      pass(report.integrity, "办案过程", fmt::format("{} 个步骤应有的文书和音像记录齐全", steps));
  } else if (meta.is_object()) {
    fail(report.integrity, "data/metadata.json:timeline", "缺少办案过程记录(timeline)");
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
    } else if (kMediaExt.contains(ext)) {
      // Each recording and photo opens: libavformat reads its streams (bounded, media.h).
      auto info = media::Probe(bag_path / p);
      if (!info.ok()) {
        fail(report.usability, p, fmt::format("媒体文件无法读取:{}", info.status().message()));
      } else {
        std::string codecs;
        for (const auto& s : info->streams) {
          if (!codecs.empty()) codecs += "、";
          codecs += s.codec;
        }
        pass(report.usability, p,
             info->duration_ms > 0 ? fmt::format("媒体文件可读取:{},时长 {:.1f} 秒", codecs,
                                                 static_cast<double>(info->duration_ms) / 1000.0)
                                   : fmt::format("媒体文件可读取:{}", codecs));
      }
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

namespace sx::services {

namespace {

std::atomic<std::uint64_t> export_seq{0};

// A directory name no other export of this process or another uses at the same time.
std::string ExportName(std::int64_t case_id) {
  return fmt::format("case-{}-{}-{}-{}", case_id, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count(), ++export_seq);
}

}  // namespace

ArchiveService::ArchiveService(store::Database& db, const store::BlobStore& blobs,
                               LedgerService& ledger, const Clock& clock)
    : db_(db), blobs_(blobs), ledger_(ledger), clock_(clock) {}

void ArchiveService::RemoveStale() {
  const fs::path dir = blobs_.root() / "exports";
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code tec;
    if (it->last_write_time(tec) < cutoff && !tec) fs::remove_all(it->path(), tec);
  }
}

Result<ExportedBag> ArchiveService::Export(std::int64_t case_id, const fs::path& dir) {
  // The case's last leaves into a checkpoint first (as `sanxiang archive export` does); when the
  // sequencer moves the tree on during the export, the proofs would disagree: try again.
  for (int attempt = 0;; ++attempt) {
    std::int64_t size = -1;
    for (int i = 0; i < 16; ++i) {  // one batch per call
      auto now = ledger_.Integrate();
      if (!now.ok()) return now.status();
      if (*now == size) break;
      size = *now;
    }
    auto bag = ExportCaseBag(db_, blobs_, ledger_, clock_, case_id, dir);
    if (bag.ok()) return bag;
    std::error_code ec;
    fs::remove_all(dir, ec);
    // Only a ledger that moved on (field "ledger") is worth another try.
    if (bag.status().field() != "ledger" || attempt == 3) return bag;
  }
}

Status ArchiveService::RecordExport(std::int64_t case_id, std::int64_t user_id,
                                    std::string_view remote) {
  const std::string now = FormatUtc(clock_.Now());
  return db_.Write([&](store::Tx& tx) -> Status {
    auto r = tx.Query(
        "INSERT INTO evidence_access (evidence_id, user_id, action, at, remote)"
        " SELECT id, $1, 'export', $2, $3 FROM evidence WHERE case_id = $4",
        {user_id, now, std::string(remote), case_id});
    return r.ok() ? Status::Ok() : r.status();
  });
}

Result<ArchiveReport> ArchiveService::Check(std::int64_t case_id, std::int64_t user_id,
                                            std::string_view remote) {
  RemoveStale();
  const fs::path dir = blobs_.root() / "exports" / ExportName(case_id);
  auto bag = Export(case_id, dir);
  if (!bag.ok()) return bag.status();
  auto report = CheckArchive(dir, ledger_.VerifierKey());
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (report.ok()) SX_RETURN_IF_ERROR(RecordExport(case_id, user_id, remote));
  return report;
}

Result<ArchiveService::Tar> ArchiveService::BagTar(std::int64_t case_id, std::int64_t user_id,
                                                   std::string_view remote) {
  RemoveStale();
  const std::string name = ExportName(case_id);
  const fs::path dir = blobs_.root() / "exports" / name;
  auto bag = Export(case_id, dir);
  if (!bag.ok()) return bag.status();
  const fs::path tar = blobs_.root() / "exports" / (name + ".tar");
  // Inside the tar the bag's directory is "case-<id>": ASCII, so every tar reads it without
  // charset records; the case number is the download's file name and the bag's
  // External-Identifier.
  const std::string root = fmt::format("case-{}", case_id);
  Status written = archive::WriteTar(dir, tar, root);
  std::error_code ec;
  fs::remove_all(dir, ec);
  SX_RETURN_IF_ERROR(written);
  SX_RETURN_IF_ERROR(RecordExport(case_id, user_id, remote));
  const auto size = fs::file_size(tar, ec);
  if (ec) return Status::Unavailable("案卷包文件已不存在");
  std::string filename = bag->case_number + ".tar";
  std::replace(filename.begin(), filename.end(), '/', '-');
  return Tar{tar, std::move(filename), static_cast<std::int64_t>(size)};
}

}  // namespace sx::services
