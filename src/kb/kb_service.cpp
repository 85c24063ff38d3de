#include "kb/kb_service.h"

#include <algorithm>
#include <array>

#include "common/text.h"
#include "identity/role.h"
#include "identity/token.h"
#include "kb/markdown.h"
#include "search/tokenizer.h"
#include "ticket/visibility.h"

namespace techdesk::kb {

using identity::Principal;
using identity::Role;
using search::Audience;

namespace {

std::string hex(std::string_view raw) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += k_digits[c >> 4];
    out += k_digits[c & 15];
  }
  return out;
}

Result<void> check_text(const std::string& v, const char* field, std::size_t max, bool allow_newlines,
                        bool required) {
  if (!is_valid_utf8(v)) return Error::invalid(field, "must be UTF-8");
  if (required && trim(v).empty()) return Error::invalid(field, "must not be empty");
  if (utf8_length(v) > max) return Error::invalid(field, "at most " + std::to_string(max) + " characters");
  if (has_control_chars(v, allow_newlines))
    return Error::invalid(field, "must not contain control characters");
  return ok();
}

Result<std::vector<std::string>> clean_tags(const std::vector<std::string>& tags) {
  if (tags.size() > k_max_tags)
    return Error::invalid("tags", "at most " + std::to_string(k_max_tags) + " tags");
  std::vector<std::string> out;
  for (const auto& t : tags) {
    TD_TRY(check_text(t, "tags", k_max_tag, false, true));
    std::string s(trim(t));
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool readable(const Principal& p, const KbArticle& a) {
  if (can_write_articles(p)) return true;
  return a.visibility == Visibility::public_ && a.published_version && a.state != ArticleState::archived;
}

Result<KbArticle> find_readable(KbTx& tx, const Principal& p, Id id) {
  auto a = tx.kb().find_article(id);
  if (!a || !readable(p, *a)) return Error::not_found("article");
  return std::move(*a);
}

Result<KbArticle> find_writable(KbTx& tx, const Principal& p, Id id) {
  if (!can_write_articles(p)) {
    auto a = tx.kb().find_article(id);
    if (!a || !readable(p, *a)) return Error::not_found("article");
    return Error::forbidden("only support staff edit articles");
  }
  auto a = tx.kb().find_article(id);
  if (!a) return Error::not_found("article");
  return std::move(*a);
}

Result<void> check_category(KbTx& tx, const std::optional<Id>& category) {
  if (category && !tx.tickets().find_category(*category))
    return Error::invalid("category_id", "no such category");
  return ok();
}

ArticleView view_of(KbTx& tx, const Principal& p, KbArticle a) {
  ArticleView v;
  if (!can_write_articles(p) && a.published_version && *a.published_version != a.version) {
    // Readers see the published version, and nothing of the draft after it.
    if (auto pub = tx.kb().find_version(a.id, *a.published_version)) {
      a.title = pub->title;
      a.body = pub->body;
      a.version = *a.published_version;
      if (a.published_at) a.updated_at = *a.published_at;
      a.state = ArticleState::published;
    }
  }
  v.html = render_markdown(a.body);
  v.attachments = tx.kb().attachments(a.id);
  if (can_write_articles(p)) {
    v.tickets = tx.kb().linked_tickets(a.id);
  } else {
    // Readers see the linked tickets they may see themselves.
    auto scope = ticket::scope_for(p);
    for (auto& t : tx.kb().linked_tickets(a.id)) {
      auto tv = tx.tickets().find_ticket(t.id);
      if (tv && ticket::can_view(scope, tv->ticket)) v.tickets.push_back(std::move(t));
    }
  }
  v.my_feedback = tx.kb().feedback_of(a.id, p.user_id);
  v.deflections = tx.kb().deflections(a.id);
  v.can_edit = can_write_articles(p) && a.state != ArticleState::archived;
  v.can_review = can_review_articles(p);
  v.article = std::move(a);
  return v;
}

void new_version(KbTx& tx, KbArticle& a, const Principal& p, Timestamp now, std::string note) {
  a.version += 1;
  tx.kb().insert_version({a.id, a.version, a.title, a.body, p.user_id, {}, std::move(note), now});
}

}  // namespace

bool can_write_articles(const Principal& p) {
  return identity::is_agent(p.role);
}

bool can_review_articles(const Principal& p) {
  return p.role == Role::team_lead || p.role == Role::manager || p.role == Role::admin;
}

void index_article(KbTx& tx, const KbArticle& a) {
  if (a.state == ArticleState::archived) {
    tx.search().remove(search::DocKind::article, a.id);
    return;
  }
  std::string title = a.title, body = a.body;
  if (a.published_version && *a.published_version != a.version) {
    if (auto pub = tx.kb().find_version(a.id, *a.published_version)) {
      title = pub->title;
      body = pub->body;
    }
  }
  search::IndexedDoc d;
  d.kind = search::DocKind::article;
  d.ref_id = a.id;
  d.title = search::token_string(title);
  d.body = search::token_string(body);
  for (const auto& t : a.tags) {
    std::string tokens = search::token_string(t);
    if (!tokens.empty()) d.title += " " + tokens;
  }
  d.audience = !a.published_version                  ? Audience::unpublished
               : a.visibility == Visibility::public_ ? Audience::public_published
                                                     : Audience::internal_published;
  d.updated_at = a.updated_at;
  std::optional<Id> parent;
  if (a.category_id)
    if (auto c = tx.tickets().find_category(*a.category_id)) parent = c->parent_id;
  d.acl = search::article_acl(d.audience, a.category_id, parent);
  tx.search().put(d);
}

Result<ArticleView> KbService::create(const Principal& p, const NewArticle& in) {
  if (!can_write_articles(p)) return Error::forbidden("only support staff write articles");
  TD_TRY(check_text(in.title, "title", k_max_title, false, true));
  TD_TRY(check_text(in.body, "body", k_max_body, true, false));
  auto tags = TD_TRY(clean_tags(in.tags));
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    TD_TRY(check_category(tx, in.category_id));
    if (in.source_ticket_id) {
      auto t = tx.tickets().find_ticket(*in.source_ticket_id);
      if (!t || !ticket::can_view(ticket::scope_for(p), t->ticket))
        return Error::invalid("source_ticket_id", "no such ticket");
    }
    KbArticle a;
    a.title = std::string(trim(in.title));
    a.body = in.body;
    a.category_id = in.category_id;
    a.visibility = in.visibility;
    a.state = ArticleState::draft;
    a.version = 0;
    a.author_id = p.user_id;
    a.author_name = p.name;
    a.source_ticket_id = in.source_ticket_id;
    a.created_at = a.updated_at = now;
    a.id = tx.kb().insert_article(a);
    new_version(tx, a, p, now, "created");
    tx.kb().update_article(a);
    a.tags = tags;
    tx.kb().set_tags(a.id, tags);
    if (in.source_ticket_id) tx.kb().link_ticket(a.id, *in.source_ticket_id, p.user_id, now);
    index_article(tx, a);
    return view_of(tx, p, a);
  });
}

