"""
# description: engineers keep a knowledge base of problems and solutions — written, reviewed and
# published, versioned with a readable diff, fed from solved tickets, rated by readers — and every
# engineer finds any past ticket or article in seconds, in Chinese or English; requesters find the
# public answers themselves while typing a request, and never see another organisation's tickets or any
# internal note through search.
"""
import random
import sqlite3
import string

import pytest

from conftest import assert_error, describe

_rng = random.Random()


def word():
    """A Latin word no other test writes (search tests must not see each other's documents)."""
    return "zq" + "".join(_rng.choice(string.ascii_lowercase) for _ in range(8))


def search(api, q, as_="admin", **params):
    r = api.get("/api/v1/search", params={"q": q, **params}, as_=as_)
    assert r.status_code == 200, describe(r, "search")
    return r.json()


def ids(results, type_=None):
    return [(x["type"], x["id"]) for x in results["results"] if type_ is None or x["type"] == type_]


def article(api, as_="agent_l2", **fields):
    body = {"title": fields.pop("title", f"文章 {word()}"), "body": fields.pop("body", "## 解决方法\n\n重启。")}
    body.update(fields)
    return api.ok("POST", "/api/v1/kb/articles", body, as_=as_, status=201)


def published(api, as_="agent_l2", **fields):
    a = article(api, as_=as_, **fields)
    api.ok("POST", f"/api/v1/kb/articles/{a['id']}/submit", as_=as_)
    return api.ok("POST", f"/api/v1/kb/articles/{a['id']}/publish", as_="team_lead")


# ---- articles: workflow, versions, feedback ---------------------------------------------------------

def test_an_article_goes_from_draft_through_review_to_published(api):
    a = article(api, title="打印机卡纸的处理", body="## 解决方法\n\n1. 关机\n2. **取出**纸张", visibility="public",
                tags=["打印机", "卡纸", "打印机"])
    assert a["state"] == "draft" and a["version"] == 1 and a["published_version"] is None
    assert a["tags"] == ["卡纸", "打印机"] or sorted(a["tags"]) == sorted(["打印机", "卡纸"])
    assert "<strong>取出</strong>" in a["html"] and "<ol>" in a["html"]
    assert a["can_edit"] is True and a["can_review"] is False
    # A requester cannot see a draft, even a public one.
    assert_error(api.get(f"/api/v1/kb/articles/{a['id']}", as_="requester"), 404, "not_found")
    # Only reviewers publish.
    submitted = api.ok("POST", f"/api/v1/kb/articles/{a['id']}/submit", as_="agent_l2")
    assert submitted["state"] == "review"
    assert_error(api.post(f"/api/v1/kb/articles/{a['id']}/publish", as_="agent_l2"), 403, "forbidden")
    assert_error(api.post(f"/api/v1/kb/articles/{a['id']}/submit", as_="agent_l2"), 409, "invalid_transition")
    pub = api.ok("POST", f"/api/v1/kb/articles/{a['id']}/publish", as_="team_lead")
    assert pub["state"] == "published" and pub["published_version"] == 1 and pub["published_at"]
    seen = api.ok("GET", f"/api/v1/kb/articles/{a['id']}", as_="requester")
    assert seen["title"] == "打印机卡纸的处理" and seen["can_edit"] is False
    assert api.schema_errors(seen, "KbArticle") == []


