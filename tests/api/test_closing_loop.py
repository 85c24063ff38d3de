"""
# description: closing the loop over days of business time, driven by the test clock (`serve --test-clock`)
# with a real SMTP sink: a resolved ticket the requester does not answer closes itself after three working
# days (not two, not four), once, with an event and a mail carrying the survey link; the link answers the
# survey without a login and works once; it expires after its validity; a ticket closed more than 14 days
# ago is not reopened but followed up by a new linked ticket; complaints and reopenings are mailed to the
# customer through the outbox, in Chinese.
"""
import email
import email.policy
import re
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mailserver  # noqa: E402

from conftest import Server, _setup_world, assert_error, describe, make_api, unique  # noqa: E402

CST = timezone(timedelta(hours=8))
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=CST)  # a working day
PRINTER = 22
FIELDS = {"device_model": "HP LaserJet M404dn", "serial_number": "CNB1234567"}


@pytest.fixture(scope="module")
def mail():
    with mailserver.mail_server() as m:
        yield m


@pytest.fixture(scope="module")
def loop(tmp_path_factory, mail):
    server = Server(str(tmp_path_factory.mktemp("closing")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        # Days pass here and sessions last 12 hours: API tokens do not expire.
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "loop-tests"}, as_=key, status=201)["token"]
        a.ok("POST", "/api/v1/channels/email",
             {"name": "支持邮箱", "address": "support@techdesk.test", "display_name": "技术支持部",
              "smtp": {"host": "127.0.0.1", "port": mail.smtp_port, "security": "none"}}, as_="admin", status=201)
        for key in ("requester", "requester_b"):
            a.ok("PATCH", f"/api/v1/users/{a.uid(key)}", {"email": f"{a.users[key].login}@customer.example"},
                 as_="admin")
        yield a
    finally:
        server.stop()


def set_clock(api, dt):
    return api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")["now"]


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def resolved(api):
    t = api.ok("POST", "/api/v1/portal/requests", {"subject": f"打印机卡纸 {unique()}", "description": "三楼",
                                                    "category_id": PRINTER, "fields": FIELDS}, as_="requester",
               status=201)
    api.move(t["id"], "assigned", "in_progress", "resolved")
    return api.ticket(t["id"])


