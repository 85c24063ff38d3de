#include "identity/identity_service.h"

#include <algorithm>
#include <charconv>

#include "common/base64.h"
#include "common/text.h"
#include "identity/policy.h"
#include "identity/role.h"

namespace techdesk::identity {

Principal system_principal() {
  Principal p;
  p.user_id = 0;
  p.name = "system";
  p.role = Role::admin;
  return p;
}

std::string encode_id_cursor(Id last_id) {
  return base64url_encode("id:" + std::to_string(last_id));
}

Result<Id> decode_id_cursor(const std::string& cursor) {
  if (cursor.empty()) return Id{0};
  auto raw = base64url_decode(cursor);
  Id id = 0;
  if (!raw || raw->rfind("id:", 0) != 0 ||
      std::from_chars(raw->data() + 3, raw->data() + raw->size(), id).ec != std::errc{} || id < 0) {
    return Error::invalid_query("cursor", "cursor is not one this server issued");
  }
  return id;
}

namespace {

template <class T>
Page<T> make_page(std::vector<T> rows, int limit) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_id_cursor(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

Result<void> check_text(const std::string& value, const char* field, std::size_t min_len,
                        std::size_t max_len) {
  if (!is_valid_utf8(value)) return Error::invalid(field, std::string(field) + " must be valid UTF-8");
  if (has_control_chars(value, false))
    return Error::invalid(field, std::string(field) + " must not contain control characters");
  auto n = utf8_length(trim(value));
  if (n < min_len) {
    return min_len == 1 ? Error::invalid(field, std::string(field) + " must not be empty")
                        : Error::invalid(field, std::string(field) + " is too short");
  }
  if (utf8_length(value) > max_len)
    return Error::invalid(
        field, std::string(field) + " must have at most " + std::to_string(max_len) + " characters");
  return ok();
}

Result<void> check_login(const std::string& login) {
  if (login.size() < 2 || login.size() > 64)
    return Error::invalid("login", "login must have 2 to 64 characters");
  for (char c : login) {
    bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-' || c == '@';
    if (!good) return Error::invalid("login", "login may contain only letters, digits and . _ - @");
  }
  return ok();
}

Result<void> check_email(const std::optional<std::string>& email) {
  if (!email) return ok();
  TD_TRY(check_text(*email, "email", 3, 254));
  auto at = email->find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email->size() ||
      email->find(' ') != std::string::npos || email->find('@', at + 1) != std::string::npos)
    return Error::invalid("email", "email must look like name@example.com");
  return ok();
}

Result<void> check_domain(const std::optional<std::string>& domain) {
  if (!domain) return ok();
  if (domain->empty() || domain->size() > 253)
    return Error::invalid("domain", "domain must have 1 to 253 characters");
  for (char c : *domain) {
    bool good =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!good) return Error::invalid("domain", "domain may contain only letters, digits, '.' and '-'");
  }
  return ok();
}

Result<void> check_teams_exist(IdentityRepo& repo, const std::vector<Id>& ids, const char* field) {
  for (Id id : ids)
    if (!repo.find_team(id)) return Error::invalid(field, "no team with id " + std::to_string(id));
  return ok();
}

Result<void> check_users_exist(IdentityRepo& repo, const std::vector<Id>& ids, const char* field) {
  for (Id id : ids)
    if (!repo.find_user(id)) return Error::invalid(field, "no user with id " + std::to_string(id));
  return ok();
}

std::vector<Id> unique_sorted(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

// ---- users ----

Result<User> IdentityService::create_user(const Principal& actor, CreateUser in) {
  if (!can_administer(actor)) return Error::forbidden("only an administrator may create users");
  TD_TRY(check_login(in.login));
  TD_TRY(check_password_rules(in.password));
  TD_TRY(check_text(in.name, "name", 1, 100));
  TD_TRY(check_email(in.email));
  if (in.phone) TD_TRY(check_text(*in.phone, "phone", 1, 40));
  in.team_ids = unique_sorted(std::move(in.team_ids));
  // Hash outside the transaction: it is deliberately slow and must not hold the writer.
  std::string hash = TD_TRY(hash_password(in.password, m_cost));
  const Timestamp now = m_clock.now();
  return m_store.write([&](IdentityTx& tx) -> Result<User> {
    auto& repo = tx.identity();
    if (in.organization_id && !repo.find_org(*in.organization_id))
      return Error::invalid("organization_id",
                            "no organisation with id " + std::to_string(*in.organization_id));
    TD_TRY(check_teams_exist(repo, in.team_ids, "team_ids"));
    NewUser nu{in.login, std::string(trim(in.name)), in.email,    in.phone,
               in.role,  in.organization_id,         in.team_ids, hash};
    Id id = TD_TRY(repo.insert_user(nu, now));
    return *repo.find_user(id);
  });
}

Result<User> IdentityService::get_user(const Principal& actor, Id id) {
  return m_store.read([&](IdentityTx& tx) -> Result<User> {
    auto u = tx.identity().find_user(id);
    if (!u || !can_view_user(actor, *u)) return Error::not_found("user");
    return *u;
  });
}

Result<Page<User>> IdentityService::list_users(const Principal& actor, const UserFilter& f) {
  if (!can_list_users(actor)) return Error::forbidden("requesters may not list users");
  UserQuery q;
  q.role = f.role;
  q.organization_id = f.organization_id;
  q.text = f.text;
  q.after_id = TD_TRY(decode_id_cursor(f.cursor));
  q.limit = f.limit + 1;
  if (!is_agent(actor.role)) {
    // Org managers see their own organisation only, whatever they asked for.
    if (!actor.organization_id) return Page<User>{};
    if (q.organization_id && q.organization_id != actor.organization_id) return Page<User>{};
    q.organization_id = actor.organization_id;
  }
  return m_store.read(
      [&](IdentityTx& tx) -> Result<Page<User>> { return make_page(tx.identity().list_users(q), f.limit); });
}

Result<User> IdentityService::update_user(const Principal& actor, Id id, UserPatch patch) {
  if (!can_administer(actor)) {
    // Hide existence from those who may not see the user at all.
    auto visible = get_user(actor, id);
    if (!visible) return visible.release_error();
    return Error::forbidden("only an administrator may change users");
  }
  if (patch.name) TD_TRY(check_text(*patch.name, "name", 1, 100));
  if (patch.email && *patch.email) TD_TRY(check_email(*patch.email));
  if (patch.phone && *patch.phone) TD_TRY(check_text(**patch.phone, "phone", 1, 40));
  std::optional<std::string> new_hash;
  if (patch.password) {
    TD_TRY(check_password_rules(*patch.password));
    new_hash = TD_TRY(hash_password(*patch.password, m_cost));
  }
  auto updated = m_store.write([&](IdentityTx& tx) -> Result<User> {
    auto& repo = tx.identity();
    auto u = repo.find_user(id);
    if (!u) return Error::not_found("user");
    if (patch.name) u->name = std::string(trim(*patch.name));
    if (patch.email) u->email = *patch.email;
    if (patch.phone) u->phone = *patch.phone;
    if (patch.role) u->role = *patch.role;
    if (patch.organization_id) {
      if (*patch.organization_id && !repo.find_org(**patch.organization_id))
        return Error::invalid("organization_id",
                              "no organisation with id " + std::to_string(**patch.organization_id));
      u->organization_id = *patch.organization_id;
    }
    if (patch.team_ids) {
      auto ids = unique_sorted(*patch.team_ids);
      TD_TRY(check_teams_exist(repo, ids, "team_ids"));
      u->team_ids = ids;
    }
    if (patch.active) u->active = *patch.active;
    repo.update_user(*u, new_hash);
    // A deactivated user or a changed password ends every open session of that user.
    if ((patch.active && !*patch.active) || new_hash) repo.delete_sessions_of(id);
    return *repo.find_user(id);
  });
  // After the commit: a principal cached before it must not outlive the change.
  if (m_cache) m_cache->clear();
  return updated;
}

// ---- organisations ----

Result<Organization> IdentityService::create_org(const Principal& actor, const OrgInput& in) {
  if (!can_administer(actor)) return Error::forbidden("only an administrator may create organisations");
  if (!in.name) return Error::missing("name");
  if (!in.kind) return Error::missing("kind");
  TD_TRY(check_text(*in.name, "name", 1, 200));
  std::optional<std::string> domain = in.domain ? *in.domain : std::nullopt;
  if (domain) *domain = ascii_lower(*domain);
  TD_TRY(check_domain(domain));
  Organization o{0, std::string(trim(*in.name)), *in.kind, domain, m_clock.now()};
  return m_store.write([&](IdentityTx& tx) -> Result<Organization> {
    Id id = TD_TRY(tx.identity().insert_org(o));
    return *tx.identity().find_org(id);
  });
}

Result<Organization> IdentityService::get_org(const Principal& actor, Id id) {
  return m_store.read([&](IdentityTx& tx) -> Result<Organization> {
    auto o = tx.identity().find_org(id);
    if (!o || !can_view_org(actor, *o)) return Error::not_found("organization");
    return *o;
  });
}

Result<Organization> IdentityService::find_org_by_name(const Principal& actor, const std::string& name) {
  return m_store.read([&](IdentityTx& tx) -> Result<Organization> {
    auto o = tx.identity().find_org_by_name(name);
    if (!o || !can_view_org(actor, *o)) return Error::not_found("organization");
    return *o;
  });
}

Result<Page<Organization>> IdentityService::list_orgs(const Principal& actor, const PageRequest& page) {
  ListQuery q;
  q.after_id = TD_TRY(decode_id_cursor(page.cursor));
  q.limit = page.limit + 1;
  if (!can_list_all_orgs(actor)) {
    if (!actor.organization_id) return Page<Organization>{};
    q.only_id = actor.organization_id;
  }
  return m_store.read([&](IdentityTx& tx) -> Result<Page<Organization>> {
    return make_page(tx.identity().list_orgs(q), page.limit);
  });
}

Result<Organization> IdentityService::update_org(const Principal& actor, Id id, const OrgInput& in) {
  if (!can_administer(actor)) {
    auto visible = get_org(actor, id);
    if (!visible) return visible.release_error();
    return Error::forbidden("only an administrator may change organisations");
  }
  if (in.name) TD_TRY(check_text(*in.name, "name", 1, 200));
  std::optional<std::string> domain;
  if (in.domain && *in.domain) {
    domain = ascii_lower(**in.domain);
    TD_TRY(check_domain(domain));
  }
  return m_store.write([&](IdentityTx& tx) -> Result<Organization> {
    auto o = tx.identity().find_org(id);
    if (!o) return Error::not_found("organization");
    if (in.name) o->name = std::string(trim(*in.name));
    if (in.kind) o->kind = *in.kind;
    if (in.domain) o->domain = domain;
    TD_TRY(tx.identity().update_org(*o));
    return *tx.identity().find_org(id);
  });
}

// ---- teams ----

Result<Team> IdentityService::create_team(const Principal& actor, const TeamInput& in) {
  if (!can_administer(actor)) return Error::forbidden("only an administrator may create teams");
  if (!in.name) return Error::missing("name");
  TD_TRY(check_text(*in.name, "name", 1, 100));
  if (in.description) TD_TRY(check_text(*in.description, "description", 0, 2000));
  Team t{0, std::string(trim(*in.name)), in.description.value_or(""),
         unique_sorted(in.member_ids.value_or(std::vector<Id>{})), m_clock.now()};
  return m_store.write([&](IdentityTx& tx) -> Result<Team> {
    TD_TRY(check_users_exist(tx.identity(), t.member_ids, "member_ids"));
    Id id = TD_TRY(tx.identity().insert_team(t));
    return *tx.identity().find_team(id);
  });
}

Result<Team> IdentityService::get_team(const Principal& actor, Id id) {
  if (!can_view_teams(actor)) return Error::not_found("team");
  return m_store.read([&](IdentityTx& tx) -> Result<Team> {
    auto t = tx.identity().find_team(id);
    if (!t) return Error::not_found("team");
    return *t;
  });
}

Result<Page<Team>> IdentityService::list_teams(const Principal& actor, const PageRequest& page) {
  if (!can_view_teams(actor)) return Error::forbidden("only support staff may list teams");
  ListQuery q;
  q.after_id = TD_TRY(decode_id_cursor(page.cursor));
  q.limit = page.limit + 1;
  return m_store.read([&](IdentityTx& tx) -> Result<Page<Team>> {
    return make_page(tx.identity().list_teams(q), page.limit);
  });
}

Result<Team> IdentityService::update_team(const Principal& actor, Id id, const TeamInput& in) {
  if (!can_administer(actor)) {
    auto visible = get_team(actor, id);
    if (!visible) return visible.release_error();
    return Error::forbidden("only an administrator may change teams");
  }
  if (in.name) TD_TRY(check_text(*in.name, "name", 1, 100));
  if (in.description) TD_TRY(check_text(*in.description, "description", 0, 2000));
  auto updated = m_store.write([&](IdentityTx& tx) -> Result<Team> {
    auto t = tx.identity().find_team(id);
    if (!t) return Error::not_found("team");
    if (in.name) t->name = std::string(trim(*in.name));
    if (in.description) t->description = *in.description;
    if (in.member_ids) {
      t->member_ids = unique_sorted(*in.member_ids);
      TD_TRY(check_users_exist(tx.identity(), t->member_ids, "member_ids"));
    }
    TD_TRY(tx.identity().update_team(*t));
    return *tx.identity().find_team(id);
  });
  if (m_cache) m_cache->clear();  // memberships decide what agents see
  return updated;
}

}  // namespace techdesk::identity
