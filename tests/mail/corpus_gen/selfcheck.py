"""Developer cross-check (make_corpus.py --selfcheck): reads every fixture back with Python's
`email` package plus the parser rules of README.md, and reports where that reading disagrees
with the expectations. It is an approximation written to catch mistakes in fixtures, not the
reference parser; disagreements are reviewed by hand. Keys it does not understand are skipped."""
import email
import email.header
import email.utils
import html
import re
from email import policy

GB = {"gb2312", "gbk", "euc-cn", "x-gbk", "cp936", "gb_2312-80", "gb18030"}


def decode_bytes(data, charset):
    cs = (charset or "").lower().strip()
    if cs in GB:
        return data.decode("gb18030", "replace")
    try:
        if cs:
            "".encode(cs)
            return data.decode(cs, "replace")
    except LookupError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def raw_str(value):
    """compat32 hands raw 8-bit header bytes over as surrogate escapes (or Header objects)."""
    if isinstance(value, email.header.Header):
        return "".join(decode_bytes(d, c) if isinstance(d, bytes) else d
                       for d, c in email.header.decode_header(value))
    value = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return decode_bytes(value.encode("ascii", "surrogateescape"), "")
    return value


def decode_words(value):
    if value is None:
        return ""
    value = re.sub(r"\r?\n([ \t])", r"\1", raw_str(value))
    out = []
    for data, cs in email.header.decode_header(value):
        out.append(decode_bytes(data, cs) if isinstance(data, bytes) else data)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def addrs(msg, name):
    vals = msg.get_all(name) or []
    out = []
    for nm, ad in email.utils.getaddresses([re.sub(r"\r?\n[ \t]", " ", raw_str(v)) for v in vals]):
        if "@" in ad and not ad.startswith("@"):
            out.append((decode_words(nm), ad.lower()))
    return out


def html_to_text(h):
    h = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", h)
    h = re.sub(r"(?s)<[^>]*>", " ", h)
    return html.unescape(h)


def ids(v):
    return re.findall(r"<([^<>\s]+@[^<>\s]+)>", re.sub(r"\([^)]*\)", " ", v or ""))


def walk(part, st, in_alt=False):
    ct = part.get_content_type()
    if part.is_multipart() and ct != "message/rfc822":
        alt = ct == "multipart/alternative"
        seen = set()
        for sub in part.get_payload():
            sct = sub.get_content_type()
            if alt and sct in ("text/plain", "text/html") and sct in seen and not sub.get_filename():
                continue
            if alt:
                seen.add(sct)
            walk(sub, st, alt)
        return
    disp = raw_str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    fname = None
    for h in ("content-disposition", "content-type"):
        params = part.get_params(header=h) or []
        star = [v for k, v in params if isinstance(v, tuple)]  # RFC 2231 value wins
        if star and star[0]:
            fname = decode_bytes(star[0][2].encode("latin-1", "replace"), star[0][0] or "utf-8")
            break
        plain = [v for k, v in params if k in ("filename", "name")]
        if plain and plain[0]:
            fname = raw_str(plain[0])
            if "\ufffd" in fname:  # compat32 lost raw 8-bit bytes; read the raw header
                m = re.search(r'name="([^"]*)"', raw_str(part.get(h)))
                fname = m.group(1) if m else fname
            break
    is_att = disp == "attachment" or fname is not None
    if ct in ("text/plain", "text/html") and not is_att:
        data = part.get_payload(decode=True) or b""
        text = decode_bytes(data, part.get_content_charset()).replace("\r", "")
        if ct == "text/plain":
            st["text"].append(text)
        elif st["html"] is None:
            st["html"] = text
        return
    if ct == "message/rfc822":
        payload = part.get_payload()
        # exact bytes of the embedded message: python re-serialises it, so count CRLF per line
        data = payload[0].as_bytes() if isinstance(payload, list) else b""
        data = data.replace(b"\n", b"\r\n")
    else:
        data = part.get_payload(decode=True) or b""
    st["atts"].append({"filename": decode_words(fname) if fname else None, "content_type": ct,
                       "size": len(data), "cid": (part.get("Content-ID") or "").strip().strip("<>"),
                       "disp": disp})


EXT = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "application/pdf": ".pdf",
       "text/plain": ".txt", "text/html": ".html"}


