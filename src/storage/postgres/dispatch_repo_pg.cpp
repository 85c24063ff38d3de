// All SQL of dispatch (teams' settings, agents, tags, links, work log, rules, macros) on PostgreSQL.
// Inserts that may meet an existing row say so through ON CONFLICT DO NOTHING and the rows they
// affected, so a pass on another node that got there first is told apart without an error. Texts are
// ordered byte-wise (COLLATE "C"), as SQLite orders them, whatever the database's collation.
#include "dispatch/rules_json.h"
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"

namespace techdesk::storage::postgres {

using namespace dispatch;

namespace {

// "($first, $first+1, …)" for an IN list of n values; the statement is then run with run_dynamic().
// REQUIRES: n > 0.
std::string placeholders(int first, std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i)
    out += (i ? ", $" : "$") + std::to_string(first + static_cast<int>(i));
  return out + ")";
}

constexpr const char* k_closed_states = "('resolved', 'closed', 'cancelled')";

constexpr const char* k_team_dispatch_select =
    "SELECT team_id, strategy, capacity, escalation_team_id, calendar_id, updated_at FROM team_dispatch ";

TeamDispatch read_team_dispatch(PgRow& q) {
  TeamDispatch d;
  d.team_id = q.int64(0);
  d.strategy = parse_strategy(q.text(1)).value_or(Strategy::manual);
  d.capacity = static_cast<int>(q.int64(2));
  d.escalation_team_id = q.opt_int64(3);
  d.calendar_id = q.opt_int64(4);
  d.updated_at = from_millis(q.int64(5));
  return d;
}

// Columns: id, ticket_id, other_id, kind, created_at, created_by, other's number.
constexpr const char* k_link_select =
    "SELECT l.id, l.ticket_id, l.other_id, l.kind, l.created_at, l.created_by, o.number FROM ticket_links l "
    "JOIN tickets o ON o.id = l.other_id ";

Link read_link(PgRow& q) {
  Link l;
  l.id = q.int64(0);
  l.ticket_id = q.int64(1);
  l.other_id = q.int64(2);
  l.kind = parse_link_kind(q.text(3)).value_or(LinkKind::related);
  l.created_at = from_millis(q.int64(4));
  l.created_by = q.opt_int64(5);
  l.other_number = q.text(6);
  return l;
}

constexpr const char* k_worklog_select =
    "SELECT w.id, w.ticket_id, w.user_id, u.name, t.number, w.activity, w.minutes, w.note, w.work_date, "
    "w.created_at FROM worklog w JOIN users u ON u.id = w.user_id JOIN tickets t ON t.id = w.ticket_id ";

WorklogEntry read_worklog(PgRow& q) {
  WorklogEntry e;
  e.id = q.int64(0);
  e.ticket_id = q.int64(1);
  e.user_id = q.int64(2);
  e.user_name = q.text(3);
  e.ticket_number = q.text(4);
  e.activity = parse_activity(q.text(5)).value_or(Activity::other);
  e.minutes = static_cast<int>(q.int64(6));
  e.note = q.text(7);
  e.work_date = q.text(8);
  e.created_at = from_millis(q.int64(9));
  return e;
}

constexpr const char* k_rule_select =
    "SELECT id, name, position, active, document, last_error, last_error_at, updated_at FROM rules ";

// Columns as k_rule_select.
std::optional<Rule> read_rule(PgRow& q) {
  auto r = rule_from_document(q.text(4));
  if (!r) return std::nullopt;  // written by a newer version: left alone
  r->id = q.int64(0);
  r->name = q.text(1);
  r->position = static_cast<int>(q.int64(2));
  r->active = q.boolean(3);
  r->last_error = q.text(5);
  r->last_error_at = as_time(q.opt_int64(6));
  r->updated_at = from_millis(q.int64(7));
  return std::move(*r);
}

constexpr const char* k_macro_select = "SELECT id, name, team_id, body, updated_at FROM macros ";

Macro read_macro(PgRow& q) {
  Macro m;
  m.id = q.int64(0);
  m.name = q.text(1);
  m.team_id = q.opt_int64(2);
  m.body = q.text(3);
  m.updated_at = from_millis(q.int64(4));
  return m;
}

}  // namespace

// ---- teams ----

std::optional<TeamDispatch> DispatchRepoPg::find_team_dispatch(Id team) {
  static const std::string k_sql = std::string(k_team_dispatch_select) + "WHERE team_id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(team));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_team_dispatch(row);
}

