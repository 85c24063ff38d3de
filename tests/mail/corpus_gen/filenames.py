"""Attachment file names: RFC 2231 (incl. continuations), RFC 2047 in quotes, raw UTF-8, path tricks."""
from .core import (PNG_1x1, b64, blob, entity, ew, file_part, fixture, multipart, pct, std_headers,
                   text_part)


def mixed(subject, attachments, body="附件请查收。\n", boundary="----=_Part_0_1234.5678"):
    h = std_headers(subject) + [("Content-Type", 'multipart/mixed; boundary="%s"' % boundary)]
    return entity(h, multipart(boundary, [text_part(body)] + attachments))


@fixture("rfc2231-utf8-filename")
def _():
    data = PNG_1x1
    att = entity([("Content-Type", "image/png"),
                  ("Content-Disposition", "attachment; filename*=UTF-8''%s" % pct("报错截图.png")),
                  ("Content-Transfer-Encoding", "base64")], b64(data))
    return mixed("screenshot", [att]), {
        "description": "RFC 2231 filename*=UTF-8''%E6%8A%A5... on the disposition.",
        "text_contains": ["附件请查收。"],
        "attachments": [{"filename": "报错截图.png", "content_type": "image/png", "size": len(data),
                         "inline": False, "dropped": False}],
        "attachment_count": 1,
    }


@fixture("rfc2231-continuations")
def _():
    data = "2025-03-01 09:12:01 ERROR FIN-500 凭证保存失败\n".encode("utf-8") * 20
    name = pct("财务系统报错日志-2025年3月.txt")
    cut1, cut2 = 27, 63  # split inside %XX runs only at '%' positions
    assert name[cut1] == "%" and name[cut2] == "%"
    disp = ("attachment;\n filename*0*=UTF-8''%s;\n filename*1*=%s;\n filename*2*=%s"
            % (name[:cut1], name[cut1:cut2], name[cut2:]))
    att = entity([("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", disp),
                  ("Content-Transfer-Encoding", "8bit")], data.replace(b"\n", b"\r\n"))
    return mixed("finance log", [att]), {
        "description": "RFC 2231 continuations filename*0*= / *1*= / *2*= (folded). The attachment is text/plain "
                       "but not body text.",
        "text_contains": ["附件请查收。"],
        "text_not_contains": ["凭证保存失败"],
        "attachments": [{"filename": "财务系统报错日志-2025年3月.txt", "content_type": "text/plain",
                         "size": len(data) + 20}],
    }


