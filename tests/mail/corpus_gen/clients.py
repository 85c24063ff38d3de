"""Messages shaped like real clients: Outlook (English and Chinese), Foxmail, QQ Mail, 163 (Coremail),
iPhone, Gmail."""
from .core import SUPPORT, crlf, entity, ew, fixture, multipart, std_headers, text_part


def alt_msg(headers, text, html, charset, cte, boundary):
    body = multipart(boundary, [text_part(text, charset, cte), text_part(html, charset, cte, "html")])
    return entity(headers + [("Content-Type", 'multipart/alternative;\n\tboundary="%s"' % boundary)], body)


@fixture("outlook-english-reply")
def _():
    h = std_headers("RE: Printer jammed on 3F", frm="Zhang Wei <zhangwei@corp.example.cn>",
                    mid="SG2PR06MB5071A1B2C3@SG2PR06MB5071.apcprd06.prod.outlook.com",
                    extra=[("In-Reply-To", "<td-8812@techdesk.example>"), ("References", "<td-8812@techdesk.example>"),
                           ("Thread-Topic", "Printer jammed on 3F"), ("Thread-Index", "AQHbinJ3xYz0q1w2e0uXo5s0m8y1Ag=="),
                           ("X-MS-Has-Attach", ""), ("Content-Language", "en-US"),
                           ("X-Mailer", "Microsoft Outlook 16.0")])
    text = ("It is still jamming after the new toner was installed.\n\n"
            "-----Original Message-----\nFrom: TechDesk <support@techdesk.example>\n"
            "Sent: Friday, February 28, 2025 5:12 PM\nTo: Zhang Wei <zhangwei@corp.example.cn>\n"
            "Subject: [TD-8812] Printer jammed on 3F\n\nWe replaced the toner. Please confirm.\n")
    html = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!--p.MsoNormal{margin:0cm;}'
            '--></style></head><body lang="EN-US"><div class="WordSection1"><p class="MsoNormal">It is still '
            'jamming after the new toner was installed.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>From:</b> TechDesk '
            '&lt;support@techdesk.example&gt;<br><b>Sent:</b> Friday, February 28, 2025 5:12 PM</p></div>'
            '<p class="MsoNormal">We replaced the toner. Please confirm.<o:p></o:p></p></div></body></html>')
    return alt_msg(h, text, html, "us-ascii", "quoted-printable", "_000_SG2PR06MB5071_"), {
        "description": "Outlook (English) reply: -----Original Message----- quote in text, MsoNormal/<o:p> HTML.",
        "subject": "RE: Printer jammed on 3F",
        "from_name": "Zhang Wei",
        "in_reply_to": ["td-8812@techdesk.example"],
        "text_contains": ["It is still jamming after the new toner was installed."],
        "html_contains": ["It is still jamming after the new toner was installed."],
        "attachment_count": 0,
        "noise": "none",
    }


@fixture("outlook-chinese-reply")
def _():
    h = std_headers(ew("答复: [TD-8813] 打印机卡纸", "gb2312"), frm="%s <zhangwei@corp.example.cn>" % ew("张伟", "gb2312"),
                    extra=[("Thread-Topic", ew("[TD-8813] 打印机卡纸", "gb2312")), ("Content-Language", "zh-CN"),
                           ("X-MS-TNEF-Correlator", ""), ("X-Mailer", "Microsoft Outlook 16.0")])
    text = ("换了硒鼓以后还是卡纸。\n\n发件人: TechDesk <support@techdesk.example>\n"
            "发送时间: 2025年2月28日 17:12\n收件人: 张伟 <zhangwei@corp.example.cn>\n"
            "主题: [TD-8813] 打印机卡纸\n\n已更换硒鼓，请确认。\n")
    html = ('<html><body lang="ZH-CN"><div class="WordSection1"><p class="MsoNormal"><span lang="EN-US">'
            '换了硒鼓以后还是卡纸。<o:p></o:p></span></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt">'
            '<p class="MsoNormal"><b>发件人<span lang="EN-US">:</span></b> TechDesk<br><b>发送时间:</b> '
            '2025年2月28日 17:12</p></div></div><p class="MsoNormal">已更换硒鼓，请确认。<o:p></o:p></p></div></body></html>')
    return alt_msg(h, text, html, "gb2312", "base64", "_000_HK0PR03MB4"), {
        "description": "Outlook (Chinese) reply: 答复: subject in GB2312, '发件人:' quoted header block, <o:p>.",
        "subject": "答复: [TD-8813] 打印机卡纸",
        "from_name": "张伟",
        "text_contains": ["换了硒鼓以后还是卡纸。"],
        "text_not_contains": ["<o:p>"],
        "html_contains": ["换了硒鼓以后还是卡纸。"],
        "replacement_char": False,
        "noise": "none",
    }


