#include "sla/sla_service.h"

#include <boost/json.hpp>

#include "identity/policy.h"
#include "identity/role.h"

namespace techdesk::sla {

namespace {

bool may_read(const identity::Principal& p) {
  return identity::is_agent(p.role);
}

Error admin_only() {
  return Error::forbidden("only an administrator may change SLA calendars and policies");
}

}  // namespace

void SlaService::announce(SlaTx& tx) {
  tx.changes().publish({k_config_topic, "{}"});
}

Result<std::vector<Calendar>> SlaService::calendars(const identity::Principal& actor) {
  if (!may_read(actor)) return Error::forbidden("only support staff may see calendars");
  return m_store.read([&](SlaTx& tx) -> Result<std::vector<Calendar>> { return tx.sla().list_calendars(); });
}

Result<Calendar> SlaService::calendar(const identity::Principal& actor, Id id) {
  if (!may_read(actor)) return Error::forbidden("only support staff may see calendars");
  return m_store.read([&](SlaTx& tx) -> Result<Calendar> {
    auto c = tx.sla().find_calendar(id);
    if (!c) return Error::not_found("calendar");
    return *c;
  });
}

Result<Calendar> SlaService::create_calendar(const identity::Principal& actor, Calendar c) {
  if (!identity::can_administer(actor)) return admin_only();
  TD_TRY(validate(c));
  c.updated_at = m_clock.now();
  return m_store.write([&](SlaTx& tx) -> Result<Calendar> {
    c.id = TD_TRY(tx.sla().insert_calendar(c));
    announce(tx);
    return c;
  });
}

Result<Calendar> SlaService::replace_calendar(const identity::Principal& actor, Id id, Calendar c) {
  if (!identity::can_administer(actor)) return admin_only();
  TD_TRY(validate(c));
  c.id = id;
  c.updated_at = m_clock.now();
  auto r = m_store.write([&](SlaTx& tx) -> Result<Calendar> {
    if (!tx.sla().find_calendar(id)) return Error::not_found("calendar");
    TD_TRY(tx.sla().update_calendar(c));
    announce(tx);
    return c;
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<void> SlaService::delete_calendar(const identity::Principal& actor, Id id) {
  if (!identity::can_administer(actor)) return admin_only();
  auto r = m_store.write([&](SlaTx& tx) -> Result<void> {
    if (!tx.sla().find_calendar(id)) return Error::not_found("calendar");
    if (int n = tx.sla().policies_using_calendar(id); n > 0)
      return Error::conflict(std::to_string(n) +
                             " SLA policies use this calendar; give them another one first");
    tx.sla().delete_calendar(id);
    announce(tx);
    return ok();
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<std::string> SlaService::export_ical(const identity::Principal& actor, Id id) {
  Calendar c = TD_TRY(calendar(actor, id));
  return to_ical(c);
}

Result<Calendar> SlaService::import_ical(const identity::Principal& actor, Id id, std::string_view text,
                                         bool replace) {
  if (!identity::can_administer(actor)) return admin_only();
  ImportedDays days = TD_TRY(from_ical(text));
  auto r = m_store.write([&](SlaTx& tx) -> Result<Calendar> {
    auto c = tx.sla().find_calendar(id);
    if (!c) return Error::not_found("calendar");
    if (replace) {
      c->holidays = days.holidays;
      c->makeup_workdays = days.makeup_workdays;
    } else {
      auto merge = [](std::vector<DayNote>& into, const std::vector<DayNote>& from) {
        for (const auto& d : from) {
          auto it = std::find_if(into.begin(), into.end(), [&](const DayNote& x) { return x.day == d.day; });
          if (it == into.end())
            into.push_back(d);
          else
            it->name = d.name;
        }
        std::sort(into.begin(), into.end(), [](const DayNote& a, const DayNote& b) { return a.day < b.day; });
      };
      // A day the import calls a holiday is no longer a make-up day, and the other way round.
      auto drop = [](std::vector<DayNote>& from, const std::vector<DayNote>& days) {
        std::erase_if(from, [&](const DayNote& x) {
          return std::any_of(days.begin(), days.end(), [&](const DayNote& d) { return d.day == x.day; });
        });
      };
      drop(c->makeup_workdays, days.holidays);
      drop(c->holidays, days.makeup_workdays);
      merge(c->holidays, days.holidays);
      merge(c->makeup_workdays, days.makeup_workdays);
    }
    if (days.week) c->week = *days.week;
    TD_TRY(validate(*c));
    c->updated_at = m_clock.now();
    TD_TRY(tx.sla().update_calendar(*c));
    announce(tx);
    return *c;
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<void> SlaService::check_policy_refs(SlaTx& tx, const Policy& p) {
  if (!tx.sla().find_calendar(p.calendar_id))
    return Error::invalid("calendar_id", "no calendar with id " + std::to_string(p.calendar_id));
  for (std::size_t i = 0; i < p.organization_ids.size(); ++i)
    if (!tx.identity().find_org(p.organization_ids[i]))
      return Error::invalid("conditions.organization_ids[" + std::to_string(i) + "]",
                            "no organisation with id " + std::to_string(p.organization_ids[i]));
  for (std::size_t i = 0; i < p.category_ids.size(); ++i)
    if (!tx.tickets().find_category(p.category_ids[i]))
      return Error::invalid("conditions.category_ids[" + std::to_string(i) + "]",
                            "no category with id " + std::to_string(p.category_ids[i]));
  return ok();
}

Result<std::vector<Policy>> SlaService::policies(const identity::Principal& actor) {
  if (!may_read(actor)) return Error::forbidden("only support staff may see SLA policies");
  return m_store.read([&](SlaTx& tx) -> Result<std::vector<Policy>> { return tx.sla().list_policies(); });
}

Result<Policy> SlaService::policy(const identity::Principal& actor, Id id) {
  if (!may_read(actor)) return Error::forbidden("only support staff may see SLA policies");
  return m_store.read([&](SlaTx& tx) -> Result<Policy> {
    auto p = tx.sla().find_policy(id);
    if (!p) return Error::not_found("policy");
    return *p;
  });
}

Result<Policy> SlaService::create_policy(const identity::Principal& actor, Policy p) {
  if (!identity::can_administer(actor)) return admin_only();
  TD_TRY(validate(p));
  p.updated_at = m_clock.now();
  auto r = m_store.write([&](SlaTx& tx) -> Result<Policy> {
    TD_TRY(check_policy_refs(tx, p));
    p.id = TD_TRY(tx.sla().insert_policy(p));
    announce(tx);
    return p;
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<Policy> SlaService::replace_policy(const identity::Principal& actor, Id id, Policy p) {
  if (!identity::can_administer(actor)) return admin_only();
  TD_TRY(validate(p));
  p.id = id;
  p.updated_at = m_clock.now();
  auto r = m_store.write([&](SlaTx& tx) -> Result<Policy> {
    if (!tx.sla().find_policy(id)) return Error::not_found("policy");
    TD_TRY(check_policy_refs(tx, p));
    TD_TRY(tx.sla().update_policy(p));
    announce(tx);
    return p;
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<void> SlaService::delete_policy(const identity::Principal& actor, Id id) {
  if (!identity::can_administer(actor)) return admin_only();
  auto r = m_store.write([&](SlaTx& tx) -> Result<void> {
    if (!tx.sla().find_policy(id)) return Error::not_found("policy");
    if (int n = tx.sla().tickets_under_policy(id); n > 0)
      return Error::conflict(std::to_string(n) +
                             " tickets are held to this policy; switch it off (active: false) instead");
    tx.sla().delete_policy(id);
    announce(tx);
    return ok();
  });
  if (r) m_engine.invalidate();
  return r;
}

Result<jobs::Job> SlaService::request_recompute(const identity::Principal& actor, bool open_only) {
  if (!identity::can_administer(actor))
    return Error::forbidden("only an administrator may recompute SLA due times");
  const Timestamp now = m_clock.now();
  std::string payload = boost::json::serialize(boost::json::object{{"open_only", open_only}});
  return m_jobs.write([&](jobs::JobTx& tx) -> Result<jobs::Job> {
    auto id = tx.jobs().enqueue(k_recompute_job, payload, now, std::nullopt, now);
    return *tx.jobs().find_job(*id);
  });
}

Result<std::vector<ComplianceRow>> SlaService::compliance(const identity::Principal& actor,
                                                          const ComplianceQuery& q) {
  if (!may_read(actor)) return Error::forbidden("only support staff may see SLA reports");
  if (q.to <= q.from) return Error::invalid_query("to", "to must be after from");
  if (q.to - q.from > std::chrono::hours(24 * 366 * 5))
    return Error::invalid_query("to", "a report covers at most five years");
  const Timestamp now = m_clock.now();
  return m_store.read([&](SlaTx& tx) -> Result<std::vector<ComplianceRow>> {
    return tx.sla().compliance(q.from, q.to, q.group_by, now, m_zone);
  });
}

Result<bool> ensure_defaults(TxRunner<SlaTx>& store, Timestamp now) {
  auto r = store.write([&](SlaTx& tx) -> Result<bool> {
    tx.sla().restore_due_index();
    if (!tx.sla().list_calendars().empty()) return false;
    Calendar business = china_business_calendar();
    business.updated_at = now;
    Calendar always = always_open_calendar();
    always.updated_at = now;
    auto b = tx.sla().insert_calendar(business);
    auto a = tx.sla().insert_calendar(always);
    // Another node seeded at the same moment: its defaults stand.
    if (!b || !a) return Error::conflict("defaults were created concurrently");
    for (auto& p : default_policies(*b, *a)) {
      p.updated_at = now;
      TD_TRY(tx.sla().insert_policy(p));
    }
    tx.changes().publish({k_config_topic, "{}"});
    return true;
  });
  if (!r && r.error().code == Errc::conflict) return false;
  return r;
}

}  // namespace techdesk::sla
