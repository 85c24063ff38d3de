"""
# description: a manager schedules reports by mail — "the KPI table per team every morning", "last month's
# figures on the 1st" — and TechDesk mails them at 07:00 Beijing time, for the period that has just ended,
# as an XLSX (or CSV) attachment whose Chinese headers and figures are those the API shows for the same
# period; exactly once per run time, also when the server's clock jumps a month ahead (one run, no backlog).
# The SLA compliance report and the satisfaction survey results are mailed the same way. Only managers and
# administrators keep schedules; every mistake in one is refused naming its field, and nothing is saved.
"""
import email
import email.policy
import io
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mailserver  # noqa: E402

from conftest import PASSWORD, ROLES, Server, _setup_world, assert_error, describe, make_api, unique  # noqa: E402

CST = timezone(timedelta(hours=8))
MANAGERS = {"manager", "admin"}
PATH = "/api/v1/reports/schedules"


@pytest.fixture(scope="module")
def mail():
    with mailserver.mail_server() as m:
        yield m


@pytest.fixture(scope="module")
def api(tmp_path_factory, mail):
    server = Server(str(tmp_path_factory.mktemp("schedules")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        # The clock jumps by weeks: API tokens do not expire, sessions do.
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "schedule-tests"}, as_=key, status=201)["token"]
        a.ok("POST", "/api/v1/channels/email",
             {"name": "支持邮箱", "address": "support@techdesk.test", "display_name": "技术支持部",
              "smtp": {"host": "127.0.0.1", "port": mail.smtp_port, "security": "none"}}, as_="admin", status=201)
        yield a
    finally:
        server.stop()


def set_clock(api, dt):
    return api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")["now"]


def utc(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def schedule(**over):
    body = {"name": unique("每日KPI"), "report": "kpis", "frequency": "daily", "params": {"group_by": "team"},
            "recipients": ["Leader@Example.cn", "ops@example.cn"], "format": "xlsx"}
    body.update(over)
    return body


def listed(api):
    return api.ok("GET", PATH, as_="manager")["schedules"]


def check_schema(api, value, name):
    errs = api.schema_errors(value, name)
    assert not errs, f"{name}:\n" + "\n".join(errs[:20])


# ---- mail and files ------------------------------------------------------------------------------

def mails_named(mail, name, at_least=1, timeout=30):
    """Messages in the SMTP sink whose subject names the schedule, parsed; waits for `at_least`."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in (email.message_from_bytes(raw, policy=email.policy.default)
                             for raw in mail.sink_messages()) if name in str(m["Subject"])]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def attachments(m):
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True)) for p in m.iter_attachments()]


def xlsx_rows(data):
    """The first sheet of an XLSX file as rows of cell values (text, or numbers as float)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root.findall("m:si", ns)]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", ns):
            ref = "".join(ch for ch in c.get("r") if ch.isalpha())
            col = 0
            for ch in ref:
                col = col * 26 + ord(ch) - ord("A") + 1
            kind = c.get("t")
            v = c.find("m:v", ns)
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t"))
            elif kind == "s":
                value = shared[int(v.text)]
            elif kind == "str":
                value = v.text or ""
            else:
                value = float(v.text) if v is not None and v.text else None
            cells[col - 1] = value
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    return rows


# ---- managing schedules ----------------------------------------------------------------------------

