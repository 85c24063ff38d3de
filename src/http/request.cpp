#include "http/request.h"

#include <charconv>

namespace techdesk::http {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::delete_:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      return "OTHER";
  }
  return "OTHER";
}

Method parse_method(std::string_view m) {
  if (m == "GET") return Method::get;
  if (m == "HEAD") return Method::head;
  if (m == "POST") return Method::post;
  if (m == "PUT") return Method::put;
  if (m == "PATCH") return Method::patch;
  if (m == "DELETE") return Method::delete_;
  if (m == "OPTIONS") return Method::options;
  return Method::other;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  std::optional<std::string_view> out;
  for (const auto& [k, v] : query)
    if (k == name) out = v;
  return out;
}

std::optional<std::string_view> Request::cookie_value(std::string_view name) const {
  std::string_view rest = cookie;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (part.substr(0, eq) == name) return part.substr(eq + 1);
  }
  return std::nullopt;
}

Result<Id> parse_id(std::string_view segment, const char* what) {
  Id id = 0;
  auto [p, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
  if (ec != std::errc{} || p != segment.data() + segment.size() || id <= 0) return Error::not_found(what);
  return id;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query) {
  if (target.empty() || target.front() != '/') return false;
  auto qpos = target.find('?');
  std::string_view raw_path = target.substr(0, qpos);
  if (!decode(raw_path, path, false)) return false;
  // Routing splits the decoded path on '/': an encoded slash or a control character in a segment
  // would let a request address a route it did not spell out.
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7F) return false;
  if (raw_path.find("%2F") != std::string_view::npos || raw_path.find("%2f") != std::string_view::npos)
    return false;
  if (qpos == std::string_view::npos) return true;
  std::string_view qs = target.substr(qpos + 1);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string k, v;
    if (!decode(part.substr(0, eq), k, true)) return false;
    if (eq != std::string_view::npos && !decode(part.substr(eq + 1), v, true)) return false;
    query.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace techdesk::http
