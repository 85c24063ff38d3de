"""
# description: the department dispatches every request: a customer's request lands in the first line's
# queue, the team's strategy gives it to someone on duty (saying why), the first line escalates what it
# cannot solve to the second line with a reason and what it tried, tickets move between teams with a
# reason, duplicates are merged, automation rules shape tickets in order without looping, macros fill
# replies, and the work log counts the hours — every step visible live to whoever watches the ticket.
# A server of its own (`serve --test-clock`): teams, rules and time here must not disturb other tests.
"""
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import PASSWORD, Server, User, _setup_world, assert_error, describe, make_api, unique
from live_stream import Stream

CST = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    server = Server(str(tmp_path_factory.mktemp("dispatch")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        # Sessions end after 12 hours and the time-rule tests let days pass: use API tokens.
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "dispatch-tests"}, as_=key, status=201)["token"]
        a.ok("POST", "/api/v1/test/clock", {"to": datetime(2026, 12, 1, 10, 0, tzinfo=CST).isoformat()},
             as_="admin")
        yield a
    finally:
        server.stop()


# ---- helpers ---------------------------------------------------------------------------------------

def agent(api, role="agent_l1", name=None, on_duty=True, skills=None):
    """A new agent (with an API token) registered under a fresh key; returns the key."""
    key = unique("ag")
    login = unique("ag.login")
    name = name or unique("工程师")
    u = api.ok("POST", "/api/v1/users", {"login": login, "password": PASSWORD, "name": name, "role": role},
               as_="admin", status=201)
    r = api.login(login, PASSWORD)
    assert r.status_code == 200, describe(r, "login")
    user = User(key, login, PASSWORD, role, None, name)
    user.id = u["id"]
    user.user = r.json()["user"]
    user.token = r.json()["token"]
    user.csrf_token = r.json()["csrf_token"]
    api.users[key] = user
    user.token = api.ok("POST", "/api/v1/auth/tokens", {"name": "t"}, as_=key, status=201)["token"]
    body = {}
    if not on_duty:
        body["on_duty"] = False
    if skills is not None:
        body["skills"] = [{"tag": t, "level": lv} for t, lv in skills]
    if body:
        api.ok("PATCH", f"/api/v1/agents/{u['id']}", body, as_="admin")
    return key


def team(api, members=(), strategy="manual", capacity=0, escalation=None):
    t = api.ok("POST", "/api/v1/teams", {"name": unique("组"), "description": "dispatch test",
                                          "member_ids": [api.uid(m) for m in members]}, as_="admin", status=201)
    body = {"strategy": strategy, "capacity": capacity}
    if escalation:
        body["escalation_team_id"] = escalation
    api.ok("PATCH", f"/api/v1/teams/{t['id']}/dispatch", body, as_="admin")
    return t["id"]


def relogin(api, key):
    """Team membership is part of a principal: a fresh token after joining a team."""
    u = api.users[key]
    r = api.login(u.login, u.password)
    assert r.status_code == 200
    u.token = r.json()["token"]
    u.token = api.ok("POST", "/api/v1/auth/tokens", {"name": "t"}, as_=key, status=201)["token"]


def rule(api, body, status=201):
    return api.ok("POST", "/api/v1/rules", body, as_="admin", status=status)


def route_rule(api, marker, team_id, position=10):
    """A create rule sending tickets whose subject holds `marker` to `team_id`."""
    return rule(api, {"name": unique("路由"), "position": position, "trigger": "create",
                      "conditions": {"words": [marker]},
                      "actions": [{"kind": "set_team", "team_id": team_id}]})


def events(api, tid, field=None):
    evs = api.events(tid)
    return [e for e in evs if field is None or e["field"] == field]


def notifications(api, key, kind=None):
    items = api.ok("GET", "/api/v1/notifications", as_=key, params={"limit": 100})["items"]
    return [n for n in items if kind is None or n["kind"] == kind]


def advance(api, **delta):
    ms = int(timedelta(**delta).total_seconds() * 1000)
    api.ok("POST", "/api/v1/test/clock", {"advance_ms": ms}, as_="admin")


