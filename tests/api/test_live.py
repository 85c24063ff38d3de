"""
# description: agents and requesters see lists and tickets change while they look at them: every
# committed change reaches the open live-update streams (Server-Sent Events) of the users who may see
# that ticket, and nobody else's; requesters never hear of internal notes; a stream needs credentials.
"""
import time

import pytest

from conftest import assert_error, describe
from live_stream import Stream


@pytest.fixture()
def streams(api):
    opened = []

    def open_(key):
        s = Stream(api.base, api.users[key].token)
        assert s.status == 200
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()


def about(tid, what=None):
    return lambda e, d: e == "ticket" and d["id"] == tid and (what is None or d["what"] == what)


def test_a_stream_is_server_sent_events_that_no_cache_or_proxy_buffers(api, streams):
    s = streams("agent_l1")
    assert s.headers["Content-Type"].startswith("text/event-stream")
    assert s.headers["Cache-Control"] == "no-store"
    assert s.headers["X-Accel-Buffering"] == "no"


def test_a_change_reaches_everyone_who_may_see_the_ticket_with_its_new_version(api, streams):
    req, agent, admin = streams("requester"), streams("agent_l1"), streams("admin")
    t = api.create_ticket(as_="requester")
    for s in (req, agent, admin):
        e = s.wait_for(about(t["id"], "created"))
        assert e, f"no created event for {t['id']}: {s.events}"
        assert e[1] == {"id": t["id"], "number": t["number"], "version": 1, "state": "new", "what": "created"}
    changed = api.patch_ticket(t["id"], as_="agent_l1", urgency="high")
    for s in (req, agent, admin):
        e = s.wait_for(about(t["id"], "updated"))
        assert e and e[1]["version"] == changed["version"], s.events
    moved = api.move(t["id"], "assigned", "in_progress")
    e = req.wait_for(lambda ev, d: ev == "ticket" and d["id"] == t["id"] and d["state"] == "in_progress")
    assert e and e[1]["version"] == moved["version"] and e[1]["what"] == "state"
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "已处理"}, as_="agent_l1",
           status=201)
    assert req.wait_for(about(t["id"], "article"))


def test_nobody_hears_of_a_ticket_they_may_not_see(api, streams):
    other_org = streams("requester_b")
    colleague = streams("requester_a2")
    field = streams("field_engineer")  # not in the l1 team
    manager_a = streams("org_manager")
    t = api.create_ticket(as_="requester")
    routed = api.patch_ticket(t["id"], as_="agent_l1", team_id=api.teams["l1"]["id"])
    assert manager_a.wait_for(about(t["id"], "updated")), "the org manager sees the organisation's tickets"
    # By the time the org manager heard of the last change, the others would have heard too.
    time.sleep(0.3)
    assert other_org.wait_for(about(t["id"]), 0) is None
    assert colleague.wait_for(about(t["id"]), 0) is None
    # The field engineer saw it while it had no team (unrouted tickets are everyone's) and hears the routing
    # that took it out of his sight, but nothing after.
    later = api.patch_ticket(t["id"], as_="agent_l1", urgency="high")
    assert manager_a.wait_for(lambda e, d: e == "ticket" and d["id"] == t["id"] and d["version"] == later["version"])
    time.sleep(0.3)
    f_events = [d for d in field.tickets() if d["id"] == t["id"]]
    assert routed["version"] in [d["version"] for d in f_events], f_events
    assert all(d["version"] <= routed["version"] for d in f_events), f_events


def test_requesters_never_hear_of_internal_notes(api, streams):
    req, agent = streams("requester"), streams("agent_l1")
    t = api.create_ticket(as_="requester")
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": "内部：客户设备过保"},
           as_="agent_l1", status=201)
    assert agent.wait_for(about(t["id"], "note")), agent.events
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "您好"}, as_="agent_l1",
           status=201)
    assert req.wait_for(about(t["id"], "article"))
    assert req.wait_for(about(t["id"], "note"), 0) is None, req.events


def test_a_change_that_fails_is_never_announced(api, streams):
    admin = streams("admin")
    t = api.create_ticket(as_="requester")
    assert admin.wait_for(about(t["id"], "created"))
    bad = api.transition(t["id"], "resolved")  # not allowed from new
    assert bad.status_code in (409, 400), describe(bad)
    stale = api.patch(f"/api/v1/tickets/{t['id']}", {"urgency": "low", "version": 99}, as_="agent_l1")
    assert_error(stale, 409, "conflict", "version")
    time.sleep(0.3)
    assert [d for d in admin.tickets() if d["id"] == t["id"]] == [
        {"id": t["id"], "number": t["number"], "version": 1, "state": "new", "what": "created"}]


def test_a_stream_needs_credentials(api):
    for kw in ({}, {"token": "not-a-token"}):
        r = api.get("/api/v1/stream", **kw)
        assert_error(r, 401, "unauthenticated")


def _open_streams(api):
    text = api.get("/metrics").text
    return int(next(l.split()[1] for l in text.splitlines() if l.startswith("techdesk_live_streams ")))


def test_a_client_that_leaves_is_forgotten(api):
    before = _open_streams(api)
    opened = [Stream(api.base, api.users["agent_l1"].token) for _ in range(3)]
    assert _open_streams(api) == before + 3
    for s in opened:
        s.close()
    deadline = time.monotonic() + 5
    while _open_streams(api) != before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _open_streams(api) == before