@fixture("rfc2231-gb18030-filename")
def _():
    data = blob(3000, 3)
    disp = "attachment; filename*=gb18030''%s" % pct("服务器宕机报告.docx", "gb18030")
    att = entity([("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                  ("Content-Disposition", disp), ("Content-Transfer-Encoding", "base64")],
                 b64(data))
    return mixed("report", [att]), {
        "description": "RFC 2231 filename in charset gb18030.",
        "attachments": [{"filename": "服务器宕机报告.docx", "size": 3000,
                         "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}],
    }


@fixture("rfc2231-language-and-plain-continuation")
def _():
    d1, d2 = blob(100, 4), blob(200, 5)
    a1 = entity([("Content-Type", "application/pdf"),
                 ("Content-Disposition", "attachment; filename*=utf-8'zh-cn'%s" % pct("VPN安装指南.pdf")),
                 ("Content-Transfer-Encoding", "base64")], b64(d1))
    a2 = entity([("Content-Type", "application/zip"),
                 ("Content-Disposition", 'attachment;\n\tfilename*0="printer-driver-";\n\tfilename*1="x64-v3.2.zip"'),
                 ("Content-Transfer-Encoding", "base64")], b64(d2))
    return mixed("two files", [a1, a2]), {
        "description": "RFC 2231 with a language tag (utf-8'zh-cn'), and plain (unencoded) continuations.",
        "attachments": [{"filename": "VPN安装指南.pdf", "content_type": "application/pdf", "size": 100},
                        {"filename": "printer-driver-x64-v3.2.zip", "content_type": "application/zip",
                         "size": 200}],
    }


@fixture("rfc2047-filename-in-quotes-outlook")
def _():
    data = blob(5000, 6)
    enc = ew("VPN配置说明.pdf", "gb2312")
    att = file_part("application/pdf", data, name='"%s"' % enc, filename='"%s"' % enc)
    return mixed("VPN doc", [att]), {
        "description": "RFC 2047 encoded word inside quoted name= and filename= (Outlook style, GB2312).",
        "attachments": [{"filename": "VPN配置说明.pdf", "content_type": "application/pdf", "size": 5000}],
    }


@fixture("rfc2047-filename-foxmail-gbk")
def _():
    data = blob(1234, 7)
    enc1 = ew("打印机故障照片", "gbk")
    enc2 = ew("(1).jpg", "gbk")
    att = file_part("image/jpeg", data, filename='"%s\n %s"' % (enc1, enc2))
    return mixed("photo", [att]), {
        "description": "Foxmail style: filename=\"=?gbk?B?..?=\" split into two encoded words folded "
                       "inside the quotes; only on Content-Disposition.",
        "attachments": [{"filename": "打印机故障照片(1).jpg", "content_type": "image/jpeg", "size": 1234,
                         "inline": False}],
    }


@fixture("filename-path-tricks")
def _():
    d = [b"root:x:0:0:root:/root:/bin/bash\n", blob(64, 8), b"hello\n", blob(10, 9)]
    atts = [
        file_part("text/plain", d[0], filename='"../../etc/passwd"'),
        file_part("application/octet-stream", d[1], filename='"C:\\\\Windows\\\\evil.exe"'),
        file_part("text/plain", d[2], filename='"a/b.txt"'),
        file_part("application/octet-stream", d[3], filename="..\\..\\boot.ini"),
    ]
    return mixed("paths", atts), {
        "description": "Path tricks in filenames: only the last path component is kept "
                       "(../../etc/passwd, C:\\Windows\\evil.exe written as a quoted-string with escaped "
                       "backslashes, a/b.txt, unquoted ..\\..\\boot.ini).",
        "text_not_contains": ["root:x:0:0"],
        "attachments": [{"filename": "passwd", "size": len(d[0])},
                        {"filename": "evil.exe", "size": 64},
                        {"filename": "b.txt", "size": 6},
                        {"filename": "boot.ini", "size": 10}],
    }


@fixture("filename-only-in-content-type-name")
def _():
    data = blob(777, 10)
    att = entity([("Content-Type", 'application/vnd.ms-excel; name="%s"' % ew("三月报销单.xls")),
                  ("Content-Transfer-Encoding", "base64")], b64(data))
    return mixed("excel", [att]), {
        "description": "No Content-Disposition; the name comes from Content-Type name= (encoded word).",
        "attachments": [{"filename": "三月报销单.xls", "content_type": "application/vnd.ms-excel",
                         "size": 777}],
    }


@fixture("filename-raw-utf8")
def _():
    data = blob(2048, 11)
    att = file_part("application/zip", data, name='"打印机驱动 v2.zip"', filename='"打印机驱动 v2.zip"')
    return mixed("driver", [att]), {
        "description": "Raw UTF-8 filename in quotes (RFC 6532 style, Gmail/Apple Mail do this).",
        "attachments": [{"filename": "打印机驱动 v2.zip", "content_type": "application/zip", "size": 2048}],
    }


@fixture("filename-2231-beats-plain")
def _():
    data = blob(321, 12)
    disp = 'attachment; filename="=?utf-8?B?w6Q=?=.txt"; filename*=utf-8\'\'%s' % pct("会议纪要.txt")
    att = entity([("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", disp),
                  ("Content-Transfer-Encoding", "base64")], b64(data))
    return mixed("minutes", [att]), {
        "description": "Both filename= and filename*= present (Thunderbird style); the RFC 2231 one wins.",
        "attachments": [{"filename": "会议纪要.txt", "size": 321}],
    }