def wait_until(pred, timeout=15, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(every)
    return pred()


# ---- done when: L1 queue → auto-assignment → escalation to L2, watched live -------------------

def test_a_customer_request_lands_in_l1_is_auto_assigned_escalated_to_l2_and_watchers_see_each_step(api):
    busy = agent(api, "agent_l1", "王工")
    free = agent(api, "agent_l1", "张工")
    away = agent(api, "agent_l1", "杨工", on_duty=False)
    net = agent(api, "agent_l2", "赵工", skills=[("网络", 4)])
    db = agent(api, "agent_l2", "孙工", skills=[("数据库", 4)])
    lead2 = agent(api, "team_lead", "吴组长")
    l2 = team(api, [net, db, lead2], "skill_match")
    l1 = team(api, [busy, free, away], "least_loaded", escalation=l2)
    for k in (busy, free, away, net, db, lead2):
        relogin(api, k)
    marker = unique("dw")
    route_rule(api, marker, l1)
    cat = api.create_category(name=unique("网络故障"))
    api.ok("PUT", f"/api/v1/categories/{cat['id']}/skills", {"skills": [{"tag": "网络", "level": 3}]}, as_="admin")
    # 王工 already holds a P1: the least loaded is 张工; 杨工 is off duty and never picked.
    held = api.create_ticket(as_="admin", subject=f"{marker} 已有工单")
    api.patch_ticket(held["id"], as_="admin", assignee_id=api.uid(busy), priority="P1")

    watcher = Stream(api.base, api.users["admin"].token, "/api/v1/events")
    lead_watch = Stream(api.base, api.users[lead2].token)
    try:
        t = api.create_ticket(as_="requester", subject=f"{marker} 办公室网络断了", category_id=cat["id"])
        tid = t["id"]
        assert t["team"]["id"] == l1 and t["tier"] == "L1"
        assert t["assignee"]["id"] == api.uid(free), t
        assert t["state"] == "assigned"
        why = events(api, tid, "dispatch")
        assert len(why) == 1 and "least loaded" in why[0]["after"] and "张工" in why[0]["after"], why
        assert [e["after"] for e in events(api, tid, "rule")] and events(api, tid, "team_id")[0]["after"] == str(l1)
        assert watcher.wait_for(lambda e, d: e == "ticket" and d["id"] == tid and d["what"] == "created", 5)
        assert tid in [n["ticket_id"] for n in notifications(api, free, "ticket.assigned")]

        # 张工 works on it, then hands it to L2 with what was tried.
        api.transition(tid, "in_progress", as_=free)
        api.ok("POST", f"/api/v1/tickets/{tid}/articles", {"kind": "reply", "body": "正在排查交换机。"}, as_=free,
               status=201)
        before_version = api.ticket(tid)["version"]
        l1_watch = Stream(api.base, api.users[free].token)
        e = api.ok("POST", f"/api/v1/tickets/{tid}/escalate",
                   {"reason": "核心交换机配置需二线处理", "summary": "已重启接入交换机，已更换网线，故障依旧。"}, as_=free)
        assert e["tier"] == "L2" and e["team"]["id"] == l2
        assert e["assignee"]["id"] == api.uid(net), "skill match: 赵工 has 网络 4"
        assert e["version"] > before_version
        notes = [a for a in api.articles(tid) if a["kind"] == "note"]
        assert "核心交换机配置需二线处理" in notes[-1]["body"] and "已更换网线" in notes[-1]["body"]
        assert events(api, tid, "escalation")[0]["before"] == str(l1)
        assert "skill match" in events(api, tid, "dispatch")[-1]["after"]
        # The whole history went along: the reply written in L1 is still there for L2 to read.
        assert any(a["body"] == "正在排查交换机。" for a in api.articles(tid, as_=net))
        # Watchers saw the escalation live; the L2 lead was told.
        assert watcher.wait_for(lambda ev, d: ev == "ticket" and d["id"] == tid and d["version"] >= e["version"], 5)
        assert lead_watch.wait_for(lambda e, d: e == "ticket" and d["id"] == tid, 5), lead_watch.events
        assert any(n["ticket_id"] == tid for n in notifications(api, lead2, "ticket.escalated"))
        # 张工 can no longer see the ticket, but hears the update that took it out of his sight.
        assert api.request("GET", f"/api/v1/tickets/{tid}", as_=free).status_code == 404
        assert l1_watch.wait_for(
            lambda ev, d: ev == "ticket" and d["id"] == tid and d["what"] == "updated" and d["version"] > before_version,
            5), l1_watch.events
        # The requester never sees the internal hand-over note.
        assert all(a["kind"] != "note" for a in api.articles(tid, as_="requester"))
    finally:
        watcher.close()
        lead_watch.close()
        if "l1_watch" in locals():
            l1_watch.close()


# ---- assignment strategies through the API ---------------------------------------------------------

def test_round_robin_takes_turns_and_never_picks_someone_off_duty(api):
    a, b, c = agent(api), agent(api), agent(api, on_duty=False)
    t = team(api, [a, b, c], "round_robin")
    got = []
    for i in range(4):
        tk = api.create_ticket(as_="admin", subject=f"轮询 {i}", team_id=t)
        got.append(tk["assignee"]["id"])
    assert set(got) == {api.uid(a), api.uid(b)}
    assert got[0] != got[1] and got[0] == got[2] and got[1] == got[3], got


def test_when_everyone_is_off_duty_the_ticket_waits_in_the_queue_until_someone_comes_on_duty(api):
    a = agent(api, on_duty=False)
    t = team(api, [a], "least_loaded")
    tk = api.create_ticket(as_="admin", subject="没人值班", team_id=t)
    assert tk["assignee"] is None and tk["state"] == "new"
    why = events(api, tk["id"], "dispatch")
    assert "off duty" in why[0]["after"] and "queue" in why[0]["after"], why
    api.ok("PATCH", f"/api/v1/agents/{api.uid(a)}", {"on_duty": True}, as_=a)
    # The queue sweep (every 5 s) hands it out.
    assigned = wait_until(lambda: api.ticket(tk["id"])["assignee"], timeout=15)
    assert assigned and assigned["id"] == api.uid(a)


def test_capacity_keeps_a_full_member_out(api):
    a, b = agent(api), agent(api)
    t = team(api, [a, b], "least_loaded", capacity=1)
    first = api.create_ticket(as_="admin", subject="容量 1", team_id=t)["assignee"]["id"]
    second = api.create_ticket(as_="admin", subject="容量 2", team_id=t)["assignee"]["id"]
    assert {first, second} == {api.uid(a), api.uid(b)}
    third = api.create_ticket(as_="admin", subject="容量 3", team_id=t)
    assert third["assignee"] is None
    assert "capacity" in events(api, third["id"], "dispatch")[0]["after"]


def test_manual_teams_leave_tickets_unassigned_and_auto_assign_says_so(api):
    a = agent(api)
    t = team(api, [a], "manual")
    tk = api.create_ticket(as_="admin", subject="手工分派", team_id=t)
    assert tk["assignee"] is None and not events(api, tk["id"], "dispatch")
    assert_error(api.post(f"/api/v1/tickets/{tk['id']}/auto-assign", {}, as_="admin"), 409, "conflict", "strategy")
    api.ok("PATCH", f"/api/v1/teams/{t}/dispatch", {"strategy": "least_loaded"}, as_="admin")
    got = api.ok("POST", f"/api/v1/tickets/{tk['id']}/auto-assign", {}, as_="admin")
    assert got["assignee"]["id"] == api.uid(a)


def test_team_members_show_duty_skills_and_load_and_leads_manage_them(api):
    a = agent(api, skills=[("Oracle", 2), ("网络", 3)])
    lead = agent(api, "team_lead")
    t = team(api, [a, lead], "least_loaded")
    relogin(api, lead)
    api.create_ticket(as_="admin", subject="负载", team_id=t, priority="P2")
    members = {m["user_id"]: m for m in api.ok("GET", f"/api/v1/teams/{t}/members", as_="agent_l1")["items"]}
    assert members[api.uid(a)]["skills"] == [{"tag": "Oracle", "level": 2}, {"tag": "网络", "level": 3}]
    assert sum(m["open_tickets"] for m in members.values()) == 1
    assert sum(m["weighted_load"] for m in members.values()) == 3, "a P2 weighs 3"
    newbie = agent(api)
    got = api.ok("POST", f"/api/v1/teams/{t}/members", {"user_id": api.uid(newbie)}, as_=lead)
    assert api.uid(newbie) in [m["user_id"] for m in got["items"]]
    assert_error(api.post(f"/api/v1/teams/{t}/members", {"user_id": api.uid("requester")}, as_=lead), 400,
                 "invalid_field", "user_id")
    assert_error(api.post(f"/api/v1/teams/{t}/members", {"user_id": api.uid(newbie)}, as_="agent_l1"), 403,
                 "forbidden")
    api.ok("DELETE", f"/api/v1/teams/{t}/members/{api.uid(newbie)}", as_=lead, status=200)
    # Skills: only leads; duty: the agent too. Bad skills name the field and change nothing.
    assert_error(api.patch(f"/api/v1/agents/{api.uid(a)}", {"skills": []}, as_=a), 403, "forbidden")
    api.ok("PATCH", f"/api/v1/agents/{api.uid(a)}", {"on_duty": False}, as_=a)
    for bad, field in (([{"tag": "网络", "level": 9}], "skills[0].level"), ([{"tag": "", "level": 1}], "skills[0].tag"),
                       ([{"tag": "a,b", "level": 1}], "skills[0].tag"),
                       ([{"tag": "x", "level": 1}, {"tag": "x", "level": 2}], "skills[1].tag")):
        assert_error(api.patch(f"/api/v1/agents/{api.uid(a)}", {"skills": bad}, as_="admin"), 400, "invalid_field",
                     field)
    assert api.ok("GET", f"/api/v1/agents/{api.uid(a)}", as_="admin")["skills"][0] == {"tag": "Oracle", "level": 2}


def test_team_settings_refuse_bad_values_and_escalation_loops(api):
    a = team(api)
    b = team(api, escalation=a)
    for body, field in (({"strategy": "random"}, "strategy"), ({"capacity": -1}, "capacity"),
                        ({"capacity": 5000}, "capacity"), ({"escalation_team_id": 999999}, "escalation_team_id"),
                        ({"escalation_team_id": a}, "escalation_team_id"),  # a → a
                        ({"calendar_id": 999999}, "calendar_id")):
        target = a
        assert_error(api.patch(f"/api/v1/teams/{target}/dispatch", body, as_="admin"), 400,
                     {"invalid_field", "unknown_field"}, field)
    # a → b would close the loop b → a → b.
    assert_error(api.patch(f"/api/v1/teams/{a}/dispatch", {"escalation_team_id": b}, as_="admin"), 400,
                 "invalid_field", "escalation_team_id")
    assert api.ok("GET", f"/api/v1/teams/{a}/dispatch", as_="admin")["escalation_team_id"] is None
    assert_error(api.patch(f"/api/v1/teams/{a}/dispatch", {"strategy": "round_robin"}, as_="agent_l1"), 403,
                 "forbidden")


# ---- escalation and transfer: permissions and bad input ----------------------------------------

def escalation_world(api):
    l1_agent = agent(api, "agent_l1")
    outsider = agent(api, "agent_l1")  # another team's L1
    l2_agent = agent(api, "agent_l2")
    l2 = team(api, [l2_agent], "manual")
    l1 = team(api, [l1_agent], "manual", escalation=l2)
    other = team(api, [outsider], "manual")
    for k in (l1_agent, outsider, l2_agent):
        relogin(api, k)
    return l1_agent, outsider, l2_agent, l1, l2, other


def test_an_l1_agent_cannot_take_a_ticket_away_from_another_teams_l2(api):
    l1_agent, outsider, l2_agent, l1, l2, other = escalation_world(api)
    tk = api.create_ticket(as_="admin", subject="二线处理中", team_id=l2, assignee_id=api.uid(l2_agent), tier="L2")
    tid = tk["id"]
    snap = api.snapshot(tid)
    # Not their team's ticket: they cannot even see it.
    assert_error(api.post(f"/api/v1/tickets/{tid}/transfer", {"team": other, "reason": "我来"}, as_=outsider), 404,
                 "not_found")
    assert_error(api.post(f"/api/v1/tickets/{tid}/escalate", {"reason": "r", "summary": "s"}, as_=l1_agent), 404,
                 "not_found")
    assert_error(api.post(f"/api/v1/tickets/{tid}/escalate", {"reason": "r", "summary": "s"}, as_="requester"), 404,
                 "not_found")
    assert api.snapshot(tid) == snap
    # Someone who holds it may hand it over.
    moved = api.ok("POST", f"/api/v1/tickets/{tid}/transfer", {"team": other, "reason": "属于其他组的系统"},
                   as_=l2_agent)
    assert moved["team"]["id"] == other and moved["assignee"] is None
    assert events(api, tid, "transfer")[0]["before"] == str(l2)


def test_a_visible_ticket_of_another_team_cannot_be_handed_over(api):
    l1_agent, outsider, l2_agent, l1, l2, other = escalation_world(api)
    # A complaint officer sees every complaint but holds none of another team's.
    c = api.create_ticket(as_="admin", subject="投诉", type="complaint", team_id=l2, assignee_id=api.uid(l2_agent))
    for path, body in (("transfer", {"team": other, "reason": "拿走"}), ("escalate", {"reason": "r", "summary": "s"}),
                       ("deescalate", {"reason": "r"})):
        assert_error(api.post(f"/api/v1/tickets/{c['id']}/{path}", body, as_="complaint_officer"), 403, "forbidden")
    assert api.ticket(c["id"])["team"]["id"] == l2


def test_escalation_needs_a_reason_and_a_summary_and_changes_nothing_without(api):
    l1_agent, outsider, l2_agent, l1, l2, other = escalation_world(api)
    tk = api.create_ticket(as_="admin", subject="升级校验", team_id=l1, assignee_id=api.uid(l1_agent))
    tid = tk["id"]
    snap = api.snapshot(tid)
    url = f"/api/v1/tickets/{tid}/escalate"
    assert_error(api.post(url, {"summary": "试过重启"}, as_=l1_agent), 400, "missing_field", "reason")
    assert_error(api.post(url, {"reason": "   ", "summary": "试过重启"}, as_=l1_agent), 400, "missing_field", "reason")
    assert_error(api.post(url, {"reason": "需要二线"}, as_=l1_agent), 400, "missing_field", "summary")
    assert_error(api.post(url, {"reason": "x" * 2001, "summary": "s"}, as_=l1_agent), 400, "invalid_field", "reason")
    assert_error(api.post(url, {"reason": "<script>", "summary": "s", "extra": 1}, as_=l1_agent), 400,
                 "unknown_field", "extra")
    assert_error(api.post(url, {"reason": 5, "summary": "s"}, as_=l1_agent), 400, "invalid_field", "reason")
    assert api.snapshot(tid) == snap
    # Hostile text is stored as text.
    e = api.ok("POST", url, {"reason": "<img src=x onerror=alert(1)>", "summary": "已排查"}, as_=l1_agent)
    assert e["tier"] == "L2" and e["team"]["id"] == l2
    assert "<img src=x onerror=alert(1)>" in api.articles(tid)[-1]["body"]
    # At L2 with no further target: conflict. Closed tickets: invalid.
    relogin(api, l2_agent)
    assert_error(api.post(url, {"reason": "再升级", "summary": "s"}, as_=l2_agent), 409, "conflict", "tier")
    done = api.ticket_in("cancelled")
    assert_error(api.post(f"/api/v1/tickets/{done['id']}/escalate", {"reason": "r", "summary": "s"}, as_="admin"),
                 400, "invalid_field", "id")


def test_de_escalation_goes_back_to_the_team_and_person_who_escalated(api):
    l1_agent, outsider, l2_agent, l1, l2, other = escalation_world(api)
    tk = api.create_ticket(as_="admin", subject="退回一线", team_id=l1, assignee_id=api.uid(l1_agent))
    tid = tk["id"]
    api.ok("POST", f"/api/v1/tickets/{tid}/escalate", {"reason": "需要二线", "summary": "已重启"}, as_=l1_agent)
    api.patch_ticket(tid, as_="admin", assignee_id=api.uid(l2_agent))
    assert_error(api.post(f"/api/v1/tickets/{tid}/deescalate", {}, as_=l2_agent), 400, "missing_field", "reason")
    back = api.ok("POST", f"/api/v1/tickets/{tid}/deescalate", {"reason": "用户侧配置问题，一线可处理"}, as_=l2_agent)
    assert back["tier"] == "L1" and back["team"]["id"] == l1 and back["assignee"]["id"] == api.uid(l1_agent)
    assert "用户侧配置问题" in api.articles(tid)[-1]["body"]
    assert_error(api.post(f"/api/v1/tickets/{tid}/deescalate", {"reason": "again"}, as_="admin"), 409, "conflict",
                 "tier")


def test_transfer_needs_a_reason_and_an_existing_other_team(api):
    l1_agent, outsider, l2_agent, l1, l2, other = escalation_world(api)
    tk = api.create_ticket(as_="admin", subject="转派校验", team_id=l1, assignee_id=api.uid(l1_agent))
    tid = tk["id"]
    snap = api.snapshot(tid)
    url = f"/api/v1/tickets/{tid}/transfer"
    assert_error(api.post(url, {"team": other}, as_=l1_agent), 400, "missing_field", "reason")
    assert_error(api.post(url, {"reason": "r"}, as_=l1_agent), 400, "missing_field", "team")
    assert_error(api.post(url, {"team": 999999, "reason": "r"}, as_=l1_agent), 400, "invalid_field", "team")
    assert_error(api.post(url, {"team": l1, "reason": "r"}, as_=l1_agent), 400, "invalid_field", "team")
    assert api.snapshot(tid) == snap
    moved = api.ok("POST", url, {"team": other, "reason": "属于财务系统，转财务组"}, as_=l1_agent)
    assert moved["team"]["id"] == other and moved["tier"] == "L1"
    assert "属于财务系统" in api.articles(tid)[-1]["body"]


# ---- merge and split ------------------------------------------------------------------------------

def test_merge_carries_every_article_and_the_requester_and_closes_the_duplicate(api):
    a = api.create_ticket(as_="requester", subject="VPN 连不上")
    b = api.create_ticket(as_="requester_a2", subject="VPN 也连不上")
    api.ok("POST", f"/api/v1/tickets/{b['id']}/articles", {"kind": "reply", "body": "补充：报错 809"},
           as_="requester_a2", status=201)
    api.ok("POST", f"/api/v1/tickets/{b['id']}/tags", {"tag": "VPN"}, as_="admin")
    before = {x["id"] for x in api.articles(a["id"])} | {x["id"] for x in api.articles(b["id"])}
    assert_error(api.get(f"/api/v1/tickets/{a['id']}", as_="requester_a2"), 404, "not_found")
    survivor = api.ok("POST", f"/api/v1/tickets/{b['id']}/merge", {"into": a["id"]}, as_="admin")
    assert survivor["id"] == a["id"] and api.uid("requester_a2") in survivor["contact_ids"]
    after = {x["id"] for x in api.articles(a["id"])}
    assert before <= after and len(after) == len(before) + 1, "every article, plus the merge note"
    assert api.articles(b["id"]) == []
    merged = api.ticket(b["id"])
    assert merged["state"] == "closed"
    assert events(api, b["id"], "merged_into")[0]["after"] == a["number"]
    links = api.ok("GET", f"/api/v1/tickets/{b['id']}/links", as_="admin")["items"]
    assert links[0]["relation"] == "merged_into" and links[0]["ticket_id"] == a["id"]
    assert "吴客户" in api.articles(a["id"])[-1]["body"], "the note names the other requester"
    assert "VPN" in api.ok("GET", f"/api/v1/tickets/{a['id']}/tags", as_="admin")["items"]
    # The carried-over requester now sees the survivor as theirs, in detail and in their list.
    assert api.ok("GET", f"/api/v1/tickets/{a['id']}", as_="requester_a2")["id"] == a["id"]
    mine = {t["id"] for t in api.list_all("/api/v1/tickets", as_="requester_a2")}
    assert a["id"] in mine
    assert_error(api.get(f"/api/v1/tickets/{a['id']}", as_="requester_b"), 404, "not_found")


def test_merge_refuses_itself_a_closed_survivor_and_a_merged_chain_and_saves_nothing(api):
    a = api.create_ticket(as_="admin", subject="合并 A")
    b = api.create_ticket(as_="admin", subject="合并 B")
    c = api.create_ticket(as_="admin", subject="合并 C")
    closed = api.ticket_in("cancelled")
    api.ok("POST", f"/api/v1/tickets/{b['id']}/merge", {"into": a["id"]}, as_="admin")
    snaps = {t: api.snapshot(t) for t in (a["id"], c["id"], closed["id"])}
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {"into": c["id"]}, as_="admin"), 400, "invalid_field",
                 "into")
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {"into": closed["id"]}, as_="admin"), 400,
                 "invalid_field", "into")
    err = assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {"into": b["id"]}, as_="admin"), 400,
                       "invalid_field", "into")
    assert a["number"] in err["message"], "points to the end of the chain"
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {"into": 99999999}, as_="admin"), 400, "invalid_field",
                 "into")
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {}, as_="admin"), 400, "missing_field", "into")
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/merge", {"into": a["id"]}, as_="requester"), 403, "forbidden")
    assert_error(api.post(f"/api/v1/tickets/{b['id']}/merge", {"into": c["id"]}, as_="admin"), 400, "invalid_field",
                 "id")
    assert {t: api.snapshot(t) for t in snaps} == snaps


