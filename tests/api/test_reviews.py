"""
# description: the monthly performance review (绩效考核) as the department runs it, on a test clock. In
# November the engineers work their tickets; on 2 December the manager opens November's cycle (bad weights
# are refused, naming the field, and nothing is saved), computes it from the data, scores the manual items
# and publishes it. Each engineer reads only his own scorecard — no scores while it is a draft — and writes
# his self-assessment; the team lead sees his team's; customers see nothing. The lowest engineer appeals an
# item within the window and the manager's new score moves him up the ranking; at appeal_until the window
# has closed and nothing is saved. With May and August published too, the engineer in the bottom 20 % of
# three quarters in a row is on the warning list, and a quarter without a published month breaks the run.
"""
from datetime import datetime, timedelta, timezone

import pytest

from conftest import Server, _setup_world, assert_error, make_api

CST = timezone(timedelta(hours=8))
NOVEMBER = datetime(2026, 11, 10, 10, 0, tzinfo=CST)
DECEMBER = datetime(2026, 12, 2, 10, 0, tzinfo=CST)
ENGINEERS = ["agent_l1", "agent_l2", "team_lead", "field_engineer", "complaint_officer"]
MANUAL = ["skill_level", "certifications", "teamwork"]
# Manual scores (skill level, certifications, teamwork) per engineer and month. Without tickets an engineer's
# computed items give 45 points (docs/reviews.md: base score 80 for the rates and CSAT, 0 for volume and
# articles, 100 for no complaint), so these decide the bottom: in May and August the field engineer
# (45 + 5 + 2.5 + 2 = 54.5) below the complaint officer (45 + 6 + 3 + 2 = 56); in November the complaint
# officer (56) below the field engineer (45 + 6 + 3 + 2.5 = 56.5) until his appeal.
SCORES = {
    "2026-11": {"agent_l1": (90, 90, 90), "agent_l2": (80, 80, 80), "team_lead": (85, 85, 85),
                "field_engineer": (60, 60, 50), "complaint_officer": (60, 60, 40)},
    "2026-05": {"agent_l1": (90, 90, 90), "agent_l2": (80, 80, 80), "team_lead": (85, 85, 85),
                "field_engineer": (50, 50, 40), "complaint_officer": (60, 60, 40)},
    "2026-08": {"agent_l1": (90, 90, 90), "agent_l2": (80, 80, 80), "team_lead": (85, 85, 85),
                "field_engineer": (50, 50, 40), "complaint_officer": (60, 60, 40)},
}


def set_clock(api, dt):
    return api.ok("POST", "/api/v1/test/clock", {"to": dt.isoformat()}, as_="admin")["now"]


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def rv(tmp_path_factory):
    server = Server(str(tmp_path_factory.mktemp("reviews")), ["--test-clock"])
    try:
        a = make_api(server)
        _setup_world(a)
        # Weeks pass here and sessions last 12 hours: API tokens do not expire.
        for key, u in a.users.items():
            u.token = a.ok("POST", "/api/v1/auth/tokens", {"name": "review-tests"}, as_=key, status=201)["token"]
        # November's work: agent_l1 closes one ticket, resolves two and has one in progress; agent_l2 resolves one.
        set_clock(a, NOVEMBER)
        a.ticket_in("closed")
        a.ticket_in("resolved")
        a.ticket_in("resolved")
        a.ticket_in("in_progress")
        a.ticket_in("resolved", agent="agent_l2")
        set_clock(a, DECEMBER)
        a.state = {}
        yield a
    finally:
        server.stop()


def cycles(api):
    return api.ok("GET", "/api/v1/reviews/cycles", as_="manager")["cycles"]


def cards(api, cycle_id, as_="manager"):
    return api.ok("GET", f"/api/v1/reviews/cycles/{cycle_id}/scorecards", as_=as_)


def card_of(api, cycle_id, key):
    uid = api.uid(key)
    return next(c for c in cards(api, cycle_id)["scorecards"] if c["engineer"]["id"] == uid)