def test_a_manager_creates_reads_changes_and_deletes_a_schedule(api):
    set_clock(api, datetime(2026, 11, 25, 10, 0, tzinfo=CST))  # a Wednesday
    s = api.ok("POST", PATH, schedule(name="一线每日报表"), as_="manager", status=201)
    check_schema(api, s, "ReportSchedule")
    assert s["name"] == "一线每日报表" and s["report"] == "kpis" and s["frequency"] == "daily"
    assert s["params"] == {"group_by": "team"} and s["format"] == "xlsx" and s["active"] is True
    assert s["recipients"] == ["leader@example.cn", "ops@example.cn"]
    assert s["last_run_at"] is None and s["created_by"] == api.uid("manager")
    assert s["next_run_at"] == utc(datetime(2026, 11, 26, 7, 0, tzinfo=CST))  # the next 07:00
    assert api.ok("GET", f"{PATH}/{s['id']}", as_="admin") == s
    assert s in listed(api)
    check_schema(api, api.ok("GET", PATH, as_="admin"), "ReportScheduleList")

    weekly = api.ok("POST", PATH, schedule(frequency="weekly", format="csv"), as_="admin", status=201)
    assert weekly["next_run_at"] == utc(datetime(2026, 11, 30, 7, 0, tzinfo=CST))  # Monday
    monthly = api.ok("POST", PATH, schedule(frequency="monthly", report="tickets",
                                           params={"measure": "new", "priority": "P1"}), as_="manager",
                     status=201)
    assert monthly["next_run_at"] == utc(datetime(2026, 12, 1, 7, 0, tzinfo=CST))  # the 1st

    # A change names only what changes; pausing keeps the next run, a new rhythm starts from now.
    paused = api.ok("PUT", f"{PATH}/{s['id']}", {"active": False}, as_="manager")
    assert paused["active"] is False and paused["next_run_at"] == s["next_run_at"] and paused["name"] == s["name"]
    changed = api.ok("PUT", f"{PATH}/{s['id']}", {"frequency": "monthly", "active": True,
                                                  "recipients": ["boss@example.cn"], "name": "月报"}, as_="admin")
    assert changed["frequency"] == "monthly" and changed["active"] is True and changed["name"] == "月报"
    assert changed["recipients"] == ["boss@example.cn"]
    assert changed["next_run_at"] == utc(datetime(2026, 12, 1, 7, 0, tzinfo=CST))
    assert changed["created_by"] == api.uid("manager")
    assert api.ok("GET", f"{PATH}/{s['id']}", as_="manager") == changed

    for x in (s, weekly, monthly):
        api.ok("DELETE", f"{PATH}/{x['id']}", as_="manager")
        assert_error(api.get(f"{PATH}/{x['id']}", as_="manager"), 404, "not_found")
    assert_error(api.delete(f"{PATH}/{s['id']}", as_="manager"), 404, "not_found")
    assert_error(api.request("PUT", f"{PATH}/{s['id']}", json={"active": True}, as_="manager"), 404, "not_found")
    assert not {s["id"], weekly["id"], monthly["id"]} & {x["id"] for x in listed(api)}


BAD = [
    ({"name": ""}, "invalid_field", "name"),
    ({"name": "   "}, "invalid_field", "name"),
    ({"report": "sla", "params": {"group_by": "agent"}}, "invalid_field", "params"),
    ({"report": "sla", "params": {"priority": "P1"}}, "invalid_field", "params"),
    ({"report": "surveys", "params": {"group_by": "team"}}, "invalid_field", "params"),
    ({"report": "surveys", "params": {"team": "abc"}}, "invalid_field", "params"),
    ({"report": "weather"}, "invalid_field", "report"),
    ({"frequency": "hourly"}, "invalid_field", "frequency"),
    ({"format": "pdf"}, "invalid_field", "format"),
    ({"recipients": []}, "invalid_field", "recipients"),
    ({"recipients": ["leader@example.cn", "不是邮箱"]}, "invalid_field", "recipients"),
    ({"recipients": "leader@example.cn"}, "invalid_field", "recipients"),
    ({"recipients": [3]}, "invalid_field", "recipients"),
    ({"params": ["group_by", "team"]}, "invalid_field", "params"),
    ({"params": {"team": 3}}, "invalid_field", "params"),
    ({"params": {"from": "2026-11-01"}}, "invalid_field", "params"),
    ({"params": {"group_by": "weather"}}, "invalid_field", "params"),
    ({"params": {"priority": "P9"}}, "invalid_field", "params"),
    ({"params": {"team": "abc"}}, "invalid_field", "params"),
    ({"params": {"colour": "red"}}, "invalid_field", "params"),
    ({"report": "tickets", "params": {"team": "1"}}, "invalid_field", "params"),
    ({"report": "tickets", "params": {"measure": "bogus"}}, "invalid_field", "params"),
    ({"report": "tickets", "params": {"measure": "new", "hour": "25"}}, "invalid_field", "params"),
    ({"active": "yes"}, "invalid_field", "active"),
    ({"colour": "red"}, "unknown_field", "colour"),
]