def test_readers_keep_the_published_version_while_a_new_one_is_reviewed(api):
    a = published(api, title="VPN 掉线处理 v1", body="旧的步骤", visibility="public")
    edited = api.ok("PATCH", f"/api/v1/kb/articles/{a['id']}",
                    {"title": "VPN 掉线处理 v2", "body": "新的步骤\n第二行", "version": 1, "note": "补充"}, as_="agent_l1")
    assert edited["version"] == 2 and edited["state"] == "draft" and edited["published_version"] == 1
    seen = api.ok("GET", f"/api/v1/kb/articles/{a['id']}", as_="requester")
    assert seen["title"] == "VPN 掉线处理 v1" and seen["body"] == "旧的步骤"
    assert seen["version"] == 1 and seen["state"] == "published"  # nothing of the draft shows
    # A stale editor is told, and nothing changes.
    assert_error(api.patch(f"/api/v1/kb/articles/{a['id']}", {"body": "覆盖", "version": 1}, as_="agent_l2"),
                 409, "conflict", "version")
    versions = api.ok("GET", f"/api/v1/kb/articles/{a['id']}/versions", as_="agent_l1")["versions"]
    assert [v["version"] for v in versions] == [2, 1] and versions[0]["note"] == "补充"
    diff = api.ok("GET", f"/api/v1/kb/articles/{a['id']}/diff", params={"from": 1, "to": 2}, as_="agent_l1")
    assert diff["title_from"] == "VPN 掉线处理 v1" and diff["title_to"] == "VPN 掉线处理 v2"
    assert [(l["op"], l["text"]) for l in diff["lines"]] == [("del", "旧的步骤"), ("add", "新的步骤"), ("add", "第二行")]
    restored = api.ok("POST", f"/api/v1/kb/articles/{a['id']}/versions/1/restore", as_="agent_l1")
    assert restored["version"] == 3 and restored["body"] == "旧的步骤" and restored["title"] == "VPN 掉线处理 v1"
    assert_error(api.get(f"/api/v1/kb/articles/{a['id']}/versions/99", as_="agent_l1"), 404, "not_found")
    assert_error(api.get(f"/api/v1/kb/articles/{a['id']}/versions", as_="requester"), 403, "forbidden")
    assert_error(api.get(f"/api/v1/kb/articles/{a['id']}/diff", params={"from": 1, "to": 9}, as_="agent_l1"),
                 400, "invalid_query", "to")


def test_a_reviewer_sends_an_article_back_with_a_reason_and_archiving_hides_it(api):
    a = article(api, visibility="public")
    api.ok("POST", f"/api/v1/kb/articles/{a['id']}/submit", as_="agent_l2")
    assert_error(api.post(f"/api/v1/kb/articles/{a['id']}/reject", {}, as_="team_lead"), 400, "missing_field", "reason")
    back = api.ok("POST", f"/api/v1/kb/articles/{a['id']}/reject", {"reason": "缺少截图"}, as_="team_lead")
    assert back["state"] == "draft" and back["review_note"] == "缺少截图"
    pub = published(api, visibility="public")
    gone = api.ok("POST", f"/api/v1/kb/articles/{pub['id']}/archive", as_="team_lead")
    assert gone["state"] == "archived" and gone["published_version"] is None
    assert_error(api.get(f"/api/v1/kb/articles/{pub['id']}", as_="requester"), 404, "not_found")


def test_feedback_is_one_vote_per_reader_and_views_count(api):
    a = published(api, visibility="public")
    path = f"/api/v1/kb/articles/{a['id']}"
    assert api.ok("POST", path + "/feedback", {"helpful": True}, as_="requester") == {"helpful": 1, "not_helpful": 0}
    assert api.ok("POST", path + "/feedback", {"helpful": True}, as_="requester") == {"helpful": 1, "not_helpful": 0}
    assert api.ok("POST", path + "/feedback", {"helpful": False}, as_="requester") == {"helpful": 0, "not_helpful": 1}
    assert api.ok("POST", path + "/feedback", {"helpful": True}, as_="requester_b") == {"helpful": 1, "not_helpful": 1}
    assert api.ok("GET", path, as_="requester")["my_feedback"] is False
    api.ok("POST", path + "/view", as_="requester", status=204)
    api.ok("POST", path + "/view", as_="agent_l1", status=204)
    assert api.ok("GET", path, as_="admin")["views"] == 2
    assert_error(api.post(path + "/feedback", {"helpful": "yes"}, as_="requester"), 400, "invalid_field", "helpful")