Result<ArticleView> KbService::get(const Principal& p, Id id) {
  return m_store.read([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_readable(tx, p, id));
    return view_of(tx, p, std::move(a));
  });
}

Result<KbPage> KbService::list(const Principal& p, KbListQuery q) {
  if (q.limit < 1 || q.limit > 200) return Error::invalid_query("limit", "must be 1 to 200");
  if (q.offset < 0) return Error::invalid_query("offset", "must not be negative");
  if (!is_valid_utf8(q.text) || utf8_length(q.text) > 200)
    return Error::invalid_query("q", "at most 200 characters");
  if (!can_write_articles(p)) q.readers_only = true;
  return m_store.read([&](KbTx& tx) -> Result<KbPage> {
    KbPage page = tx.kb().list_articles(q);
    if (q.readers_only) {
      for (auto& a : page.articles)
        if (a.published_version && *a.published_version != a.version)
          if (auto pub = tx.kb().find_version(a.id, *a.published_version)) {
            a.title = pub->title;
            a.body = pub->body;
            a.version = *a.published_version;
            if (a.published_at) a.updated_at = *a.published_at;
            a.state = ArticleState::published;
          }
    }
    return page;
  });
}

Result<ArticleView> KbService::update(const Principal& p, Id id, const ArticlePatch& patch) {
  if (patch.title) TD_TRY(check_text(*patch.title, "title", k_max_title, false, true));
  if (patch.body) TD_TRY(check_text(*patch.body, "body", k_max_body, true, false));
  TD_TRY(check_text(patch.note, "note", 500, false, false));
  std::optional<std::vector<std::string>> tags;
  if (patch.tags) tags = TD_TRY(clean_tags(*patch.tags));
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (a.state == ArticleState::archived)
      return Error{Errc::invalid_transition, "an archived article is not edited", {}};
    if (patch.version && *patch.version != a.version)
      return Error::conflict(
          "the article was changed meanwhile (now version " + std::to_string(a.version) + ")", "version");
    if (patch.category_id) {
      TD_TRY(check_category(tx, *patch.category_id));
      a.category_id = *patch.category_id;
    }
    if (patch.visibility) a.visibility = *patch.visibility;
    if (tags) {
      a.tags = *tags;
      tx.kb().set_tags(a.id, *tags);
    }
    bool text_changed =
        (patch.title && std::string(trim(*patch.title)) != a.title) || (patch.body && *patch.body != a.body);
    if (text_changed) {
      if (patch.title) a.title = std::string(trim(*patch.title));
      if (patch.body) a.body = *patch.body;
      new_version(tx, a, p, now, patch.note);
      // A new text needs review again; readers keep the published version meanwhile.
      a.state = ArticleState::draft;
    }
    a.updated_at = now;
    tx.kb().update_article(a);
    index_article(tx, a);
    return view_of(tx, p, a);
  });
}