def score_manual(api, cycle_id, month):
    for key, scores in SCORES[month].items():
        card = card_of(api, cycle_id, key)
        for item, score in zip(MANUAL, scores):
            api.ok("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/{item}", {"score": score, "note": "月度评定"},
                   as_="manager")


def no_schema_errors(api, value, schema):
    errs = api.schema_errors(value, schema)
    assert not errs, errs


def test_weights_that_do_not_sum_to_100_are_refused_naming_the_field_and_nothing_is_saved(rv):
    r = rv.post("/api/v1/reviews/cycles", {"month": "2026-10"}, as_="agent_l1")
    assert_error(r, 403, "forbidden")
    r = rv.post("/api/v1/reviews/cycles", {"month": "2026-10"}, as_="requester")
    assert_error(r, 403, "forbidden")
    # Five indicators whose weights sum to 99.
    defaults = [
        {"key": "volume", "name_zh": "工单量", "name_en": "Tickets resolved", "group": "work_completion",
         "weight": 15, "source": "computed", "metric": "volume"},
        {"key": "resolution_rate", "name_zh": "解决率", "name_en": "Resolution rate", "group": "work_completion",
         "weight": 30, "source": "computed", "metric": "resolution_rate"},
        {"key": "skill_level", "name_zh": "技术水平", "name_en": "Skill level", "group": "skill", "weight": 25,
         "source": "manual", "metric": None},
        {"key": "csat", "name_zh": "客户满意度", "name_en": "CSAT", "group": "attitude", "weight": 20,
         "source": "computed", "metric": "csat"},
        {"key": "reopen_rate", "name_zh": "重开率", "name_en": "Reopen rate", "group": "quality", "weight": 9,
         "source": "computed", "metric": "reopen_rate"},
    ]
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-10", "indicators": defaults}, as_="manager"),
                 400, "invalid_field", "indicators")
    bad = [dict(i) for i in defaults]
    bad[4]["weight"] = 10.5
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-10", "indicators": bad}, as_="manager"),
                 400, "invalid_field", "indicators[4].weight")
    bad = [dict(i) for i in defaults]
    bad[4]["weight"] = 10
    bad[2]["metric"] = "csat"
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-10", "indicators": bad}, as_="manager"),
                 400, "invalid_field", "indicators[2].metric")
    bad = [dict(i) for i in defaults]
    bad[4]["weight"] = 10
    bad[1]["weight"] = 130
    bad[0]["weight"] = -85
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-10", "indicators": bad}, as_="manager"),
                 400, "invalid_field", {"indicators[0].weight", "indicators[1].weight"})
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2027-01"}, as_="manager"), 400, "invalid_field",
                 "month")
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-13"}, as_="manager"), 400, "invalid_field",
                 "month")
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-10", "appeal_days": 0}, as_="manager"), 400,
                 "invalid_field", "appeal_days")
    assert cycles(rv) == []
    # Fixed, they are accepted as given.
    good = [dict(i) for i in defaults]
    good[4]["weight"] = 10
    c = rv.ok("POST", "/api/v1/reviews/cycles", {"month": "2026-10", "indicators": good, "appeal_days": 3},
              as_="manager", status=201)
    assert [i["weight"] for i in c["indicators"]] == [15, 30, 25, 20, 10]
    assert c["appeal_days"] == 3 and c["state"] == "draft"
    no_schema_errors(rv, c, "ReviewCycle")
    # A draft's indicators may change; the same rules apply.
    good[0]["weight"], good[1]["weight"] = 20, 25
    c = rv.ok("PUT", f"/api/v1/reviews/cycles/{c['id']}", {"indicators": good}, as_="manager")
    assert [i["weight"] for i in c["indicators"]] == [20, 25, 25, 20, 10]
    good[0]["weight"] = 21
    assert_error(rv.request("PUT", f"/api/v1/reviews/cycles/{c['id']}", json={"indicators": good}, as_="manager"),
                 400, "invalid_field", "indicators")
    assert [i["weight"] for i in rv.ok("GET", f"/api/v1/reviews/cycles/{c['id']}", as_="agent_l1")["indicators"]] == \
        [20, 25, 25, 20, 10]