@pytest.mark.parametrize("over,code,field", BAD, ids=[f"{f}:{o}" for o, _, f in BAD])
def test_a_mistake_is_refused_naming_its_field_and_nothing_is_saved(api, over, code, field):
    before = listed(api)
    assert_error(api.post(PATH, schedule(**over), as_="manager"), 400, code, field)
    assert listed(api) == before
    s = api.ok("POST", PATH, schedule(), as_="manager", status=201)
    assert_error(api.request("PUT", f"{PATH}/{s['id']}", json=over, as_="manager"), 400, code, field)
    assert api.ok("GET", f"{PATH}/{s['id']}", as_="manager") == s
    api.ok("DELETE", f"{PATH}/{s['id']}", as_="manager")


def test_required_fields_are_named_when_missing(api):
    before = listed(api)
    for field in ("name", "report", "frequency", "recipients"):
        body = schedule()
        del body[field]
        assert_error(api.post(PATH, body, as_="admin"), 400, "missing_field", field)
    assert_error(api.post(PATH, [], as_="admin"), 400, "invalid_json")
    assert listed(api) == before


@pytest.mark.parametrize("role", sorted(set(ROLES) - MANAGERS))
def test_only_managers_and_administrators_keep_schedules(api, role):
    s = api.ok("POST", PATH, schedule(), as_="manager", status=201)
    before = listed(api)
    assert_error(api.get(PATH, as_=role), 403, "forbidden")
    assert_error(api.post(PATH, schedule(), as_=role), 403, "forbidden")
    assert_error(api.get(f"{PATH}/{s['id']}", as_=role), 403, "forbidden")
    assert_error(api.request("PUT", f"{PATH}/{s['id']}", json={"active": False}, as_=role), 403, "forbidden")
    assert_error(api.delete(f"{PATH}/{s['id']}", as_=role), 403, "forbidden")
    assert_error(api.get(PATH), 401, "unauthenticated")
    assert listed(api) == before
    api.ok("DELETE", f"{PATH}/{s['id']}", as_="manager")


# ---- runs ------------------------------------------------------------------------------------------