Result<ArticleView> KbService::submit(const Principal& p, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (a.state != ArticleState::draft)
      return Error{Errc::invalid_transition,
                   std::string("only a draft is submitted for review, not ") + name(a.state),
                   {}};
    a.state = ArticleState::review;
    a.review_note.clear();
    a.updated_at = now;
    tx.kb().update_article(a);
    return view_of(tx, p, a);
  });
}

Result<ArticleView> KbService::publish(const Principal& p, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (!can_review_articles(p))
      return Error::forbidden("only reviewers (team leads, managers, admins) publish");
    if (a.state != ArticleState::review && a.state != ArticleState::draft)
      return Error{
          Errc::invalid_transition, std::string("a ") + name(a.state) + " article is not published", {}};
    a.state = ArticleState::published;
    a.published_version = a.version;
    a.reviewer_id = p.user_id;
    a.review_note.clear();
    a.published_at = now;
    a.updated_at = now;
    tx.kb().update_article(a);
    index_article(tx, a);
    return view_of(tx, p, a);
  });
}

Result<ArticleView> KbService::reject(const Principal& p, Id id, const std::string& reason) {
  TD_TRY(check_text(reason, "reason", 1000, true, true));
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (!can_review_articles(p)) return Error::forbidden("only reviewers send an article back");
    if (a.state != ArticleState::review)
      return Error{Errc::invalid_transition, "only an article in review is sent back", {}};
    a.state = ArticleState::draft;
    a.reviewer_id = p.user_id;
    a.review_note = reason;
    a.updated_at = now;
    tx.kb().update_article(a);
    return view_of(tx, p, a);
  });
}

Result<ArticleView> KbService::archive(const Principal& p, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (!can_review_articles(p) && a.author_id != p.user_id)
      return Error::forbidden("only the author or a reviewer archives an article");
    if (a.state == ArticleState::archived) return Error{Errc::invalid_transition, "already archived", {}};
    a.state = ArticleState::archived;
    a.published_version.reset();
    a.updated_at = now;
    tx.kb().update_article(a);
    index_article(tx, a);
    return view_of(tx, p, a);
  });
}

Result<std::vector<KbVersion>> KbService::versions(const Principal& p, Id id) {
  return m_store.read([&](KbTx& tx) -> Result<std::vector<KbVersion>> {
    auto a = TD_TRY(find_writable(tx, p, id));
    return tx.kb().versions(a.id);
  });
}

Result<KbVersion> KbService::version(const Principal& p, Id id, int v) {
  return m_store.read([&](KbTx& tx) -> Result<KbVersion> {
    auto a = TD_TRY(find_writable(tx, p, id));
    auto found = tx.kb().find_version(a.id, v);
    if (!found) return Error::not_found("version");
    return std::move(*found);
  });
}

Result<VersionDiff> KbService::diff(const Principal& p, Id id, int from, int to) {
  return m_store.read([&](KbTx& tx) -> Result<VersionDiff> {
    auto a = TD_TRY(find_writable(tx, p, id));
    auto x = tx.kb().find_version(a.id, from);
    if (!x) return Error::invalid_query("from", "no such version");
    auto y = tx.kb().find_version(a.id, to);
    if (!y) return Error::invalid_query("to", "no such version");
    return VersionDiff{from, to, x->title, y->title, diff_lines(x->body, y->body)};
  });
}

