"""# description: Only people the department knows get in. A login opens a session carried by a strict
HttpOnly cookie or a bearer token; wrong or unknown logins answer alike; five failures lock the
account; logout ends the session; cookie-authenticated writes need the CSRF token; personal API tokens
can be created, used and revoked.
"""


from conftest import PASSWORD, assert_error, describe, unique


def set_cookies(r):
    """The Set-Cookie headers of a response, as a list of strings."""
    return r.raw.headers.getlist("Set-Cookie")


def session_cookie(r):
    """(value, attribute string) of the techdesk_session cookie set by `r`, or None."""
    for h in set_cookies(r):
        name, _, rest = h.partition("=")
        if name.strip() == "techdesk_session":
            value, _, attrs = rest.partition(";")
            return value.strip(), attrs
    return None


# ---- login --------------------------------------------------------------------------------------

def test_login_answers_token_csrf_and_user_and_sets_a_strict_httponly_cookie(api):
    u = api.users["requester"]
    r = api.login(u.login, PASSWORD)
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert set(body) >= {"token", "csrf_token", "user"}
    assert body["token"] and body["csrf_token"]
    assert body["user"]["login"] == u.login and body["user"]["role"] == "requester"
    assert not any("password" in k or "hash" in k for k in body["user"]), body["user"]

    cookie = session_cookie(r)
    assert cookie, f"no techdesk_session cookie in {set_cookies(r)}"
    value, attrs = cookie
    low = attrs.lower().replace(" ", "")
    assert value
    assert "httponly" in low.split(";"), attrs
    assert "samesite=strict" in low.split(";"), attrs
    assert "path=/" in low.split(";"), attrs

    # The token works as a bearer token, the cookie as a cookie.
    me = api.ok("GET", "/api/v1/auth/me", token=body["token"])
    assert me["user"]["id"] == body["user"]["id"]
    me = api.ok("GET", "/api/v1/auth/me", cookie=value)
    assert me["user"]["id"] == body["user"]["id"]
    assert me["csrf_token"] == body["csrf_token"]


def test_every_login_opens_a_distinct_session(api):
    u = api.users["requester"]
    a = api.login(u.login, PASSWORD).json()["token"]
    b = api.login(u.login, PASSWORD).json()["token"]
    assert a != b
    api.ok("GET", "/api/v1/auth/me", token=a)
    api.ok("GET", "/api/v1/auth/me", token=b)


def test_wrong_password_is_refused_as_invalid_credentials_without_a_cookie(api):
    r = api.login(api.users["requester_a2"].login, "not-the-password")
    assert_error(r, 401, "invalid_credentials")
    assert session_cookie(r) is None


def test_unknown_login_gets_exactly_the_same_answer_as_a_wrong_password(api):
    wrong = api.login(api.users["requester_a2"].login, "not-the-password")
    unknown = api.login(unique("nobody"), "not-the-password")
    assert_error(unknown, 401, "invalid_credentials")
    assert unknown.json() == wrong.json()


def test_login_body_is_checked(api):
    assert_error(api.post("/api/v1/auth/login", {"login": "t.req.a"}), 400, "missing_field", "password")
    assert_error(api.post("/api/v1/auth/login", {"password": "x"}), 400, "missing_field", "login")
    assert_error(api.post("/api/v1/auth/login", {"login": 5, "password": "x"}), 400, "invalid_field", "login")
    assert_error(api.post("/api/v1/auth/login", {"login": "t.req.a", "password": PASSWORD, "remember": True}),
                 400, "unknown_field", "remember")


def test_five_failed_logins_lock_the_account_even_for_the_right_password(api):
    victim = api.spare["lockout"]
    for i in range(4):
        assert_error(api.login(victim.login, f"wrong-{i}"), 401, "invalid_credentials")
    fifth = api.login(victim.login, "wrong-5")
    assert fifth.status_code in (401, 423), describe(fifth, "fifth failure")
    r = api.login(victim.login, PASSWORD)
    assert_error(r, 423, "account_locked")
    assert session_cookie(r) is None
    # Another account is not affected by the victim's lock.
    other = api.spare["lockout_other"]
    assert api.login(other.login, PASSWORD).status_code == 200


# ---- logout and /me -----------------------------------------------------------------------------

def test_logout_revokes_the_session_and_only_that_session(api):
    token = api.fresh_session("requester").json()["token"]
    api.ok("GET", "/api/v1/auth/me", token=token)
    r = api.post("/api/v1/auth/logout", token=token)
    assert r.status_code == 204, describe(r)
    assert_error(api.get("/api/v1/auth/me", token=token), 401, "unauthenticated")
    assert_error(api.post("/api/v1/tickets", {"subject": "s", "description": "d"}, token=token),
                 401, "unauthenticated")
    # The fixture's own session of the same user still works.
    api.ok("GET", "/api/v1/auth/me", as_="requester")


