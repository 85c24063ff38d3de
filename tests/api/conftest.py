"""Black-box API test fixtures for TechDesk.

One server per test session: a fresh SQLite database in a temp dir, organisations and one user per
role made with the CLI, teams made through the API, every user logged in once. Tests talk to the
server over HTTP only, through the `api` fixture (an `Api` object).

Run with Debian's interpreter:  /usr/bin/python3 -m pytest tests/api -q
The binary comes from $TECHDESK_BIN (default <repo>/build/techdesk).
"""

import itertools
import json
import os
import re
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import yaml
from http import cookiejar

REPO = Path(__file__).resolve().parents[2]
OPENAPI_PATH = REPO / "docs" / "openapi.yaml"
SERVER_START_TIMEOUT = 10.0
HTTP_TIMEOUT = 15.0

NUMBER_RE = re.compile(r"^\d{8}-\d{4,}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

AGENT_ROLES = ["agent_l1", "agent_l2", "field_engineer", "team_lead", "complaint_officer", "manager", "admin"]
CUSTOMER_ROLES = ["requester", "org_manager"]
ROLES = CUSTOMER_ROLES + AGENT_ROLES

# The impact x urgency matrix of the contract.
PRIORITY = {
    ("high", "high"): "P1", ("high", "medium"): "P2", ("high", "low"): "P3",
    ("medium", "high"): "P2", ("medium", "medium"): "P3", ("medium", "low"): "P4",
    ("low", "high"): "P3", ("low", "medium"): "P4", ("low", "low"): "P4",
}

# Targets an agent may move a ticket to, per state (new -> assigned only with an assignee).
AGENT_TRANSITIONS = {
    "new": {"cancelled"},
    "assigned": {"in_progress", "cancelled"},
    "in_progress": {"pending_customer", "pending_third_party", "resolved", "cancelled"},
    "pending_customer": {"in_progress", "cancelled"},
    "pending_third_party": {"in_progress", "cancelled"},
    "resolved": {"closed", "reopened"},
    "closed": {"reopened"},
    "reopened": {"in_progress", "cancelled"},
    "cancelled": set(),
}
NEEDS_REASON = {"resolved", "reopened", "cancelled"}

# How to reach each state from `new` (the ticket gets an assignee first).
PATH_TO = {
    "new": [],
    "assigned": ["assigned"],
    "in_progress": ["assigned", "in_progress"],
    "pending_customer": ["assigned", "in_progress", "pending_customer"],
    "pending_third_party": ["assigned", "in_progress", "pending_third_party"],
    "resolved": ["assigned", "in_progress", "resolved"],
    "closed": ["assigned", "in_progress", "resolved", "closed"],
    "reopened": ["assigned", "in_progress", "resolved", "reopened"],
    "cancelled": ["cancelled"],
}

PASSWORD = "Test#2026pass"

# key -> (login, role, organisation key or None, display name)
USERS = {
    "admin": ("t.admin", "admin", None, "管理员"),
    "manager": ("t.manager", "manager", None, "周经理"),
    "team_lead": ("t.lead", "team_lead", None, "李组长"),
    "agent_l1": ("t.agent1", "agent_l1", None, "王工"),
    "agent_l2": ("t.agent2", "agent_l2", None, "赵工"),
    "field_engineer": ("t.field", "field_engineer", None, "陈工"),
    "complaint_officer": ("t.complaint", "complaint_officer", None, "刘专员"),
    "requester": ("t.req.a", "requester", "org_a", "黄客户"),
    "requester_a2": ("t.req.a2", "requester", "org_a", "吴客户"),
    "org_manager": ("t.mgr.a", "org_manager", "org_a", "华信负责人"),
    "requester_b": ("t.req.b", "requester", "org_b", "远大客户"),
    "org_manager_b": ("t.mgr.b", "org_manager", "org_b", "远大负责人"),
    "requester_internal": ("t.req.int", "requester", "org_internal", "孙会计"),
}
# Users that exist but are not logged in by the fixture (the lockout test owns one).
SPARE_USERS = {
    "lockout": ("t.lockout", "requester", "org_a", "被锁用户"),
    "lockout_other": ("t.lockout2", "requester", "org_a", "旁观用户"),
}

ORGS = {
    "org_a": ("华信科技有限公司", "external"),
    "org_b": ("远大贸易有限公司", "external"),
    "org_internal": ("财务部", "internal"),
}

# team key -> (name, member user keys)
TEAMS = {
    "l1": ("一线服务台", ["agent_l1", "team_lead"]),
    "l2": ("二线系统组", ["agent_l2"]),
    "field": ("现场服务组", ["field_engineer"]),
    "complaints": ("客户关系组", ["complaint_officer"]),
}

_unique = itertools.count(1)


def unique(prefix="t"):
    """A string unique within the test session."""
    return f"{prefix}-{os.getpid()}-{next(_unique)}"


class _NoCookies(cookiejar.DefaultCookiePolicy):
    """Never store cookies: every request says explicitly how it authenticates."""

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


@dataclass
class User:
    key: str
    login: str
    password: str
    role: str
    org: str | None
    name: str
    id: int | None = None
    token: str | None = None
    csrf_token: str | None = None
    user: dict = field(default_factory=dict)


_MISSING = object()


class Api:
    """A small HTTP client bound to one running server.

    `as_` names a user key of USERS (e.g. "requester", "agent_l1"); requests are authenticated with
    that user's bearer token. `as_=None` sends no credentials.
    """

    def __init__(self, base, binary, db_url, tmpdir):
        self.base = base
        self.binary = binary
        self.db_url = db_url
        self.tmpdir = tmpdir
        self.http = requests.Session()
        self.http.cookies.set_policy(_NoCookies())
        self.users: dict[str, User] = {}
        self.orgs: dict[str, dict] = {}
        self.teams: dict[str, dict] = {}
        self.spare: dict[str, User] = {}  # created, never logged in by the fixture
        self._doc = None

    # ---- raw HTTP ---------------------------------------------------------------------------

    def url(self, path):
        return self.base + path

    def request(self, method, path, *, as_=None, token=None, json=_MISSING, data=None, headers=None,
                params=None, cookie=None, csrf=None):
        h = dict(headers or {})
        if as_ is not None:
            token = self.users[as_].token
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        if cookie is not None:
            h["Cookie"] = f"techdesk_session={cookie}"
        if csrf is not None:
            h["X-CSRF-Token"] = csrf
        kw = {}
        if json is not _MISSING:
            kw["data"] = _json_bytes(json)
            h.setdefault("Content-Type", "application/json")
        elif data is not None:
            kw["data"] = data
        return self.http.request(method, self.url(path), headers=h, params=params, timeout=HTTP_TIMEOUT,
                                 allow_redirects=False, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=_MISSING, **kw):
        return self.request("POST", path, json=body, **kw)

    def patch(self, path, body=_MISSING, **kw):
        return self.request("PATCH", path, json=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def ok(self, method, path, body=_MISSING, *, status=None, **kw):
        """Sends a request that must succeed and returns its JSON (or None for 204)."""
        r = self.request(method, path, json=body, **kw)
        expected = status or {"GET": 200, "POST": 200, "PATCH": 200, "PUT": 200, "DELETE": 204}[method]
        assert r.status_code == expected, describe(r, f"expected {expected}")
        return None if r.status_code == 204 else r.json()

    # ---- auth -------------------------------------------------------------------------------

    def login(self, login, password):
        return self.request("POST", "/api/v1/auth/login", json={"login": login, "password": password})

    def fresh_session(self, key):
        """Logs `key` in again and returns the login answer (a new, independent session)."""
        u = self.users.get(key) or self.spare[key]
        r = self.login(u.login, u.password)
        assert r.status_code == 200, describe(r, "login")
        return r

    # ---- domain helpers ---------------------------------------------------------------------

    def uid(self, key):
        return self.users[key].id

    def create_ticket(self, as_="requester", **fields):
        """Creates a ticket (201 expected) and returns it."""
        body = {"subject": fields.pop("subject", None) or f"打印机卡纸 {unique('subj')}",
                "description": fields.pop("description", None) or "三楼打印机卡纸，无法打印。"}
        body.update(fields)
        r = self.post("/api/v1/tickets", body, as_=as_)
        assert r.status_code == 201, describe(r, "create ticket")
        return r.json()

    def ticket(self, tid, as_="admin"):
        return self.ok("GET", f"/api/v1/tickets/{tid}", as_=as_)

    def patch_ticket(self, tid, as_="agent_l1", **fields):
        return self.ok("PATCH", f"/api/v1/tickets/{tid}", fields, as_=as_)

    def transition(self, tid, to, reason=None, as_="agent_l1"):
        return self.request("POST", f"/api/v1/tickets/{tid}/transitions",
                            json={"to": to, **({"reason": reason} if reason is not None else {})}, as_=as_)

    def move(self, tid, *states, as_="agent_l1"):
        """Drives a ticket through `states` (agent; assigning to the agent when needed)."""
        t = None
        for s in states:
            if s == "assigned":
                t = self.patch_ticket(tid, as_=as_, assignee_id=self.uid(as_))
                assert t["state"] == "assigned", t
                continue
            r = self.transition(tid, s, f"原因：{s}" if s in NEEDS_REASON else None, as_=as_)
            assert r.status_code == 200, describe(r, f"transition to {s}")
            t = r.json()
            assert t["state"] == s, t
        return t

    def ticket_in(self, state, as_requester="requester", agent="agent_l1", **fields):
        """A fresh ticket of `as_requester`, driven by `agent` into `state`."""
        t = self.create_ticket(as_=as_requester, **fields)
        if PATH_TO[state]:
            t = self.move(t["id"], *PATH_TO[state], as_=agent)
        return t

    def events(self, tid, as_="admin"):
        return self.ok("GET", f"/api/v1/tickets/{tid}/events", as_=as_)["items"]

    def articles(self, tid, as_="admin"):
        return self.ok("GET", f"/api/v1/tickets/{tid}/articles", as_=as_)["items"]

    def list_all(self, path, as_, params=None, limit=100, max_pages=200):
        """Follows next_cursor to the end and returns every item."""
        items, cursor = [], None
        for _ in range(max_pages):
            p = dict(params or {})
            p["limit"] = limit
            if cursor:
                p["cursor"] = cursor
            page = self.ok("GET", path, as_=as_, params=p)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items
        raise AssertionError(f"{path}: more than {max_pages} pages")

    def newest_ticket_id(self):
        """The id of the most recently created ticket (0 if none): a cheap 'nothing was created' probe."""
        page = self.ok("GET", "/api/v1/tickets", as_="admin", params={"sort": "-created_at", "limit": 1})
        return page["items"][0]["id"] if page["items"] else 0

    def snapshot(self, tid):
        """Everything an admin sees of a ticket; equal snapshots mean nothing changed."""
        return {"ticket": self.ticket(tid), "events": self.events(tid), "articles": self.articles(tid)}

    def create_category(self, name=None, name_en=None, parent_id=None):
        body = {"name": name or unique("分类"), "name_en": name_en or unique("category")}
        if parent_id is not None:
            body["parent_id"] = parent_id
        return self.ok("POST", "/api/v1/categories", body, as_="admin", status=201)

    def cli(self, *args, check=True):
        return run_cli(self.binary, *args, check=check)

    # ---- the OpenAPI document ---------------------------------------------------------------

    @property
    def doc(self):
        if self._doc is None:
            self._doc = yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))
        return self._doc

    def schema_errors(self, value, schema_name):
        return validate(self.doc, {"$ref": f"#/components/schemas/{schema_name}"}, value)


