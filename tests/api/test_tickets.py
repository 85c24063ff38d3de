"""# description: Every request becomes one ticket (受理) with a number, a priority from impact x urgency,
and a state that moves only along the department's path — new, assigned (派单), in progress, waiting for
the customer, resolved with a note, confirmed closed or reopened — while every change and every reply,
note and phone log lands in an immutable history, oldest first.
"""

from datetime import datetime, timedelta

import pytest

from conftest import (AGENT_TRANSITIONS, NEEDS_REASON, NUMBER_RE, PRIORITY, TIME_RE, assert_error,
                      describe, unique)


def shanghai_date(ts):
    """YYYYMMDD of an RFC 3339 UTC timestamp in Asia/Shanghai (UTC+8, no DST)."""
    utc = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ")
    return (utc + timedelta(hours=8)).strftime("%Y%m%d")


def same(a, b):
    """Event before/after values compare as text (an id may come back as 5 or "5")."""
    return (a is None and b is None) or (a is not None and b is not None and str(a) == str(b))


def find_events(events, field, before=..., after=...):
    return [e for e in events if e["field"] == field
            and (before is ... or same(e["before"], before))
            and (after is ... or same(e["after"], after))]


# ---- create and get -----------------------------------------------------------------------------

def test_create_answers_a_new_ticket_with_number_and_defaults(api):
    subject = f"三楼打印机卡纸 {unique()}"
    r = api.post("/api/v1/tickets", {"subject": subject, "description": "无法打印，提示卡纸。"}, as_="requester")
    assert r.status_code == 201, describe(r)
    t = r.json()
    assert NUMBER_RE.match(t["number"]), t["number"]
    assert t["number"][:8] == shanghai_date(t["created_at"]), (t["number"], t["created_at"])
    assert t["subject"] == subject and t["description"] == "无法打印，提示卡纸。"
    assert t["state"] == "new"
    assert (t["type"], t["impact"], t["urgency"], t["priority"]) == ("incident", "medium", "medium", "P3")
    assert (t["channel"], t["tier"]) == ("web", "L1")
    req = api.users["requester"]
    assert t["requester_id"] == req.id and t["requester"] == {"id": req.id, "name": req.name}
    org = api.orgs["org_a"]
    assert t["organization_id"] == org["id"] and t["organization"] == {"id": org["id"], "name": org["name"]}
    assert t["assignee_id"] is None and t["assignee"] is None
    assert t["team_id"] is None and t["team"] is None
    assert t["category_id"] is None and t["category"] is None
    assert t["cancel_reason"] is None and t["resolved_at"] is None and t["closed_at"] is None
    assert isinstance(t["version"], int)
    assert TIME_RE.match(t["created_at"]) and TIME_RE.match(t["updated_at"])

    got = api.ok("GET", f"/api/v1/tickets/{t['id']}", as_="requester")
    assert got == t


def test_ticket_numbers_are_unique_and_follow_the_day_sequence(api):
    a = api.create_ticket()
    b = api.create_ticket()
    assert a["number"] != b["number"]
    if a["number"][:8] == b["number"][:8]:
        assert int(b["number"][9:]) > int(a["number"][9:])


@pytest.mark.parametrize("impact,urgency", sorted(PRIORITY))
def test_priority_follows_the_impact_urgency_matrix(api, impact, urgency):
    t = api.create_ticket(impact=impact, urgency=urgency)
    assert (t["impact"], t["urgency"], t["priority"]) == (impact, urgency, PRIORITY[(impact, urgency)])


def test_an_agent_may_set_the_priority_against_the_matrix(api):
    t = api.create_ticket(as_="agent_l1", impact="low", urgency="low", priority="P1")
    assert t["priority"] == "P1"


def test_changing_impact_and_urgency_recomputes_a_computed_priority(api):
    t = api.create_ticket()
    assert t["priority"] == "P3"
    t = api.patch_ticket(t["id"], impact="high", urgency="high")
    assert t["priority"] == "P1"


