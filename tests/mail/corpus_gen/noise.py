"""Mail loops and noise: RFC 3834 Auto-Submitted, Precedence, vendor auto-reply headers, bounces,
read receipts, out-of-office subjects; and lookalikes that are NOT noise. Our own X-TechDesk-* headers."""
from .core import (SUPPORT, crlf, entity, ew, fixture, multipart, std_headers, text_part)


def msg(subject, extra=(), frm="张伟 <zhangwei@corp.example.cn>", body="我在休假，3月10日回来。\n"):
    h = std_headers(subject, frm=frm, extra=list(extra))
    return entity(h + [("Content-Type", "text/plain; charset=utf-8"),
                       ("Content-Transfer-Encoding", "8bit")], crlf(body))


def simple(name, subj, extra, noise, desc, frm="张伟 <zhangwei@corp.example.cn>", **more):
    @fixture(name)
    def _():
        e = {"description": desc, "noise": noise}
        e.update(more)
        return msg(subj, extra, frm), e


simple("auto-submitted-auto-replied", "Re: [TD-9001] 打印机卡纸", [("Auto-Submitted", "auto-replied")],
       "auto_submitted", "RFC 3834 Auto-Submitted: auto-replied.")
simple("auto-submitted-auto-generated", "系统通知：密码即将过期",
       [("Auto-Submitted", "auto-generated; type=notification")], "auto_submitted",
       "Auto-Submitted: auto-generated with a parameter.")
simple("auto-submitted-no", "Re: VPN 连不上", [("Auto-Submitted", "no")], "none",
       "Auto-Submitted: no is an explicit human message: NOT noise.", text_contains=["我在休假"])
simple("precedence-bulk", "【通知】本周六机房停电", [("Precedence", "bulk")], "precedence", "Precedence: bulk.")
simple("precedence-junk", "特价促销", [("Precedence", "junk")], "precedence", "Precedence: junk.")
simple("precedence-list", "[it-announce] 网络维护通知",
       [("Precedence", "list"), ("List-Id", "IT announcements <it-announce.corp.example.cn>")],
       "precedence", "Precedence: list on a mailing-list message.")
simple("precedence-auto-reply", "Re: 邮箱满了", [("Precedence", "auto_reply")], "precedence",
       "Precedence: auto_reply.")
simple("x-autoreply-yes", "Re: 服务器宕机", [("X-Autoreply", "yes")], "autoreply_header", "X-Autoreply: yes.")
simple("x-autorespond", "Re: 服务器宕机", [("X-Autorespond", "Vacation")], "autoreply_header",
       "X-Autorespond header.")
simple("x-auto-response-suppress-oof", "Re: 打印机", [("X-Auto-Response-Suppress", "DR, RN, NRN, OOF, AutoReply")],
       "autoreply_header", "X-Auto-Response-Suppress containing OOF.")
simple("x-auto-response-suppress-all", "Re: 打印机", [("X-Auto-Response-Suppress", "All")],
       "autoreply_header", "X-Auto-Response-Suppress: All.")
simple("x-auto-response-suppress-dr-only", "Re: 打印机", [("X-Auto-Response-Suppress", "DR, RN")], "none",
       "X-Auto-Response-Suppress without OOF or All: NOT noise.")
simple("exchange-oof-automatic-reply", "Automatic reply: [TD-9002] VPN 连不上",
       [("Auto-Submitted", "auto-generated"), ("X-MS-Exchange-Inbox-Rules-Loop", "zhangwei@corp.example.cn"),
        ("X-Auto-Response-Suppress", "All"), ("Thread-Topic", "[TD-9002] VPN 连不上")],
       "auto_submitted", "Exchange OOF as sent: Automatic reply: subject plus Auto-Submitted, which is checked "
       "first.", subject="Automatic reply: [TD-9002] VPN 连不上")
simple("automatic-reply-subject-only", "Automatic reply: [TD-9003] 财务系统报错", [], "autoreply_subject",
       "'Automatic reply:' subject with no auto-reply headers.")