def test_november_is_computed_from_the_data_scored_and_published(rv):
    c = rv.ok("POST", "/api/v1/reviews/cycles", {"month": "2026-11"}, as_="manager", status=201)
    rv.state["nov"] = c["id"]
    groups = {}
    for i in c["indicators"]:
        groups[i["group"]] = groups.get(i["group"], 0) + i["weight"]
    assert groups == {"work_completion": 45, "skill": 25, "attitude": 20, "quality": 10}
    assert_error(rv.post("/api/v1/reviews/cycles", {"month": "2026-11"}, as_="admin"), 409, "conflict", "month")
    assert_error(rv.post(f"/api/v1/reviews/cycles/{c['id']}/publish", as_="manager"), 409, "conflict", "state")
    assert_error(rv.post(f"/api/v1/reviews/cycles/{c['id']}/compute", as_="team_lead"), 403, "forbidden")

    c = rv.ok("POST", f"/api/v1/reviews/cycles/{c['id']}/compute", as_="manager")
    assert c["computed_at"] is not None
    listed = cards(rv, c["id"])
    no_schema_errors(rv, listed, "ReviewScorecardList")
    assert {s["engineer"]["id"] for s in listed["scorecards"]} == {rv.uid(k) for k in ENGINEERS}
    assert all(s["of"] == 5 for s in listed["scorecards"])

    mine = rv.ok("GET", f"/api/v1/reviews/scorecards/{card_of(rv, c['id'], 'agent_l1')['id']}", as_="manager")
    no_schema_errors(rv, mine, "ReviewScorecard")
    items = {i["key"]: i for i in mine["items"]}
    assert [i["key"] for i in mine["items"]][:3] == ["volume", "resolution_rate", "sla_compliance"]
    assert items["volume"]["value"] == 3  # one closed, two resolved; the one in progress does not count
    assert items["volume"]["score"] == 100  # the team's benchmark is his own 3 (team_lead has 0)
    assert items["resolution_rate"]["value"] == 0.75 and items["resolution_rate"]["score"] == 75
    assert items["kb_articles"]["score"] == 0 and items["complaints"]["score"] == 100
    assert items["csat"]["score"] == 80 and "80" in items["csat"]["explain"]["zh"]
    assert items["skill_level"]["score"] is None and items["skill_level"]["source"] == "manual"
    assert "min(100" in items["volume"]["explain"]["en"]
    assert items["resolution_rate"]["weighted"] == 11.25

    # Manual items first: publishing refuses while any is missing.
    r = rv.post(f"/api/v1/reviews/cycles/{c['id']}/publish", as_="manager")
    assert_error(r, 409, "conflict", "items")
    assert "15" in r.json()["error"]["message"]
    card = card_of(rv, c["id"], "agent_l2")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/volume", json={"score": 90},
                            as_="manager"), 400, "invalid_field", "key")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/skill_level",
                            json={"score": 100.5}, as_="manager"), 400, "invalid_field", "score")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/skill_level",
                            json={"score": 87.25}, as_="manager"), 400, "invalid_field", "score")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/nope", json={"score": 80},
                            as_="manager"), 404, "not_found")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/skill_level", json={"score": 80},
                            as_="team_lead"), 403, "forbidden")
    score_manual(rv, c["id"], "2026-11")
    co = rv.ok("GET", f"/api/v1/reviews/scorecards/{card_of(rv, c['id'], 'complaint_officer')['id']}", as_="manager")
    assert co["total"] == 56 and co["rank"] == 5 and co["bottom20"] is True
    assert {i["key"]: i for i in co["items"]}["teamwork"]["note"] == "月度评定"

    c = rv.ok("POST", f"/api/v1/reviews/cycles/{c['id']}/publish", as_="manager")
    assert c["state"] == "published"
    assert parse(c["appeal_until"]) - parse(c["published_at"]) == timedelta(days=5)
    rv.state["appeal_until"] = parse(c["appeal_until"])
    assert_error(rv.post(f"/api/v1/reviews/cycles/{c['id']}/publish", as_="manager"), 409, "conflict", "state")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{card['id']}/items/skill_level", json={"score": 10},
                            as_="manager"), 409, "conflict", "state")
    assert_error(rv.post(f"/api/v1/reviews/cycles/{c['id']}/compute", as_="manager"), 409, "conflict", "state")
    ranked = cards(rv, c["id"])
    assert [s["rank"] for s in ranked["scorecards"]] == sorted(s["rank"] for s in ranked["scorecards"])
    assert ranked["bottom"] == [card_of(rv, c["id"], "complaint_officer")["id"]]


