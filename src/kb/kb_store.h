// What the knowledge base needs from storage. Implemented by each backend in
// storage/<backend>/kb_repo_<backend>.cpp. A KB change updates the search index in its own transaction,
// so KbTx is also a SearchTx.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/types.h"
#include "search/search_store.h"

namespace techdesk::kb {

class KbRepo {
 public:
  virtual ~KbRepo() = default;

  virtual Id insert_article(const KbArticle& a) = 0;  // a.id ignored; tags not written
  virtual void update_article(const KbArticle& a) = 0;
  virtual std::optional<KbArticle> find_article(Id id) = 0;  // with author name and tags
  virtual KbPage list_articles(const KbListQuery& q) = 0;
  virtual void set_tags(Id article, const std::vector<std::string>& tags) = 0;

  virtual void insert_version(const KbVersion& v) = 0;
  virtual std::vector<KbVersion> versions(Id article) = 0;  // newest first, without bodies
  virtual std::optional<KbVersion> find_version(Id article, int version) = 0;

  virtual bool link_ticket(Id article, Id ticket, std::optional<Id> by,
                           Timestamp at) = 0;  // false: was linked
  virtual bool unlink_ticket(Id article, Id ticket) = 0;
  virtual std::vector<LinkedTicket> linked_tickets(Id article) = 0;
  virtual std::vector<Id> articles_of_ticket(Id ticket) = 0;

  virtual std::optional<bool> feedback_of(Id article, Id user) = 0;
  virtual void save_feedback(Id article, Id user, bool helpful, Timestamp at) = 0;
  virtual void count_view(Id article) = 0;
  virtual Id insert_deflection(Id article, std::optional<Id> user, const std::string& query,
                               Timestamp at) = 0;
  virtual std::int64_t deflections(Id article) = 0;

  // Contents are stored once per digest.
  virtual void put_blob(const std::string& sha256, std::string_view data) = 0;
  virtual std::optional<std::string> blob(const std::string& sha256) = 0;
  virtual Id insert_attachment(const KbAttachment& a) = 0;
  virtual std::vector<KbAttachment> attachments(Id article) = 0;
  virtual std::optional<KbAttachment> find_attachment(Id id) = 0;
  virtual void delete_attachment(Id id) = 0;
};

class KbTx : public virtual search::SearchTx {
 public:
  virtual KbRepo& kb() = 0;
};

}  // namespace techdesk::kb
