"""
# description: KPIs, the tickets behind each figure, dashboards, exports and weekly reports over a history
# played through the real API with the test clock: every figure below is counted by hand from that history
# (docs/kpis.md), the drill-down lists exactly the tickets a figure counts, the scope rules refuse what a
# role may not see and change nothing, the XLSX and CSV files hold the same figures, and the weekly report
# is generated once as an immutable snapshot, planned by the team lead and mailed to the leadership list.
"""
import csv
import email
import email.policy
import io
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mailserver  # noqa: E402

from conftest import Server, _setup_world, assert_error, make_api  # noqa: E402

CST = timezone(timedelta(hours=8))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CST)  # ISO week 2026-W50
DAY = {"from": "2026-12-07", "to": "2026-12-08"}
BAD = {"invalid_field", "invalid_query", "missing_field"}


def at(api, dt):
    api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")


@pytest.fixture(scope="module")
def mail():
    with mailserver.mail_server() as m:
        yield m


@pytest.fixture(scope="module")
def world(tmp_path_factory, mail):
    """Monday 7 December 2026 in the department (Asia/Shanghai, 09:00–12:00 and 13:30–18:00):
    t1 answered after 30 and resolved after 60 business minutes by 王工 in 一线服务台, one reply;
    t2 escalated to 二线系统组 (L2) at 10:10, answered by 赵工 at 14:00 (150 minutes: the lunch break does
    not count), resolved at 14:30 (180), reopened by the customer at 15:00;
    t3 cancelled by the customer at 10:05; t4 created on Tuesday (outside the day)."""
    server = Server(str(tmp_path_factory.mktemp("reports")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "report-tests"}, as_=key, status=201)["token"]
        a.ok("POST", "/api/v1/channels/email",
             {"name": "支持邮箱", "address": "support@techdesk.test", "display_name": "技术支持部",
              "smtp": {"host": "127.0.0.1", "port": mail.smtp_port, "security": "none"}}, as_="admin", status=201)
        l1, l2 = a.teams["l1"]["id"], a.teams["l2"]["id"]
        at(a, MONDAY)
        t1 = a.create_ticket(subject="打印机卡纸", description="三楼打印机卡纸")
        t2 = a.create_ticket(subject="ERP 登录失败", description="提示密码错误")
        t3 = a.create_ticket(subject="申请新鼠标", description="鼠标坏了")
        a.patch_ticket(t1["id"], team_id=l1)
        a.move(t1["id"], "assigned", "in_progress")
        a.patch_ticket(t2["id"], team_id=l1)
        a.move(t2["id"], "assigned", "in_progress")
        at(a, MONDAY + timedelta(minutes=5))
        a.transition(t3["id"], "cancelled", "不需要了", as_="requester")
        at(a, MONDAY + timedelta(minutes=10))
        a.patch_ticket(t2["id"], tier="L2", team_id=l2, assignee_id=a.uid("agent_l2"))
        at(a, MONDAY + timedelta(minutes=30))
        a.ok("POST", f"/api/v1/tickets/{t1['id']}/articles", {"kind": "reply", "body": "已处理，请再试。"},
             as_="agent_l1", status=201)
        at(a, MONDAY + timedelta(hours=1))
        a.move(t1["id"], "resolved")
        at(a, datetime(2026, 12, 7, 14, 0, tzinfo=CST))
        a.ok("POST", f"/api/v1/tickets/{t2['id']}/articles", {"kind": "reply", "body": "已重置密码。"},
             as_="agent_l2", status=201)
        at(a, datetime(2026, 12, 7, 14, 30, tzinfo=CST))
        a.move(t2["id"], "resolved", as_="agent_l2")
        at(a, datetime(2026, 12, 7, 15, 0, tzinfo=CST))
        a.ok("POST", f"/api/v1/tickets/{t2['id']}/reopen", {"reason": "还是登录不了"}, as_="requester")
        at(a, datetime(2026, 12, 8, 9, 0, tzinfo=CST))
        t4 = a.create_ticket(subject="VPN 断线", description="下午经常断")
        a.ids = {"t1": t1["id"], "t2": t2["id"], "t3": t3["id"], "t4": t4["id"]}
        yield a
    finally:
        server.stop()


