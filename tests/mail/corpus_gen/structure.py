"""MIME structure: alternative, HTML only, related with cid images, mixed, deep nesting,
message/rfc822 forwards, calendar invitations, multipart/signed."""
from .core import (PNG_1x1, b64, blob, crlf, entity, ew, file_part, fixture, multipart, qp,
                   std_headers, text_part)


def top(subject, ctype, body, extra=(), **kw):
    return entity(std_headers(subject, extra=list(extra), **kw) + [("Content-Type", ctype)], body)


def alt(text, html, boundary="alt-1", charset="utf-8", cte="base64"):
    return multipart(boundary, [text_part(text, charset, cte), text_part(html, charset, cte, "html")])


@fixture("alternative-text-html")
def _():
    text = "您好，\n\n财务系统登录时报错“数据库连接失败”。\n\n李娜\n"
    html = "<html><body><p>您好，</p><p>财务系统登录时报错<b>“数据库连接失败”</b>。</p><p>李娜</p></body></html>"
    return top("finance login", 'multipart/alternative; boundary="alt-1"', alt(text, html)), {
        "description": "multipart/alternative with text/plain and text/html (base64 UTF-8).",
        "text_contains": ["财务系统登录时报错“数据库连接失败”。"],
        "text_not_contains": ["<b>"],
        "html_contains": ["<b>“数据库连接失败”</b>"],
        "attachment_count": 0,
        "warnings": False,
    }


@fixture("html-only")
def _():
    html = ("<html><head><title>ignored title</title></head><body><div>服务器宕机了，"
            "<b>官网</b>打不开！</div><p>财务&amp;人事系统也受影响&nbsp;。</p><br>"
            "<ul><li>官网</li><li>OA</li></ul></body></html>")
    return top("site down", "text/html; charset=utf-8", crlf(html)), {
        "description": "HTML only: text is derived from the HTML (tags gone, entities decoded).",
        "text_contains": ["服务器宕机了，", "打不开", "财务&人事系统也受影响"],
        "text_not_contains": ["<div>", "<b>", "&amp;", "<li>"],
        "html_contains": ["服务器宕机了"],
        "attachment_count": 0,
    }


@fixture("html-only-gb2312-qp")
def _():
    html = "<html><body><p>邮箱满了，请清理。</p><p>容量：<i>2048MB / 2048MB</i></p></body></html>\n"
    return top("quota", "text/html; charset=gb2312", qp(html.encode("gb2312")),
               extra=[("Content-Transfer-Encoding", "quoted-printable")]), {
        "description": "HTML only, GB2312, quoted-printable.",
        "text_contains": ["邮箱满了，请清理。", "2048MB / 2048MB"],
        "html_contains": ["邮箱满了，请清理。"],
        "replacement_char": False,
    }


@fixture("related-inline-cid-images")
def _():
    html = ('<html><body><p>报错截图如下：</p><img src="cid:shot1@td.example" alt="截图">'
            '<p>签名：</p><img src="cid:logo@td.example"></body></html>')
    rel = multipart("rel-1", [
        entity([("Content-Type", 'multipart/alternative; boundary="alt-2"')],
               alt("报错截图如下：[图片]\n", html, "alt-2")),
        file_part("image/png", PNG_1x1, disposition="inline", filename='"shot.png"',
                  extra=[("Content-ID", "<shot1@td.example>")]),
        file_part("image/png", PNG_1x1, disposition=None,
                  extra=[("Content-ID", "<logo@td.example>")]),
        file_part("image/gif", b"GIF89a" + blob(30, 2), disposition=None,
                  extra=[("Content-ID", "<unused@td.example>")]),
    ])
    return top("screenshot", 'multipart/related; boundary="rel-1"; type="multipart/alternative"', rel), {
        "description": "multipart/related: alternative + inline image (disposition inline), an image referenced "
                       "by cid without disposition (inline, unnamed -> attachment.png), and an unreferenced "
                       "unnamed gif (not inline).",
        "text_contains": ["报错截图如下："],
        "html_contains": ["cid:shot1@td.example", "cid:logo@td.example"],
        "attachments": [
            {"filename": "shot.png", "content_type": "image/png", "size": len(PNG_1x1), "inline": True,
             "content_id": "shot1@td.example"},
            {"filename": "attachment.png", "content_type": "image/png", "inline": True,
             "content_id": "logo@td.example"},
            {"filename": "attachment.gif", "content_type": "image/gif", "size": 36, "inline": False},
        ],
    }


@fixture("mixed-attachments")
def _():
    pdf, xlsx = b"%PDF-1.4\n" + blob(2000, 20), blob(4000, 21)
    body = multipart("mix-1", [
        text_part("附件是报销单和发票，请帮忙看看为什么财务系统上传失败。\n"),
        file_part("application/pdf", pdf, filename='"invoice.pdf"'),
        file_part("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx,
                  filename="%s" % '"报销单.xlsx"'),
    ])
    return top("upload fails", 'multipart/mixed; boundary="mix-1"', body), {
        "description": "multipart/mixed: text body and two attachments, in order.",
        "text_contains": ["上传失败"],
        "html_empty": True,
        "attachments": [
            {"filename": "invoice.pdf", "content_type": "application/pdf", "size": len(pdf),
             "inline": False, "dropped": False},
            {"filename": "报销单.xlsx", "size": 4000, "inline": False, "dropped": False},
        ],
        "attachment_count": 2,
    }


