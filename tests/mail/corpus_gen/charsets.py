"""Body charsets: UTF-8, the GB family and its aliases, Big5, Latin-1, bad labels, bad bytes."""
from .core import (DATE_UTC, SUPPORT, b64, crlf, entity, fixture, qp, std_headers, text_part)


def plain(subject, body_bytes, ct, cte="8bit", mid=None, extra=(), encoded=False):
    """Single-part message; body_bytes is encoded per cte unless encoded=True."""
    h = std_headers(subject, mid=mid, extra=extra)
    if ct is not None:
        h.append(("Content-Type", ct))
    if cte is not None:
        h.append(("Content-Transfer-Encoding", cte))
    enc = {"8bit": lambda x: x, "7bit": lambda x: x, "base64": b64, "quoted-printable": qp}
    return entity(h, body_bytes if encoded else enc[cte or "8bit"](body_bytes))


PRINTER = "您好：\n\n办公室三楼东侧的打印机卡纸了，纸盒里的纸取不出来，面板显示“错误 E-302”。\n麻烦尽快派人看一下，下午要打印合同。\n\n张伟\n行政部 分机 8021\n"


@fixture("utf8-plain")
def _():
    eml = plain("Printer jammed", crlf(PRINTER), "text/plain; charset=utf-8",
                mid="20250301100304.1@corp.example.cn")
    return eml, {
        "description": "Plain UTF-8 8bit body, ASCII subject, UTF-8 display name in From (RFC 6532).",
        "message_id": "20250301100304.1@corp.example.cn",
        "subject": "Printer jammed",
        "from": "zhangwei@corp.example.cn",
        "from_name": "张伟",
        "to": [SUPPORT],
        "date": DATE_UTC,
        "text_contains": ["打印机卡纸了", "错误 E-302", "行政部 分机 8021"],
        "html_empty": True,
        "attachment_count": 0,
        "replacement_char": False,
        "warnings": False,
        "our_headers": False,
        "noise": "none",
    }


@fixture("utf8-base64")
def _():
    body = "服务器宕机了！\n生产环境 db-03 从 09:12 开始无法连接，监控报警一直在响。\n"
    eml = plain("Server down", crlf(body), 'text/plain; charset="UTF-8"', cte="base64")
    return eml, {
        "description": "UTF-8 body in base64, quoted upper-case charset label.",
        "text_contains": ["服务器宕机了！", "db-03 从 09:12 开始无法连接"],
        "replacement_char": False,
        "noise": "none",
    }


@fixture("utf8-qp-soft-break-in-char")
def _():
    # QP soft line break in the middle of a 3-byte UTF-8 sequence (打 = E6 89 93).
    body = (b"=E9=82=AE=E7=AE=B1=E6=BB=A1=E4=BA=86=EF=BC=8C=E6=94=B6=E4=B8=8D=E5=88=B0=E9=82=AE=E4=BB=B6=E3=80=82=\r\n"
            b"=E8=AF=B7=E5=B8=AE=E5=BF=99=E6=89=\r\n"
            b"=93=E5=BC=80=E5=AE=B9=E9=87=8F=E3=80=82\r\n")
    eml = plain("Mailbox full", body, "text/plain; charset=utf-8", cte="quoted-printable",
                encoded=True)
    return eml, {
        "description": "UTF-8 quoted-printable where a soft line break splits the bytes of 打.",
        "text_contains": ["邮箱满了，收不到邮件。请帮忙打开容量。"],
        "replacement_char": False,
    }


@fixture("gb2312-body")
def _():
    body = "你好，\n\n我在家里用 VPN 连不上公司内网，提示“连接超时”。\n已经重启过电脑和路由器了。\n\n李娜 财务部\n"
    eml = plain("VPN problem", crlf(body, "gb2312"), "text/plain; charset=gb2312", cte="base64")
    return eml, {
        "description": "GB2312 body in base64.",
        "text_contains": ["VPN 连不上公司内网", "连接超时", "李娜 财务部"],
        "replacement_char": False,
    }