def kpis(api, as_="manager", **params):
    return api.ok("GET", "/api/v1/reports/kpis", as_=as_, params={**DAY, **params})


def drill(api, measure, as_="manager", **params):
    body = api.ok("GET", "/api/v1/reports/tickets", as_=as_, params={**DAY, "measure": measure, **params})
    assert body["total"] == len(body["tickets"]), body
    return sorted(t["id"] for t in body["tickets"])


def test_the_days_figures_are_the_hand_counted_ones(world):
    t = kpis(world)["total"]
    assert (t["new"], t["resolved"], t["closed"]) == (3, 2, 0)
    assert (t["backlog_start"], t["backlog_end"]) == (0, 1), t  # t2 was open again at midnight
    # The test clock runs on from each setting, so a ticket is created a moment after 10:00: its minutes are
    # whole minutes of business time, rounded down (29 or 30).
    fr, res = t["first_response_minutes"], t["resolution_minutes"]
    assert fr["count"] == 2 and fr["median"] in (29, 30) and fr["p90"] in (149, 150), fr
    assert res["count"] == 2 and res["median"] in (59, 60) and res["p90"] in (179, 180), res
    assert t["first_contact_resolution"] == {"count": 1, "of": 2, "rate": 0.5}
    assert t["reopen"] == {"count": 1, "of": 2, "rate": 0.5}
    # t2 by hand; the SLA scheduler may raise the tier of a breached ticket too (its escalation policy).
    assert t["escalation"]["count"] >= 1 and t["escalation"]["of"] == 3


def test_sla_compliance_agrees_with_the_sla_report(world):
    t = kpis(world)["total"]["sla"]
    sla = world.ok("GET", "/api/v1/reports/sla", as_="manager",
                   params={"from": "2026-12-07T00:00:00+08:00", "to": "2026-12-08T00:00:00+08:00",
                           "group_by": "priority"})["items"]
    fr_met = sum(r["first_response"]["met"] for r in sla)
    fr_breached = sum(r["first_response"]["breached"] for r in sla)
    assert (t["first_response"]["met"], t["first_response"]["breached"]) == (fr_met, fr_breached)
    assert t["first_response"]["met"] >= 1 and t["first_response"]["breached"] >= 1  # t1 in time, t2 late


def test_every_figure_opens_as_exactly_its_tickets(world):
    i = world.ids
    assert drill(world, "new") == sorted([i["t1"], i["t2"], i["t3"]])
    assert drill(world, "resolved") == sorted([i["t1"], i["t2"]])
    assert drill(world, "fcr") == [i["t1"]]
    assert drill(world, "reopened") == [i["t2"]]
    escalated = drill(world, "escalated")
    assert i["t2"] in escalated and len(escalated) == kpis(world)["total"]["escalation"]["count"]
    assert drill(world, "backlog") == [i["t2"]]
    assert drill(world, "new", weekday=1, hour=10) == sorted([i["t1"], i["t2"], i["t3"]])
    assert drill(world, "new", weekday=2) == []
    assert drill(world, "new", **{"from": "2026-12-08", "to": "2026-12-09"}) == [i["t4"]]
    page = world.ok("GET", "/api/v1/reports/tickets", as_="manager",
                    params={**DAY, "measure": "new", "limit": 2, "offset": 2})
    assert page["total"] == 3 and len(page["tickets"]) == 1


