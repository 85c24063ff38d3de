// Demo knowledge-base content for `techdesk demo-data`: knowledge articles (知识文章) in Simplified
// Chinese and English. Pure data, no I/O.
//
// The articles cover the same problems as the ticket scenarios of demo_content.h (打印机卡纸, 硒鼓
// CF228A, 0x0000011b, 深信服 VPN, 域账号锁定, BitLocker, Outlook, 金蝶/用友/泛微OA/钉钉 …), so that a
// search finds both the article and the past tickets. Every article uses one of the 15 leaf category
// paths of the default category tree, as the scenarios do.
#pragma once

#include <span>
#include <string_view>

namespace techdesk::app::demo {

struct KbArticleSeed {
  std::string_view category_path;          // one of the 15 leaf paths, e.g. "硬件/打印机"
  std::string_view title;                  // unique
  std::string_view body;                   // Markdown (GFM), 400-1500 characters
  std::span<const std::string_view> tags;  // 2-5 short tags, e.g. "打印机", "卡纸"
  bool is_public;                          // visible in the customer portal; false: internal-only
  bool published;                          // false: a draft / in review
};

// At least 45 articles: most in Simplified Chinese, at least 10 in English.
std::span<const KbArticleSeed> kb_article_seeds();

}  // namespace techdesk::app::demo
