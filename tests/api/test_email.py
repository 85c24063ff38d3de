"""
# description: much of the department's work arrives by email. A request mailed to the support address
# becomes a ticket and its sender hears back; the sender's answer lands on the same ticket; the agent's
# reply reaches the requester threaded; auto-replies, out-of-office storms and bounces create nothing;
# hostile mail never runs script; a mail is taken off the server only after its ticket is committed,
# so a server killed mid-fetch loses and duplicates nothing. All against a real Dovecot (IMAP) and a
# real SMTP sink on loopback.
"""
import email
import email.policy
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from conftest import Server, assert_error, describe, make_api

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mailserver  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "mail" / "corpus"
SUPPORT = "support@techdesk.test"


@pytest.fixture(scope="module")
def mail():
    with mailserver.mail_server() as m:
        yield m


def mid():
    return f"{uuid.uuid4().hex}@customer.example"


def message(subject, body, sender="王小明 <wang.xm@customer.example>", message_id=None, headers=(), to=SUPPORT):
    """A plain UTF-8 message as bytes (CRLF)."""
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {email.header.Header(subject, 'utf-8').encode()}",
             f"Message-ID: <{message_id or mid()}>", "Date: Mon, 30 Nov 2026 10:00:00 +0800", "MIME-Version: 1.0",
             "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", *headers, "", body, ""]
    return "\r\n".join(lines).encode("utf-8")