def test_an_article_is_drafted_from_a_solved_ticket_and_linked_to_it(api):
    t = api.create_ticket(subject="Outlook 启动提示无法打开文件夹", description="每次打开 Outlook 都报错。")
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "note", "body": "OST 文件损坏"}, as_="agent_l1",
           status=201)
    api.ok("POST", f"/api/v1/tickets/{t['id']}/articles", {"kind": "reply", "body": "已重建 OST 文件，请重启 Outlook。"},
           as_="agent_l1", status=201)
    d = api.ok("GET", f"/api/v1/kb/articles/from-ticket/{t['id']}", as_="agent_l1")
    assert d["title"] == t["subject"] and d["source_ticket_id"] == t["id"]
    assert "每次打开 Outlook 都报错。" in d["body"] and "OST 文件损坏" in d["body"] and "已重建 OST 文件" in d["body"]
    assert_error(api.get(f"/api/v1/kb/articles/from-ticket/{t['id']}", as_="requester"), 403, "forbidden")
    a = article(api, title=d["title"], body=d["body"], source_ticket_id=t["id"], visibility="public")
    assert [x["id"] for x in a["tickets"]] == [t["id"]]
    linked = api.ok("GET", f"/api/v1/tickets/{t['id']}/kb-articles", as_="agent_l1")["articles"]
    assert [x["id"] for x in linked] == [a["id"]]
    # The requester sees it linked only once it is published.
    assert api.ok("GET", f"/api/v1/tickets/{t['id']}/kb-articles", as_="requester")["articles"] == []
    other = api.create_ticket(as_="requester_b")
    assert_error(api.get(f"/api/v1/tickets/{other['id']}/kb-articles", as_="requester"), 404, "not_found")
    api.ok("DELETE", f"/api/v1/kb/articles/{a['id']}/tickets/{t['id']}", as_="agent_l1")
    assert_error(api.delete(f"/api/v1/kb/articles/{a['id']}/tickets/{t['id']}", as_="agent_l1"), 404, "not_found")
    api.ok("POST", f"/api/v1/kb/articles/{a['id']}/tickets", {"ticket_id": t["id"]}, as_="agent_l1", status=204)


def test_requesters_read_only_published_public_articles(api):
    internal = published(api, visibility="internal", title=f"内部 {word()}")
    public = published(api, visibility="public", title=f"公开 {word()}")
    page = api.ok("GET", "/api/v1/kb/articles", params={"limit": 200}, as_="requester")
    seen = {a["id"] for a in page["articles"]}
    assert public["id"] in seen and internal["id"] not in seen
    assert all(a["visibility"] == "public" and a["published_version"] for a in page["articles"])
    assert_error(api.get(f"/api/v1/kb/articles/{internal['id']}", as_="requester"), 404, "not_found")
    assert_error(api.post("/api/v1/kb/articles", {"title": "x"}, as_="requester"), 403, "forbidden")
    assert_error(api.patch(f"/api/v1/kb/articles/{public['id']}", {"title": "x"}, as_="requester"), 403, "forbidden")
    staff = api.ok("GET", "/api/v1/kb/articles", params={"state": "published", "visibility": "internal", "limit": 200},
                   as_="agent_l1")
    assert internal["id"] in {a["id"] for a in staff["articles"]}


# ---- files ------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(api, aid, name, data, ctype="image/png", as_="agent_l2"):
    return api.request("POST", f"/api/v1/kb/articles/{aid}/attachments", params={"filename": name}, data=data,
                       headers={"Content-Type": ctype}, as_=as_)