def read(eml):
    msg = email.message_from_bytes(eml, policy=policy.compat32)
    st = {"text": [], "html": None, "atts": []}
    walk(msg, st)
    text = "\n".join(st["text"]) if st["text"] else html_to_text(st["html"] or "")
    for a in st["atts"]:
        if a["content_type"] == "message/rfc822" and not a["filename"]:
            a["filename"] = "forwarded-message.eml"
        elif a["content_type"] == "text/calendar" and not a["filename"]:
            a["filename"] = "invite.ics"
        elif not a["filename"]:
            a["filename"] = "attachment" + EXT.get(a["content_type"], ".bin")
        a["filename"] = re.split(r"[/\\]", a["filename"])[-1]
        a["inline"] = a["content_type"].startswith("image/") and (
            a["disp"] == "inline" or bool(a["cid"] and ("cid:" + a["cid"]) in (st["html"] or "")))
    return msg, text, st


def check(stem, eml, exp):
    """Return a list of disagreement strings."""
    try:
        msg, text, st = read(eml)
    except Exception as e:  # noqa: BLE001
        return ["python could not parse: %r" % e]
    bad = []

    def cmp(key, got):
        if key in exp and exp[key] != got:
            bad.append("%s: expected %r, python read %r" % (key, exp[key], got))
    subj = decode_words(msg.get("Subject"))
    cmp("subject", subj)
    for s in exp.get("subject_contains", []):
        if s not in subj:
            bad.append("subject lacks %r" % s)
    if "subject_startswith" in exp and not subj.startswith(exp["subject_startswith"]):
        bad.append("subject does not start with %r" % exp["subject_startswith"])
    frm = addrs(msg, "From")
    cmp("from", frm[0][1] if frm else "")
    if frm:
        cmp("from_name", "" if frm[0][0].lower() == frm[0][1] else frm[0][0])
    cmp("to", [a for _, a in addrs(msg, "To")])
    cmp("cc", [a for _, a in addrs(msg, "Cc")])
    rt = addrs(msg, "Reply-To")
    cmp("reply_to", rt[0][1] if rt else "")
    mid = ids(msg.get("Message-ID"))
    cmp("message_id", mid[0] if mid else "")
    cmp("in_reply_to", ids(msg.get("In-Reply-To")))
    cmp("references", ids(msg.get("References")))
    if "date" in exp:
        d = raw_str(msg.get("Date")) if msg.get("Date") is not None else None
        try:
            dt = email.utils.parsedate_to_datetime(d) if d else None
            got = dt.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") \
                if dt and dt.tzinfo else None
        except (TypeError, ValueError):
            got = None
        cmp("date", got)
    for s in exp.get("text_contains", []):
        if s not in text:
            bad.append("text lacks %r" % s)
    for s in exp.get("text_not_contains", []):
        if s in text:
            bad.append("text contains %r" % s)
    for s in exp.get("html_contains", []):
        if s not in (st["html"] or ""):
            bad.append("raw html lacks %r" % s)
    if exp.get("html_empty") and st["html"]:
        bad.append("html not empty")
    cmp("attachment_count", len(st["atts"]))
    if "attachments" in exp:
        if len(exp["attachments"]) != len(st["atts"]):
            bad.append("attachments: expected %d, python read %d" % (len(exp["attachments"]), len(st["atts"])))
        for e, g in zip(exp["attachments"], st["atts"]):
            for k in ("filename", "content_type", "size", "inline"):
                if k in e and e[k] != g[k]:
                    bad.append("attachment %s: expected %r, python read %r" % (k, e[k], g[k]))
            if "content_id" in e and e["content_id"] != g["cid"]:
                bad.append("attachment content_id: expected %r, read %r" % (e["content_id"], g["cid"]))
    if "replacement_char" in exp:
        cmp("replacement_char", "\ufffd" in subj or "\ufffd" in text)
    if "our_headers" in exp:
        cmp("our_headers", any(k.lower().startswith("x-techdesk-") for k in msg.keys()))
    if "noise" in exp:
        cmp("noise", noise(msg, subj, frm))
    return bad


def noise(msg, subj, frm):
    if msg.get_content_type() == "multipart/report":
        return "delivery_report"
    if frm and frm[0][1].split("@")[0] in ("mailer-daemon", "postmaster"):
        return "mailer_daemon"
    a = msg.get("Auto-Submitted")
    if a is not None and a.strip().lower() != "no":
        return "auto_submitted"
    if any(msg.get(h) is not None for h in ("X-Autoreply", "X-Autorespond", "X-Autogenerated")):
        return "autoreply_header"
    sup = (msg.get("X-Auto-Response-Suppress") or "").lower()
    if "oof" in sup or "all" in sup:
        return "autoreply_header"
    if (msg.get("Precedence") or "").strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return "precedence"
    s = subj.lstrip().lower()
    for p in ("自动回复", "automatic reply", "auto reply", "autoreply", "out of office", "out of the office",
              "oof:", "auto:", "休假自动回复", "自動回覆"):
        if s.startswith(p):
            return "autoreply_subject"
    return "none"
