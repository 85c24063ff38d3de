"""
# description: every report the web UI offers to download exists as XLSX and CSV and says exactly what its
# JSON route says. Over a week played through the real API with the test clock (tickets worked by two teams,
# a P1, surveys answered, the weekly reports generated and planned, a review cycle computed), each export is
# read back — the workbook unzipped, the CSV parsed — and compared cell by cell with the JSON answer: the SLA
# compliance report, a weekly report (周报) in its sections, the satisfaction survey results and a review
# cycle's ranking. Column titles are Chinese, or English with lang=en; the CSV opens in Excel (BOM) and runs
# no formula; a bad parameter is refused naming it, and whoever may not see the JSON answer gets the same
# refusal for the file. File names are RFC 6266 / 5987 (ASCII fallback and the UTF-8 name).
"""
import csv
import io
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from conftest import NEEDS_REASON, Server, _setup_world, assert_error, describe, make_api

CST = timezone(timedelta(hours=8))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CST)  # ISO week 2026-W50
NEXT_MONDAY = datetime(2026, 12, 14, 9, 0, tzinfo=CST)
WEEK = {"from": "2026-12-07T00:00:00+08:00", "to": "2026-12-14T00:00:00+08:00"}
BAD = {"invalid_field", "invalid_query", "missing_field"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = b"\xef\xbb\xbf"
PLAN = "完成打印机巡检\n清理 ERP 账号, \"离职人员\"\n"
HOSTILE = "=2+3 还要再来"


def at(api, dt):
    api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")


def answer_survey(api, tid, score, tags, comment):
    api.ok("POST", f"/api/v1/tickets/{tid}/confirm", {}, as_="requester")
    token = api.ok("GET", f"/api/v1/tickets/{tid}/survey", as_="requester")["token"]
    r = api.request("POST", f"/api/v1/surveys/{token}", json={"score": score, "tags": tags, "comment": comment})
    assert r.status_code == 201, describe(r)


def move_retrying(api, tid, *states, as_):
    """api.move, trying a transition again while a background change of the same ticket wins the race."""
    for s in states:
        for _ in range(100):
            r = api.transition(tid, s, f"原因：{s}" if s in NEEDS_REASON else None, as_=as_)
            if r.status_code != 409 or r.json()["error"].get("field") != "version":
                break
            time.sleep(0.05)
        assert r.status_code == 200, describe(r, f"transition to {s}")
        assert r.json()["state"] == s


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Monday 7 December 2026: t1 (一线服务台, 王工) answered and resolved in the morning, rated 4; t2 raised
    to P1 and moved to 二线系统组 (赵工), answered late in the afternoon, resolved, rated 2 with a comment a
    spreadsheet would take for a formula; t3 stays open with 王工. On Monday 14 December the weekly reports
    of W50 are generated (the team lead plans next week) and December's review cycle is computed."""
    server = Server(str(tmp_path_factory.mktemp("exports")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "export-tests"}, as_=key, status=201)["token"]
        l1, l2 = a.teams["l1"]["id"], a.teams["l2"]["id"]
        at(a, MONDAY)
        t1 = a.create_ticket(subject="打印机卡纸", description="三楼打印机卡纸")
        t2 = a.create_ticket(subject="ERP 登录失败", description="提示密码错误")
        t3 = a.create_ticket(subject="申请新鼠标", description="鼠标坏了")
        a.patch_ticket(t1["id"], team_id=l1)
        a.move(t1["id"], "assigned", "in_progress")
        a.patch_ticket(t3["id"], team_id=l1)
        a.move(t3["id"], "assigned", "in_progress")
        a.patch_ticket(t2["id"], as_="admin", priority="P1", team_id=l2, assignee_id=a.uid("agent_l2"))
        at(a, MONDAY + timedelta(minutes=30))
        a.ok("POST", f"/api/v1/tickets/{t1['id']}/articles", {"kind": "reply", "body": "已处理，请再试。"},
             as_="agent_l1", status=201)
        at(a, MONDAY + timedelta(hours=1))
        a.move(t1["id"], "resolved")
        answer_survey(a, t1["id"], 4, ["timely", "professional"], "很快，谢谢")
        at(a, datetime(2026, 12, 7, 15, 0, tzinfo=CST))
        a.ok("POST", f"/api/v1/tickets/{t2['id']}/articles", {"kind": "reply", "body": "已重置密码。"},
             as_="agent_l2", status=201)
        # The clock jumped six hours: the SLA scheduler may still be recording t2's breach and escalation
        # while the agent resolves it, and a concurrent change answers 409 (field version) as it would
        # to a person, who tries again.
        move_retrying(a, t2["id"], "in_progress", "resolved", as_="agent_l2")
        answer_survey(a, t2["id"], 2, ["slow"], HOSTILE)
        at(a, NEXT_MONDAY)
        a.ids = {"t1": t1["id"], "t2": t2["id"], "t3": t3["id"]}
        a.weekly = {
            "department": a.ok("GET", "/api/v1/reports/weekly/department/2026-W50", as_="manager"),
            "l1": a.ok("GET", f"/api/v1/reports/weekly/{l1}/2026-W50", as_="team_lead"),
        }
        a.ok("PUT", f"/api/v1/reports/weekly/{a.weekly['l1']['id']}/plan", {"plan": PLAN}, as_="team_lead")
        cycle = a.ok("POST", "/api/v1/reviews/cycles", {"month": "2026-12"}, as_="manager", status=201)
        a.ok("POST", f"/api/v1/reviews/cycles/{cycle['id']}/compute", as_="manager")
        a.cycle = cycle
        yield a
    finally:
        server.stop()


# ---- reading the files back ---------------------------------------------------------------------------

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def workbook(content):
    """The worksheets of an XLSX file in order, as {name: rows}; a row is a list of str, float or None."""
    z = zipfile.ZipFile(io.BytesIO(content))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{MAIN}si"):
            shared.append("".join(t.text or "" for t in si.iter(f"{MAIN}t")))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter(f"{MAIN}sheet"):
        target = rels[sheet.get(f"{REL}id")]
        if not target.startswith("worksheets/"):
            continue  # a chart sheet
        rows = []
        for row in ET.fromstring(z.read("xl/" + target)).iter(f"{MAIN}row"):
            cells = {}
            for c in row.iter(f"{MAIN}c"):
                kind = c.get("t")
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
                elif kind == "s":
                    value = shared[int(c.find(f"{MAIN}v").text)]
                else:
                    v = c.find(f"{MAIN}v")
                    value = float(v.text) if v is not None else None
                cells[_column(c.get("r"))] = value
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        out[sheet.get("name")] = rows
    return out


def charts(content):
    return [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("xl/charts/chart")]


def csv_rows(r):
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/csv"), r.headers["Content-Type"]
    assert r.content.startswith(BOM), r.content[:10]
    assert r.content.count(BOM) == 1
    return list(csv.reader(io.StringIO(r.content[len(BOM):].decode("utf-8"), newline="")))


def sections(rows):
    """CSV sections: {title: [header, rows…]}, each opened by its one-cell title row after an empty line."""
    out, current = {}, None
    for i, row in enumerate(rows):
        if i == 0 or (rows[i - 1] == [] and row):
            current = out.setdefault(row[0], [])
            assert len(row) == 1, row
        elif row:
            current.append(row)
    return out


def xlsx(r):
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"] == XLSX_TYPE
    assert r.headers["Cache-Control"] == "private, no-store"
    return workbook(r.content)


def filename_of(r):
    """(ASCII fallback, UTF-8 name) of an attachment's Content-Disposition."""
    cd = r.headers["Content-Disposition"]
    m = re.fullmatch(r"attachment; filename=\"([ -~]*)\"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)", cd)
    assert m, cd
    assert '"' not in m.group(1) and "\\" not in m.group(1)
    return m.group(1), urllib.parse.unquote(m.group(2), errors="strict")


def pct(v):
    return "" if v is None else f"{v * 100:.1f}%"


def local_minute(rfc3339):
    if rfc3339 is None:
        return ""
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).astimezone(CST).strftime("%Y-%m-%d %H:%M")