def test_cookie_logout_clears_the_cookie(api):
    login = api.fresh_session("requester_a2")
    value, _ = session_cookie(login)
    csrf = login.json()["csrf_token"]
    r = api.post("/api/v1/auth/logout", cookie=value, csrf=csrf)
    assert r.status_code == 204, describe(r)
    cleared = session_cookie(r)
    assert cleared is not None, f"logout did not clear the cookie: {set_cookies(r)}"
    cvalue, attrs = cleared
    low = attrs.lower()
    assert cvalue == "" or "max-age=0" in low.replace(" ", "") or "expires=thu, 01 jan 1970" in low, cleared
    assert_error(api.get("/api/v1/auth/me", cookie=value), 401, "unauthenticated")


def test_me_answers_the_caller(api):
    for key in ("requester", "org_manager", "agent_l1", "admin"):
        me = api.ok("GET", "/api/v1/auth/me", as_=key)
        u = api.users[key]
        assert me["user"]["id"] == u.id
        assert me["user"]["login"] == u.login
        assert me["user"]["role"] == u.role
    org_a = api.orgs["org_a"]["id"]
    assert api.ok("GET", "/api/v1/auth/me", as_="requester")["user"]["organization_id"] == org_a
    assert api.ok("GET", "/api/v1/auth/me", as_="agent_l1")["user"]["team_ids"] == [api.teams["l1"]["id"]]


def test_without_credentials_or_with_garbage_credentials_me_is_401(api):
    assert_error(api.get("/api/v1/auth/me"), 401, "unauthenticated")
    assert_error(api.get("/api/v1/auth/me", token="garbage"), 401, "unauthenticated")
    assert_error(api.get("/api/v1/auth/me", token=""), 401, "unauthenticated")
    assert_error(api.get("/api/v1/auth/me", cookie="garbage"), 401, "unauthenticated")
    assert_error(api.get("/api/v1/auth/me", headers={"Authorization": "Basic dC5hZG1pbjpUZXN0IzIwMjZwYXNz"}),
                 401, "unauthenticated")
    # A token with one character changed is not a token.
    t = api.users["admin"].token
    forged = t[:-1] + ("A" if t[-1] != "A" else "B")
    assert_error(api.get("/api/v1/auth/me", token=forged), 401, "unauthenticated")


# ---- CSRF ---------------------------------------------------------------------------------------

def test_cookie_write_without_csrf_token_is_refused_and_changes_nothing(api):
    login = api.fresh_session("requester")
    value, _ = session_cookie(login)
    csrf = login.json()["csrf_token"]
    before = api.newest_ticket_id()
    body = {"subject": "CSRF 测试", "description": "不应被创建"}

    assert_error(api.post("/api/v1/tickets", body, cookie=value), 403, "csrf_failed")
    assert_error(api.post("/api/v1/tickets", body, cookie=value, csrf="wrong-" + csrf), 403, "csrf_failed")
    other_csrf = api.fresh_session("requester").json()["csrf_token"]
    assert_error(api.post("/api/v1/tickets", body, cookie=value, csrf=other_csrf), 403, "csrf_failed")
    assert api.newest_ticket_id() == before

    # Reads need no CSRF token; a write with the right one works.
    api.ok("GET", "/api/v1/tickets", cookie=value)
    r = api.post("/api/v1/tickets", body, cookie=value, csrf=csrf)
    assert r.status_code == 201, describe(r)
    assert api.newest_ticket_id() == r.json()["id"]