def test_files_are_stored_once_served_safely_and_refused_when_hostile(api):
    a = published(api, visibility="public")
    r = upload(api, a["id"], "../../etc/截图.png", PNG)
    assert r.status_code == 201, describe(r)
    att = r.json()
    assert att["filename"] == "截图.png" and att["content_type"] == "image/png" and att["size"] == len(PNG)
    got = api.get(att["url"], as_="requester")
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in got.headers["Content-Security-Policy"]
    assert got.headers["Content-Disposition"].startswith("inline")
    # HTML or SVG pretending to be an image downloads as bytes, never renders.
    r = upload(api, a["id"], "x.svg", b"<svg onload=alert(1)>", ctype="image/svg+xml")
    svg = api.get(r.json()["url"], as_="requester")
    assert svg.headers["Content-Type"] == "application/octet-stream"
    assert svg.headers["Content-Disposition"].startswith("attachment")
    assert_error(upload(api, a["id"], "setup.exe", b"MZ\x90\x00"), 415, "unsupported_media_type", "filename")
    assert_error(upload(api, a["id"], "empty.txt", b""), 400, "invalid_field", "body")
    assert_error(upload(api, a["id"], "big.bin", b"\0" * (10 * 1024 * 1024 + 1)), 413, "payload_too_large")
    assert_error(upload(api, a["id"], "x.png", PNG, as_="requester"), 403, "forbidden")
    r = api.request("POST", f"/api/v1/kb/articles/{a['id']}/attachments", data=PNG,
                    headers={"Content-Type": "image/png"}, as_="agent_l2")
    assert_error(r, 400, "invalid_query", "filename")
    # Same bytes twice: two files, one stored content.
    again = upload(api, a["id"], "copy.png", PNG).json()
    assert again["id"] != att["id"]
    full = api.ok("GET", f"/api/v1/kb/articles/{a['id']}", as_="agent_l2")
    assert {x["filename"] for x in full["attachments"]} >= {"截图.png", "copy.png", "x.svg"}
    api.ok("DELETE", f"/api/v1/kb/articles/{a['id']}/attachments/{again['id']}", as_="agent_l2")
    assert_error(api.get(again["url"], as_="agent_l2"), 404, "not_found")
    assert api.get(att["url"], as_="agent_l2").content == PNG
    internal = published(api, visibility="internal")
    secret = upload(api, internal["id"], "内部.png", PNG).json()
    assert_error(api.get(secret["url"], as_="requester"), 404, "not_found")


# ---- search -----------------------------------------------------------------------------------------

def test_search_finds_chinese_by_bigrams_and_english_words_with_highlighted_snippets(api):
    w = word()
    t = api.create_ticket(subject=f"三楼财务部打印机卡纸无法打印 {w}", description=f"HP-LaserJet-M404 提示纸盒2卡纸 {w}")
    a = published(api, title=f"打印机卡纸处理方法 {w}", body=f"Paper jam on HP LaserJet M404. {w}", visibility="public")
    res = search(api, f"打印机 卡纸 {w}")
    assert set(ids(res)) >= {("ticket", t["id"]), ("article", a["id"])}
    assert res["relaxed"] is False
    assert api.schema_errors(res, "SearchResults") == []
    for q in (f"打印 {w}", f"卡纸 {w}", f"hp-laserjet-m404 {w}", f"M404 {w}", f"ＨＰ {w}", f"打印機 {w}"):
        assert ("ticket", t["id"]) in ids(search(api, q)), q
    hit = next(x for x in res["results"] if x["type"] == "ticket" and x["id"] == t["id"])
    assert "<mark>" in hit["snippet"] and hit["number"] == t["number"] and hit["state"] == "new"
    only = search(api, w, type="article")
    assert ids(only) == [("article", a["id"])]