def test_split_moves_the_chosen_articles_to_a_new_linked_ticket_and_keeps_every_article(api):
    t = api.create_ticket(as_="requester", subject="两个问题：打印机和邮箱")
    tid = t["id"]
    ids = []
    for body in ("打印机卡纸", "另外邮箱也收不到信", "邮箱报错截图"):
        ids.append(api.ok("POST", f"/api/v1/tickets/{tid}/articles", {"kind": "reply", "body": body},
                          as_="requester", status=201)["id"])
    all_before = {a["id"] for a in api.articles(tid)}
    snap = api.snapshot(tid)
    assert_error(api.post(f"/api/v1/tickets/{tid}/split", {"article_ids": [999999]}, as_="admin"), 400,
                 "invalid_field", "article_ids")
    assert_error(api.post(f"/api/v1/tickets/{tid}/split", {"article_ids": ids}, as_="admin"), 400, "invalid_field",
                 "article_ids")
    assert_error(api.post(f"/api/v1/tickets/{tid}/split", {"article_ids": []}, as_="admin"), 400, "missing_field",
                 "article_ids")
    assert api.snapshot(tid) == snap
    new = api.ok("POST", f"/api/v1/tickets/{tid}/split", {"article_ids": ids[1:], "subject": "邮箱收不到信"},
                 as_="admin", status=201)
    assert new["subject"] == "邮箱收不到信" and new["requester"]["id"] == api.uid("requester")
    moved = {a["id"] for a in api.articles(new["id"])}
    kept = {a["id"] for a in api.articles(tid)}
    assert moved == set(ids[1:]) and kept | moved == all_before and not kept & moved
    rel = {l["relation"]: l["ticket_id"] for l in api.ok("GET", f"/api/v1/tickets/{tid}/links", as_="admin")["items"]}
    assert rel == {"split_to": new["id"]}
    assert api.ok("GET", f"/api/v1/tickets/{new['id']}", as_="requester")["id"] == new["id"]