def test_agent_may_log_a_phone_call_for_a_customer(api):
    t = api.create_ticket(as_="agent_l1", requester_id=api.uid("requester_b"), channel="phone", type="service_request",
                          tier="L2", team_id=api.teams["l1"]["id"])
    assert t["requester_id"] == api.uid("requester_b")
    assert t["organization_id"] == api.orgs["org_b"]["id"], "the organisation follows the requester"
    assert (t["channel"], t["type"], t["tier"]) == ("phone", "service_request", "L2")
    assert t["team"] == {"id": api.teams["l1"]["id"], "name": api.teams["l1"]["name"]}
    # The customer sees their ticket.
    api.ok("GET", f"/api/v1/tickets/{t['id']}", as_="requester_b")


def test_category_is_returned_with_its_path(api):
    cats = api.ok("GET", "/api/v1/categories", as_="requester")["items"]
    by_path = {c["path"]: c for c in cats}
    for root in ("软件", "硬件", "网络", "其他"):
        assert root in by_path and by_path[root]["parent_id"] is None, root
    for path in ("软件/操作系统", "软件/办公软件", "软件/业务系统", "软件/邮件", "硬件/台式机/笔记本", "硬件/打印机",
                 "硬件/服务器", "硬件/外设", "网络/有线网络", "网络/无线网络", "网络/VPN", "网络/防火墙",
                 "其他/账号权限", "其他/咨询", "其他/其他"):
        assert path in by_path, f"seeded category {path} missing"
    printers = by_path["硬件/打印机"]
    assert printers["parent_id"] == by_path["硬件"]["id"]
    t = api.create_ticket(category_id=printers["id"])
    assert t["category_id"] == printers["id"]
    assert t["category"] == {"id": printers["id"], "name": "打印机", "name_en": printers["name_en"],
                             "path": "硬件/打印机"}


def test_admin_creates_a_subcategory(api):
    root = api.create_category(name=unique("根"), name_en=unique("root"))
    child = api.create_category(name="子类", name_en="Child", parent_id=root["id"])
    assert child["parent_id"] == root["id"] and child["path"] == f"{root['name']}/子类"
    paths = {c["path"] for c in api.ok("GET", "/api/v1/categories", as_="requester")["items"]}
    assert child["path"] in paths
    t = api.create_ticket(category_id=child["id"])
    listed = api.list_all("/api/v1/tickets", as_="admin", params={"category": root["id"]})
    assert [i["id"] for i in listed] == [t["id"]], "a category filter includes its sub-categories"


# ---- list, filters, sort, pagination ------------------------------------------------------------

@pytest.fixture(scope="module")
def board(api):
    """A private category holding tickets in known states, priorities, teams and assignees."""
    cat = api.create_category()
    c = cat["id"]
    l1, l2 = api.teams["l1"]["id"], api.teams["l2"]["id"]
    tickets = {
        "new_p1": api.create_ticket(category_id=c, impact="high", urgency="high"),
        "new_p4": api.create_ticket(category_id=c, impact="low", urgency="low"),
        "assigned_me": api.ticket_in("assigned", category_id=c),
        "progress_l1": api.ticket_in("in_progress", category_id=c),
        "l2_team": api.create_ticket(as_="agent_l2", category_id=c, team_id=l2, type="consultation"),
        "complaint": api.create_ticket(category_id=c, type="complaint", impact="medium", urgency="high"),
        "other_req": api.create_ticket(as_="requester_b", category_id=c, urgency="low"),
    }
    api.patch_ticket(tickets["progress_l1"]["id"], team_id=l1)
    tickets = {k: api.ticket(t["id"]) for k, t in tickets.items()}
    return {"category": c, "t": tickets}


def ids(items):
    return [i["id"] for i in items]


def listing(api, as_="admin", **params):
    return api.list_all("/api/v1/tickets", as_=as_, params=params)