@fixture("foxmail-gb2312-html")
def _():
    h = std_headers(ew("回复: VPN 连不上", "gb2312"),
                    frm='"%s" <chenjing@corp.example.cn>' % ew("陈静", "gb2312"),
                    mid="202503011003045671234@corp.example.cn",
                    extra=[("X-Priority", "3"), ("X-GUID", "9B1C3F2E-1A2B-4C5D-8E9F-0123456789AB"),
                           ("X-Has-Attach", "no"), ("X-Mailer", "Foxmail 7.2.25.228[cn]")])
    text = "按照说明重新安装了客户端，还是连不上。\n\n陈静\n\n发件人：TechDesk\n发送时间：2025-02-28 17:30\n"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><style>'
            'body { line-height: 1.5; }</style></head><body><div><span></span>按照说明重新安装了客户端，还是连不上。</div>'
            '<hr style="width: 210px; height: 1px;" color="#b5c4df" size="1" align="left"><div><span>'
            '<div style="MARGIN: 10px; FONT-FAMILY: verdana; FONT-SIZE: 10pt"><div>陈静</div></div></span></div>'
            '<blockquote style="margin-Top: 0px; margin-Bottom: 0px; margin-Left: 0.5em"><div><b>发件人：</b>TechDesk</div>'
            '</blockquote></body></html>')
    return alt_msg(h, text, html, "gb2312", "base64", "----=_001_NextPart123456789012_=----"), {
        "description": "Foxmail: X-Mailer Foxmail, quoted encoded display name, GB2312 text and HTML in base64.",
        "subject": "回复: VPN 连不上",
        "from": "chenjing@corp.example.cn",
        "from_name": "陈静",
        "text_contains": ["按照说明重新安装了客户端，还是连不上。"],
        "html_contains": ["按照说明重新安装了客户端，还是连不上。"],
        "html_not_contains": ["<meta"],
        "replacement_char": False,
    }


@fixture("qqmail-gb18030")
def _():
    h = std_headers(ew("回复：邮箱满了", "gb18030"), frm='"%s" <1234567@qq.com>' % ew("小李", "gb18030"),
                    mid="tencent_5A6B7C8D9E0F1A2B3C4D5E6F@qq.com",
                    extra=[("X-QQ-mid", "xmsezb32t1740794584tq8w8g9km"), ("X-QQ-MIME", "TCMime 1.0 by Tencent"),
                           ("X-Mailer", "QQMail 2.x"), ("X-QQ-Mailer", "QQMail 2.x"),
                           ("X-QQ-XMAILINFO", "NhkHP4Zzq0Ld4pUcBqvmfbxgyR6qAbcdef==")])
    text = ("清理了回收站，现在可以收邮件了，谢谢！\n\n\n------------------ 原始邮件 ------------------\n"
            "发件人: \"TechDesk\"<support@techdesk.example>;\n发送时间: 2025年2月28日(星期五) 下午5:40\n"
            "主题: [TD-8820] 邮箱满了\n\n您的邮箱容量已用完 😀。\n")
    html = ('<div>清理了回收站，现在可以收邮件了，谢谢！</div><div>&nbsp;</div><div style="font-size: 12px;'
            'font-family: Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;'
            '------------------</div><div style="font-size: 12px;background:#efefef;padding:8px;"><div><b>'
            '发件人:</b>&nbsp;"TechDesk"&lt;support@techdesk.example&gt;;</div></div><div>您的邮箱容量已用完 😀。</div>')
    return alt_msg(h, text, html, "gb18030", "base64", "----=_NextPart_67C2E0D8_0F1E2D3C_4B5A6978"), {
        "description": "QQ Mail: X-QQ-mid, GB18030 (with an emoji), '------------------ 原始邮件 ------------------'.",
        "subject": "回复：邮箱满了",
        "from": "1234567@qq.com",
        "from_name": "小李",
        "text_contains": ["清理了回收站，现在可以收邮件了，谢谢！"],
        "html_contains": ["清理了回收站，现在可以收邮件了，谢谢！"],
        "replacement_char": False,
        "noise": "none",
    }