def _json_bytes(body):
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def describe(r, what=""):
    """A one-line account of a response for assertion messages."""
    body = r.text if len(r.text) < 600 else r.text[:600] + "…"
    return f"{what}: {r.request.method} {r.request.url} -> {r.status_code} {body}"


ANY = object()


def assert_error(r, status, code, field=ANY):
    """The response is the standard error body with this status, code (or one of a set) and field."""
    assert r.status_code == status, describe(r, f"expected {status} {code}")
    try:
        body = r.json()
    except ValueError:
        raise AssertionError(describe(r, "error body is not JSON"))
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), describe(r, "not an error body")
    err = body["error"]
    assert set(err) >= {"code", "message", "field"}, describe(r, "error body lacks code/message/field")
    assert isinstance(err["message"], str) and err["message"], describe(r, "empty message")
    codes = {code} if isinstance(code, str) else set(code)
    assert err["code"] in codes, describe(r, f"expected code {sorted(codes)}")
    if field is not ANY:
        fields = field if isinstance(field, (set, frozenset)) else {field}
        assert err["field"] in fields, describe(r, f"expected field {field!r}")
    return err


# ---- a minimal OpenAPI 3.0 schema checker (the subset docs/openapi.yaml uses) ------------------

def _resolve(doc, ref):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def validate(doc, schema, value, path="$"):
    """Returns a list of the ways `value` does not conform to `schema`."""
    errs = []
    if "$ref" in schema:
        return validate(doc, _resolve(doc, schema["$ref"]), value, path)
    if value is None:
        if schema.get("nullable"):
            return errs
        return [f"{path}: null not allowed"]
    for sub in schema.get("allOf", []):
        errs += validate(doc, sub, value, path)
    t = schema.get("type")
    type_ok = {
        None: True,
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }[t]
    if not type_ok:
        return errs + [f"{path}: expected {t}, got {type(value).__name__} {value!r:.80}"]
    if "enum" in schema and value not in schema["enum"]:
        errs.append(f"{path}: {value!r} not in {schema['enum']}")
    if t == "string":
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errs.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "date-time" and not TIME_RE.match(value):
            errs.append(f"{path}: {value!r} is not RFC 3339 UTC with milliseconds")
    if t == "object":
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in value:
                errs.append(f"{path}: missing {k}")
        if schema.get("additionalProperties") is False:
            for k in value:
                if k not in props:
                    errs.append(f"{path}: unexpected property {k}")
        for k, sub in props.items():
            if k in value:
                errs += validate(doc, sub, value[k], f"{path}.{k}")
    if t == "array" and "items" in schema:
        for i, v in enumerate(value):
            errs += validate(doc, schema["items"], v, f"{path}[{i}]")
    return errs


