// All SQL of the identity repository on SQLite.
#include <algorithm>

#include "identity/role.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace identity;
using storage::k_user_columns;
using storage::read_org;
using storage::read_principal;
using storage::read_user;

std::vector<Id> IdentityRepoSqlite::team_ids_of(Id user) {
  std::vector<Id> ids;
  auto q = m_c.query("SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id");
  q.bind(1, user);
  while (q.step())
    ids.push_back(q.int64(0));
  return ids;
}

std::vector<Id> IdentityRepoSqlite::member_ids_of(Id team) {
  std::vector<Id> ids;
  auto q = m_c.query("SELECT user_id FROM team_members WHERE team_id = ? ORDER BY user_id");
  q.bind(1, team);
  while (q.step())
    ids.push_back(q.int64(0));
  return ids;
}

void IdentityRepoSqlite::replace_memberships_of_user(Id user, const std::vector<Id>& teams) {
  m_c.query("DELETE FROM team_members WHERE user_id = ?").bind(1, user).run();
  for (Id t : teams)
    m_c.query("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)").bind(1, t).bind(2, user).run();
}

Result<Id> IdentityRepoSqlite::insert_user(const NewUser& u, Timestamp now) {
  auto q = m_c.query(
      "INSERT INTO users (login, name, email, phone, role, organization_id, password_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, u.login).bind(2, u.name).bind(3, u.email).bind(4, u.phone).bind(5, role_name(u.role));
  q.bind(6, u.organization_id).bind(7, u.password_hash).bind(8, to_millis(now));
  if (!q.step_constraint()) return Error::conflict("login " + u.login + " is taken", "login");
  Id id = m_c.last_insert_rowid();
  replace_memberships_of_user(id, u.team_ids);
  return id;
}

std::optional<User> IdentityRepoSqlite::find_user(Id id) {
  auto q = m_c.query(
      "SELECT id, login, name, email, phone, role, organization_id, active, created_at FROM users WHERE id = "
      "?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  User u = read_user(q);
  u.team_ids = team_ids_of(id);
  return u;
}

std::optional<UserSecrets> IdentityRepoSqlite::find_user_secrets_by_login(std::string_view login) {
  auto q = m_c.query(
      "SELECT id, login, name, email, phone, role, organization_id, active, created_at, "
      "password_hash, failed_logins, first_failed_at, locked_until FROM users WHERE login = ?");
  q.bind(1, login);
  if (!q.step()) return std::nullopt;
  UserSecrets s;
  s.user = read_user(q);
  s.password_hash = q.text(9);
  s.failed_logins = static_cast<int>(q.int64(10));
  s.first_failed_at = as_time(q.opt_int64(11));
  s.locked_until = as_time(q.opt_int64(12));
  s.user.team_ids = team_ids_of(s.user.id);
  return s;
}

std::vector<User> IdentityRepoSqlite::list_users(const UserQuery& uq) {
  std::string sql = std::string("SELECT ") + k_user_columns + " FROM users WHERE id > ?1";
  if (uq.role) sql += " AND role = ?2";
  if (uq.organization_id) sql += " AND organization_id = ?3";
  if (!uq.text.empty()) sql += " AND (login LIKE ?4 ESCAPE '\\' OR name LIKE ?4 ESCAPE '\\')";
  sql += " ORDER BY id LIMIT ?5";
  std::vector<User> out;
  {
    auto q = m_c.query_dynamic(sql);
    q.bind(1, uq.after_id);
    if (uq.role) q.bind(2, role_name(*uq.role));
    if (uq.organization_id) q.bind(3, *uq.organization_id);
    if (!uq.text.empty()) q.bind(4, like_pattern(uq.text));
    q.bind(5, uq.limit);
    while (q.step())
      out.push_back(read_user(q));
  }
  for (auto& u : out)
    u.team_ids = team_ids_of(u.id);
  return out;
}

void IdentityRepoSqlite::update_user(const User& u, const std::optional<std::string>& new_password_hash) {
  m_c.query(
         "UPDATE users SET name = ?, email = ?, phone = ?, role = ?, organization_id = ?, active = ?, "
         "password_hash = coalesce(?, password_hash) WHERE id = ?")
      .bind(1, u.name)
      .bind(2, u.email)
      .bind(3, u.phone)
      .bind(4, role_name(u.role))
      .bind(5, u.organization_id)
      .bind(6, u.active ? 1 : 0)
      .bind(7, new_password_hash)
      .bind(8, u.id)
      .run();
  replace_memberships_of_user(u.id, u.team_ids);
}

void IdentityRepoSqlite::set_login_failures(Id user, int failed, std::optional<Timestamp> first_failed_at,
                                            std::optional<Timestamp> locked_until) {
  m_c.query("UPDATE users SET failed_logins = ?, first_failed_at = ?, locked_until = ? WHERE id = ?")
      .bind(1, failed)
      .bind(2, opt_millis(first_failed_at))
      .bind(3, opt_millis(locked_until))
      .bind(4, user)
      .run();
}

Result<Id> IdentityRepoSqlite::insert_org(const Organization& o) {
  auto q = m_c.query("INSERT INTO organizations (name, kind, domain, created_at) VALUES (?, ?, ?, ?)");
  q.bind(1, o.name).bind(2, org_kind_name(o.kind)).bind(3, o.domain).bind(4, to_millis(o.created_at));
  if (!q.step_constraint()) return Error::conflict("an organisation named " + o.name + " exists", "name");
  return m_c.last_insert_rowid();
}

std::optional<Organization> IdentityRepoSqlite::find_org(Id id) {
  auto q = m_c.query("SELECT id, name, kind, domain, created_at FROM organizations WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_org(q);
}

std::optional<Organization> IdentityRepoSqlite::find_org_by_name(std::string_view name) {
  auto q = m_c.query("SELECT id, name, kind, domain, created_at FROM organizations WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_org(q);
}

std::vector<Organization> IdentityRepoSqlite::list_orgs(const ListQuery& lq) {
  auto q = m_c.query(
      "SELECT id, name, kind, domain, created_at FROM organizations "
      "WHERE id > ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id LIMIT ?3");
  q.bind(1, lq.after_id).bind(2, lq.only_id).bind(3, lq.limit);
  std::vector<Organization> out;
  while (q.step())
    out.push_back(read_org(q));
  return out;
}

Result<void> IdentityRepoSqlite::update_org(const Organization& o) {
  auto q = m_c.query("UPDATE organizations SET name = ?, kind = ?, domain = ? WHERE id = ?");
  q.bind(1, o.name).bind(2, org_kind_name(o.kind)).bind(3, o.domain).bind(4, o.id);
  if (!q.step_constraint()) return Error::conflict("an organisation named " + o.name + " exists", "name");
  return ok();
}

Result<Id> IdentityRepoSqlite::insert_team(const Team& t) {
  auto q = m_c.query("INSERT INTO teams (name, description, created_at) VALUES (?, ?, ?)");
  q.bind(1, t.name).bind(2, t.description).bind(3, to_millis(t.created_at));
  if (!q.step_constraint()) return Error::conflict("a team named " + t.name + " exists", "name");
  Id id = m_c.last_insert_rowid();
  for (Id u : t.member_ids)
    m_c.query("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)").bind(1, id).bind(2, u).run();
  return id;
}

std::optional<Team> IdentityRepoSqlite::find_team(Id id) {
  Team t;
  {
    auto q = m_c.query("SELECT id, name, description, created_at FROM teams WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    t = Team{q.int64(0), q.text(1), q.text(2), {}, from_millis(q.int64(3))};
  }
  t.member_ids = member_ids_of(id);
  return t;
}

std::vector<Team> IdentityRepoSqlite::list_teams(const ListQuery& lq) {
  std::vector<Team> out;
  {
    auto q = m_c.query(
        "SELECT id, name, description, created_at FROM teams "
        "WHERE id > ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id LIMIT ?3");
    q.bind(1, lq.after_id).bind(2, lq.only_id).bind(3, lq.limit);
    while (q.step())
      out.push_back(Team{q.int64(0), q.text(1), q.text(2), {}, from_millis(q.int64(3))});
  }
  for (auto& t : out)
    t.member_ids = member_ids_of(t.id);
  return out;
}

Result<void> IdentityRepoSqlite::update_team(const Team& t) {
  auto q = m_c.query("UPDATE teams SET name = ?, description = ? WHERE id = ?");
  q.bind(1, t.name).bind(2, t.description).bind(3, t.id);
  if (!q.step_constraint()) return Error::conflict("a team named " + t.name + " exists", "name");
  m_c.query("DELETE FROM team_members WHERE team_id = ?").bind(1, t.id).run();
  for (Id u : t.member_ids)
    m_c.query("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)").bind(1, t.id).bind(2, u).run();
  return ok();
}

void IdentityRepoSqlite::insert_session(std::string_view digest, Id user, std::string_view csrf_token,
                                        Timestamp created, Timestamp expires) {
  // Sweep this user's expired sessions while we are here.
  m_c.query("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?")
      .bind(1, user)
      .bind(2, to_millis(created))
      .run();
  m_c.query(
         "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, "
         "?)")
      .bind_blob(1, digest)
      .bind(2, user)
      .bind(3, csrf_token)
      .bind(4, to_millis(created))
      .bind(5, to_millis(expires))
      .run();
}

std::optional<Principal> IdentityRepoSqlite::find_session_principal(std::string_view digest, Timestamp now) {
  std::optional<Principal> p;
  {
    auto q = m_c.query(
        "SELECT u.id, u.name, u.role, u.organization_id, s.csrf_token FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1");
    q.bind_blob(1, digest).bind(2, to_millis(now));
    if (!q.step()) return std::nullopt;
    p = read_principal(q);
    p->csrf_token = q.text(4);
  }
  p->team_ids = team_ids_of(p->user_id);
  return p;
}

void IdentityRepoSqlite::delete_session(std::string_view digest) {
  m_c.query("DELETE FROM sessions WHERE token_hash = ?").bind_blob(1, digest).run();
}

int IdentityRepoSqlite::delete_expired_sessions(Timestamp now, int limit) {
  m_c.query(
         "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at <= ? "
         "LIMIT ?)")
      .bind(1, to_millis(now))
      .bind(2, limit)
      .run();
  return m_c.changes();
}

void IdentityRepoSqlite::delete_sessions_of(Id user) {
  m_c.query("DELETE FROM sessions WHERE user_id = ?").bind(1, user).run();
}

Id IdentityRepoSqlite::insert_api_token(Id user, std::string_view name, std::string_view digest,
                                        Timestamp now) {
  m_c.query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, user)
      .bind(2, name)
      .bind_blob(3, digest)
      .bind(4, to_millis(now))
      .run();
  return m_c.last_insert_rowid();
}

std::optional<ApiTokenMatch> IdentityRepoSqlite::find_api_token(std::string_view digest) {
  std::optional<ApiTokenMatch> m;
  {
    auto q = m_c.query(
        "SELECT u.id, u.name, u.role, u.organization_id, t.last_used_at FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1");
    q.bind_blob(1, digest);
    if (!q.step()) return std::nullopt;
    m = ApiTokenMatch{read_principal(q), as_time(q.opt_int64(4))};
  }
  m->principal.team_ids = team_ids_of(m->principal.user_id);
  return m;
}

void IdentityRepoSqlite::touch_api_token(std::string_view digest, Timestamp now) {
  m_c.query("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?")
      .bind(1, to_millis(now))
      .bind_blob(2, digest)
      .run();
}

std::vector<ApiToken> IdentityRepoSqlite::list_api_tokens(Id user) {
  auto q = m_c.query(
      "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens "
      "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id");
  q.bind(1, user);
  std::vector<ApiToken> out;
  while (q.step())
    out.push_back(
        ApiToken{q.int64(0), q.int64(1), q.text(2), from_millis(q.int64(3)), as_time(q.opt_int64(4))});
  return out;
}

bool IdentityRepoSqlite::revoke_api_token(Id user, Id token_id, Timestamp now) {
  m_c.query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
      .bind(1, to_millis(now))
      .bind(2, token_id)
      .bind(3, user)
      .run();
  return m_c.changes() > 0;
}

}  // namespace techdesk::storage::sqlite
