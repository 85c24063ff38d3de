#!/usr/bin/env python3
"""Fills a TechDesk SQLite database for the reports benchmark (bench/reports.sh).

Starts from a `techdesk demo-data` database and appends, with plain SQL in large transactions, TICKETS
tickets spread evenly over the two years before now, each with its facts row (ticket_facts, as the
FactsObserver keeps it), its SLA record (ticket_sla, under the demo's first policy and calendar: targets,
due times, breaches for about one in six) and, for one resolved ticket in five, a survey. 3 % are open.
Usage: reports_fill.py DB_FILE TICKETS
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
    path, total = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261130)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # a benchmark fixture, not a write we acknowledge
    subjects = [r[0] for r in db.execute("SELECT subject FROM tickets")]
    requesters = [(r[0], r[1]) for r in db.execute("SELECT id, organization_id FROM users WHERE role = 'requester'")]
    agents = [r[0] for r in db.execute("SELECT id FROM users WHERE role IN ('agent_l1', 'agent_l2', 'field_engineer')")]
    cats = [r[0] for r in db.execute("SELECT id FROM categories WHERE parent_id IS NOT NULL")]
    teams = [r[0] for r in db.execute("SELECT id FROM teams")]
    policy, policy_name, calendar = db.execute("SELECT id, name, calendar_id FROM sla_policies ORDER BY id LIMIT 1").fetchone()
    next_id = db.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()[0] + 1
    now = int(time.time() * 1000)
    span = 730 * 86400 * 1000
    hour = 3600 * 1000
    started = time.monotonic()
    batch = 20000
    for start in range(0, total, batch):
        db.execute("BEGIN")
        tickets, facts, slas, surveys = [], [], [], []
        for i in range(start, min(total, start + batch)):
            tid = next_id + i
            created = now - span + (span * i) // total + rng.randrange(0, 60000)
            req, org = rng.choice(requesters)
            team, agent, cat = rng.choice(teams), rng.choice(agents), rng.choice(cats)
            prio = rng.choice(["P1", "P2", "P3", "P3", "P4"])
            channel = rng.choice(["web", "email", "phone", "portal"])
            open_ = created > now - 20 * 86400 * 1000 and rng.random() < 0.5 or rng.random() < 0.03
            first = created + rng.randrange(5, 240) * 60000
            resolved = None if open_ else first + rng.randrange(1, 72) * hour
            closed = None if resolved is None or rng.random() < 0.2 else resolved + 3 * 86400 * 1000
            state = "in_progress" if open_ else ("closed" if closed else "resolved")
            reopen = 1 if rng.random() < 0.05 else 0
            escalated = 1 if rng.random() < 0.15 else 0
            replies = rng.choice([1, 1, 1, 2, 3])
            tickets.append((tid, f"R{tid:09d}", f"{rng.choice(subjects)} #{rng.randrange(10000)}", "incident", cat,
                            "medium", "medium", prio, channel, state, "L2" if escalated else "L1", req, org, team,
                            agent, created, resolved or first, resolved, closed))
            facts.append((tid, created, "incident", channel, prio, state, cat, org, team, agent, first, resolved,
                          agent if resolved else None, closed, resolved, replies, reopen, escalated, 0))
            fr_due = created + 2 * hour
            res_due = created + 48 * hour
            slas.append((tid, policy, policy_name, "bench", calendar, created, prio, 120, None, 2880, 75, 150,
                         "[\"pending_customer\",\"pending_third_party\"]", 0, None, 0, first, resolved, first,
                         fr_due, res_due, 1 if first > fr_due else 0, 1 if (resolved or now) > res_due else 0))
            if resolved and rng.random() < 0.2:
                surveys.append((tid, rng.choice([5, 5, 5, 4, 4, 3, 2, 1]), "[]", "", agent, team, org, req, req,
                                "portal", resolved + 86400 * 1000))
        db.executemany(
            "INSERT INTO tickets (id, number, subject, description, type, category_id, impact, urgency, priority, "
            "channel, state, tier, requester_id, organization_id, team_id, assignee_id, created_at, updated_at, "
            "resolved_at, closed_at) VALUES (?,?,?,'',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tickets)
        db.executemany(
            "INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, category_id, "
            "organization_id, team_id, assignee_id, first_response_at, resolved_at, resolved_by, closed_at, done_at, "
            "staff_replies, reopen_count, escalated, team_changes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            facts)
        db.executemany(
            "INSERT INTO ticket_sla (ticket_id, policy_id, policy_name, why, calendar_id, started_at, priority, "
            "first_response_target, next_update_target, resolution_target, warn_percent, second_level_percent, "
            "pause_states, stopped_ms, stopped_since, paused, first_response_at, resolved_at, last_public_update, "
            "first_response_due, resolution_due, first_response_breached, resolution_breached) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", slas)
        db.executemany(
            "INSERT INTO surveys (ticket_id, score, tags, comment, agent_id, team_id, organization_id, requester_id, "
            "answered_by, channel, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", surveys)
        db.execute("COMMIT")
        progress("tickets", min(total, start + batch), total, started)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sys.stderr.write(f"filled: {db.execute('SELECT count(*) FROM ticket_facts').fetchone()[0]} tickets with facts\n")


if __name__ == "__main__":
    main()