void DispatchRepoPg::save_team_dispatch(const TeamDispatch& d) {
  m_c.run(
      "INSERT INTO team_dispatch (team_id, strategy, capacity, escalation_team_id, calendar_id, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (team_id) DO UPDATE SET strategy = excluded.strategy, "
      "capacity = excluded.capacity, escalation_team_id = excluded.escalation_team_id, "
      "calendar_id = excluded.calendar_id, updated_at = excluded.updated_at",
      PgParams()
          .add(d.team_id)
          .add(name(d.strategy))
          .add(d.capacity)
          .add(d.escalation_team_id)
          .add(d.calendar_id)
          .add(to_millis(d.updated_at)));
}

std::vector<TeamDispatch> DispatchRepoPg::auto_teams() {
  static const std::string k_sql =
      std::string(k_team_dispatch_select) + "WHERE strategy <> 'manual' ORDER BY team_id";
  return all_rows<TeamDispatch>(m_c.run(k_sql.c_str()), [](PgRow& r) { return read_team_dispatch(r); });
}

// ---- agents ----

std::vector<Candidate> DispatchRepoPg::team_candidates(Id team) {
  auto r = m_c.run(
      "SELECT u.id, u.name, coalesce(p.on_duty, true), coalesce(p.skills, '[]'), coalesce(l.open_tickets, "
      "0), "
      "coalesce(l.weighted_load, 0), a.last_assigned_at FROM team_members m JOIN users u ON u.id = m.user_id "
      "LEFT JOIN agent_profiles p ON p.user_id = m.user_id LEFT JOIN agent_loads l ON l.user_id = m.user_id "
      "LEFT JOIN dispatch_assignments a ON a.team_id = m.team_id AND a.user_id = m.user_id "
      "WHERE m.team_id = $1 AND u.active AND u.role NOT IN ('requester', 'org_manager') ORDER BY u.id",
      PgParams().add(team));
  return all_rows<Candidate>(r, [](PgRow& q) {
    Candidate c;
    c.user_id = q.int64(0);
    c.name = std::string(q.text(1));
    c.on_duty = q.boolean(2);
    c.skills = skills_from_document(q.text(3));
    c.open_tickets = static_cast<int>(q.int64(4));
    c.weighted_load = static_cast<int>(q.int64(5));
    if (!q.is_null(6)) c.last_assigned = from_millis(q.int64(6));
    return c;
  });
}

std::vector<AgentProfile> DispatchRepoPg::agent_profiles(const std::vector<Id>& users) {
  if (users.empty()) return {};
  PgParams params;
  for (Id u : users)
    params.add(u);
  auto r = m_c.run_dynamic(
      "SELECT user_id, on_duty, skills FROM agent_profiles WHERE user_id IN " + placeholders(1, users.size()),
      params);
  return all_rows<AgentProfile>(r, [](PgRow& q) {
    return AgentProfile{q.int64(0), q.boolean(1), skills_from_document(q.text(2))};
  });
}

void DispatchRepoPg::set_on_duty(Id user, bool on_duty, Timestamp at) {
  m_c.run(
      "INSERT INTO agent_profiles (user_id, on_duty, skills, updated_at) VALUES ($1, $2, '[]', $3) "
      "ON CONFLICT (user_id) DO UPDATE SET on_duty = excluded.on_duty, updated_at = excluded.updated_at",
      PgParams().add(user).add(on_duty).add(to_millis(at)));
}

void DispatchRepoPg::set_skills(Id user, const std::vector<Skill>& skills, Timestamp at) {
  m_c.run(
      "INSERT INTO agent_profiles (user_id, on_duty, skills, updated_at) VALUES ($1, true, $2, $3) "
      "ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, updated_at = excluded.updated_at",
      PgParams().add(user).add(skills_document(skills)).add(to_millis(at)));
}

std::vector<MemberLoad> DispatchRepoPg::member_loads(const std::vector<Id>& users) {
  if (users.empty()) return {};
  PgParams params;
  for (Id u : users)
    params.add(u);
  // agent_loads is kept by a trigger on tickets (migration 0006).
  auto r = m_c.run_dynamic(
      "SELECT user_id, open_tickets, weighted_load FROM agent_loads WHERE open_tickets > 0 AND user_id IN " +
          placeholders(1, users.size()),
      params);
  return all_rows<MemberLoad>(r, [](PgRow& q) {
    return MemberLoad{q.int64(0), static_cast<int>(q.int64(1)), static_cast<int>(q.int64(2))};
  });
}

