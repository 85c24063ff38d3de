"""# description: Bad input gets a clear 4xx answer naming the field and changes nothing — malformed or
non-object JSON, wrong types and values, missing and unknown fields, oversized bodies, malformed query
parameters, unknown and guessed ids, wrong methods — while hostile text (HTML, script, SQL, long Chinese
text, control characters) is stored and returned verbatim as plain text, and invalid UTF-8 is refused.
"""

import json

import pytest
import requests

from conftest import assert_error, describe, unique

MIB = 1024 * 1024
NO_SUCH_ID = 987654321


@pytest.fixture
def unchanged_tickets(api):
    """Asserts after the test that no ticket was created."""
    before = api.newest_ticket_id()
    yield
    assert api.newest_ticket_id() == before, "a refused request created a ticket"


def raw_post(api, path, data, as_="requester", content_type="application/json", method="POST"):
    return api.request(method, path, as_=as_, data=data, headers={"Content-Type": content_type})


# ---- creating a ticket --------------------------------------------------------------------------------

NOT_JSON = [b'{"subject": "x", ', b"not json", b"", b"{'subject': 'x'}", b'{"subject": "x",}', b"\xef\xbb\xbf{}x",
            b'{"subject": "a" "description": "b"}', b"[" * 100000, b'{"a":' * 50000]
NOT_OBJECT = [b"[]", b'[{"subject": "x", "description": "y"}]', b'"text"', b"42", b"null", b"true"]


@pytest.mark.parametrize("body", NOT_JSON + NOT_OBJECT, ids=lambda b: repr(b[:24]))
def test_malformed_or_non_object_json_is_invalid_json(api, unchanged_tickets, body):
    r = raw_post(api, "/api/v1/tickets", body)
    assert_error(r, 400, "invalid_json", None)
    assert api.get("/healthz").status_code == 200


# Every write route of dispatch reads its body the same way: malformed or non-object JSON is refused before
# anything is looked up or changed.
DISPATCH_WRITES = [("PATCH", "/api/v1/teams/{team}/dispatch"), ("POST", "/api/v1/teams/{team}/members"),
                   ("PATCH", "/api/v1/agents/{agent}"), ("PUT", "/api/v1/categories/{category}/skills"),
                   ("POST", "/api/v1/tickets/{ticket}/escalate"), ("POST", "/api/v1/tickets/{ticket}/deescalate"),
                   ("POST", "/api/v1/tickets/{ticket}/transfer"), ("POST", "/api/v1/tickets/{ticket}/merge"),
                   ("POST", "/api/v1/tickets/{ticket}/split"), ("POST", "/api/v1/tickets/{ticket}/links"),
                   ("POST", "/api/v1/tickets/{ticket}/tags"), ("POST", "/api/v1/tickets/{ticket}/worklog"),
                   ("POST", "/api/v1/tickets/{ticket}/presence"), ("POST", "/api/v1/rules"),
                   ("POST", "/api/v1/macros")]


@pytest.fixture(scope="module")
def dispatch_target(api):
    return api.create_ticket(as_="requester")


@pytest.mark.parametrize("method,path", DISPATCH_WRITES, ids=[f"{m} {p}" for m, p in DISPATCH_WRITES])
def test_dispatch_writes_refuse_malformed_json_and_unknown_fields(api, dispatch_target, unchanged_tickets, method,
                                                                  path):
    t = dispatch_target
    url = path.format(team=api.teams["l1"]["id"], agent=api.uid("agent_l1"), category=t["category_id"] or 1,
                      ticket=t["id"])
    before = api.ok("GET", f"/api/v1/tickets/{t['id']}/events", as_="admin")
    for body in [b'{"reason": "x", ', b"not json", b"[]", b'"text"', b"null", b"[" * 100000]:
        r = api.request(method, url, as_="admin", data=body, headers={"Content-Type": "application/json"})
        assert_error(r, 400, "invalid_json", None)
    r = api.request(method, url, as_="admin", json={"no_such_field": "<script>alert(1)</script>"})
    assert r.status_code == 400, describe(r, "unknown field")
    assert r.json()["error"]["field"] == "no_such_field", describe(r, "names the field")
    assert api.ok("GET", f"/api/v1/tickets/{t['id']}/events", as_="admin") == before, "nothing changed"


