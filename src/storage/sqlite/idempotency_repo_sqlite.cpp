// All SQL of idempotency keys on SQLite.
#include "storage/sqlite/repos.h"

namespace techdesk::storage::sqlite {

bool insert_idempotency_key(Connection& c, const idempotency::Claim& claim, Timestamp now) {
  auto q =
      c.query("INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)");
  q.bind(1, claim.user_id).bind(2, claim.key).bind(3, claim.request_hash).bind(4, to_millis(now));
  return q.step_constraint();
}

std::optional<idempotency::Record> find_idempotency_key(Connection& c, Id user, const std::string& key) {
  auto q = c.query(
      "SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE user_id = ? AND key = ?");
  q.bind(1, user).bind(2, key);
  if (!q.step()) return std::nullopt;
  idempotency::Record r;
  r.request_hash = q.text(0);
  if (auto s = q.opt_int64(1)) r.status = static_cast<int>(*s);
  r.content_type = q.text(2);
  r.body = q.text(3);
  return r;
}

void save_idempotency_response(Connection& c, Id user, const std::string& key, int status,
                               const std::string& content_type, const std::string& body) {
  c.query("UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE user_id = ? AND key = ?")
      .bind(1, status)
      .bind(2, content_type)
      .bind(3, body)
      .bind(4, user)
      .bind(5, key)
      .run();
}

}  // namespace techdesk::storage::sqlite