def test_search_ranks_solved_tickets_and_articles_first_and_relaxes_when_nothing_holds_every_word(api):
    w = word()
    open_t = api.create_ticket(subject=f"VPN 掉线 {w}", description="在家连 VPN 每隔十分钟掉线")
    solved = api.ticket_in("resolved", subject=f"VPN 掉线 {w}", description="在家连 VPN 每隔十分钟掉线")
    art = published(api, title=f"VPN 掉线 {w}", body="在家连 VPN 每隔十分钟掉线：调整 MTU", visibility="public")
    order = ids(search(api, f"VPN 掉线 {w}"))
    assert order.index(("article", art["id"])) < order.index(("ticket", solved["id"])) < order.index(("ticket", open_t["id"]))
    relaxed = search(api, f"{w} zzzznothing")
    assert relaxed["relaxed"] is True and ("article", art["id"]) in ids(relaxed)


def test_field_filters_narrow_tickets(api):
    w = word()
    p1 = api.create_ticket(subject=f"核心交换机故障 {w}", impact="high", urgency="high")
    p4 = api.create_ticket(subject=f"核心交换机故障 {w}", impact="low", urgency="low")
    assert ids(search(api, f"{w} priority:P1")) == [("ticket", p1["id"])]
    assert set(ids(search(api, f"{w} state:open"))) == {("ticket", p1["id"]), ("ticket", p4["id"])}
    assert ids(search(api, f"{w} state:closed")) == []
    assert set(ids(search(api, f"{w} org:华信"))) == {("ticket", p1["id"]), ("ticket", p4["id"])}
    assert ids(search(api, f"{w} org:没有这个单位")) == []
    assert ids(search(api, f"{w} -交换机")) == []
    only_filters = search(api, "priority:P1 state:open", as_="admin", limit=50)
    assert all(x["type"] == "ticket" for x in only_filters["results"])
    assert_error(api.get("/api/v1/search", params={"q": f"{w} state:bogus"}, as_="admin"), 400, "invalid_query", "q")
    assert_error(api.get("/api/v1/search", params={"q": f"{w} priority:P9"}, as_="admin"), 400, "invalid_query", "q")


def test_a_requesters_search_never_shows_another_organisations_tickets_or_any_internal_note(api):
    w, secret = word(), word()
    mine = api.create_ticket(subject=f"邮箱容量已满 {w}", as_="requester")
    colleague = api.create_ticket(subject=f"邮箱容量已满 {w}", as_="requester_a2")
    theirs = api.create_ticket(subject=f"邮箱容量已满 {w}", as_="requester_b")
    api.ok("POST", f"/api/v1/tickets/{mine['id']}/articles", {"kind": "note", "body": f"内部：密码是 {secret}"},
           as_="admin", status=201)
    draft = article(api, title=f"邮箱容量 {w}", visibility="public")
    internal = published(api, title=f"邮箱容量 {w}", visibility="internal")
    public = published(api, title=f"邮箱容量 {w}", visibility="public")
    got = set(ids(search(api, w, as_="requester")))
    assert ("ticket", mine["id"]) in got and ("article", public["id"]) in got
    assert ("ticket", theirs["id"]) not in got and ("ticket", colleague["id"]) not in got
    assert ("article", draft["id"]) not in got and ("article", internal["id"]) not in got
    # The org manager sees the organisation's tickets, still no other organisation's.
    mgr = set(ids(search(api, w, as_="org_manager")))
    assert {("ticket", mine["id"]), ("ticket", colleague["id"])} <= mgr and ("ticket", theirs["id"]) not in mgr
    # Internal notes: found by staff, never by the requester, never in a requester's snippet.
    assert ids(search(api, secret, as_="requester")) == []
    assert ids(search(api, secret, as_="org_manager")) == []
    assert ("ticket", mine["id"]) in ids(search(api, secret, as_="agent_l1"))
    for r in search(api, w, as_="requester")["results"]:
        assert secret not in r["snippet"]
    # People and organisations are for staff only.
    assert all(x["type"] in ("ticket", "article") for x in search(api, "华信科技", as_="requester")["results"])
    assert ("org", api.orgs["org_a"]["id"]) in ids(search(api, "华信科技", as_="agent_l1"))
    assert search(api, "华信", as_="requester", type="org")["results"] == []


