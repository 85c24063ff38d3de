#!/usr/bin/env python3
"""Capacity measurement on PostgreSQL: the hot queries' plans and timings over a large generated history.

    /usr/bin/python3 bench/capacity.py                  # 2,000,000 tickets (about 15 minutes on 2 cores)
    TICKETS=200000 /usr/bin/python3 bench/capacity.py   # a quick look

It starts a throw-away PostgreSQL 15 cluster (scripts/pg-temp.sh), migrates a database with the real
binary, generates a department's history in SQL (500 organisations, 20 teams of 20 engineers, 20,000
requesters, TICKETS tickets over five years of which the newest 3 % are open, 2 articles and 4 events per
ticket), then starts `techdesk serve` with PostgreSQL's auto_explain logging every statement's plan
(EXPLAIN ANALYZE, BUFFERS) and asks the real API what the department asks most. It prints, per query,
the plan the server's own SQL got and its execution time, then the table and index sizes, and writes
the whole report to bench/results/capacity-<time>.md. Loopback only, bounded in time.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("TECHDESK_BIN", REPO / "build" / "techdesk"))
TICKETS = int(os.environ.get("TICKETS", "2000000"))
PASSWORD = "Capacity#2026pw"
PROBES = 7  # each query is asked this many times; the plan and timings of the warm runs are kept


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def psql(url, sql, quiet=True):
    return sh("psql", url, "-v", "ON_ERROR_STOP=1", "-At", *(["-q"] if quiet else []), "-c", sql)


def progress(label, fn):
    start = time.monotonic()
    print(f"  {label} …", end="", flush=True)
    out = fn()
    print(f" {time.monotonic() - start:.1f} s", flush=True)
    return out


def generate(url):
    n = TICKETS
    span_ms = 5 * 365 * 24 * 3600 * 1000
    start_ms = int(time.time() * 1000) - span_ms
    step = span_ms // n
    open_from = int(n * 0.97)
    progress("organisations, teams, engineers, requesters", lambda: psql(url, f"""
        INSERT INTO organizations (name, kind, created_at)
          SELECT '客户公司' || g, CASE WHEN g <= 20 THEN 'internal' ELSE 'external' END, 0 FROM generate_series(1, 500) g;
        INSERT INTO teams (name, description, created_at) SELECT '服务组' || g, '', 0 FROM generate_series(1, 20) g;
        INSERT INTO users (login, name, role, password_hash, created_at)
          SELECT 'gen.agent' || g, '工程师' || g, 'agent_l1', 'x', 0 FROM generate_series(1, 400) g;
        INSERT INTO team_members (team_id, user_id)
          SELECT (SELECT min(id) FROM teams) + (u.id % 20), u.id FROM users u WHERE u.login LIKE 'gen.agent%';
        INSERT INTO users (login, name, role, organization_id, password_hash, created_at)
          SELECT 'gen.req' || g, '用户' || g, 'requester', (SELECT min(id) FROM organizations) + g % 500, 'x', 0
          FROM generate_series(0, 19999) g;
    """))
    subjects = ["三楼打印机卡纸无法打印", "VPN 连接后无法访问内网系统", "财务系统登录提示密码过期", "会议室投影仪无信号",
                "邮箱无法收取外部邮件", "新员工开通账号权限", "服务器磁盘空间告警", "无线网络频繁掉线"]
    arr = "ARRAY[" + ",".join(f"'{s}'" for s in subjects) + "]"
    open_states = "ARRAY['new','assigned','in_progress','pending_customer','pending_third_party','reopened']"
    progress(f"{n:,} tickets", lambda: psql(url, f"""
        WITH b AS (SELECT (SELECT min(id) FROM users WHERE login LIKE 'gen.req%') AS req0,
                          (SELECT min(id) FROM users WHERE login LIKE 'gen.agent%') AS agent0,
                          (SELECT min(id) FROM teams) AS team0, (SELECT min(id) FROM organizations) AS org0)
        INSERT INTO tickets (number, subject, description, type, category_id, impact, urgency, priority, channel,
                             state, tier, requester_id, organization_id, team_id, assignee_id, created_at, updated_at,
                             resolved_at, closed_at, version)
        SELECT 'G' || g, ({arr})[1 + g % 8] || ' #' || g, '用户报告：' || ({arr})[1 + g % 8] || '，已尝试重启，问题依旧。',
               CASE WHEN g % 50 = 0 THEN 'complaint' ELSE 'incident' END,
               (ARRAY[11,12,13,14,21,22,23,24,31,32,33,34,41,42,43])[1 + g % 15], 'medium', 'medium', 'P' || (1 + g % 4), 'web',
               CASE WHEN g >= {open_from} THEN ({open_states})[1 + g % 6] WHEN g % 20 = 0 THEN 'cancelled' ELSE 'closed' END,
               'L1', b.req0 + g % 20000, b.org0 + (g % 20000) % 500, b.team0 + g % 20,
               b.agent0 + ((g % 20) + 20 * ((g / 20) % 20)) % 400,
               {start_ms} + g::bigint * {step}, {start_ms} + g::bigint * {step} + 3600000,
               CASE WHEN g < {open_from} THEN {start_ms} + g::bigint * {step} + 7200000 END,
               CASE WHEN g < {open_from} THEN {start_ms} + g::bigint * {step} + 86400000 END, 3
        FROM generate_series(1, {n}) g, b
    """))
    progress(f"{2 * n:,} articles", lambda: psql(url, """
        INSERT INTO articles (ticket_id, kind, body, internal, author_id, created_at)
          SELECT t.id, k.kind, CASE k.kind WHEN 'reply' THEN '您好，已远程处理，请确认。' ELSE '内部：客户设备已过保。' END,
                 k.kind = 'note', t.assignee_id, t.created_at + 1800000
          FROM tickets t, (VALUES ('reply'), ('note')) k(kind)
    """))
    progress(f"{4 * n:,} events", lambda: psql(url, """
        INSERT INTO events (ticket_id, actor_id, at, field, before, after, internal)
          SELECT t.id, t.assignee_id, t.created_at + f.o, f.field, f.b, f.a, false
          FROM tickets t, (VALUES ('created', NULL, 'x', 0), ('assignee_id', NULL, '1', 60000),
                                  ('state', 'assigned', 'in_progress', 120000), ('state', 'in_progress', 'resolved', 7200000)) f(field, b, a, o)
    """))
    # Every ticket under the internal-staff policy; the open ones with a running clock whose next check
    # is spread over the coming days (the scheduler's due-time index), the closed ones stopped.
    progress(f"{n:,} SLA records", lambda: psql(url, f"""
        INSERT INTO ticket_sla (ticket_id, policy_id, policy_name, why, calendar_id, started_at, priority,
                                first_response_target, resolution_target, warn_percent, second_level_percent, pause_states,
                                stopped_ms, stopped_since, paused, first_response_at, resolved_at, first_response_due,
                                resolution_due, resolution_warn, next_check, nearest_due)
          SELECT t.id, p.id, p.name, p.name, p.calendar_id, t.created_at, t.priority, 60, 1440, 75, 150,
                 'pending_customer,pending_third_party', 0,
                 CASE WHEN t.state IN ('closed', 'cancelled') THEN t.closed_at END, false,
                 t.created_at + 1800000, t.resolved_at, t.created_at + 3600000, t.created_at + 86400000,
                 t.created_at + 64800000,
                 CASE WHEN t.state IN ('closed', 'cancelled') THEN NULL ELSE {int(time.time() * 1000)} + (t.id % 5000) * 60000 END,
                 CASE WHEN t.state IN ('closed', 'cancelled') THEN NULL ELSE t.created_at + 86400000 END
          FROM tickets t, (SELECT id, name, calendar_id FROM sla_policies WHERE name LIKE '内部员工%') p
    """))
    progress("VACUUM ANALYZE", lambda: psql(url, "VACUUM ANALYZE"))


class Server:
    def __init__(self, url, log):
        port = int(sh("/usr/bin/python3", "-c",
                      "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"))
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([str(BIN), "serve", "--db", url, "--listen", f"127.0.0.1:{port}"],
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise SystemExit("techdesk serve did not become healthy")

    def token(self, login):
        r = requests.post(self.base + "/api/v1/auth/login", json={"login": login, "password": PASSWORD}, timeout=30)
        r.raise_for_status()
        return r.json()["token"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


PLAN_RE = re.compile(r"LOG:  duration: ([0-9.]+) ms  plan:\n(.*?)(?=\n\S[^\n]*(?:LOG|ERROR|STATEMENT|WARNING):|\Z)", re.S)


def plans_since(log_path, offset):
    text = Path(log_path).read_text(errors="replace")[offset:]
    return [(float(m.group(1)), m.group(2)) for m in PLAN_RE.finditer(text)]


def probe(server, pg_log, title, who, path, pick):
    """Asks GET path as `who` PROBES times; returns the plans of `pick` statements and the HTTP timings."""
    headers = {"Authorization": f"Bearer {who}"}
    offset = len(Path(pg_log).read_text(errors="replace"))
    http_ms = []
    for _ in range(PROBES):
        t0 = time.monotonic()
        r = requests.get(server.base + path, headers=headers, timeout=120)
        http_ms.append((time.monotonic() - t0) * 1000)
        assert r.status_code == 200, r.text
    time.sleep(0.5)  # let the log catch up
    plans = [p for p in plans_since(pg_log, offset) if pick in p[1]]
    warm = plans[2:] or plans
    return {"title": title, "path": path, "http_ms": statistics.median(http_ms[2:]),
            "db_ms": statistics.median(d for d, _ in warm) if warm else None,
            "plan": warm[-1][1] if warm else "(no plan logged)"}


def main():
    if not BIN.exists():
        raise SystemExit(f"no server binary at {BIN}: run 'make server'")
    env = {}
    for line in sh("bash", str(REPO / "scripts" / "pg-temp.sh"), "start").splitlines():
        k, v = line.removeprefix("export ").split("=", 1)
        env[k] = v.strip("'")
    base_url, pg_dir = env["TECHDESK_TEST_PG_URL"], env["TECHDESK_TEST_PG_DIR"]
    pg_log = f"{pg_dir}/server.log"
    superuser = re.sub(r"//[^@]*@", "//postgres@", base_url).rsplit("/", 1)[0] + "/postgres"
    url = base_url.rsplit("/", 1)[0] + "/capacity"
    report = []
    try:
        print(f"TechDesk capacity on PostgreSQL 15, {TICKETS:,} tickets, {os.cpu_count()} cores")
        psql(base_url, "CREATE DATABASE capacity")
        sh(str(BIN), "migrate", "--db", url)
        generate(url)
        for login, role, org in [("cap.agent", "agent_l1", None), ("cap.admin", "admin", None),
                                 ("cap.req", "requester", "客户公司7"), ("cap.orgmgr", "org_manager", "客户公司7")]:
            sh(str(BIN), "admin", "create-user", "--db", url, "--login", login, "--password", PASSWORD, "--role", role,
               *(["--org", org] if org else []))
        psql(url, "INSERT INTO team_members (team_id, user_id) SELECT (SELECT min(id) FROM teams), id FROM users "
                  "WHERE login = 'cap.agent'")
        # The requester probe gets a realistic history: 150 tickets of their own.
        psql(url, "UPDATE tickets SET requester_id = (SELECT id FROM users WHERE login = 'cap.req'), "
                  "organization_id = (SELECT organization_id FROM users WHERE login = 'cap.req') "
                  f"WHERE id % {max(1, TICKETS // 150)} = 7")
        psql(url, "ANALYZE")
        for setting in ("session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0",
                        "auto_explain.log_analyze = on", "auto_explain.log_buffers = on",
                        "auto_explain.log_timing = on", "auto_explain.log_nested_statements = on"):
            psql(superuser, f"ALTER DATABASE capacity SET {setting}")
        with open(f"{pg_dir}/techdesk.log", "wb") as log:
            server = Server(url, log)
            try:
                tok = {k: server.token(k) for k in ("cap.agent", "cap.admin", "cap.req", "cap.orgmgr")}
                some_id = int(psql(url, f"SELECT id FROM tickets WHERE number = 'G{TICKETS // 2}'"))
                select = "FROM tickets t JOIN users r"
                open_states = "new,assigned,in_progress,pending_customer,pending_third_party,reopened"
                cases = [
                    ("One ticket by id (detail page, every GET /tickets/{id})", "cap.admin",
                     f"/api/v1/tickets/{some_id}", select),
                    ("An engineer's open queue: team + own + unrouted, open states, newest first", "cap.agent",
                     f"/api/v1/tickets?state={open_states}&limit=25", select),
                    ("An engineer's list without a state filter, newest first", "cap.agent", "/api/v1/tickets?limit=25",
                     select),
                    ("Everything, recently updated first (manager, admin)", "cap.admin",
                     "/api/v1/tickets?sort=-updated_at&limit=25", select),
                    ("Open P1 tickets of everyone (manager's board)", "cap.admin",
                     f"/api/v1/tickets?state={open_states}&priority=P1&limit=25", select),
                    ("A requester's own tickets", "cap.req", "/api/v1/tickets?limit=25", select),
                    ("An organisation manager's tickets", "cap.orgmgr", "/api/v1/tickets?limit=25", select),
                    ("The ticket's history (audit log)", "cap.admin", f"/api/v1/tickets/{some_id}/events", "FROM events"),
                    ("The ticket's articles", "cap.admin", f"/api/v1/tickets/{some_id}/articles", "FROM articles"),
                    ("Substring search in subjects, a common word (q=打印机卡纸)", "cap.admin",
                     "/api/v1/tickets?q=%E6%89%93%E5%8D%B0%E6%9C%BA%E5%8D%A1%E7%BA%B8&limit=25", select),
                    ("Substring search in subjects, a word no ticket has (q=蓝屏死机)", "cap.admin",
                     "/api/v1/tickets?q=%E8%93%9D%E5%B1%8F%E6%AD%BB%E6%9C%BA&limit=25", select),
                    ("Open tickets sorted by SLA time left (manager)", "cap.admin",
                     f"/api/v1/tickets?state={open_states}&sort=sla_due&limit=25", select),
                ]
                results = []
                for title, who, path, pick in cases:
                    results.append(progress(title, lambda: probe(server, pg_log, title, tok[who], path, pick)))
                # The job queue's due scan and the SLA scheduler's due-time scan, as each node's worker runs
                # them (twice and once a second).
                offset = len(Path(pg_log).read_text(errors="replace"))
                time.sleep(4)
                logged = plans_since(pg_log, offset)
                for title, marker in [("Job queue due scan and lease (every node, twice a second)",
                                       "UPDATE jobs SET state = 'running'"),
                                      ("SLA scheduler due scan (every node, once a second)",
                                       "FROM ticket_sla WHERE next_check IS NOT NULL")]:
                    hits = [p for p in logged if marker in p[1]]
                    if hits:
                        results.append({"title": title, "path": "(worker)", "http_ms": None,
                                        "db_ms": statistics.median(d for d, _ in hits), "plan": hits[-1][1]})
            finally:
                server.stop()
        sizes = psql(url, """
            SELECT c.relname || E'\t' || pg_size_pretty(pg_relation_size(c.oid)) || E'\t' || c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 1024 * 1024
            ORDER BY pg_relation_size(c.oid) DESC""")
        total = psql(url, "SELECT pg_size_pretty(pg_database_size('capacity'))")
    finally:
        subprocess.run(["bash", str(REPO / "scripts" / "pg-temp.sh"), "stop", pg_dir], capture_output=True)

    report.append(f"# TechDesk capacity run, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    report.append(f"PostgreSQL 15 on {os.cpu_count()} cores, {TICKETS:,} tickets, {2 * TICKETS:,} articles, "
                  f"{4 * TICKETS:,} events; database {total}. Times are the medians of the warm runs.\n")
    report.append("| query | HTTP ms | execution ms |\n|---|---|---|")
    for r in results:
        http = f"{r['http_ms']:.1f}" if r["http_ms"] is not None else "—"
        db = f"{r['db_ms']:.2f}" if r["db_ms"] is not None else "—"
        report.append(f"| {r['title']} | {http} | {db} |")
    report.append("")
    for r in results:
        report.append(f"## {r['title']}\n\n`{r['path']}`\n\n```\n{r['plan'].rstrip()}\n```\n")
    report.append("## Sizes (relations over 1 MB)\n\n| relation | size | rows |\n|---|---|---|")
    for line in sizes.splitlines():
        name, size, rows = line.split("\t")
        report.append(f"| {name} | {size} | {int(rows):,} |")
    text = "\n".join(report) + "\n"
    out = REPO / "bench" / "results" / f"capacity-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {out}")


if __name__ == "__main__":
    sys.exit(main())
