// libFuzzer target: any bytes through the inbound mail parser and the noise filters. The parser must
// never crash, hang or leak, and what it returns must hold its promises (valid UTF-8 text, attachments
// within the limit). Built with clang by tests/fuzz/CMakeLists.txt; `make fuzz` runs it longer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "channel/email/filters.h"
#include "channel/email/mime_parser.h"
#include "common/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace techdesk;
  email::ParseLimits limits;
  limits.max_attachment_bytes = 1 << 20;
  auto parsed = email::parse_mail(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!parsed) return 0;
  const auto& m = *parsed;
  (void)email::classify_noise(m);
  if (!is_valid_utf8(m.subject) || !is_valid_utf8(m.text) || !is_valid_utf8(m.html)) __builtin_trap();
  for (const auto& a : m.attachments) {
    if (!is_valid_utf8(a.filename) || a.filename.empty()) __builtin_trap();
    if (a.data.size() > limits.max_attachment_bytes) __builtin_trap();
    if (a.filename.find('/') != std::string::npos || a.filename.find('\\') != std::string::npos)
      __builtin_trap();
  }
  if (m.from && !is_valid_utf8(m.from->name)) __builtin_trap();
  return 0;
}