S, D = "打印机卡纸", "三楼打印机卡纸"
CREATE_CASES = [
    # (body, as, code, field)
    ({"description": D}, "requester", "missing_field", "subject"),
    ({"subject": S}, "requester", "missing_field", "description"),
    ({}, "requester", "missing_field", {"subject", "description"}),
    ({"subject": 5, "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": True, "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": ["a"], "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": {"zh": "a"}, "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": "", "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": "长" * 201, "description": D}, "requester", "invalid_field", "subject"),
    ({"subject": S, "description": ""}, "requester", "invalid_field", "description"),
    ({"subject": S, "description": 3.5}, "requester", "invalid_field", "description"),
    ({"subject": S, "description": "字" * 100001}, "requester", "invalid_field", "description"),
    ({"subject": S, "description": D, "impact": "huge"}, "requester", "invalid_field", "impact"),
    ({"subject": S, "description": D, "impact": 1}, "requester", "invalid_field", "impact"),
    ({"subject": S, "description": D, "urgency": "HIGH"}, "requester", "invalid_field", "urgency"),
    ({"subject": S, "description": D, "type": "bug"}, "requester", "invalid_field", "type"),
    ({"subject": S, "description": D, "channel": "fax"}, "requester", "invalid_field", "channel"),
    ({"subject": S, "description": D, "category_id": "abc"}, "requester", "invalid_field", "category_id"),
    ({"subject": S, "description": D, "category_id": NO_SUCH_ID}, "requester", "invalid_field", "category_id"),
    ({"subject": S, "description": D, "category_id": -1}, "requester", "invalid_field", "category_id"),
    ({"subject": S, "description": D, "category_id": 1.5}, "requester", "invalid_field", "category_id"),
    ({"subject": S, "description": D, "category_id": 10 ** 30}, "requester", "invalid_field", "category_id"),
    ({"subject": S, "description": D, "state": "closed"}, "requester", "unknown_field", "state"),
    ({"subject": S, "description": D, "id": 1}, "requester", "unknown_field", "id"),
    ({"subject": S, "description": D, "number": "20260101-0001"}, "requester", "unknown_field", "number"),
    ({"subject": S, "description": D, "Subject": "x"}, "requester", "unknown_field", "Subject"),
    ({"subject": S, "description": D, "priority": "P5"}, "agent_l1", "invalid_field", "priority"),
    ({"subject": S, "description": D, "priority": "p1"}, "agent_l1", "invalid_field", "priority"),
    ({"subject": S, "description": D, "tier": "L3"}, "agent_l1", "invalid_field", "tier"),
    ({"subject": S, "description": D, "team_id": NO_SUCH_ID}, "agent_l1", "invalid_field", "team_id"),
    ({"subject": S, "description": D, "assignee_id": NO_SUCH_ID}, "agent_l1", "invalid_field", "assignee_id"),
    ({"subject": S, "description": D, "assignee_id": "me"}, "agent_l1", "invalid_field", "assignee_id"),
    ({"subject": S, "description": D, "requester_id": NO_SUCH_ID}, "agent_l1", "invalid_field", "requester_id"),
]


@pytest.mark.parametrize("body,as_,code,field", CREATE_CASES,
                         ids=[f"{c[2]}:{c[3] if isinstance(c[3], str) else 'any'}-{i}" for i, c in
                              enumerate(CREATE_CASES)])
def test_a_bad_ticket_is_refused_naming_the_field(api, unchanged_tickets, body, as_, code, field):
    assert_error(api.post("/api/v1/tickets", body, as_=as_), 400, code, field)


def test_null_subject_is_refused(api, unchanged_tickets):
    r = api.post("/api/v1/tickets", {"subject": None, "description": D}, as_="requester")
    assert_error(r, 400, {"missing_field", "invalid_field"}, "subject")


