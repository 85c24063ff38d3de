"""A small Server-Sent Events reader for the live-update tests: it opens GET /api/v1/stream on a plain
socket, reads it on a thread and keeps every event it has seen."""
import json
import socket
import threading
import time
from urllib.parse import urlsplit


class Stream:
    def __init__(self, base, token, path="/api/v1/stream"):
        self.events = []  # (event, data) in arrival order
        self._cond = threading.Condition()
        u = urlsplit(base)
        self._sock = socket.create_connection((u.hostname, u.port), timeout=10)
        self._sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
                            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self._file = self._sock.makefile("rb")
        status_line = self._file.readline().decode()
        self.status = int(status_line.split()[1])
        self.headers = {}
        while True:
            line = self._file.readline().decode().rstrip("\r\n")
            if not line:
                break
            k, v = line.split(":", 1)
            self.headers[k.strip()] = v.strip()
        self.closed_by_server = False
        self._sock.settimeout(None)
        if self.status == 200:
            self._thread = threading.Thread(target=self._read, daemon=True)
            self._thread.start()
            assert self.wait_for(lambda e, d: e == "ready", 5), "no 'ready' event"

    def _read(self):
        event, data = None, []
        try:
            while True:
                raw = self._file.readline()
                if not raw:
                    self.closed_by_server = True
                    break
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if event or data:
                        with self._cond:
                            self.events.append((event or "message", "\n".join(data)))
                            self._cond.notify_all()
                    event, data = None, []
                elif line.startswith(":") or line.startswith("retry:"):
                    continue
                elif line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
        except (OSError, ValueError):
            pass
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, pred, timeout=10):
        """The first event (event, data parsed as JSON) matching pred, waiting up to timeout seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e, d in self.events:
                    try:
                        parsed = json.loads(d) if d else None
                    except ValueError:
                        parsed = d
                    if pred(e, parsed):
                        return (e, parsed)
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)

    def tickets(self):
        with self._cond:
            return [json.loads(d) for e, d in self.events if e == "ticket"]

    def close(self):
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
