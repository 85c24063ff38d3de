// Human ticket numbers: the local date of creation and a per-day sequence, "20261121-0001".
// The sequence has at least four digits and grows beyond them on a busy day ("20261121-10000").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace techdesk::ticket {

std::string format_ticket_number(std::string_view yyyymmdd, std::int64_t sequence);

}  // namespace techdesk::ticket