def excel_time(rfc3339):
    if rfc3339 is None:
        return None
    t = datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).astimezone(CST).replace(tzinfo=None)
    return (t - datetime(1899, 12, 30)).total_seconds() / 86400


def num(v):
    """A CSV number cell as a float ('' stays None)."""
    return None if v == "" else float(v)


def same(cells, values):
    """Sheet cells are the values: text equal, numbers equal to rounding, None an empty (or absent) cell."""
    cells = list(cells) + [None] * (len(values) - len(cells))
    assert len(cells) == len(values), (cells, values)
    for c, v in zip(cells, values):
        if v is None or isinstance(v, str):
            assert c == v, (cells, values)
        else:
            assert c == pytest.approx(v), (cells, values)


def get(world, path, as_="manager", **params):
    return world.get(path, as_=as_, params=params)


# ---- SLA compliance ----------------------------------------------------------------------------------

SLA = {**WEEK, "group_by": "team"}


def sla_json(world, **params):
    return world.ok("GET", "/api/v1/reports/sla", as_="manager", params={**SLA, **params})["items"]


def test_the_sla_workbook_holds_the_json_reports_figures_per_group_with_a_total_and_a_chart(world):
    items = sla_json(world)
    assert {i["group"] for i in items} >= {"一线服务台", "二线系统组"}, items
    r = get(world, "/api/v1/reports/sla.xlsx", **SLA)
    ascii_name, name = filename_of(r)
    assert name == ascii_name == "sla_team_2026-12-07_2026-12-13.xlsx"
    book = xlsx(r)
    assert list(book) == ["SLA 达标"]
    rows = book["SLA 达标"]
    assert rows[0] == ["团队", "工单数", "首次响应达标", "首次响应超时", "首次响应待定", "首次响应达标率", "解决达标",
                       "解决超时", "解决未完成", "临近超时", "解决达标率"]
    assert len(rows) == len(items) + 2
    for item, row in zip(items, rows[1:]):
        fr, res = item["first_response"], item["resolution"]
        same(row, [item["group"] or "—", item["tickets"], fr["met"], fr["breached"], fr["pending"], fr["compliance"],
                   res["met"], res["breached"], res["open"], res["at_risk"], res["compliance"]])
    total = rows[-1]
    assert total[0] == "合计 / Total"
    assert total[1] == sum(i["tickets"] for i in items) == 3
    assert total[2] == sum(i["first_response"]["met"] for i in items)
    assert total[7] == sum(i["resolution"]["breached"] for i in items)
    assert len(charts(r.content)) == 1
    english = xlsx(get(world, "/api/v1/reports/sla.xlsx", **SLA, lang="en"))
    assert english["SLA compliance"][0][:2] == ["Team", "Tickets"]
    assert "First response compliance" in english["SLA compliance"][0]