def test_a_body_that_is_not_json_by_content_type_is_415(api, unchanged_tickets):
    body = json.dumps({"subject": S, "description": D}).encode()
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        assert_error(raw_post(api, "/api/v1/tickets", body, content_type=ctype), 415, "unsupported_media_type")
    r = api.request("POST", "/api/v1/tickets", as_="requester", data=body)  # no Content-Type at all
    assert_error(r, 415, "unsupported_media_type")


def test_json_content_type_with_a_charset_is_fine(api):
    body = json.dumps({"subject": S, "description": D}).encode()
    r = raw_post(api, "/api/v1/tickets", body, content_type="application/json; charset=utf-8")
    assert r.status_code == 201, describe(r)


# ---- changing a ticket ------------------------------------------------------------------------------

PATCH_CASES = [
    ({"subject": 5}, "invalid_field", "subject"),
    ({"subject": ""}, "invalid_field", "subject"),
    ({"subject": "x" * 201}, "invalid_field", "subject"),
    ({"description": None}, "invalid_field", "description"),
    ({"impact": "huge"}, "invalid_field", "impact"),
    ({"urgency": None}, "invalid_field", "urgency"),
    ({"priority": "P0"}, "invalid_field", "priority"),
    ({"type": 1}, "invalid_field", "type"),
    ({"tier": "L9"}, "invalid_field", "tier"),
    ({"channel": ""}, "invalid_field", "channel"),
    ({"version": "x"}, "invalid_field", "version"),
    ({"assignee_id": "me"}, "invalid_field", "assignee_id"),
    ({"assignee_id": NO_SUCH_ID}, "invalid_field", "assignee_id"),
    ({"team_id": NO_SUCH_ID}, "invalid_field", "team_id"),
    ({"category_id": NO_SUCH_ID}, "invalid_field", "category_id"),
    ({"state": "closed"}, "unknown_field", "state"),
    ({"requester_id": 1}, "unknown_field", "requester_id"),
    ({"number": "x"}, "unknown_field", "number"),
    ({"priority": "P1", "colour": "red"}, "unknown_field", "colour"),
]


@pytest.mark.parametrize("body,code,field", PATCH_CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(PATCH_CASES)])
def test_a_bad_change_is_refused_and_changes_nothing(api, body, code, field):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    assert_error(api.patch(f"/api/v1/tickets/{t['id']}", body, as_="agent_l1"), 400, code, field)
    assert api.snapshot(t["id"]) == snap


@pytest.mark.parametrize("body", [b"{", b"[]", b'"subject"', b"null"])
def test_a_change_that_is_not_a_json_object_is_refused(api, body):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    r = raw_post(api, f"/api/v1/tickets/{t['id']}", body, as_="agent_l1", method="PATCH")
    assert_error(r, 400, "invalid_json", None)
    for path in (f"/api/v1/tickets/{t['id']}/articles", f"/api/v1/tickets/{t['id']}/transitions"):
        assert_error(raw_post(api, path, body, as_="agent_l1"), 400, "invalid_json", None)
    assert api.snapshot(t["id"]) == snap


# ---- query parameters ------------------------------------------------------------------------------

QUERY_CASES = [
    ("limit", "0"), ("limit", "101"), ("limit", "abc"), ("limit", "-1"), ("limit", "1.5"),
    ("limit", "99999999999999999999"),
    ("cursor", "garbage"), ("cursor", "!!!"), ("cursor", "%00"),
    ("state", "bogus"), ("state", "new,bogus"), ("priority", "P9"), ("priority", "high"),
    ("type", "bug"), ("sort", "subject"), ("sort", "-"), ("sort", "id; DROP TABLE tickets"),
    ("team", "abc"), ("assignee", "someone"), ("assignee", "-1"), ("requester", "x"), ("organization", "1x"),
    ("category", "1.0"),
]