def test_due_reports_are_mailed_once_with_the_apis_figures_and_no_backlog(api, mail):
    # Wednesday 2 December 2026: tickets for two teams, one of them resolved the same day.
    day = datetime(2026, 12, 2, 10, 0, tzinfo=CST)
    set_clock(api, day)
    l1, l2 = api.teams["l1"]["id"], api.teams["l2"]["id"]
    made = [api.create_ticket(as_="agent_l1", team_id=l1, assignee_id=api.uid("agent_l1")) for _ in range(3)]
    made.append(api.create_ticket(as_="agent_l2", team_id=l2, assignee_id=api.uid("agent_l2")))
    api.move(made[0]["id"], "in_progress", "resolved")

    kpi_name, list_name, month_name = unique("每日KPI"), unique("新工单清单"), unique("月报")
    daily = api.ok("POST", PATH, schedule(name=kpi_name), as_="manager", status=201)
    tickets = api.ok("POST", PATH, schedule(name=list_name, report="tickets", format="csv",
                                            params={"measure": "new", "team": str(l1), "lang": "en"}),
                     as_="admin", status=201)
    monthly = api.ok("POST", PATH, schedule(name=month_name, frequency="monthly"), as_="manager", status=201)
    assert daily["next_run_at"] == utc(datetime(2026, 12, 3, 7, 0, tzinfo=CST))
    assert monthly["next_run_at"] == utc(datetime(2027, 1, 1, 7, 0, tzinfo=CST))

    # Not before its time.
    set_clock(api, datetime(2026, 12, 3, 6, 58, tzinfo=CST))
    time.sleep(6)
    assert mails_named(mail, kpi_name, timeout=0) == []

    set_clock(api, datetime(2026, 12, 3, 7, 1, tzinfo=CST))
    got = mails_named(mail, kpi_name)
    assert len(got) == 1, [str(m["Subject"]) for m in got]
    m = got[0]
    assert str(m["Subject"]) == f"TechDesk 报表：{kpi_name} 2026-12-02 / Report: {kpi_name}"
    assert m["Auto-Submitted"] == "auto-generated"
    assert "2026-12-02" in m.get_body(preferencelist=("plain",)).get_content()
    files = attachments(m)
    assert len(files) == 1, files
    filename, ctype, data = files[0]
    assert filename == f"{kpi_name}_2026-12-02.xlsx"
    assert ctype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(data)
    header = rows[0]
    assert header[:3] == ["分组", "新建", "已解决"], header
    # The same figures as the API for the same day, per team and in total.
    rep = api.ok("GET", "/api/v1/reports/kpis", as_="manager",
                 params={"from": "2026-12-02", "to": "2026-12-03", "group_by": "team"})
    by_label = {r[0]: r for r in rows[1:] if r}
    assert len(rep["groups"]) >= 2
    for g in rep["groups"]:
        row = by_label[g["label"] or "—"]
        assert (row[1], row[2]) == (g["kpis"]["new"], g["kpis"]["resolved"]), (row, g)
    total = by_label["合计 / Total"]
    assert (total[1], total[2]) == (rep["total"]["new"], rep["total"]["resolved"])
    assert by_label[api.teams["l1"]["name"]][1] >= 3 and by_label[api.teams["l1"]["name"]][2] >= 1
    envelopes = [e for e, raw in zip(mail.sink_envelopes(), mail.sink_messages()) if kpi_name.encode() in raw
                 or kpi_name in str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])]
    assert sorted(envelopes[0]["rcpt_tos"]) == ["leader@example.cn", "ops@example.cn"]

    # The ticket list as CSV (English headers), the tickets the API lists for the same figure.
    got = mails_named(mail, list_name)
    assert len(got) == 1
    filename, ctype, data = attachments(got[0])[0]
    assert filename == f"{list_name}_2026-12-02.csv" and ctype == "text/csv"
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Number,Subject")
    listed_api = api.ok("GET", "/api/v1/reports/tickets", as_="admin",
                        params={"measure": "new", "from": "2026-12-02", "to": "2026-12-03", "team": l1})
    numbers = {t["number"] for t in listed_api["tickets"]}
    assert {t["number"] for t in made[:3]} <= numbers and made[3]["number"] not in numbers
    assert {line.split(",")[0] for line in text.splitlines()[1:] if line} == numbers

    # Moved on: last run now, next run tomorrow 07:00; nothing more however often the ticker looks.
    after = api.ok("GET", f"{PATH}/{daily['id']}", as_="manager")
    assert after["next_run_at"] == utc(datetime(2026, 12, 4, 7, 0, tzinfo=CST))
    assert after["last_run_at"] is not None and after["last_run_at"] >= utc(datetime(2026, 12, 3, 7, 1, tzinfo=CST))
    time.sleep(7)
    assert len(mails_named(mail, kpi_name, timeout=0)) == 1
    assert len(mails_named(mail, list_name, timeout=0)) == 1
    assert mails_named(mail, month_name, timeout=0) == []
    outbox = api.ok("GET", "/api/v1/channels/email/outbox", as_="admin")["items"]
    assert any(o["kind"] == "scheduled_report" and kpi_name in o["subject"] for o in outbox)

    # The server is down for a month: one run each for the latest period, then the next run in the future.
    set_clock(api, datetime(2027, 1, 5, 10, 0, tzinfo=CST))
    got = mails_named(mail, kpi_name, at_least=2)
    assert len(got) == 2 and "2027-01-04" in str(got[1]["Subject"]), [str(x["Subject"]) for x in got]
    got = mails_named(mail, month_name)
    assert len(got) == 1 and "2026-12" in str(got[0]["Subject"])
    assert attachments(got[0])[0][0] == f"{month_name}_2026-12.xlsx"
    time.sleep(7)
    assert len(mails_named(mail, kpi_name, timeout=0)) == 2
    assert len(mails_named(mail, month_name, timeout=0)) == 1
    assert api.ok("GET", f"{PATH}/{daily['id']}", as_="manager")["next_run_at"] == \
        utc(datetime(2027, 1, 6, 7, 0, tzinfo=CST))
    assert api.ok("GET", f"{PATH}/{monthly['id']}", as_="manager")["next_run_at"] == \
        utc(datetime(2027, 2, 1, 7, 0, tzinfo=CST))
    for x in (daily, tickets, monthly):
        api.ok("DELETE", f"{PATH}/{x['id']}", as_="manager")