Result<ArticleView> KbService::restore(const Principal& p, Id id, int v) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<ArticleView> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (a.state == ArticleState::archived)
      return Error{Errc::invalid_transition, "an archived article is not edited", {}};
    auto old = tx.kb().find_version(a.id, v);
    if (!old) return Error::not_found("version");
    a.title = old->title;
    a.body = old->body;
    new_version(tx, a, p, now, "restored version " + std::to_string(v));
    a.state = ArticleState::draft;
    a.updated_at = now;
    tx.kb().update_article(a);
    index_article(tx, a);
    return view_of(tx, p, a);
  });
}

Result<std::pair<std::int64_t, std::int64_t>> KbService::feedback(const Principal& p, Id id, bool helpful) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto a = TD_TRY(find_readable(tx, p, id));
    auto before = tx.kb().feedback_of(a.id, p.user_id);
    if (before != helpful) {
      if (before) (*before ? a.helpful : a.not_helpful) -= 1;
      (helpful ? a.helpful : a.not_helpful) += 1;
      tx.kb().save_feedback(a.id, p.user_id, helpful, now);
      tx.kb().update_article(a);
    }
    return std::pair{a.helpful, a.not_helpful};
  });
}

Result<void> KbService::view(const Principal& p, Id id) {
  return m_store.write([&](KbTx& tx) -> Result<void> {
    auto a = TD_TRY(find_readable(tx, p, id));
    tx.kb().count_view(a.id);
    return ok();
  });
}

Result<ArticleDraft> KbService::draft_from_ticket(const Principal& p, Id ticket_id) {
  if (!can_write_articles(p)) return Error::forbidden("only support staff write articles");
  return m_store.read([&](KbTx& tx) -> Result<ArticleDraft> {
    auto v = tx.tickets().find_ticket(ticket_id);
    if (!v || !ticket::can_view(ticket::scope_for(p), v->ticket)) return Error::not_found("ticket");
    const auto& t = v->ticket;
    auto articles = tx.tickets().list_articles(ticket_id, true);
    std::string cause, solution;
    for (const auto& a : articles) {
      if (a.internal) {
        cause += (cause.empty() ? "" : "\n\n") + a.body;
      } else if (a.author_id != t.requester_id) {
        solution = a.body;  // the last public answer of the support side
      }
    }
    ArticleDraft d;
    d.title = t.subject;
    d.category_id = t.category_id;
    d.source_ticket_id = t.id;
    d.body = "## 问题现象 / Problem\n\n" + t.description + "\n\n## 原因 / Cause\n\n" +
             (cause.empty() ? std::string("（待补充 / to be completed）") : cause) +
             "\n\n## 解决方法 / Solution\n\n" +
             (solution.empty() ? std::string("（待补充 / to be completed）") : solution) +
             "\n\n> 来源工单 / Source ticket: " + t.number + "\n";
    return d;
  });
}

Result<void> KbService::link_ticket(const Principal& p, Id id, Id ticket_id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<void> {
    auto a = TD_TRY(find_writable(tx, p, id));
    auto v = tx.tickets().find_ticket(ticket_id);
    if (!v || !ticket::can_view(ticket::scope_for(p), v->ticket))
      return Error::invalid("ticket_id", "no such ticket");
    tx.kb().link_ticket(a.id, ticket_id, p.user_id, now);
    return ok();
  });
}

Result<void> KbService::unlink_ticket(const Principal& p, Id id, Id ticket_id) {
  return m_store.write([&](KbTx& tx) -> Result<void> {
    auto a = TD_TRY(find_writable(tx, p, id));
    if (!tx.kb().unlink_ticket(a.id, ticket_id)) return Error::not_found("link");
    return ok();
  });
}

Result<std::vector<KbArticle>> KbService::articles_of_ticket(const Principal& p, Id ticket_id) {
  return m_store.read([&](KbTx& tx) -> Result<std::vector<KbArticle>> {
    auto v = tx.tickets().find_ticket(ticket_id);
    if (!v || !ticket::can_view(ticket::scope_for(p), v->ticket)) return Error::not_found("ticket");
    std::vector<KbArticle> out;
    for (Id id : tx.kb().articles_of_ticket(ticket_id)) {
      auto a = tx.kb().find_article(id);
      if (a && readable(p, *a)) out.push_back(std::move(*a));
    }
    return out;
  });
}