def test_the_sla_csv_opens_in_excel_and_lists_the_same_rows(world):
    for group_by, title in (("team", "团队"), ("priority", "优先级"), ("month", "月份")):
        items = sla_json(world, group_by=group_by)
        rows = csv_rows(get(world, "/api/v1/reports/sla.csv", **{**SLA, "group_by": group_by}))
        assert rows[0][0] == title and rows[0][5] == "首次响应达标率"
        assert len(rows) == len(items) + 2, rows
        for item, row in zip(items, rows[1:]):
            fr, res = item["first_response"], item["resolution"]
            assert row == [item["group"] or "—", str(item["tickets"]), str(fr["met"]), str(fr["breached"]),
                           str(fr["pending"]), pct(fr["compliance"]), str(res["met"]), str(res["breached"]),
                           str(res["open"]), str(res["at_risk"]), pct(res["compliance"])]
        assert rows[-1][:2] == ["合计 / Total", "3"]
    priority = {row[0]: row for row in csv_rows(get(world, "/api/v1/reports/sla.csv", **{**SLA, "group_by": "priority"}))}
    assert "P1" in priority, priority
    english = csv_rows(get(world, "/api/v1/reports/sla.csv", **SLA, lang="en"))
    assert english[0][:3] == ["Team", "Tickets", "First response met"]


@pytest.mark.parametrize("params,field", [
    ({"to": WEEK["to"]}, "from"),
    ({"from": WEEK["from"]}, "to"),
    ({"from": "last week", "to": WEEK["to"]}, "from"),
    ({"from": WEEK["to"], "to": WEEK["from"]}, "to"),
    ({**WEEK, "group_by": "moon"}, "group_by"),
])
def test_a_bad_sla_export_names_the_field_as_the_json_report_does(world, params, field):
    for path in ("/api/v1/reports/sla", "/api/v1/reports/sla.xlsx", "/api/v1/reports/sla.csv"):
        assert_error(world.get(path, as_="manager", params=params), 400, BAD, field)