def test_links_parent_child_and_related_without_cycles_or_duplicates(api):
    p, c, r = (api.create_ticket(as_="admin", subject=f"关联 {i}") for i in range(3))
    got = api.ok("POST", f"/api/v1/tickets/{p['id']}/links", {"ticket_id": c["id"], "relation": "parent_of"},
                 as_="admin", status=201)["items"]
    assert [(l["relation"], l["ticket_id"]) for l in got] == [("parent_of", c["id"])]
    child_view = api.ok("GET", f"/api/v1/tickets/{c['id']}/links", as_="admin")["items"]
    assert [(l["relation"], l["ticket_id"]) for l in child_view] == [("child_of", p["id"])]
    assert_error(api.post(f"/api/v1/tickets/{c['id']}/links", {"ticket_id": p["id"], "relation": "parent_of"},
                          as_="admin"), 400, "invalid_field", "ticket_id")
    assert_error(api.post(f"/api/v1/tickets/{p['id']}/links", {"ticket_id": p["id"], "relation": "related"},
                          as_="admin"), 400, "invalid_field", "ticket_id")
    assert_error(api.post(f"/api/v1/tickets/{p['id']}/links", {"ticket_id": r["id"], "relation": "sibling"},
                          as_="admin"), 400, "invalid_field", "relation")
    api.ok("POST", f"/api/v1/tickets/{p['id']}/links", {"ticket_id": r["id"], "relation": "related"}, as_="admin",
           status=201)
    assert_error(api.post(f"/api/v1/tickets/{r['id']}/links", {"ticket_id": p["id"], "relation": "related"},
                          as_="admin"), 409, "conflict")
    link = [l for l in api.ok("GET", f"/api/v1/tickets/{r['id']}/links", as_="admin")["items"]][0]
    api.ok("DELETE", f"/api/v1/tickets/{r['id']}/links/{link['id']}", as_="admin")
    assert api.ok("GET", f"/api/v1/tickets/{r['id']}/links", as_="admin")["items"] == []
    assert_error(api.delete(f"/api/v1/tickets/{r['id']}/links/{link['id']}", as_="admin"), 404, "not_found")


