#include "store/database.h"

#include <charconv>

#include <fmt/format.h>

namespace sx::store {

std::unique_ptr<Database> OpenSqlite(const std::string& path, const DatabaseOptions& options,
                                     Status* status);
std::unique_ptr<Database> OpenPostgres(const std::string& url, const DatabaseOptions& options,
                                       Status* status);

const std::string& Row::Text(std::size_t i) const {
  static const std::string kEmpty;
  const auto& v = values_.at(i);
  return v ? *v : kEmpty;
}

std::int64_t Row::Int(std::size_t i) const {
  const auto& v = values_.at(i);
  if (!v) return 0;
  std::int64_t out = 0;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

std::int64_t RowView::Int(std::size_t i) const {
  const std::string_view v = Text(i);
  std::int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

Status Tx::ForEach(std::string_view sql, const std::vector<Param>& params,
                   const std::function<Status(const RowView&)>& fn) {
  class View final : public RowView {
   public:
    const Row* row = nullptr;
    bool IsNull(std::size_t i) const override { return row->IsNull(i); }
    std::string_view Text(std::size_t i) const override { return row->Text(i); }
  };
  auto rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  View view;
  for (const auto& r : rows->rows) {
    view.row = &r;
    SX_RETURN_IF_ERROR(fn(view));
  }
  return Status::Ok();
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& url,
                                                 const DatabaseOptions& options) {
  Status status;
  std::unique_ptr<Database> db;
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // accept sqlite://PATH too
    if (path.empty()) return Status::Invalid("SQLite 数据库地址缺少文件路径,应为 sqlite:PATH");
    db = OpenSqlite(path, options, &status);
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    db = OpenPostgres(url, options, &status);
  } else {
    return Status::Invalid(fmt::format(
        "无法识别的数据库地址“{}”:应为 sqlite:PATH 或 postgresql://…", RedactUrl(url)));
  }
  if (!db) return status;
  return db;
}

std::string RedactUrl(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == url.npos) return std::string(url);
  auto at = url.find('@', scheme + 3);
  if (at == url.npos) return std::string(url);
  auto colon = url.find(':', scheme + 3);
  if (colon == url.npos || colon > at) return std::string(url);
  return fmt::format("{}:***{}", url.substr(0, colon), url.substr(at));
}

}  // namespace sx::store