@pytest.mark.parametrize("param,value", QUERY_CASES, ids=[f"{p}={v[:12]}" for p, v in QUERY_CASES])
def test_a_malformed_query_parameter_is_invalid_query(api, param, value):
    assert_error(api.get("/api/v1/tickets", as_="admin", params={param: value}), 400, "invalid_query", param)


@pytest.mark.parametrize("path,param,value", [("/api/v1/users", "limit", "0"), ("/api/v1/users", "role", "king"),
                                              ("/api/v1/users", "organization", "x"),
                                              ("/api/v1/organizations", "limit", "abc"),
                                              ("/api/v1/teams", "cursor", "garbage")])
def test_other_lists_check_their_query_parameters(api, path, param, value):
    assert_error(api.get(path, as_="admin", params={param: value}), 400, "invalid_query", param)


def test_a_cursor_of_one_listing_is_checked_not_trusted(api):
    for _ in range(3):
        api.create_ticket()
    page = api.ok("GET", "/api/v1/tickets", as_="admin", params={"limit": 1})
    cursor = page["next_cursor"]
    assert cursor
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    r = api.get("/api/v1/tickets", as_="admin", params={"limit": 1, "cursor": tampered})
    assert r.status_code in (200, 400), describe(r)
    if r.status_code == 400:
        assert_error(r, 400, "invalid_query", "cursor")


# ---- oversized bodies ----------------------------------------------------------------------------------

def _big_ticket_body():
    return json.dumps({"subject": "big", "description": "x" * (MIB + 1024)}).encode()


def test_a_body_over_one_mib_is_413(api, unchanged_tickets):
    try:
        r = raw_post(api, "/api/v1/tickets", _big_ticket_body())
    except requests.ConnectionError as e:
        pytest.fail(f"server dropped the connection instead of answering 413: {e}")
    assert_error(r, 413, "payload_too_large")
    assert api.get("/healthz").status_code == 200


def test_a_chunked_body_over_one_mib_is_413(api, unchanged_tickets):
    data = _big_ticket_body()

    def chunks():
        for i in range(0, len(data), 64 * 1024):
            yield data[i:i + 64 * 1024]

    try:
        r = raw_post(api, "/api/v1/tickets", chunks())
    except requests.ConnectionError as e:  # the server may stop reading once it has seen too much
        pytest.fail(f"server dropped the connection instead of answering 413: {e}")
    assert_error(r, 413, "payload_too_large")


def test_a_big_body_on_login_and_patch_is_413(api):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    assert_error(raw_post(api, f"/api/v1/tickets/{t['id']}", _big_ticket_body(), as_="agent_l1", method="PATCH"),
                 413, "payload_too_large")
    big_login = json.dumps({"login": "x" * (MIB + 10), "password": "y"}).encode()
    assert_error(api.request("POST", "/api/v1/auth/login", data=big_login,
                             headers={"Content-Type": "application/json"}), 413, "payload_too_large")
    assert api.snapshot(t["id"]) == snap


def test_a_body_just_under_the_limit_is_parsed(api, unchanged_tickets):
    # Under 1 MiB the body is parsed, and only then refused for the description's length.
    body = json.dumps({"subject": "big", "description": "x" * (MIB - 1024)}).encode()
    assert_error(raw_post(api, "/api/v1/tickets", body), 400, "invalid_field", "description")


# ---- unknown ids, malformed ids, unknown routes, wrong methods -------------------------------------------

