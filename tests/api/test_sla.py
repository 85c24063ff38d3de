"""
# description: the department promises response and resolution times and TechDesk holds every ticket to
# the promise that applies: an internal user's ticket on a working day must be answered within one business
# hour, and when time passes the assignee is warned, the team lead told at breach, the ticket escalated to
# L2, the managers told at 150 % — each once, each in the ticket's history at its true time, even when the
# server was down when it fell due. Time is moved with the test clock (`serve --test-clock`).
"""
import re
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import (Server, _setup_world, assert_error, describe, make_api, unique)
from live_stream import Stream

CST = timezone(timedelta(hours=8))
START = datetime(2026, 12, 1, 9, 0, tzinfo=CST)  # a Tuesday, a working day


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def sla(tmp_path_factory):
    server = Server(str(tmp_path_factory.mktemp("sla")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        # Sessions last 12 hours and these tests let days pass: work with API tokens, which do not expire.
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "sla-tests"}, as_=key, status=201)["token"]
        yield a
    finally:
        server.stop()


def set_clock(api, dt):
    r = api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")
    return parse(r["now"])


def advance(api, **delta):
    ms = int(timedelta(**delta).total_seconds() * 1000)
    return parse(api.ok("POST", "/api/v1/test/clock", {"advance_ms": ms}, as_="admin")["now"])


def now(api):
    return parse(api.ok("GET", "/api/v1/test/clock", as_="admin")["now"])


def sla_events(api, tid):
    return [e for e in api.events(tid) if e["field"].startswith("sla")]


