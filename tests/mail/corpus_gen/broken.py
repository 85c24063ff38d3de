"""Broken MIME: bad boundaries, bad encodings, bad Content-Type, empty messages, unnamed parts."""
import base64

from .core import (CRLF, DATE, PNG_1x1, b64, blob, crlf, entity, file_part, fixture, multipart,
                   std_headers, text_part)


def top(subject, ctype, body, extra=()):
    h = std_headers(subject, extra=list(extra))
    if ctype is not None:
        h.append(("Content-Type", ctype))
    return entity(h, body)


@fixture("missing-boundary-param")
def _():
    body = multipart("xyz", [text_part("打印机卡纸。\n"), file_part("application/pdf", blob(50), filename='"a.pdf"')])
    return top("no boundary", "multipart/mixed", body), {
        "description": "multipart/mixed without a boundary parameter: message kept, subject parsed, warnings.",
        "subject": "no boundary",
        "warnings": True,
    }


@fixture("boundary-never-closed")
def _():
    data = blob(600, 40)
    body = multipart("open-1", [text_part("VPN 日志见附件。\n"), file_part("text/plain", data, filename='"vpn.log"')],
                     close=False)
    return top("unclosed", 'multipart/mixed; boundary="open-1"', body), {
        "description": "The closing delimiter --open-1-- is missing (truncated message): parts up to the end are "
                       "still parsed, with a warning.",
        "text_contains": ["VPN 日志见附件。"],
        "attachments": [{"filename": "vpn.log", "size": 600}],
        "warnings": True,
    }


@fixture("bad-base64-body")
def _():
    enc = base64.b64encode("打印机卡纸，请尽快处理。纸盒 2 无法取出。\n".encode("utf-8")).rstrip(b"=")
    lines = [enc[i:i + 16] for i in range(0, len(enc), 16)]
    body = (b"!!" + lines[0] + b"\r\n" + b"#*".join(lines[1:3]) + b"  \r\n" + CRLF.join(lines[3:]) + b"\r\n")
    h = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "base64")]
    return top("bad base64", None, body, h), {
        "description": "Base64 body with characters outside the alphabet, trailing spaces and no padding: "
                       "decoded leniently.",
        "text_contains": ["打印机卡纸，请尽快处理。", "纸盒 2 无法取出。"],
    }


@fixture("bad-quoted-printable")
def _():
    body = (b"=E9=82=AE=E7=AE=B1=E6=BB=A1=E4=BA=86 quota=ZZ 100% full=\r\n"
            b" and =e6=89=93=e5=8d=b0=e6=9c=ba lower-case hex\r\n"
            b"stray = sign and a dangling =4\r\n"
            b"=E4=BA=8C=E6=9C=88=E6=8A=A5=E8=A1=A8=")
    h = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")]
    return top("bad qp", None, body, h), {
        "description": "Quoted-printable with invalid escapes (=ZZ, a bare '=', '=4' at end of line), lower-case "
                       "hex and a final soft break: valid escapes decoded, the rest kept.",
        "text_contains": ["邮箱满了", "二月报表"],
    }


@fixture("unknown-transfer-encoding")
def _():
    h = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "x-techdesk-weird")]
    return top("unknown cte", None, crlf("共享打印机无法添加，提示 0x0000011b。\n"), h), {
        "description": "Unknown Content-Transfer-Encoding: the body is taken as is.",
        "text_contains": ["共享打印机无法添加，提示 0x0000011b。"],
    }


@fixture("transfer-encoding-case-and-space")
def _():
    h = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "  BASE64  ")]
    return top("cte case", None, b64(crlf("键盘进水了。\n")), h), {
        "description": "Content-Transfer-Encoding in upper case with surrounding spaces.",
        "text_contains": ["键盘进水了。"],
    }


@fixture("content-type-without-subtype")
def _():
    return top("no subtype", "text; charset=utf-8", crlf("显示器没有信号。\n"),
               [("Content-Transfer-Encoding", "8bit")]), {
        "description": "Content-Type 'text' without a subtype: treated as text/plain (RFC 2045 default).",
        "text_contains": ["显示器没有信号。"],
        "attachment_count": 0,
    }


@fixture("content-type-garbage")
def _():
    return top("garbage ct", ";;; =?= /", crlf("鼠标不动了。\n"), [("Content-Transfer-Encoding", "8bit")]), {
        "description": "Unparseable Content-Type: treated as text/plain.",
        "text_contains": ["鼠标不动了。"],
        "attachment_count": 0,
    }


@fixture("empty-message")
def _():
    return b"", {
        "description": "A zero-byte message: parsed as an empty message (no subject, no sender, no parts).",
        "subject": "",
        "from": "",
        "message_id": "",
        "date": None,
        "attachment_count": 0,
    }


@fixture("headers-only")
def _():
    h = std_headers("只有头部", mid="headers-only@corp.example.cn")
    return b"".join(("%s: %s" % kv).encode("utf-8") + CRLF for kv in h), {
        "description": "Headers and nothing else (no blank line, no body).",
        "subject": "只有头部",
        "message_id": "headers-only@corp.example.cn",
        "html_empty": True,
        "attachment_count": 0,
    }