def test_customers_may_not_export_the_sla_report(world):
    for path in ("/api/v1/reports/sla", "/api/v1/reports/sla.xlsx", "/api/v1/reports/sla.csv"):
        assert_error(world.get(path, as_="requester", params=SLA), 403, "forbidden")
        assert_error(world.get(path, params=SLA), 401, "unauthenticated")


# ---- weekly reports ----------------------------------------------------------------------------------

SECTIONS = ["本周指标", "每日", "工程师", "问题分类", "重大事件", "SLA 超时", "下周计划"]
SECTIONS_EN = ["KPIs", "Daily", "Engineers", "Top categories", "Major incidents", "SLA breaches", "Next week's plan"]


def kpi_values(k):
    """The KPI export's columns after the first, from a snapshot's kpis."""
    return [k["new"], k["resolved"], k["closed"], k["backlog_end"], k["first_response_minutes"]["median"],
            k["first_response_minutes"]["p90"], k["resolution_minutes"]["median"], k["resolution_minutes"]["p90"],
            k["sla"]["first_response"]["compliance"], k["sla"]["resolution"]["compliance"],
            k["first_contact_resolution"]["rate"], k["reopen"]["rate"], k["escalation"]["rate"],
            k["csat"]["average"], k["csat"]["count"], k["complaints"], k["worklog_minutes"] / 60,
            k["onsite_visits"]]




def test_the_weekly_workbook_has_a_sheet_per_section_with_the_snapshots_figures(world):
    dep = world.weekly["department"]
    snap = world.ok("GET", f"/api/v1/reports/weekly/{dep['id']}", as_="manager")["snapshot"]
    assert snap["kpis"]["new"] == 3 and snap["kpis"]["resolved"] == 2, snap["kpis"]
    r = get(world, "/api/v1/reports/weekly.xlsx", id=dep["id"])
    assert filename_of(r) == ("weekly_department_2026-W50.xlsx",) * 2
    book = xlsx(r)
    assert list(book) == SECTIONS
    kpis = book["本周指标"]
    assert kpis[0][:4] == ["周", "新建", "已解决", "已关闭"] and "一次解决率" in kpis[0]
    assert kpis[1][0] == "2026-W50 本周 / This week" and kpis[2][0] == "2026-W49 上周 / Last week"
    same(kpis[1][1:], kpi_values(snap["kpis"]))
    same(kpis[2][1:], kpi_values(snap["previous"]))
    daily = book["每日"]
    assert daily[0] == ["日期", "新建", "已解决", "已关闭", "积压"] and len(daily) == 8
    for p, row in zip(snap["daily"], daily[1:]):
        assert row == [p["label"], p["new"], p["resolved"], p["closed"], p["backlog"]]
    agents = book["工程师"]
    assert {row[0] for row in agents[1:]} == {a["name"] for a in snap["by_agent"]} >= {"王工", "赵工"}
    for a in snap["by_agent"]:
        row = next(x for x in agents[1:] if x[0] == a["name"])
        same(row[1:], [a["new"], a["resolved"], a["csat_average"]])
    assert [row[:2] for row in book["问题分类"][1:]] == [[c["name"], c["count"]] for c in snap["top_categories"]]
    major = book["重大事件"]
    assert major[0][-1] == "说明" and [row[0] for row in major[1:]] == [t["number"] for t in snap["major_incidents"]]
    p1 = major[1]
    t2 = snap["major_incidents"][0]
    assert p1[1:6] == [t2["subject"], t2["state"], "P1", "二线系统组", "赵工"]
    assert p1[6] == pytest.approx(excel_time(t2["created_at"]), abs=1e-6)
    assert [row[0] for row in book["SLA 超时"][1:]] == [t["number"] for t in snap["breaches"]]
    assert book["下周计划"] == [["下周计划"], ["（未填写 / not filled in）"]]
    assert len(charts(r.content)) == 2  # the KPIs and the daily series
    english = xlsx(get(world, "/api/v1/reports/weekly.xlsx", id=dep["id"], lang="en"))
    assert list(english) == SECTIONS_EN
    assert english["KPIs"][0][:2] == ["Week", "New"]