def wait_state(api, tid, state, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if api.ticket(tid)["state"] == state:
            return True
        time.sleep(0.25)
    return False


def mails_for(mail, number, timeout=20, at_least=1):
    """Mails in the SMTP sink whose subject carries the ticket number, parsed."""
    deadline = time.monotonic() + timeout
    while True:
        found = []
        for raw in mail.sink_messages():
            m = email.message_from_bytes(raw, policy=email.policy.default)
            if number in str(m["Subject"]):
                found.append(m)
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def mails_titled(mail, number, words, timeout=20):
    """The sink's mails about ticket `number` whose subject has `words`, waiting until there is one."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mails_for(mail, number, timeout=0) if words in str(m["Subject"])]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def text_of(m):
    return m.get_body(preferencelist=("plain",)).get_content()


def test_an_unanswered_resolution_closes_itself_after_three_working_days_and_is_surveyed_by_mail(loop, mail):
    set_clock(loop, TUESDAY)
    t = resolved(loop)
    due = parse(loop.ok("GET", f"/api/v1/tickets/{t['id']}/closing", as_="requester")["auto_close_at"])
    # Tuesday 10:00 + 3 × 7.5 business hours (09:00–12:00, 13:30–18:00) = Friday 10:00.
    assert abs(due - datetime(2026, 12, 4, 10, 0, tzinfo=CST)) < timedelta(seconds=5), due  # the clock runs on
    set_clock(loop, datetime(2026, 12, 4, 9, 58, tzinfo=CST))
    time.sleep(3)
    assert loop.ticket(t["id"])["state"] == "resolved"
    set_clock(loop, datetime(2026, 12, 4, 10, 1, tzinfo=CST))
    assert wait_state(loop, t["id"], "closed"), loop.ticket(t["id"])
    events = loop.events(t["id"], as_="requester")
    auto = [e for e in events if e["field"] == "auto_closed"]
    assert len(auto) == 1 and auto[0]["actor"] is None, auto  # the system, not a person
    assert [e["after"] for e in events if e["field"] == "state"][-1] == "closed"
    closed = mails_titled(mail, t["number"], "已关闭")
    assert closed, [str(m["Subject"]) for m in mails_for(mail, t["number"], timeout=0)]
    body = text_of(closed[0])
    link = re.search(r"http\S+/portal/survey/(\S+)", body)
    assert link, body
    token = link.group(1)
    # The link from the mail answers the survey without a login, once.
    assert loop.ok("GET", f"/api/v1/surveys/{token}")["ticket"]["number"] == t["number"]
    r = loop.request("POST", f"/api/v1/surveys/{token}", json={"score": 4, "tags": ["timely"]})
    assert r.status_code == 201, describe(r)
    assert_error(loop.request("POST", f"/api/v1/surveys/{token}", json={"score": 4}), 409, "conflict")
    # Nothing fires twice.
    time.sleep(3)
    assert len([e for e in loop.events(t["id"]) if e["field"] == "auto_closed"]) == 1


def test_the_waiting_period_counts_public_holidays_and_make_up_days(loop):
    # Resolved Wednesday 2025-12-31 10:00. 1–3 January 2026 are the New Year holiday and Sunday 4 January is
    # a make-up working day: 6.5 h on Wednesday, 7.5 h on Sunday the 4th, 7.5 h on Monday, 1 h on Tuesday —
    # it closes on Tuesday 6 January at 10:00 (a calendar blind to holidays would say Friday 2 January).
    set_clock(loop, datetime(2025, 12, 31, 10, 0, tzinfo=CST))
    t = resolved(loop)
    due = parse(loop.ok("GET", f"/api/v1/tickets/{t['id']}/closing", as_="requester")["auto_close_at"])
    assert abs(due - datetime(2026, 1, 6, 10, 0, tzinfo=CST)) < timedelta(seconds=5), due


def test_a_confirmed_ticket_is_surveyed_and_the_link_expires(loop, mail):
    set_clock(loop, TUESDAY)
    t = resolved(loop)
    loop.ok("POST", f"/api/v1/tickets/{t['id']}/confirm", {}, as_="requester")
    invite = mails_titled(mail, t["number"], "满意度调查")
    assert invite, "no survey invitation mailed"
    token = re.search(r"/portal/survey/(\S+)", text_of(invite[0])).group(1)
    set_clock(loop, TUESDAY + timedelta(days=31))
    assert_error(loop.request("POST", f"/api/v1/surveys/{token}", json={"score": 5}), 410, "expired")
    assert_error(loop.get(f"/api/v1/surveys/{token}"), 410, "expired")
    assert loop.ok("GET", f"/api/v1/tickets/{t['id']}/survey", as_="requester")["state"] == "expired"


def test_after_the_reopen_window_a_follow_up_ticket_is_made_and_linked(loop, mail):
    set_clock(loop, TUESDAY)
    t = resolved(loop)
    loop.ok("POST", f"/api/v1/tickets/{t['id']}/confirm", {}, as_="requester")
    set_clock(loop, TUESDAY + timedelta(days=15))
    assert_error(loop.post(f"/api/v1/tickets/{t['id']}/transitions", {"to": "reopened", "reason": "again"},
                           as_="requester"), 409, "conflict")
    assert loop.ticket(t["id"])["state"] == "closed"
    r = loop.post(f"/api/v1/tickets/{t['id']}/reopen", {"reason": "同样的问题又出现了"}, as_="requester")
    assert r.status_code == 201, describe(r)
    new = r.json()["follow_up"]
    assert new["id"] != t["id"] and new["requester"]["id"] == loop.uid("requester") and new["state"] == "new"
    assert new["description"] == "同样的问题又出现了"
    links = loop.ok("GET", f"/api/v1/tickets/{new['id']}/links", as_="agent_l1")
    assert t["id"] in {x.get("other_id", x.get("ticket_id")) for x in links["items"]} or t["number"] in str(links)
    assert any(e["field"] == "follow_up" and e["after"] == new["number"] for e in loop.events(t["id"]))
    assert any(e["field"] == "follow_up_of" and e["after"] == t["number"] for e in loop.events(new["id"]))
    assert loop.ticket(t["id"])["state"] == "closed"
    cbs = loop.ok("GET", "/api/v1/callbacks", as_="team_lead", params={"ticket": new["id"]})["callbacks"]
    assert [c["reason"] for c in cbs] == ["reopen"]


def test_reopening_and_complaints_are_mailed_to_the_customer(loop, mail):
    set_clock(loop, TUESDAY)
    t = resolved(loop)
    ack = mails_titled(mail, t["number"], "已受理")
    assert ack and f"/portal/tickets/{t['id']}" in text_of(ack[0]), "no acknowledgement of the portal request"
    loop.ok("POST", f"/api/v1/tickets/{t['id']}/reopen", {"reason": "还是不行"}, as_="requester")
    reopened = mails_titled(mail, t["number"], "已重新打开")
    assert reopened and "还是不行" in text_of(reopened[0])
    c = loop.ok("POST", "/api/v1/complaints", {"subject": "服务太慢", "description": "三天都没修好"},
                as_="requester", status=201)
    received = mails_titled(mail, c["ticket"]["number"], "投诉已受理")
    assert received and "三天都没修好" in text_of(received[0])
    cid = c["id"]
    for step in ({"step": "register", "product": "M404", "fault": "卡纸", "warranty": "unknown"},
                 {"step": "judge", "verdict": "justified", "judgement": "属实"},
                 {"step": "decide", "decision": "上门更换"}, {"step": "act", "action": "已更换"},
                 {"step": "feedback", "feedback": "已上门更换硒鼓，给您带来不便深表歉意。"}):
        loop.ok("POST", f"/api/v1/complaints/{cid}/steps", step, as_="complaint_officer")
    answer = mails_titled(mail, c["ticket"]["number"], "投诉处理结果")
    assert answer and "深表歉意" in text_of(answer[0])
    outbox = loop.ok("GET", "/api/v1/channels/email/outbox", as_="admin")["items"]
    kinds = {o["kind"] for o in outbox}
    assert {"ack", "resolved", "reopened", "complaint", "complaint_feedback", "survey", "auto_closed"} <= kinds, kinds