def test_cookie_patch_and_delete_without_csrf_token_are_refused(api):
    login = api.fresh_session("agent_l1")
    value, _ = session_cookie(login)
    csrf = login.json()["csrf_token"]
    t = api.create_ticket()
    snap = api.snapshot(t["id"])
    assert_error(api.patch(f"/api/v1/tickets/{t['id']}", {"subject": "changed"}, cookie=value), 403, "csrf_failed")
    assert_error(api.post(f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": "x"}, cookie=value),
                 403, "csrf_failed")
    assert_error(api.post(f"/api/v1/tickets/{t['id']}/transitions", {"to": "cancelled", "reason": "x"},
                          cookie=value), 403, "csrf_failed")
    assert api.snapshot(t["id"]) == snap

    tok = api.ok("POST", "/api/v1/auth/tokens", {"name": unique("csrf")}, token=login.json()["token"], status=201)
    assert_error(api.delete(f"/api/v1/auth/tokens/{tok['id']}", cookie=value), 403, "csrf_failed")
    api.ok("GET", "/api/v1/auth/me", token=tok["token"])  # still valid
    assert_error(api.post("/api/v1/auth/logout", cookie=value), 403, "csrf_failed")
    api.ok("GET", "/api/v1/auth/me", cookie=value)  # still logged in

    r = api.patch(f"/api/v1/tickets/{t['id']}", {"subject": "changed"}, cookie=value, csrf=csrf)
    assert r.status_code == 200 and r.json()["subject"] == "changed", describe(r)


def test_bearer_writes_need_no_csrf_token(api):
    r = api.post("/api/v1/tickets", {"subject": "bearer", "description": "no csrf"}, as_="requester")
    assert r.status_code == 201, describe(r)


# ---- API tokens ---------------------------------------------------------------------------------

def test_api_token_can_be_created_listed_used_and_revoked(api):
    name = unique("集成脚本")
    created = api.ok("POST", "/api/v1/auth/tokens", {"name": name}, as_="agent_l2", status=201)
    assert set(created) >= {"id", "name", "token", "created_at"}
    assert created["name"] == name and created["token"]

    listed = {t["id"]: t for t in api.ok("GET", "/api/v1/auth/tokens", as_="agent_l2")["items"]}
    assert created["id"] in listed
    entry = listed[created["id"]]
    assert entry["name"] == name and entry["last_used_at"] is None
    assert "token" not in entry, "the secret must not be listed"
    assert created["token"] not in api.get("/api/v1/auth/tokens", as_="agent_l2").text

    # Another user does not see it.
    others = api.ok("GET", "/api/v1/auth/tokens", as_="agent_l1")["items"]
    assert created["id"] not in {t["id"] for t in others}

    # It authenticates as its owner, with no CSRF token of its own.
    me = api.ok("GET", "/api/v1/auth/me", token=created["token"])
    assert me["user"]["id"] == api.uid("agent_l2")
    assert me["csrf_token"] is None
    r = api.post("/api/v1/tickets", {"subject": "通过接口创建", "description": "API token", "channel": "api"},
                 token=created["token"])
    assert r.status_code == 201, describe(r)
    assert r.json()["requester_id"] == api.uid("agent_l2")

    listed = {t["id"]: t for t in api.ok("GET", "/api/v1/auth/tokens", as_="agent_l2")["items"]}
    assert listed[created["id"]]["last_used_at"] is not None

    # Someone else cannot revoke it.
    assert_error(api.delete(f"/api/v1/auth/tokens/{created['id']}", as_="agent_l1"), 404, "not_found")
    api.ok("GET", "/api/v1/auth/me", token=created["token"])

    r = api.delete(f"/api/v1/auth/tokens/{created['id']}", as_="agent_l2")
    assert r.status_code == 204, describe(r)
    assert_error(api.get("/api/v1/auth/me", token=created["token"]), 401, "unauthenticated")
    assert created["id"] not in {t["id"] for t in api.ok("GET", "/api/v1/auth/tokens", as_="agent_l2")["items"]}
    assert_error(api.delete(f"/api/v1/auth/tokens/{created['id']}", as_="agent_l2"), 404, "not_found")


def test_api_token_carries_its_owners_role_not_more(api):
    tok = api.ok("POST", "/api/v1/auth/tokens", {"name": unique("req")}, as_="requester", status=201)
    assert_error(api.get("/api/v1/users", token=tok["token"]), 403, "forbidden")
    assert_error(api.post("/api/v1/tickets", {"subject": "s", "description": "d", "priority": "P1"},
                          token=tok["token"]), 403, "forbidden")


def test_api_token_body_is_checked(api):
    assert_error(api.post("/api/v1/auth/tokens", {}, as_="requester"), 400, "missing_field", "name")
    assert_error(api.post("/api/v1/auth/tokens", {"name": 1}, as_="requester"), 400, "invalid_field", "name")
    assert_error(api.post("/api/v1/auth/tokens", {"name": "x", "scope": "all"}, as_="requester"),
                 400, "unknown_field", "scope")


def test_a_deactivated_user_can_no_longer_get_in(api):
    login = unique("temp.user")
    user = api.ok("POST", "/api/v1/users", {"login": login, "password": "Secret#123", "name": "临时用户",
                                            "role": "requester", "organization_id": api.orgs["org_a"]["id"]},
                  as_="admin", status=201)
    r = api.login(login, "Secret#123")
    assert r.status_code == 200, describe(r)
    token = r.json()["token"]
    api.ok("PATCH", f"/api/v1/users/{user['id']}", {"active": False}, as_="admin")
    assert_error(api.get("/api/v1/auth/me", token=token), 401, "unauthenticated")
    assert api.login(login, "Secret#123").status_code != 200
