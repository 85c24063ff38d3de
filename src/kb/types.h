// The knowledge base's words: articles (知识文章) with versioned title and body, a review workflow,
// feedback, links to the tickets they solved, and files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::kb {

// draft → review → published; a reviewer may send it back to draft; archived takes it out of sight.
// Editing a published article starts a new draft version while readers keep the published one.
enum class ArticleState { draft, review, published, archived };
enum class Visibility { internal, public_ };

const char* name(ArticleState s);
const char* name(Visibility v);
std::optional<ArticleState> parse_article_state(std::string_view s);
std::optional<Visibility> parse_visibility(std::string_view s);

struct KbArticle {
  Id id = 0;
  std::string title;  // of the latest version
  std::string body;   // Markdown of the latest version
  std::optional<Id> category_id;
  Visibility visibility = Visibility::internal;
  ArticleState state = ArticleState::draft;
  int version = 1;
  std::optional<int> published_version;
  Id author_id = 0;
  std::string author_name;
  std::optional<Id> reviewer_id;
  std::string review_note;
  std::optional<Id> source_ticket_id;
  std::int64_t views = 0;
  std::int64_t helpful = 0;
  std::int64_t not_helpful = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> published_at;
  std::vector<std::string> tags;
};

struct KbVersion {
  Id article_id = 0;
  int version = 0;
  std::string title;
  std::string body;
  Id author_id = 0;
  std::string author_name;
  std::string note;
  Timestamp created_at{};
};

struct KbAttachment {
  Id id = 0;
  Id article_id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::optional<Id> created_by;
  Timestamp created_at{};
};

struct LinkedTicket {
  Id id = 0;
  std::string number;
  std::string subject;
};

struct KbListQuery {
  std::optional<ArticleState> state;
  std::optional<Visibility> visibility;
  std::optional<Id> category_id;  // with its sub-categories
  std::optional<std::string> tag;
  std::string text;           // substring of the title
  bool readers_only = false;  // requesters: published and public
  int limit = 50;
  int offset = 0;
};

struct KbPage {
  std::vector<KbArticle> articles;
  std::int64_t total = 0;
};

}  // namespace techdesk::kb