def test_tags_are_added_once_removed_and_checked(api):
    t = api.create_ticket(as_="admin", subject="标签")
    url = f"/api/v1/tickets/{t['id']}/tags"
    assert api.ok("POST", url, {"tag": "网络"}, as_="admin")["items"] == ["网络"]
    assert api.ok("POST", url, {"tag": "网络"}, as_="admin")["items"] == ["网络"]
    assert_error(api.post(url, {"tag": "a,b"}, as_="admin"), 400, "invalid_field", "tag")
    assert_error(api.post(url, {"tag": ""}, as_="admin"), 400, {"invalid_field", "missing_field"}, "tag")
    assert_error(api.post(url, {"tag": "x"}, as_="requester"), 403, "forbidden")
    assert api.ok("DELETE", url, as_="admin", params={"tag": "网络"}, status=200)["items"] == []
    assert_error(api.delete(url, as_="admin", params={"tag": "网络"}), 404, "not_found")


# ---- work log ------------------------------------------------------------------------------------

def test_work_log_entries_totals_and_absurd_durations(api):
    a = agent(api)
    t = api.create_ticket(as_="admin", subject="工时", assignee_id=api.uid(a))
    url = f"/api/v1/tickets/{t['id']}/worklog"
    e1 = api.ok("POST", url, {"minutes": 45, "activity": "phone", "note": "电话指导"}, as_=a, status=201)
    assert e1["minutes"] == 45 and e1["work_date"] == "2026-12-01" and e1["user_id"] == api.uid(a)
    api.ok("POST", url, {"minutes": 90, "activity": "onsite", "work_date": "2026-11-30"}, as_=a, status=201)
    snap = api.ok("GET", url, as_="admin")
    for body, field, code in (({"minutes": -30, "activity": "phone"}, "minutes", "invalid_field"),
                              ({"minutes": 0, "activity": "phone"}, "minutes", "invalid_field"),
                              ({"minutes": 1441, "activity": "phone"}, "minutes", "invalid_field"),
                              ({"minutes": 10 ** 12, "activity": "phone"}, "minutes", "invalid_field"),
                              ({"minutes": 30}, "activity", "missing_field"),
                              ({"minutes": 30, "activity": "napping"}, "activity", "invalid_field"),
                              ({"minutes": 30, "activity": "phone", "work_date": "2099-01-01"}, "work_date",
                               "invalid_field"),
                              ({"minutes": 30, "activity": "phone", "work_date": "2026-02-30"}, "work_date",
                               "invalid_field"),
                              ({"minutes": 30, "activity": "phone", "work_date": "2020-01-01"}, "work_date",
                               "invalid_field"),
                              ({"minutes": 1400, "activity": "remote", "work_date": "2026-11-30"}, "minutes",
                               "invalid_field")):
        assert_error(api.post(url, body, as_=a), 400, code, field)
    assert api.ok("GET", url, as_="admin") == snap, "nothing saved"
    assert snap["total_minutes"] == 135
    totals = api.ok("GET", "/api/v1/worklog/totals", as_=a,
                    params={"from": "2026-11-23", "to": "2026-12-07", "group": "day"})
    by_day = {r["period"]: r["minutes"] for r in totals["rows"]}
    assert by_day["2026-11-30"] == 90 and sum(by_day.values()) == 135
    weeks = api.ok("GET", "/api/v1/worklog/totals", as_=a,
                   params={"from": "2026-11-23", "to": "2026-12-07", "group": "week"})["rows"]
    assert {r["period"]: r["minutes"] for r in weeks} == {"2026-11-30": 135}, "the week starts on Monday 11-30"
    assert_error(api.get("/api/v1/worklog/totals", as_=a, params={"user": api.uid("agent_l1"), "from": "2026-11-01",
                                                                   "to": "2026-11-30"}), 403, "forbidden")
    assert_error(api.get("/api/v1/worklog/totals", as_=a, params={"from": "2026-12-01", "to": "2026-11-01"}), 400,
                 "invalid_query", "to")
    lead_view = api.ok("GET", "/api/v1/worklog/totals", as_="manager",
                       params={"user": api.uid(a), "from": "2026-11-01", "to": "2026-12-31", "group": "week"})
    assert lead_view["total_minutes"] == 135
    assert_error(api.get(url, as_="requester"), 403, "forbidden")
    other = agent(api)
    assert_error(api.delete(f"{url}/{e1['id']}", as_=other), 403, "forbidden")  # not theirs
    api.ok("DELETE", f"{url}/{e1['id']}", as_=a)
    assert api.ok("GET", url, as_="admin")["total_minutes"] == 90