void DispatchRepoPg::touch_assigned(Id team, Id user, Timestamp at) {
  m_c.run(
      "INSERT INTO dispatch_assignments (team_id, user_id, last_assigned_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (team_id, user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at",
      PgParams().add(team).add(user).add(to_millis(at)));
}

std::vector<Id> DispatchRepoPg::queued_tickets(Id team, int limit) {
  static const std::string k_sql =
      std::string("SELECT id FROM tickets WHERE team_id = $1 AND assignee_id IS NULL AND state NOT IN ") +
      k_closed_states + " ORDER BY created_at, id LIMIT $2";
  return all_rows<Id>(m_c.run(k_sql.c_str(), PgParams().add(team).add(limit)),
                      [](PgRow& r) { return r.int64(0); });
}

// ---- categories, tags, contacts ----

std::vector<Skill> DispatchRepoPg::category_skills(Id category) {
  auto r = m_c.run("SELECT skills FROM category_skills WHERE category_id = $1", PgParams().add(category));
  if (r.rows() == 0) return {};
  return skills_from_document(PgRow(r, 0).text(0));
}

void DispatchRepoPg::set_category_skills(Id category, const std::vector<Skill>& skills) {
  if (skills.empty()) {
    m_c.run("DELETE FROM category_skills WHERE category_id = $1", PgParams().add(category));
    return;
  }
  m_c.run(
      "INSERT INTO category_skills (category_id, skills) VALUES ($1, $2) "
      "ON CONFLICT (category_id) DO UPDATE SET skills = excluded.skills",
      PgParams().add(category).add(skills_document(skills)));
}

std::vector<std::string> DispatchRepoPg::tags(Id ticket) {
  return all_rows<std::string>(
      m_c.run("SELECT tag FROM ticket_tags WHERE ticket_id = $1 ORDER BY tag COLLATE \"C\"",
              PgParams().add(ticket)),
      [](PgRow& r) { return r.text(0); });
}

bool DispatchRepoPg::add_tag(Id ticket, const std::string& tag) {
  auto r = m_c.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   PgParams().add(ticket).add(tag));
  return r.affected() > 0;
}

bool DispatchRepoPg::remove_tag(Id ticket, const std::string& tag) {
  auto r =
      m_c.run("DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag = $2", PgParams().add(ticket).add(tag));
  return r.affected() > 0;
}

