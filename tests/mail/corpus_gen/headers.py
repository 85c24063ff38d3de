"""RFC 6532 raw UTF-8 headers and RFC 5322 (incl. obsolete) header syntax: folding, comments,
dates, missing and duplicated headers, address lists, bare LF line ends."""
from .core import DATE, DATE_UTC, SUPPORT, crlf, entity, fixture, std_headers

CT = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]


def msg(headers, body="请处理，谢谢。\n"):
    return entity(headers + CT, crlf(body))


@fixture("raw-utf8-subject")
def _():
    return msg(std_headers("打印机坏了", mid="raw-subject-1@corp.example.cn")), {
        "description": "RFC 6532: unencoded UTF-8 subject.",
        "subject": "打印机坏了",
        "message_id": "raw-subject-1@corp.example.cn",
        "replacement_char": False,
        "noise": "none",
    }


@fixture("raw-utf8-display-names")
def _():
    h = std_headers("会议室预定系统打不开", frm="王芳 <WangFang@corp.example.cn>",
                    to='"IT 服务台" <support@techdesk.example>, 运维组 <ops@techdesk.example>',
                    extra=[("Cc", '刘洋 <liuyang@corp.example.cn>, "赵敏, 财务部" <zhaomin@corp.example.cn>')])
    return msg(h), {
        "description": "RFC 6532: raw UTF-8 display names in From/To/Cc, quoted name with a comma.",
        "from": "wangfang@corp.example.cn",
        "from_name": "王芳",
        "to": ["support@techdesk.example", "ops@techdesk.example"],
        "cc": ["liuyang@corp.example.cn", "zhaomin@corp.example.cn"],
    }


@fixture("folded-subject-plain")
def _():
    return msg(std_headers("Printer on\n the 3rd floor\n\tis   jammed  again")), {
        "description": "Subject folded over three lines (space and tab continuation), with runs of spaces: "
                       "unfolded, whitespace runs folded to one space.",
        "subject": "Printer on the 3rd floor is jammed again",
    }


@fixture("comments-in-addresses")
def _():
    h = std_headers("comments", frm="wangwu@corp.example.cn (王五 IT部)",
                    to='(前台) support@techdesk.example, "Help Desk" <helpdesk@techdesk.example> (backup)')
    return msg(h), {
        "description": "Comments in address headers (old 'addr (Name)' form and comments around addresses).",
        "from": "wangwu@corp.example.cn",
        "to": ["support@techdesk.example", "helpdesk@techdesk.example"],
    }


@fixture("date-two-digit-year-est")
def _():
    return msg(std_headers("old date", date="1 Mar 25 10:03:04 EST")), {
        "description": "Obsolete date: no weekday, two-digit year (25 -> 2025), named zone EST (-0500).",
        "date": "2025-03-01T15:03:04Z",
    }


@fixture("date-gmt-two-digit-year-pst")
def _():
    h = std_headers("dates", date="Fri, 28 Feb 25 21:03:04 PST")
    return msg(h), {
        "description": "Two-digit year and named zone PST (-0800), crossing midnight into March in UTC.",
        "date": "2025-03-01T05:03:04Z",
    }


@fixture("date-gmt-no-weekday")
def _():
    return msg(std_headers("gmt", date="01 Mar 2025 02:03:04 GMT")), {
        "description": "Date without weekday in GMT.",
        "date": "2025-03-01T02:03:04Z",
    }


@fixture("date-with-comment-cst")
def _():
    return msg(std_headers("cst", date="Sat, 1 Mar 2025 10:03:04 +0800 (CST)")), {
        "description": "Date with a trailing comment (CST = China Standard Time here; the numeric zone rules).",
        "date": DATE_UTC,
    }


@fixture("date-garbage")
def _():
    return msg(std_headers("bad date", date="明天上午 10 点")), {
        "description": "Unparseable Date header: date null, message kept.",
        "date": None,
        "subject": "bad date",
    }


@fixture("missing-date")
def _():
    return msg(std_headers("no date", date=None, mid="no-date@corp.example.cn")), {
        "description": "No Date header.",
        "date": None,
        "message_id": "no-date@corp.example.cn",
    }


@fixture("missing-message-id")
def _():
    return msg(std_headers("no id")), {
        "description": "No Message-ID header: message_id is empty.",
        "message_id": "",
        "subject": "no id",
        "date": DATE_UTC,
    }


@fixture("missing-from")
def _():
    return msg(std_headers("no from", frm=None)), {
        "description": "No From header: from is empty, message kept, not noise.",
        "from": "",
        "subject": "no from",
        "text_contains": ["请处理，谢谢。"],
        "noise": "none",
    }


@fixture("duplicated-headers")
def _():
    h = std_headers("打印机卡纸（第一次）", mid="dup-1@corp.example.cn")
    h.insert(3, ("Subject", "打印机卡纸（第二次）"))
    h.insert(1, ("Date", "Sun, 02 Mar 2025 10:03:04 +0800"))
    return msg(h, "重复的头部。\n"), {
        "description": "Duplicated Subject and Date headers. Which one wins is not specified; the message "
                       "must parse and the common part is checked.",
        "subject_contains": ["打印机卡纸（第"],
        "text_contains": ["重复的头部。"],
        "message_id": "dup-1@corp.example.cn",
    }