# ---- automation rules -----------------------------------------------------------------------------

def test_a_rule_naming_a_missing_team_or_bad_fields_is_refused_and_nothing_saved(api):
    before = api.ok("GET", "/api/v1/rules", as_="admin")["items"]
    for body, field in (
            ({"name": "x", "trigger": "create", "actions": [{"kind": "set_team", "team_id": 999999}]},
             "actions[0].team_id"),
            ({"name": "x", "trigger": "create", "actions": []}, "actions"),
            ({"name": "x", "trigger": "sometimes", "actions": [{"kind": "add_tag", "tag": "a"}]}, "trigger"),
            ({"name": "x", "trigger": "create", "actions": [{"kind": "set_state", "state": "resolved"}]},
             "actions[0].kind"),
            ({"name": "x", "trigger": "time", "conditions": {"states": ["pending_customer"]},
              "actions": [{"kind": "add_note", "text": "t"}]}, "conditions.for_minutes"),
            ({"name": "x", "trigger": "create", "actions": [{"kind": "reply", "text": "{{requester.password}}"}]},
             "actions[0].text"),
            ({"name": "x", "trigger": "create", "actions": [{"kind": "set_assignee", "user_id": api.uid("requester")}]},
             "actions[0].user_id"),
            ({"name": "x", "trigger": "create", "conditions": {"category_ids": [999999]},
              "actions": [{"kind": "add_tag", "tag": "a"}]}, "conditions.category_ids[0]")):
        assert_error(api.post("/api/v1/rules", body, as_="admin"), 400, {"invalid_field", "missing_field"}, field)
    assert_error(api.post("/api/v1/rules", {"name": "x", "trigger": "create",
                                            "actions": [{"kind": "add_tag", "tag": "a"}]}, as_="agent_l1"), 403,
                 "forbidden")
    assert api.ok("GET", "/api/v1/rules", as_="admin")["items"] == before


