// All SQL of `techdesk migrate-data`: reading every table of either backend and writing it to either.
// The tables are described once (TableSpec); each backend turns a description into its own SQL.
#include "storage/data_copy.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <span>

#include "common/store_failure.h"
#include "storage/db_url.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/database.h"
#include "storage/store.h"

namespace techdesk::storage {

bool CopyReport::all_match() const {
  return std::all_of(tables.begin(), tables.end(), [](const TableCheck& t) { return t.matches(); });
}

namespace {

namespace fs = std::filesystem;
using postgres::PgConnection;
using postgres::PgParams;
using postgres::PgResult;
using postgres::PgRow;

// ---- What is copied ----

enum class ColType { integer, text, boolean, blob };

struct Column {
  const char* name;
  ColType type;
};

// A table as the copy sees it. The first `key_columns` columns are its primary key, in key order.
struct TableSpec {
  const char* name;
  std::vector<Column> columns;
  std::size_t key_columns = 1;
  bool identity = false;   // PostgreSQL: `id` is an identity column whose sequence must move on
  bool seeded = false;     // migrations seed rows into it: the target's rows are replaced
  int parent_column = -1;  // a column referencing the table's own key: rows go in parents first
};

constexpr ColType I = ColType::integer, T = ColType::text, B = ColType::boolean, X = ColType::blob;

// Foreign-key order. Every column of every table must be listed: check_schema() refuses a database
// whose tables or columns differ, so that a new migration cannot silently lose data here.
const std::vector<TableSpec>& copied_tables() {
  static const std::vector<TableSpec> k_tables = {
      {.name = "organizations",
       .columns = {{"id", I}, {"name", T}, {"kind", T}, {"domain", T}, {"created_at", I}},
       .identity = true},
      {.name = "users",
       .columns = {{"id", I},
                   {"login", T},
                   {"name", T},
                   {"email", T},
                   {"phone", T},
                   {"role", T},
                   {"organization_id", I},
                   {"password_hash", T},
                   {"active", B},
                   {"failed_logins", I},
                   {"first_failed_at", I},
                   {"locked_until", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "teams",
       .columns = {{"id", I}, {"name", T}, {"description", T}, {"created_at", I}},
       .identity = true},
      {.name = "team_members", .columns = {{"team_id", I}, {"user_id", I}}, .key_columns = 2},
      {.name = "sessions",
       .columns =
           {{"token_hash", X}, {"user_id", I}, {"csrf_token", T}, {"created_at", I}, {"expires_at", I}}},
      {.name = "api_tokens",
       .columns = {{"id", I},
                   {"user_id", I},
                   {"name", T},
                   {"token_hash", X},
                   {"created_at", I},
                   {"last_used_at", I},
                   {"revoked_at", I}},
       .identity = true},
      {.name = "categories",
       .columns = {{"id", I}, {"parent_id", I}, {"name", T}, {"name_en", T}, {"path", T}},
       .identity = true,
       .seeded = true,
       .parent_column = 1},
      {.name = "tickets",
       .columns = {{"id", I},
                   {"number", T},
                   {"subject", T},
                   {"description", T},
                   {"type", T},
                   {"category_id", I},
                   {"impact", T},
                   {"urgency", T},
                   {"priority", T},
                   {"channel", T},
                   {"state", T},
                   {"tier", T},
                   {"requester_id", I},
                   {"organization_id", I},
                   {"team_id", I},
                   {"assignee_id", I},
                   {"cancel_reason", T},
                   {"created_at", I},
                   {"updated_at", I},
                   {"resolved_at", I},
                   {"closed_at", I},
                   {"version", I}},
       .identity = true},
      {.name = "calendars",
       .columns = {{"id", I}, {"name", T}, {"document", T}, {"updated_at", I}},
       .identity = true,
       .seeded = true},
      {.name = "sla_policies",
       .columns = {{"id", I},
                   {"name", T},
                   {"position", I},
                   {"active", B},
                   {"calendar_id", I},
                   {"document", T},
                   {"updated_at", I}},
       .identity = true,
       .seeded = true},
      {.name = "ticket_sla",
       .columns = {{"ticket_id", I},
                   {"policy_id", I},
                   {"policy_name", T},
                   {"why", T},
                   {"calendar_id", I},
                   {"started_at", I},
                   {"priority", T},
                   {"first_response_target", I},
                   {"next_update_target", I},
                   {"resolution_target", I},
                   {"warn_percent", I},
                   {"second_level_percent", I},
                   {"pause_states", T},
                   {"stopped_ms", I},
                   {"stopped_since", I},
                   {"paused", B},
                   {"first_response_at", I},
                   {"resolved_at", I},
                   {"last_public_update", I},
                   {"first_response_warn", I},
                   {"first_response_due", I},
                   {"first_response_second", I},
                   {"resolution_warn", I},
                   {"resolution_due", I},
                   {"resolution_second", I},
                   {"next_update_due", I},
                   {"first_response_warned", B},
                   {"first_response_breached", B},
                   {"first_response_escalated", B},
                   {"resolution_warned", B},
                   {"resolution_breached", B},
                   {"resolution_escalated", B},
                   {"next_update_breached", B},
                   {"next_check", I},
                   {"nearest_due", I}}},
      {.name = "notifications",
       .columns = {{"id", I},
                   {"user_id", I},
                   {"kind", T},
                   {"ticket_id", I},
                   {"title", T},
                   {"body", T},
                   {"created_at", I},
                   {"read_at", I}},
       .identity = true},
      {.name = "articles",
       .columns = {{"id", I},
                   {"ticket_id", I},
                   {"kind", T},
                   {"body", T},
                   {"internal", B},
                   {"author_id", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "events",
       .columns = {{"id", I},
                   {"ticket_id", I},
                   {"actor_id", I},
                   {"at", I},
                   {"field", T},
                   {"before", T},
                   {"after", T},
                   {"internal", B}},
       .identity = true},
      // Dispatch (migration 0006): teams' settings, agents, tags, links, the work log, rules, macros.
      {.name = "team_dispatch",
       .columns = {{"team_id", I},
                   {"strategy", T},
                   {"capacity", I},
                   {"escalation_team_id", I},
                   {"calendar_id", I},
                   {"updated_at", I}}},
      {.name = "agent_profiles",
       .columns = {{"user_id", I}, {"on_duty", B}, {"skills", T}, {"updated_at", I}}},
      {.name = "category_skills", .columns = {{"category_id", I}, {"skills", T}}},
      {.name = "dispatch_assignments",
       .columns = {{"team_id", I}, {"user_id", I}, {"last_assigned_at", I}},
       .key_columns = 2},
      {.name = "ticket_tags", .columns = {{"ticket_id", I}, {"tag", T}}, .key_columns = 2},
      {.name = "ticket_links",
       .columns =
           {{"id", I}, {"ticket_id", I}, {"other_id", I}, {"kind", T}, {"created_at", I}, {"created_by", I}},
       .identity = true},
      {.name = "ticket_contacts",
       .columns = {{"ticket_id", I}, {"user_id", I}, {"added_at", I}},
       .key_columns = 2},
      {.name = "worklog",
       .columns = {{"id", I},
                   {"ticket_id", I},
                   {"user_id", I},
                   {"activity", T},
                   {"minutes", I},
                   {"note", T},
                   {"work_date", T},
                   {"created_at", I}},
       .identity = true},
      {.name = "rules",
       .columns = {{"id", I},
                   {"name", T},
                   {"position", I},
                   {"active", B},
                   {"trigger_kind", T},
                   {"document", T},
                   {"last_error", T},
                   {"last_error_at", I},
                   {"updated_at", I}},
       .identity = true},
      // Filled by its migration from the open tickets, of which an empty target has none.
      {.name = "ticket_state_since", .columns = {{"ticket_id", I}, {"state", T}, {"since", I}}},
      {.name = "rule_runs",
       .columns = {{"rule_id", I}, {"ticket_id", I}, {"since", I}, {"ran_at", I}},
       .key_columns = 3},
      {.name = "macros",
       .columns = {{"id", I}, {"name", T}, {"team_id", I}, {"body", T}, {"updated_at", I}},
       .identity = true},
      // Knowledge base (migration 0007). The search index is derived and rebuilt on the target.
      {.name = "kb_articles",
       .columns = {{"id", I},
                   {"title", T},
                   {"body", T},
                   {"category_id", I},
                   {"visibility", T},
                   {"state", T},
                   {"version", I},
                   {"published_version", I},
                   {"author_id", I},
                   {"reviewer_id", I},
                   {"review_note", T},
                   {"source_ticket_id", I},
                   {"views", I},
                   {"helpful", I},
                   {"not_helpful", I},
                   {"created_at", I},
                   {"updated_at", I},
                   {"published_at", I}},
       .identity = true},
      {.name = "kb_versions",
       .columns = {{"article_id", I},
                   {"version", I},
                   {"title", T},
                   {"body", T},
                   {"author_id", I},
                   {"note", T},
                   {"created_at", I}},
       .key_columns = 2},
      {.name = "kb_tags", .columns = {{"article_id", I}, {"tag", T}}, .key_columns = 2},
      {.name = "kb_ticket_links",
       .columns = {{"article_id", I}, {"ticket_id", I}, {"created_by", I}, {"created_at", I}},
       .key_columns = 2},
      {.name = "kb_feedback",
       .columns = {{"article_id", I}, {"user_id", I}, {"helpful", B}, {"created_at", I}},
       .key_columns = 2},
      {.name = "kb_deflections",
       .columns = {{"id", I}, {"article_id", I}, {"user_id", I}, {"query", T}, {"created_at", I}},
       .identity = true},
      {.name = "attachment_blobs", .columns = {{"sha256", T}, {"size", I}, {"data", X}}},
      {.name = "kb_attachments",
       .columns = {{"id", I},
                   {"article_id", I},
                   {"filename", T},
                   {"content_type", T},
                   {"size", I},
                   {"sha256", T},
                   {"created_by", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "mailboxes",
       .columns = {{"id", I},
                   {"name", T},
                   {"address", T},
                   {"display_name", T},
                   {"enabled", B},
                   {"team_id", I},
                   {"category_id", I},
                   {"default_org_id", I},
                   {"imap", T},
                   {"imap_secret", T},
                   {"smtp", T},
                   {"smtp_secret", T},
                   {"last_fetch_at", I},
                   {"fetch_lease_until", I},
                   {"last_error", T},
                   {"created_at", I},
                   {"updated_at", I}},
       .identity = true},
      {.name = "mail_messages",
       .columns = {{"id", I},
                   {"mailbox_id", I},
                   {"dedupe_key", T},
                   {"message_id", T},
                   {"direction", T},
                   {"ticket_id", I},
                   {"article_id", I},
                   {"outcome", T},
                   {"from_addr", T},
                   {"from_name", T},
                   {"to_json", T},
                   {"cc_json", T},
                   {"subject", T},
                   {"html", T},
                   {"raw_sha256", T},
                   {"raw_size", I},
                   {"at", I}},
       .identity = true},
      {.name = "mail_attachments",
       .columns = {{"id", I},
                   {"mail_id", I},
                   {"ticket_id", I},
                   {"filename", T},
                   {"content_type", T},
                   {"content_id", T},
                   {"inline_part", B},
                   {"size", I},
                   {"sha256", T}},
       .identity = true},
      {.name = "mail_outbox",
       .columns = {{"id", I},
                   {"mailbox_id", I},
                   {"ticket_id", I},
                   {"article_id", I},
                   {"kind", T},
                   {"envelope_from", T},
                   {"recipients", T},
                   {"to_json", T},
                   {"cc_json", T},
                   {"subject", T},
                   {"message_id", T},
                   {"raw", X},
                   {"state", T},
                   {"attempts", I},
                   {"next_attempt_at", I},
                   {"lease_until", I},
                   {"last_error", T},
                   {"created_at", I},
                   {"sent_at", I}},
       .identity = true},
      {.name = "mail_ack_counts", .columns = {{"addr", T}, {"day", T}, {"n", I}}, .key_columns = 2},
      // Closing the loop (migration 0009): settings, request forms (seeded per category) and what was
      // filled in, registration domains, uploads, closing timers, surveys, callbacks, complaints.
      {.name = "feedback_settings", .columns = {{"id", I}, {"settings", T}, {"updated_at", I}}},
      {.name = "category_forms",
       .columns = {{"category_id", I}, {"fields", T}, {"updated_at", I}},
       .seeded = true},
      {.name = "ticket_form_values",
       .columns = {{"id", I}, {"ticket_id", I}, {"key", T}, {"label", T}, {"label_en", T}, {"value", T}},
       .identity = true},
      {.name = "registration_domains", .columns = {{"domain", T}, {"organization_id", I}}},
      {.name = "uploads",
       .columns = {{"id", I},
                   {"uploader_id", I},
                   {"filename", T},
                   {"content_type", T},
                   {"size", I},
                   {"sha256", T},
                   {"ticket_id", I},
                   {"article_id", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "closing_timers", .columns = {{"ticket_id", I}, {"auto_close_at", I}}},
      {.name = "survey_invitations",
       .columns =
           {{"id", I}, {"ticket_id", I}, {"nonce", T}, {"issued_at", I}, {"expires_at", I}, {"used_at", I}},
       .identity = true},
      {.name = "surveys",
       .columns = {{"id", I},
                   {"ticket_id", I},
                   {"score", I},
                   {"tags", T},
                   {"comment", T},
                   {"agent_id", I},
                   {"team_id", I},
                   {"organization_id", I},
                   {"requester_id", I},
                   {"answered_by", I},
                   {"channel", T},
                   {"created_at", I}},
       .identity = true},
      {.name = "callback_schedules",
       .columns = {{"id", I},
                   {"organization_id", I},
                   {"contact_id", I},
                   {"assignee_id", I},
                   {"every_days", I},
                   {"next_due_at", I},
                   {"note", T},
                   {"active", B},
                   {"created_by", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "callbacks",
       .columns = {{"id", I},
                   {"reason", T},
                   {"state", T},
                   {"ticket_id", I},
                   {"organization_id", I},
                   {"contact_id", I},
                   {"assignee_id", I},
                   {"schedule_id", I},
                   {"source_id", I},
                   {"due_at", I},
                   {"note", T},
                   {"outcome", T},
                   {"outcome_notes", T},
                   {"follow_up", T},
                   {"done_at", I},
                   {"done_by", I},
                   {"created_by", I},
                   {"created_at", I}},
       .identity = true},
      {.name = "complaints",
       .columns = {{"id", I},
                   {"ticket_id", I},
                   {"related_ticket_id", I},
                   {"stage", T},
                   {"source", T},
                   {"customer_id", I},
                   {"organization_id", I},
                   {"officer_id", I},
                   {"product", T},
                   {"fault", T},
                   {"warranty", T},
                   {"verdict", T},
                   {"judgement", T},
                   {"decision", T},
                   {"action", T},
                   {"feedback", T},
                   {"summary", T},
                   {"created_at", I},
                   {"updated_at", I},
                   {"closed_at", I}},
       .identity = true},
      {.name = "complaint_engineers", .columns = {{"complaint_id", I}, {"user_id", I}}, .key_columns = 2},
      {.name = "complaint_steps",
       .columns = {{"id", I}, {"complaint_id", I}, {"step", T}, {"actor_id", I}, {"data", T}, {"at", I}},
       .identity = true},
      // Reports (migration 0010): the per-ticket facts, weekly reports, report settings and schedules.
      {.name = "ticket_facts",
       .columns = {{"ticket_id", I},
                   {"created_at", I},
                   {"type", T},
                   {"channel", T},
                   {"priority", T},
                   {"state", T},
                   {"category_id", I},
                   {"organization_id", I},
                   {"team_id", I},
                   {"assignee_id", I},
                   {"first_response_at", I},
                   {"resolved_at", I},
                   {"resolved_by", I},
                   {"closed_at", I},
                   {"done_at", I},
                   {"staff_replies", I},
                   {"reopen_count", I},
                   {"escalated", I},
                   {"team_changes", I}}},
      {.name = "weekly_reports",
       .columns = {{"id", I},
                   {"scope_key", T},
                   {"team_id", I},
                   {"iso_week", T},
                   {"period_from", I},
                   {"period_to", I},
                   {"snapshot", T},
                   {"plan", T},
                   {"plan_by", I},
                   {"state", T},
                   {"generated_at", I},
                   {"sent_at", I}},
       .identity = true},
      {.name = "report_settings", .columns = {{"id", I}, {"settings", T}, {"updated_at", I}}},
      {.name = "report_schedules",
       .columns = {{"id", I},
                   {"name", T},
                   {"report", T},
                   {"frequency", T},
                   {"params", T},
                   {"recipients", T},
                   {"format", T},
                   {"active", B},
                   {"next_run_at", I},
                   {"last_run_at", I},
                   {"created_by", I},
                   {"created_at", I}},
       .identity = true},
      // Performance reviews (0011): cycles, scorecards, their items, appeals, the audit trail.
      {.name = "review_cycles",
       .columns = {{"id", I},
                   {"month", T},
                   {"state", T},
                   {"indicators", T},
                   {"appeal_days", I},
                   {"created_by", I},
                   {"created_at", I},
                   {"updated_at", I},
                   {"computed_at", I},
                   {"published_by", I},
                   {"published_at", I},
                   {"appeal_until", I}},
       .identity = true},
      {.name = "review_scorecards",
       .columns = {{"id", I},
                   {"cycle_id", I},
                   {"engineer_id", I},
                   {"team_id", I},
                   {"total_milli", I},
                   {"self_assessment", T},
                   {"self_assessed_at", I},
                   {"created_at", I},
                   {"updated_at", I}},
       .identity = true},
      {.name = "review_items",
       .columns = {{"scorecard_id", I},
                   {"key", T},
                   {"num", I},
                   {"den", I},
                   {"score_tenths", I},
                   {"explain_zh", T},
                   {"explain_en", T},
                   {"note", T},
                   {"scored_by", I},
                   {"scored_at", I}},
       .key_columns = 2},
      {.name = "review_appeals",
       .columns = {{"id", I},
                   {"scorecard_id", I},
                   {"item_key", T},
                   {"reason", T},
                   {"state", T},
                   {"answer", T},
                   {"old_score_tenths", I},
                   {"new_score_tenths", I},
                   {"created_by", I},
                   {"created_at", I},
                   {"answered_by", I},
                   {"answered_at", I}},
       .identity = true},
      {.name = "review_events",
       .columns = {{"id", I},
                   {"cycle_id", I},
                   {"scorecard_id", I},
                   {"actor_id", I},
                   {"at", I},
                   {"action", T},
                   {"item_key", T},
                   {"before", T},
                   {"after", T}},
       .identity = true},
      // Retries of requests made before the move are still answered from here.
      {.name = "idempotency_keys",
       .columns = {{"user_id", I},
                   {"key", T},
                   {"request_hash", T},
                   {"status", I},
                   {"content_type", T},
                   {"body", T},
                   {"created_at", I}},
       .key_columns = 2},
      {.name = "jobs",
       .columns = {{"id", I},
                   {"kind", T},
                   {"payload", T},
                   {"state", T},
                   {"run_at", I},
                   {"attempts", I},
                   {"lease_owner", T},
                   {"lease_until", I},
                   {"last_error", T},
                   {"dedupe_key", T},
                   {"created_at", I},
                   {"finished_at", I}},
       .identity = true},
  };
  return k_tables;
}

// The ticket numbering state, compared like a table: one row per day, the last number given out.
const TableSpec k_numbering{.name = "ticket_sequences", .columns = {{"day", T}, {"last", I}}};

// Tables that are each backend's own business and not copied; agent_loads is derived from tickets by
// triggers, which fill it in the target as the tickets arrive; the search index (FTS5 with its shadow
// tables, or search_docs) is rebuilt on the target by `migrate-data` after the copy.
const std::set<std::string> k_not_copied = {"schema_migrations",
                                            "ticket_sequences",
                                            "agent_loads",
                                            "search_tickets",
                                            "search_tickets_data",
                                            "search_tickets_idx",
                                            "search_tickets_content",
                                            "search_tickets_docsize",
                                            "search_tickets_config",
                                            "search_articles",
                                            "search_articles_data",
                                            "search_articles_idx",
                                            "search_articles_content",
                                            "search_articles_docsize",
                                            "search_articles_config",
                                            "search_docs"};

// A value in its canonical text form (integers in decimal, booleans "0"/"1", blobs raw); nullopt is
// NULL. Both backends read into and write from this form.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;
// Day "YYYYMMDD" → the last ticket number given out that day.
using Numbering = std::map<std::string, std::int64_t>;

std::int64_t to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) throw StoreFailure("not an integer: " + s);
  return v;
}

bool is_day(const std::string& day) {
  return day.size() == 8 && std::all_of(day.begin(), day.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(const char* name) {
  return std::string("\"") + name + "\"";
}

std::string column_list(const TableSpec& t, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += (i ? ", " : "") + quoted(t.columns[i].name);
  return out;
}

// SELECT of one batch in key order, after the key given by placeholders (if any).
template <class Placeholder>
std::string select_batch_sql(const TableSpec& t, bool after, Placeholder placeholder) {
  std::string sql = "SELECT " + column_list(t, t.columns.size()) + " FROM " + quoted(t.name);
  if (after) {
    std::string keys = column_list(t, t.key_columns), values;
    for (std::size_t i = 0; i < t.key_columns; ++i)
      values += (i ? ", " : "") + placeholder(i, t.columns[i].type);
    sql +=
        t.key_columns == 1 ? " WHERE " + keys + " > " + values : " WHERE (" + keys + ") > (" + values + ")";
  }
  return sql + " ORDER BY " + column_list(t, t.key_columns) + " LIMIT ";
}

// ---- The checksum ----

// SHA-256 over the canonical text of each row: per cell "N|" for NULL, otherwise "<bytes>:<value>|"
// (blobs in lower-case hex), and "\n" after each row. The length prefix makes the form unambiguous.
class Checksum {
 public:
  Checksum() { crypto_hash_sha256_init(&m_state); }

  void add(const TableSpec& t, const Row& row) {
    m_buf.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) {
        m_buf += "N|";
        continue;
      }
      const std::string& v = *row[i];
      if (t.columns[i].type == ColType::blob) {
        std::string hex(v.size() * 2 + 1, '\0');
        sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(v.data()), v.size());
        hex.pop_back();
        m_buf += std::to_string(hex.size()) + ':' + hex + '|';
      } else {
        m_buf += std::to_string(v.size()) + ':' + v + '|';
      }
    }
    m_buf += '\n';
    crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char*>(m_buf.data()), m_buf.size());
    ++m_rows;
  }

  std::uint64_t rows() const { return m_rows; }

  std::string hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&m_state, digest);
    char out[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(out, sizeof out, digest, sizeof digest);
    return out;
  }

 private:
  crypto_hash_sha256_state m_state;
  std::string m_buf;
  std::uint64_t m_rows = 0;
};

// ---- One database, as the copy sees it ----

// A connection to one database with the handful of operations the copy needs. Methods throw
// StoreFailure (PgError on PostgreSQL) when a statement fails.
class Side {
 public:
  virtual ~Side() = default;
  virtual void begin_read() = 0;   // one snapshot for everything read until commit()
  virtual void begin_write() = 0;  // holds the database's write lock until commit()
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;

  virtual std::set<std::string> table_names() = 0;
  virtual std::set<std::string> column_names(const char* table) = 0;
  virtual std::uint64_t count(const TableSpec& t) = 0;
  // At most limit rows in key order, after the row whose key columns are `after` (from the start when
  // null).
  virtual std::vector<Row> read_batch(const TableSpec& t, const Row* after, std::size_t limit) = 0;
  virtual void insert(const TableSpec& t, std::span<const Row> rows) = 0;
  virtual void delete_all(const TableSpec& t) = 0;
  // The last ticket number of each day: the larger of the stored sequence and the tickets' numbers.
  virtual Numbering numbering() = 0;
  // Makes numbering() answer exactly n.
  virtual void write_numbering(const Numbering& n) = 0;
  // Called after the rows are in: lets generated ids continue after the copied ones.
  virtual void advance_identities() {}
  // Keeps others from writing the tables until commit().
  virtual void lock_tables() {}
};

Numbering merge_numbering(Numbering stored, const Numbering& from_tickets) {
  for (const auto& [day, last] : from_tickets)
    stored[day] = std::max(stored[day], last);
  std::erase_if(stored, [](const auto& kv) { return kv.second <= 0; });
  return stored;
}

class SqliteSide final : public Side {
 public:
  explicit SqliteSide(std::unique_ptr<sqlite::Connection> c) : m_c(std::move(c)) {}

  void begin_read() override { m_c->exec("BEGIN"); }
  void begin_write() override {
    // Foreign keys are checked at COMMIT, so the order of rows within the copy cannot trip them.
    m_c->exec("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON");
  }
  void commit() override { m_c->exec("COMMIT"); }
  void rollback() noexcept override {
    try {
      m_c->exec("ROLLBACK");
    } catch (const StoreFailure&) {
      // No transaction was open, or it is gone already.
    }
  }

  std::set<std::string> table_names() override {
    std::set<std::string> out;
    auto q = m_c->query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    while (q.step())
      out.insert(q.text(0));
    return out;
  }

  std::set<std::string> column_names(const char* table) override {
    std::set<std::string> out;
    auto q = m_c->query("SELECT name FROM pragma_table_info(?)");
    q.bind(1, table);
    while (q.step())
      out.insert(q.text(0));
    return out;
  }

  std::uint64_t count(const TableSpec& t) override {
    auto q = m_c->query_dynamic("SELECT count(*) FROM " + quoted(t.name));
    return q.step() ? static_cast<std::uint64_t>(q.int64(0)) : 0;
  }

  std::vector<Row> read_batch(const TableSpec& t, const Row* after, std::size_t limit) override {
    auto q = m_c->query_dynamic(
        select_batch_sql(t, after != nullptr, [](std::size_t, ColType) { return std::string("?"); }) +
        std::to_string(limit));
    if (after)
      for (std::size_t i = 0; i < t.key_columns; ++i)
        bind(q, static_cast<int>(i + 1), t.columns[i].type, (*after)[i]);
    std::vector<Row> rows;
    while (q.step()) {
      Row row(t.columns.size());
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        row[i] = read(q, static_cast<int>(i), t.columns[i].type);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void insert(const TableSpec& t, std::span<const Row> rows) override {
    // One prepared statement, run per row: SQLite has no round trips to save.
    std::string sql =
        "INSERT INTO " + quoted(t.name) + " (" + column_list(t, t.columns.size()) + ") VALUES (";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      sql += i ? ", ?" : "?";
    sql += ")";
    for (const Row& row : rows) {
      auto q = m_c->query_dynamic(sql);
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        bind(q, static_cast<int>(i + 1), t.columns[i].type, row[i]);
      q.run();
    }
  }

  void delete_all(const TableSpec& t) override { m_c->exec("DELETE FROM " + quoted(t.name)); }

  Numbering numbering() override {
    Numbering stored, from_tickets;
    {
      auto q = m_c->query("SELECT day, last FROM ticket_sequences");
      while (q.step())
        stored[q.text(0)] = q.int64(1);
    }
    auto q = m_c->query(
        "SELECT substr(number, 1, 8), max(CAST(substr(number, 10) AS INTEGER)) FROM tickets "
        "WHERE number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]*' "
        "AND substr(number, 10) NOT GLOB '*[^0-9]*' AND length(number) <= 27 GROUP BY 1");
    while (q.step())
      from_tickets[q.text(0)] = q.int64(1);
    return merge_numbering(std::move(stored), from_tickets);
  }

  void write_numbering(const Numbering& n) override {
    m_c->exec("DELETE FROM ticket_sequences");
    for (const auto& [day, last] : n)
      m_c->query("INSERT INTO ticket_sequences (day, last) VALUES (?, ?)").bind(1, day).bind(2, last).run();
  }

 private:
  static void bind(sqlite::Query& q, int i, ColType type, const Cell& v) {
    if (!v) {
      q.bind_null(i);
      return;
    }
    switch (type) {
      case ColType::integer:
      case ColType::boolean:
        q.bind(i, to_int(*v));
        break;
      case ColType::text:
        q.bind(i, *v);
        break;
      case ColType::blob:
        q.bind_blob(i, *v);
        break;
    }
  }

  static Cell read(const sqlite::Query& q, int col, ColType type) {
    if (q.is_null(col)) return std::nullopt;
    switch (type) {
      case ColType::integer:
        return std::to_string(q.int64(col));
      case ColType::boolean:
        return std::string(q.int64(col) != 0 ? "1" : "0");
      case ColType::text:
        return q.text(col);
      case ColType::blob:
        return q.blob(col);
    }
    return std::nullopt;
  }

  std::unique_ptr<sqlite::Connection> m_c;
};

class PgSide final : public Side {
 public:
  explicit PgSide(std::unique_ptr<PgConnection> c) : m_c(std::move(c)) {}

  PgConnection& connection() { return *m_c; }

  void begin_read() override { m_c->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void begin_write() override { m_c->exec("BEGIN"); }
  void commit() override { m_c->exec("COMMIT"); }
  void rollback() noexcept override {
    try {
      m_c->exec("ROLLBACK");
    } catch (const StoreFailure&) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }

  void lock_tables() override {
    // EXCLUSIVE lets others read but not write until the copy commits.
    std::string names;
    for (const TableSpec& t : copied_tables())
      names += (names.empty() ? "" : ", ") + quoted(t.name);
    m_c->exec("LOCK TABLE " + names + " IN EXCLUSIVE MODE");
  }

  std::set<std::string> table_names() override {
    std::set<std::string> out;
    auto r = m_c->run(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'");
    for (int i = 0; i < r.rows(); ++i)
      out.insert(PgRow(r, i).text(0));
    return out;
  }

  std::set<std::string> column_names(const char* table) override {
    std::set<std::string> out;
    auto r = m_c->run(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = $1",
        PgParams().add(table));
    for (int i = 0; i < r.rows(); ++i)
      out.insert(PgRow(r, i).text(0));
    return out;
  }

  std::uint64_t count(const TableSpec& t) override {
    auto r = m_c->run_dynamic("SELECT count(*) FROM " + quoted(t.name), PgParams());
    return static_cast<std::uint64_t>(PgRow(r, 0).int64(0));
  }

  std::vector<Row> read_batch(const TableSpec& t, const Row* after, std::size_t limit) override {
    PgParams params;
    if (after)
      for (std::size_t i = 0; i < t.key_columns; ++i)
        add(params, t.columns[i].type, (*after)[i]);
    auto r =
        m_c->run_dynamic(select_batch_sql(t, after != nullptr,
                                          [](std::size_t i, ColType type) { return placeholder(i, type); }) +
                             std::to_string(limit),
                         params);
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      PgRow pg(r, i);
      Row row(t.columns.size());
      for (std::size_t c = 0; c < t.columns.size(); ++c)
        row[c] = read(pg, static_cast<int>(c), t.columns[c].type);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void insert(const TableSpec& t, std::span<const Row> rows) override {
    // Multi-row INSERTs: one round trip per batch. The protocol allows at most 65535 parameters.
    const std::size_t per_statement = std::max<std::size_t>(1, 65535 / t.columns.size());
    for (std::size_t start = 0; start < rows.size(); start += per_statement) {
      auto chunk = rows.subspan(start, std::min(per_statement, rows.size() - start));
      std::string sql =
          "INSERT INTO " + quoted(t.name) + " (" + column_list(t, t.columns.size()) + ") VALUES ";
      PgParams params;
      std::size_t n = 0;
      for (std::size_t r = 0; r < chunk.size(); ++r) {
        sql += r ? ", (" : "(";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          sql += (c ? ", " : "") + placeholder(n++, t.columns[c].type);
          add(params, t.columns[c].type, chunk[r][c]);
        }
        sql += ")";
      }
      m_c->run_dynamic(sql, params);
    }
  }

  void delete_all(const TableSpec& t) override { m_c->exec("DELETE FROM " + quoted(t.name)); }

  Numbering numbering() override {
    Numbering stored, from_tickets;
    {
      auto r = m_c->run(
          "SELECT substr(sequencename, 12), last_value FROM pg_sequences WHERE schemaname = current_schema() "
          "AND sequencename LIKE 'ticket\\_seq\\_%' AND last_value IS NOT NULL");
      for (int i = 0; i < r.rows(); ++i)
        stored[PgRow(r, i).text(0)] = PgRow(r, i).int64(1);
    }
    auto r = m_c->run(
        "SELECT substr(number, 1, 8), max(substr(number, 10)::bigint) FROM tickets "
        "WHERE number ~ '^[0-9]{8}-[0-9]{1,18}$' GROUP BY 1");  // the same rows as on SQLite
    for (int i = 0; i < r.rows(); ++i)
      from_tickets[PgRow(r, i).text(0)] = PgRow(r, i).int64(1);
    return merge_numbering(std::move(stored), from_tickets);
  }

  void write_numbering(const Numbering& n) override {
    // The sequences are what TicketRepoPg::next_sequence draws from: ticket_seq_<day>.
    for (const auto& [day, last] : n) {
      if (!is_day(day)) throw StoreFailure("ticket numbering day must be YYYYMMDD, got '" + day + "'");
      m_c->exec("CREATE SEQUENCE IF NOT EXISTS ticket_seq_" + day);
      m_c->run("SELECT setval($1::regclass, $2::bigint)", PgParams().add("ticket_seq_" + day).add(last));
    }
    // A sequence the target had for a day the source does not know (a creation that was rolled back)
    // starts afresh, so the numbering is the source's exactly.
    auto r = m_c->run(
        "SELECT substr(sequencename, 12) FROM pg_sequences WHERE schemaname = current_schema() "
        "AND sequencename LIKE 'ticket\\_seq\\_%'");
    for (int i = 0; i < r.rows(); ++i) {
      std::string day = PgRow(r, i).text(0);
      if (is_day(day) && !n.count(day)) m_c->exec("ALTER SEQUENCE ticket_seq_" + day + " RESTART");
    }
  }

  void advance_identities() override {
    // Never backwards: the categories' identity starts at 1000 after the migrations.
    for (const TableSpec& t : copied_tables()) {
      if (!t.identity) continue;
      const std::string seq = "pg_get_serial_sequence('" + quoted(t.name) + "', 'id')";
      m_c->exec("SELECT setval(" + seq + ", greatest((SELECT coalesce(max(id), 0) FROM " + quoted(t.name) +
                ") + 1, nextval(" + seq + ")), false)");
    }
  }

 private:
  static std::string placeholder(std::size_t i, ColType type) {
    static constexpr const char* k_casts[] = {"::bigint", "::text", "::boolean", "::bytea"};
    return "$" + std::to_string(i + 1) + k_casts[static_cast<int>(type)];
  }

  static void add(PgParams& p, ColType type, const Cell& v) {
    if (!v) {
      p.add_null();
      return;
    }
    switch (type) {
      case ColType::integer:
        p.add(std::string_view(*v));
        break;
      case ColType::boolean:
        p.add(*v != "0");
        break;
      case ColType::text:
        p.add(std::string_view(*v));
        break;
      case ColType::blob:
        p.add_bytea(*v);
        break;
    }
  }

  static Cell read(const PgRow& row, int col, ColType type) {
    if (row.is_null(col)) return std::nullopt;
    switch (type) {
      case ColType::integer:
      case ColType::text:
        return row.text(col);
      case ColType::boolean:
        return std::string(row.boolean(col) ? "1" : "0");
      case ColType::blob:
        return row.bytea(col);
    }
    return std::nullopt;
  }

  std::unique_ptr<PgConnection> m_c;
};

// ---- The steps ----

// Calls fn with each batch of t's rows, in key order.
template <class F>
void for_each_batch(Side& side, const TableSpec& t, std::size_t batch_rows, F fn) {
  std::optional<Row> last_key;
  for (;;) {
    auto rows = side.read_batch(t, last_key ? &*last_key : nullptr, batch_rows);
    if (rows.empty()) return;
    last_key = Row(rows.back().begin(), rows.back().begin() + static_cast<std::ptrdiff_t>(t.key_columns));
    const bool last_batch = rows.size() < batch_rows;
    fn(rows);
    if (last_batch) return;
  }
}

// Rows reordered so that every row comes after the row its parent column names (ids are usually
// ascending that way already, but need not be). A row whose parent is missing goes last; the database
// refuses it.
std::vector<Row> parents_first(std::vector<Row> rows, const TableSpec& t) {
  const auto parent = static_cast<std::size_t>(t.parent_column);
  std::set<std::string> placed;
  std::vector<Row> out;
  out.reserve(rows.size());
  while (!rows.empty()) {
    const std::size_t before = out.size();
    std::vector<Row> waiting;
    for (Row& r : rows) {
      const Cell& p = r[parent];
      if (!p || placed.count(*p) || p == r[0]) {
        placed.insert(*r[0]);
        out.push_back(std::move(r));
      } else {
        waiting.push_back(std::move(r));
      }
    }
    if (out.size() == before) {
      std::move(waiting.begin(), waiting.end(), std::back_inserter(out));
      break;
    }
    rows = std::move(waiting);
  }
  return out;
}

// Refuses a database whose tables or columns are not exactly those this copy knows.
Result<void> check_schema(Side& side, const std::string& which) {
  std::set<std::string> known = k_not_copied;
  for (const TableSpec& t : copied_tables())
    known.insert(t.name);
  for (const std::string& name : side.table_names())
    if (!known.count(name))
      return Error::internal("the " + which + " database has a table '" + name +
                             "' that migrate-data does not know how to copy");
  for (const TableSpec& t : copied_tables()) {
    std::set<std::string> expected;
    for (const Column& c : t.columns)
      expected.insert(c.name);
    std::set<std::string> actual = side.column_names(t.name);
    if (actual != expected) {
      std::string list;
      for (const auto& c : actual)
        list += (list.empty() ? "" : ", ") + c;
      return Error::internal("table " + std::string(t.name) + " of the " + which + " database has columns (" +
                             list + "), not the ones migrate-data copies");
    }
  }
  return ok();
}

// conflict when the target holds rows in any table that is not only seeded by the migrations.
// Tables that do not exist yet are empty.
Result<void> refuse_if_holds_data(Side& target) {
  auto names = target.table_names();
  for (const TableSpec& t : copied_tables()) {
    if (t.seeded || !names.count(t.name)) continue;
    if (auto n = target.count(t); n > 0)
      return Error::conflict("the target database already holds data (" + std::to_string(n) + " rows in " +
                                 t.name + "); migrate-data copies only into an empty database",
                             "to");
  }
  return ok();
}

bool same_sqlite_file(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  if (fs::exists(a, ec1) && fs::exists(b, ec2)) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
  }
  return fs::weakly_canonical(a, ec1) == fs::weakly_canonical(b, ec2);
}

// Advisory locks belong to one database: if the target cannot take the lock the source holds, both
// connections reach the same database, whatever the URLs say.
bool same_pg_database(PgConnection& source, PgConnection& target) {
  std::mt19937_64 rng(std::random_device{}());
  const auto key = static_cast<std::int64_t>(rng() >> 1);
  auto lock = [&](PgConnection& c) {
    return PgRow(c.run("SELECT pg_try_advisory_lock($1::bigint)", PgParams().add(key)), 0).boolean(0);
  };
  auto unlock = [&](PgConnection& c) { c.run("SELECT pg_advisory_unlock($1::bigint)", PgParams().add(key)); };
  if (!lock(source)) return false;  // someone holds this very key: cannot tell, assume different
  const bool target_got_it = lock(target);
  unlock(source);
  if (target_got_it) unlock(target);
  return !target_got_it;
}

// The store's own migrations, on a small pool.
Result<void> migrate_url(const std::string& url, const DbUrl& parsed, const std::string& which,
                         const std::string& field) {
  std::string open_url = url;
  if (parsed.kind == DbUrl::Kind::postgresql)
    open_url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("pool=1");
  auto store = open_store(open_url);
  if (!store)
    return Error{Errc::unavailable, "cannot open the " + which + " database: " + store.error().message,
                 field};
  auto applied = (*store)->migrate();
  if (!applied)
    return Error::internal("cannot bring the " + which + " database up to date: " + applied.error().message);
  return ok();
}

std::unique_ptr<PgConnection> connect_pg(const DbUrl& url) {
  std::size_t ignored = 0;
  return PgConnection::connect(postgres::strip_techdesk_options(url.target, ignored));
}

// Copies every table inside the target's transaction, filling in the source half of `checks`.
// Throws StoreFailure on any failed statement; the caller rolls back.
Result<void> copy_tables(Side& source, Side& target, const CopyOptions& options,
                         std::vector<TableCheck>& checks) {
  target.lock_tables();
  TD_TRY(refuse_if_holds_data(target));  // again, now that nobody else can write
  for (const TableSpec& t : copied_tables()) {
    const std::uint64_t total = source.count(t);
    std::uint64_t done = 0;
    if (options.progress) options.progress(t.name, 0, total);
    if (t.seeded) target.delete_all(t);
    Checksum sum;
    std::vector<Row> held;  // a self-referencing table is inserted at the end, parents first
    for_each_batch(source, t, options.batch_rows, [&](std::vector<Row>& rows) {
      for (const Row& r : rows)
        sum.add(t, r);
      if (t.parent_column >= 0)
        std::move(rows.begin(), rows.end(), std::back_inserter(held));
      else
        target.insert(t, rows);
      done += rows.size();
      if (options.progress && t.parent_column < 0) options.progress(t.name, done, total);
    });
    if (t.parent_column >= 0) {
      held = parents_first(std::move(held), t);
      std::span<const Row> all(held);
      for (std::size_t start = 0; start < all.size(); start += options.batch_rows)
        target.insert(t, all.subspan(start, std::min(options.batch_rows, all.size() - start)));
      if (options.progress) options.progress(t.name, done, total);
    }
    checks.push_back({t.name, sum.rows(), 0, sum.hex(), {}});
  }

  Numbering numbering = source.numbering();
  target.write_numbering(numbering);
  Checksum sum;
  for (const auto& [day, last] : numbering)
    sum.add(k_numbering, Row{day, std::to_string(last)});
  checks.push_back({k_numbering.name, sum.rows(), 0, sum.hex(), {}});

  target.advance_identities();
  return ok();
}

// Reads every table of the target back, filling in the target half of `checks`.
void verify_tables(Side& target, std::size_t batch_rows, std::vector<TableCheck>& checks) {
  target.begin_read();
  std::size_t i = 0;
  for (const TableSpec& t : copied_tables()) {
    Checksum sum;
    for_each_batch(target, t, batch_rows, [&](std::vector<Row>& rows) {
      for (const Row& r : rows)
        sum.add(t, r);
    });
    checks[i].target_rows = sum.rows();
    checks[i].target_checksum = sum.hex();
    ++i;
  }
  Checksum sum;
  for (const auto& [day, last] : target.numbering())
    sum.add(k_numbering, Row{day, std::to_string(last)});
  checks[i].target_rows = sum.rows();
  checks[i].target_checksum = sum.hex();
  target.commit();
}

using SteadyClock = std::chrono::steady_clock;

std::chrono::milliseconds since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
}

}  // namespace

Result<CopyReport> copy_all_data(const std::string& from_url, const std::string& to_url,
                                 const CopyOptions& options) {
  if (sodium_init() < 0) return Error::internal("libsodium cannot be initialised");
  if (options.batch_rows == 0) return Error::internal("batch_rows must be positive");
  auto from = parse_db_url(from_url);
  if (!from) return Error::invalid("from", "--from: " + from.error().message);
  auto to = parse_db_url(to_url);
  if (!to) return Error::invalid("to", "--to: " + to.error().message);
  const Error same_database = Error::invalid(
      "to", "--from and --to name the same database (" + to_url + "); the target must be another one");
  if (from_url == to_url) return same_database;
  const bool from_pg = from->kind == DbUrl::Kind::postgresql, to_pg = to->kind == DbUrl::Kind::postgresql;
  if (!from_pg && !to_pg && same_sqlite_file(from->target, to->target)) return same_database;
  std::error_code ec;
  if (!from_pg && !fs::exists(from->target, ec))
    return Error::invalid("from", "there is no SQLite database at " + from->target + " (--from)");
  if (!to_pg) {
    const fs::path folder = fs::absolute(to->target, ec).parent_path();
    if (!fs::is_directory(folder, ec))
      return Error::invalid("to", "the folder " + folder.string() + " of the target database does not exist");
  }

  std::unique_ptr<Side> source, target;
  try {
    // Reach both before changing anything, and tell one database named twice apart.
    if (from_pg) {
      try {
        source = std::make_unique<PgSide>(connect_pg(*from));
      } catch (const StoreFailure& e) {
        return Error{Errc::unavailable, std::string("cannot reach the source database: ") + e.what(), "from"};
      }
    }
    if (to_pg) {
      try {
        target = std::make_unique<PgSide>(connect_pg(*to));
      } catch (const StoreFailure& e) {
        return Error{Errc::unavailable, std::string("cannot reach the target database: ") + e.what(), "to"};
      }
    }
    if (from_pg && to_pg &&
        same_pg_database(static_cast<PgSide&>(*source).connection(),
                         static_cast<PgSide&>(*target).connection()))
      return same_database;

    // A target with data is refused before its schema is touched.
    if (to_pg) {
      TD_TRY(refuse_if_holds_data(*target));
    } else if (fs::exists(to->target, ec)) {
      try {
        SqliteSide probe(sqlite::Connection::open(to->target, /*create=*/false));
        TD_TRY(refuse_if_holds_data(probe));
      } catch (const StoreFailure& e) {
        return Error{Errc::unavailable, std::string("cannot open the target database: ") + e.what(), "to"};
      }
    }

    TD_TRY(migrate_url(from_url, *from, "source", "from"));
    TD_TRY(migrate_url(to_url, *to, "target", "to"));
    if (!from_pg) source = std::make_unique<SqliteSide>(sqlite::Connection::open(from->target, false));
    if (!to_pg) target = std::make_unique<SqliteSide>(sqlite::Connection::open(to->target, false));
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }

  CopyReport report;
  const auto started = SteadyClock::now();
  try {
    TD_TRY(check_schema(*source, "source"));
    TD_TRY(check_schema(*target, "target"));
    source->begin_read();
    target->begin_write();
    Result<void> copied = [&]() -> Result<void> {
      try {
        return copy_tables(*source, *target, options, report.tables);
      } catch (const StoreFailure& e) {
        return Error::internal(std::string("the copy failed and was rolled back, the target is unchanged: ") +
                               e.what());
      }
    }();
    if (!copied) {
      target->rollback();
      source->rollback();
      return copied.release_error();
    }
    try {
      target->commit();
    } catch (const StoreFailure& e) {
      target->rollback();
      source->rollback();
      return Error::internal(std::string("the copy could not be committed, the target is unchanged: ") +
                             e.what());
    }
    source->commit();
  } catch (const StoreFailure& e) {
    target->rollback();
    source->rollback();
    return Error{Errc::unavailable, e.what(), {}};
  }
  report.copy_time = since(started);

  const auto verify_started = SteadyClock::now();
  try {
    verify_tables(*target, options.batch_rows, report.tables);
  } catch (const StoreFailure& e) {
    target->rollback();
    return Error{Errc::unavailable,
                 std::string("the copy was committed but cannot be read back: ") + e.what(), "to"};
  }
  report.verify_time = since(verify_started);
  return report;
}

}  // namespace techdesk::storage
