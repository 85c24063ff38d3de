"""# description: What the department's tools and the web client are generated from is true: the served
OpenAPI document is the one in docs/, it names exactly the routes the server has, the answers have the
documented shapes, and the server reports its health and per-route request counts to monitoring.
"""

import json
import re

import pytest
import yaml

from conftest import OPENAPI_PATH, PASSWORD, describe, run_cli, unique

METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = {"GET /healthz", "GET /metrics", "GET /api/v1/openapi.yaml", "POST /api/v1/auth/login", "GET /api/v1/portal/registration", "POST /api/v1/portal/register", "GET /api/v1/surveys/{token}", "POST /api/v1/surveys/{token}"}


def doc_routes(doc):
    return {f"{m.upper()} {p}" for p, ops in doc["paths"].items() for m in ops if m in METHODS}


@pytest.fixture(scope="module")
def doc():
    return yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))


# ---- the document itself (needs no server) -----------------------------------------------------------

def test_document_is_openapi_3_0_3_with_the_auth_schemes(doc):
    assert doc["openapi"] == "3.0.3"
    schemes = doc["components"]["securitySchemes"]
    assert schemes["cookieAuth"] == {**schemes["cookieAuth"], "type": "apiKey", "in": "cookie",
                                     "name": "techdesk_session"}
    assert schemes["bearerAuth"]["type"] == "http" and schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["csrfToken"]["in"] == "header" and schemes["csrfToken"]["name"] == "X-CSRF-Token"
    err = doc["components"]["schemas"]["Error"]
    assert err["properties"]["error"]["required"] == ["code", "message", "field"]


def test_every_operation_is_complete(doc):
    problems = []
    op_ids = set()
    for path, ops in doc["paths"].items():
        params_here = [p for p in ops.get("parameters", [])]
        for method, op in ops.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            if not op.get("operationId"):
                problems.append(f"{where}: no operationId")
            elif op["operationId"] in op_ids:
                problems.append(f"{where}: duplicate operationId")
            op_ids.add(op.get("operationId"))
            if not op.get("responses"):
                problems.append(f"{where}: no responses")
            if not op.get("summary"):
                problems.append(f"{where}: no summary")
            public = where in PUBLIC
            if public != (op.get("security") == []):
                problems.append(f"{where}: security does not say public={public}")
            if "{id}" in path:
                names = {_deref(doc, p)["name"] for p in params_here + op.get("parameters", [])}
                if "id" not in names:
                    problems.append(f"{where}: {{id}} not declared")
            if method in ("post", "patch", "put", "delete") and not public:
                sec = op.get("security")
                if sec != [{"cookieAuth": [], "csrfToken": []}, {"bearerAuth": []}]:
                    problems.append(f"{where}: a write must take cookie+CSRF or bearer")
            body = op.get("requestBody")
            if body and "application/json" in body["content"]:
                schema = _deref(doc, body["content"]["application/json"]["schema"])
                if schema.get("additionalProperties") is not False:
                    problems.append(f"{where}: request body allows unknown fields")
            for status, resp in op.get("responses", {}).items():
                if status.startswith(("4", "5")):
                    r = _deref(doc, resp)
                    s = r.get("content", {}).get("application/json", {}).get("schema", {})
                    if s.get("$ref") != "#/components/schemas/Error":
                        problems.append(f"{where} {status}: not the Error schema")
    assert not problems, "\n".join(problems)


def test_every_reference_resolves(doc):
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "([^"]+)"', text)):
        _deref(doc, {"$ref": ref})


def _deref(doc, node):
    while "$ref" in node:
        target = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


# ---- the server agrees with the document -------------------------------------------------------------

def test_served_document_is_the_repository_document(api, doc):
    r = api.get("/api/v1/openapi.yaml")
    assert r.status_code == 200, describe(r)
    served = yaml.safe_load(r.content.decode("utf-8"))
    assert isinstance(served, dict) and served.get("openapi", "").startswith("3.")
    assert doc_routes(served) == doc_routes(doc)
    assert served == doc, "the served document differs from docs/openapi.yaml (stale build?)"


def test_routes_of_the_binary_are_exactly_the_documented_routes(api, doc):
    r = run_cli(api.binary, "routes")
    lines = [line.strip() for line in r.stdout.splitlines() if line.strip()]
    assert all(re.fullmatch(r"(GET|POST|PUT|PATCH|DELETE) /\S*", line) for line in lines), lines
    assert len(lines) == len(set(lines)), "duplicate routes"
    server, documented = set(lines), doc_routes(doc)
    assert server - documented == set(), "routes the document does not describe"
    assert documented - server == set(), "documented routes the server does not have"