@fixture("octet-stream-no-filename")
def _():
    body = multipart("b-oct", [text_part("附件是导出的数据。\n"),
                               file_part("application/octet-stream", blob(256, 41), disposition="attachment")])
    return top("octet", 'multipart/mixed; boundary="b-oct"', body), {
        "description": "application/octet-stream without any name: attachment.bin.",
        "attachments": [{"filename": "attachment.bin", "content_type": "application/octet-stream", "size": 256}],
    }


@fixture("image-png-no-name")
def _():
    body = multipart("b-png", [text_part("截图：\n"), file_part("image/png", PNG_1x1, disposition=None)])
    return top("png", 'multipart/mixed; boundary="b-png"', body), {
        "description": "image/png without a name or disposition, not referenced from HTML: attachment.png, "
                       "not inline.",
        "attachments": [{"filename": "attachment.png", "content_type": "image/png", "size": len(PNG_1x1),
                         "inline": False}],
    }


@fixture("unnamed-parts-by-type")
def _():
    parts = [("application/pdf", b"%PDF-1.7\n" + blob(91, 42)), ("image/jpeg", b"\xff\xd8\xff\xe0" + blob(96, 43)),
             ("image/gif", b"GIF89a" + blob(14, 44)), ("text/plain", b"plain attachment\r\n"),
             ("application/zip", b"PK\x03\x04" + blob(40, 45)), ("text/html", b"<p>x</p>\r\n")]
    body = multipart("b-un", [text_part("六个没有名字的附件。\n")] +
                     [file_part(ct, data, disposition="attachment") for ct, data in parts])
    names = ["attachment.pdf", "attachment.jpg", "attachment.gif", "attachment.txt", "attachment.bin",
             "attachment.html"]
    return top("unnamed", 'multipart/mixed; boundary="b-un"', body), {
        "description": "Unnamed attachments get 'attachment' + an extension chosen by type.",
        "text_contains": ["六个没有名字的附件。"],
        "text_not_contains": ["plain attachment"],
        "attachments": [{"filename": n, "content_type": ct, "size": len(d)} for n, (ct, d) in zip(names, parts)],
    }


@fixture("base64-one-long-line-no-padding")
def _():
    data = blob(1000, 46)
    enc = base64.b64encode(data).rstrip(b"=")
    att = entity([("Content-Type", "application/pdf"), ("Content-Disposition", 'attachment; filename="long.pdf"'),
                  ("Content-Transfer-Encoding", "base64")], enc)
    body = multipart("b-long", [text_part("见附件。\n"), att])
    return top("long line", 'multipart/mixed; boundary="b-long"', body), {
        "description": "Attachment base64 on one 1,334-char line without '=' padding: decodes to 1,000 bytes.",
        "attachments": [{"filename": "long.pdf", "size": 1000}],
    }


@fixture("boundary-with-special-chars")
def _():
    bnd = "----=_Part (1) :?,./+_ end"
    body = multipart(bnd, [text_part("边界里有特殊字符。\n"), file_part("application/pdf", blob(10), filename='"s.pdf"')])
    return top("special boundary", 'multipart/mixed;\n boundary="%s"' % bnd, body), {
        "description": "A legal boundary with space, parentheses, colon, question mark and '=' (quoted).",
        "text_contains": ["边界里有特殊字符。"],
        "attachments": [{"filename": "s.pdf", "size": 10}],
    }


@fixture("missing-mime-version")
def _():
    h = [("Date", DATE), ("From", "zhangwei@corp.example.cn"), ("To", "support@techdesk.example"),
         ("Subject", "no mime-version"), ("Content-Type", 'multipart/mixed; boundary="nv"')]
    body = multipart("nv", [text_part("没有 MIME-Version 头。\n"), file_part("application/pdf", blob(20), filename='"nv.pdf"')])
    return entity(h, body), {
        "description": "A MIME message without MIME-Version: parsed as MIME anyway.",
        "text_contains": ["没有 MIME-Version 头。"],
        "attachments": [{"filename": "nv.pdf", "size": 20}],
    }


@fixture("multipart-without-parts")
def _():
    body = b"preamble only\r\n--empty--\r\n"
    return top("no parts", 'multipart/mixed; boundary="empty"', body), {
        "description": "A multipart whose only delimiter is the closing one: no body, no attachments.",
        "subject": "no parts",
        "attachment_count": 0,
        "text_not_contains": ["preamble only"],
    }


@fixture("disposition-without-type")
def _():
    att = entity([("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", '; filename="notes.txt"')],
                 crlf("会议记录\n"))
    body = multipart("b-dt", [text_part("正文。\n"), att])
    return top("disp", 'multipart/mixed; boundary="b-dt"', body), {
        "description": "Content-Disposition missing its type but with a filename: an attachment by its filename.",
        "text_contains": ["正文。"],
        "text_not_contains": ["会议记录"],
        "attachments": [{"filename": "notes.txt", "size": len(crlf("会议记录\n"))}],
    }
