#!/usr/bin/env bash
# Every test level, in order of speed. Called by `make test` after the build; each runner prints its
# own summary, so a level that ran nothing is visible.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/build/techdesk
export TECHDESK_BIN=$BIN TECHDESK_WEB_ROOT=$PWD/web/dist

echo "=== 1/3 unit, store contract and storage tests (ctest)"
(cd build && ctest --output-on-failure --timeout 300 --parallel 2)

echo "=== 2/3 black-box API tests against the built binary (pytest)"
/usr/bin/python3 -m pytest tests/api -q -p no:cacheprovider

echo "=== 3/3 real-browser test: Playwright driving Debian's Chromium (node --test)"
(cd tests/e2e && node --test)
