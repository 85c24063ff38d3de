// Renders an OutgoingMail to the bytes handed to SMTP: RFC 5322 headers, RFC 2045–2047 MIME, CRLF line
// endings. Written by hand rather than with GMime so that the output is deterministic (the multipart
// boundary is derived from the content) and so that no C library type or global state is involved.
// The tests parse every rendered message back with GMime.
//
// Threading: pure functions, no shared state; call them from any thread.
#pragma once

#include <string>
#include <string_view>

#include "channel/email/types.h"
#include "common/clock.h"

namespace techdesk::email {

// Renders an outgoing message to RFC 5322 bytes with CRLF line endings. Headers, in this order:
//   Date            RFC 5322 date-time of `date` in UTC ("Sat, 21 Nov 2026 05:32:00 +0000")
//   From, To, Cc    display names as atoms, quoted strings or RFC 2047 encoded words as needed; one
//                   address per folded line when they do not fit; To "undisclosed-recipients:;" when
//                   empty; Cc omitted when empty
//   Subject         UTF-8, ASCII words kept, runs of non-ASCII words as RFC 2047 B encoded words,
//                   folded under 78 characters, never splitting a UTF-8 sequence
//   Message-ID, In-Reply-To, References (folded); each omitted when empty
//   MIME-Version, Auto-Submitted ("auto-generated" when m.auto_submitted is empty)
//   extra headers   in the given order; names that are not valid field names, or that name a header
//                   this function writes itself (From, Subject, Content-Type, Bcc, ...), are skipped
// The body is text/plain; charset=utf-8, or multipart/alternative (text, then HTML) when m.html is not
// empty. Each part is quoted-printable when mostly ASCII, base64 otherwise; line breaks become CRLF.
// With attachments, the message is multipart/mixed: that body first, then each attachment in base64 with
// Content-Disposition: attachment. A filename of plain ASCII is written as filename="..."; any other is
// written as RFC 2231 filename*=UTF-8''... (in continuations that keep lines short), with an RFC 2047
// name="=?UTF-8?B?...?=" on the Content-Type for mailers that read only that. Without attachments the
// output is exactly what it was before attachments existed.
//
// Header injection is impossible: CR and LF in any header value (subject, display names, addresses,
// message ids, extra headers) become a space, other control characters too. Characters that cannot
// appear in an address or message id (white space, "<>", ...) are removed from those. Ill-formed UTF-8
// becomes U+FFFD, so the declared charset is always true.
std::string render_message(const OutgoingMail& m, Timestamp date);

// Encodes one unstructured header value (e.g. a subject) as RFC 2047 encoded words when needed: ASCII
// words are kept as they are; each run of words holding non-ASCII (or "=?", or too long to fold)
// becomes "=?UTF-8?B?...?=" encoded words of at most 75 characters that never split a UTF-8 sequence.
// The result has no line breaks: words are separated by spaces, so a caller may fold at any space.
// CR/LF become a space; ill-formed UTF-8 becomes U+FFFD. Exposed for tests.
std::string encode_header_text(std::string_view utf8);

// Whether TechDesk sends mail to `addr` (an addr-spec, already trimmed): "local@domain" with a dot inside
// the domain, at most 254 characters, no white space, control characters or any of <>(),;"\ . The check
// behind every recipient we accept (cc of replies, mailbox addresses, report recipients).
bool is_sendable_address(std::string_view addr);

}  // namespace techdesk::email
