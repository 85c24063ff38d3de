// All SQL of dispatch (teams' settings, agents, tags, links, work log, rules, macros) on SQLite.
#include "dispatch/rules_json.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace dispatch;

namespace {

std::string placeholders(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i)
    out += i ? ",?" : "?";
  return out + ")";
}

constexpr const char* k_closed_states = "('resolved', 'closed', 'cancelled')";

TeamDispatch read_team_dispatch(Query& q) {
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
Link read_link(Query& q) {
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

WorklogEntry read_worklog(Query& q) {
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

// Columns: id, name, position, active, document, last_error, last_error_at, updated_at.
std::optional<Rule> read_rule(Query& q) {
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

Macro read_macro(Query& q) {
  Macro m;
  m.id = q.int64(0);
  m.name = q.text(1);
  m.team_id = q.opt_int64(2);
  m.body = q.text(3);
  m.updated_at = from_millis(q.int64(4));
  return m;
}

}  // namespace

std::optional<TeamDispatch> DispatchRepoSqlite::find_team_dispatch(Id team) {
  auto q = m_c.query(
      "SELECT team_id, strategy, capacity, escalation_team_id, calendar_id, updated_at FROM team_dispatch "
      "WHERE team_id = ?");
  q.bind(1, team);
  if (!q.step()) return std::nullopt;
  return read_team_dispatch(q);
}

void DispatchRepoSqlite::save_team_dispatch(const TeamDispatch& d) {
  m_c.query(
         "INSERT INTO team_dispatch (team_id, strategy, capacity, escalation_team_id, calendar_id, "
         "updated_at) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (team_id) DO UPDATE SET strategy = excluded.strategy, "
         "capacity = excluded.capacity, escalation_team_id = excluded.escalation_team_id, "
         "calendar_id = excluded.calendar_id, updated_at = excluded.updated_at")
      .bind(1, d.team_id)
      .bind(2, name(d.strategy))
      .bind(3, d.capacity)
      .bind(4, d.escalation_team_id)
      .bind(5, d.calendar_id)
      .bind(6, to_millis(d.updated_at))
      .run();
}

std::vector<TeamDispatch> DispatchRepoSqlite::auto_teams() {
  auto q = m_c.query(
      "SELECT team_id, strategy, capacity, escalation_team_id, calendar_id, updated_at FROM team_dispatch "
      "WHERE strategy <> 'manual' ORDER BY team_id");
  std::vector<TeamDispatch> out;
  while (q.step())
    out.push_back(read_team_dispatch(q));
  return out;
}

std::vector<Candidate> DispatchRepoSqlite::team_candidates(Id team) {
  auto q = m_c.query(
      "SELECT u.id, u.name, coalesce(p.on_duty, 1), coalesce(p.skills, '[]'), coalesce(l.open_tickets, 0), "
      "coalesce(l.weighted_load, 0), a.last_assigned_at FROM team_members m JOIN users u ON u.id = m.user_id "
      "LEFT JOIN agent_profiles p ON p.user_id = m.user_id LEFT JOIN agent_loads l ON l.user_id = m.user_id "
      "LEFT JOIN dispatch_assignments a ON a.team_id = m.team_id AND a.user_id = m.user_id "
      "WHERE m.team_id = ? AND u.active = 1 AND u.role NOT IN ('requester', 'org_manager')");
  q.bind(1, team);
  std::vector<Candidate> out;
  while (q.step()) {
    Candidate c;
    c.user_id = q.int64(0);
    c.name = q.text(1);
    c.on_duty = q.boolean(2);
    c.skills = skills_from_document(q.text(3));
    c.open_tickets = static_cast<int>(q.int64(4));
    c.weighted_load = static_cast<int>(q.int64(5));
    if (!q.is_null(6)) c.last_assigned = from_millis(q.int64(6));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<AgentProfile> DispatchRepoSqlite::agent_profiles(const std::vector<Id>& users) {
  std::vector<AgentProfile> out;
  if (users.empty()) return out;
  auto q = m_c.query_dynamic("SELECT user_id, on_duty, skills FROM agent_profiles WHERE user_id IN " +
                             placeholders(users.size()));
  for (std::size_t i = 0; i < users.size(); ++i)
    q.bind(static_cast<int>(i + 1), users[i]);
  while (q.step())
    out.push_back({q.int64(0), q.boolean(1), skills_from_document(q.text(2))});
  return out;
}

void DispatchRepoSqlite::set_on_duty(Id user, bool on_duty, Timestamp at) {
  m_c.query(
         "INSERT INTO agent_profiles (user_id, on_duty, skills, updated_at) VALUES (?, ?, '[]', ?) "
         "ON CONFLICT (user_id) DO UPDATE SET on_duty = excluded.on_duty, updated_at = excluded.updated_at")
      .bind(1, user)
      .bind(2, on_duty ? 1 : 0)
      .bind(3, to_millis(at))
      .run();
}

void DispatchRepoSqlite::set_skills(Id user, const std::vector<Skill>& skills, Timestamp at) {
  m_c.query(
         "INSERT INTO agent_profiles (user_id, on_duty, skills, updated_at) VALUES (?, 1, ?, ?) "
         "ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, updated_at = excluded.updated_at")
      .bind(1, user)
      .bind(2, skills_document(skills))
      .bind(3, to_millis(at))
      .run();
}

std::vector<MemberLoad> DispatchRepoSqlite::member_loads(const std::vector<Id>& users) {
  std::vector<MemberLoad> out;
  if (users.empty()) return out;
  // agent_loads is kept by triggers on tickets (migration 0006).
  auto q = m_c.query_dynamic(
      "SELECT user_id, open_tickets, weighted_load FROM agent_loads WHERE open_tickets > 0 AND user_id IN " +
      placeholders(users.size()));
  for (std::size_t i = 0; i < users.size(); ++i)
    q.bind(static_cast<int>(i + 1), users[i]);
  while (q.step())
    out.push_back({q.int64(0), static_cast<int>(q.int64(1)), static_cast<int>(q.int64(2))});
  return out;
}

void DispatchRepoSqlite::touch_assigned(Id team, Id user, Timestamp at) {
  m_c.query(
         "INSERT INTO dispatch_assignments (team_id, user_id, last_assigned_at) VALUES (?, ?, ?) "
         "ON CONFLICT (team_id, user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at")
      .bind(1, team)
      .bind(2, user)
      .bind(3, to_millis(at))
      .run();
}

std::vector<Id> DispatchRepoSqlite::queued_tickets(Id team, int limit) {
  auto q = m_c.query(
      "SELECT id FROM tickets WHERE team_id = ? AND assignee_id IS NULL AND "
      "state NOT IN ('resolved', 'closed', 'cancelled') ORDER BY created_at, id LIMIT ?");
  q.bind(1, team).bind(2, limit);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

std::vector<Skill> DispatchRepoSqlite::category_skills(Id category) {
  auto q = m_c.query("SELECT skills FROM category_skills WHERE category_id = ?");
  q.bind(1, category);
  if (!q.step()) return {};
  return skills_from_document(q.text(0));
}

void DispatchRepoSqlite::set_category_skills(Id category, const std::vector<Skill>& skills) {
  if (skills.empty()) {
    m_c.query("DELETE FROM category_skills WHERE category_id = ?").bind(1, category).run();
    return;
  }
  m_c.query(
         "INSERT INTO category_skills (category_id, skills) VALUES (?, ?) "
         "ON CONFLICT (category_id) DO UPDATE SET skills = excluded.skills")
      .bind(1, category)
      .bind(2, skills_document(skills))
      .run();
}

std::vector<std::string> DispatchRepoSqlite::tags(Id ticket) {
  auto q = m_c.query("SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag");
  q.bind(1, ticket);
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.text(0));
  return out;
}

bool DispatchRepoSqlite::add_tag(Id ticket, const std::string& tag) {
  m_c.query("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING")
      .bind(1, ticket)
      .bind(2, tag)
      .run();
  return m_c.changes() > 0;
}

bool DispatchRepoSqlite::remove_tag(Id ticket, const std::string& tag) {
  m_c.query("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?").bind(1, ticket).bind(2, tag).run();
  return m_c.changes() > 0;
}

bool DispatchRepoSqlite::add_contact(Id ticket, Id user, Timestamp at) {
  m_c.query(
         "INSERT INTO ticket_contacts (ticket_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
      .bind(1, ticket)
      .bind(2, user)
      .bind(3, to_millis(at))
      .run();
  return m_c.changes() > 0;
}

std::optional<Id> DispatchRepoSqlite::insert_link(const Link& l) {
  auto q = m_c.query(
      "INSERT INTO ticket_links (ticket_id, other_id, kind, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  q.bind(1, l.ticket_id)
      .bind(2, l.other_id)
      .bind(3, name(l.kind))
      .bind(4, to_millis(l.created_at))
      .bind(5, l.created_by);
  q.run();
  if (m_c.changes() == 0) return std::nullopt;
  return m_c.last_insert_rowid();
}

std::vector<Link> DispatchRepoSqlite::links_of(Id ticket) {
  auto q = m_c.query(
      "SELECT l.id, l.ticket_id, l.other_id, l.kind, l.created_at, l.created_by, o.number FROM ticket_links "
      "l "
      "JOIN tickets o ON o.id = l.other_id WHERE l.ticket_id = ? "
      "UNION ALL "
      "SELECT l.id, l.ticket_id, l.other_id, l.kind, l.created_at, l.created_by, o.number FROM ticket_links "
      "l "
      "JOIN tickets o ON o.id = l.other_id WHERE l.other_id = ? ORDER BY 1");
  q.bind(1, ticket).bind(2, ticket);
  std::vector<Link> out;
  while (q.step())
    out.push_back(read_link(q));
  return out;
}

std::optional<Link> DispatchRepoSqlite::find_link(Id id) {
  auto q = m_c.query(
      "SELECT l.id, l.ticket_id, l.other_id, l.kind, l.created_at, l.created_by, o.number FROM ticket_links "
      "l "
      "JOIN tickets o ON o.id = l.other_id WHERE l.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_link(q);
}

void DispatchRepoSqlite::delete_link(Id id) {
  m_c.query("DELETE FROM ticket_links WHERE id = ?").bind(1, id).run();
}

int DispatchRepoSqlite::move_articles(Id from, Id to, const std::vector<Id>& only) {
  if (only.empty()) {
    m_c.query("UPDATE articles SET ticket_id = ? WHERE ticket_id = ?").bind(1, to).bind(2, from).run();
    return m_c.changes();
  }
  auto q = m_c.query_dynamic("UPDATE articles SET ticket_id = ? WHERE ticket_id = ? AND id IN " +
                             placeholders(only.size()));
  q.bind(1, to).bind(2, from);
  for (std::size_t i = 0; i < only.size(); ++i)
    q.bind(static_cast<int>(i + 3), only[i]);
  q.run();
  return m_c.changes();
}

Id DispatchRepoSqlite::insert_worklog(const WorklogEntry& e) {
  m_c.query(
         "INSERT INTO worklog (ticket_id, user_id, activity, minutes, note, work_date, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, e.ticket_id)
      .bind(2, e.user_id)
      .bind(3, name(e.activity))
      .bind(4, e.minutes)
      .bind(5, e.note)
      .bind(6, e.work_date)
      .bind(7, to_millis(e.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<WorklogEntry> DispatchRepoSqlite::worklog_of(Id ticket) {
  static const std::string k_sql = std::string(k_worklog_select) + "WHERE w.ticket_id = ? ORDER BY w.id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  std::vector<WorklogEntry> out;
  while (q.step())
    out.push_back(read_worklog(q));
  return out;
}

std::optional<WorklogEntry> DispatchRepoSqlite::find_worklog(Id id) {
  static const std::string k_sql = std::string(k_worklog_select) + "WHERE w.id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_worklog(q);
}

void DispatchRepoSqlite::delete_worklog(Id id) {
  m_c.query("DELETE FROM worklog WHERE id = ?").bind(1, id).run();
}

std::vector<WorklogEntry> DispatchRepoSqlite::worklog_between(std::optional<Id> user,
                                                              const std::string& from_day,
                                                              const std::string& to_day, int limit) {
  static const std::string k_one = std::string(k_worklog_select) +
                                   "WHERE w.user_id = ? AND w.work_date BETWEEN ? AND ? "
                                   "ORDER BY w.work_date DESC, w.id DESC LIMIT ?";
  static const std::string k_all =
      std::string(k_worklog_select) +
      "WHERE w.work_date BETWEEN ? AND ? ORDER BY w.work_date DESC, w.id DESC LIMIT ?";
  auto q = m_c.query(user ? k_one.c_str() : k_all.c_str());
  int i = 1;
  if (user) q.bind(i++, *user);
  q.bind(i, from_day);
  q.bind(i + 1, to_day);
  q.bind(i + 2, limit);
  std::vector<WorklogEntry> out;
  while (q.step())
    out.push_back(read_worklog(q));
  return out;
}

std::vector<Rule> DispatchRepoSqlite::list_rules() {
  auto q = m_c.query(
      "SELECT id, name, position, active, document, last_error, last_error_at, updated_at FROM rules "
      "ORDER BY position, id");
  std::vector<Rule> out;
  while (q.step())
    if (auto r = read_rule(q)) out.push_back(std::move(*r));
  return out;
}

std::optional<Rule> DispatchRepoSqlite::find_rule(Id id) {
  auto q = m_c.query(
      "SELECT id, name, position, active, document, last_error, last_error_at, updated_at FROM rules WHERE "
      "id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_rule(q);
}

Result<Id> DispatchRepoSqlite::insert_rule(const Rule& r) {
  auto q = m_c.query(
      "INSERT INTO rules (name, position, active, trigger_kind, document, last_error, last_error_at, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, '', NULL, ?)");
  q.bind(1, r.name)
      .bind(2, r.position)
      .bind(3, r.active ? 1 : 0)
      .bind(4, name(r.trigger))
      .bind(5, rule_document(r))
      .bind(6, to_millis(r.updated_at));
  if (!q.step_constraint()) return Error::conflict("a rule named " + r.name + " exists", "name");
  return m_c.last_insert_rowid();
}

Result<void> DispatchRepoSqlite::update_rule(const Rule& r) {
  auto q = m_c.query(
      "UPDATE rules SET name = ?, position = ?, active = ?, trigger_kind = ?, document = ?, last_error = '', "
      "last_error_at = NULL, updated_at = ? WHERE id = ?");
  q.bind(1, r.name)
      .bind(2, r.position)
      .bind(3, r.active ? 1 : 0)
      .bind(4, name(r.trigger))
      .bind(5, rule_document(r))
      .bind(6, to_millis(r.updated_at))
      .bind(7, r.id);
  if (!q.step_constraint()) return Error::conflict("a rule named " + r.name + " exists", "name");
  return ok();
}

void DispatchRepoSqlite::delete_rule(Id id) {
  m_c.query("DELETE FROM rule_runs WHERE rule_id = ?").bind(1, id).run();
  m_c.query("DELETE FROM rules WHERE id = ?").bind(1, id).run();
}

void DispatchRepoSqlite::record_rule_error(Id rule, const std::string& error, std::optional<Timestamp> at) {
  m_c.query("UPDATE rules SET last_error = ?, last_error_at = ? WHERE id = ?")
      .bind(1, error)
      .bind(2, opt_millis(at))
      .bind(3, rule)
      .run();
}

void DispatchRepoSqlite::set_state_since(Id ticket, ticket::State state, Timestamp since) {
  m_c.query(
         "INSERT INTO ticket_state_since (ticket_id, state, since) VALUES (?, ?, ?) "
         "ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, since = excluded.since")
      .bind(1, ticket)
      .bind(2, ticket::name(state))
      .bind(3, to_millis(since))
      .run();
}

void DispatchRepoSqlite::forget_state_since(Id ticket) {
  m_c.query("DELETE FROM ticket_state_since WHERE ticket_id = ?").bind(1, ticket).run();
  m_c.query("DELETE FROM rule_runs WHERE ticket_id = ?").bind(1, ticket).run();
}

std::vector<std::pair<Id, Timestamp>> DispatchRepoSqlite::unclaimed_in_state(
    Id rule, const std::vector<ticket::State>& states, Timestamp before, int limit) {
  std::vector<std::pair<Id, Timestamp>> out;
  if (states.empty()) return out;
  auto q = m_c.query_dynamic(
      "SELECT s.ticket_id, s.since FROM ticket_state_since s WHERE s.state IN " +
      placeholders(states.size()) +
      " AND s.since <= ? AND NOT EXISTS (SELECT 1 FROM rule_runs r WHERE r.rule_id = ? AND "
      "r.ticket_id = s.ticket_id AND r.since = s.since) ORDER BY s.since, s.ticket_id LIMIT ?");
  int i = 1;
  for (auto s : states)
    q.bind(i++, ticket::name(s));
  q.bind(i, to_millis(before));
  q.bind(i + 1, rule);
  q.bind(i + 2, limit);
  while (q.step())
    out.emplace_back(q.int64(0), from_millis(q.int64(1)));
  return out;
}

bool DispatchRepoSqlite::claim_rule_run(Id rule, Id ticket, Timestamp since, Timestamp at) {
  m_c.query(
         "INSERT INTO rule_runs (rule_id, ticket_id, since, ran_at) VALUES (?, ?, ?, ?) ON CONFLICT DO "
         "NOTHING")
      .bind(1, rule)
      .bind(2, ticket)
      .bind(3, to_millis(since))
      .bind(4, to_millis(at))
      .run();
  return m_c.changes() > 0;
}

std::vector<Macro> DispatchRepoSqlite::list_macros() {
  auto q =
      m_c.query("SELECT id, name, team_id, body, updated_at FROM macros ORDER BY coalesce(team_id, 0), name");
  std::vector<Macro> out;
  while (q.step())
    out.push_back(read_macro(q));
  return out;
}

std::optional<Macro> DispatchRepoSqlite::find_macro(Id id) {
  auto q = m_c.query("SELECT id, name, team_id, body, updated_at FROM macros WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_macro(q);
}

Result<Id> DispatchRepoSqlite::insert_macro(const Macro& m) {
  auto q = m_c.query("INSERT INTO macros (name, team_id, body, updated_at) VALUES (?, ?, ?, ?)");
  q.bind(1, m.name).bind(2, m.team_id).bind(3, m.body).bind(4, to_millis(m.updated_at));
  if (!q.step_constraint())
    return Error::conflict("a macro named " + m.name + " exists for that team", "name");
  return m_c.last_insert_rowid();
}

Result<void> DispatchRepoSqlite::update_macro(const Macro& m) {
  auto q = m_c.query("UPDATE macros SET name = ?, team_id = ?, body = ?, updated_at = ? WHERE id = ?");
  q.bind(1, m.name).bind(2, m.team_id).bind(3, m.body).bind(4, to_millis(m.updated_at)).bind(5, m.id);
  if (!q.step_constraint())
    return Error::conflict("a macro named " + m.name + " exists for that team", "name");
  return ok();
}

void DispatchRepoSqlite::delete_macro(Id id) {
  m_c.query("DELETE FROM macros WHERE id = ?").bind(1, id).run();
}

}  // namespace techdesk::storage::sqlite
