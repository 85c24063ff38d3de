"""
# description: an operator who points TechDesk at the wrong database is told what is wrong, in one clear
# line at start-up, and the process exits non-zero instead of serving: a URL it cannot use, a server that
# does not answer, a wrong password, a role without rights, a database from a newer TechDesk.
Each case runs the real binary (`techdesk serve` and `techdesk migrate`) and checks it stops at once.
"""
import os
import sqlite3
import subprocess
import tempfile

import pytest

from conftest import _free_port, binary_path, selected_backend

PG = selected_backend() == "postgresql"


def start(db, *extra, timeout=30):
    """Runs `techdesk serve`; returns (exit code, output). A server that starts is a failure of the test."""
    port = _free_port()
    p = subprocess.Popen([str(binary_path()), "serve", "--db", db, "--listen", f"127.0.0.1:{port}", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        raise AssertionError(f"techdesk serve --db {db} did not stop within {timeout} s:\n{out}")
    return p.returncode, out


def migrate(db):
    r = subprocess.run([str(binary_path()), "migrate", "--db", db], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def pg_url(user="techdesk", password="techdesk", port=None, database="techdesk", query=""):
    base = os.environ["TECHDESK_TEST_PG_URL"]  # postgresql://techdesk:techdesk@127.0.0.1:PORT/techdesk
    host_port = base.split("@", 1)[1].split("/", 1)[0]
    host, real_port = host_port.rsplit(":", 1)
    return f"postgresql://{user}:{password}@{host}:{port or real_port}/{database}{query}"


def psql(sql, db="techdesk", user="techdesk"):
    subprocess.run(["psql", pg_url(user=user, database=db), "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True,
                   capture_output=True)


@pytest.mark.parametrize("url,says", [
    ("mysql://root@localhost/techdesk", "must start with sqlite:// or postgresql://"),
    ("techdesk.db", "must start with sqlite:// or postgresql://"),
    ("sqlite://", "names no file"),
])
def test_a_url_techdesk_cannot_use_is_named_as_such(url, says):
    code, out = start(url)
    assert code != 0 and says in out, out
    assert "listening" not in out


def test_a_sqlite_file_in_a_folder_that_does_not_exist_is_refused():
    code, out = start("sqlite:///nonexistent-folder/sub/techdesk.db")
    assert code != 0 and "cannot open database" in out, out


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched():
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/notes.txt"
        text = "这不是数据库文件\n" * 500
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        code, out = start(f"sqlite://{path}")
        assert code != 0 and "cannot open database" in out, out
        with open(path, encoding="utf-8") as f:
            assert f.read() == text


def test_a_database_from_a_newer_techdesk_is_refused_and_not_touched():
    if PG:
        db = f"newer_{os.getpid()}"
        psql(f"CREATE DATABASE {db}")
        url = pg_url(database=db)
        assert migrate(url)[0] == 0
        psql("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_from_the_future')", db)
        code, out = start(url)
        assert code != 0 and "newer than this binary" in out, out
        assert migrate(url)[0] != 0
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{tmp}/newer.db"
        assert migrate(url)[0] == 0
        con = sqlite3.connect(f"{tmp}/newer.db")
        con.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)")
        con.commit()
        before = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        con.close()
        code, out = start(url)
        assert code != 0 and "newer than this binary" in out, out
        con = sqlite3.connect(f"{tmp}/newer.db")
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == before
        con.close()


@pytest.mark.skipif(PG, reason="an SQLite FTS5 setting")
def test_a_start_turns_merging_back_on_after_a_reindex_that_was_killed():
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "t.db")
        assert migrate(f"sqlite://{db}")[0] == 0
        c = sqlite3.connect(db)
        # What `techdesk reindex` sets while it runs (SearchRepo::bulk_load), as a killed run leaves it.
        c.execute("INSERT INTO search_tickets (search_tickets, rank) VALUES ('automerge', 0)")
        c.commit()
        c.close()
        code, out = migrate(f"sqlite://{db}")
        assert code == 0, out
        c = sqlite3.connect(db)
        assert c.execute("SELECT v FROM search_tickets_config WHERE k = 'automerge'").fetchall() == [(4,)]
        c.close()
