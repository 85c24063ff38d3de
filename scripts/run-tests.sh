#!/usr/bin/env bash
# Every test level, in order of speed, on both storage backends. Called by `make test` after the
# build; each runner prints its own summary, so a level that ran nothing is visible. A throw-away
# PostgreSQL cluster (scripts/pg-temp.sh) and a throw-away Dovecot with an SMTP sink (scripts/mail-temp.sh,
# for the IMAP and SMTP client tests) live for the duration of the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/build/techdesk
export TECHDESK_BIN=$BIN TECHDESK_WEB_ROOT=$PWD/web/dist

eval "$(scripts/pg-temp.sh start)"
trap 'scripts/pg-temp.sh stop "$TECHDESK_TEST_PG_DIR"' EXIT
eval "$(scripts/mail-temp.sh start)"
trap 'scripts/pg-temp.sh stop "$TECHDESK_TEST_PG_DIR"; scripts/mail-temp.sh stop "$TECHDESK_TEST_MAIL_DIR"' EXIT
echo "throw-away PostgreSQL cluster: $TECHDESK_TEST_PG_URL"
echo "throw-away Dovecot (IMAP) $TECHDESK_TEST_IMAP and SMTP sink $TECHDESK_TEST_SMTP"

echo "=== 1/6 unit, store contract (SQLite and PostgreSQL) and storage tests (ctest)"
(cd build && ctest --output-on-failure --timeout 300 --parallel 2)

echo "=== 2/6 black-box API tests and the search relevance suite against the built binary on SQLite (pytest)"
TECHDESK_TEST_BACKEND=sqlite /usr/bin/python3 -m pytest tests/api -q -p no:cacheprovider
# -s: the relevance suite prints its precision and recall table.
/usr/bin/python3 -m pytest tests/search -q -s -p no:cacheprovider

echo "=== 3/6 black-box API tests against the built binary on PostgreSQL (pytest)"
TECHDESK_TEST_BACKEND=postgresql /usr/bin/python3 -m pytest tests/api -q -p no:cacheprovider

echo "=== 4/6 chaos: kill -9 a node under write load — SQLite server, and a 3-node PostgreSQL cluster behind HAProxy (pytest)"
/usr/bin/python3 -m pytest tests/chaos -q -p no:cacheprovider

echo "=== 5/6 fuzzing: the mail parser under libFuzzer for 60 s, seeded with the fixture corpus"
bash scripts/fuzz-mail.sh 60

echo "=== 6/6 real-browser test: Playwright driving Debian's Chromium (node --test)"
(cd tests/e2e && node --test)