@fixture("gbk-body")
def _():
    body = "邮箱满了，Outlook 提示“您的邮箱已超过大小限制”，发不出邮件。\n能否把配额从 2GB 调到 5GB？\n"
    eml = plain("mailbox quota", crlf(body, "gbk"), "text/plain; charset=GBK", cte="8bit")
    return eml, {
        "description": "GBK 8bit body, label in upper case.",
        "text_contains": ["邮箱满了", "从 2GB 调到 5GB"],
        "replacement_char": False,
    }


@fixture("gb18030-four-byte")
def _():
    body = "财务系统报错：凭证号 㐀-2025-0301 保存失败 😀\n错误代码 FIN-500\n"
    eml = plain("finance error", crlf(body, "gb18030"), "text/plain; charset=gb18030",
                cte="quoted-printable")
    return eml, {
        "description": "GB18030 body with four-byte sequences (U+3400 and an emoji), quoted-printable.",
        "text_contains": ["财务系统报错", "㐀-2025-0301", "😀", "FIN-500"],
        "replacement_char": False,
    }


@fixture("gb2312-label-gbk-chars")
def _():
    body = "请给新同事开通邮箱：\n王镕（研发部）\n张堃（市场部）\n李喆（财务部）\n谢谢！\n"
    data = crlf(body, "gbk")  # 镕 堃 喆 exist in GBK but not in GB2312
    eml = plain("new accounts", data, "text/plain; charset=gb2312", cte="base64")
    return eml, {
        "description": "Labelled gb2312 but contains GBK-only characters 镕 堃 喆; must decode as GB18030.",
        "text_contains": ["王镕（研发部）", "张堃（市场部）", "李喆（财务部）"],
        "replacement_char": False,
    }


@fixture("euc-cn-label")
def _():
    body = "会议室投影仪没有信号，HDMI 线换过了也不行。\n"
    eml = plain("projector", crlf(body, "gb2312"), "text/plain; charset=euc-cn",
                cte="quoted-printable")
    return eml, {
        "description": "charset=euc-cn (alias of GB2312), quoted-printable.",
        "text_contains": ["会议室投影仪没有信号", "HDMI 线换过了也不行"],
        "replacement_char": False,
    }


@fixture("x-gbk-label")
def _():
    body = "门禁卡失效了，刷卡没反应，工号 A10086。\n"
    eml = plain("access card", crlf(body, "gbk"), "text/plain; charset=x-gbk")
    return eml, {
        "description": "charset=x-gbk, 8bit.",
        "text_contains": ["门禁卡失效了", "工号 A10086"],
        "replacement_char": False,
    }


@fixture("cp936-label")
def _():
    body = "共享盘 \\\\fs01\\财务 访问被拒绝，昨天还能打开。\n"
    eml = plain("share denied", crlf(body, "gbk"), "text/plain; charset=cp936", cte="base64")
    return eml, {
        "description": "charset=cp936 (Windows code page for GBK), base64; backslashes in the text.",
        "text_contains": ["共享盘 \\\\fs01\\财务 访问被拒绝"],
        "replacement_char": False,
    }


@fixture("gb-2312-80-label")
def _():
    body = "新电脑需要安装 AutoCAD 2024，麻烦安排。\n"
    eml = plain("software install", crlf(body, "gb2312"), 'text/plain; charset="gb_2312-80"')
    return eml, {
        "description": "charset=gb_2312-80 label.",
        "text_contains": ["新电脑需要安装 AutoCAD 2024"],
        "replacement_char": False,
    }


@fixture("big5-body")
def _():
    body = "您好，台北辦公室的印表機卡紙，無法列印。\n請協助處理，謝謝。\n"
    eml = plain("printer Taipei", crlf(body, "big5"), "text/plain; charset=big5", cte="base64")
    return eml, {
        "description": "Traditional Chinese body in Big5.",
        "text_contains": ["印表機卡紙，無法列印", "請協助處理"],
        "replacement_char": False,
    }


