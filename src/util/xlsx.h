// Reading uploaded Excel workbooks (.xlsx, Office Open XML): the first worksheet as rows of text.
// The ZIP container is read from memory with libarchive and every XML part is streamed through
// expat, so hostile uploads (zip bombs, huge string tables, truncated or corrupted files) end in
// kInvalid within the limits below instead of crashes or unbounded memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::util {

struct XlsxLimits {
  std::size_t max_bytes = 20 << 20;    // size of the .xlsx file itself
  std::size_t max_rows = 100000;       // highest sheet row that may hold a value
  std::size_t max_columns = 64;        // highest column (A = 1) that may hold a value
  std::size_t max_cell_chars = 10000;  // code points in one cell
  // Bytes decompressed from the ZIP in total; also caps the total text of the returned cells.
  std::size_t max_uncompressed = 200 << 20;
};

// Rows of the first worksheet of an .xlsx file, as text: shared strings and inline strings as
// written, numbers as written in the XML (e.g. "12", "3.5"), booleans "TRUE"/"FALSE", errors as
// their text ("#DIV/0!"), dates left as the serial number unless the cell's style is a date
// format, in which case "YYYY-MM-DD" (time of day dropped; time-only formats stay numbers); empty
// cells as "" (column positions kept from the cell references, e.g. a gap between A and C gives an
// empty B); trailing empty cells of a row dropped; fully empty rows kept as empty vectors so that
// row numbers match the sheet's (row r of the sheet is rows[r-1]); no rows after the last one
// with a value. The first worksheet is the first <sheet> of xl/workbook.xml, resolved through
// xl/_rels/workbook.xml.rels, else xl/worksheets/sheet1.xml. kInvalid, with a message for users,
// for anything that is not a readable workbook or exceeds `limits`.
Result<std::vector<std::vector<std::string>>> ReadXlsxFirstSheet(std::string_view bytes,
                                                                 const XlsxLimits& limits = {});

// True when `bytes` starts like a ZIP file (PK\x03\x04) — how callers tell XLSX from CSV.
bool LooksLikeZip(std::string_view bytes);

}  // namespace sx::util
