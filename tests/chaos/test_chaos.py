"""
# description: a node dies (kill -9) in the middle of a bounded write load; every request the server
# acknowledged is in the database afterwards, exactly once, because clients retry with the same
# Idempotency-Key — on a three-node PostgreSQL cluster behind HAProxy, and on the single-node SQLite server.
# In the cluster the node killed is the one running a background job at that moment; another node takes
# the job over when its lease runs out and finishes it.

Loopback only, bounded in requests and time. Run with: /usr/bin/python3 -m pytest tests/chaos -q
"""
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
import pytest
import requests

from conftest import BIN, PASSWORD, free_port

LOAD_SECONDS = 4.0
CLIENTS = 8
MAX_REQUESTS = 4000  # per run, all clients together


def wait_healthy(base, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{base} not healthy within {timeout} s")


def login(base):
    r = requests.post(base + "/api/v1/auth/login", json={"login": "chaos.admin", "password": PASSWORD}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["token"]


class Load:
    """Clients that create tickets, each with its own Idempotency-Key, retrying until acknowledged."""

    def __init__(self, base, token):
        self.base, self.token = base, token
        self.acknowledged = set()  # subjects answered with 201
        self.ack_times = []        # time.monotonic() of each acknowledgement
        self.unsettled = set()     # subjects whose fate the server could not tell (409 on a lost answer)
        self.sent = 0
        self.retries = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def one(self, session, subject, key):
        body = {"subject": subject, "description": "混沌测试：节点被杀时提交的工单。", "channel": "api"}
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                r = session.post(self.base + "/api/v1/tickets", json=body, headers=headers, timeout=5)
            except requests.RequestException:
                r = None
            if r is not None and r.status_code == 201:
                with self.lock:
                    self.acknowledged.add(subject)
                    self.ack_times.append(time.monotonic())
                return
            if r is not None and r.status_code == 409 and r.json()["error"]["field"] == "Idempotency-Key":
                # Either still running elsewhere (try again shortly) or its answer was lost with its node.
                time.sleep(0.2)
                again = session.post(self.base + "/api/v1/tickets", json=body, headers=headers, timeout=5)
                if again.status_code == 201:
                    with self.lock:
                        self.acknowledged.add(subject)
                else:
                    with self.lock:
                        self.unsettled.add(subject)
                return
            if r is not None and r.status_code not in (502, 503, 504):
                raise AssertionError(f"unexpected answer {r.status_code}: {r.text}")
            with self.lock:
                self.retries += 1
            time.sleep(0.05)
        raise AssertionError(f"request {subject} not acknowledged within 20 s")

    def client(self, errors):
        session = requests.Session()
        try:
            while not self.stop.is_set():
                with self.lock:
                    if self.sent >= MAX_REQUESTS:
                        return
                    self.sent += 1
                self.one(session, f"混沌 {uuid.uuid4().hex}", uuid.uuid4().hex)
        except Exception as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    def run(self, seconds, during=None):
        """Runs the load for `seconds`. `during` is called once the clients have started; the thread it
        returns (the kill) is waited for, at most 30 s more, and the load goes on one second after it."""
        errors = []
        threads = [threading.Thread(target=self.client, args=(errors,)) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        helper = during() if during else None
        time.sleep(seconds)
        if helper:
            helper.join(timeout=30)
            time.sleep(1.0)
        self.stop.set()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors[:3]


def check(counts, load):
    """counts: subject -> rows with that subject."""
    missing = [s for s in load.acknowledged if counts.get(s, 0) != 1]
    duplicated = [s for s, n in counts.items() if n > 1]
    assert not missing, f"{len(missing)} acknowledged tickets missing or duplicated, e.g. {missing[:3]}"
    assert not duplicated, f"{len(duplicated)} tickets duplicated, e.g. {duplicated[:3]}"
    for s in load.unsettled:
        assert counts.get(s, 0) <= 1
    assert len(load.acknowledged) > 100, f"only {len(load.acknowledged)} requests acknowledged: load too small"
    print(f"\n  acknowledged {len(load.acknowledged)}, unsettled {len(load.unsettled)}, retries {load.retries}, "
          f"rows {sum(counts.values())}")


# ---- single node, SQLite ----------------------------------------------------------------------------

def test_sqlite_server_killed_mid_load_loses_nothing_and_passes_its_integrity_check():
    with tempfile.TemporaryDirectory(prefix="techdesk-chaos-") as tmp:
        db = f"{tmp}/chaos.db"
        url = f"sqlite://{db}"
        subprocess.run([BIN, "migrate", "--db", url], check=True, capture_output=True)
        subprocess.run([BIN, "admin", "create-user", "--db", url, "--login", "chaos.admin", "--password", PASSWORD,
                        "--role", "admin"], check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(f"{tmp}/server.log", "wb")

        def start():
            p = subprocess.Popen([BIN, "serve", "--db", url, "--listen", f"127.0.0.1:{port}"], stdout=log,
                                 stderr=subprocess.STDOUT)
            wait_healthy(base)
            return p

        server = start()
        try:
            load = Load(base, login(base))
            restarted = []

            def kill_and_restart():
                def act():
                    time.sleep(1.5)
                    server.send_signal(signal.SIGKILL)
                    server.wait()
                    time.sleep(0.3)
                    restarted.append(start())
                thread = threading.Thread(target=act)
                thread.start()
                return thread

            load.run(LOAD_SECONDS, during=kill_and_restart)
            assert restarted, "the server was not restarted"
            assert load.retries > 0, "the kill did not interrupt any request"
            restarted[0].terminate()
            restarted[0].wait(timeout=15)
        finally:
            for p in [server]:
                if p.poll() is None:
                    p.kill()
            log.close()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = dict(con.execute("SELECT subject, count(*) FROM tickets GROUP BY subject").fetchall())
        con.close()
        check(counts, load)


# ---- three nodes, PostgreSQL, HAProxy ---------------------------------------------------------------

EXPIRED_SESSIONS = 3000
PURGE = {"batch": 20, "throttle_ms": 100}  # 150 batches: about 15 s of work, checkpointed after each


def psql(db, sql):
    return subprocess.run(["psql", db, "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def wait_out_the_hourly_purge(db):
    """Every node queues the hourly maintenance.purge (one job per hour, dedupe key "maintenance.purge@<hour
    start in ms>"). Should it run during the test it deletes seeded sessions the test's own job then never
    counts (a CI run crossed 01:00 this way). So: if the hour turns within the next 90 s, wait for it; then
    wait until this hour's purge is done, before anything is seeded."""
    left = 3600 - time.time() % 3600
    if left < 90:
        time.sleep(left + 1)
    key = f"maintenance.purge@{int(time.time() // 3600) * 3600 * 1000}"
    deadline = time.monotonic() + 30
    while psql(db, f"SELECT count(*) FROM jobs WHERE dedupe_key = '{key}' AND state = 'done'") != "1":
        assert time.monotonic() < deadline, f"the hourly purge {key} did not finish within 30 s"
        time.sleep(0.2)


def start_long_job(base, token, db):
    """Seeds expired sessions and queues the purge; returns the job once a worker has leased it."""
    wait_out_the_hourly_purge(db)
    psql(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
             "SELECT sha256(('chaos-' || g)::bytea), (SELECT id FROM users WHERE login = 'chaos.admin'), 'c', 0, 1 "
             f"FROM generate_series(1, {EXPIRED_SESSIONS}) g")
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.post(base + "/api/v1/admin/jobs", json={"kind": "maintenance.purge", "payload": PURGE},
                      headers=headers, timeout=10)
    assert r.status_code == 201, r.text
    job_id = r.json()["id"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job = requests.get(f"{base}/api/v1/admin/jobs/{job_id}", headers=headers, timeout=5).json()
        if job["state"] == "running" and job["payload"].get("sessions_deleted", 0) > 0:
            return job
        time.sleep(0.05)
    raise AssertionError(f"the purge job was not running within 10 s: {job}")


def test_cluster_node_killed_mid_load_loses_and_duplicates_nothing_and_its_job_is_finished_elsewhere(cluster):
    base, db = cluster["base"], cluster["db"]
    wait_healthy(base)
    token = login(base)
    load = Load(base, token)
    job = start_long_job(base, token, db)
    owner_port = int(job["lease_owner"].split(":")[-2])
    victim = cluster["node_ports"].index(owner_port) + 1

    killed_at, kill_failures = [], []

    def kill_the_job_runner():
        def act():
            time.sleep(1.5)
            started = time.monotonic()
            r = subprocess.run(cluster["cmd"] + ["kill-node", str(victim)], env=cluster["env"], capture_output=True,
                               text=True)
            if r.returncode != 0:
                kill_failures.append(f"kill-node {victim} exited {r.returncode}: {r.stdout} {r.stderr}")
            else:
                killed_at.append(time.monotonic())
                print(f"\n  kill-node {victim} took {killed_at[0] - started:.2f} s: {r.stdout.strip()}")
        thread = threading.Thread(target=act)
        thread.start()
        return thread

    # The load goes on until the kill is done: kill-node waits for the process to be gone.
    load.run(LOAD_SECONDS, during=kill_the_job_runner)
    # HAProxy retries a request whose node died before answering on another node (the Idempotency-Key
    # makes that safe), so clients may see no failure at all; what matters is that the kill came in the
    # middle of the load.
    assert not kill_failures, kill_failures
    assert killed_at, "the node was not killed within 30 s"
    with pytest.raises(requests.RequestException):
        requests.get(f"http://127.0.0.1:{owner_port}/healthz", timeout=2)
    assert any(t < killed_at[0] for t in load.ack_times) and any(t > killed_at[0] for t in load.ack_times), \
        "the kill did not fall in the middle of the load"
    # The survivors keep serving.
    assert requests.get(base + "/healthz", timeout=5).status_code == 200
    counts = {}
    for line in psql(db, "SELECT subject, count(*) FROM tickets GROUP BY subject").splitlines():
        subject, n = line.rsplit("\t", 1)
        counts[subject] = int(n)
    check(counts, load)
    assert psql(db, "SELECT count(*) = count(DISTINCT number) FROM tickets") == "t", "ticket numbers must be unique"

    # The job the dead node was running: its lease runs out (5 s) and a survivor finishes it.
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = requests.get(f"{base}/api/v1/admin/jobs/{job['id']}", headers=headers, timeout=5).json()
        if done["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert done["state"] == "done", done
    assert done["lease_owner"] != job["lease_owner"], f"finished by the dead node? {done}"
    assert int(done["lease_owner"].split(":")[-2]) in cluster["node_ports"]
    assert done["attempts"] == 2, done
    assert psql(db, "SELECT count(*) FROM sessions WHERE expires_at <= 1") == "0", "expired sessions left behind"
    # Each batch deletes, then checkpoints its total: a kill between the two loses one batch from the count.
    deleted = done["payload"]["sessions_deleted"]
    assert EXPIRED_SESSIONS - PURGE["batch"] <= deleted <= EXPIRED_SESSIONS, done
    print(f"  job {job['id']} leased by {job['lease_owner']}, killed; finished by {done['lease_owner']}, "
          f"{deleted} sessions counted")