def test_a_schedule_whose_creator_lost_the_right_is_skipped_not_mailed(api, mail):
    set_clock(api, datetime(2027, 2, 10, 10, 0, tzinfo=CST))
    login = unique("mgr")
    u = api.ok("POST", "/api/v1/users", {"login": login, "password": PASSWORD, "name": "临时经理",
                                         "role": "manager"}, as_="admin", status=201)
    token = api.ok("POST", "/api/v1/auth/login", {"login": login, "password": PASSWORD})["token"]
    name = unique("失效报表")
    s = api.request("POST", PATH, json=schedule(name=name), token=token)
    assert s.status_code == 201, describe(s)
    s = s.json()
    api.ok("PATCH", f"/api/v1/users/{u['id']}", {"role": "agent_l1"}, as_="admin")
    set_clock(api, datetime(2027, 2, 11, 7, 1, tzinfo=CST))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = api.ok("GET", f"{PATH}/{s['id']}", as_="manager")
        if now["next_run_at"] != s["next_run_at"]:
            break
        time.sleep(0.5)
    assert now["next_run_at"] == utc(datetime(2027, 2, 12, 7, 0, tzinfo=CST)), now
    assert now["last_run_at"] is None
    time.sleep(2)
    assert mails_named(mail, name, timeout=0) == []
    api.ok("DELETE", f"{PATH}/{s['id']}", as_="manager")


def test_sla_and_survey_reports_are_mailed_with_the_apis_figures(api, mail):
    # Monday 1 March 2027: a ticket answered and resolved in the morning, its survey answered with a 5.
    day = datetime(2027, 3, 1, 10, 0, tzinfo=CST)
    set_clock(api, day)
    t = api.create_ticket(subject="显示器闪屏", description="二楼会议室显示器闪屏")
    api.patch_ticket(t["id"], team_id=api.teams["l1"]["id"])
    api.move(t["id"], "assigned", "in_progress")
    set_clock(api, day + timedelta(minutes=20))
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "已更换线缆。"}, as_="agent_l1",
           status=201)
    api.move(t["id"], "resolved")
    api.ok("POST", f"/api/v1/tickets/{t['id']}/confirm", {}, as_="requester")
    token = api.ok("GET", f"/api/v1/tickets/{t['id']}/survey", as_="requester")["token"]
    r = api.request("POST", f"/api/v1/surveys/{token}", json={"score": 5, "tags": ["timely"], "comment": "好"})
    assert r.status_code == 201, describe(r)

    sla_name, survey_name = unique("SLA日报"), unique("满意度日报")
    sla = api.ok("POST", PATH, schedule(name=sla_name, report="sla", params={"group_by": "priority"}),
                 as_="manager", status=201)
    surveys = api.ok("POST", PATH, schedule(name=survey_name, report="surveys", format="csv",
                                            params={"team": str(api.teams["l1"]["id"]), "lang": "en"}),
                     as_="manager", status=201)
    assert sla["report"] == "sla" and surveys["params"] == {"team": str(api.teams["l1"]["id"]), "lang": "en"}
    set_clock(api, datetime(2027, 3, 2, 7, 1, tzinfo=CST))

    got = mails_named(mail, sla_name)
    assert len(got) == 1, [str(m["Subject"]) for m in got]
    filename, ctype, data = attachments(got[0])[0]
    assert filename == f"{sla_name}_2027-03-01.xlsx" and ctype.startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(data)
    assert rows[0][:3] == ["优先级", "工单数", "首次响应达标"], rows[0]
    items = api.ok("GET", "/api/v1/reports/sla", as_="manager",
                   params={"from": "2027-03-01T00:00:00+08:00", "to": "2027-03-02T00:00:00+08:00",
                           "group_by": "priority"})["items"]
    assert [r[0] for r in rows[1:]] == [i["group"] or "—" for i in items] + ["合计 / Total"]
    for i, row in zip(items, rows[1:]):
        assert row[1:5] == [i["tickets"], i["first_response"]["met"], i["first_response"]["breached"],
                            i["first_response"]["pending"]], (row, i)
    assert rows[-1][1] == sum(i["tickets"] for i in items) >= 1

    got = mails_named(mail, survey_name)
    assert len(got) == 1, [str(m["Subject"]) for m in got]
    filename, ctype, data = attachments(got[0])[0]
    assert filename == f"{survey_name}_2027-03-01.csv" and ctype == "text/csv"
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:2] == ["CSAT summary", "Score,Responses,Share,Average score"], lines
    assert "Total,1,100.0%,5" in lines[7], lines
    assert "Responses" in lines and any(line.startswith(t["number"] + ",5,timely,好,") for line in lines), lines
    for x in (sla, surveys):
        api.ok("DELETE", f"{PATH}/{x['id']}", as_="manager")