@fixture("iso-8859-1-body")
def _():
    body = "Bonjour,\n\nLe café du 2e étage: la machine à badge est cassée.\nMerci, Zoë\n"
    eml = plain("Badge reader", crlf(body, "iso-8859-1"), "text/plain; charset=ISO-8859-1",
                cte="quoted-printable", mid="latin1@corp.example.fr")
    return eml, {
        "description": "ISO-8859-1 body, quoted-printable.",
        "text_contains": ["Le café du 2e étage", "la machine à badge est cassée", "Zoë"],
        "replacement_char": False,
    }


@fixture("unknown-charset-utf8-bytes")
def _():
    body = "打印机驱动装不上，提示“找不到设备”。\n"
    eml = plain("driver", crlf(body), "text/plain; charset=x-unknown-techdesk")
    return eml, {
        "description": "Unknown charset label over bytes that are valid UTF-8: decoded as UTF-8.",
        "text_contains": ["打印机驱动装不上", "找不到设备"],
        "replacement_char": False,
    }


@fixture("garbage-charset-gbk-bytes")
def _():
    body = "无线网络 TechDesk-Guest 密码是多少？访客连不上。\n"
    eml = plain("wifi", crlf(body, "gbk"), 'text/plain; charset="%%&#garbage;;"')
    return eml, {
        "description": "Garbage charset label over GBK bytes (not valid UTF-8): decoded as GB18030.",
        "text_contains": ["无线网络 TechDesk-Guest 密码是多少", "访客连不上"],
        "replacement_char": False,
    }


@fixture("utf8-undecodable-bytes")
def _():
    data = crlf("键盘坏了，") + b"\xff\xfe\xc3(" + crlf("空格键按不下去。\n") + b"\xe6\x89"
    eml = plain("keyboard", data, "text/plain; charset=utf-8")
    return eml, {
        "description": "Labelled UTF-8 with invalid bytes (FF FE, C3 28, truncated E6 89 at the end): "
                       "U+FFFD in their place, message kept.",
        "text_contains": ["键盘坏了，", "空格键按不下去。"],
        "replacement_char": True,
        "noise": "none",
    }


@fixture("gbk-undecodable-bytes")
def _():
    data = crlf("显示器闪屏", "gbk") + b"\x81\x20\xff" + crlf("，型号 P2419H。\n", "gbk")
    eml = plain("monitor", data, "text/plain; charset=gbk", cte="base64")
    return eml, {
        "description": "Labelled GBK with byte sequences invalid in GB18030 (81 20, FF): U+FFFD, text kept.",
        "text_contains": ["显示器闪屏", "型号 P2419H。"],
        "replacement_char": True,
    }


@fixture("no-charset-8bit-utf8")
def _():
    body = "ERP 登录后白屏，换了 Chrome 和 Edge 都一样。\n"
    eml = plain("ERP blank", crlf(body), "text/plain", cte="8bit")
    return eml, {
        "description": "text/plain with no charset and 8-bit UTF-8 bytes: decoded as UTF-8.",
        "text_contains": ["ERP 登录后白屏", "Chrome 和 Edge 都一样"],
        "replacement_char": False,
    }


@fixture("no-charset-8bit-gbk")
def _():
    body = "电脑中了勒索病毒，桌面文件全变成 .locked 了！\n"
    eml = plain("virus", crlf(body, "gbk"), "text/plain", cte=None)
    return eml, {
        "description": "text/plain with no charset, no CTE, 8-bit GBK bytes: decoded as GB18030.",
        "text_contains": ["电脑中了勒索病毒", "桌面文件全变成 .locked 了"],
        "replacement_char": False,
    }


@fixture("no-content-type-8bit-gb18030")
def _():
    body = "工资条查询页面打不开，报 404。\n"
    eml = plain("payslip", crlf(body, "gb18030"), None, cte=None)
    return eml, {
        "description": "No Content-Type at all and 8-bit GB18030 bytes: text/plain, decoded as GB18030.",
        "text_contains": ["工资条查询页面打不开，报 404。"],
        "replacement_char": False,
        "attachment_count": 0,
    }