ID_ROUTES = [("GET", "/api/v1/tickets/{}", None), ("PATCH", "/api/v1/tickets/{}", {"subject": "x"}),
             ("GET", "/api/v1/tickets/{}/transitions", None),
             ("POST", "/api/v1/tickets/{}/transitions", {"to": "cancelled", "reason": "x"}),
             ("GET", "/api/v1/tickets/{}/articles", None),
             ("POST", "/api/v1/tickets/{}/articles", {"kind": "note", "body": "x"}),
             ("GET", "/api/v1/tickets/{}/events", None),
             ("GET", "/api/v1/users/{}", None), ("PATCH", "/api/v1/users/{}", {"name": "x"}),
             ("GET", "/api/v1/organizations/{}", None), ("PATCH", "/api/v1/organizations/{}", {"name": "x"}),
             ("GET", "/api/v1/teams/{}", None), ("PATCH", "/api/v1/teams/{}", {"name": "x"}),
             ("DELETE", "/api/v1/auth/tokens/{}", None),
             # dispatch
             ("GET", "/api/v1/teams/{}/dispatch", None), ("PATCH", "/api/v1/teams/{}/dispatch", {"capacity": 3}),
             ("GET", "/api/v1/teams/{}/members", None),
             ("GET", "/api/v1/agents/{}", None), ("PATCH", "/api/v1/agents/{}", {"on_duty": False}),
             ("GET", "/api/v1/categories/{}/skills", None),
             ("PUT", "/api/v1/categories/{}/skills", {"skills": []}),
             ("POST", "/api/v1/tickets/{}/escalate", {"reason": "x", "summary": "y"}),
             ("POST", "/api/v1/tickets/{}/deescalate", {"reason": "x"}),
             ("POST", "/api/v1/tickets/{}/transfer", {"team": 1, "reason": "x"}),
             ("POST", "/api/v1/tickets/{}/auto-assign", {}),
             ("POST", "/api/v1/tickets/{}/merge", {"into": 1}),
             ("GET", "/api/v1/tickets/{}/links", None), ("GET", "/api/v1/tickets/{}/tags", None),
             ("POST", "/api/v1/tickets/{}/tags", {"tag": "x"}),
             ("GET", "/api/v1/tickets/{}/worklog", None),
             ("POST", "/api/v1/tickets/{}/worklog", {"minutes": 10, "activity": "phone"}),
             ("POST", "/api/v1/tickets/{}/presence", {"activity": "viewing"}),
             ("GET", "/api/v1/rules/{}", None), ("DELETE", "/api/v1/rules/{}", None),
             ("DELETE", "/api/v1/macros/{}", None), ("POST", "/api/v1/macros/{}/render", {"ticket_id": 1})]
BAD_IDS = [str(NO_SUCH_ID), "abc", "0", "-1", "1.0", "1e3", "01x", "99999999999999999999999", "%20"]


@pytest.mark.parametrize("method,path,body", ID_ROUTES, ids=[f"{m} {p}" for m, p, _ in ID_ROUTES])
def test_unknown_or_malformed_ids_are_404(api, unchanged_tickets, method, path, body):
    failures = []
    for bad in BAD_IDS:
        kw = {"json": body} if body is not None else {}
        r = api.request(method, path.format(bad), as_="admin", **kw)
        try:
            assert_error(r, 404, "not_found")
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("suffix", ["1%00", "1%0A", "1%2Fevents", "1%2farticles"])
def test_a_path_with_an_encoded_slash_or_control_character_is_a_bad_request(api, unchanged_tickets, suffix):
    # An encoded '/' would otherwise let "/tickets/1%2Fevents" reach the /tickets/{id}/events route.
    assert_error(api.get("/api/v1/tickets/" + suffix, as_="admin"), 400, "bad_request")


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/tickets", "/api/v1/tickets/1/nothing", "/api/v1/",
                                  "/api/v1/tickets/1/articles/1", "/api/v1/TICKETS"])
def test_unknown_routes_are_404(api, path):
    assert_error(api.get(path, as_="admin"), 404, "not_found")


@pytest.mark.parametrize("method,path", [
    ("PUT", "/api/v1/tickets/{t}"), ("DELETE", "/api/v1/tickets/{t}"), ("DELETE", "/api/v1/tickets"),
    ("PUT", "/api/v1/tickets"), ("PATCH", "/api/v1/tickets"), ("DELETE", "/api/v1/tickets/{t}/articles"),
    ("PATCH", "/api/v1/tickets/{t}/transitions"), ("GET", "/api/v1/auth/login"), ("GET", "/api/v1/auth/logout"),
    ("DELETE", "/api/v1/users/{u}"), ("PATCH", "/api/v1/categories"), ("GET", "/api/v1/auth/tokens/1"),
    ("POST", "/healthz"), ("DELETE", "/metrics"), ("POST", "/api/v1/openapi.yaml")])