def test_each_engineer_sees_only_his_own_scorecard_and_the_team_lead_his_team(rv):
    nov = rv.state["nov"]
    # A draft shows an engineer his indicators but no scores.
    draft = rv.ok("POST", "/api/v1/reviews/cycles", {"month": "2026-12"}, as_="manager", status=201)
    rv.ok("POST", f"/api/v1/reviews/cycles/{draft['id']}/compute", as_="manager")
    mine = rv.ok("GET", "/api/v1/reviews/mine", as_="agent_l1", params={"month": "2026-12"})
    assert mine["month"] == "2026-12" and mine["state"] == "draft"
    assert mine["total"] is None and mine["rank"] is None
    assert all(i["score"] is None and i["value"] is None for i in mine["items"])
    # … and he writes his self-assessment there; nobody else does.
    written = rv.ok("PUT", f"/api/v1/reviews/scorecards/{mine['id']}/self", {"text": "本月完成机房搬迁，协助二线处理三起故障。"},
                    as_="agent_l1")
    assert written["self_assessment"].startswith("本月完成机房搬迁")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{mine['id']}/self", json={"text": "代写"},
                            as_="manager"), 403, "forbidden")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{mine['id']}/self", json={"text": "代写"},
                            as_="team_lead"), 403, "forbidden")
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{mine['id']}/self", json={"text": "代写"},
                            as_="agent_l2"), 404, "not_found")
    assert rv.ok("GET", f"/api/v1/reviews/scorecards/{mine['id']}", as_="manager")["self_assessment"].startswith("本月")

    # Published: his own card with everything; the newest is the draft, so ask for November.
    mine = rv.ok("GET", "/api/v1/reviews/mine", as_="agent_l1", params={"month": "2026-11"})
    assert mine["engineer"]["id"] == rv.uid("agent_l1") and mine["total"] > 0 and mine["rank"] >= 1
    assert_error(rv.request("PUT", f"/api/v1/reviews/scorecards/{mine['id']}/self", json={"text": "补写"},
                            as_="agent_l1"), 409, "conflict", "state")
    other = card_of(rv, nov, "agent_l2")
    assert_error(rv.get(f"/api/v1/reviews/scorecards/{other['id']}", as_="agent_l1"), 404, "not_found")
    assert_error(rv.get(f"/api/v1/reviews/cycles/{nov}/scorecards", as_="agent_l1"), 403, "forbidden")
    assert_error(rv.get("/api/v1/reviews/mine", as_="agent_l1", params={"month": "2026-07"}), 404, "not_found")
    assert_error(rv.get("/api/v1/reviews/mine", as_="agent_l1", params={"month": "11/2026"}), 400, "invalid_query",
                 "month")
    assert_error(rv.get("/api/v1/reviews/mine", as_="manager"), 404, "not_found")  # managers are not reviewed
    for customer in ("requester", "org_manager"):
        assert_error(rv.get("/api/v1/reviews/mine", as_=customer), 403, "forbidden")
        assert_error(rv.get("/api/v1/reviews/cycles", as_=customer), 403, "forbidden")
        assert_error(rv.get(f"/api/v1/reviews/scorecards/{other['id']}", as_=customer), 403, "forbidden")

    # The team lead of 一线服务台 (agent_l1 and himself) sees those two, ranked among all five.
    team = cards(rv, nov, as_="team_lead")["scorecards"]
    assert {s["engineer"]["id"] for s in team} == {rv.uid("agent_l1"), rv.uid("team_lead")}
    assert all(s["of"] == 5 for s in team)
    rv.ok("GET", f"/api/v1/reviews/scorecards/{card_of(rv, nov, 'agent_l1')['id']}", as_="team_lead")
    assert_error(rv.get(f"/api/v1/reviews/scorecards/{other['id']}", as_="team_lead"), 404, "not_found")


