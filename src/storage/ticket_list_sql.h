// The ticket list query — visibility scope, filters, keyset pagination and sort — assembled once for
// every backend. Backends differ only in how placeholders are spelled and how text is matched.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ticket/ticket_store.h"

namespace techdesk::storage {

struct SqlDialect {
  bool dollar_placeholders = false;  // PostgreSQL: $1, $2 …; SQLite: ?
  const char* like = "LIKE";         // PostgreSQL: ILIKE (SQLite's LIKE already ignores ASCII case)
};

using SqlBind = std::variant<std::int64_t, std::string>;

struct SqlWithBinds {
  std::string sql;
  std::vector<SqlBind> binds;  // in placeholder order
};

// Appends placeholders and their values as a statement is assembled.
class SqlBuilder {
 public:
  explicit SqlBuilder(SqlDialect d) : m_d(d) {}
  std::string p(SqlBind v);  // a placeholder for v
  std::string in_list(const std::vector<SqlBind>& values);
  SqlWithBinds& out() { return m_out; }
  const SqlDialect& dialect() const { return m_d; }

 private:
  SqlDialect m_d;
  SqlWithBinds m_out;
};

// " AND …" conditions on tickets aliased `t`: what `scope` may see and the filters of `q` (not its
// text, sort or cursor).
std::string ticket_conditions(const ticket::TicketScope& scope, const ticket::TicketQuery& q, SqlBuilder& b);

// SELECT of k_ticket_view_select rows for `scope` and `q` (limit included).
SqlWithBinds ticket_list_sql(const ticket::TicketScope& scope, const ticket::TicketQuery& q,
                             SqlDialect dialect);

// A LIKE pattern matching `text` anywhere, with %, _ and \ in it taken literally (use ESCAPE '\').
std::string like_pattern(std::string_view text);

}  // namespace techdesk::storage
