#pragma once

// Server-side sanitising of inbound HTML mail, and its plain-text rendering.
//
// HTML in a customer's mail is hostile input: it may carry scripts, event handlers, javascript:
// links, CSS that restyles or overlays the agent UI, tracking pixels, and markup shaped so that a
// second parse sees something different from the first (mutation XSS). sanitize_html() parses the
// mail with an HTML5 parser (gumbo) and writes back only an allowlist of elements, attributes, URL
// schemes and CSS declarations, escaping everything else, so its output is safe to place inside a
// page even if the browser-side sanitiser is skipped. html_to_text() renders the same mail as plain
// text for the ticket article and the search index.
//
// Both functions bound their cost on hostile input. gumbo is super-linear on deeply nested markup
// and aborts the process on some malformed SVG/MathML-in-table input, so a linear pre-pass first
// drops everything the policy throws away anyway (script, style, svg, math, template, comments ...),
// flattens nesting beyond a few hundred levels (the text is kept, the deeper tags are not) and
// ignores input beyond 4 * max_output bytes (at least 256 KiB).
//
// Thread safety: both functions are pure and keep no shared state; call them from any thread.
// Failure: neither fails. Any input -- malformed, truncated, binary, huge -- gives some safe output.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace techdesk::email {

struct SanitizedHtml {
  // A safe HTML fragment: the content of <body> only, without html/head/body tags. Every element
  // is closed, attribute values are double-quoted, and text is escaped.
  std::string html;
  // Content ids referenced by kept <img src="cid:..."> images, without "cid:" and percent-decoded
  // (RFC 2392), so they compare equal to the Content-ID of the MIME part; in order, unique.
  std::vector<std::string> cids;
  // True when remote images (http, https or protocol-relative src, or a remote background
  // attribute) were dropped; such images are usually tracking pixels. Their alt text is kept.
  bool removed_remote_images = false;
};

// Sanitises untrusted HTML from an email. Allowed: basic text, list, table, link and image markup;
// links only to http, https and mailto (opened with rel="noopener noreferrer nofollow" and
// target="_blank"); images only from cid: or base64 data:image/(png|gif|jpeg|webp), image/jpg
// being accepted as the common misspelling of image/jpeg; style
// attributes reduced to a list of harmless properties. Elements that can run code, load content,
// submit data or hide text (script, style, iframe, object, form, svg, template ...) are removed with
// their content; unknown elements (Outlook's <o:p>, custom tags) are unwrapped.
// The output is at most max_output bytes: it is cut before the first node that does not fit, at a
// tag or character boundary, with the still-open elements closed, and is valid UTF-8.
SanitizedHtml sanitize_html(std::string_view html, std::size_t max_output = 1u << 20);

// Plain text of an HTML mail: block elements and <br> become line breaks, paragraphs are separated
// by a blank line, list items start with "- " (indented per nesting level), table cells are
// separated by a tab and rows by a line break, links keep their text, images are omitted, script,
// style and head content is dropped, entities are decoded, and whitespace outside <pre> is collapsed.
// At most max_output bytes, cut at a character boundary.
std::string html_to_text(std::string_view html, std::size_t max_output = 1u << 20);

}  // namespace techdesk::email
