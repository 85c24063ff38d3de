#!/usr/bin/env python3
"""Fills a TechDesk SQLite database for the search benchmark (bench/search.sh).

Starts from a `techdesk demo-data` database (users, organisations, teams, categories, 200 tickets, the
demo knowledge articles) and appends, with plain SQL in large transactions, TICKETS tickets and ARTICLES
knowledge articles whose texts are recombined from the demo corpus: each ticket takes a demo subject
with a random suffix, a description of 2–4 demo sentences, and 1–3 replies or notes; each article a demo
title with a serial and a demo body. The search index is left to `techdesk reindex`, which is what the
benchmark measures. Usage: search_fill.py DB_FILE TICKETS ARTICLES
"""
import random
import re
import sqlite3
import sys
import time


def progress(label, done, total, started):
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(1e-9, time.monotonic() - started)
    sys.stderr.write(f"\r{label:10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:,.0f}/s")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def sentences(text):
    return [s for s in re.split(r"(?<=[。！？；.!?])", text) if s.strip()]


def main():
    path, tickets, articles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20261130)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # a benchmark fixture, not a write we acknowledge
    subjects = [r[0] for r in db.execute("SELECT subject FROM tickets")]
    pool = []
    for (d,) in db.execute("SELECT description FROM tickets"):
        pool += sentences(d)
    bodies = [r[0] for r in db.execute("SELECT body FROM articles")]
    users = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'requester'")]
    agents = [r[0] for r in db.execute("SELECT id FROM users WHERE role IN ('agent_l1', 'agent_l2')")]
    org_of = dict(db.execute("SELECT id, organization_id FROM users"))
    cats = [r[0] for r in db.execute("SELECT id FROM categories WHERE parent_id IS NOT NULL")]
    teams = [r[0] for r in db.execute("SELECT id FROM teams")]
    kb = list(db.execute("SELECT a.title, v.body, a.category_id, a.visibility FROM kb_articles a "
                         "JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version"))
    next_id = db.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()[0] + 1
    now = int(time.time() * 1000)
    states = ["new", "assigned", "in_progress", "resolved", "closed", "closed", "closed", "resolved"]
    started = time.monotonic()
    batch = 20000
    for start in range(0, tickets, batch):
        db.execute("BEGIN")
        trows, arows = [], []
        for i in range(start, min(tickets, start + batch)):
            tid = next_id + i
            req = rng.choice(users)
            created = now - rng.randrange(0, 730 * 86400 * 1000)
            state = rng.choice(states)
            prio = rng.choice(["P1", "P2", "P3", "P3", "P4", "P4"])
            trows.append((tid, f"B{tid:09d}", f"{rng.choice(subjects)} #{rng.randrange(10000)}",
                          "".join(rng.sample(pool, rng.randint(2, 4))), "incident", rng.choice(cats), "medium",
                          "medium", prio, "web", state, "L1", req, org_of.get(req), rng.choice(teams),
                          rng.choice(agents) if state != "new" else None, created, created + 3600000))
            for k in range(rng.randint(1, 3)):
                internal = rng.random() < 0.3
                arows.append((tid, "note" if internal else "reply", rng.choice(bodies) if rng.random() < 0.7
                               else "".join(rng.sample(pool, 2)), 1 if internal else 0, rng.choice(agents),
                               created + (k + 1) * 600000))
        db.executemany(
            "INSERT INTO tickets (id, number, subject, description, type, category_id, impact, urgency, priority, "
            "channel, state, tier, requester_id, organization_id, team_id, assignee_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", trows)
        db.executemany("INSERT INTO articles (ticket_id, kind, body, internal, author_id, created_at) "
                       "VALUES (?,?,?,?,?,?)", arows)
        db.execute("COMMIT")
        progress("tickets", min(tickets, start + batch), tickets, started)
    started = time.monotonic()
    author = agents[0]
    db.execute("BEGIN")
    for i in range(articles):
        title, body, cat, vis = kb[i % len(kb)]
        created = now - rng.randrange(0, 365 * 86400 * 1000)
        cur = db.execute(
            "INSERT INTO kb_articles (title, body, category_id, visibility, state, version, published_version, "
            "author_id, created_at, updated_at, published_at) VALUES (?,?,?,?, 'published', 1, 1, ?,?,?,?)",
            (f"{title}（{i + 1}）", body, cat, vis, author, created, created, created))
        db.execute("INSERT INTO kb_versions (article_id, version, title, body, author_id, created_at) "
                   "VALUES (?, 1, ?, ?, ?, ?)", (cur.lastrowid, f"{title}（{i + 1}）", body, author, created))
        if (i + 1) % 1000 == 0 or i + 1 == articles:
            progress("articles", i + 1, articles, started)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"filled: {db.execute('SELECT count(*) FROM tickets').fetchone()[0]} tickets, "
          f"{db.execute('SELECT count(*) FROM articles').fetchone()[0]} ticket articles, "
          f"{db.execute('SELECT count(*) FROM kb_articles').fetchone()[0]} knowledge articles")


if __name__ == "__main__":
    main()
