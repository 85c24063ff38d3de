"""
# description: a client that retries a write with the same Idempotency-Key gets the first answer back and
# the write happens once — the department never gets the same request as two tickets.
"""
import threading

import pytest

from conftest import assert_error, describe, unique


def create(api, key, subject, as_="agent_l1", **extra):
    body = {"subject": subject, "description": "客户来电：打印机卡纸。", **extra}
    return api.post("/api/v1/tickets", body, as_=as_, headers={"Idempotency-Key": key})


def tickets_with_subject(api, subject):
    items = api.list_all("/api/v1/tickets", as_="admin", params={"q": subject})
    return [t for t in items if t["subject"] == subject]


def test_a_retried_create_is_answered_with_the_first_ticket_and_creates_nothing(api):
    key, subject = unique("key"), unique("幂等")
    first = create(api, key, subject)
    assert first.status_code == 201, describe(first)
    again = create(api, key, subject)
    assert again.status_code == 201, describe(again)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert len(tickets_with_subject(api, subject)) == 1


def test_the_same_key_for_a_different_request_is_refused_and_changes_nothing(api):
    key, subject = unique("key"), unique("幂等")
    assert create(api, key, subject).status_code == 201
    other = unique("另一个")
    assert_error(create(api, key, other), 409, "conflict", "Idempotency-Key")
    assert tickets_with_subject(api, other) == []


def test_keys_belong_to_their_user(api):
    key = unique("key")
    a, b = unique("甲"), unique("乙")
    assert create(api, key, a, as_="agent_l1").status_code == 201
    assert create(api, key, b, as_="agent_l2").status_code == 201
    assert len(tickets_with_subject(api, a)) == 1 and len(tickets_with_subject(api, b)) == 1


def test_a_request_that_failed_without_writing_can_be_retried_with_the_same_key(api):
    key, subject = unique("key"), unique("幂等")
    bad = create(api, key, subject, impact="huge")
    assert_error(bad, 400, "invalid_field", "impact")
    # The corrected request is a different request; the failed one left no record, so the key is free.
    assert create(api, key, subject).status_code == 201


def test_a_retried_transition_replays_instead_of_failing_as_an_invalid_move(api):
    t = api.create_ticket(as_="agent_l1", assignee_id=api.uid("agent_l1"))
    key = unique("key")
    body = {"to": "in_progress"}
    first = api.post(f"/api/v1/tickets/{t['id']}/transitions", body, as_="agent_l1", headers={"Idempotency-Key": key})
    assert first.status_code == 200, describe(first)
    again = api.post(f"/api/v1/tickets/{t['id']}/transitions", body, as_="agent_l1", headers={"Idempotency-Key": key})
    assert again.status_code == 200, describe(again)
    assert again.json()["version"] == first.json()["version"]
    events = api.ok("GET", f"/api/v1/tickets/{t['id']}/events", as_="admin")["items"]
    assert sum(1 for e in events if e["field"] == "state" and e["after"] == "in_progress") == 1


@pytest.mark.parametrize("key", ["has space", "x" * 201, "控制"])
def test_a_malformed_key_is_refused(api, key):
    subject = unique("幂等")
    r = api.post("/api/v1/tickets", {"subject": subject, "description": "d"}, as_="agent_l1",
                 headers={"Idempotency-Key": key.encode("utf-8") if not key.isascii() else key})
    assert_error(r, 400, "invalid_field", "Idempotency-Key")
    assert tickets_with_subject(api, subject) == []


def test_concurrent_retries_create_one_ticket(api):
    key, subject = unique("key"), unique("并发")
    answers = []
    lock = threading.Lock()

    def send():
        r = create(api, key, subject)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(tickets_with_subject(api, subject)) == 1
    created = [r for r in answers if r.status_code == 201]
    assert created, [describe(r) for r in answers]
    assert len({r.json()["id"] for r in created}) == 1
    for r in answers:
        if r.status_code != 201:
            assert_error(r, 409, "conflict", "Idempotency-Key")
