// Markdown (GitHub flavour: tables, strikethrough, autolinks, task lists) to HTML that is safe to show:
// cmark-gfm's safe mode drops raw HTML and links to javascript:, vbscript:, file: and non-image data:
// URLs, and the tagfilter extension neutralises <script>, <iframe> and their kind. The browser sanitises
// again (DOMPurify) before inserting it. Pure.
#pragma once

#include <string>
#include <string_view>

namespace techdesk::kb {

std::string render_markdown(std::string_view markdown);

}  // namespace techdesk::kb