def wait_for(fn, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def mailbox_body(mail, user="support", address=SUPPORT, **over):
    body = {"name": f"支持邮箱 {user}", "address": address, "display_name": "技术支持部",
            "imap": {"host": "127.0.0.1", "port": mail.imap_port, "security": "none", "username": user,
                     "password": mailserver.PASSWORD, "folder": "INBOX", "poll_seconds": 3600, "after": "flag"},
            "smtp": {"host": "127.0.0.1", "port": mail.smtp_port, "security": "none"}}
    body.update(over)
    return body


@pytest.fixture(scope="module")
def box(api, mail):
    """The support mailbox, its first automatic fetch done (so explicit fetches do not collide with it)."""
    b = api.ok("POST", "/api/v1/channels/email", mailbox_body(mail, default_organization_id=api.orgs["org_a"]["id"]),
               as_="admin", status=201)
    wait_for(lambda: api.ok("GET", f"/api/v1/channels/email/{b['id']}", as_="admin")["last_fetch_at"],
             "the first fetch")
    yield b
    api.ok("DELETE", f"/api/v1/channels/email/{b['id']}", as_="admin")


def fetch(api, box):
    return api.ok("POST", f"/api/v1/channels/email/{box['id']}/fetch", as_="admin")


def tickets_with(api, text):
    return [t for t in api.list_all("/api/v1/tickets", as_="admin", params={"q": text}) if text in t["subject"]]


def sink_for(mail, needle):
    """Messages in the SMTP sink whose bytes contain needle."""
    return [email.message_from_bytes(m, policy=email.policy.default) for m in mail.sink_messages() if needle.encode() in m]


# ---- mailboxes ---------------------------------------------------------------------------------

def test_mailbox_passwords_are_stored_sealed_and_never_returned(api, mail, box):
    r = api.get(f"/api/v1/channels/email/{box['id']}", as_="admin")
    assert r.status_code == 200
    assert mailserver.PASSWORD not in r.text
    b = r.json()
    assert b["imap"]["password_set"] is True and "password" not in b["imap"]
    assert b["smtp"]["password_set"] is False
    # A patch without a password keeps the stored one: the connection test still logs in.
    api.ok("PATCH", f"/api/v1/channels/email/{box['id']}", {"display_name": "技术支持部 Tech Support",
                                                             "imap": {"folder": "INBOX"}}, as_="admin")
    check = api.ok("POST", f"/api/v1/channels/email/{box['id']}/test", as_="admin")
    assert check["imap"]["ok"] is True, check
    assert "INBOX" in check["imap"]["message"]
    assert check["smtp"]["ok"] is True, check
    listed = api.get("/api/v1/channels/email", as_="admin")
    assert mailserver.PASSWORD not in listed.text and box["id"] in [x["id"] for x in listed.json()["items"]]


def test_only_administrators_manage_mailboxes(api, box):
    for who in ("agent_l1", "team_lead", "manager", "requester"):
        assert_error(api.get("/api/v1/channels/email", as_=who), 403, "forbidden")
        assert_error(api.post(f"/api/v1/channels/email/{box['id']}/test", as_=who), 403, "forbidden")
        assert_error(api.get("/api/v1/channels/email/outbox", as_=who), 403, "forbidden")


@pytest.mark.parametrize("patch,field", [
    ({"address": "not-an-address"}, "address"),
    ({"name": ""}, "name"),
    ({"imap": {"host": "127.0.0.1", "port": 70000, "username": "x"}}, "imap.port"),
    ({"imap": {"host": "", "username": "x"}}, "imap.host"),
    ({"imap": {"host": "h", "username": "x", "security": "ssl3"}}, "imap.security"),
    ({"imap": {"host": "h", "username": "x", "after": "move", "move_to": ""}}, "imap.move_to"),
    ({"imap": {"host": "h", "username": "x", "poll_seconds": 1}}, "imap.poll_seconds"),
    ({"imap": {"host": "h", "username": "x", "colour": "blue"}}, "imap.colour"),
    ({"smtp": {"host": "bad host/name", "port": 25}}, "smtp.host"),
    ({"team_id": 999999}, "team_id"),
])
def test_bad_mailbox_settings_name_the_field_and_change_nothing(api, mail, patch, field):
    body = mailbox_body(mail, address=f"bad-{uuid.uuid4().hex[:8]}@techdesk.test", enabled=False)
    body.update(patch)
    before = api.ok("GET", "/api/v1/channels/email", as_="admin")["items"]
    r = api.post("/api/v1/channels/email", body, as_="admin")
    assert r.status_code == 400, describe(r)
    assert r.json()["error"]["field"] == field, r.text
    assert api.ok("GET", "/api/v1/channels/email", as_="admin")["items"] == before


def test_a_wrong_password_fails_the_connection_test_without_showing_it(api, mail):
    b = api.ok("POST", "/api/v1/channels/email",
               mailbox_body(mail, address=f"wrong-{uuid.uuid4().hex[:8]}@techdesk.test", enabled=False,
                            imap={"host": "127.0.0.1", "port": mail.imap_port, "security": "none",
                                  "username": "support", "password": "Wr0ngPassw0rd!"}),
               as_="admin", status=201)
    check = api.ok("POST", f"/api/v1/channels/email/{b['id']}/test", as_="admin")
    assert check["imap"]["ok"] is False and "login refused" in check["imap"]["message"]
    assert "Wr0ngPassw0rd!" not in str(check)
    api.ok("DELETE", f"/api/v1/channels/email/{b['id']}", as_="admin")


# ---- in and out --------------------------------------------------------------------------------

def test_a_mailed_request_becomes_a_ticket_and_the_sender_is_acknowledged(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    m_id = mid()
    mail.deliver("support", message(f"VPN 连不上 {marker}", "您好，VPN 从今早开始连不上，错误 809。", message_id=m_id))
    stats = fetch(api, box)
    assert stats["created"] == 1 and stats["failed"] == 0, stats
    [t] = tickets_with(api, marker)
    assert t["channel"] == "email"
    # The unknown sender became a requester of the mailbox's default organisation.
    full = api.ticket(t["id"])
    assert full["organization"]["id"] == api.orgs["org_a"]["id"], full
    assert full["requester"]["name"] == "王小明"
    emails = api.ok("GET", f"/api/v1/tickets/{t['id']}/emails", as_="admin")["items"]
    first = [e for e in emails if e["direction"] == "in"][0]
    assert first["message_id"] == m_id and first["from"]["addr"] == "wang.xm@customer.example"
    assert first["article_id"] is None and first["raw_url"] == f"/api/v1/tickets/{t['id']}/raw"
    raw = api.get(first["raw_url"], as_="admin")
    assert raw.status_code == 200 and raw.headers["Content-Type"].startswith("message/rfc822")
    assert m_id.encode() in raw.content
    # The acknowledgement reaches the sender: threaded on their mail, tagged, marked automatic.
    [ack] = wait_for(lambda: sink_for(mail, t["number"]), "the acknowledgement")
    assert ack["To"].addresses[0].addr_spec == "wang.xm@customer.example"
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == f"<{m_id}>"
    assert re.search(r"\[TD#" + re.escape(t["number"]) + r"/[a-z2-7]{6}\]", str(ack["Subject"]))
    assert "已受理" in str(ack["Subject"])
    # The mail is marked on the server: a second fetch finds nothing new.
    assert fetch(api, box)["fetched"] == 0
    outbox = api.ok("GET", "/api/v1/channels/email/outbox", as_="admin", params={"state": "sent"})["items"]
    assert any(o["ticket_id"] == t["id"] and o["kind"] == "ack" for o in outbox)


def test_the_answer_to_our_mail_lands_on_the_same_ticket_and_the_agent_reply_goes_out_threaded(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    mail.deliver("support", message(f"打印机卡纸 {marker}", "三楼打印机卡纸。",
                                    sender="赵六 <zhao.liu@customer.example>"))
    fetch(api, box)
    [t] = tickets_with(api, marker)
    [ack] = wait_for(lambda: sink_for(mail, t["number"]), "the acknowledgement")
    # The customer answers the acknowledgement (Re: subject, In-Reply-To our Message-ID).
    reply = message(f"Re: {ack['Subject']}", "补充：型号 HP LaserJet M404，错误代码 13.B2。",
                    sender="赵六 <zhao.liu@customer.example>", headers=[f"In-Reply-To: {ack['Message-ID']}",
                                                                       f"References: {ack['Message-ID']}"])
    mail.deliver("support", reply)
    assert fetch(api, box)["replied"] == 1
    arts = api.ok("GET", f"/api/v1/tickets/{t['id']}/articles", as_="admin")["items"]
    assert any("13.B2" in a["body"] and a["kind"] == "reply" for a in arts)
    assert len(tickets_with(api, marker)) == 1
    # The agent replies with a cc; the mail goes to the requester and the cc, threaded and quoted.
    r = api.post(f"/api/v1/tickets/{t['id']}/articles",
                 {"kind": "reply", "body": "已远程清理卡纸，请再试一次。", "cc": ["it.manager@customer.example"]},
                 as_="agent_l1")
    assert r.status_code == 201, describe(r)
    sent = wait_for(lambda: [m for m in sink_for(mail, t["number"]) if "已远程清理卡纸" in m.get_body(("plain",)).get_content()],
                    "the agent's reply")
    out = sent[0]
    assert out["Auto-Submitted"] == "auto-generated"
    assert "zhao.liu@customer.example" in str(out["To"]) and "it.manager@customer.example" in str(out["Cc"])
    assert ack["Message-ID"] in str(out["References"])
    text = out.get_body(("plain",)).get_content()
    assert "13.B2" in text  # the conversation is quoted
    # Only the requester's reply and the agent's reply: a mail with our tag but a forged signature does not thread.
    forged = message(f"Re: [TD#{t['number']}/aaaaaa] {marker}", "伪造的回复", sender="mallory@evil.example")
    mail.deliver("support", forged)
    assert fetch(api, box)["created"] == 1
    assert len(api.ok("GET", f"/api/v1/tickets/{t['id']}/articles", as_="admin")["items"]) == len(arts) + 1


def test_an_out_of_office_storm_creates_nothing_and_gets_no_answer(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    storm = []
    for i in range(10):
        storm.append(message(f"自动回复：{marker} {i}", "我正在休假，12 月 5 日返回。", sender=f"away{i}@customer.example"))
        storm.append(message(f"Automatic reply: {marker} {i}", "Out of office.", sender=f"ooo{i}@customer.example",
                             headers=["Auto-Submitted: auto-replied"]))
        storm.append(message(f"Delivery failure {marker} {i}", "Undeliverable", sender="MAILER-DAEMON@mx.customer.example"))
        storm.append(message(f"Newsletter {marker} {i}", "Weekly", sender="news@vendor.example", headers=["Precedence: bulk"]))
    for raw in storm:
        mail.deliver("support", raw)
    stats = fetch(api, box)
    assert stats["ignored"] == len(storm) and stats["created"] == 0, stats
    assert tickets_with(api, marker) == []
    time.sleep(1.5)  # the outbox runs every second: nothing may have been queued
    assert sink_for(mail, marker) == []
    assert not [m for m in mail.sink_messages() if b"customer.example" in m and (b"away" in m or b"ooo" in m)]
    assert not [o for o in api.ok("GET", "/api/v1/channels/email/outbox", as_="admin")["items"]
                if marker in o["subject"]]


def test_the_same_message_twice_makes_one_ticket(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    raw = message(f"重复投递 {marker}", "同一封邮件投递两次。")
    mail.deliver("support", raw)
    mail.deliver("support", raw)
    stats = fetch(api, box)
    assert stats["created"] == 1 and stats["duplicates"] == 1, stats
    assert len(tickets_with(api, marker)) == 1


def test_acknowledgements_are_limited_per_sender_per_day(api, mail, box):
    sender = f"busy-{uuid.uuid4().hex[:6]}@customer.example"
    marker = uuid.uuid4().hex[:10]
    for i in range(8):
        mail.deliver("support", message(f"请求 {marker} {i}", "内容", sender=sender))
    assert fetch(api, box)["created"] == 8
    time.sleep(2.5)
    acks = [m for m in mail.sink_messages() if sender.encode() in m and b"auto-replied" in m]
    assert len(acks) == 5


def test_hostile_html_mail_is_stored_safe_and_its_files_are_served_as_downloads(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    raw = (f"From: x@customer.example\r\nTo: {SUPPORT}\r\nSubject: hostile {marker}\r\nMessage-ID: <{mid()}>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
           "Content-Type: text/html; charset=utf-8\r\n\r\n"
           "<p onclick=\"alert(1)\">正文 visible</p><script>alert(2)</script><img src=x onerror=alert(3)>"
           "<a href=\"javascript:alert(4)\">link</a><iframe src=\"http://evil\"></iframe>\r\n--b1\r\n"
           "Content-Type: text/html; name=\"evil.html\"\r\nContent-Disposition: attachment; filename=\"../../evil.html\"\r\n\r\n"
           "<script>alert(5)</script>\r\n--b1--\r\n").encode()
    mail.deliver("support", raw)
    fetch(api, box)
    [t] = tickets_with(api, marker)
    [m] = [e for e in api.ok("GET", f"/api/v1/tickets/{t['id']}/emails", as_="admin")["items"] if e["direction"] == "in"]
    assert "正文 visible" in m["html"]
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe"):
        assert bad not in m["html"].lower()
    [att] = m["attachments"]
    assert att["filename"] == "evil.html"
    r = api.get(f"/api/v1/attachments/{att['id']}", as_="admin")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in r.headers["Content-Security-Policy"] and r.headers["X-Content-Type-Options"] == "nosniff"
    # Another organisation's requester cannot read it, nor the original, by guessing ids.
    assert_error(api.get(f"/api/v1/attachments/{att['id']}", as_="requester_b"), 404, "not_found")
    assert_error(api.get(f"/api/v1/tickets/{t['id']}/raw", as_="requester_b"), 404, "not_found")
    assert_error(api.get(f"/api/v1/tickets/{t['id']}/emails", as_="requester_b"), 404, "not_found")
    # Requesters never get the raw message, even of their own organisation's ticket.
    assert_error(api.get(f"/api/v1/tickets/{t['id']}/raw", as_="org_manager"), 404, "not_found")


def test_a_failed_delivery_is_visible_with_the_smtp_answer_and_can_be_retried(api, mail, box):
    marker = uuid.uuid4().hex[:10]
    mail.deliver("support", message(f"退信测试 {marker}", "内容", sender="reject.me@customer.example"))
    fetch(api, box)
    [t] = tickets_with(api, marker)
    failed = wait_for(lambda: [o for o in api.ok("GET", "/api/v1/channels/email/outbox", as_="admin",
                                                 params={"state": "failed"})["items"] if o["ticket_id"] == t["id"]],
                      "the failed acknowledgement")
    assert failed[0]["last_error"].startswith("550"), failed
    again = api.ok("POST", f"/api/v1/channels/email/outbox/{failed[0]['id']}/retry", as_="admin")
    assert again["state"] == "queued"
    assert_error(api.post(f"/api/v1/channels/email/outbox/{failed[0]['id']}/retry", as_="admin"), 409, "conflict")


# ---- exactly once ------------------------------------------------------------------------------

def test_a_server_killed_mid_fetch_loses_and_duplicates_nothing(mail):
    n = 120
    ids = [mid() for _ in range(n)]
    marker = uuid.uuid4().hex[:8]
    for i, m_id in enumerate(ids):
        mail.deliver("helpdesk", message(f"kill {marker} #{i:03d}", f"第 {i} 封", message_id=m_id,
                                         sender=f"k{i}@killtest.example", to="helpdesk@techdesk.test"))
    with tempfile.TemporaryDirectory(prefix="techdesk-mailkill-") as tmp:
        server = Server(tmp)
        try:
            a = make_api(server)
            r = a.login("t.admin", "Test#2026pass")
            token = r.json()["token"]
            h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            body = mailbox_body(mail, user="helpdesk", address="helpdesk@techdesk.test")
            body["imap"]["poll_seconds"] = 5
            r = requests.post(server.base + "/api/v1/channels/email", json=body, headers=h)
            assert r.status_code == 201, r.text

            def count():
                r = requests.get(server.base + "/api/v1/tickets", params={"q": marker, "limit": 100}, headers=h)
                return r.json().get("total", len(r.json()["items"])) if r.status_code == 200 else 0

            # The fetcher starts on its own; kill -9 as soon as some, not all, mail is in.
            in_before_kill = wait_for(lambda: (lambda c: c if c >= 5 else 0)(count()), "the fetcher to start",
                                      timeout=30)
            server.proc.kill()
            server.proc.wait()
            assert in_before_kill < n, "the fetch finished before the kill: nothing was tested"
            server.start()
            r = a.login("t.admin", "Test#2026pass")
            h["Authorization"] = f"Bearer {r.json()['token']}"

            def all_in():
                seen = []
                cursor = None
                while True:
                    params = {"q": marker, "limit": 100, **({"cursor": cursor} if cursor else {})}
                    r = requests.get(server.base + "/api/v1/tickets", params=params, headers=h)
                    if r.status_code != 200:
                        return None
                    page = r.json()
                    seen += [x["subject"] for x in page["items"]]
                    cursor = page.get("next_cursor")
                    if not cursor:
                        break
                return seen if len(seen) >= n else None

            subjects = wait_for(all_in, "every mail to be fetched after the restart", timeout=90)
            assert sorted(subjects) == sorted(f"kill {marker} #{i:03d}" for i in range(n))
        finally:
            server.stop()


def test_the_names_of_mailed_files_are_searched_with_their_ticket(api, mail, box):
    word = "zq" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))
    raw = (f"From: li.si@customer.example\r\nTo: {SUPPORT}\r\nSubject: 网络故障\r\nMessage-ID: <{mid()}>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n见附件。\r\n--b2\r\n"
           f"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"拓扑图-{word}.vsdx\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--b2--\r\n").encode()
    mail.deliver("support", raw)
    assert fetch(api, box)["created"] == 1
    r = api.get("/api/v1/search", params={"q": word, "type": "ticket"}, as_="agent_l1")
    assert r.status_code == 200, describe(r)
    hits = r.json()["results"]
    assert len(hits) == 1 and hits[0]["type"] == "ticket", hits
    # Another organisation's requester does not find it.
    r = api.get("/api/v1/search", params={"q": word}, as_="requester_b")
    assert r.json()["results"] == []
