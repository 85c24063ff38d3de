"""
# description: start-up against a PostgreSQL database TechDesk cannot use: a server that does not answer,
# a role or database that does not exist, a role without the right to create the schema, a bad pool size —
# one clear line naming the problem and a non-zero exit. Collected only in the PostgreSQL pass of make test
# (see conftest.py); the cases common to both backends are in test_startup.py.
"""
import os
import time

import pytest

from conftest import _free_port
from test_startup import pg_url, psql, start


def test_a_postgresql_server_that_does_not_answer_is_named_with_its_reason():
    started = time.monotonic()
    code, out = start(pg_url(port=_free_port()))
    assert code != 0 and "cannot connect to PostgreSQL" in out and "refused" in out, out
    assert time.monotonic() - started < 15


def test_a_role_that_does_not_exist_is_named_and_the_password_never_printed():
    # The throw-away cluster trusts loopback (no password check), so the role is what is wrong here.
    code, out = start(pg_url(user="no_such_role", password="s3cret-PW"))
    assert code != 0 and "cannot connect to PostgreSQL" in out and "no_such_role" in out, out
    assert "s3cret-PW" not in out, "the password must never be printed"


def test_a_role_without_the_right_to_create_the_schema_is_told_so():
    db = f"norights_{os.getpid()}"
    psql(f"CREATE DATABASE {db}")  # owned by techdesk
    psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'td_reader') THEN "
         "CREATE ROLE td_reader LOGIN PASSWORD 'reader'; END IF; END $$", user="postgres")
    code, out = start(pg_url(user="td_reader", password="reader", database=db))
    assert code != 0 and "cannot create the schema" in out and "permission denied" in out, out


def test_a_database_that_does_not_exist_is_named():
    code, out = start(pg_url(database="no_such_database"))
    assert code != 0 and "no_such_database" in out and "does not exist" in out, out


@pytest.mark.parametrize("query", ["?pool=0", "?pool=abc", "?pool=100000"])
def test_a_bad_pool_size_is_refused(query):
    code, out = start(pg_url(query=query))
    assert code != 0 and "pool must be a number of connections" in out, out