def test_a_known_path_with_the_wrong_method_is_405(api, method, path):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    url = path.format(t=t["id"], u=api.uid("requester_a2"))
    kw = {"json": {}} if method in ("PUT", "PATCH", "POST") else {}
    r = api.request(method, url, as_="admin", **kw)
    assert_error(r, 405, "method_not_allowed")
    assert api.snapshot(t["id"]) == snap
    api.ok("GET", f"/api/v1/users/{api.uid('requester_a2')}", as_="admin")


# ---- hostile text ---------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(document.cookie)">',
    "</textarea><svg/onload=alert(1)>",
    "'; DROP TABLE tickets; --",
    "\" OR 1=1 --",
    "%' OR '1'='1",
    "Robert'); DELETE FROM users;--",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "\\u0000 \\n literally",
    "&lt;b&gt;escaped&lt;/b&gt; &amp; &#x3C;",
    "‮ RTL override ‭ and zero​width",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"h{i}" for i in range(len(HOSTILE))])
def test_hostile_text_is_stored_and_returned_verbatim(api, text):
    t = api.create_ticket(subject=text, description=f"描述：{text}")
    assert t["subject"] == text and t["description"] == f"描述：{text}"
    r = api.get(f"/api/v1/tickets/{t['id']}", as_="requester")
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["subject"] == text
    a = api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": text}, as_="requester",
               status=201)
    assert a["body"] == text
    assert api.articles(t["id"])[-1]["body"] == text
    listed = api.ok("GET", "/api/v1/tickets", as_="requester", params={"limit": 5})["items"]
    assert text in [i["subject"] for i in listed]


SQLISH = {"' OR 1=1 --", "'; DROP TABLE tickets; --"}


@pytest.mark.parametrize("q", ["' OR 1=1 --", '"unbalanced', "a OR b", "subject:x", "*", "NEAR(a b)", "-x", "^x",
                               "(", "\\", "%", "_", "卡纸\"", "AND", "'; DROP TABLE tickets; --", "   "])
def test_search_text_is_never_syntax(api, q):
    bystander = api.create_ticket(subject="无线网络断开", description="会议室")
    r = api.get("/api/v1/tickets", as_="admin", params={"q": q, "limit": 100})
    assert r.status_code == 200, describe(r)
    assert isinstance(r.json()["items"], list)
    if q in SQLISH:
        assert bystander["id"] not in [i["id"] for i in r.json()["items"]], f"q={q!r} matched everything"


def test_ten_thousand_chinese_characters_round_trip(api):
    text = ("技术支持部受理客户报障，工程师远程诊断后上门维修打印机。" * 400)[:10000]
    assert len(text) == 10000
    t = api.create_ticket(description=text)
    assert api.ticket(t["id"])["description"] == text
    a = api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": text}, as_="agent_l1",
               status=201)
    assert api.articles(t["id"])[-1]["body"] == text and a["body"] == text


def test_lengths_are_counted_in_characters_not_bytes(api):
    t = api.create_ticket(subject="长" * 200)
    assert t["subject"] == "长" * 200
    t = api.create_ticket(subject="😭" * 200)
    assert t["subject"] == "😭" * 200
    assert_error(api.post("/api/v1/tickets", {"subject": "😭" * 201, "description": "d"}, as_="requester"),
                 400, "invalid_field", "subject")


def test_whitespace_and_newlines_are_kept(api):
    text = "第一行\n第二行\r\n\t缩进  两个空格 "
    t = api.create_ticket(description=text)
    assert api.ticket(t["id"])["description"] == text


CONTROL = ["a\u0000b", "\u0000", "a\u0001\u0002\u0003\u001b[31mred", "bell\u0007", "del\u007f"]


