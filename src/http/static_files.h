// The built web app (web/dist), loaded into memory at start-up and served with strong ETags:
// hashed assets under /assets/ are cacheable forever, index.html is revalidated every time, and
// any other GET that is not an API path falls back to index.html (the SPA's own router decides).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "http/message.h"

namespace sx::http {

class StaticFiles {
 public:
  // Loads every regular file below `root` (none when it does not exist).
  explicit StaticFiles(const std::filesystem::path& root);

  Response Serve(const Request& req) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;
  };
  Response Send(const Request& req, const File& f) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, "/index.html"
};

}  // namespace sx::http
