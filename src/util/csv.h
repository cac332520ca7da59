// Reading uploaded spreadsheets: CSV (RFC 4180) and the text encodings Chinese office software
// writes (UTF-8 with or without BOM, GBK/GB18030 from older Excel).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx {

// Returns `bytes` as UTF-8 without a BOM: as they are when they are valid UTF-8, else converted
// from GB18030 (a superset of GBK) with iconv. kInvalid when neither fits.
Result<std::string> DecodeSpreadsheetText(std::string_view bytes);

struct CsvRow {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> cells;
};

// Parses RFC 4180 CSV: comma separated, fields optionally in double quotes ("" inside quotes is
// one quote, quoted fields may span lines), CRLF or LF line ends. Records whose cells are all
// empty are skipped. kInvalid, naming the line, for an unterminated quote or text after a
// closing quote; also when there are more than `max_records` records.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::size_t max_records);

}  // namespace sx