@fixture("netease-163-coremail")
def _():
    h = std_headers(ew("财务系统报错", "GBK"), frm='"%s" <liuqiang2025@163.com>' % ew("刘强", "GBK"),
                    mid="2b3c4d5e.1a2b.19550f1a2b3.Coremail.liuqiang2025@163.com",
                    extra=[("X-Originating-IP", "[203.0.113.45]"),
                           ("X-Priority", "3"),
                           ("X-Mailer", "Coremail Webmail Server Version XT5.0.14 build 20240801(9da12a7b)\n"
                                        " Copyright (c) 2002-2025 www.mailtech.cn 163com"),
                           ("X-NTES-SC", "AL_Qu2YA/2aT0Av7yKaYOkfmk0SgO8=")])
    text = "财务系统点“凭证过账”时报错：ORA-01555 快照过旧。\n截图在附件里（其实忘了附）。\n"
    html = ('<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial"><div>财务系统点“凭证过账”'
            '时报错：ORA-01555 快照过旧。</div><div>截图在附件里（其实忘了附）。</div></div><br><br><span title="neteasefooter">'
            '<p>&nbsp;</p></span>')
    return alt_msg(h, text, html, "GBK", "quoted-printable", "----=_Part_123456_789012345.1740794584000"), {
        "description": "163.com (Coremail): folded X-Mailer, GBK quoted-printable text and HTML.",
        "subject": "财务系统报错",
        "from_name": "刘强",
        "text_contains": ["ORA-01555 快照过旧。"],
        "html_contains": ["ORA-01555 快照过旧。"],
    }


@fixture("iphone-format-flowed")
def _():
    h = std_headers("Re: 电脑开不了机", frm="Zhou Min <zhoumin@icloud.example>",
                    extra=[("Content-Type", "text/plain; charset=utf-8; format=flowed; delsp=yes"),
                           ("Content-Transfer-Encoding", "8bit"), ("X-Mailer", "iPhone Mail (22D82)")])
    body = crlf("按了电源键没反应，指示灯也不亮。\n\n发自我的 iPhone\n\n> 在 2025年3月1日，09:30，TechDesk <support@techdesk.example> 写道：\n>\n> 请问电源灯亮吗？\n")
    return entity(h, body), {
        "description": "iPhone Mail: format=flowed plain text with a '>' quote.",
        "subject": "Re: 电脑开不了机",
        "text_contains": ["按了电源键没反应，指示灯也不亮。", "发自我的 iPhone"],
        "html_empty": True,
    }


@fixture("gmail-english")
def _():
    h = std_headers("Re: Cannot access shared drive", frm="Emily Chen <emily.chen@gmail.example>", to=SUPPORT,
                    mid="CAF=k2Ljq8Rr9yQ+ab_cd@mail.gmail.example")
    text = ("Still getting \"Access is denied\" on \\\\fs01\\sales.\n\nOn Sat, Mar 1, 2025 at 10:03 AM TechDesk "
            "<support@techdesk.example> wrote:\n\n> Please try again now.\n")
    html = ('<div dir="ltr">Still getting &quot;Access is denied&quot; on \\\\fs01\\sales.</div><br><div class="gmail_quote">'
            '<div dir="ltr" class="gmail_attr">On Sat, Mar 1, 2025 at 10:03 AM TechDesk &lt;<a href="mailto:support@'
            'techdesk.example">support@techdesk.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote">'
            'Please try again now.</blockquote></div>')
    return alt_msg(h, text, html, "UTF-8", "quoted-printable", "000000000000a1b2c3062f4d5e6f"), {
        "description": "Gmail-style English reply, Message-ID with '=' and '+'.",
        "message_id": "CAF=k2Ljq8Rr9yQ+ab_cd@mail.gmail.example",
        "from_name": "Emily Chen",
        "text_contains": ["Still getting \"Access is denied\" on \\\\fs01\\sales."],
        "html_contains": ["mailto:support@techdesk.example"],
    }
