// Enforcement documents (执法文书) as PDF: a small layout engine over cairo and pango that sets
// a document's blocks on A4 pages, with automatic line and page breaks, real (selectable) text in
// embedded Noto CJK fonts, and output that depends on the document alone.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace sx::render {

// A signature line under a record: "承办人：张伟  2026年11月28日". An empty name or date prints a
// blank to sign or date by hand.
struct Signature {
  std::string role;  // 承办人
  std::string name;  // 张伟
  std::string date;  // 2026年11月28日
};

struct Block {
  enum class Kind {
    kHeading,    // `label`, bold, on its own line
    kParagraph,  // `text`, justified; each line of `text` is a paragraph
    kField,   // `label` in a label column, `text` beside it (consecutive fields share the column)
    kTable,   // `rows`, ruled; the first row is the header, repeated when the table breaks
    kSpacer,  // one blank line
  };
  Kind kind = Kind::kParagraph;
  std::string label = {};
  std::string text = {};  // may contain \n
  std::vector<std::vector<std::string>> rows = {};
  bool indent = true;  // kParagraph: indent the first line of each paragraph by two characters
};

struct PdfDocument {
  std::string agency_name = {};  // above the title: 郑州住房公积金管理中心
  std::string title = {};        // 行政处罚决定书
  std::string number = {};       // 文号 郑公积金罚决〔2026〕3号; empty for drafts
  std::vector<Block> blocks = {};
  std::vector<Signature> signatures = {};
  std::string seal_text = {};  // bottom right with `date`: 郑州住房公积金管理中心（印章）
  std::string date = {};       // 2026年11月28日
  // When non-empty: a QR code of this text (level M, vector) at the bottom left of the first page,
  // captioned 扫码验证文书.
  std::string verify_url = {};
  std::string footer = {};  // small text on every page, before 第 N 页 共 M 页
  std::string created = "2026-01-01T00:00:00Z";  // the PDF's CreationDate and ModDate (ISO 8601)
  bool draft = false;                            // a light grey 草稿 across every page
};

// Sets `doc` on A4 portrait pages (margins 28 mm left, 26 mm right; body Noto Serif CJK SC 12 pt,
// falling back to Noto Sans CJK SC; title 20 pt bold) and returns the PDF. The same document gives
// the same bytes, in any process on the same fonts and library versions. Safe to call from
// several threads at once. kInvalid (field named) when `verify_url` does not fit a QR code,
// `created` is not an ISO 8601 time, or a text is not UTF-8 or holds control characters;
// kInternal when cairo fails.
Result<std::string> RenderPdf(const PdfDocument& doc);

// Gives back the memory rendering leaves resident: the pages of the mapped font files (≈50 MiB
// for the two Noto CJK weights; the next render maps them again) and freed heap (malloc_trim).
// Happens by itself 2 s after the last render; call it after a batch (e.g. the demo data) to
// have it now. False, doing nothing, while a render is in flight.
bool ReleaseMemory();

}  // namespace sx::render