def test_groups_follow_the_tickets_team_and_agent(world):
    r = kpis(world, group_by="team")
    by = {g["label"]: g["kpis"] for g in r["groups"]}
    assert by["一线服务台"]["resolved"] == 1 and by["二线系统组"]["resolved"] == 1, by
    assert sum(g["kpis"]["new"] for g in r["groups"]) == r["total"]["new"]
    agents = {g["label"]: g["kpis"] for g in kpis(world, group_by="agent")["groups"]}
    assert agents["王工"]["resolved"] == 1 and agents["赵工"]["resolved"] == 1, agents
    only_l2 = kpis(world, team=world.teams["l2"]["id"])["total"]
    assert only_l2["new"] == 1 and only_l2["escalation"]["count"] == 1  # t2, moved to 二线系统组 by hand


def test_scope_refuses_what_a_role_may_not_see(world):
    own = kpis(world, as_="agent_l1")["total"]  # an engineer sees his own figures
    assert own["resolved"] == 1 and own["new"] == 1, own
    assert_error(world.get("/api/v1/reports/kpis", as_="agent_l1", params={**DAY, "team": world.teams["l1"]["id"]}),
                 403, "forbidden", "team")
    assert_error(world.get("/api/v1/reports/kpis", as_="agent_l1", params={**DAY, "agent": world.uid("agent_l2")}),
                 403, "forbidden", "agent")
    assert_error(world.get("/api/v1/reports/kpis", as_="team_lead", params={**DAY, "team": world.teams["l2"]["id"]}),
                 403, "forbidden", "team")
    lead = kpis(world, as_="team_lead", team=world.teams["l1"]["id"])["total"]
    assert lead["resolved"] == 1
    assert_error(world.get("/api/v1/reports/tickets", as_="team_lead",
                           params={**DAY, "measure": "new", "team": world.teams["l2"]["id"]}), 403, "forbidden", "team")
    for who in ("requester", "org_manager"):
        assert_error(world.get("/api/v1/reports/kpis", as_=who, params=DAY), 403, "forbidden")
        assert_error(world.get("/api/v1/reports/dashboard/agent", as_=who), 403, "forbidden")
    assert_error(world.get("/api/v1/reports/dashboard/manager", as_="team_lead", params=DAY), 403, "forbidden")
    assert world.get("/api/v1/reports/kpis", params=DAY).status_code == 401


@pytest.mark.parametrize("params,field", [
    ({"from": "2026-12-08", "to": "2026-12-07"}, "to"),
    ({"from": "2026-12-07", "to": "2026-12-07"}, "to"),
    ({"from": "2025-01-01", "to": "2026-12-07"}, "to"),
    ({"from": "2026-13-01", "to": "2026-12-07"}, "from"),
    ({"from": "yesterday", "to": "2026-12-07"}, "from"),
    ({"from": "2026-12-07"}, "to"),
    ({**DAY, "group_by": "moon"}, "group_by"),
    ({**DAY, "interval": "hour"}, "interval"),
    ({**DAY, "priority": "P9"}, "priority"),
    ({**DAY, "team": "abc"}, "team"),
    ({**DAY, "team": "-1"}, "team"),
])
def test_bad_periods_and_filters_name_the_field(world, params, field):
    assert_error(world.get("/api/v1/reports/kpis", as_="manager", params=params), 400, BAD, field)


def test_bad_drill_downs_name_the_field(world):
    for params, field in [({**DAY}, "measure"), ({**DAY, "measure": "everything"}, "measure"),
                          ({**DAY, "measure": "new", "weekday": "8"}, "weekday"),
                          ({**DAY, "measure": "new", "hour": "24"}, "hour"),
                          ({**DAY, "measure": "new", "limit": "100000"}, "limit"),
                          ({**DAY, "measure": "csat", "score": "6"}, "score")]:
        assert_error(world.get("/api/v1/reports/tickets", as_="manager", params=params), 400, BAD, field)


