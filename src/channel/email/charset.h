// Bytes in a declared charset to UTF-8, and RFC 2047 / RFC 2231 header decoding, done the way Chinese
// mail needs it: every GB2312-family label (gb2312, gbk, euc-cn, cp936, x-gbk, ...) is read as GB18030,
// because mailers routinely label GBK text "gb2312"; an unknown label or no label reads valid UTF-8 as
// UTF-8 and anything else as GB18030; undecodable bytes become U+FFFD and nothing is ever dropped.
// Pure functions over ICU converters; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace techdesk::email {

// The ICU converter name TechDesk uses for a MIME charset label ("" when the label is unknown).
std::string canonical_charset(std::string_view label);

// `bytes` in charset `label`, as UTF-8. Never fails (see above).
std::string to_utf8(std::string_view bytes, std::string_view label);

// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string scrub_utf8(std::string_view s);

// Unfolds a raw header value (CRLF + WSP → WSP) and decodes RFC 2047 encoded words: adjacent encoded
// words (separated only by white space) are joined, and words of one charset are converted together, so
// a multibyte character split across two words survives. Malformed words stay as text. Raw 8-bit text
// (RFC 6532) is read as UTF-8 when valid, else as GB18030. At most max_bytes of output.
std::string decode_header_text(std::string_view raw, std::size_t max_bytes = 256u << 10);

// Collapses runs of white space (ASCII and U+3000) to one space and trims.
std::string fold_whitespace(std::string_view s);

// Lenient decoders for transfer encodings in headers and fallbacks: invalid input is skipped.
std::string decode_base64_lenient(std::string_view in);
std::string decode_qp_lenient(std::string_view in, bool underscore_is_space);

}  // namespace techdesk::email