def test_suggestions_show_published_articles_and_solved_tickets_while_a_request_is_typed(api):
    w = word()
    art = published(api, title=f"无线网络连不上 {w}", body="手机连不上公司 Wi-Fi 的处理", visibility="public")
    draft = article(api, title=f"无线网络连不上 {w}", visibility="public")
    solved = api.ticket_in("closed", subject=f"手机连不上公司无线网络 {w}")
    unsolved = api.create_ticket(subject=f"手机连不上公司无线网络 {w}")
    other = api.ticket_in("closed", as_requester="requester_b", subject=f"手机连不上公司无线网络 {w}")
    sug = api.ok("GET", "/api/v1/kb/suggest", params={"q": f"我的手机连不上无线网络了 {w}"}, as_="requester")
    assert api.schema_errors(sug, "KbSuggestions") == []
    arts = [x["id"] for x in sug["articles"]]
    tickets = [x["id"] for x in sug["tickets"]]
    assert art["id"] in arts and draft["id"] not in arts
    assert solved["id"] in tickets and unsolved["id"] not in tickets and other["id"] not in tickets
    d = api.ok("POST", "/api/v1/kb/deflections", {"article_id": art["id"], "query": "手机连不上无线"}, as_="requester",
               status=201)
    assert d["article_id"] == art["id"]
    assert api.ok("GET", f"/api/v1/kb/articles/{art['id']}", as_="admin")["deflections"] == 1
    assert_error(api.post("/api/v1/kb/deflections", {"article_id": draft["id"]}, as_="requester"), 404, "not_found")
    assert_error(api.post("/api/v1/kb/deflections", {}, as_="requester"), 400, "missing_field", "article_id")


@pytest.mark.parametrize("q", ["", "   ", "*", "\"", "\"\"\"", "-", ":", "( ) * : - AND OR NOT", "{title}:x",
                               "NEAR(a b)", "'; DROP TABLE tickets; --", "\" OR 1=1 --", "打印机 \"卡纸",
                               "state:", "%", "_", "\\", "a* b*", "^打印"])
def test_hostile_or_operator_only_queries_are_sane_never_a_500(api, q):
    r = api.get("/api/v1/search", params={"q": q}, as_="requester")
    assert r.status_code == 200, describe(r, q)
    assert isinstance(r.json()["results"], list)
    r = api.get("/api/v1/kb/suggest", params={"q": q}, as_="requester")
    assert r.status_code == 200, describe(r, q)


def test_oversized_and_malformed_search_requests_are_refused_naming_the_field(api):
    assert_error(api.get("/api/v1/search", params={"q": "a" * 10000}, as_="admin"), 400, "invalid_query", "q")
    # 10,000 Chinese characters are 90 KB of URL: refused before any search runs.
    r = api.get("/api/v1/search", params={"q": "打" * 10000}, as_="admin")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request", r.text
    assert_error(api.get("/api/v1/search", params={"q": "a" * 501}, as_="admin"), 400, "invalid_query", "q")
    assert search(api, "a" * 500)["results"] is not None
    assert_error(api.get("/api/v1/search", params={"q": "x", "type": "secret"}, as_="admin"), 400, "invalid_query",
                 "type")
    assert_error(api.get("/api/v1/search", params={"q": "x", "limit": "0"}, as_="admin"), 400, "invalid_query", "limit")
    assert_error(api.get("/api/v1/search", params={"q": "x", "limit": "51"}, as_="admin"), 400, "invalid_query", "limit")
    assert_error(api.get("/api/v1/kb/suggest", params={"q": "x" * 600}, as_="admin"), 400, "invalid_query", "q")
    assert search(api, "打印机", type="asset")["results"] == []
    assert_error(api.get("/api/v1/search", params={"q": "x"}), 401, "unauthenticated")


