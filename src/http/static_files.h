// The built web UI (web/dist), loaded into memory at start-up and served from the API's port.
// Paths are looked up in the loaded set only, so no request can name a file outside the root.
// Unknown paths that are not API paths get index.html (the UI routes in the browser).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "http/request.h"

namespace techdesk::http {

class StaticFiles {
 public:
  // Loads every regular file below root (at most 64 MiB in all). An empty or missing root serves
  // nothing, and the API works without a UI.
  static StaticFiles load(const std::string& root);

  // The response for a GET of path, or nullopt when there is no UI.
  std::optional<Response> serve(const std::string& path) const;
  std::size_t size() const { return m_files.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    bool immutable = false;
  };
  std::unordered_map<std::string, File> m_files;  // key: "/assets/x.js"
};

}  // namespace techdesk::http