@fixture("lf-only-line-endings", lf_only=True)
def _():
    eml = (b"Date: " + DATE.encode() + b"\nFrom: =?utf-8?B?5byg5Lyf?= <zhangwei@corp.example.cn>\n"
           b"To: support@techdesk.example\nSubject: =?utf-8?B?VlBOIOi/nuS4jeS4ig==?=\n"
           b"Message-ID: <lf-only@corp.example.cn>\nMIME-Version: 1.0\n"
           b"Content-Type: multipart/alternative; boundary=\"lfb\"\n\n"
           b"--lfb\nContent-Type: text/plain; charset=utf-8\n\n"
           + "VPN 连不上，提示 809 错误。\n".encode() +
           b"--lfb\nContent-Type: text/html; charset=utf-8\n\n"
           + "<p>VPN 连不上，提示 <b>809</b> 错误。</p>\n".encode() + b"--lfb--\n")
    return eml, {
        "description": "Whole message with bare LF line endings (as saved by some tools), multipart.",
        "subject": "VPN 连不上",
        "from": "zhangwei@corp.example.cn",
        "from_name": "张伟",
        "message_id": "lf-only@corp.example.cn",
        "text_contains": ["VPN 连不上，提示 809 错误。"],
        "html_contains": ["<b>809</b>"],
        "attachment_count": 0,
    }


@fixture("obs-phrase-with-dots")
def _():
    return msg(std_headers("obs phrase", frm="John Q. Public <JQP@Example.COM>")), {
        "description": "Obsolete phrase with an unquoted '.' in the display name; address lower-cased.",
        "from": "jqp@example.com",
        "from_name": "John Q. Public",
    }


@fixture("display-name-equals-address")
def _():
    return msg(std_headers("name is addr", frm='"liuyang@corp.example.cn" <liuyang@corp.example.cn>')), {
        "description": "Display name equal to the address is dropped.",
        "from": "liuyang@corp.example.cn",
        "from_name": "",
    }


@fixture("invalid-address-tokens")
def _():
    to = 'support@techdesk.example, not-an-address, "Bob" <bob@example.com>, @@@, <>, 王强 <wangqiang@corp.example.cn>'
    return msg(std_headers("bad addresses", to=to, extra=[("Cc", "undisclosed, ;;")])), {
        "description": "Invalid tokens in To (no @, '@@@', empty <>) and a Cc of junk are skipped.",
        "to": ["support@techdesk.example", "bob@example.com", "wangqiang@corp.example.cn"],
        "cc": [],
    }


@fixture("group-syntax")
def _():
    to = "IT部门: Li.Lei@corp.example.cn, 韩梅梅 <hanmeimei@corp.example.cn>;, support@techdesk.example"
    return msg(std_headers("group", to=to, extra=[("Cc", "undisclosed-recipients:;")])), {
        "description": "RFC 5322 group syntax in To (members listed in order) and an empty group in Cc.",
        "to": ["li.lei@corp.example.cn", "hanmeimei@corp.example.cn", "support@techdesk.example"],
        "cc": [],
    }


@fixture("reply-to")
def _():
    h = std_headers("reply-to", frm="noreply@oa.corp.example.cn",
                    extra=[("Reply-To", "孙丽 <SunLi@Corp.Example.CN>")])
    return msg(h), {
        "description": "Reply-To differing from From.",
        "from": "noreply@oa.corp.example.cn",
        "from_name": "",
        "reply_to": "sunli@corp.example.cn",
    }


@fixture("obs-space-before-colon")
def _():
    h = [("Date", DATE), ("From", "zhaolei@corp.example.cn"), ("To", SUPPORT),
         (None, "Subject  :  网络很慢"), ("MIME-Version", "1.0")]
    return msg(h), {
        "description": "Obsolete syntax: whitespace between the field name and the colon (obs-optional).",
        "subject": "网络很慢",
        "from": "zhaolei@corp.example.cn",
    }


@fixture("subject-very-long-raw")
def _():
    subj = "打印机卡纸" * 250  # 3750 bytes on one line, over the 998-octet line limit
    return msg(std_headers(subj)), {
        "description": "A 3,750-byte unfolded raw UTF-8 subject line (beyond the 998-octet limit).",
        "subject_startswith": "打印机卡纸打印机卡纸",
        "text_contains": ["请处理，谢谢。"],
    }


@fixture("raw-gbk-subject-and-name")
def _():
    h = std_headers("打印机坏了，急".encode("gbk"), frm="王镕 <wangrong@corp.example.cn>".encode("gbk"))
    return msg(h), {
        "description": "Raw 8-bit GBK bytes (not valid UTF-8) in Subject and From display name, as old Chinese "
                       "clients send: decoded as GB18030, like an unlabelled 8-bit body.",
        "subject": "打印机坏了，急",
        "from": "wangrong@corp.example.cn",
        "from_name": "王镕",
        "replacement_char": False,
    }


@fixture("undecodable-subject-bytes")
def _():
    return msg(std_headers(b"\xff\xfe" + "打印机".encode("utf-8") + b"\x80")), {
        "description": "Subject with bytes that are neither UTF-8 nor GB18030: U+FFFD appears, message kept.",
        "replacement_char": True,
        "text_contains": ["请处理，谢谢。"],
    }