simple("out-of-office-subject", "Out of Office: Re: printer", [], "autoreply_subject", "'Out of Office:' subject.")
simple("out-of-the-office-upper", "OUT OF THE OFFICE until 10 March", [], "autoreply_subject",
       "Upper-case 'OUT OF THE OFFICE' (case-insensitive).")
simple("oof-and-auto-prefixes", "OOF: 出差中", [], "autoreply_subject", "'OOF:' subject prefix.")
simple("auto-colon-leading-spaces", "   Auto: 我不在办公室", [], "autoreply_subject",
       "'Auto:' after leading spaces.")
simple("autoreply-one-word", "Autoreply: on leave", [], "autoreply_subject", "'Autoreply' subject.")
simple("auto-reply-two-words", "Auto Reply - 休假中", [], "autoreply_subject", "'Auto reply' subject.")
simple("normal-subject-contains-zidong", "打印机自动进纸器故障", [], "none",
       "Subject merely contains 自动 (automatic document feeder): NOT noise.")
simple("subject-mentions-autoreply-midway", "咨询：如何设置自动回复？", [], "none",
       "自动回复 appears, but not at the start: NOT noise.")
simple("precedence-wins-over-subject", "Automatic reply: 周报", [("Precedence", "bulk")], "precedence",
       "Both Precedence: bulk and an auto-reply subject: precedence is checked first.")


@fixture("chinese-oof-subject-gb2312")
def _():
    return msg(ew("自动回复：关于VPN连不上的问题", "gb2312"), body="您好，我正在休假，急事请联系 8021。\n"), {
        "description": "Chinese OOF: 自动回复： subject (GB2312 encoded word), no RFC 3834 headers.",
        "subject": "自动回复：关于VPN连不上的问题",
        "noise": "autoreply_subject",
    }


@fixture("chinese-oof-vacation-and-big5")
def _():
    subj = "%s %s" % (ew("休假自动回复：", "gbk"), ew("打印機卡紙", "big5"))
    return msg(subj), {
        "description": "休假自动回复 (GBK word) followed by a Big5 word.",
        "subject": "休假自动回复：打印機卡紙",
        "noise": "autoreply_subject",
    }


@fixture("traditional-oof-subject")
def _():
    return msg(ew("自動回覆: 出差中", "big5")), {
        "description": "Traditional Chinese 自動回覆 subject in Big5.",
        "subject": "自動回覆: 出差中",
        "noise": "autoreply_subject",
    }


@fixture("list-id-newsletter-not-noise")
def _():
    return msg("IT 周刊 第 12 期：如何防范钓鱼邮件",
               [("List-Id", "IT Weekly <it-weekly.corp.example.cn>"),
                ("List-Unsubscribe", "<mailto:unsubscribe@corp.example.cn>")], "IT 周刊 <it-weekly@corp.example.cn>",
               "本期内容：钓鱼邮件识别。\n"), {
        "description": "Newsletter with List-Id and List-Unsubscribe but no Precedence: NOT noise.",
        "noise": "none",
        "text_contains": ["钓鱼邮件识别"],
    }


def dsn_report(boundary, original):
    status = crlf("Reporting-MTA: dns; mx1.corp.example.cn\nArrival-Date: Sat, 1 Mar 2025 10:03:05 +0800\n\n"
                  "Final-Recipient: rfc822; nobody@corp.example.cn\nAction: failed\nStatus: 5.1.1\n"
                  "Diagnostic-Code: smtp; 550 5.1.1 <nobody@corp.example.cn>: Recipient address rejected\n")
    return multipart(boundary, [
        text_part("This is the mail system at host mx1.corp.example.cn.\n\nI'm sorry to have to inform you "
                  "that your message could not be delivered.\n", "us-ascii", "7bit"),
        entity([("Content-Description", "Delivery report"), ("Content-Type", "message/delivery-status")], status),
        entity([("Content-Description", "Undelivered Message"), ("Content-Type", "message/rfc822")], original),
    ])