def wait_for_event(api, tid, field, after, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hits = [e for e in sla_events(api, tid) if e["field"] == field and e["after"] == after]
        if hits:
            return hits
        time.sleep(0.1)
    raise AssertionError(f"no {field}={after} event on ticket {tid} within {timeout} s: {sla_events(api, tid)}")


def notifications(api, who):
    return api.ok("GET", "/api/v1/notifications", as_=who, params={"limit": 100})


def internal_ticket(api, **fields):
    return api.create_ticket(as_="requester_internal", **fields)


# ---- the promise ---------------------------------------------------------------------------------------

def test_an_internal_ticket_on_a_working_day_gets_one_business_hour_for_the_first_response(sla):
    created_at = set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    s = t["sla"]
    assert sla.schema_errors(t, "Ticket") == [], sla.schema_errors(t, "Ticket")
    assert s["policy"] == "内部员工 Internal staff"
    assert "internal requester" in s["why"]
    assert s["state"] == "ok" and s["paused"] is False
    assert abs(parse(s["first_response_due"]) - created_at - timedelta(hours=1)) < timedelta(seconds=2)
    # 24 business hours of 7.5 a day from Tuesday 10:00 → Friday 11:30.
    assert parse(s["resolution_due"]).astimezone(CST).strftime("%a %H:%M") == "Fri 11:30"
    assert s["nearest_due"] == s["first_response_due"]
    assert any(e["field"] == "sla_policy" and e["after"] == s["policy"] for e in sla_events(sla, t["id"]))


def test_an_external_customer_gets_two_hours_and_an_emergency_is_solved_within_two(sla):
    set_clock(sla, START.replace(hour=9))
    t = sla.create_ticket(as_="requester")  # 华信科技, external
    assert t["sla"]["policy"] == "外部客户 External customers"
    assert parse(t["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "11:00"
    p1 = sla.create_ticket(as_="requester", impact="high", urgency="high")
    assert p1["priority"] == "P1"
    assert parse(p1["sla"]["resolution_due"]).astimezone(CST).strftime("%H:%M") == "11:00"


def test_the_day_before_national_day_at_17_59_the_answer_is_due_after_the_holiday(sla):
    set_clock(sla, datetime(2026, 9, 30, 17, 59, tzinfo=CST))
    t = internal_ticket(sla)
    due = parse(t["sla"]["first_response_due"]).astimezone(CST)
    assert due.strftime("%Y-%m-%d %H:%M") == "2026-10-08 09:59", t["sla"]


def test_the_spring_festival_make_up_saturday_is_a_working_day(sla):
    set_clock(sla, datetime(2026, 2, 13, 17, 30, tzinfo=CST))  # Friday before the 2026 Spring Festival
    t = internal_ticket(sla)
    due = parse(t["sla"]["first_response_due"]).astimezone(CST)
    assert due.strftime("%Y-%m-%d %H:%M") == "2026-02-14 09:30", t["sla"]


# ---- time passes -----------------------------------------------------------------------------------------

def test_warning_breach_escalation_and_second_level_each_fire_once_and_are_in_the_history(sla):
    set_clock(sla, START.replace(hour=10))
    t = sla.create_ticket(as_="requester_internal", subject=unique("超时"))
    tid = t["id"]
    lead_before = notifications(sla, "team_lead")["unread"]
    manager_before = notifications(sla, "manager")["unread"]

    advance(sla, minutes=46)  # 75 % of the hour
    warned = wait_for_event(sla, tid, "sla_first_response", "warning")
    assert parse(warned[0]["at"]) == parse(t["sla"]["first_response_due"]) - timedelta(minutes=15)
    assert sla.ticket(tid)["sla"]["state"] == "warning"

    advance(sla, minutes=15)  # past the hour
    breached = wait_for_event(sla, tid, "sla_first_response", "breached")
    assert parse(breached[0]["at"]) == parse(t["sla"]["first_response_due"]), "recorded at its true time"
    wait_for_event(sla, tid, "sla_escalation", "first_response: tier L1→L2")
    after = sla.ticket(tid)
    assert after["tier"] == "L2", "the default policy raises the tier at breach"
    assert after["sla"]["state"] == "breached"
    assert any(e["field"] == "tier" and e["before"] == "L1" and e["after"] == "L2" for e in sla.events(tid))
    lead = notifications(sla, "team_lead")
    mine = [n for n in lead["items"] if n["ticket_id"] == tid]
    assert {n["kind"] for n in mine} == {"sla.warning", "sla.breached"}, mine  # unassigned: leads are warned
    assert lead["unread"] >= lead_before + 2  # other tests' tickets may come due as the clock moves
    assert sla.schema_errors(lead, "NotificationList") == []

    advance(sla, minutes=31)  # 150 %
    wait_for_event(sla, tid, "sla_first_response", "second_level")
    managers = [n for n in notifications(sla, "manager")["items"] if n["ticket_id"] == tid]
    assert [n["kind"] for n in managers] == ["sla.second_level"]
    assert notifications(sla, "manager")["unread"] >= manager_before + 1

    time.sleep(2.5)  # two more scheduler passes: nothing fires twice
    fields = [(e["field"], e["after"]) for e in sla_events(sla, tid)]
    for once in [("sla_first_response", "warning"), ("sla_first_response", "breached"),
                 ("sla_first_response", "second_level"), ("sla_escalation", "first_response: tier L1→L2")]:
        assert fields.count(once) == 1, fields


def test_a_warning_reaches_the_recipients_open_pages_at_once(sla):
    set_clock(sla, START.replace(hour=10))
    lead = Stream(sla.base, sla.users["team_lead"].token)
    bystander = Stream(sla.base, sla.users["agent_l2"].token)
    try:
        t = internal_ticket(sla)
        advance(sla, minutes=46)
        e = lead.wait_for(lambda ev, d: ev == "notification" and d.get("ticket_id") == t["id"], 10)
        assert e and e[1]["kind"] == "sla.warning", lead.events
        assert e[1]["user_id"] == sla.uid("team_lead")
        assert bystander.wait_for(lambda ev, d: ev == "notification", 0.5) is None, "only the recipient hears it"
    finally:
        lead.close()
        bystander.close()


def test_an_assigned_ticket_warns_its_assignee(sla):
    set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    sla.patch_ticket(t["id"], as_="agent_l1", assignee_id=sla.uid("agent_l1"))
    advance(sla, minutes=50)
    wait_for_event(sla, t["id"], "sla_first_response", "warning")
    assert [n["kind"] for n in notifications(sla, "agent_l1")["items"] if n["ticket_id"] == t["id"]] == ["sla.warning"]


def test_a_public_reply_meets_the_first_response_target_but_a_note_does_not(sla):
    set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    sla.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": "内部：先查日志"}, as_="agent_l1",
           status=201)
    assert sla.ticket(t["id"])["sla"]["first_response_at"] is None
    sla.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "您好，正在处理"},
           as_="requester_internal", status=201)
    assert sla.ticket(t["id"])["sla"]["first_response_at"] is None, "the requester's own reply answers nothing"
    advance(sla, minutes=20)
    sla.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "phone", "body": "已电话联系用户"}, as_="agent_l1",
           status=201)
    s = sla.ticket(t["id"])["sla"]
    assert s["first_response_at"] is not None
    assert s["nearest_due"] == s["resolution_due"], "only the resolution clock is left"
    assert ("sla_first_response", "met") in [(e["field"], e["after"]) for e in sla_events(sla, t["id"])]
    advance(sla, hours=1)
    time.sleep(1.5)
    assert not [e for e in sla_events(sla, t["id"]) if e["field"] == "sla_first_response" and e["after"] != "met"]