def test_bad_article_input_is_refused_naming_the_field_and_changes_nothing(api):
    before = api.ok("GET", "/api/v1/kb/articles", params={"limit": 1}, as_="admin")["total"]
    cases = [
        ({}, "missing_field", "title"),
        ({"title": "   "}, "invalid_field", "title"),
        ({"title": "x" * 201}, "invalid_field", "title"),
        ({"title": "ok", "body": "x" * 200001}, "invalid_field", "body"),
        ({"title": "ok", "tags": ["t"] * 21}, "invalid_field", "tags"),
        ({"title": "ok", "tags": ["x" * 41]}, "invalid_field", "tags"),
        ({"title": "ok", "visibility": "secret"}, "invalid_field", "visibility"),
        ({"title": "ok", "category_id": 999999}, "invalid_field", "category_id"),
        ({"title": "ok", "source_ticket_id": 999999}, "invalid_field", "source_ticket_id"),
        ({"title": "ok", "bogus": 1}, "unknown_field", "bogus"),
        ({"title": "a\u0000b"}, "invalid_field", "title"),
    ]
    for body, code, field in cases:
        r = api.post("/api/v1/kb/articles", body, as_="agent_l1")
        assert_error(r, 400 if code != "payload_too_large" else 413, code, field)
    assert api.ok("GET", "/api/v1/kb/articles", params={"limit": 1}, as_="admin")["total"] == before
    for path in ("/api/v1/kb/articles/0", "/api/v1/kb/articles/abc", "/api/v1/kb/articles/99999999",
                 "/api/v1/kb/attachments/99999999"):
        assert_error(api.get(path, as_="admin"), 404, "not_found")
    assert_error(api.get("/api/v1/kb/articles", params={"state": "x"}, as_="admin"), 400, "invalid_query", "state")
    assert_error(api.get("/api/v1/kb/articles", params={"limit": "500"}, as_="admin"), 400, "invalid_query", "limit")


def test_markdown_with_script_is_rendered_harmless(api):
    a = article(api, body="<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>")
    assert "<script" not in a["html"] and "javascript:" not in a["html"] and "onerror" not in a["html"]
    assert a["body"].startswith("<script>")  # the text is kept as written


def test_reindex_rebuilds_the_same_index_the_changes_kept(api):
    w = word()
    t = api.create_ticket(subject=f"重建索引 {w}")
    other = api.create_ticket(subject=f"重建索引 {w}", as_="requester_b")
    solved = api.ticket_in("resolved", subject=f"重建索引 {w}")
    published(api, title=f"重建索引 {w}", visibility="public")
    queries = [(w, "requester"), (w, "requester_b"), (w, "org_manager"), (w, "agent_l1"), (w, "admin"),
               (f"{w} is:solved", "admin"), (f"{w} state:new", "agent_l2"), ("打印机 卡纸", "admin")]
    before = [(q, who, ids(search(api, q, as_=who, limit=50))) for q, who in queries]
    out = api.cli("reindex", "--db", api.db_url, "--quiet")
    assert "reindexed" in out.stdout and "tickets" in out.stdout, out.stdout
    if api.db_url.startswith("sqlite://"):
        # The index grew without merges during the run (SearchRepo::bulk_load) and merges again after it.
        c = sqlite3.connect(api.db_url[len("sqlite://"):])
        assert c.execute("SELECT v FROM search_tickets_config WHERE k = 'automerge'").fetchall() in ([], [(4,)])
        c.close()
    after = [(q, who, ids(search(api, q, as_=who, limit=50))) for q, who in queries]
    assert [(q, who, sorted(r)) for q, who, r in after] == [(q, who, sorted(r)) for q, who, r in before]
    assert ("ticket", t["id"]) in ids(search(api, w)) and ("ticket", other["id"]) not in ids(search(api, w, as_="requester"))
    assert ids(search(api, f"{w} is:solved", type="ticket")) == [("ticket", solved["id"])]