ORIGINAL = entity([("From", SUPPORT), ("To", "nobody@corp.example.cn"), ("Subject", "[TD-9100] 已收到您的报修"),
                   ("Message-ID", "<td-9100@techdesk.example>"), ("X-TechDesk-Ticket", "9100")],
                  crlf("您好，已收到。\n"))


@fixture("bounce-multipart-report-dsn")
def _():
    h = std_headers("Undelivered Mail Returned to Sender", frm="MAILER-DAEMON@mx1.corp.example.cn (Mail Delivery System)",
                    extra=[("Auto-Submitted", "auto-replied")])
    h.append(("Content-Type", 'multipart/report; report-type=delivery-status;\n\tboundary="dsn-1"'))
    return entity(h, dsn_report("dsn-1", ORIGINAL)), {
        "description": "Postfix bounce: multipart/report; report-type=delivery-status from MAILER-DAEMON "
                       "(delivery_report is checked first). Our header inside the returned message does not count.",
        "from": "mailer-daemon@mx1.corp.example.cn",
        "noise": "delivery_report",
        "text_contains": ["could not be delivered"],
        "our_headers": False,
    }


@fixture("bounce-plain-mailer-daemon")
def _():
    body = ("This message was created automatically by mail delivery software.\n\nA message that you sent could "
            "not be delivered to one or more of its recipients.\n\n  nobody@corp.example.cn\n    550 no such user\n")
    return msg("Mail delivery failed: returning message to sender", frm="Mail Delivery System <Mailer-Daemon@mx2.corp.example.cn>",
               body=body), {
        "description": "Exim-style bounce as plain text (no multipart/report) from Mailer-Daemon@.",
        "noise": "mailer_daemon",
        "from": "mailer-daemon@mx2.corp.example.cn",
    }


@fixture("bounce-postmaster-chinese")
def _():
    return msg(ew("系统退信", "gb2312"), frm="postmaster@163.example",
               body="抱歉，您的邮件被退回。\n收件人地址不存在：nobody@corp.example.cn\n"), {
        "description": "Chinese bounce from postmaster@ without multipart/report.",
        "subject": "系统退信",
        "noise": "mailer_daemon",
    }


@fixture("read-receipt-mdn")
def _():
    mdn = crlf("Reporting-UA: corp.example.cn; Microsoft Outlook 16.0\nFinal-Recipient: rfc822;zhangwei@corp.example.cn\n"
               "Original-Message-ID: <td-9101@techdesk.example>\nDisposition: manual-action/MDN-sent-manually; displayed\n")
    body = multipart("mdn-1", [text_part("您的邮件\n\n主题: [TD-9101] 打印机卡纸\n\n已被阅读。\n"),
                               entity([("Content-Type", "message/disposition-notification")], mdn)])
    h = std_headers(ew("已读: [TD-9101] 打印机卡纸", "gb2312")) + [
        ("Content-Type", 'multipart/report; report-type=disposition-notification; boundary="mdn-1"')]
    return entity(h, body), {
        "description": "Read receipt: multipart/report; report-type=disposition-notification.",
        "subject": "已读: [TD-9101] 打印机卡纸",
        "noise": "delivery_report",
    }


@fixture("our-header-ticket")
def _():
    return msg("Re: [TD-123] 打印机卡纸", [("X-TechDesk-Ticket", "123")], body="谢谢，已经好了。\n"), {
        "description": "Inbound reply carrying our X-TechDesk-Ticket header (quoted back by the client): "
                       "our_headers true, not noise by itself.",
        "our_headers": True,
        "noise": "none",
    }


@fixture("our-header-loop")
def _():
    return msg("[TD-124] 已收到您的报修", [("X-TechDesk-Loop", "1"), ("Message-ID", "<td-124@techdesk.example>")],
               frm="TechDesk <support@techdesk.example>", body="您好，已收到。\n"), {
        "description": "Our own X-TechDesk-Loop header on an inbound message (a loop): our_headers true; "
                       "noise is none by itself.",
        "our_headers": True,
        "noise": "none",
        "from": "support@techdesk.example",
    }