def test_a_cancelled_ticket_is_not_warned_breached_or_escalated(sla):
    set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    r = sla.transition(t["id"], "cancelled", "重复提交 duplicate", as_="requester_internal")
    assert r.status_code == 200, r.text
    control = internal_ticket(sla)  # the same promise, not cancelled: it does come due
    advance(sla, minutes=95)  # past warning, breach and second level of the first response
    wait_for_event(sla, control["id"], "sla_first_response", "second_level")
    time.sleep(1.5)  # and one more scheduler pass
    assert [e for e in sla_events(sla, t["id"]) if e["field"] != "sla_policy"] == []
    after = sla.ticket(t["id"])
    assert after["tier"] == "L1" and after["state"] == "cancelled", after
    for who in ("team_lead", "manager"):
        assert not [n for n in notifications(sla, who)["items"] if n["ticket_id"] == t["id"]], who


def test_waiting_for_the_customer_pauses_the_clock_and_resuming_moves_the_due_time(sla):
    set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    sla.move(t["id"], "assigned", "in_progress")
    sla.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "请提供截图"}, as_="agent_l1",
           status=201)
    due_before = parse(sla.ticket(t["id"])["sla"]["resolution_due"])
    sla.move(t["id"], "pending_customer")
    paused = sla.ticket(t["id"])["sla"]
    assert paused["state"] == "paused" and paused["paused"] is True and paused["nearest_due"] is None
    advance(sla, days=1)  # a whole working day (7.5 business hours) waiting for the customer
    time.sleep(1.2)
    assert sla.ticket(t["id"])["sla"]["state"] == "paused"
    # The requester answers: the ticket goes back to work and the clock runs again.
    sla.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "截图已上传"},
           as_="requester_internal", status=201)
    resumed = sla.ticket(t["id"])
    assert resumed["state"] == "in_progress" and resumed["sla"]["paused"] is False
    # Seven and a half business hours stood still: Friday 11:30 becomes Monday 11:30.
    assert due_before.astimezone(CST).strftime("%a %H:%M") == "Fri 11:30"
    assert parse(resumed["sla"]["resolution_due"]).astimezone(CST).strftime("%a %H:%M") == "Mon 11:30"
    moved = parse(resumed["sla"]["resolution_due"]) - due_before
    assert abs(moved - timedelta(days=3)) < timedelta(seconds=3), moved
    fields = [(e["field"], e.get("before"), e["after"]) for e in sla_events(sla, t["id"])]
    assert ("sla_resolution", None, "paused") in fields and ("sla_resolution", "paused", "resumed") in fields


