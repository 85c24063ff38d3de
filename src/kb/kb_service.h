// Knowledge-base use cases. Every method takes the acting Principal, authorises it and owns its
// transaction; every change rebuilds the article's search document in the same transaction.
//
// Who may do what: staff (agent roles) write articles and read all of them; reviewers (team leads,
// managers, admins) publish, send back and archive; requesters and org managers read published public
// articles (the published version), give feedback and record deflections. An article a principal may not
// read is "not found" to them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "common/id.h"
#include "common/tx.h"
#include "identity/types.h"
#include "kb/diff.h"
#include "kb/kb_store.h"

namespace techdesk::kb {

inline constexpr std::size_t k_max_title = 200;
inline constexpr std::size_t k_max_body = 200000;
inline constexpr std::size_t k_max_tags = 20;
inline constexpr std::size_t k_max_tag = 40;
inline constexpr std::size_t k_max_attachment = 10 * 1024 * 1024;

struct NewArticle {
  std::string title;
  std::string body;
  std::optional<Id> category_id;
  std::vector<std::string> tags;
  Visibility visibility = Visibility::internal;
  std::optional<Id> source_ticket_id;
};

struct ArticlePatch {
  std::optional<std::string> title;
  std::optional<std::string> body;
  Patch<Id> category_id;
  std::optional<std::vector<std::string>> tags;
  std::optional<Visibility> visibility;
  std::optional<int> version;  // the latest version the editor saw: stale → conflict
  std::string note;
};

struct ArticleView {
  KbArticle article;  // for readers, title and body of the published version
  std::string html;
  std::vector<KbAttachment> attachments;
  std::vector<LinkedTicket> tickets;
  std::optional<bool> my_feedback;
  std::int64_t deflections = 0;
  bool can_edit = false;
  bool can_review = false;
};

struct VersionDiff {
  int from = 0, to = 0;
  std::string title_from, title_to;
  std::vector<DiffLine> lines;
};

struct ArticleDraft {
  std::string title;
  std::string body;
  std::optional<Id> category_id;
  Id source_ticket_id = 0;
};

bool can_write_articles(const identity::Principal& p);
bool can_review_articles(const identity::Principal& p);

class KbService {
 public:
  KbService(TxRunner<KbTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  Result<ArticleView> create(const identity::Principal& p, const NewArticle& in);
  Result<ArticleView> get(const identity::Principal& p, Id id);
  Result<KbPage> list(const identity::Principal& p, KbListQuery q);
  Result<ArticleView> update(const identity::Principal& p, Id id, const ArticlePatch& patch);
  Result<ArticleView> submit(const identity::Principal& p, Id id);
  Result<ArticleView> publish(const identity::Principal& p, Id id);
  Result<ArticleView> reject(const identity::Principal& p, Id id, const std::string& reason);
  Result<ArticleView> archive(const identity::Principal& p, Id id);
  Result<std::vector<KbVersion>> versions(const identity::Principal& p, Id id);
  Result<KbVersion> version(const identity::Principal& p, Id id, int v);
  Result<VersionDiff> diff(const identity::Principal& p, Id id, int from, int to);
  Result<ArticleView> restore(const identity::Principal& p, Id id, int v);
  Result<std::pair<std::int64_t, std::int64_t>> feedback(const identity::Principal& p, Id id, bool helpful);
  Result<void> view(const identity::Principal& p, Id id);
  Result<ArticleDraft> draft_from_ticket(const identity::Principal& p, Id ticket_id);
  Result<void> link_ticket(const identity::Principal& p, Id id, Id ticket_id);
  Result<void> unlink_ticket(const identity::Principal& p, Id id, Id ticket_id);
  Result<std::vector<KbArticle>> articles_of_ticket(const identity::Principal& p, Id ticket_id);
  Result<KbAttachment> add_attachment(const identity::Principal& p, Id id, std::string filename,
                                      std::string content_type, std::string_view data);
  // The file and its contents; readers get those of articles they may read.
  Result<std::pair<KbAttachment, std::string>> attachment(const identity::Principal& p, Id attachment_id);
  Result<void> delete_attachment(const identity::Principal& p, Id id, Id attachment_id);
  Result<Id> deflect(const identity::Principal& p, Id article_id, const std::string& query);

  // Rebuilds every article's search document; returns how many.
  Result<std::int64_t> reindex();

 private:
  TxRunner<KbTx>& m_store;
  const Clock& m_clock;
};

// The article's search document, as it should stand (or removed when archived).
void index_article(KbTx& tx, const KbArticle& a);

// Whether a file of this name and type may be attached (executables and scripts may not), and the
// type it is served with (images inline only for PNG, JPEG, GIF and WebP whose bytes say so).
bool allowed_attachment(std::string_view filename);
std::string served_content_type(std::string_view declared, std::string_view data);

}  // namespace techdesk::kb
