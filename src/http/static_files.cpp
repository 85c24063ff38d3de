#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace techdesk::http {

namespace fs = std::filesystem;

namespace {

std::string content_type_for(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The UI's policy: scripts and styles from our origin only (Element Plus sets inline styles).
constexpr const char* k_csp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'";

}  // namespace

StaticFiles StaticFiles::load(const std::string& root) {
  StaticFiles out;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return out;
  std::size_t total = 0;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    auto size = it->file_size(ec);
    if (ec || total + size > 64u * 1024 * 1024) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    File f;
    f.body = buf.str();
    f.content_type = content_type_for(it->path());
    auto rel = fs::relative(it->path(), root, ec).generic_string();
    f.immutable = rel.rfind("assets/", 0) == 0;  // Vite puts content-hashed files there
    total += f.body.size();
    out.m_files.emplace("/" + rel, std::move(f));
  }
  return out;
}

std::optional<Response> StaticFiles::serve(const std::string& path) const {
  if (m_files.empty()) return std::nullopt;
  auto it = m_files.find(path);
  bool fallback = false;
  if (it == m_files.end()) {
    it = m_files.find("/index.html");
    fallback = true;
    if (it == m_files.end()) return std::nullopt;
  }
  // A missing asset is a 404, not the app shell: browsers would otherwise parse HTML as script.
  if (fallback && path.rfind("/assets/", 0) == 0) return std::nullopt;
  Response r{200, it->second.content_type, it->second.body, {}, {}};
  r.headers.emplace_back("Cache-Control",
                         it->second.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (it->second.content_type.rfind("text/html", 0) == 0)
    r.headers.emplace_back("Content-Security-Policy", k_csp);
  return r;
}

}  // namespace techdesk::http