def test_the_xlsx_export_holds_the_chinese_headers_and_the_figures(world):
    r = world.get("/api/v1/reports/kpis.xlsx", as_="manager", params={**DAY, "group_by": "team"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in r.headers["Content-Disposition"] and ".xlsx" in r.headers["Content-Disposition"]
    z = zipfile.ZipFile(io.BytesIO(r.content))
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for title in ("分组", "新建", "已解决", "一次解决率", "满意度均分"):
        assert title in sheet, title
    assert "一线服务台" in sheet and "二线系统组" in sheet and "合计 / Total" in sheet
    # The total row: 3 new, 2 resolved.
    total_row = sheet[sheet.index("合计 / Total"):].split("</row>")[0]
    assert "<v>3</v>" in total_row and "<v>2</v>" in total_row, total_row
    assert any(n.startswith("xl/charts/") for n in z.namelist())
    english = zipfile.ZipFile(io.BytesIO(world.get("/api/v1/reports/kpis.xlsx", as_="manager",
                                                   params={**DAY, "lang": "en"}).content))
    assert "First-contact resolution" in english.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_csv_exports_open_in_excel_and_list_the_tickets(world):
    r = world.get("/api/v1/reports/kpis.csv", as_="manager", params=DAY)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["分组", "新建", "已解决"] and rows[1][1:3] == ["3", "2"], rows
    t = world.get("/api/v1/reports/tickets.csv", as_="manager", params={**DAY, "measure": "resolved"})
    lines = list(csv.reader(io.StringIO(t.content.decode("utf-8-sig"))))
    assert lines[0][0] == "工单号" and len(lines) == 3, lines
    assert {line[1] for line in lines[1:]} == {"打印机卡纸", "ERP 登录失败"}
    x = world.get("/api/v1/reports/tickets.xlsx", as_="manager", params={**DAY, "measure": "new"})
    sheet = zipfile.ZipFile(io.BytesIO(x.content)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "申请新鼠标" in sheet and "VPN" not in sheet
    assert_error(world.get("/api/v1/reports/kpis.csv", as_="agent_l1", params={**DAY, "team": world.teams["l1"]["id"]}),
                 403, "forbidden", "team")


def test_dashboards_show_the_same_figures(world):
    board = world.ok("GET", "/api/v1/reports/dashboard/manager", as_="manager", params=DAY)
    assert board["kpis"]["new"] == 3
    assert [1, 10, 3] in board["heatmap"], board["heatmap"]
    assert sum(c["count"] for c in board["top_categories"]) == 3
    mine = world.ok("GET", "/api/v1/reports/dashboard/agent", as_="agent_l2")
    assert mine["open"] == 1 and [t["id"] for t in mine["due_soon"]] == [world.ids["t2"]], mine
    team = world.ok("GET", "/api/v1/reports/dashboard/team", as_="team_lead")
    assert team["team"]["name"] == "一线服务台"
    assert {m["name"] for m in team["load"]} >= {"王工", "李组长"}
    assert_error(world.get("/api/v1/reports/dashboard/team", as_="team_lead",
                           params={"team": world.teams["l2"]["id"]}), 403, "forbidden", "team")
    assert world.get("/api/v1/reports/dashboard/team", as_="manager", params={"team": 999999}).status_code == 404


def test_the_weekly_report_is_generated_once_planned_and_mailed(world, mail):
    l1, l2 = world.teams["l1"]["id"], world.teams["l2"]["id"]
    assert_error(world.get("/api/v1/reports/weekly/department/2026-W50", as_="manager"), 409, "conflict", "iso_week")
    at(world, datetime(2026, 12, 14, 9, 0, tzinfo=CST))
    dep = world.ok("GET", "/api/v1/reports/weekly/department/2026-W50", as_="manager")
    assert dep["scope"] == "department" and dep["state"] == "draft"
    snap = dep["snapshot"]
    assert snap["kpis"]["new"] == 4 and snap["kpis"]["resolved"] == 2, snap["kpis"]
    assert len(snap["daily"]) == 7 and snap["daily"][0]["label"] == "2026-12-07"
    # Generated once: asking again (or the weekly job) gives the same report.
    again = world.ok("GET", "/api/v1/reports/weekly/department/2026-W50", as_="manager")
    assert again["id"] == dep["id"] and again["snapshot"] == snap
    assert_error(world.get(f"/api/v1/reports/weekly/{l2}/2026-W50", as_="team_lead"), 403, "forbidden", "team")
    assert_error(world.get("/api/v1/reports/weekly/department/2026-W50", as_="team_lead"), 403, "forbidden", "team")
    assert_error(world.get("/api/v1/reports/weekly/department/2026-W54", as_="manager"), 400, BAD, "iso_week")
    assert_error(world.get("/api/v1/reports/weekly/department/W50", as_="manager"), 400, BAD, "iso_week")
    mine = world.ok("GET", f"/api/v1/reports/weekly/{l1}/2026-W50", as_="team_lead")
    assert mine["team"]["id"] == l1 and mine["snapshot"]["kpis"]["resolved"] == 1
    assert world.get(f"/api/v1/reports/weekly/{dep['id']}", as_="team_lead").status_code == 404
    plan = "下周：完成打印机巡检；ERP 账号清理。<script>alert(1)</script>"
    world.ok("PUT", f"/api/v1/reports/weekly/{mine['id']}/plan", {"plan": plan}, as_="team_lead")
    assert_error(world.request("PUT", f"/api/v1/reports/weekly/{mine['id']}/plan", json={"plan": "x" * 20001}, as_="team_lead"),
                 400, BAD, "plan")
    # Nobody to send to yet.
    assert_error(world.post(f"/api/v1/reports/weekly/{mine['id']}/send", as_="team_lead"), 409, "conflict",
                 "leadership")
    assert_error(world.request("PUT", "/api/v1/reports/settings", json={"leadership": ["boss@techdesk.test", "not-an-address"]},
                           as_="manager"), 400, BAD, "leadership[1]")
    assert world.ok("GET", "/api/v1/reports/settings", as_="manager")["leadership"] == []
    assert_error(world.request("PUT", "/api/v1/reports/settings", json={"leadership": ["boss@techdesk.test"]}, as_="team_lead"),
                 403, "forbidden")
    world.ok("PUT", "/api/v1/reports/settings",
             {"leadership": ["boss@techdesk.test"], "weekly_send": {"weekday": 1, "time": "17:00"}}, as_="manager")
    sent = world.ok("POST", f"/api/v1/reports/weekly/{mine['id']}/send", as_="team_lead")
    assert sent["state"] == "sent" and sent["plan"] == plan
    assert_error(world.request("PUT", f"/api/v1/reports/weekly/{mine['id']}/plan", json={"plan": "改"}, as_="team_lead"), 409,
                 "conflict", "state")
    assert_error(world.post(f"/api/v1/reports/weekly/{mine['id']}/send", as_="team_lead"), 409, "conflict", "state")
    deadline = time.monotonic() + 20
    found = []
    while not found and time.monotonic() < deadline:
        for raw in mail.sink_messages():
            m = email.message_from_bytes(raw, policy=email.policy.default)
            if "周报" in str(m["Subject"]) and "2026-W50" in str(m["Subject"]) and "一线服务台" in str(m["Subject"]):
                found.append(m)
        time.sleep(0.3)
    assert len(found) == 1, "the weekly report was not mailed exactly once"
    body = found[0].get_body(preferencelist=("html",)).get_content()
    assert "完成打印机巡检" in body and "<script>" not in body and "&lt;script&gt;" in body
    # The department's draft goes out by itself at Monday 17:00.
    at(world, datetime(2026, 12, 14, 17, 1, tzinfo=CST))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if world.ok("GET", f"/api/v1/reports/weekly/{dep['id']}", as_="manager")["state"] == "sent":
            break
        time.sleep(1)
    assert world.ok("GET", f"/api/v1/reports/weekly/{dep['id']}", as_="manager")["state"] == "sent"
    listed = world.ok("GET", "/api/v1/reports/weekly", as_="manager")["items"]
    assert "2026-W50" in {w["iso_week"] for w in listed} and all("snapshot" not in w for w in listed)
