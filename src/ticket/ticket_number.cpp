#include "ticket/ticket_number.h"

#include <cstdio>

namespace techdesk::ticket {

std::string format_ticket_number(std::string_view yyyymmdd, std::int64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%04lld", static_cast<long long>(sequence));
  return std::string(yyyymmdd) + buf;
}

}  // namespace techdesk::ticket