def test_rules_run_in_order_and_later_rules_see_what_earlier_ones_did(api):
    marker = unique("ord")
    l2 = team(api)
    # Position 20 runs second: it sees the P1 that position 10 set.
    second = rule(api, {"name": unique("P1 进二线"), "position": 20, "trigger": "create",
                        "conditions": {"words": [marker], "priorities": ["P1"]},
                        "actions": [{"kind": "set_team", "team_id": l2}, {"kind": "add_tag", "tag": "重大"}]})
    first = rule(api, {"name": unique("宕机提级"), "position": 10, "trigger": "create",
                       "conditions": {"words": [marker]},
                       "actions": [{"kind": "set_priority", "priority": "P1"},
                                   {"kind": "add_note", "text": "自动提级：{{ticket.subject}}"}]})
    t = api.create_ticket(as_="requester", subject=f"{marker} 生产系统宕机")
    assert t["priority"] == "P1" and t["team"]["id"] == l2
    assert [e["after"] for e in events(api, t["id"], "rule")] == [first["name"], second["name"]]
    assert "重大" in api.ok("GET", f"/api/v1/tickets/{t['id']}/tags", as_="admin")["items"]
    assert any(a["body"] == f"自动提级：{marker} 生产系统宕机" for a in api.articles(t["id"]))
    # Rules' changes are attributed to the rule, not to the requester.
    assert all(e["actor_id"] is None for e in events(api, t["id"], "priority"))
    for r in (first, second):
        api.ok("DELETE", f"/api/v1/rules/{r['id']}", as_="admin")


def test_update_rules_that_would_ping_pong_run_once_each(api):
    marker = unique("loop")
    a = rule(api, {"name": unique("A"), "position": 1, "trigger": "update",
                   "conditions": {"words": [marker], "priorities": ["P2"]},
                   "actions": [{"kind": "set_priority", "priority": "P1"}]})
    b = rule(api, {"name": unique("B"), "position": 2, "trigger": "update",
                   "conditions": {"words": [marker], "priorities": ["P1"]},
                   "actions": [{"kind": "set_priority", "priority": "P2"}]})
    t = api.create_ticket(as_="admin", subject=f"{marker} 循环")
    started = time.monotonic()
    got = api.patch_ticket(t["id"], as_="admin", priority="P2")
    assert time.monotonic() - started < 5
    assert got["priority"] == "P2", "A set P1, then B (its condition became true) set P2; neither ran again"
    assert [e["after"] for e in events(api, t["id"], "rule")] == [a["name"], b["name"]]
    # A later unrelated edit does not fire them again: their conditions held before it already.
    api.patch_ticket(t["id"], as_="admin", subject=f"{marker} 循环（改标题）")
    assert len(events(api, t["id"], "rule")) == 2
    for r in (a, b):
        api.ok("DELETE", f"/api/v1/rules/{r['id']}", as_="admin")


def test_a_broken_rule_does_not_block_ticket_creation_and_admins_are_told_once(api):
    marker = unique("broken")
    doomed = agent(api)
    r = rule(api, {"name": unique("指派给老员工"), "position": 1, "trigger": "create", "conditions": {"words": [marker]},
                   "actions": [{"kind": "set_assignee", "user_id": api.uid(doomed)},
                               {"kind": "add_tag", "tag": "不应出现"}]})
    api.ok("PATCH", f"/api/v1/users/{api.uid(doomed)}", {"active": False}, as_="admin")
    t1 = api.create_ticket(as_="requester", subject=f"{marker} 一")
    t2 = api.create_ticket(as_="requester", subject=f"{marker} 二")
    for t in (t1, t2):
        assert t["assignee"] is None
        assert api.ok("GET", f"/api/v1/tickets/{t['id']}/tags", as_="admin")["items"] == [], "all or nothing"
    saved = api.ok("GET", f"/api/v1/rules/{r['id']}", as_="admin")
    assert "actions[0].user_id" in saved["last_error"] and saved["last_error_at"]
    told = [n for n in notifications(api, "admin", "rule.failed") if n["data"].get("rule_id") == r["id"]]
    assert len(told) == 1, told
    api.ok("DELETE", f"/api/v1/rules/{r['id']}", as_="admin")


def test_time_rules_remind_after_7_days_and_resolve_after_10_once_each(api):
    marker = unique("wait")
    remind = rule(api, {"name": unique("7 天提醒"), "position": 1, "trigger": "time",
                        "conditions": {"words": [marker], "states": ["pending_customer"], "for_minutes": 7 * 1440},
                        "actions": [{"kind": "reply", "text": "{{requester.name}}您好，工单 {{ticket.number}} 等待您的反馈。"}]})
    close = rule(api, {"name": unique("10 天解决"), "position": 2, "trigger": "time",
                       "conditions": {"words": [marker], "states": ["pending_customer"], "for_minutes": 10 * 1440},
                       "actions": [{"kind": "set_state", "state": "resolved", "text": "10 天未反馈，自动解决。"}]})
    t = api.ticket_in("pending_customer", subject=f"{marker} 等客户")
    tid = t["id"]
    advance(api, days=6, hours=23)
    time.sleep(2.5)
    assert not [a for a in api.articles(tid) if "等待您的反馈" in a["body"]]
    advance(api, hours=2)
    reminded = wait_until(lambda: [a for a in api.articles(tid) if "等待您的反馈" in a["body"]], timeout=10)
    assert len(reminded) == 1 and reminded[0]["kind"] == "reply" and "黄客户您好" in reminded[0]["body"]
    time.sleep(2.5)
    assert len([a for a in api.articles(tid) if "等待您的反馈" in a["body"]]) == 1, "once per stay"
    assert api.ticket(tid)["state"] == "pending_customer"
    advance(api, days=3)
    resolved = wait_until(lambda: api.ticket(tid)["state"] == "resolved", timeout=10)
    assert resolved
    states = [e["after"] for e in events(api, tid, "state")]
    assert states[-2:] == ["in_progress", "resolved"], "through the state machine's own path"
    assert "10 天未反馈" in [e for e in events(api, tid, "reason")][-1]["after"]
    for r in (remind, close):
        api.ok("DELETE", f"/api/v1/rules/{r['id']}", as_="admin")