def test_list_filters_by_state(api, board):
    t, c = board["t"], board["category"]
    new = {t[k]["id"] for k in ("new_p1", "new_p4", "l2_team", "complaint", "other_req")}
    assert set(ids(listing(api, category=c, state="new"))) == new
    got = listing(api, category=c, state="assigned,in_progress")
    assert set(ids(got)) == {t["assigned_me"]["id"], t["progress_l1"]["id"]}
    assert set(ids(listing(api, category=c, state="closed"))) == set()


def test_list_filters_by_priority_type_team_requester_and_organization(api, board):
    t, c = board["t"], board["category"]
    assert set(ids(listing(api, category=c, priority="P1"))) == {t["new_p1"]["id"]}
    p12 = {i["id"] for i in t.values() if i["priority"] in ("P1", "P2")}
    assert set(ids(listing(api, category=c, priority="P1,P2"))) == p12 and len(p12) >= 2
    assert set(ids(listing(api, category=c, type="complaint"))) == {t["complaint"]["id"]}
    assert set(ids(listing(api, category=c, team=api.teams["l2"]["id"]))) == {t["l2_team"]["id"]}
    assert set(ids(listing(api, category=c, requester=api.uid("requester_b")))) == {t["other_req"]["id"]}
    assert set(ids(listing(api, category=c, organization=api.orgs["org_b"]["id"]))) == {t["other_req"]["id"]}
    both = listing(api, category=c, state="new", priority="P4")
    assert all(i["state"] == "new" and i["priority"] == "P4" for i in both) and t["new_p4"]["id"] in ids(both)


def test_list_filters_by_assignee_me_none_and_id(api, board):
    t, c = board["t"], board["category"]
    mine = {t["assigned_me"]["id"], t["progress_l1"]["id"]}
    assert set(ids(listing(api, as_="agent_l1", category=c, assignee="me"))) == mine
    assert set(ids(listing(api, category=c, assignee=api.uid("agent_l1")))) == mine
    unassigned = {i["id"] for i in t.values()} - mine
    assert set(ids(listing(api, category=c, assignee="none"))) == unassigned


def test_list_finds_text_in_chinese(api):
    cat = api.create_category()["id"]
    marker = unique("zq")
    hit = api.create_ticket(category_id=cat, subject=f"三楼打印机卡纸无法打印 {marker}", description="复印室的打印机")
    miss = api.create_ticket(category_id=cat, subject="无线网络断开", description="会议室无线网络经常断开")
    assert ids(listing(api, category=cat, q="卡纸")) == [hit["id"]]
    assert ids(listing(api, category=cat, q="无线")) == [miss["id"]]
    assert ids(listing(api, category=cat, q=hit["number"])) == [hit["id"]], "the number is searched too"
    assert ids(listing(api, category=cat, q="打印机卡纸无法")) == [hit["id"]]
    assert ids(listing(api, q=marker)) == [hit["id"]]
    assert listing(api, category=cat, q="无此内容的查询词") == []


def _is_sorted(values, descending=False):
    return values == sorted(values, reverse=descending)


@pytest.mark.parametrize("sort", ["created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority"])
def test_list_sorts(api, board, sort):
    key = sort.lstrip("-")
    items = listing(api, category=board["category"], sort=sort)
    assert len(items) >= len(board["t"])
    assert _is_sorted([i[key] for i in items], descending=sort.startswith("-")), [(i["id"], i[key]) for i in items]


def test_default_sort_is_newest_first(api, board):
    items = listing(api, category=board["category"])
    assert _is_sorted([i["created_at"] for i in items], descending=True)


def test_a_changed_ticket_comes_first_by_updated_at(api, board):
    target = board["t"]["new_p4"]
    api.ok("POST", f"/api/v1/tickets/{target['id']}/articles", {"kind": "note", "body": "touch"}, as_="agent_l1",
           status=201)
    api.patch_ticket(target["id"], subject=f"{target['subject']} (改)")
    first = api.ok("GET", "/api/v1/tickets", as_="admin",
                   params={"category": board["category"], "sort": "-updated_at", "limit": 1})["items"][0]
    assert first["id"] == target["id"]