def test_the_weekly_csv_puts_the_sections_one_after_another(world):
    mine = world.weekly["l1"]
    snap = world.ok("GET", f"/api/v1/reports/weekly/{mine['id']}", as_="team_lead")["snapshot"]
    r = get(world, "/api/v1/reports/weekly.csv", as_="team_lead", id=mine["id"])
    ascii_name, name = filename_of(r)
    assert name == "weekly_一线服务台_2026-W50.csv" and ascii_name == "weekly_" + "_" * 5 + "_2026-W50.csv"
    rows = csv_rows(r)
    parts = sections(rows)
    assert list(parts) == SECTIONS
    assert rows[0] == ["本周指标"] and rows[1][:3] == ["周", "新建", "已解决"]
    this_week = parts["本周指标"][1]
    k = snap["kpis"]
    assert this_week[:5] == ["2026-W50 本周 / This week", str(k["new"]), str(k["resolved"]), str(k["closed"]),
                             str(k["backlog_end"])]
    assert this_week[9] == pct(k["sla"]["first_response"]["compliance"])
    assert [row[0] for row in parts["每日"][1:]] == [p["label"] for p in snap["daily"]]
    assert [int(row[1]) for row in parts["每日"][1:]] == [p["new"] for p in snap["daily"]]
    # The plan a line a row, as the team lead wrote it (a comma and quotes survive the quoting).
    assert parts["下周计划"] == [["下周计划"], ["完成打印机巡检"], ["清理 ERP 账号, \"离职人员\""]]
    assert world.ok("GET", f"/api/v1/reports/weekly/{mine['id']}", as_="team_lead")["plan"] == PLAN
    english = sections(csv_rows(get(world, "/api/v1/reports/weekly.csv", as_="team_lead", id=mine["id"], lang="en")))
    assert list(english) == SECTIONS_EN and english["Daily"][0][0] == "Day"


@pytest.mark.parametrize("params", [{}, {"id": ""}, {"id": "abc"}, {"id": "0"}, {"id": "-3"}, {"id": "1.5"}])
def test_a_weekly_export_without_a_proper_id_names_the_field(world, params):
    for fmt in ("xlsx", "csv"):
        assert_error(world.get(f"/api/v1/reports/weekly.{fmt}", as_="manager", params=params), 400, BAD, "id")


def test_a_weekly_report_one_may_not_see_is_not_found_as_the_json_route_says(world):
    dep, mine = world.weekly["department"], world.weekly["l1"]
    for who, report in (("team_lead", dep), ("agent_l1", mine), ("agent_l2", dep), ("requester", mine)):
        assert world.get(f"/api/v1/reports/weekly/{report['id']}", as_=who).status_code == 404
        for fmt in ("xlsx", "csv"):
            assert_error(world.get(f"/api/v1/reports/weekly.{fmt}", as_=who, params={"id": report["id"]}), 404,
                         "not_found")
    for fmt in ("xlsx", "csv"):
        assert_error(world.get(f"/api/v1/reports/weekly.{fmt}", as_="manager", params={"id": 999999}), 404,
                     "not_found")
    # The team lead's own team and the manager's everything.
    assert get(world, "/api/v1/reports/weekly.csv", as_="team_lead", id=mine["id"]).status_code == 200
    assert get(world, "/api/v1/reports/weekly.xlsx", id=mine["id"]).status_code == 200


# ---- satisfaction surveys ----------------------------------------------------------------------------

def test_the_survey_workbook_has_the_summary_and_every_response(world):
    body = world.ok("GET", "/api/v1/surveys", as_="manager", params=WEEK)
    responses, summary = body["responses"], body["summary"]
    assert [x["score"] for x in responses] == [2, 4], responses
    r = get(world, "/api/v1/reports/surveys.xlsx", **WEEK)
    assert filename_of(r)[1] == "surveys_2026-12-07_2026-12-13.xlsx"
    book = xlsx(r)
    assert list(book) == ["满意度汇总", "评价明细"]
    s = book["满意度汇总"]
    assert s[0] == ["评分", "评价数", "占比", "平均分"]
    assert [row[:2] for row in s[1:6]] == [[n, summary["distribution"][str(n)]] for n in (5, 4, 3, 2, 1)]
    assert s[6][:2] == ["合计 / Total", summary["count"]] and s[6][3] == pytest.approx(summary["average"]) == 3
    assert s[2][2] == pytest.approx(0.5) and s[4][2] == pytest.approx(0.5)  # scores 4 and 2: one of two each
    rows = book["评价明细"]
    assert rows[0] == ["工单号", "评分", "标签", "评价内容", "处理人", "团队", "客户单位", "渠道", "评价时间"]
    for x, row in zip(responses, rows[1:], strict=True):
        assert row[:8] == [x["ticket_number"], x["score"], ", ".join(x["tags"]), x["comment"], x["agent"]["name"],
                           x["team"]["name"], x["organization"]["name"], x["channel"]]
        assert row[8] == pytest.approx(excel_time(x["created_at"]), abs=1e-6)
    # Text is never a formula in the workbook.
    assert rows[1][3] == HOSTILE
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(r.content)).read("xl/worksheets/sheet2.xml")
    assert len(charts(r.content)) == 1
    english = xlsx(get(world, "/api/v1/reports/surveys.xlsx", **WEEK, lang="en"))
    assert list(english) == ["CSAT summary", "Responses"] and english["Responses"][0][:2] == ["Ticket", "Score"]