def test_an_appeal_within_the_window_can_change_the_score_and_the_ranking(rv):
    nov = rv.state["nov"]
    co = card_of(rv, nov, "complaint_officer")
    field = card_of(rv, nov, "field_engineer")
    assert (co["rank"], field["rank"]) == (5, 4)
    # Someone else's card is not there to appeal; the card's engineer appeals, once per item.
    assert_error(rv.post(f"/api/v1/reviews/scorecards/{co['id']}/appeals", {"item": "teamwork", "reason": "代申诉"},
                         as_="field_engineer"), 404, "not_found")
    assert_error(rv.post(f"/api/v1/reviews/scorecards/{co['id']}/appeals", {"item": "teamwork", "reason": "代申诉"},
                         as_="manager"), 403, "forbidden")
    assert_error(rv.post(f"/api/v1/reviews/scorecards/{co['id']}/appeals", {"item": "teamwork", "reason": "  "},
                         as_="complaint_officer"), 400, "missing_field", "reason")
    assert_error(rv.post(f"/api/v1/reviews/scorecards/{co['id']}/appeals", {"item": "speed", "reason": "不对"},
                         as_="complaint_officer"), 400, "invalid_field", "item")
    appeal = rv.ok("POST", f"/api/v1/reviews/scorecards/{co['id']}/appeals",
                   {"item": "teamwork", "reason": "十一月牵头处理了华信科技的集体投诉，协作分偏低"}, as_="complaint_officer",
                   status=201)
    no_schema_errors(rv, appeal, "ReviewAppeal")
    assert appeal["state"] == "open" and appeal["old_score"] == 40 and appeal["answer"] is None
    assert_error(rv.post(f"/api/v1/reviews/scorecards/{co['id']}/appeals", {"item": "teamwork", "reason": "再次申诉"},
                         as_="complaint_officer"), 409, "conflict", "item")
    assert rv.ok("GET", f"/api/v1/reviews/cycles/{nov}", as_="manager")["state"] == "published"

    assert_error(rv.post(f"/api/v1/reviews/appeals/{appeal['id']}/answer", {"answer": "同意", "score": 100},
                         as_="team_lead"), 403, "forbidden")
    assert_error(rv.post(f"/api/v1/reviews/appeals/{appeal['id']}/answer", {"answer": "", "score": 100},
                         as_="manager"), 400, "missing_field", "answer")
    answered = rv.ok("POST", f"/api/v1/reviews/appeals/{appeal['id']}/answer",
                     {"answer": "核实属实，协作分改为 100 分", "score": 100}, as_="manager")
    assert answered["state"] == "answered" and answered["new_score"] == 100 and answered["answered_at"]
    assert_error(rv.post(f"/api/v1/reviews/appeals/{appeal['id']}/answer", {"answer": "再答"}, as_="manager"), 409,
                 "conflict", "state")
    co = rv.ok("GET", "/api/v1/reviews/mine", as_="complaint_officer", params={"month": "2026-11"})
    assert co["total"] == 59 and co["rank"] == 4 and co["bottom20"] is False
    teamwork = {i["key"]: i for i in co["items"]}["teamwork"]
    assert teamwork["score"] == 100 and "100" in teamwork["explain"]["en"]
    assert co["appeals"][0]["answer"] == "核实属实，协作分改为 100 分"
    field = card_of(rv, nov, "field_engineer")
    assert field["rank"] == 5 and field["bottom20"] is True
    assert cards(rv, nov)["bottom"] == [field["id"]]