def test_resolving_in_time_is_met_and_late_is_breached(sla):
    set_clock(sla, START.replace(hour=10))
    fast = internal_ticket(sla, impact="high", urgency="high")  # P1: 2 hours
    sla.move(fast["id"], "assigned", "in_progress")
    sla.ok("POST", f"/api/v1/tickets/{fast['id']}/articles", {"kind": "reply", "body": "处理中"}, as_="agent_l1",
           status=201)
    advance(sla, minutes=30)
    done = sla.move(fast["id"], "resolved")
    assert done["sla"]["state"] == "met"
    slow = internal_ticket(sla, impact="high", urgency="high")
    sla.move(slow["id"], "assigned", "in_progress")
    sla.ok("POST", f"/api/v1/tickets/{slow['id']}/articles", {"kind": "reply", "body": "处理中"}, as_="agent_l1",
           status=201)
    advance(sla, hours=5)
    late = sla.move(slow["id"], "resolved")
    assert late["sla"]["state"] == "breached"
    assert ("sla_resolution", "breached") in [(e["field"], e["after"]) for e in sla_events(sla, slow["id"])]


def test_a_breach_that_fell_due_while_the_server_was_down_is_recorded_at_its_true_time(sla):
    set_clock(sla, START.replace(hour=10))
    t = internal_ticket(sla)
    due = parse(t["sla"]["first_response_due"])
    sla.server.stop()
    sla.server.start()  # a fresh process: its test clock starts at real time again
    set_clock(sla, START.replace(hour=14))  # four hours later
    wait_for_event(sla, t["id"], "sla_first_response", "second_level")
    events = {e["after"]: parse(e["at"]) for e in sla_events(sla, t["id"]) if e["field"] == "sla_first_response"}
    assert events["warning"] == due - timedelta(minutes=15)
    assert events["breached"] == due
    assert events["second_level"] == due + timedelta(minutes=30)


def test_sorting_by_time_left_puts_the_most_urgent_first(sla):
    set_clock(sla, START.replace(hour=9))
    relaxed = internal_ticket(sla, subject=unique("sort"))
    # Answered: only its 24-hour resolution clock is left, while the other waits for its first answer.
    sla.ok("POST", f"/api/v1/tickets/{relaxed['id']}/articles", {"kind": "reply", "body": "收到"}, as_="agent_l1",
           status=201)
    urgent = internal_ticket(sla, subject=unique("sort"))
    items = sla.list_all("/api/v1/tickets", as_="admin", params={"sort": "sla_due", "state": "new"})
    ids = [t["id"] for t in items]
    assert ids.index(urgent["id"]) < ids.index(relaxed["id"])
    dues = [t["sla"]["nearest_due"] for t in items if t["sla"] and t["sla"]["nearest_due"]]
    assert dues == sorted(dues)


# ---- policies, calendars, recomputation ------------------------------------------------------------------

def test_support_staff_read_policies_and_calendars_requesters_do_not(sla):
    policies = sla.ok("GET", "/api/v1/sla/policies", as_="agent_l1")
    assert sla.schema_errors(policies, "SlaPolicyList") == []
    assert [p["name"] for p in policies["items"]][:3] == ["7×24 合同客户 7×24 contract", "内部员工 Internal staff",
                                                         "外部客户 External customers"]
    calendars = sla.ok("GET", "/api/v1/calendars", as_="team_lead")
    assert sla.schema_errors(calendars, "CalendarList") == []
    china = next(c for c in calendars["items"] if c["zone"] == "Asia/Shanghai" and not c["always_open"])
    assert {"date": "2026-02-28", "name": "春节调休上班"} in china["makeup_workdays"]
    for who in ("requester", "org_manager"):
        assert_error(sla.get("/api/v1/sla/policies", as_=who), 403, "forbidden")
        assert_error(sla.get("/api/v1/calendars", as_=who), 403, "forbidden")
    for who in ("agent_l1", "team_lead", "manager"):
        assert_error(sla.post("/api/v1/calendars", {"name": "x", "always_open": True}, as_=who), 403, "forbidden")