def test_the_survey_csv_lists_the_same_responses_and_runs_no_formula(world):
    responses = world.ok("GET", "/api/v1/surveys", as_="manager", params=WEEK)["responses"]
    parts = sections(csv_rows(get(world, "/api/v1/reports/surveys.csv", **WEEK)))
    assert list(parts) == ["满意度汇总", "评价明细"]
    assert parts["满意度汇总"][-1] == ["合计 / Total", "2", "100.0%", "3"]
    listed = parts["评价明细"][1:]
    assert len(listed) == len(responses) == 2
    for x, row in zip(responses, listed):
        comment = "'" + x["comment"] if x["comment"].startswith("=") else x["comment"]
        assert row == [x["ticket_number"], str(x["score"]), ", ".join(x["tags"]), comment, x["agent"]["name"],
                       x["team"]["name"], x["organization"]["name"], x["channel"], local_minute(x["created_at"])]
    assert listed[0][3] == "'" + HOSTILE
    # The filters are the list's: one team's responses only.
    l2 = world.teams["l2"]["id"]
    only = world.ok("GET", "/api/v1/surveys", as_="manager", params={**WEEK, "team": l2})["responses"]
    rows = sections(csv_rows(get(world, "/api/v1/reports/surveys.csv", **WEEK, team=l2)))["评价明细"][1:]
    assert [row[0] for row in rows] == [x["ticket_number"] for x in only] and len(rows) == 1
    assert csv_rows(get(world, "/api/v1/reports/surveys.csv", **WEEK, lang="en"))[1][:2] == ["Score", "Responses"]


@pytest.mark.parametrize("params,field", [
    ({"from": "yesterday"}, "from"),
    ({"to": "2026-13-40"}, "to"),
    ({"from": WEEK["to"], "to": WEEK["from"]}, "to"),
    ({**WEEK, "team": "abc"}, "team"),
    ({**WEEK, "agent": "0"}, "agent"),
    ({**WEEK, "organization": "-1"}, "organization"),
])
def test_a_bad_survey_export_names_the_field_as_the_list_does(world, params, field):
    for path in ("/api/v1/surveys", "/api/v1/reports/surveys.xlsx", "/api/v1/reports/surveys.csv"):
        assert_error(world.get(path, as_="manager", params=params), 400, BAD, field)


def test_customers_may_not_export_the_survey_results(world):
    for path in ("/api/v1/surveys", "/api/v1/reports/surveys.xlsx", "/api/v1/reports/surveys.csv"):
        for who in ("requester", "org_manager"):
            assert_error(world.get(path, as_=who, params=WEEK), 403, "forbidden")


# ---- review cycle rankings ---------------------------------------------------------------------------

def ranking_rows(cards):
    return [[c["rank"], c["engineer"]["name"], c["team"]["name"] if c["team"] else None, c["total"],
             "是 / Yes" if c["bottom20"] else None, len(c["appeals"]), c["state"]] for c in cards]


