#!/usr/bin/env bash
# The email channel's figures (issue 6):
#   1. ingest rate from a local mailbox: N messages in a real Dovecot, fetched over IMAP by a running
#      server (parse, store, thread, index, acknowledgement queued), timed from the first fetch to the
#      last ticket; and the same messages through `techdesk mail ingest` (median and p99 per message);
#   2. memory: the peak RSS of `mail ingest` of a message with a 25 MiB attachment (bound: 256 MiB);
#   3. parse times, and the encoded-word flood's growth (Google Benchmark, bench/mail_bench.cpp).
# Usage: bash bench/mail.sh [N]   (default 2000). Loopback only; everything in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
WORK=$(mktemp -d /tmp/techdesk-mailbench-XXXXXX)
PORT=$((20000 + RANDOM % 20000))
eval "$(scripts/mail-temp.sh start)"
cleanup() {
  [[ -n ${SERVER_PID:-} ]] && kill "$SERVER_PID" 2>/dev/null || true
  scripts/mail-temp.sh stop "$TECHDESK_TEST_MAIL_DIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== making $N messages (Chinese and English, text, HTML, attachments) in $WORK/msgs"
/usr/bin/python3 - "$N" "$WORK/msgs" <<'PY'
import os, random, sys, base64
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out)
rng = random.Random(6)
topics = ["打印机卡纸", "VPN 连不上", "邮箱满了", "财务系统报错 E-302", "服务器宕机", "Outlook 无法收信", "电脑蓝屏",
          "Wi-Fi 断线", "账号被锁定", "ERP 登录失败"]
for i in range(n):
    t = rng.choice(topics)
    kind = i % 3
    head = (f"From: =?utf-8?B?{base64.b64encode(f'员工{i % 400}'.encode()).decode()}?= <user{i % 400}@corp{i % 7}.example>\r\n"
            f"To: support@techdesk.test\r\nSubject: =?utf-8?B?{base64.b64encode(f'{t} #{i}'.encode()).decode()}?=\r\n"
            f"Message-ID: <bench.{i}.{rng.getrandbits(48):x}@corp.example>\r\nDate: Mon, 30 Nov 2026 09:{i % 60:02d}:00 +0800\r\n"
            "MIME-Version: 1.0\r\n")
    body = f"您好，{t}，从今天上午开始出现，影响整个部门的工作。请尽快处理。\r\n错误代码 {rng.randint(100, 999)}。\r\n" * 3
    if kind == 0:
        msg = head + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    elif kind == 1:
        html = "<html><body><p>" + body.replace("\r\n", "<br>") + "</p><img src=\"cid:logo\"></body></html>"
        msg = (head + "Content-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n--alt\r\n"
               "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--alt--\r\n")
    else:
        data = base64.encodebytes(os.urandom(20000)).decode().replace("\n", "\r\n")
        msg = (head + "Content-Type: multipart/mixed; boundary=mix\r\n\r\n--mix\r\n"
               "Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n"
               + base64.encodebytes(body.encode("gb18030")).decode().replace("\n", "\r\n") + "--mix\r\n"
               "Content-Type: image/png; name=\"=?utf-8?B?5oiq5Zu+LnBuZw==?=\"\r\nContent-Transfer-Encoding: base64\r\n"
               "Content-Disposition: attachment\r\n\r\n" + data + "--mix--\r\n")
    with open(os.path.join(out, f"{i:05d}.eml"), "wb") as f:
        f.write(msg.encode("utf-8"))
PY

echo "== delivering them into Dovecot (user support)"
/usr/bin/python3 - "$WORK/msgs" <<'PY'
import os, sys
sys.path.insert(0, "tests")
import mailserver
m = mailserver.MailServer(os.environ["TECHDESK_TEST_MAIL_DIR"], int(os.environ["TECHDESK_TEST_IMAP"].rsplit(":", 1)[1]),
                          int(os.environ["TECHDESK_TEST_SMTP"].rsplit(":", 1)[1]))
for f in sorted(os.listdir(sys.argv[1])):
    m.deliver("support", open(os.path.join(sys.argv[1], f), "rb").read())
PY

DB="sqlite://$WORK/bench.db"
"$BIN" migrate --db "$DB" >/dev/null
"$BIN" admin create-user --db "$DB" --login bench.admin --password 'Bench#2026pass' --role admin --name Bench >/dev/null
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

echo "== fetching over IMAP through the server"
/usr/bin/python3 - "$PORT" "$N" <<'PY'
import json, os, sys, time, urllib.request
port, n = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b"null")
token = call("POST", "/api/v1/auth/login", {"login": "bench.admin", "password": "Bench#2026pass"})["token"]
imap, smtp = os.environ["TECHDESK_TEST_IMAP"].rsplit(":", 1)[1], os.environ["TECHDESK_TEST_SMTP"].rsplit(":", 1)[1]
box = call("POST", "/api/v1/channels/email", {"name": "bench", "address": "support@techdesk.test", "enabled": False,
      "imap": {"host": "127.0.0.1", "port": int(imap), "security": "none", "username": "support", "password": "secret"},
      "smtp": {"host": "127.0.0.1", "port": int(smtp), "security": "none"}}, token)
t0 = time.monotonic()
done = created = 0
while done < n:
    s = call("POST", f"/api/v1/channels/email/{box['id']}/fetch", {}, token)
    if s["fetched"] == 0:
        break
    done += s["fetched"]
    created += s["created"]
dt = time.monotonic() - t0
print(f"IMAP fetch + ingest: {done} messages ({created} new tickets) in {dt:.1f} s = {done / dt:.0f} messages/s")
PY
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

echo "== the same messages through 'techdesk mail ingest' (one process, no IMAP)"
DB2="sqlite://$WORK/cli.db"
"$BIN" migrate --db "$DB2" >/dev/null
"$BIN" mail ingest --db "$DB2" --quiet "$WORK"/msgs/*.eml | tail -2

echo "== memory: one message with a 25 MiB attachment"
/usr/bin/python3 tests/mail/make_corpus.py --large "$WORK/large" >/dev/null
big=$(grep -l '"size": 26214400' "$WORK"/large/*.expect.json | head -1)
big=${big%.expect.json}.eml
echo "message: $(basename "$big") ($(stat -c %s "$big") bytes)"
/usr/bin/time -f "peak RSS %M KiB, %e s" "$BIN" mail ingest --db "$DB2" --quiet "$big" 2>&1 | tail -2

echo "== parse times and the encoded-word flood (Google Benchmark)"
"$PWD/build/bench/mail_bench" --benchmark_min_time=0.2 2>/dev/null | grep -E 'flood|corpus|BigO|RMS'