def valid_calendar(name=None):
    return {"name": name or unique("日历"), "zone": "Asia/Shanghai",
            "week": {d: [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}]
                     for d in ("monday", "tuesday", "wednesday", "thursday", "friday")},
            "holidays": [{"date": "2026-10-01", "name": "国庆节"}],
            "makeup_workdays": [{"date": "2026-10-10", "name": "调休上班"}]}


@pytest.mark.parametrize("change,code,field", [
    (lambda c: c["week"]["monday"].append({"start": "11:00", "end": "14:00"}), "invalid_field", "week.monday[2]"),
    (lambda c: c["week"].update(friday=[{"start": "18:00", "end": "09:00"}]), "invalid_field", "week.friday[0]"),
    (lambda c: c["week"].update(friday=[{"start": "25:00", "end": "26:00"}]), "invalid_field", "week.friday[0].start"),
    (lambda c: c.update(week={}), "invalid_field", "week"),
    (lambda c: c.update(zone="Mars/Olympus"), "invalid_field", "zone"),
    (lambda c: c.update(zone="../../../etc/passwd"), "invalid_field", "zone"),
    (lambda c: c.update(holidays=[{"date": "2026-02-30"}]), "invalid_field", "holidays[0].date"),
    (lambda c: c.update(makeup_workdays=[{"date": "2026-10-01"}]), "invalid_field", "makeup_workdays[0]"),
    (lambda c: c.update(name="<script>alert(1)</script>\x07"), "invalid_field", "name"),
    (lambda c: c.update(colour="red"), "unknown_field", "colour"),
    (lambda c: c["week"].update(funday=[]), "unknown_field", "week.funday"),
    (lambda c: c.pop("name"), "missing_field", "name"),
])
def test_a_bad_calendar_is_refused_naming_the_field_and_nothing_is_saved(sla, change, code, field):
    before = len(sla.ok("GET", "/api/v1/calendars", as_="admin")["items"])
    c = valid_calendar()
    change(c)
    assert_error(sla.post("/api/v1/calendars", c, as_="admin"), 400, code, field)
    assert len(sla.ok("GET", "/api/v1/calendars", as_="admin")["items"]) == before


def valid_policy(calendar_id, **over):
    p = {"name": unique("策略"), "position": 50, "active": True, "calendar_id": calendar_id,
         "conditions": {"requester_kind": "any"},
         "targets": {"P3": {"first_response": 30, "resolution": 480}}}
    p.update(over)
    return p


def calendar_id(api):
    return next(c["id"] for c in api.ok("GET", "/api/v1/calendars", as_="admin")["items"] if not c["always_open"])


@pytest.mark.parametrize("over,code,field", [
    ({"targets": {"P3": {"first_response": 0}}}, "invalid_field", "targets.P3.first_response"),
    ({"targets": {"P1": {"resolution": -60}}}, "invalid_field", "targets.P1.resolution"),
    ({"targets": {"P2": {"resolution": "fast"}}}, "invalid_field", "targets.P2.resolution"),
    ({"targets": {}}, "invalid_field", "targets"),
    ({"targets": {"P5": {"resolution": 60}}}, "unknown_field", "targets.P5"),
    ({"warn_percent": 0}, "invalid_field", "warn_percent"),
    ({"warn_percent": 100}, "invalid_field", "warn_percent"),
    ({"second_level_percent": 90}, "invalid_field", "second_level_percent"),
    ({"calendar_id": 999999}, "invalid_field", "calendar_id"),
    ({"conditions": {"organization_ids": [999999]}}, "invalid_field", "conditions.organization_ids[0]"),
    ({"conditions": {"requester_kind": "vip"}}, "invalid_field", "conditions.requester_kind"),
    ({"pause_states": ["closed"]}, "invalid_field", "pause_states[0]"),
    ({"on_breach": {"explode": True}}, "unknown_field", "on_breach.explode"),
])
def test_a_bad_policy_is_refused_naming_the_field_and_nothing_is_saved(sla, over, code, field):
    before = sla.ok("GET", "/api/v1/sla/policies", as_="admin")["items"]
    body = {**valid_policy(calendar_id(sla)), **over}
    assert_error(sla.post("/api/v1/sla/policies", body, as_="admin"), 400, code, field)
    assert sla.ok("GET", "/api/v1/sla/policies", as_="admin")["items"] == before