# ---- server life cycle ------------------------------------------------------------------------

def binary_path():
    b = os.environ.get("TECHDESK_BIN")
    p = Path(b) if b else Path("build/techdesk")
    return p if p.is_absolute() else REPO / p


def run_cli(binary, *args, check=True, timeout=60):
    r = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"techdesk {' '.join(map(str, args))} exited {r.returncode}\n"
                             f"stdout: {r.stdout}\nstderr: {r.stderr}")
    return r


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path, n=4000):
    try:
        return Path(path).read_text(errors="replace")[-n:]
    except OSError:
        return "(no log)"


def selected_backend():
    """The backend the suite runs against: TECHDESK_TEST_BACKEND=sqlite (default) or postgresql, the latter
    on the throw-away cluster named by TECHDESK_TEST_PG_URL (scripts/pg-temp.sh)."""
    return os.environ.get("TECHDESK_TEST_BACKEND", "sqlite")


def _fresh_database(tmp):
    if selected_backend() == "sqlite":
        return f"sqlite://{tmp}/api.db"  # sqlite:/// + absolute path
    base = os.environ.get("TECHDESK_TEST_PG_URL")
    if not base:
        pytest.fail("TECHDESK_TEST_BACKEND=postgresql needs TECHDESK_TEST_PG_URL (see scripts/pg-temp.sh)")
    name = f"api_{os.getpid()}_{int(time.time() * 1000) % 10**9}"
    subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return base.rsplit("/", 1)[0] + "/" + name


