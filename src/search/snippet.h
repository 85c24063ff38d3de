// Highlighted snippets, cut from the original text (not from the index), so that both backends show
// the same thing. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace techdesk::search {

// The part of `text` (about `window` bytes of it) where the query's tokens are densest, HTML-escaped, each
// matching stretch wrapped in <mark>…</mark>, with "…" where it was cut. Without any match: the text's start.
// `tokens` are query tokens (tokenize(…, TokenMode::query)); text is any UTF-8.
std::string snippet(std::string_view text, const std::vector<std::string>& tokens, std::size_t window = 180);

// How many of `tokens` occur in `text` (as index tokens).
std::size_t matched_tokens(std::string_view text, const std::vector<std::string>& tokens);

// Markdown to the plain text a snippet is cut from: markup characters (#, *, `, >, |, [](…)) dropped.
std::string plain_text_of_markdown(std::string_view md);

}  // namespace techdesk::search
