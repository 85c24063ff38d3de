"""
# description: administrators see the background work of the cluster and can start the maintenance
# job by hand; a job queued through the API is leased by a node's worker, run once and reported done
# with its totals; nobody else sees or queues jobs, and a bad job request changes nothing.
"""
import time

import pytest

from conftest import AGENT_ROLES, CUSTOMER_ROLES, assert_error, describe


def wait_finished(api, job_id, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = api.ok("GET", f"/api/v1/admin/jobs/{job_id}", as_="admin")
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not finished within {timeout} s: {job}")


def test_a_queued_purge_job_is_run_once_by_a_worker_and_reports_its_totals(api):
    # A session that ends now is what the purge removes; the caller's own session stays alive.
    logged_out_later = api.fresh_session("agent_l2").json()["token"]
    job = api.ok("POST", "/api/v1/admin/jobs", {"kind": "maintenance.purge", "payload": {"batch": 2}},
                 as_="admin", status=201)
    assert api.schema_errors(job, "Job") == []
    assert job["kind"] == "maintenance.purge" and job["state"] in ("queued", "running", "done")
    assert job["payload"] == {"batch": 2}
    done = wait_finished(api, job["id"])
    assert done["state"] == "done", done
    assert done["attempts"] == 1
    assert done["lease_owner"] and done["lease_owner"].count(":") >= 2, done  # host:port:pid
    assert done["finished_at"] is not None and done["lease_until"] is None
    assert {"sessions_deleted", "keys_deleted"} <= set(done["payload"]), done
    assert api.schema_errors(done, "Job") == []
    # Live sessions were left alone.
    assert api.get("/api/v1/auth/me", token=logged_out_later).status_code == 200
    assert api.get("/api/v1/auth/me", as_="admin").status_code == 200


def test_the_job_list_shows_the_newest_first_including_the_hourly_purge(api):
    mine = api.ok("POST", "/api/v1/admin/jobs", {"kind": "maintenance.purge"}, as_="admin", status=201)
    page = api.ok("GET", "/api/v1/admin/jobs", as_="admin", params={"limit": 100})
    assert api.schema_errors(page, "JobList") == []
    ids = [j["id"] for j in page["items"]]
    assert ids == sorted(ids, reverse=True)
    assert mine["id"] in ids
    assert page["next_cursor"] is None
    # The worker queues the periodic purge itself when the server starts.
    assert any(j["kind"] == "maintenance.purge" and j["id"] != mine["id"] for j in page["items"])


@pytest.mark.parametrize("role", CUSTOMER_ROLES + [r for r in AGENT_ROLES if r != "admin"])
def test_only_an_administrator_sees_or_queues_jobs(api, role):
    assert_error(api.get("/api/v1/admin/jobs", as_=role), 403, "forbidden")
    assert_error(api.get("/api/v1/admin/jobs/1", as_=role), 403, "forbidden")
    before = api.ok("GET", "/api/v1/admin/jobs", as_="admin", params={"limit": 1})["items"][0]["id"]
    assert_error(api.post("/api/v1/admin/jobs", {"kind": "maintenance.purge"}, as_=role), 403, "forbidden")
    assert api.ok("GET", "/api/v1/admin/jobs", as_="admin", params={"limit": 1})["items"][0]["id"] == before


@pytest.mark.parametrize("body,status,code,field", [
    ({}, 400, "missing_field", "kind"),
    ({"kind": "shell.exec"}, 400, "invalid_field", "kind"),
    ({"kind": "<script>alert(1)</script>"}, 400, "invalid_field", "kind"),
    ({"kind": "maintenance.purge", "payload": "{}"}, 400, "invalid_field", "payload"),
    ({"kind": "maintenance.purge", "payload": [1]}, 400, "invalid_field", "payload"),
    ({"kind": "maintenance.purge", "payload": {"batch": 0}}, 400, "invalid_field", "payload.batch"),
    ({"kind": "maintenance.purge", "payload": {"batch": 10001}}, 400, "invalid_field", "payload.batch"),
    ({"kind": "maintenance.purge", "payload": {"batch": "500"}}, 400, "invalid_field", "payload.batch"),
    ({"kind": "maintenance.purge", "payload": {"batch": 1.5}}, 400, "invalid_field", "payload.batch"),
    ({"kind": "maintenance.purge", "payload": {"throttle_ms": -1}}, 400, "invalid_field", "payload.throttle_ms"),
    ({"kind": "maintenance.purge", "payload": {"sessions_deleted": 5}}, 400, "unknown_field",
     "payload.sessions_deleted"),
    ({"kind": "maintenance.purge", "extra": 1}, 400, "unknown_field", "extra"),
])
def test_a_bad_job_request_names_the_field_and_queues_nothing(api, body, status, code, field):
    before = api.ok("GET", "/api/v1/admin/jobs", as_="admin", params={"limit": 1})["items"][0]["id"]
    assert_error(api.post("/api/v1/admin/jobs", body, as_="admin"), status, code, field)
    assert api.ok("GET", "/api/v1/admin/jobs", as_="admin", params={"limit": 1})["items"][0]["id"] == before


def test_an_unknown_job_is_not_found(api):
    assert_error(api.get("/api/v1/admin/jobs/999999999", as_="admin"), 404, "not_found")
    assert_error(api.get("/api/v1/admin/jobs/abc", as_="admin"), 404, "not_found")
