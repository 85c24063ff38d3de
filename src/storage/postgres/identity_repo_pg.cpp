// All SQL of the identity repository on PostgreSQL.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage::postgres {

using namespace identity;

namespace {

std::vector<Id> ids(const PgResult& r) {
  return all_rows<Id>(r, [](PgRow& row) { return row.int64(0); });
}

}  // namespace

std::vector<Id> IdentityRepoPg::team_ids_of(Id user) {
  return ids(
      m_c.run("SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id", PgParams().add(user)));
}

std::vector<Id> IdentityRepoPg::member_ids_of(Id team) {
  return ids(
      m_c.run("SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY user_id", PgParams().add(team)));
}

void IdentityRepoPg::replace_memberships_of_user(Id user, const std::vector<Id>& teams) {
  m_c.run("DELETE FROM team_members WHERE user_id = $1", PgParams().add(user));
  for (Id t : teams)
    m_c.run("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)", PgParams().add(t).add(user));
}

void IdentityRepoPg::replace_members_of_team(Id team, const std::vector<Id>& users) {
  m_c.run("DELETE FROM team_members WHERE team_id = $1", PgParams().add(team));
  for (Id u : users)
    m_c.run("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)", PgParams().add(team).add(u));
}

Result<Id> IdentityRepoPg::insert_user(const NewUser& u, Timestamp now) {
  auto r = m_c.run(
      "INSERT INTO users (login, name, email, phone, role, organization_id, password_hash, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ((lower(login))) DO NOTHING RETURNING id",
      PgParams()
          .add(u.login)
          .add(u.name)
          .add(u.email)
          .add(u.phone)
          .add(role_name(u.role))
          .add(u.organization_id)
          .add(u.password_hash)
          .add(to_millis(now)));
  if (r.rows() == 0) return Error::conflict("login " + u.login + " is taken", "login");
  Id id = PgRow(r, 0).int64(0);
  replace_memberships_of_user(id, u.team_ids);
  return id;
}