@fixture("nested-multipart-5-deep")
def _():
    l5 = entity([("Content-Type", 'multipart/alternative; boundary="L5"')],
                alt("最里层的正文：交换机 3 号口灯不亮。\n", "<p>最里层的正文：交换机 <b>3</b> 号口灯不亮。</p>", "L5"))
    l4 = entity([("Content-Type", 'multipart/related; boundary="L4"')], multipart("L4", [l5]))
    l3 = entity([("Content-Type", 'multipart/mixed; boundary="L3"')],
                multipart("L3", [l4, file_part("text/plain", b"port-log\r\n", filename='"port.log"')]))
    l2 = entity([("Content-Type", 'multipart/mixed; boundary="L2"')], multipart("L2", [l3]))
    return top("switch", 'multipart/mixed; boundary="L1"', multipart("L1", [l2])), {
        "description": "Five nested multiparts (mixed > mixed > mixed > related > alternative).",
        "text_contains": ["最里层的正文：交换机 3 号口灯不亮。"],
        "html_contains": ["<b>3</b>"],
        "attachments": [{"filename": "port.log", "size": 10}],
    }


def inner_mail(subject, body, frm="王芳 <wangfang@corp.example.cn>", mid="inner-1@corp.example.cn"):
    return entity([("Date", "Fri, 28 Feb 2025 16:20:00 +0800"), ("From", frm),
                   ("To", "zhangwei@corp.example.cn"), ("Subject", subject),
                   ("Message-ID", "<%s>" % mid), ("MIME-Version", "1.0"),
                   ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")],
                  crlf(body))


@fixture("forward-as-attachment")
def _():
    inner = inner_mail("服务器宕机", "内层正文：OA 服务器 09:00 宕机，请处理。\n")
    fwd = entity([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")], inner)
    body = multipart("fw-1", [text_part("请看下面转发的邮件。\n"), fwd])
    return top("Fw: 服务器宕机", 'multipart/mixed; boundary="fw-1"', body), {
        "description": "Forwarded message as a message/rfc822 attachment without a filename: kept whole as "
                       "forwarded-message.eml; its text is not part of the body.",
        "subject": "Fw: 服务器宕机",
        "text_contains": ["请看下面转发的邮件。"],
        "text_not_contains": ["内层正文"],
        "attachments": [{"filename": "forwarded-message.eml", "content_type": "message/rfc822",
                         "size": len(inner)}],
    }


@fixture("forward-named-rfc822")
def _():
    inner = inner_mail("VPN 连不上", "内层：VPN 一直提示证书过期。\n", mid="inner-2@corp.example.cn")
    fwd = entity([("Content-Type", 'message/rfc822; name="%s"' % ew_name()),
                  ("Content-Disposition", 'attachment; filename="%s"' % ew_name())], inner)
    body = multipart("fw-2", [text_part("转发：VPN 问题。\n"), fwd])
    return top("Fw: VPN", 'multipart/mixed; boundary="fw-2"', body), {
        "description": "message/rfc822 attachment with an encoded filename.",
        "text_not_contains": ["证书过期"],
        "attachments": [{"filename": "原始邮件.eml", "content_type": "message/rfc822", "size": len(inner)}],
    }


def ew_name():
    return ew("原始邮件.eml", "gb2312")


@fixture("nested-forwards")
def _():
    deepest = inner_mail("打印机卡纸", "最内层：打印机卡纸。\n", mid="inner-3@corp.example.cn")
    mid_body = multipart("fw-in", [text_part("第二层：转给你看看。\n"),
                                    entity([("Content-Type", "message/rfc822")], deepest)])
    middle = entity([("Date", "Fri, 28 Feb 2025 17:00:00 +0800"), ("From", "lisi@corp.example.cn"),
                     ("To", "zhangwei@corp.example.cn"), ("Subject", "Fw: 打印机卡纸"),
                     ("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="fw-in"')], mid_body)
    body = multipart("fw-out", [text_part("第一层：再转一次。\n"),
                                entity([("Content-Type", "message/rfc822")], middle)])
    return top("Fw: Fw: 打印机卡纸", 'multipart/mixed; boundary="fw-out"', body), {
        "description": "A forward of a forward: only the outer message/rfc822 is an attachment (kept whole).",
        "text_contains": ["第一层：再转一次。"],
        "text_not_contains": ["第二层", "最内层"],
        "attachments": [{"filename": "forwarded-message.eml", "content_type": "message/rfc822",
                         "size": len(middle)}],
    }


@fixture("calendar-invitation")
def _():
    ics = crlf("BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nVERSION:2.0\n"
               "METHOD:REQUEST\nBEGIN:VEVENT\nUID:040000008200E00074C5B7101A82E008@corp.example.cn\n"
               "DTSTART:20250305T020000Z\nDTEND:20250305T030000Z\nSUMMARY:机房巡检\n"
               "ORGANIZER;CN=张伟:mailto:zhangwei@corp.example.cn\nEND:VEVENT\nEND:VCALENDAR\n")
    cal = entity([("Content-Type", 'text/calendar; charset="utf-8"; method=REQUEST'),
                  ("Content-Transfer-Encoding", "base64")], b64(ics))
    body = multipart("cal-1", [text_part("时间：3月5日 10:00-11:00\n地点：B1 机房\n"),
                               text_part("<p>时间：3月5日 10:00-11:00</p>", subtype="html"), cal])
    return top("邀请：机房巡检", 'multipart/alternative; boundary="cal-1"', body), {
        "description": "Outlook meeting request: alternative of text, html and text/calendar method=REQUEST. "
                       "The calendar part is an attachment named invite.ics.",
        "text_contains": ["地点：B1 机房"],
        "text_not_contains": ["BEGIN:VCALENDAR"],
        "attachments": [{"filename": "invite.ics", "content_type": "text/calendar", "size": len(ics)}],
    }


@fixture("multipart-signed-smime")
def _():
    sig = blob(1500, 30)
    body = multipart("sig-1", [
        text_part("证书申请已提交，请审批。\n", cte="quoted-printable"),
        file_part('application/pkcs7-signature', sig, name='"smime.p7s"', filename='"smime.p7s"'),
    ])
    ct = 'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig-1"'
    return top("cert request", ct, body), {
        "description": "S/MIME multipart/signed: body text plus the detached signature as an attachment.",
        "text_contains": ["证书申请已提交，请审批。"],
        "attachments": [{"filename": "smime.p7s", "content_type": "application/pkcs7-signature", "size": 1500}],
    }


@fixture("text-attachment-not-body")
def _():
    log = crlf("ERROR 1045 (28000): Access denied for user 'erp'@'10.0.3.7'\n")
    body = multipart("mix-2", [
        text_part("数据库报错，日志见附件。\n"),
        entity([("Content-Type", 'text/plain; charset=utf-8; name="error.log"'),
                ("Content-Transfer-Encoding", "8bit")], log),
        entity([("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", "attachment"),
                ("Content-Transfer-Encoding", "8bit")], crlf("second log\n")),
        entity([("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", "inline"),
                ("Content-Transfer-Encoding", "8bit")], crlf("-- \n来自手机版邮箱\n")),
    ])
    return top("db error", 'multipart/mixed; boundary="mix-2"', body), {
        "description": "text/plain parts that are attachments (name param; disposition attachment without "
                       "name) are not body; an inline text/plain part without name is joined to the body.",
        "text_contains": ["数据库报错，日志见附件。", "来自手机版邮箱"],
        "text_not_contains": ["Access denied", "second log"],
        "attachments": [{"filename": "error.log", "size": len(log)},
                        {"filename": "attachment.txt", "content_type": "text/plain", "size": 12}],
    }


@fixture("alternative-duplicate-text-parts")
def _():
    body = multipart("alt-3", [text_part("第一个纯文本。\n"), text_part("第二个纯文本。\n"),
                               text_part("<p>第一个 HTML。</p>", subtype="html"),
                               text_part("<p>第二个 HTML。</p>", subtype="html")])
    return top("dup alt", 'multipart/alternative; boundary="alt-3"', body), {
        "description": "multipart/alternative with two text/plain and two text/html: only the first of each "
                       "counts.",
        "text_contains": ["第一个纯文本。"],
        "text_not_contains": ["第二个纯文本。"],
        "html_contains": ["第一个 HTML。"],
        "html_not_contains": ["第二个 HTML。"],
    }


@fixture("html-attachment-not-body")
def _():
    rep = crlf("<html><body><h1>巡检报告</h1></body></html>\n")
    body = multipart("mix-3", [text_part("巡检报告见附件。\n"),
                               file_part("text/html", rep, filename=None, cte="8bit")])
    return top("report", 'multipart/mixed; boundary="mix-3"', body), {
        "description": "An unnamed text/html part with disposition attachment is an attachment "
                       "(attachment.html), not the HTML body.",
        "text_contains": ["巡检报告见附件。"],
        "html_empty": True,
        "attachments": [{"filename": "attachment.html", "content_type": "text/html", "size": len(rep)}],
    }


@fixture("preamble-epilogue-ignored")
def _():
    body = multipart("mix-4", [text_part("正文在这里。\n")],
                     preamble="This is a multi-part message in MIME format.\n",
                     epilogue="epilogue junk that is not text\n")
    return top("preamble", 'multipart/mixed; boundary="mix-4"', body), {
        "description": "Preamble and epilogue text are not part of the body.",
        "text_contains": ["正文在这里。"],
        "text_not_contains": ["multi-part message", "epilogue junk"],
        "attachment_count": 0,
    }