def test_at_appeal_until_the_window_has_closed_and_nothing_is_saved(rv):
    nov = rv.state["nov"]
    until = rv.state["appeal_until"]
    field = card_of(rv, nov, "field_engineer")
    set_clock(rv, until - timedelta(seconds=60))
    rv.ok("POST", f"/api/v1/reviews/scorecards/{field['id']}/appeals",
          {"item": "volume", "reason": "本月两周在客户现场驻场，无法接单"}, as_="field_engineer", status=201)
    set_clock(rv, until)
    r = rv.post(f"/api/v1/reviews/scorecards/{field['id']}/appeals", {"item": "skill_level", "reason": "技能分偏低"},
                as_="field_engineer")
    assert_error(r, 409, "conflict", "appeal_until")
    mine = rv.ok("GET", "/api/v1/reviews/mine", as_="field_engineer", params={"month": "2026-11"})
    assert [a["item"] for a in mine["appeals"]] == ["volume"]
    # Appeals made in time are still answered afterwards (without a new score: the score stays).
    answered = rv.ok("POST", f"/api/v1/reviews/appeals/{mine['appeals'][0]['id']}/answer",
                     {"answer": "驻场工单另行考核，本项维持原分"}, as_="manager")
    assert answered["new_score"] is None
    assert rv.ok("GET", "/api/v1/reviews/mine", as_="field_engineer", params={"month": "2026-11"})["total"] == field["total"]
    assert rv.ok("GET", f"/api/v1/reviews/cycles/{nov}", as_="manager")["state"] == "closed"
    set_clock(rv, DECEMBER + timedelta(days=10))


def test_three_quarters_in_the_bottom_20_percent_earn_a_warning(rv):
    for month in ("2026-05", "2026-08"):
        c = rv.ok("POST", "/api/v1/reviews/cycles", {"month": month}, as_="manager", status=201)
        rv.ok("POST", f"/api/v1/reviews/cycles/{c['id']}/compute", as_="manager")
        score_manual(rv, c["id"], month)
        rv.ok("POST", f"/api/v1/reviews/cycles/{c['id']}/publish", as_="manager")
    for role in ("agent_l1", "team_lead", "requester"):
        assert_error(rv.get("/api/v1/reviews/warnings", as_=role, params={"quarter": "2026-Q4"}), 403, "forbidden")
    assert_error(rv.get("/api/v1/reviews/warnings", as_="manager", params={"quarter": "2026-Q5"}), 400,
                 "invalid_query", "quarter")

    w = rv.ok("GET", "/api/v1/reviews/warnings", as_="manager", params={"quarter": "2026-Q4"})
    no_schema_errors(rv, w, "ReviewWarnings")
    field = rv.uid("field_engineer")
    assert [b["engineer"]["id"] for b in w["bottom"]] == [field]
    assert w["bottom"][0]["average"] == 56.5 and w["bottom"][0]["rank"] == 5
    assert w["warnings"] == [{"engineer": {"id": field, "name": rv.users["field_engineer"].name},
                              "quarters": ["2026-Q2", "2026-Q3", "2026-Q4"]}]
    # The newest published cycle is November's: its quarter is the default.
    assert rv.ok("GET", "/api/v1/reviews/warnings", as_="admin")["quarter"] == "2026-Q4"
    # Q1 has no published month: the run ending in Q3 is broken, though he is at the bottom of Q2 and Q3.
    q3 = rv.ok("GET", "/api/v1/reviews/warnings", as_="manager", params={"quarter": "2026-Q3"})
    assert [b["engineer"]["id"] for b in q3["bottom"]] == [field] and q3["warnings"] == []
    # A quarter without any published month has no bottom 20 %.
    assert rv.ok("GET", "/api/v1/reviews/warnings", as_="manager", params={"quarter": "2026-Q1"}) == \
        {"quarter": "2026-Q1", "bottom": [], "warnings": []}
    # The draft December does not count.
    assert [x["month"] for x in cycles(rv)] == ["2026-12", "2026-11", "2026-10", "2026-08", "2026-05"]