def test_the_ranking_workbook_lists_the_cycles_scorecards_best_first(world):
    cycle = world.cycle["id"]
    cards = world.ok("GET", f"/api/v1/reviews/cycles/{cycle}/scorecards", as_="manager")["scorecards"]
    assert len(cards) >= 5 and cards[0]["rank"] == 1
    r = get(world, "/api/v1/reports/scorecards.xlsx", cycle=cycle)
    assert filename_of(r) == ("scorecards_2026-12.xlsx",) * 2
    book = xlsx(r)
    assert list(book) == ["绩效排名 2026-12"]
    rows = book["绩效排名 2026-12"]
    assert rows[0] == ["排名", "工程师", "团队", "总分", "末位 20%", "申诉数", "状态"]
    assert len(rows) == len(cards) + 1
    for want, row in zip(ranking_rows(cards), rows[1:]):
        same(row, want)
        assert want[6] == "draft"
    assert any(row[4] == "是 / Yes" for row in rows[1:])  # the bottom 20 %
    assert len(charts(r.content)) == 1
    assert xlsx(get(world, "/api/v1/reports/scorecards.xlsx", cycle=cycle, lang="en"))["Ranking 2026-12"][0][:2] == \
        ["Rank", "Engineer"]


def test_the_ranking_csv_shows_a_team_lead_his_teams_cards_only(world):
    cycle = world.cycle["id"]
    for who in ("manager", "team_lead"):
        cards = world.ok("GET", f"/api/v1/reviews/cycles/{cycle}/scorecards", as_=who)["scorecards"]
        rows = csv_rows(get(world, "/api/v1/reports/scorecards.csv", as_=who, cycle=cycle))
        assert rows[0][:4] == ["排名", "工程师", "团队", "总分"]
        assert len(rows) == len(cards) + 1
        for want, row in zip(ranking_rows(cards), rows[1:]):
            assert row[1:3] == [want[1], want[2] or ""]
            assert row[0] == ("" if want[0] is None else str(want[0]))
            assert num(row[3]) == (None if want[3] is None else pytest.approx(want[3]))
            assert row[4:] == [want[4] or "", str(want[5]), want[6]]
    lead = csv_rows(get(world, "/api/v1/reports/scorecards.csv", as_="team_lead", cycle=cycle))
    assert {row[1] for row in lead[1:]} == {"王工", "李组长"}
    # His own card in a draft cycle shows no rank or total yet, in the file as in the list.
    own = next(row for row in lead[1:] if row[1] == "李组长")
    assert own[0] == "" and own[3] == ""


@pytest.mark.parametrize("params", [{}, {"cycle": ""}, {"cycle": "december"}, {"cycle": "0"}])
def test_a_ranking_export_without_a_proper_cycle_names_the_field(world, params):
    for fmt in ("xlsx", "csv"):
        assert_error(world.get(f"/api/v1/reports/scorecards.{fmt}", as_="manager", params=params), 400, BAD, "cycle")


def test_who_may_not_see_the_ranking_may_not_export_it(world):
    cycle = world.cycle["id"]
    for who in ("agent_l1", "field_engineer", "requester"):
        assert world.get(f"/api/v1/reviews/cycles/{cycle}/scorecards", as_=who).status_code == 403
        for fmt in ("xlsx", "csv"):
            assert_error(world.get(f"/api/v1/reports/scorecards.{fmt}", as_=who, params={"cycle": cycle}), 403,
                         "forbidden")
    for fmt in ("xlsx", "csv"):
        assert_error(world.get(f"/api/v1/reports/scorecards.{fmt}", as_="manager", params={"cycle": 999999}), 404,
                     "not_found")


# ---- file names --------------------------------------------------------------------------------------

def test_every_download_names_its_file_the_same_rfc_6266_way(world):
    # An upload's Chinese name with a space and a quote: one "_" per character the fallback cannot carry.
    r = world.request("POST", "/api/v1/uploads?filename=" + urllib.parse.quote('故障 "报告".txt'), as_="requester",
                      data="打印机卡纸".encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 201, describe(r)
    got = world.get(r.json()["url"], as_="requester")
    assert got.status_code == 200, describe(got)
    assert got.headers["Content-Disposition"] == \
        "attachment; filename=\"__ ____.txt\"; filename*=UTF-8''%E6%95%85%E9%9A%9C%20%22%E6%8A%A5%E5%91%8A%22.txt"
    assert filename_of(got) == ("__ ____.txt", '故障 "报告".txt')
    kpis = get(world, "/api/v1/reports/kpis.csv", **{"from": "2026-12-07", "to": "2026-12-08"})
    assert filename_of(kpis) == ("kpis_2026-12-07_2026-12-07.csv",) * 2
