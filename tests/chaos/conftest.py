"""Fixtures of the chaos and cluster tests: a three-node TechDesk cluster on loopback (deploy/cluster)."""
import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("TECHDESK_BIN", REPO / "build" / "techdesk"))
PASSWORD = "Chaos#2026pw"


def free_port():
    return free_ports(1)[0]


def free_ports(n):
    """n distinct free ports: all sockets stay bound until every port is chosen, so that the kernel cannot
    hand out one port twice (PostgreSQL and node 1 once got the same one)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


@pytest.fixture()
def cluster():
    if subprocess.run(["bash", "-c", "command -v haproxy || test -x /usr/sbin/haproxy"], capture_output=True).returncode:
        pytest.fail("haproxy is not installed: run 'make deps'")
    with tempfile.TemporaryDirectory(prefix="techdesk-cluster-") as tmp:
        ports = free_ports(6)
        env = dict(os.environ, TECHDESK_CLUSTER_DIR=f"{tmp}/state", TECHDESK_BIN=str(BIN), PG_PORT=str(ports[0]),
                   NODE_PORTS=f"{ports[1]} {ports[2]} {ports[3]}", LB_PORT=str(ports[4]), LB_STATS_PORT=str(ports[5]))
        if os.geteuid() == 0:
            os.chmod(tmp, 0o755)
        cmd = [str(REPO / "deploy" / "cluster")]
        up = subprocess.run(cmd + ["up"], env=env, capture_output=True, text=True, timeout=120)
        try:
            assert up.returncode == 0, up.stdout + up.stderr
            db_url = Path(f"{tmp}/state/db.env").read_text().strip().split("=", 1)[1]
            subprocess.run([BIN, "admin", "create-user", "--db", db_url, "--login", "chaos.admin", "--password",
                            PASSWORD, "--role", "admin"], check=True, capture_output=True)
            yield {"base": f"http://127.0.0.1:{ports[4]}", "db": db_url, "cmd": cmd, "env": env,
                   "node_ports": ports[1:4]}
        finally:
            subprocess.run(cmd + ["down"], env=env, capture_output=True, timeout=120)