std::optional<User> IdentityRepoPg::find_user(Id id) {
  auto r = m_c.run(
      "SELECT id, login, name, email, phone, role, organization_id, active, created_at FROM users WHERE id = "
      "$1",
      PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  User u = read_user(row);
  u.team_ids = team_ids_of(id);
  return u;
}

std::optional<UserSecrets> IdentityRepoPg::find_user_secrets_by_login(std::string_view login) {
  // In a write transaction the row is locked, so concurrent failed logins all count.
  const char* sql = m_writing
                        ? "SELECT id, login, name, email, phone, role, organization_id, active, created_at, "
                          "password_hash, failed_logins, first_failed_at, locked_until FROM users "
                          "WHERE lower(login) = lower($1) FOR UPDATE"
                        : "SELECT id, login, name, email, phone, role, organization_id, active, created_at, "
                          "password_hash, failed_logins, first_failed_at, locked_until FROM users "
                          "WHERE lower(login) = lower($1)";
  auto r = m_c.run(sql, PgParams().add(login));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  UserSecrets s;
  s.user = read_user(row);
  s.password_hash = row.text(9);
  s.failed_logins = static_cast<int>(row.int64(10));
  s.first_failed_at = as_time(row.opt_int64(11));
  s.locked_until = as_time(row.opt_int64(12));
  s.user.team_ids = team_ids_of(s.user.id);
  return s;
}

std::vector<User> IdentityRepoPg::list_users(const UserQuery& uq) {
  std::string sql = std::string("SELECT ") + k_user_columns + " FROM users WHERE id > $1";
  PgParams params;
  params.add(uq.after_id);
  if (uq.role) {
    params.add(role_name(*uq.role));
    sql += " AND role = $" + std::to_string(params.size());
  }
  if (uq.organization_id) {
    params.add(*uq.organization_id);
    sql += " AND organization_id = $" + std::to_string(params.size());
  }
  if (!uq.text.empty()) {
    params.add(like_pattern(uq.text));
    std::string p = "$" + std::to_string(params.size());
    sql += " AND (login ILIKE " + p + " ESCAPE '\\' OR name ILIKE " + p + " ESCAPE '\\')";
  }
  params.add(uq.limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  auto out = all_rows<User>(m_c.run_dynamic(sql, params), [](PgRow& row) { return read_user(row); });
  for (auto& u : out)
    u.team_ids = team_ids_of(u.id);
  return out;
}

void IdentityRepoPg::update_user(const User& u, const std::optional<std::string>& new_password_hash) {
  m_c.run(
      "UPDATE users SET name = $1, email = $2, phone = $3, role = $4, organization_id = $5, active = $6, "
      "password_hash = coalesce($7, password_hash) WHERE id = $8",
      PgParams()
          .add(u.name)
          .add(u.email)
          .add(u.phone)
          .add(role_name(u.role))
          .add(u.organization_id)
          .add(u.active)
          .add(new_password_hash)
          .add(u.id));
  replace_memberships_of_user(u.id, u.team_ids);
}

void IdentityRepoPg::set_login_failures(Id user, int failed, std::optional<Timestamp> first_failed_at,
                                        std::optional<Timestamp> locked_until) {
  m_c.run("UPDATE users SET failed_logins = $1, first_failed_at = $2, locked_until = $3 WHERE id = $4",
          PgParams().add(failed).add(opt_millis(first_failed_at)).add(opt_millis(locked_until)).add(user));
}

Result<Id> IdentityRepoPg::insert_org(const Organization& o) {
  auto r = m_c.run(
      "INSERT INTO organizations (name, kind, domain, created_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (name) DO NOTHING RETURNING id",
      PgParams().add(o.name).add(org_kind_name(o.kind)).add(o.domain).add(to_millis(o.created_at)));
  if (r.rows() == 0) return Error::conflict("an organisation named " + o.name + " exists", "name");
  return PgRow(r, 0).int64(0);
}

std::optional<Organization> IdentityRepoPg::find_org(Id id) {
  auto r = m_c.run("SELECT id, name, kind, domain, created_at FROM organizations WHERE id = $1",
                   PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_org(row);
}

std::optional<Organization> IdentityRepoPg::find_org_by_name(std::string_view name) {
  auto r = m_c.run("SELECT id, name, kind, domain, created_at FROM organizations WHERE name = $1",
                   PgParams().add(name));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_org(row);
}

std::vector<Organization> IdentityRepoPg::list_orgs(const ListQuery& lq) {
  auto r = m_c.run(
      "SELECT id, name, kind, domain, created_at FROM organizations "
      "WHERE id > $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id LIMIT $3",
      PgParams().add(lq.after_id).add(lq.only_id).add(lq.limit));
  return all_rows<Organization>(r, [](PgRow& row) { return read_org(row); });
}

Result<void> IdentityRepoPg::update_org(const Organization& o) {
  auto r = m_c.run_constraint("UPDATE organizations SET name = $1, kind = $2, domain = $3 WHERE id = $4",
                              PgParams().add(o.name).add(org_kind_name(o.kind)).add(o.domain).add(o.id));
  if (!r) return Error::conflict("an organisation named " + o.name + " exists", "name");
  return ok();
}

Result<Id> IdentityRepoPg::insert_team(const Team& t) {
  auto r = m_c.run(
      "INSERT INTO teams (name, description, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING "
      "RETURNING id",
      PgParams().add(t.name).add(t.description).add(to_millis(t.created_at)));
  if (r.rows() == 0) return Error::conflict("a team named " + t.name + " exists", "name");
  Id id = PgRow(r, 0).int64(0);
  replace_members_of_team(id, t.member_ids);
  return id;
}

std::optional<Team> IdentityRepoPg::find_team(Id id) {
  auto r = m_c.run("SELECT id, name, description, created_at FROM teams WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  Team t{row.int64(0), row.text(1), row.text(2), {}, from_millis(row.int64(3))};
  t.member_ids = member_ids_of(id);
  return t;
}

std::vector<Team> IdentityRepoPg::list_teams(const ListQuery& lq) {
  auto r = m_c.run(
      "SELECT id, name, description, created_at FROM teams "
      "WHERE id > $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id LIMIT $3",
      PgParams().add(lq.after_id).add(lq.only_id).add(lq.limit));
  auto out = all_rows<Team>(r, [](PgRow& row) {
    return Team{row.int64(0), row.text(1), row.text(2), {}, from_millis(row.int64(3))};
  });
  for (auto& t : out)
    t.member_ids = member_ids_of(t.id);
  return out;
}

Result<void> IdentityRepoPg::update_team(const Team& t) {
  auto r = m_c.run_constraint("UPDATE teams SET name = $1, description = $2 WHERE id = $3",
                              PgParams().add(t.name).add(t.description).add(t.id));
  if (!r) return Error::conflict("a team named " + t.name + " exists", "name");
  replace_members_of_team(t.id, t.member_ids);
  return ok();
}

void IdentityRepoPg::insert_session(std::string_view digest, Id user, std::string_view csrf_token,
                                    Timestamp created, Timestamp expires) {
  // Sweep this user's expired sessions while we are here.
  m_c.run("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2",
          PgParams().add(user).add(to_millis(created)));
  m_c.run(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, "
      "$4, $5)",
      PgParams().add_bytea(digest).add(user).add(csrf_token).add(to_millis(created)).add(to_millis(expires)));
}

std::optional<Principal> IdentityRepoPg::find_session_principal(std::string_view digest, Timestamp now) {
  auto r = m_c.run(
      "SELECT u.id, u.name, u.role, u.organization_id, s.csrf_token FROM sessions s "
      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active",
      PgParams().add_bytea(digest).add(to_millis(now)));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  Principal p = read_principal(row);
  p.csrf_token = row.text(4);
  p.team_ids = team_ids_of(p.user_id);
  return p;
}

void IdentityRepoPg::delete_session(std::string_view digest) {
  m_c.run("DELETE FROM sessions WHERE token_hash = $1", PgParams().add_bytea(digest));
}

int IdentityRepoPg::delete_expired_sessions(Timestamp now, int limit) {
  auto r = m_c.run(
      "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at <= $1 "
      "LIMIT $2)",
      PgParams().add(to_millis(now)).add(limit));
  return r.affected();
}

void IdentityRepoPg::delete_sessions_of(Id user) {
  m_c.run("DELETE FROM sessions WHERE user_id = $1", PgParams().add(user));
}

Id IdentityRepoPg::insert_api_token(Id user, std::string_view name, std::string_view digest, Timestamp now) {
  auto r = m_c.run(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
      PgParams().add(user).add(name).add_bytea(digest).add(to_millis(now)));
  return PgRow(r, 0).int64(0);
}

std::optional<ApiTokenMatch> IdentityRepoPg::find_api_token(std::string_view digest) {
  auto r = m_c.run(
      "SELECT u.id, u.name, u.role, u.organization_id, t.last_used_at FROM api_tokens t "
      "JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active",
      PgParams().add_bytea(digest));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  ApiTokenMatch m{read_principal(row), as_time(row.opt_int64(4))};
  m.principal.team_ids = team_ids_of(m.principal.user_id);
  return m;
}

void IdentityRepoPg::touch_api_token(std::string_view digest, Timestamp now) {
  m_c.run("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2",
          PgParams().add(to_millis(now)).add_bytea(digest));
}

std::vector<ApiToken> IdentityRepoPg::list_api_tokens(Id user) {
  auto r = m_c.run(
      "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens "
      "WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
      PgParams().add(user));
  return all_rows<ApiToken>(r, [](PgRow& row) {
    return ApiToken{row.int64(0), row.int64(1), row.text(2), from_millis(row.int64(3)),
                    as_time(row.opt_int64(4))};
  });
}

bool IdentityRepoPg::revoke_api_token(Id user, Id token_id, Timestamp now) {
  auto r =
      m_c.run("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
              PgParams().add(to_millis(now)).add(token_id).add(user));
  return r.affected() > 0;
}

}  // namespace techdesk::storage::postgres
