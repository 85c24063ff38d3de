#!/usr/bin/env bash
# Runs the mail parser's libFuzzer target for SECONDS (default 60), seeded with the fixture corpus of
# tests/mail/, in a throw-away folder. Exits non-zero (and keeps the crashing input) when it finds a crash,
# a leak, a timeout (> 10 s per input) or memory over 2 GiB.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
FUZZER=$PWD/build-fuzz/mime_fuzzer
[[ -x $FUZZER ]] || { echo "fuzz-mail: $FUZZER is not built (make fuzz-build)"; exit 1; }
work=$(mktemp -d /tmp/techdesk-fuzz-XXXXXX)
mkdir -p "$work/corpus" "$work/crashes"
cp tests/mail/corpus/*.eml "$work/corpus/"
echo "fuzz-mail: $SECONDS_TO_RUN s of libFuzzer on the mail parser, seeded with $(ls "$work/corpus" | wc -l) messages"
if ! (cd "$work" && "$FUZZER" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 -artifact_prefix="$work/crashes/" corpus 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)'); then
  :
fi
if compgen -G "$work/crashes/*" >/dev/null; then
  echo "fuzz-mail: FAILED — inputs kept in $work/crashes/"
  exit 1
fi
rm -rf "$work"
echo "fuzz-mail: no crash, leak or timeout"