def walk(api, params, limit):
    pages, cursor = [], None
    while True:
        p = dict(params, limit=limit, **({"cursor": cursor} if cursor else {}))
        page = api.ok("GET", "/api/v1/tickets", as_="admin", params=p)
        assert len(page["items"]) <= limit
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "pagination does not end"


@pytest.mark.parametrize("sort", ["-created_at", "created_at", "priority", "-priority", "-updated_at"])
def test_cursor_pagination_has_no_duplicates_and_no_gaps(api, sort):
    cat = api.create_category()["id"]
    levels = ["high", "medium", "low"]
    created = [api.create_ticket(category_id=cat, impact=levels[i % 3], urgency=levels[(i // 3) % 3])["id"]
               for i in range(8)]
    whole = ids(api.ok("GET", "/api/v1/tickets", as_="admin",
                       params={"category": cat, "sort": sort, "limit": 100})["items"])
    pages = walk(api, {"category": cat, "sort": sort}, limit=3)
    assert [len(p) for p in pages] == [3, 3, 2]
    flat = [i for p in pages for i in ids(p)]
    assert len(flat) == len(set(flat)), f"duplicates across pages: {flat}"
    assert set(flat) == set(created), "gaps across pages"
    assert flat == whole, "pages do not concatenate to the single-page order"


def test_pages_stay_stable_when_tickets_are_created_while_paging(api):
    cat = api.create_category()["id"]
    created = [api.create_ticket(category_id=cat)["id"] for _ in range(6)]
    p1 = api.ok("GET", "/api/v1/tickets", as_="admin", params={"category": cat, "limit": 2})
    api.create_ticket(category_id=cat)  # newest first: it belongs before page 1, never on page 2
    seen = ids(p1["items"])
    cursor = p1["next_cursor"]
    while cursor:
        page = api.ok("GET", "/api/v1/tickets", as_="admin", params={"category": cat, "limit": 2, "cursor": cursor})
        seen += ids(page["items"])
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)), f"duplicates: {seen}"
    assert set(seen) == set(created)


def test_limit_bounds_the_page_and_defaults_to_25(api):
    cat = api.create_category()["id"]
    for _ in range(26):
        api.create_ticket(category_id=cat, as_="agent_l1")
    page = api.ok("GET", "/api/v1/tickets", as_="admin", params={"category": cat})
    assert len(page["items"]) == 25 and page["next_cursor"]
    page = api.ok("GET", "/api/v1/tickets", as_="admin", params={"category": cat, "limit": 100})
    assert len(page["items"]) == 26 and page["next_cursor"] is None
    page = api.ok("GET", "/api/v1/tickets", as_="admin", params={"category": cat, "limit": 1})
    assert len(page["items"]) == 1 and page["next_cursor"]


# ---- PATCH ----------------------------------------------------------------------------------------

def test_patch_changes_fields_and_records_before_and_after(api):
    t = api.create_ticket(impact="low", urgency="low")
    l2 = api.teams["l2"]
    new_subject = f"VPN 无法连接 {unique()}"
    u = api.patch_ticket(t["id"], as_="agent_l1", subject=new_subject, priority="P2", team_id=l2["id"],
                         type="service_request", channel="phone", tier="L2")
    assert u["subject"] == new_subject and u["priority"] == "P2" and u["team_id"] == l2["id"]
    assert u["team"] == {"id": l2["id"], "name": l2["name"]}
    assert (u["type"], u["channel"], u["tier"]) == ("service_request", "phone", "L2")
    assert u["version"] > t["version"]
    assert u["updated_at"] >= t["updated_at"]
    assert u["state"] == "new", "PATCH never changes the state unless it assigns"

    ev = api.events(t["id"])
    for field, before, after in [("subject", t["subject"], new_subject), ("priority", "P4", "P2"),
                                 ("team_id", None, l2["id"])]:
        found = find_events(ev, field, before, after)
        assert len(found) == 1, f"no single {field} event {before!r}->{after!r} in {ev}"
        assert found[0]["actor_id"] == api.uid("agent_l1")
        assert found[0]["actor"] == {"id": api.uid("agent_l1"), "name": api.users["agent_l1"].name}
        assert TIME_RE.match(found[0]["at"])
    assert api.ticket(t["id"]) == u


def test_each_change_increments_the_version(api):
    t = api.create_ticket()
    v = t["version"]
    t = api.patch_ticket(t["id"], subject="一")
    assert t["version"] == v + 1
    t = api.patch_ticket(t["id"], subject="二", version=t["version"])
    assert t["version"] == v + 2


def test_patch_with_a_stale_version_is_a_conflict_and_changes_nothing(api):
    t = api.create_ticket()
    api.patch_ticket(t["id"], subject="first edit")
    snap = api.snapshot(t["id"])
    r = api.patch(f"/api/v1/tickets/{t['id']}", {"subject": "second edit", "version": t["version"]}, as_="agent_l1")
    assert_error(r, 409, "conflict")
    assert api.snapshot(t["id"]) == snap


def test_setting_an_assignee_on_a_new_ticket_assigns_it(api):
    t = api.create_ticket()
    agent = api.users["agent_l2"]
    u = api.patch_ticket(t["id"], as_="team_lead", assignee_id=agent.id)
    assert u["state"] == "assigned"
    assert u["assignee_id"] == agent.id and u["assignee"] == {"id": agent.id, "name": agent.name}
    ev = api.events(t["id"])
    assert find_events(ev, "assignee_id", None, agent.id)
    assert find_events(ev, "state", "new", "assigned")


def test_creating_with_an_assignee_starts_assigned(api):
    t = api.create_ticket(as_="team_lead", assignee_id=api.uid("agent_l1"), team_id=api.teams["l1"]["id"])
    assert t["state"] == "assigned" and t["assignee_id"] == api.uid("agent_l1")


def test_reassigning_an_assigned_ticket_keeps_its_state(api):
    t = api.ticket_in("in_progress")
    u = api.patch_ticket(t["id"], as_="team_lead", assignee_id=api.uid("team_lead"))
    assert u["state"] == "in_progress" and u["assignee_id"] == api.uid("team_lead")
    assert find_events(api.events(t["id"]), "assignee_id", api.uid("agent_l1"), api.uid("team_lead"))


@pytest.mark.parametrize("state", ["resolved", "closed", "cancelled"])
def test_a_finished_ticket_cannot_be_reassigned(api, state):
    t = api.ticket_in(state)
    snap = api.snapshot(t["id"])
    path = f"/api/v1/tickets/{t['id']}"
    assert_error(api.patch(path, {"assignee_id": api.uid("agent_l2")}, as_="admin"),
                 400, "invalid_field", "assignee_id")
    assert_error(api.patch(path, {"team_id": api.teams["l2"]["id"]}, as_="admin"), 400, "invalid_field", "team_id")
    assert api.snapshot(t["id"]) == snap


# ---- the state machine ----------------------------------------------------------------------------

def test_the_whole_life_of_a_ticket(api):
    t = api.create_ticket(subject=f"邮件无法收发 {unique()}")
    tid = t["id"]
    path = ["assigned", "in_progress", "pending_customer", "in_progress", "resolved", "reopened", "in_progress",
            "resolved", "closed"]
    previous = "new"
    for step in path:
        if step == "assigned":
            cur = api.patch_ticket(tid, assignee_id=api.uid("agent_l1"))
        else:
            reason = f"{step} 的说明" if step in NEEDS_REASON else None
            r = api.transition(tid, step, reason)
            assert r.status_code == 200, describe(r, f"{previous} -> {step}")
            cur = r.json()
        assert cur["state"] == step
        opts = api.ok("GET", f"/api/v1/tickets/{tid}/transitions", as_="agent_l1")
        assert opts["state"] == step
        assert set(opts["allowed"]) == AGENT_TRANSITIONS[step], (step, opts)
        if step == "resolved":
            assert cur["resolved_at"] is not None
        previous = step
    assert cur["closed_at"] is not None and cur["closed_at"] >= cur["resolved_at"]

    states = [(e["before"], e["after"]) for e in api.events(tid) if e["field"] == "state"]
    assert states == list(zip(["new"] + path[:-1], path)), states
    reasons = [e["after"] for e in api.events(tid) if e["field"] == "reason"]
    assert reasons == ["resolved 的说明", "reopened 的说明", "resolved 的说明"], reasons


def test_pending_third_party_returns_to_in_progress(api):
    t = api.ticket_in("pending_third_party")
    assert api.move(t["id"], "in_progress")["state"] == "in_progress"


@pytest.mark.parametrize("state", sorted(AGENT_TRANSITIONS))
def test_transitions_lists_what_an_agent_may_do(api, state):
    t = api.ticket_in(state)
    opts = api.ok("GET", f"/api/v1/tickets/{t['id']}/transitions", as_="agent_l1")
    assert opts["state"] == state
    assert set(opts["allowed"]) == AGENT_TRANSITIONS[state]
    assert len(opts["allowed"]) == len(set(opts["allowed"]))


ALL_STATES = sorted(AGENT_TRANSITIONS)
INVALID = [(s, to) for s in ALL_STATES for to in ALL_STATES
           if to not in AGENT_TRANSITIONS[s] and not (s == "new" and to == "assigned")]


@pytest.mark.parametrize("state,to", INVALID)
def test_an_invalid_transition_is_refused_naming_the_allowed_states(api, state, to):
    t = api.ticket_in(state)
    snap = api.snapshot(t["id"])
    err = assert_error(api.transition(t["id"], to, "原因"), 409, "invalid_transition")
    for allowed in AGENT_TRANSITIONS[state]:
        assert allowed in err["message"], f"{state}->{to}: message {err['message']!r} does not name {allowed}"
    assert api.snapshot(t["id"]) == snap


def test_a_new_ticket_cannot_be_assigned_without_an_assignee(api):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    assert_error(api.transition(t["id"], "assigned"), 409, "invalid_transition")
    assert api.snapshot(t["id"]) == snap


@pytest.mark.parametrize("state,to", [("in_progress", "resolved"), ("resolved", "reopened"), ("new", "cancelled"),
                                      ("in_progress", "cancelled")])
def test_reason_is_required_to_resolve_reopen_and_cancel(api, state, to):
    t = api.ticket_in(state)
    snap = api.snapshot(t["id"])
    assert_error(api.transition(t["id"], to), 400, "missing_field", "reason")
    assert api.snapshot(t["id"]) == snap
    r = api.transition(t["id"], to, "客户确认打印机已恢复")
    assert r.status_code == 200, describe(r)


def test_cancelling_keeps_the_reason(api):
    t = api.create_ticket()
    r = api.transition(t["id"], "cancelled", "重复提交", as_="requester")
    assert r.status_code == 200, describe(r)
    assert r.json()["state"] == "cancelled" and r.json()["cancel_reason"] == "重复提交"


def test_transition_body_is_checked(api):
    t = api.ticket_in("in_progress")
    snap = api.snapshot(t["id"])
    path = f"/api/v1/tickets/{t['id']}/transitions"
    assert_error(api.post(path, {}, as_="agent_l1"), 400, "missing_field", "to")
    assert_error(api.post(path, {"to": "done"}, as_="agent_l1"), 400, "invalid_field", "to")
    assert_error(api.post(path, {"to": 3}, as_="agent_l1"), 400, "invalid_field", "to")
    assert_error(api.post(path, {"to": "resolved", "reason": 7}, as_="agent_l1"), 400, "invalid_field", "reason")
    assert_error(api.post(path, {"to": "resolved", "reason": "ok", "note": "x"}, as_="agent_l1"),
                 400, "unknown_field", "note")
    assert api.snapshot(t["id"]) == snap


# ---- articles -------------------------------------------------------------------------------------

def test_reply_note_and_phone_log_are_kept_oldest_first(api):
    t = api.ticket_in("in_progress")
    tid = t["id"]
    bodies = [("reply", "您好，请重启打印机后再试。"), ("note", "内部：疑似定影器故障"), ("phone", "电话联系客户，已确认重启无效")]
    made = []
    for kind, body in bodies:
        a = api.ok("POST", f"/api/v1/tickets/{tid}/articles", {"kind": kind, "body": body}, as_="agent_l1", status=201)
        assert (a["kind"], a["body"], a["ticket_id"]) == (kind, body, tid)
        assert a["internal"] is (kind == "note")
        assert a["author_id"] == api.uid("agent_l1")
        assert a["author"] == {"id": api.uid("agent_l1"), "name": api.users["agent_l1"].name}
        made.append(a)
    r = api.ok("POST", f"/api/v1/tickets/{tid}/articles", {"kind": "reply", "body": "重启了还是不行"}, as_="requester",
               status=201)
    assert r["internal"] is False and r["author_id"] == api.uid("requester")
    made.append(r)

    listed = api.articles(tid, as_="agent_l1")
    assert listed == made
    assert [a["created_at"] for a in listed] == sorted(a["created_at"] for a in listed)

    kinds = [e["after"] for e in api.events(tid) if e["field"] == "article"]
    assert kinds == ["reply", "note", "phone", "reply"]


def test_article_body_is_checked(api):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    path = f"/api/v1/tickets/{t['id']}/articles"
    assert_error(api.post(path, {"body": "x"}, as_="agent_l1"), 400, "missing_field", "kind")
    assert_error(api.post(path, {"kind": "reply"}, as_="agent_l1"), 400, "missing_field", "body")
    assert_error(api.post(path, {"kind": "email", "body": "x"}, as_="agent_l1"), 400, "invalid_field", "kind")
    assert_error(api.post(path, {"kind": "reply", "body": ""}, as_="agent_l1"), 400, "invalid_field", "body")
    assert_error(api.post(path, {"kind": "reply", "body": "x" * 100001}, as_="agent_l1"), 400, "invalid_field", "body")
    assert_error(api.post(path, {"kind": "reply", "body": "x", "internal": True}, as_="agent_l1"),
                 400, "unknown_field", "internal")
    assert api.snapshot(t["id"]) == snap


# ---- events ---------------------------------------------------------------------------------------

def test_history_starts_with_created_and_only_grows(api):
    t = api.create_ticket()
    tid = t["id"]
    first = api.events(tid)
    assert first and first[0]["field"] == "created"
    assert first[0]["actor_id"] == api.uid("requester") and first[0]["ticket_id"] == tid

    api.move(tid, "assigned", "in_progress")
    api.ok("POST", f"/api/v1/tickets/{tid}/articles", {"kind": "note", "body": "查看日志"}, as_="agent_l1", status=201)
    api.patch_ticket(tid, priority="P1")
    second = api.events(tid)
    assert second[:len(first)] == first, "earlier events changed"
    assert len(second) > len(first)
    assert [e["id"] for e in second] == sorted(e["id"] for e in second)
    assert [e["at"] for e in second] == sorted(e["at"] for e in second)
    assert all(e["ticket_id"] == tid for e in second)

    api.move(tid, "resolved")
    third = api.events(tid)
    assert third[:len(second)] == second


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_history_cannot_be_edited(api, method):
    t = api.create_ticket()
    before = api.events(t["id"])
    r = api.request(method, f"/api/v1/tickets/{t['id']}/events", as_="admin", json={"field": "state"})
    assert_error(r, 405, "method_not_allowed")
    ev = before[0]["id"]
    r = api.request(method, f"/api/v1/tickets/{t['id']}/events/{ev}", as_="admin", json={"field": "state"})
    assert r.status_code in (404, 405), describe(r)
    assert api.events(t["id"]) == before
