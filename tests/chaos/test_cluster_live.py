"""
# description: in a cluster, an agent watching a list on one node sees a change made through another
# node at once: each node NOTIFYs its committed changes through PostgreSQL and every node LISTENs and
# pushes them to its own live-update streams (Server-Sent Events), filtered by what each user may see.
"""
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from live_stream import Stream  # noqa: E402

from conftest import BIN, PASSWORD  # noqa: E402
import subprocess  # noqa: E402


def login(base, who):
    r = requests.post(base + "/api/v1/auth/login", json={"login": who, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["token"]


def test_a_change_made_on_one_node_reaches_the_streams_of_every_node_and_only_those_who_may_see_it(cluster):
    nodes = [f"http://127.0.0.1:{p}" for p in cluster["node_ports"]]
    for args in (["create-org", "--name", "华信科技有限公司", "--kind", "external"],
                 ["create-org", "--name", "远大贸易有限公司", "--kind", "external"],
                 ["create-user", "--login", "cust.a", "--password", PASSWORD, "--role", "requester", "--org",
                  "华信科技有限公司"],
                 ["create-user", "--login", "cust.b", "--password", PASSWORD, "--role", "requester", "--org",
                  "远大贸易有限公司"]):
        subprocess.run([BIN, "admin", args[0], "--db", cluster["db"], *args[1:]], check=True, capture_output=True)
    admin = login(nodes[0], "chaos.admin")
    cust_a = login(nodes[0], "cust.a")
    cust_b = login(nodes[0], "cust.b")
    # Sessions live in the database: a token from node 1 is good on every node.
    watchers = {n: Stream(n, admin) for n in nodes}
    outsider = Stream(nodes[2], cust_b)
    via_lb = Stream(cluster["base"], cust_a)
    try:
        start = time.monotonic()
        r = requests.post(nodes[1] + "/api/v1/tickets", json={"subject": "跨节点推送", "description": "三楼打印机卡纸"},
                          headers={"Authorization": f"Bearer {cust_a}"}, timeout=10)
        assert r.status_code == 201, r.text
        tid = r.json()["id"]
        for n, s in list(watchers.items()) + [("haproxy", via_lb)]:
            e = s.wait_for(lambda ev, d: ev == "ticket" and d["id"] == tid, 5)
            assert e, f"node {n} did not hear of ticket {tid}: {s.events}"
            assert e[1]["what"] == "created"
        print(f"\n  all streams heard of ticket {tid} within {(time.monotonic() - start) * 1000:.0f} ms")
        # A change through a third node reaches the first.
        r = requests.patch(f"{nodes[2]}/api/v1/tickets/{tid}", json={"urgency": "high"},
                           headers={"Authorization": f"Bearer {admin}"}, timeout=10)
        assert r.status_code == 200, r.text
        assert watchers[nodes[0]].wait_for(
            lambda ev, d: ev == "ticket" and d["id"] == tid and d["version"] == r.json()["version"], 5)
        assert via_lb.wait_for(lambda ev, d: ev == "ticket" and d["id"] == tid and d["what"] == "updated", 5)
        time.sleep(0.3)
        assert outsider.wait_for(lambda ev, d: ev == "ticket" and d["id"] == tid, 0) is None, outsider.events
    finally:
        for s in [*watchers.values(), outsider, via_lb]:
            s.close()