bool allowed_attachment(std::string_view filename) {
  static constexpr std::array<std::string_view, 16> k_refused = {
      ".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".msp", ".vbs",
      ".vbe", ".js",  ".jse", ".wsf", ".ps1", ".hta", ".cpl", ".lnk"};
  std::string lower = ascii_lower(filename);
  for (auto ext : k_refused)
    if (lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
      return false;
  return true;
}

std::string served_content_type(std::string_view declared, std::string_view data) {
  auto starts = [&](std::string_view magic) { return data.substr(0, magic.size()) == magic; };
  if (declared == "image/png" && starts("\x89PNG\r\n\x1a\n")) return "image/png";
  if (declared == "image/jpeg" && starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (declared == "image/gif" && (starts("GIF87a") || starts("GIF89a"))) return "image/gif";
  if (declared == "image/webp" && starts("RIFF") && data.size() > 12 && data.substr(8, 4) == "WEBP")
    return "image/webp";
  if (declared == "application/pdf" && starts("%PDF-")) return "application/pdf";
  if (declared == "text/plain") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Result<KbAttachment> KbService::add_attachment(const Principal& p, Id id, std::string filename,
                                               std::string content_type, std::string_view data) {
  // Only the last path component counts: "../../etc/passwd" is "passwd".
  auto slash = filename.find_last_of("/\\");
  if (slash != std::string::npos) filename = filename.substr(slash + 1);
  TD_TRY(check_text(filename, "filename", 200, false, true));
  if (filename == "." || filename == "..") return Error::invalid("filename", "must name a file");
  if (!allowed_attachment(filename))
    return Error{Errc::unsupported_media_type, "executable files and scripts are not attached", "filename"};
  if (data.empty()) return Error::invalid("body", "the file is empty");
  if (data.size() > k_max_attachment)
    return Error{Errc::payload_too_large, "a file is at most 10 MiB", "body"};
  const std::string sha = hex(identity::token_digest(data));
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<KbAttachment> {
    auto a = TD_TRY(find_writable(tx, p, id));
    tx.kb().put_blob(sha, data);
    KbAttachment att;
    att.article_id = a.id;
    att.filename = filename;
    att.content_type = served_content_type(content_type, data);
    att.size = static_cast<std::int64_t>(data.size());
    att.sha256 = sha;
    att.created_by = p.user_id;
    att.created_at = now;
    att.id = tx.kb().insert_attachment(att);
    return att;
  });
}

Result<std::pair<KbAttachment, std::string>> KbService::attachment(const Principal& p, Id attachment_id) {
  return m_store.read([&](KbTx& tx) -> Result<std::pair<KbAttachment, std::string>> {
    auto att = tx.kb().find_attachment(attachment_id);
    if (!att) return Error::not_found("attachment");
    auto a = tx.kb().find_article(att->article_id);
    if (!a || !readable(p, *a)) return Error::not_found("attachment");
    auto data = tx.kb().blob(att->sha256);
    if (!data) return Error::not_found("attachment");
    return std::pair{std::move(*att), std::move(*data)};
  });
}

Result<void> KbService::delete_attachment(const Principal& p, Id id, Id attachment_id) {
  return m_store.write([&](KbTx& tx) -> Result<void> {
    auto a = TD_TRY(find_writable(tx, p, id));
    auto att = tx.kb().find_attachment(attachment_id);
    if (!att || att->article_id != a.id) return Error::not_found("attachment");
    tx.kb().delete_attachment(attachment_id);
    return ok();
  });
}

Result<Id> KbService::deflect(const Principal& p, Id article_id, const std::string& query) {
  TD_TRY(check_text(query, "query", 500, false, false));
  const Timestamp now = m_clock.now();
  return m_store.write([&](KbTx& tx) -> Result<Id> {
    auto a = TD_TRY(find_readable(tx, p, article_id));
    return tx.kb().insert_deflection(a.id, p.user_id, query, now);
  });
}

Result<std::int64_t> KbService::reindex() {
  return m_store.write([&](KbTx& tx) -> Result<std::int64_t> {
    std::int64_t n = 0;
    for (int offset = 0;; offset += 200) {
      KbListQuery q;
      q.limit = 200;
      q.offset = offset;
      auto page = tx.kb().list_articles(q);
      for (const auto& a : page.articles) {
        index_article(tx, a);
        ++n;
      }
      if (page.articles.size() < 200) break;
    }
    return n;
  });
}

}  // namespace techdesk::kb
