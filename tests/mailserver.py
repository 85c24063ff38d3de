"""A throw-away mail system for tests: Dovecot (IMAP) and an SMTP sink on loopback.

The servers are started by scripts/mail-temp.sh, so the shell, CTest and pytest share one Dovecot
configuration. From pytest:

    from mailserver import mail_server          # tests/ is on sys.path in our suites

    with mail_server() as mail:                 # or: mail = start(); ...; mail.stop()
        uid = mail.deliver("support", b"From: a@b\\r\\nSubject: hi\\r\\n\\r\\nbody\\r\\n")
        ... point TechDesk at 127.0.0.1:mail.imap_port (user support, password secret) ...
        assert mail.sink_messages()[0].startswith(b"From:")

or as a fixture: `mail = pytest.fixture(mail_fixture)` in a conftest.

Accounts: "support" and "helpdesk", both with password "secret" (PASSWORD). Every account has
INBOX, Archive, "Processed Mail" and Trash.

This file is also the SMTP sink itself (`python3 tests/mailserver.py sink 127.0.0.1:PORT DIR`),
which mail-temp.sh runs. It is written on aiosmtpd rather than `python3 -m aiosmtpd -c
aiosmtpd.handlers.Mailbox` because that handler re-serialises each message through the email
package (LF line ends, re-folded headers, added X-Peer/X-MailFrom headers), so tests could not
check the bytes a client sent; and its CLI cannot offer AUTH. This sink:
  * stores the DATA bytes exactly as received (after dot-unstuffing) as a maildir message
    DIR/new/<n>.eml, with the envelope beside it in DIR/envelopes/<n>.json;
  * offers AUTH PLAIN/LOGIN without TLS, accepting only the accounts above (AUTH is optional:
    unauthenticated clients may send too);
  * refuses recipients whose local part starts with "reject" (550 5.1.1) and defers those whose
    local part starts with "tempfail" (450 4.2.0), so clients' error paths can be tested.
Only the standard library and aiosmtpd are imported at module level.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

PASSWORD = "secret"
USERS = ("support", "helpdesk")
_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "mail-temp.sh"


class MailServer:
    """A running Dovecot and SMTP sink. Not thread-safe; stop() is idempotent."""

    def __init__(self, directory: str, imap_port: int, smtp_port: int):
        self.dir = directory
        self.imap_port = imap_port
        self.smtp_port = smtp_port
        self.host = "127.0.0.1"
        self._stopped = False

    @property
    def sink_dir(self) -> str:
        return os.path.join(self.dir, "sink")

    def env(self) -> dict[str, str]:
        """The variables mail-temp.sh exports, for a child process (e.g. the C++ tests)."""
        return {
            "TECHDESK_TEST_IMAP": f"{self.host}:{self.imap_port}",
            "TECHDESK_TEST_SMTP": f"{self.host}:{self.smtp_port}",
            "TECHDESK_TEST_MAIL_DIR": self.dir,
        }

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX") -> int:
        """APPENDs `raw` byte for byte to the user's folder through IMAP, unread; returns its UID.

        Not `curl -T`: libcurl always APPENDs with the \\Seen flag, so the message would not look new.
        Not imaplib's append() either: it rewrites bare LF to CRLF. Raises imaplib.IMAP4.error when
        the server refuses."""
        import imaplib

        with imaplib.IMAP4(self.host, self.imap_port, timeout=20) as conn:
            conn.login(user, PASSWORD)
            conn.literal = raw  # sent as {len(raw)} exactly; what append() does after its rewrite
            typ, data = conn._simple_command("APPEND", _quote_mailbox(folder))
            if typ != "OK":
                raise imaplib.IMAP4.error(f"APPEND to {folder} refused: {data}")
            conn.logout()
        # Dovecot answers "OK [APPENDUID <uidvalidity> <uid>] Append completed." (UIDPLUS).
        found = re.search(rb"\[APPENDUID \d+ (\d+)\]", b" ".join(d for d in data if isinstance(d, bytes)))
        return int(found.group(1)) if found else 0

    def create_folder(self, user: str, folder: str) -> None:
        """CREATEs a folder (names may be UTF-8). Raises imaplib.IMAP4.error when refused."""
        import imaplib

        with imaplib.IMAP4(self.host, self.imap_port, timeout=20) as conn:
            conn.login(user, PASSWORD)
            typ, data = conn.create(_quote_mailbox(folder))
            if typ != "OK":
                raise imaplib.IMAP4.error(f"CREATE {folder} refused: {data}")
            conn.logout()

    def sink_messages(self) -> list[bytes]:
        """Every message the sink has accepted, oldest first, exactly as the client sent it."""
        return [p.read_bytes() for p in self._sink_files()]

    def sink_envelopes(self) -> list[dict]:
        """{"mail_from": ..., "rcpt_tos": [...], "auth": user or None} per message, oldest first."""
        out = []
        for p in self._sink_files():
            env = Path(self.sink_dir) / "envelopes" / (p.stem + ".json")
            out.append(json.loads(env.read_text()) if env.exists() else {})
        return out

    def _sink_files(self) -> list[Path]:
        new = Path(self.sink_dir) / "new"
        if not new.is_dir():
            return []
        return sorted(new.glob("*.eml"), key=lambda p: int(p.stem))

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        subprocess.run(["bash", str(_SCRIPT), "stop", self.dir], check=False)

    def __enter__(self) -> "MailServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def imap_utf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 5.1.3): "已处理" -> "&XfJZBHQG-"."""
    import base64

    out, run = [], []

    def flush():
        if run:
            b64 = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=")
            out.append("&" + b64.replace("/", ",") + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def _quote_mailbox(folder: str) -> str:
    wire = imap_utf7(folder)
    return '"' + wire.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start(parent: str | None = None) -> MailServer:
    """Starts Dovecot and the sink in a fresh folder under `parent` (default: the system temp dir).

    Dovecot's mail processes run as user `mail`, so `parent` and every folder above it must be
    searchable by others — pytest's tmp_path (0700) is not; leave `parent` None there.
    Raises RuntimeError with mail-temp.sh's output when a server does not come up."""
    cmd = ["bash", str(_SCRIPT), "start"] + ([parent] if parent else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"mail-temp.sh start failed:\n{proc.stdout}{proc.stderr}")
    env: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        for word in line.removeprefix("export ").split():
            key, _, value = word.partition("=")
            env[key] = value.strip("'\"")
    return MailServer(
        env["TECHDESK_TEST_MAIL_DIR"],
        int(env["TECHDESK_TEST_IMAP"].rsplit(":", 1)[1]),
        int(env["TECHDESK_TEST_SMTP"].rsplit(":", 1)[1]),
    )


@contextlib.contextmanager
def mail_server(parent: str | None = None):
    """`with mail_server() as mail:` — started on entry, stopped (and its folder removed) on exit."""
    server = start(parent)
    try:
        yield server
    finally:
        server.stop()


def mail_fixture():
    """A generator for pytest.fixture: `mail = pytest.fixture(scope="module")(mail_fixture)`."""
    with mail_server() as server:
        yield server


# ---------------------------------------------------------------------------------------------
# The SMTP sink process.


def _run_sink(listen: str, directory: str) -> None:
    import asyncio

    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    host, _, port = listen.rpartition(":")
    root = Path(directory)
    for sub in ("tmp", "new", "cur", "envelopes"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    counter = [len(list((root / "new").glob("*.eml")))]

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            if user in USERS and auth_data.password == PASSWORD.encode():
                return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)

    class RawSink:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            local = address.split("@", 1)[0].lower()
            if local.startswith("reject"):
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            if local.startswith("tempfail"):
                return f"450 4.2.0 <{address}>: Recipient address temporarily unavailable"
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            counter[0] += 1
            n = counter[0]
            tmp = root / "tmp" / f"{n}.eml"
            tmp.write_bytes(envelope.original_content)
            info = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "auth": session.auth_data if session.authenticated else None,
            }
            (root / "envelopes" / f"{n}.json").write_text(json.dumps(info))
            os.rename(tmp, root / "new" / f"{n}.eml")  # maildir: appear complete or not at all
            return "250 2.0.0 Ok: queued as %d" % n

    def factory():
        return SMTP(
            RawSink(),
            hostname="sink.techdesk.test",
            ident="TechDesk test sink",
            authenticator=authenticator,
            auth_require_tls=False,
            auth_required=False,
            decode_data=False,
            data_size_limit=64 << 20,
        )

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(factory, host=host or "127.0.0.1", port=int(port)))
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "sink":
        _run_sink(sys.argv[2], sys.argv[3])
    else:
        print("usage: mailserver.py sink HOST:PORT MAILDIR", file=sys.stderr)
        sys.exit(2)
