#include "kb/types.h"

namespace techdesk::kb {

const char* name(ArticleState s) {
  switch (s) {
    case ArticleState::draft:
      return "draft";
    case ArticleState::review:
      return "review";
    case ArticleState::published:
      return "published";
    case ArticleState::archived:
      return "archived";
  }
  return "draft";
}

const char* name(Visibility v) {
  return v == Visibility::public_ ? "public" : "internal";
}

std::optional<ArticleState> parse_article_state(std::string_view s) {
  for (auto x : {ArticleState::draft, ArticleState::review, ArticleState::published, ArticleState::archived})
    if (s == name(x)) return x;
  return std::nullopt;
}

std::optional<Visibility> parse_visibility(std::string_view s) {
  if (s == "public") return Visibility::public_;
  if (s == "internal") return Visibility::internal;
  return std::nullopt;
}

}  // namespace techdesk::kb