def test_healthz_says_ok(api):
    r = api.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def _samples(text):
    """(metric name, labels dict, value) for every sample line of a Prometheus text page."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$', line)
        assert m, f"not a Prometheus sample line: {line!r}"
        labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out.append((m.group(1), labels, float(m.group(4))))
    return out


def test_metrics_count_requests_per_route(api):
    t = api.create_ticket()
    for _ in range(3):
        api.ok("GET", f"/api/v1/tickets/{t['id']}", as_="requester")
    r = api.get("/metrics")
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/plain"), r.headers["Content-Type"]
    counters = set(re.findall(r"^# TYPE (\S+) counter$", r.text, re.M))
    assert counters, "no counter metrics"

    def route_count(text):
        total, found = 0.0, False
        for name, labels, value in _samples(text):
            base = name[:-6] if name.endswith("_total") else name
            if (name in counters or base in counters) and "/api/v1/tickets/{id}" in labels.values() \
                    and labels.get("method", "GET").upper() == "GET":
                total += value
                found = True
        return total if found else None

    before = route_count(r.text)
    assert before is not None, "no request counter labelled with the route /api/v1/tickets/{id}"
    assert before >= 3
    assert f"/api/v1/tickets/{t['id']}\"" not in r.text, "raw paths as labels would explode cardinality"
    for _ in range(4):
        api.ok("GET", f"/api/v1/tickets/{t['id']}", as_="requester")
    after = route_count(api.get("/metrics").text)
    assert after >= before + 4


# ---- answers have the documented shapes ------------------------------------------------------------

def _check(api, value, schema):
    errs = api.schema_errors(value, schema)
    assert not errs, f"{schema}:\n" + "\n".join(errs[:20])


def test_ticket_answers_match_the_schema(api):
    t = api.create_ticket(as_="agent_l1", team_id=api.teams["l1"]["id"], assignee_id=api.uid("agent_l1"),
                          category_id=api.ok("GET", "/api/v1/categories", as_="admin")["items"][0]["id"])
    _check(api, t, "Ticket")
    _check(api, api.create_ticket(), "Ticket")
    _check(api, api.ok("GET", "/api/v1/tickets", as_="admin", params={"limit": 5}), "TicketList")
    api.patch_ticket(t["id"], priority="P1", team_id=api.teams["l2"]["id"], as_="admin")
    t = api.move(t["id"], "in_progress", "resolved")
    _check(api, t, "Ticket")
    _check(api, api.ok("GET", f"/api/v1/tickets/{t['id']}/transitions", as_="agent_l1"), "TransitionOptions")
    a = api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": "n"}, as_="agent_l1",
               status=201)
    _check(api, a, "Article")
    _check(api, api.ok("GET", f"/api/v1/tickets/{t['id']}/articles", as_="agent_l1"), "ArticleList")
    _check(api, api.ok("GET", f"/api/v1/tickets/{t['id']}/events", as_="admin"), "EventList")


def test_identity_answers_match_the_schema(api):
    r = api.login(api.users["manager"].login, PASSWORD)
    _check(api, r.json(), "LoginResponse")
    _check(api, api.ok("GET", "/api/v1/auth/me", as_="org_manager"), "MeResponse")
    _check(api, api.ok("GET", "/api/v1/users", as_="admin", params={"limit": 100}), "UserList")
    _check(api, api.ok("GET", f"/api/v1/users/{api.uid('agent_l1')}", as_="admin"), "User")
    _check(api, api.ok("GET", "/api/v1/organizations", as_="admin"), "OrganizationList")
    _check(api, api.ok("GET", f"/api/v1/organizations/{api.orgs['org_a']['id']}", as_="admin"), "Organization")
    _check(api, api.ok("GET", "/api/v1/teams", as_="admin"), "TeamList")
    _check(api, api.ok("GET", f"/api/v1/teams/{api.teams['l1']['id']}", as_="admin"), "Team")
    _check(api, api.ok("GET", "/api/v1/categories", as_="requester"), "CategoryList")
    tok = api.ok("POST", "/api/v1/auth/tokens", {"name": unique("schema")}, as_="agent_l1", status=201)
    _check(api, tok, "CreatedApiToken")
    api.ok("GET", "/api/v1/auth/me", token=tok["token"])
    _check(api, api.ok("GET", "/api/v1/auth/tokens", as_="agent_l1"), "ApiTokenList")
    org = api.ok("POST", "/api/v1/organizations", {"name": unique("公司"), "kind": "internal", "domain": "x.example"},
                 as_="admin", status=201)
    _check(api, org, "Organization")
    user = api.ok("POST", "/api/v1/users", {"login": unique("schema.user"), "password": "Passw0rd!", "name": "张三",
                                            "role": "agent_l2", "email": "z@example.com", "phone": "13800000000",
                                            "team_ids": [api.teams["l2"]["id"]]}, as_="admin", status=201)
    _check(api, user, "User")
    assert user["team_ids"] == [api.teams["l2"]["id"]]
    assert "password" not in json.dumps(user)


def test_error_answers_match_the_schema(api):
    t = api.create_ticket()
    for r in (api.get("/api/v1/tickets/999999999", as_="admin"),
              api.get("/api/v1/nothing", as_="admin"),
              api.get("/api/v1/auth/me"),
              api.post("/api/v1/tickets", {"subject": 1, "description": "d"}, as_="requester"),
              api.get("/api/v1/users", as_="requester"),
              api.transition(t["id"], "closed"),
              api.request("DELETE", "/api/v1/tickets", as_="admin")):
        assert r.status_code >= 400
        _check(api, r.json(), "Error")
        assert r.headers["Content-Type"].startswith("application/json"), describe(r)