def test_a_policy_change_applies_to_new_tickets_and_on_request_to_open_ones(sla):
    set_clock(sla, START.replace(hour=10))
    org = sla.orgs["org_b"]["id"]
    vip = sla.ok("POST", "/api/v1/sla/policies",
                 valid_policy(calendar_id(sla), name=unique("远大VIP"), position=1,
                              conditions={"organization_ids": [org]},
                              targets={p: {"first_response": 30, "resolution": 240} for p in ("P1", "P2", "P3", "P4")}),
                 as_="admin", status=201)
    assert sla.schema_errors(vip, "SlaPolicy") == []
    old = sla.create_ticket(as_="requester_b")
    assert old["sla"]["policy"] == vip["name"]
    assert parse(old["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "10:30"
    vip["targets"]["P3"]["first_response"] = 15
    sla.ok("PUT", f"/api/v1/sla/policies/{vip['id']}", vip, as_="admin")
    new = sla.create_ticket(as_="requester_b")
    assert parse(new["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "10:15"
    assert sla.ticket(old["id"])["sla"]["first_response_due"] == old["sla"]["first_response_due"], "unchanged so far"
    job = sla.ok("POST", "/api/v1/sla/recompute", {"open_only": True}, as_="admin", status=202)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        state = sla.ok("GET", f"/api/v1/admin/jobs/{job['id']}", as_="admin")
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert state["state"] == "done", state
    assert state["payload"]["done"] >= 2 and state["payload"]["total"] >= 2
    assert parse(sla.ticket(old["id"])["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "10:15"
    # Switch it off so that the other tests' tickets of org_b are external again; a used policy cannot be deleted.
    assert_error(sla.delete(f"/api/v1/sla/policies/{vip['id']}", as_="admin"), 409, "conflict")
    vip["active"] = False
    sla.ok("PUT", f"/api/v1/sla/policies/{vip['id']}", vip, as_="admin")
    assert sla.create_ticket(as_="requester_b")["sla"]["policy"] == "外部客户 External customers"


def test_the_cli_recomputes_open_tickets_and_says_how_many_records_changed(sla):
    set_clock(sla, START.replace(hour=10))
    org = sla.orgs["org_b"]["id"]
    vip = sla.ok("POST", "/api/v1/sla/policies",
                 valid_policy(calendar_id(sla), name=unique("命令行VIP"), position=1,
                              conditions={"organization_ids": [org]},
                              targets={p: {"first_response": 40, "resolution": 240} for p in ("P1", "P2", "P3", "P4")}),
                 as_="admin", status=201)
    try:
        t = sla.create_ticket(as_="requester_b")
        assert parse(t["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "10:40"
        vip["targets"] = {p: {"first_response": 20, "resolution": 240} for p in ("P1", "P2", "P3", "P4")}
        sla.ok("PUT", f"/api/v1/sla/policies/{vip['id']}", vip, as_="admin")
        pattern = r"recomputed the SLA of (\d+) tickets \((\d+) records changed\) in \d+ ms"
        out = sla.cli("sla", "recompute", "--db", sla.db_url, "--quiet").stdout
        m = re.search(pattern, out)
        assert m, out
        assert int(m[1]) >= 1 and int(m[2]) >= 1, out
        assert parse(sla.ticket(t["id"])["sla"]["first_response_due"]).astimezone(CST).strftime("%H:%M") == "10:20"
        # Nothing changed since: the second run visits the same tickets and writes none.
        again = re.search(pattern, sla.cli("sla", "recompute", "--db", sla.db_url, "--quiet").stdout)
        assert again and int(again[1]) >= int(m[1]) - 1 and again[2] == "0", again
    finally:
        vip["active"] = False
        sla.ok("PUT", f"/api/v1/sla/policies/{vip['id']}", vip, as_="admin")


def test_a_calendar_round_trips_through_icalendar(sla):
    cal = sla.ok("POST", "/api/v1/calendars", valid_calendar(), as_="admin", status=201)
    assert sla.schema_errors(cal, "Calendar") == []
    r = sla.get(f"/api/v1/calendars/{cal['id']}/ical", as_="admin")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/calendar")
    ics = r.text
    assert "BEGIN:VCALENDAR" in ics and "DTSTART;VALUE=DATE:20261001" in ics and "RRULE:FREQ=WEEKLY;BYDAY=MO" in ics
    blank = sla.ok("POST", "/api/v1/calendars", {"name": unique("空白"), "always_open": True}, as_="admin", status=201)
    imported = sla.ok("POST", f"/api/v1/calendars/{blank['id']}/ical", {"ical": ics, "replace": True}, as_="admin")
    assert imported["holidays"] == cal["holidays"]
    assert imported["makeup_workdays"] == cal["makeup_workdays"]
    assert imported["week"] == cal["week"]


def test_a_public_holiday_feed_is_read_with_its_conventions(sla):
    cal = sla.ok("POST", "/api/v1/calendars", valid_calendar(), as_="admin", status=201)
    feed = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:中国节假日\r\n"
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270213\r\nSUMMARY:春节 休\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270207\r\nSUMMARY:春节 补班\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")
    merged = sla.ok("POST", f"/api/v1/calendars/{cal['id']}/ical", {"ical": feed}, as_="admin")
    days = {h["date"] for h in merged["holidays"]}
    assert {"2026-10-01", "2027-02-05", "2027-02-12"} <= days and "2027-02-13" not in days
    assert {"date": "2027-02-07", "name": "春节 补班"} in merged["makeup_workdays"]
    assert "2027-02-07" not in days, "a day the feed calls a working day is no holiday"


@pytest.mark.parametrize("text", ["", "not a calendar", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n",
                                  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026XX01\r\nEND:VEVENT\r\nEND:VCALENDAR",
                                  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20300101\r\n"
                                  "END:VEVENT\r\nEND:VCALENDAR"])
def test_malformed_icalendar_is_refused_and_changes_nothing(sla, text):
    cal = sla.ok("POST", "/api/v1/calendars", valid_calendar(), as_="admin", status=201)
    assert_error(sla.post(f"/api/v1/calendars/{cal['id']}/ical", {"ical": text}, as_="admin"), 400, "invalid_field", "ical")
    assert sla.ok("GET", f"/api/v1/calendars/{cal['id']}", as_="admin") == cal


def test_a_calendar_in_use_cannot_be_deleted(sla):
    cal = sla.ok("POST", "/api/v1/calendars", valid_calendar(), as_="admin", status=201)
    p = sla.ok("POST", "/api/v1/sla/policies", valid_policy(cal["id"], active=False), as_="admin", status=201)
    assert_error(sla.delete(f"/api/v1/calendars/{cal['id']}", as_="admin"), 409, "conflict")
    assert sla.delete(f"/api/v1/sla/policies/{p['id']}", as_="admin").status_code == 204
    assert sla.delete(f"/api/v1/calendars/{cal['id']}", as_="admin").status_code == 204
    assert_error(sla.get(f"/api/v1/calendars/{cal['id']}", as_="admin"), 404, "not_found")


# ---- report, notifications, the test clock ---------------------------------------------------------------

def test_the_compliance_report_counts_met_breached_and_open_per_priority(sla):
    set_clock(sla, datetime(2027, 3, 2, 9, 0, tzinfo=CST))  # a quiet month of its own
    met = internal_ticket(sla)
    sla.ok("POST", f"/api/v1/tickets/{met['id']}/articles", {"kind": "reply", "body": "好的"}, as_="agent_l1", status=201)
    late = internal_ticket(sla)
    advance(sla, hours=2)
    time.sleep(1.5)
    r = sla.ok("GET", "/api/v1/reports/sla", as_="manager",
               params={"from": "2027-03-01T00:00:00+08:00", "to": "2027-04-01T00:00:00+08:00", "group_by": "priority"})
    assert sla.schema_errors(r, "SlaComplianceReport") == []
    row = next(i for i in r["items"] if i["group"] == "P3")
    assert row["tickets"] == 2
    assert row["first_response"] == {"met": 1, "breached": 1, "pending": 0, "compliance": 0.5}
    assert row["resolution"]["open"] == 2 and row["resolution"]["breached"] == 0
    months = sla.ok("GET", "/api/v1/reports/sla", as_="manager",
                    params={"from": "2027-02-01T00:00:00+08:00", "to": "2027-04-01T00:00:00+08:00", "group_by": "month"})
    assert [(m["group"], m["tickets"]) for m in months["items"]] == [("2027-02", 0), ("2027-03", 2)]
    assert late["id"]


@pytest.mark.parametrize("params,field", [
    ({"to": "2027-04-01T00:00:00Z"}, "from"),
    ({"from": "yesterday", "to": "2027-04-01T00:00:00Z"}, "from"),
    ({"from": "2027-04-01T00:00:00Z", "to": "2027-03-01T00:00:00Z"}, "to"),
    ({"from": "2020-01-01T00:00:00Z", "to": "2027-04-01T00:00:00Z"}, "to"),
    ({"from": "2027-03-01T00:00:00Z", "to": "2027-04-01T00:00:00Z", "group_by": "colour"}, "group_by"),
])
def test_a_bad_report_request_names_the_parameter(sla, params, field):
    assert_error(sla.get("/api/v1/reports/sla", as_="manager", params=params), 400, "invalid_query", field)


def test_customers_get_no_sla_report(sla):
    assert_error(sla.get("/api/v1/reports/sla", as_="requester",
                         params={"from": "2027-03-01T00:00:00Z", "to": "2027-04-01T00:00:00Z"}), 403, "forbidden")


def test_notifications_are_read_by_their_owner_only(sla):
    page = notifications(sla, "team_lead")
    assert page["items"], "earlier tests warned the team lead"
    first = page["items"][0]
    assert_error(sla.post(f"/api/v1/notifications/{first['id']}/read", as_="manager"), 404, "not_found")
    assert sla.post(f"/api/v1/notifications/{first['id']}/read", as_="team_lead").status_code == 204
    unread = sla.ok("GET", "/api/v1/notifications", as_="team_lead", params={"unread": "true", "limit": 100})
    assert first["id"] not in [n["id"] for n in unread["items"]]
    assert unread["unread"] == page["unread"] - (0 if first["read_at"] else 1)
    marked = sla.ok("POST", "/api/v1/notifications/read-all", as_="team_lead")
    assert marked["marked"] == unread["unread"]
    assert notifications(sla, "team_lead")["unread"] == 0
    assert_error(sla.get("/api/v1/notifications", as_="team_lead", params={"unread": "maybe"}), 400, "invalid_query",
                 "unread")


def test_only_an_administrator_moves_the_test_clock(sla):
    before = now(sla)
    assert_error(sla.post("/api/v1/test/clock", {"advance_ms": 1000}, as_="manager"), 403, "forbidden")
    assert_error(sla.post("/api/v1/test/clock", {"advance_ms": -5}, as_="admin"), 400, "invalid_field", "advance_ms")
    assert_error(sla.post("/api/v1/test/clock", {"to": "soon"}, as_="admin"), 400, "invalid_field", "to")
    assert now(sla) - before < timedelta(seconds=5)


def test_a_server_without_test_clock_has_no_clock_control(api):
    assert_error(api.get("/api/v1/test/clock", as_="admin"), 404, "not_found")
    assert_error(api.post("/api/v1/test/clock", {"advance_ms": 1000}, as_="admin"), 404, "not_found")


def test_tickets_of_the_shared_server_carry_their_sla(api):
    t = api.create_ticket(as_="requester_internal")
    assert t["sla"] and t["sla"]["policy"] == "内部员工 Internal staff", describe_sla(t)


def describe_sla(t):
    return f"ticket {t['id']}: sla {t.get('sla')}"
