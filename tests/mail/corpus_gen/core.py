"""Byte-exact building blocks for the mail corpus.

Everything here returns bytes. Nothing goes through the `email` package, so a fixture can hold
exactly the (possibly broken) syntax it wants. Line endings are CRLF unless a fixture builds its
own bytes on purpose.
"""
import base64

CRLF = b"\r\n"

# Registries filled by the fixture modules through the decorators below, in import order.
SMALL = []  # (short_name, builder) -> builder() returns (eml_bytes, expect_dict)
LARGE = []  # same, only written with --large OUTDIR

# Expect-file schema (see README.md). Used to catch typos in fixtures.
EXPECT_KEYS = {
    "description", "message_id", "subject", "subject_contains", "subject_startswith", "from",
    "from_name", "reply_to", "to", "cc", "in_reply_to", "references", "date", "text_contains",
    "text_not_contains", "html_contains", "html_not_contains", "html_empty", "attachments",
    "attachment_count", "replacement_char", "warnings", "our_headers", "noise", "parse_error",
}
ATTACHMENT_KEYS = {"filename", "content_type", "size", "inline", "dropped", "content_id"}
NOISE = {"none", "delivery_report", "mailer_daemon", "auto_submitted", "autoreply_header",
         "precedence", "autoreply_subject"}


def fixture(name, lf_only=False):
    """Register a small (committed) fixture. lf_only: the message deliberately uses bare LF."""
    def deco(fn):
        SMALL.append((name, fn, lf_only))
        return fn
    return deco


def large_fixture(name):
    def deco(fn):
        LARGE.append((name, fn, False))
        return fn
    return deco


def b(x, charset="utf-8"):
    """str -> bytes in `charset`; bytes pass through."""
    return x if isinstance(x, bytes) else x.encode(charset)


def crlf(x, charset="utf-8"):
    """Text with \\n (or \\r\\n) line ends -> bytes with CRLF line ends."""
    data = b(x, charset).replace(b"\r\n", b"\n")
    return data.replace(b"\n", CRLF)


def header_block(headers):
    """[(name, value)] -> bytes. value may be str (written as raw UTF-8) or bytes.
    A value may contain '\\n ' / '\\n\\t' to fold; those become CRLF + WSP.
    A name of None writes the value as a raw line (for deliberately broken header lines)."""
    out = b""
    for name, value in headers:
        v = crlf(value)
        out += (v if name is None else b(name) + b": " + v) + CRLF
    return out


def entity(headers, body=b""):
    """A message or body part: headers, blank line, body (bytes, used as is)."""
    return header_block(headers) + CRLF + body


def multipart(boundary, parts, preamble=None, epilogue=None, close=True):
    """Multipart body. Each part's bytes are exactly the part (the CRLF before a delimiter
    belongs to the delimiter), so sizes of 8bit/7bit parts are len(part body)."""
    bnd = b(boundary)
    out = b""
    if preamble is not None:
        out += crlf(preamble) + CRLF
    for p in parts:
        out += b"--" + bnd + CRLF + p + CRLF
    if close:
        out += b"--" + bnd + b"--" + CRLF
        if epilogue is not None:
            out += crlf(epilogue)
    return out


def b64(data, width=76):
    """Base64 with CRLF every `width` chars, no trailing CRLF."""
    enc = base64.b64encode(data)
    return CRLF.join(enc[i:i + width] for i in range(0, len(enc), width))


def qp(data):
    """Quoted-printable of bytes whose line ends are \\n or \\r\\n; output lines <= 76, CRLF."""
    out_lines = []
    for line in data.replace(b"\r\n", b"\n").split(b"\n"):
        toks = []
        for i, c in enumerate(line):
            last = i == len(line) - 1
            if (33 <= c <= 126 and c != 61) or (c in (9, 32) and not last):
                toks.append(bytes([c]))
            else:
                toks.append(b"=%02X" % c)
        cur = b""
        for t in toks:
            if len(cur) + len(t) > 75:
                out_lines.append(cur + b"=")
                cur = b""
            cur += t
        out_lines.append(cur)
    return CRLF.join(out_lines)


def ew(text, charset="utf-8", enc="B"):
    """One RFC 2047 encoded word for `text` (str, or bytes already in charset)."""
    raw = b(text, charset)
    if enc.upper() == "B":
        payload = base64.b64encode(raw).decode("ascii")
    else:
        payload = "".join(
            "_" if c == 32 else chr(c) if (chr(c).isalnum() and c < 128) else "=%02X" % c
            for c in raw)
    return "=?%s?%s?%s?=" % (charset, enc, payload)


def ew_bytes(raw, charset, enc="B"):
    """Encoded word of raw bytes (may be a partial multibyte sequence on purpose)."""
    return ew(raw, charset, enc)


def pct(text, charset="utf-8"):
    """RFC 2231 percent-encoding of text in charset."""
    return "".join(chr(c) if (chr(c).isalnum() and c < 128) or chr(c) in "-._" else "%%%02X" % c
                   for c in b(text, charset))


# ---- common people and defaults ----
SUPPORT = "support@techdesk.example"
DATE = "Sat, 01 Mar 2025 10:03:04 +0800"
DATE_UTC = "2025-03-01T02:03:04Z"


def std_headers(subject, frm="张伟 <zhangwei@corp.example.cn>", to=SUPPORT, mid=None,
                date=DATE, extra=()):
    """Typical top-level headers. subject/frm/to are written as given (raw bytes if non-ASCII)."""
    h = []
    if date is not None:
        h.append(("Date", date))
    if frm is not None:
        h.append(("From", frm))
    if to is not None:
        h.append(("To", to))
    if subject is not None:
        h.append(("Subject", subject))
    if mid is not None:
        h.append(("Message-ID", "<%s>" % mid))
    h.append(("MIME-Version", "1.0"))
    h.extend(extra)
    return h


def text_part(text, charset="utf-8", cte="8bit", subtype="plain", extra=()):
    """A text body part (headers + encoded body)."""
    raw = crlf(text, charset) if isinstance(text, str) else text
    body = {"8bit": raw, "7bit": raw, "base64": b64(raw), "quoted-printable": qp(raw)}[cte]
    return entity([("Content-Type", "text/%s; charset=%s" % (subtype, charset)),
                   ("Content-Transfer-Encoding", cte)] + list(extra), body)


def file_part(content_type, data, disposition="attachment", filename=None, name=None,
              extra=(), cte="base64"):
    """An attachment part. filename/name are written as given into the header params
    (caller supplies quoting/encoding), e.g. filename='"a.pdf"'."""
    ct = content_type + ("; name=%s" % name if name is not None else "")
    h = [("Content-Type", ct), ("Content-Transfer-Encoding", cte)]
    if disposition is not None:
        h.append(("Content-Disposition",
                  disposition + ("; filename=%s" % filename if filename is not None else "")))
    h.extend(extra)
    body = b64(data) if cte == "base64" else data
    return entity(h, body)


def blob(n, seed=1):
    """Deterministic pseudo-random bytes of length n."""
    out = bytearray()
    x = seed * 2654435761 & 0xFFFFFFFF
    while len(out) < n:
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


# A real 1x1 PNG (67 bytes).
PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
