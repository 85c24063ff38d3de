#!/usr/bin/env python3
"""Fills a TechDesk SQLite database for the portal benchmark (bench/portal.sh).

Starts from a `techdesk demo-data` database and appends, with plain SQL in large transactions, ORG_TICKETS
tickets requested by the users of one organisation (华信科技有限公司, whose manager is cust.manager) and
OTHER_TICKETS requested by everyone else, spread over two years, with the demo corpus's subjects and
descriptions, so that the portal's lists have a big organisation to page through next to others.
Usage: portal_fill.py DB_FILE ORG_TICKETS OTHER_TICKETS   (prints the organisation's id)
"""
import random
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


def main():
    path, org_tickets, other_tickets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20261130)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # a benchmark fixture, not a write we acknowledge
    org = db.execute("SELECT organization_id FROM users WHERE login = 'cust.manager'").fetchone()[0]
    subjects = [r[0] for r in db.execute("SELECT subject FROM tickets")]
    descriptions = [r[0] for r in db.execute("SELECT description FROM tickets")]
    ours = [r[0] for r in db.execute("SELECT id FROM users WHERE organization_id = ? AND role IN "
                                     "('requester', 'org_manager')", (org,))]
    theirs = [(r[0], r[1]) for r in db.execute("SELECT id, organization_id FROM users WHERE role = 'requester' "
                                               "AND (organization_id IS NULL OR organization_id <> ?)", (org,))]
    agents = [r[0] for r in db.execute("SELECT id FROM users WHERE role IN ('agent_l1', 'agent_l2')")]
    cats = [r[0] for r in db.execute("SELECT id FROM categories WHERE parent_id IS NOT NULL")]
    teams = [r[0] for r in db.execute("SELECT id FROM teams")]
    next_id = db.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()[0] + 1
    now = int(time.time() * 1000)
    states = ["new", "assigned", "in_progress", "resolved", "closed", "closed", "closed", "closed"]
    total = org_tickets + other_tickets
    started = time.monotonic()
    batch = 20000
    for start in range(0, total, batch):
        db.execute("BEGIN")
        rows = []
        for i in range(start, min(total, start + batch)):
            tid = next_id + i
            if i < org_tickets:
                req, req_org = rng.choice(ours), org
            else:
                req, req_org = rng.choice(theirs)
            created = now - rng.randrange(0, 730 * 86400 * 1000)
            state = rng.choice(states)
            rows.append((tid, f"P{tid:09d}", f"{rng.choice(subjects)} #{rng.randrange(10000)}",
                         rng.choice(descriptions), "incident", rng.choice(cats), "medium", "medium",
                         rng.choice(["P2", "P3", "P3", "P4"]), "web", state, "L1", req, req_org, rng.choice(teams),
                         rng.choice(agents) if state != "new" else None, created, created + 3600000))
        db.executemany(
            "INSERT INTO tickets (id, number, subject, description, type, category_id, impact, urgency, priority, "
            "channel, state, tier, requester_id, organization_id, team_id, assignee_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.execute("COMMIT")
        progress("tickets", min(total, start + batch), total, started)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = db.execute("SELECT count(*) FROM tickets WHERE organization_id = ?", (org,)).fetchone()[0]
    sys.stderr.write(f"filled: {db.execute('SELECT count(*) FROM tickets').fetchone()[0]} tickets, "
                     f"{n} of them the organisation's\n")
    print(org)


if __name__ == "__main__":
    main()