@pytest.mark.parametrize("text", CONTROL, ids=[f"c{i}" for i in range(len(CONTROL))])
@pytest.mark.parametrize("where", ["subject", "description", "article", "reason"])
def test_control_characters_are_refused_never_truncated(api, text, where):
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    before = api.newest_ticket_id()
    if where == "article":
        r = api.post(f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": text}, as_="requester")
        field = "body"
    elif where == "reason":
        r = api.transition(t["id"], "cancelled", text, as_="requester")
        field = "reason"
    else:
        body = {"subject": "控制字符", "description": "控制字符", where: text}
        r = api.post("/api/v1/tickets", body, as_="requester")
        field = where
    assert_error(r, 400, "invalid_field", field)
    assert api.snapshot(t["id"]) == snap
    assert api.newest_ticket_id() == before


@pytest.mark.parametrize("text", ["第一行\n第二行", "回车\r"], ids=["lf", "cr"])
def test_a_subject_is_one_line(api, unchanged_tickets, text):
    assert_error(api.post("/api/v1/tickets", {"subject": text, "description": "d"}, as_="requester"),
                 400, "invalid_field", "subject")


def test_non_ascii_line_and_format_characters_are_kept(api):
    text = "x\u0085y\u2028z\u200bw\ufeff"
    t = api.create_ticket(subject=text, description=text)
    assert api.ticket(t["id"])["description"] == text and t["subject"] == text


@pytest.mark.parametrize("field", ["subject", "description"])
def test_whitespace_only_text_is_refused(api, unchanged_tickets, field):
    body = {"subject": "s", "description": "d", field: " \t  "}
    assert_error(api.post("/api/v1/tickets", body, as_="requester"), 400, "invalid_field", field)


def test_a_reason_is_at_most_5000_characters(api):
    t = api.ticket_in("in_progress")
    snap = api.snapshot(t["id"])
    assert_error(api.transition(t["id"], "resolved", "因" * 5001), 400, "invalid_field", "reason")
    assert api.snapshot(t["id"]) == snap
    r = api.transition(t["id"], "resolved", "因" * 5000)
    assert r.status_code == 200, describe(r)


@pytest.mark.parametrize("raw", [
    b'{"subject": "\xff\xfe", "description": "d"}',
    b'{"subject": "ok", "description": "\xc0\xaf"}',
    b'{"subject": "\xed\xa0\x80", "description": "d"}',
    b'{"subject": "\xe6\x89", "description": "d"}',
    b'{"subject": "ok", "descr\xffiption": "d"}',
], ids=["ff-fe", "overlong", "utf8-surrogate", "truncated", "in-key"])
def test_invalid_utf8_is_refused(api, unchanged_tickets, raw):
    r = raw_post(api, "/api/v1/tickets", raw)
    assert_error(r, 400, {"invalid_json", "invalid_field", "unknown_field"})


def test_an_escaped_lone_surrogate_never_yields_invalid_utf8(api):
    r = raw_post(api, "/api/v1/tickets", b'{"subject": "a\\ud800b", "description": "d"}')
    assert r.status_code in (201, 400), describe(r)
    r.content.decode("utf-8")  # strict: the answer itself is valid UTF-8
    if r.status_code == 201:
        got = api.get(f"/api/v1/tickets/{r.json()['id']}", as_="requester")
        got.content.decode("utf-8")
    else:
        assert_error(r, 400, {"invalid_json", "invalid_field"})


# ---- guessed ids --------------------------------------------------------------------------------

def test_guessing_ids_reveals_nothing(api):
    mine = api.create_ticket(as_="requester_b")
    others = [api.create_ticket(as_="requester"), api.create_ticket(as_="requester_internal")]
    newest = api.newest_ticket_id()
    seen = set()
    messages = set()
    for tid in range(max(1, newest - 150), newest + 5):
        r = api.get(f"/api/v1/tickets/{tid}", as_="requester_b")
        if r.status_code == 200:
            assert r.json()["requester_id"] == api.uid("requester_b")
            seen.add(tid)
        else:
            err = assert_error(r, 404, "not_found")
            messages.add("".join(c for c in err["message"] if not c.isdigit()))
    assert mine["id"] in seen and not {o["id"] for o in others} & seen
    assert len(messages) == 1, f"404 answers differ between missing and invisible tickets: {messages}"
    for o in others:
        for sub in ("events", "articles", "transitions"):
            assert_error(api.get(f"/api/v1/tickets/{o['id']}/{sub}", as_="requester_b"), 404, "not_found")


# ---- other resources check their bodies too ---------------------------------------------------------

def _count(api, path):
    if path == "/api/v1/categories":  # not paginated
        return len(api.ok("GET", path, as_="admin")["items"])
    return len(api.list_all(path, as_="admin"))


@pytest.mark.parametrize("body,code,field", [
    ({"password": "Passw0rd!", "name": "n", "role": "requester"}, "missing_field", "login"),
    ({"login": "x", "name": "n", "role": "requester"}, "missing_field", "password"),
    ({"login": "x", "password": "Passw0rd!", "name": "n"}, "missing_field", "role"),
    ({"login": "x", "password": "short", "name": "n", "role": "requester"}, "invalid_field", "password"),
    ({"login": "x", "password": "Passw0rd!", "name": "n", "role": "god"}, "invalid_field", "role"),
    ({"login": 7, "password": "Passw0rd!", "name": "n", "role": "requester"}, "invalid_field", "login"),
    ({"login": "x", "password": "Passw0rd!", "name": "n", "role": "requester", "organization_id": NO_SUCH_ID},
     "invalid_field", "organization_id"),
    ({"login": "x", "password": "Passw0rd!", "name": "n", "role": "agent_l1", "team_ids": "1"},
     "invalid_field", "team_ids"),
    ({"login": "x", "password": "Passw0rd!", "name": "n", "role": "requester", "is_admin": True},
     "unknown_field", "is_admin"),
])
def test_a_bad_user_is_refused(api, body, code, field):
    body = dict(body)
    if isinstance(body.get("login"), str):
        body["login"] = unique("bad.user")
    before = _count(api, "/api/v1/users")
    assert_error(api.post("/api/v1/users", body, as_="admin"), 400, code, field)
    assert _count(api, "/api/v1/users") == before


def test_a_taken_login_is_a_conflict(api):
    before = _count(api, "/api/v1/users")
    body = {"login": api.users["requester"].login, "password": "Passw0rd!", "name": "冒名", "role": "admin"}
    assert_error(api.post("/api/v1/users", body, as_="admin"), 409, "conflict")
    assert _count(api, "/api/v1/users") == before
    assert api.ok("GET", "/api/v1/auth/me", as_="requester")["user"]["role"] == "requester"


@pytest.mark.parametrize("path,body,code,field", [
    ("/api/v1/organizations", {"kind": "external"}, "missing_field", "name"),
    ("/api/v1/organizations", {"name": "x", "kind": "partner"}, "invalid_field", "kind"),
    ("/api/v1/organizations", {"name": "x", "kind": "external", "vip": True}, "unknown_field", "vip"),
    ("/api/v1/teams", {"description": "x"}, "missing_field", "name"),
    ("/api/v1/teams", {"name": "x", "member_ids": "1"}, "invalid_field", "member_ids"),
    ("/api/v1/teams", {"name": "x", "member_ids": [NO_SUCH_ID]}, "invalid_field", "member_ids"),
    ("/api/v1/categories", {"name": "x"}, "missing_field", "name_en"),
    ("/api/v1/categories", {"name": "x", "name_en": "x", "parent_id": NO_SUCH_ID}, "invalid_field", "parent_id"),
    ("/api/v1/categories", {"name": "", "name_en": "x"}, "invalid_field", "name"),
])
def test_bad_organisations_teams_and_categories_are_refused(api, path, body, code, field):
    body = {k: (unique(v) if k == "name" and v == "x" else v) for k, v in body.items()}
    before = _count(api, path)
    assert_error(api.post(path, body, as_="admin"), 400, code, field)
    assert _count(api, path) == before


def test_the_server_is_still_healthy(api):
    r = api.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