# ---- macros --------------------------------------------------------------------------------------

def test_macros_fill_placeholders_per_team_or_for_everyone(api):
    a = agent(api, name="钱工")
    outsider = agent(api)
    lead = agent(api, "team_lead")
    t_team = team(api, [a, lead])
    relogin(api, a)
    relogin(api, lead)
    g = api.ok("POST", "/api/v1/macros", {"name": unique("首次响应"), "team_id": None,
                                           "body": "{{requester.name}}您好，我是{{agent.name}}，工单 {{ticket.number}} 已受理。"},
               as_="admin", status=201)
    m = api.ok("POST", "/api/v1/macros", {"name": unique("组内"), "team_id": t_team, "body": "{{team.name}} 跟进中"},
               as_=lead, status=201)
    tk = api.create_ticket(as_="requester", subject="宏测试")
    api.patch_ticket(tk["id"], as_="admin", team_id=t_team, assignee_id=api.uid(a))
    text = api.ok("POST", f"/api/v1/macros/{g['id']}/render", {"ticket_id": tk["id"]}, as_=a)["text"]
    assert text == f"黄客户您好，我是钱工，工单 {tk['number']} 已受理。"
    mine = {x["id"] for x in api.ok("GET", "/api/v1/macros", as_=a)["items"]}
    assert {g["id"], m["id"]} <= mine
    theirs = {x["id"] for x in api.ok("GET", "/api/v1/macros", as_=outsider)["items"]}
    assert g["id"] in theirs and m["id"] not in theirs
    assert_error(api.post(f"/api/v1/macros/{m['id']}/render", {"ticket_id": tk["id"]}, as_=outsider), 404,
                 "not_found")
    assert_error(api.post("/api/v1/macros", {"name": "x", "body": "{{ticket.secret}}"}, as_="admin"), 400,
                 "invalid_field", "body")
    assert_error(api.post("/api/v1/macros", {"name": g["name"], "body": "dup"}, as_="admin"), 409, "conflict", "name")
    assert_error(api.post("/api/v1/macros", {"name": "x", "body": "b"}, as_=lead), 403, "forbidden")
    assert_error(api.request("PUT", f"/api/v1/macros/{g['id']}", json={"name": "改", "body": "b"}, as_=a), 403,
                 "forbidden")
    api.ok("PUT", f"/api/v1/macros/{m['id']}", {"name": m["name"], "team_id": t_team, "body": "已处理"}, as_=lead)
    assert api.ok("POST", f"/api/v1/macros/{m['id']}/render", {"ticket_id": tk["id"]}, as_=a)["text"] == "已处理"


# ---- notifications and presence ------------------------------------------------------------------

def test_assigned_mentioned_and_replied_notifications(api):
    a = agent(api)
    b = agent(api)
    login_b = api.users[b].login
    tk = api.create_ticket(as_="requester", subject="通知")
    api.patch_ticket(tk["id"], as_="admin", assignee_id=api.uid(a))
    assert [n["ticket_id"] for n in notifications(api, a, "ticket.assigned")] == [tk["id"]]
    api.ok("POST", f"/api/v1/tickets/{tk['id']}/articles",
           {"kind": "note", "body": f"@{login_b} 帮忙看下日志，邮件 x@{login_b}.com 不算"}, as_="admin", status=201)
    mentioned = notifications(api, b, "ticket.mentioned")
    assert len(mentioned) == 1 and mentioned[0]["ticket_id"] == tk["id"]
    api.ok("POST", f"/api/v1/tickets/{tk['id']}/articles", {"kind": "reply", "body": "还是不行"}, as_="requester",
           status=201)
    replies = notifications(api, a, "ticket.reply")
    assert replies and replies[0]["ticket_id"] == tk["id"]
    # Taking a ticket yourself tells nobody.
    own = api.create_ticket(as_="requester", subject="自己接")
    api.patch_ticket(own["id"], as_=b, assignee_id=api.uid(b))
    assert own["id"] not in [n["ticket_id"] for n in notifications(api, b, "ticket.assigned")]


def test_presence_reaches_other_staff_watching_not_the_sender_nor_the_requester(api):
    a, b = agent(api, name="甲工"), agent(api, name="乙工")
    t = team(api, [a, b])
    relogin(api, a)
    relogin(api, b)
    tk = api.create_ticket(as_="admin", subject="碰撞提示", team_id=t, requester_id=api.uid("requester"))
    sa = Stream(api.base, api.users[a].token)
    sb = Stream(api.base, api.users[b].token)
    sr = Stream(api.base, api.users["requester"].token)
    try:
        api.ok("POST", f"/api/v1/tickets/{tk['id']}/presence", {"activity": "replying"}, as_=a, status=204)
        got = sb.wait_for(lambda e, d: e == "presence" and d["id"] == tk["id"], 5)
        assert got and got[1]["user_id"] == api.uid(a) and got[1]["user_name"] == "甲工" and \
            got[1]["activity"] == "replying"
        time.sleep(0.5)
        assert not [e for e, _ in sa.events if e == "presence"]
        assert not [e for e, _ in sr.events if e == "presence"]
        assert_error(api.post(f"/api/v1/tickets/{tk['id']}/presence", {"activity": "dancing"}, as_=a), 400,
                     "invalid_field", "activity")
        assert_error(api.post(f"/api/v1/tickets/{tk['id']}/presence", {"activity": "replying"}, as_="requester"), 403,
                     "forbidden")
    finally:
        sa.close()
        sb.close()
        sr.close()