bool DispatchRepoPg::add_contact(Id ticket, Id user, Timestamp at) {
  auto r = m_c.run(
      "INSERT INTO ticket_contacts (ticket_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      PgParams().add(ticket).add(user).add(to_millis(at)));
  return r.affected() > 0;
}

// ---- links and articles ----

std::optional<Id> DispatchRepoPg::insert_link(const Link& l) {
  auto r = m_c.run(
      "INSERT INTO ticket_links (ticket_id, other_id, kind, created_at, created_by) VALUES ($1, $2, $3, $4, "
      "$5) "
      "ON CONFLICT DO NOTHING RETURNING id",
      PgParams()
          .add(l.ticket_id)
          .add(l.other_id)
          .add(name(l.kind))
          .add(to_millis(l.created_at))
          .add(l.created_by));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

std::vector<Link> DispatchRepoPg::links_of(Id ticket) {
  static const std::string k_sql = std::string(k_link_select) + "WHERE l.ticket_id = $1 UNION ALL " +
                                   k_link_select + "WHERE l.other_id = $1 ORDER BY 1";
  return all_rows<Link>(m_c.run(k_sql.c_str(), PgParams().add(ticket)),
                        [](PgRow& r) { return read_link(r); });
}

std::optional<Link> DispatchRepoPg::find_link(Id id) {
  static const std::string k_sql = std::string(k_link_select) + "WHERE l.id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_link(row);
}

void DispatchRepoPg::delete_link(Id id) {
  m_c.run("DELETE FROM ticket_links WHERE id = $1", PgParams().add(id));
}

int DispatchRepoPg::move_articles(Id from, Id to, const std::vector<Id>& only) {
  if (only.empty())
    return m_c.run("UPDATE articles SET ticket_id = $1 WHERE ticket_id = $2", PgParams().add(to).add(from))
        .affected();
  PgParams params;
  params.add(to).add(from);
  for (Id a : only)
    params.add(a);
  return m_c
      .run_dynamic(
          "UPDATE articles SET ticket_id = $1 WHERE ticket_id = $2 AND id IN " + placeholders(3, only.size()),
          params)
      .affected();
}

// ---- work log ----

Id DispatchRepoPg::insert_worklog(const WorklogEntry& e) {
  auto r = m_c.run(
      "INSERT INTO worklog (ticket_id, user_id, activity, minutes, note, work_date, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      PgParams()
          .add(e.ticket_id)
          .add(e.user_id)
          .add(name(e.activity))
          .add(e.minutes)
          .add(e.note)
          .add(e.work_date)
          .add(to_millis(e.created_at)));
  return PgRow(r, 0).int64(0);
}

std::vector<WorklogEntry> DispatchRepoPg::worklog_of(Id ticket) {
  static const std::string k_sql = std::string(k_worklog_select) + "WHERE w.ticket_id = $1 ORDER BY w.id";
  return all_rows<WorklogEntry>(m_c.run(k_sql.c_str(), PgParams().add(ticket)),
                                [](PgRow& r) { return read_worklog(r); });
}

std::optional<WorklogEntry> DispatchRepoPg::find_worklog(Id id) {
  static const std::string k_sql = std::string(k_worklog_select) + "WHERE w.id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_worklog(row);
}

void DispatchRepoPg::delete_worklog(Id id) {
  m_c.run("DELETE FROM worklog WHERE id = $1", PgParams().add(id));
}

// work_date is always YYYY-MM-DD, which every collation orders as its bytes, so the index on it serves.
std::vector<WorklogEntry> DispatchRepoPg::worklog_between(std::optional<Id> user, const std::string& from_day,
                                                          const std::string& to_day, int limit) {
  static const std::string k_one = std::string(k_worklog_select) +
                                   "WHERE w.user_id = $1 AND w.work_date BETWEEN $2 AND $3 "
                                   "ORDER BY w.work_date DESC, w.id DESC LIMIT $4";
  static const std::string k_all =
      std::string(k_worklog_select) +
      "WHERE w.work_date BETWEEN $1 AND $2 ORDER BY w.work_date DESC, w.id DESC LIMIT $3";
  PgParams params;
  if (user) params.add(*user);
  params.add(from_day).add(to_day).add(limit);
  return all_rows<WorklogEntry>(m_c.run(user ? k_one.c_str() : k_all.c_str(), params),
                                [](PgRow& r) { return read_worklog(r); });
}

// ---- rules ----

std::vector<Rule> DispatchRepoPg::list_rules() {
  static const std::string k_sql = std::string(k_rule_select) + "ORDER BY position, id";
  auto r = m_c.run(k_sql.c_str());
  std::vector<Rule> out;
  for (int i = 0; i < r.rows(); ++i) {
    PgRow row(r, i);
    if (auto rule = read_rule(row)) out.push_back(std::move(*rule));
  }
  return out;
}

std::optional<Rule> DispatchRepoPg::find_rule(Id id) {
  static const std::string k_sql = std::string(k_rule_select) + "WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_rule(row);
}

Result<Id> DispatchRepoPg::insert_rule(const Rule& r) {
  auto res = m_c.run_constraint(
      "INSERT INTO rules (name, position, active, trigger_kind, document, last_error, last_error_at, "
      "updated_at) "
      "VALUES ($1, $2, $3, $4, $5, '', NULL, $6) RETURNING id",
      PgParams()
          .add(r.name)
          .add(r.position)
          .add(r.active)
          .add(name(r.trigger))
          .add(rule_document(r))
          .add(to_millis(r.updated_at)));
  if (!res) return Error::conflict("a rule named " + r.name + " exists", "name");
  return PgRow(*res, 0).int64(0);
}

Result<void> DispatchRepoPg::update_rule(const Rule& r) {
  auto res = m_c.run_constraint(
      "UPDATE rules SET name = $1, position = $2, active = $3, trigger_kind = $4, document = $5, last_error "
      "= '', "
      "last_error_at = NULL, updated_at = $6 WHERE id = $7",
      PgParams()
          .add(r.name)
          .add(r.position)
          .add(r.active)
          .add(name(r.trigger))
          .add(rule_document(r))
          .add(to_millis(r.updated_at))
          .add(r.id));
  if (!res) return Error::conflict("a rule named " + r.name + " exists", "name");
  return ok();
}

void DispatchRepoPg::delete_rule(Id id) {
  m_c.run("DELETE FROM rule_runs WHERE rule_id = $1", PgParams().add(id));
  m_c.run("DELETE FROM rules WHERE id = $1", PgParams().add(id));
}

void DispatchRepoPg::record_rule_error(Id rule, const std::string& error, std::optional<Timestamp> at) {
  m_c.run("UPDATE rules SET last_error = $1, last_error_at = $2 WHERE id = $3",
          PgParams().add(error).add(opt_millis(at)).add(rule));
}

// ---- time rules ----

void DispatchRepoPg::set_state_since(Id ticket, ticket::State state, Timestamp since) {
  m_c.run(
      "INSERT INTO ticket_state_since (ticket_id, state, since) VALUES ($1, $2, $3) "
      "ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, since = excluded.since",
      PgParams().add(ticket).add(ticket::name(state)).add(to_millis(since)));
}

void DispatchRepoPg::forget_state_since(Id ticket) {
  m_c.run("DELETE FROM ticket_state_since WHERE ticket_id = $1", PgParams().add(ticket));
  m_c.run("DELETE FROM rule_runs WHERE ticket_id = $1", PgParams().add(ticket));
}

std::vector<std::pair<Id, Timestamp>> DispatchRepoPg::unclaimed_in_state(
    Id rule, const std::vector<ticket::State>& states, Timestamp before, int limit) {
  if (states.empty()) return {};
  PgParams params;
  params.add(rule).add(to_millis(before)).add(limit);
  for (auto s : states)
    params.add(ticket::name(s));
  auto r = m_c.run_dynamic(
      "SELECT s.ticket_id, s.since FROM ticket_state_since s WHERE s.state IN " +
          placeholders(4, states.size()) +
          " AND s.since <= $2 AND NOT EXISTS (SELECT 1 FROM rule_runs r WHERE r.rule_id = $1 AND "
          "r.ticket_id = s.ticket_id AND r.since = s.since) ORDER BY s.since, s.ticket_id LIMIT $3",
      params);
  return all_rows<std::pair<Id, Timestamp>>(
      r, [](PgRow& q) { return std::pair<Id, Timestamp>(q.int64(0), from_millis(q.int64(1))); });
}

bool DispatchRepoPg::claim_rule_run(Id rule, Id ticket, Timestamp since, Timestamp at) {
  auto r = m_c.run(
      "INSERT INTO rule_runs (rule_id, ticket_id, since, ran_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO "
      "NOTHING",
      PgParams().add(rule).add(ticket).add(to_millis(since)).add(to_millis(at)));
  return r.affected() > 0;
}

// ---- macros ----

std::vector<Macro> DispatchRepoPg::list_macros() {
  static const std::string k_sql =
      std::string(k_macro_select) + "ORDER BY coalesce(team_id, 0), name COLLATE \"C\"";
  return all_rows<Macro>(m_c.run(k_sql.c_str()), [](PgRow& r) { return read_macro(r); });
}

std::optional<Macro> DispatchRepoPg::find_macro(Id id) {
  static const std::string k_sql = std::string(k_macro_select) + "WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_macro(row);
}

Result<Id> DispatchRepoPg::insert_macro(const Macro& m) {
  auto r = m_c.run_constraint(
      "INSERT INTO macros (name, team_id, body, updated_at) VALUES ($1, $2, $3, $4) RETURNING id",
      PgParams().add(m.name).add(m.team_id).add(m.body).add(to_millis(m.updated_at)));
  if (!r) return Error::conflict("a macro named " + m.name + " exists for that team", "name");
  return PgRow(*r, 0).int64(0);
}

Result<void> DispatchRepoPg::update_macro(const Macro& m) {
  auto r = m_c.run_constraint(
      "UPDATE macros SET name = $1, team_id = $2, body = $3, updated_at = $4 WHERE id = $5",
      PgParams().add(m.name).add(m.team_id).add(m.body).add(to_millis(m.updated_at)).add(m.id));
  if (!r) return Error::conflict("a macro named " + m.name + " exists for that team", "name");
  return ok();
}

void DispatchRepoPg::delete_macro(Id id) {
  m_c.run("DELETE FROM macros WHERE id = $1", PgParams().add(id));
}

}  // namespace techdesk::storage::postgres
