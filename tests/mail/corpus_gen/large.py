"""Large fixtures, written only by `make_corpus.py --large OUTDIR` (never committed): size limits,
attachment and nesting floods, huge headers, a message over 64 MiB."""
import base64

from .core import CRLF, blob, entity, ew, large_fixture, multipart, std_headers, text_part

MIB = 1024 * 1024
_PATTERN = blob(65536, 77)


def big(n):
    """n deterministic bytes (a 64 KiB pseudo-random block repeated)."""
    reps, rest = divmod(n, len(_PATTERN))
    return _PATTERN * reps + _PATTERN[:rest]


def fast_b64(data):
    return base64.encodebytes(data).replace(b"\n", CRLF).rstrip(CRLF)


def with_attachment(subject, text, name, data, ct="application/octet-stream"):
    att = entity([("Content-Type", ct), ("Content-Disposition", 'attachment; filename="%s"' % name),
                  ("Content-Transfer-Encoding", "base64")], fast_b64(data))
    h = std_headers(subject) + [("Content-Type", 'multipart/mixed; boundary="big-1"')]
    return entity(h, multipart("big-1", [text_part(text), att]))


@large_fixture("attachment-exactly-25mib")
def _():
    n = 25 * MIB
    return with_attachment("25 MiB 附件", "服务器完整日志见附件（正好 25 MiB）。\n", "server-full.log.gz", big(n)), {
        "description": "An attachment of exactly 25 MiB (26,214,400 decoded bytes): at the limit, kept.",
        "text_contains": ["服务器完整日志见附件"],
        "attachments": [{"filename": "server-full.log.gz", "size": n, "dropped": False}],
        "attachment_count": 1,
    }


@large_fixture("attachment-26mib-dropped")
def _():
    n = 26 * MIB
    return with_attachment("26 MiB 附件", "录屏文件见附件（26 MiB）。\n", "录屏.mp4", big(n), "video/mp4"), {
        "description": "An attachment of 26 MiB (27,262,976 decoded bytes): over the limit, dropped, its size "
                       "recorded; the message and its text are kept.",
        "text_contains": ["录屏文件见附件"],
        "attachments": [{"filename": "录屏.mp4", "content_type": "video/mp4", "size": n, "dropped": True}],
        "attachment_count": 1,
    }


@large_fixture("attachments-1200-tiny")
def _():
    parts, exp = [text_part("1200 个小附件。\n")], []
    for i in range(1, 1201):
        data = ("第 %d 个附件\r\n" % i).encode("utf-8")
        name = "note-%04d.txt" % i
        parts.append(entity([("Content-Type", "text/plain; charset=utf-8"),
                             ("Content-Disposition", 'attachment; filename="%s"' % name),
                             ("Content-Transfer-Encoding", "8bit")], data))
        exp.append({"filename": name, "size": len(data)})
    h = std_headers("1200 attachments") + [("Content-Type", 'multipart/mixed; boundary="many"')]
    return entity(h, multipart("many", parts)), {
        "description": "1,200 tiny text attachments, all kept, in order.",
        "text_contains": ["1200 个小附件。"],
        "text_not_contains": ["第 1 个附件"],
        "attachments": exp,
        "attachment_count": 1200,
    }


@large_fixture("header-x-junk-1mib")
def _():
    h = [("Date", "Sat, 01 Mar 2025 10:03:04 +0800"), ("From", "zhangwei@corp.example.cn"),
         ("To", "support@techdesk.example"), ("X-Junk", "J" * MIB), ("Subject", "打印机卡纸"),
         ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8")]
    return entity(h, "正文在 1 MiB 的头部之后。\r\n".encode("utf-8")), {
        "description": "One unfolded X-Junk header of 1 MiB before a normal Subject: the subject is still parsed, "
                       "with a warning.",
        "subject": "打印机卡纸",
        "text_contains": ["正文在 1 MiB 的头部之后。"],
        "warnings": True,
    }


@large_fixture("nested-multipart-200")
def _():
    inner = text_part("最深层的正文。\n")
    for level in range(200, 1, -1):
        inner = entity([("Content-Type", 'multipart/mixed; boundary="lvl%d"' % level)],
                       multipart("lvl%d" % level, [inner]))
    body = multipart("lvl1", [text_part("顶层正文：交换机又掉线了。\n"), inner])
    h = std_headers("200 levels") + [("Content-Type", 'multipart/mixed; boundary="lvl1"')]
    return entity(h, body), {
        "description": "200 nested multipart levels after a top-level text part: the parser stops at its depth "
                       "limit with a warning; the top-level text (first part) is kept.",
        "subject": "200 levels",
        "text_contains": ["顶层正文：交换机又掉线了。"],
        "warnings": True,
    }


@large_fixture("encoded-word-flood")
def _():
    word = ew("打")  # =?utf-8?B?5omT?=
    assert word == "=?utf-8?B?5omT?="
    lines = [" ".join([word] * 4) for _ in range(5000)]  # 20,000 words
    h = std_headers("\n ".join(lines))
    return entity(h + [("Content-Type", "text/plain; charset=utf-8")], "正文。\r\n".encode("utf-8")), {
        "description": "Subject of 20,000 adjacent encoded words =?utf-8?B?5omT?= (folded, 4 per line): decoded "
                       "(possibly truncated) without blowing up; not noise.",
        "subject_startswith": "打打打",
        "noise": "none",
    }


@large_fixture("message-over-64mib")
def _():
    eml = with_attachment("too big", "超过 64 MiB 的邮件。\n", "disk.img", big(49 * MIB))
    assert len(eml) > 64 * MIB
    return eml, {
        "description": "A message over 64 MiB (about 67 MiB of base64): refused with a parse error.",
        "parse_error": True,
    }