# Modules that only make sense on one backend.
collect_ignore = [] if selected_backend() == "postgresql" else ["test_startup_postgresql.py"]


def pytest_report_header(config):
    return f"techdesk backend: {selected_backend()}"


class Server:
    """A running `techdesk serve` on a fresh database of the selected backend, with the organisations and
    users of ORGS / USERS made by the CLI. stop() ends it; start() starts it again on the same database."""

    def __init__(self, tmp, extra_args=()):
        self.binary = binary_path()
        if not self.binary.exists():
            pytest.fail(f"TechDesk binary not found at {self.binary}: build it, or set TECHDESK_BIN")
        self.tmp = tmp
        self.extra_args = list(extra_args)
        self.db_url = _fresh_database(tmp)
        run_cli(self.binary, "migrate", "--db", self.db_url)
        for key, (name, kind) in ORGS.items():
            run_cli(self.binary, "admin", "create-org", "--db", self.db_url, "--name", name, "--kind", kind)
        for key, (login, role, org, name) in {**USERS, **SPARE_USERS}.items():
            args = ["admin", "create-user", "--db", self.db_url, "--login", login, "--password", PASSWORD,
                    "--role", role, "--name", name]
            if org:
                args += ["--org", ORGS[org][0]]
            run_cli(self.binary, *args)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tmp) / "server.log"
        self.proc = None
        self.start()

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([str(self.binary), "serve", "--db", self.db_url, "--listen",
                                      f"127.0.0.1:{self.port}", "--secret-file", str(Path(self.tmp) / "techdesk.secret"),
                                      *self.extra_args], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"techdesk serve exited with {self.proc.returncode}:\n{_log_tail(self.log_path)}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz not 200 within {SERVER_START_TIMEOUT} s:\n{_log_tail(self.log_path)}")
            time.sleep(0.05)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def make_api(server):
    a = Api(server.base, server.binary, server.db_url, server.tmp)
    a.log_path = server.log_path
    a.server = server
    return a


@pytest.fixture(scope="session")
def api():
    with tempfile.TemporaryDirectory(prefix="techdesk-api-") as tmp:
        server = Server(tmp)
        try:
            a = make_api(server)
            _setup_world(a)
            yield a
        finally:
            server.stop()


def _setup_world(a: Api):
    for key, (login, role, org, name) in {**USERS, **SPARE_USERS}.items():
        u = User(key, login, PASSWORD, role, org, name)
        if key in USERS:
            r = a.login(login, PASSWORD)
            assert r.status_code == 200, describe(r, f"login {login}")
            body = r.json()
            u.token, u.csrf_token, u.user = body["token"], body["csrf_token"], body["user"]
            u.id = body["user"]["id"]
            a.users[key] = u
        else:
            a.spare[key] = u
    orgs = a.list_all("/api/v1/organizations", as_="admin")
    by_name = {o["name"]: o for o in orgs}
    for key, (name, kind) in ORGS.items():
        assert name in by_name, f"organisation {name} not listed: {orgs}"
        a.orgs[key] = by_name[name]
    for key, (name, members) in TEAMS.items():
        team = a.ok("POST", "/api/v1/teams",
                    {"name": name, "description": f"{name}（测试）", "member_ids": [a.uid(m) for m in members]},
                    as_="admin", status=201)
        a.teams[key] = team
