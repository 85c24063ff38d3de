// The inbound mail parser: raw RFC 5322 / MIME bytes to a ParsedMail (types.h). GMime walks the MIME
// tree and undoes transfer encodings; header text, parameters and charsets are decoded by charset.h so
// that Chinese mail is read the same way everywhere. HTML bodies are sanitised here (html_sanitize.h).
// Thread-safe (GMime is initialised once; each call owns its objects).
#pragma once

#include <string_view>
#include <vector>

#include "channel/email/types.h"
#include "common/error.h"

namespace techdesk::email {

// Parses one message. Fails only for input over limits.max_message_bytes (invalid_field "message");
// anything else — broken MIME, bad encodings, missing headers — gives a best-effort ParsedMail with
// `warnings`, never an error, and stays within the limits in time and memory.
Result<ParsedMail> parse_mail(std::string_view raw, const ParseLimits& limits = {});

// Message ids in an In-Reply-To / References value: <...> tokens (without brackets), or bare tokens with
// an '@' when there are no brackets; comments and garbage dropped, at most `max` ids.
std::vector<std::string> parse_message_ids(std::string_view value, std::size_t max = 100);

// An address list ("张三 <zhang@x.cn>, =?gbk?B?...?= <li@y.cn>, a@b (comment)"), display names decoded;
// invalid entries skipped; addresses lower-cased; at most `max`.
std::vector<Address> parse_address_list(std::string_view raw, std::size_t max = 500);

// A MIME parameter (RFC 2045 + RFC 2231 continuations and charsets + RFC 2047 words in quotes, as
// Outlook writes them) from a raw Content-Type / Content-Disposition value; "" when absent.
std::string mime_parameter(std::string_view raw_value, std::string_view name);

}  // namespace techdesk::email
