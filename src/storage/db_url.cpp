#include "storage/db_url.h"

namespace techdesk::storage {

Result<DbUrl> parse_db_url(const std::string& url) {
  DbUrl out;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string rest = url.substr(7);
    if (rest.rfind("//", 0) == 0) rest = rest.substr(2);  // sqlite:///abs → /abs; sqlite://rel → rel
    if (rest.empty()) return Error::invalid("db", "the sqlite URL names no file");
    if (rest.find('\0') != std::string::npos) return Error::invalid("db", "the sqlite URL holds a NUL byte");
    out.kind = DbUrl::Kind::sqlite;
    out.target = rest;
    return out;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    out.kind = DbUrl::Kind::postgresql;
    out.target = url;
    return out;
  }
  return Error::invalid(
      "db", "database URL must start with sqlite:// or postgresql:// (got '" + redact_db_url(url) + "')");
}

std::string redact_db_url(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto at = url.find('@', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace techdesk::storage
