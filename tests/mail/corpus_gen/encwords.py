"""RFC 2047 encoded words in Subject / From / To."""
from .core import SUPPORT, entity, ew, ew_bytes, fixture, std_headers, text_part

BODY = "详见主题。\n"


def msg(subject, frm="张伟 <zhangwei@corp.example.cn>", to=SUPPORT, extra=(), body=BODY):
    h = std_headers(subject, frm=frm, to=to, extra=extra)
    return entity(h + [("Content-Type", "text/plain; charset=utf-8"),
                       ("Content-Transfer-Encoding", "8bit")], body.encode("utf-8").replace(b"\n", b"\r\n"))


@fixture("ew-subject-utf8-b")
def _():
    return msg(ew("打印机卡纸，急！")), {
        "description": "Subject as one UTF-8 B encoded word.",
        "subject": "打印机卡纸，急！",
        "noise": "none",
    }


@fixture("ew-subject-utf8-q")
def _():
    return msg(ew("VPN 连不上 (urgent)", "utf-8", "Q")), {
        "description": "Subject as a UTF-8 Q encoded word; '_' stands for a space.",
        "subject": "VPN 连不上 (urgent)",
    }


@fixture("ew-subject-gb2312-b")
def _():
    return msg(ew("邮箱满了，无法收发邮件", "gb2312")), {
        "description": "Subject as a GB2312 B encoded word.",
        "subject": "邮箱满了，无法收发邮件",
    }


@fixture("ew-subject-gbk-q-lowercase")
def _():
    word = ew("财务系统报错 王镕", "gbk", "Q").replace("?Q?", "?q?").replace("=?gbk?", "=?GBK?")
    return msg(word), {
        "description": "GBK Q encoded word with lower-case 'q' and upper-case charset; contains 镕 (GBK only).",
        "subject": "财务系统报错 王镕",
    }


@fixture("ew-from-to-names")
def _():
    frm = "%s <LiNa@Corp.Example.CN>" % ew("李娜", "gb2312")
    to = "%s <support@techdesk.example>, %s <wang.lei@corp.example.cn>" % (
        ew("IT 服务台", "utf-8", "Q"), ew("王磊", "gbk"))
    return msg("hello", frm=frm, to=to), {
        "description": "Encoded display names in From and To (gb2312 B, utf-8 Q, gbk B); addresses lower-cased.",
        "from": "lina@corp.example.cn",
        "from_name": "李娜",
        "to": ["support@techdesk.example", "wang.lei@corp.example.cn"],
    }


@fixture("ew-gbk-char-split-across-words")
def _():
    raw = "服务器宕机".encode("gbk")  # 10 bytes; split inside the 2nd and 4th characters
    words = [ew_bytes(raw[0:3], "gbk"), ew_bytes(raw[3:7], "gbk"), ew_bytes(raw[7:], "gbk")]
    return msg("\n ".join(words)), {
        "description": "Adjacent GBK B words whose boundaries split a two-byte character; folded onto three "
                       "lines. Bytes must be joined before decoding and the folding whitespace dropped.",
        "subject": "服务器宕机",
        "replacement_char": False,
    }


@fixture("ew-utf8-char-split-across-words")
def _():
    raw = "硬盘坏了".encode("utf-8")  # 12 bytes; split 1/2 inside 硬 and 2/1 inside 坏
    words = [ew_bytes(raw[0:1], "utf-8"), ew_bytes(raw[1:8], "utf-8", "Q"), ew_bytes(raw[8:], "utf-8")]
    return msg(" ".join(words)), {
        "description": "Adjacent UTF-8 words (B, Q, B) splitting multibyte characters, separated by spaces.",
        "subject": "硬盘坏了",
        "replacement_char": False,
    }


@fixture("ew-whitespace-between-words")
def _():
    subj = "%s   %s\n\t%s urgent %s" % (ew("打印机"), ew("卡纸", "gb2312"), ew("了", "gbk", "Q"),
                                       ew("请处理"))
    return msg(subj), {
        "description": "Whitespace (spaces, fold + tab) between adjacent encoded words is dropped even across "
                       "charsets; whitespace next to plain text is kept.",
        "subject": "打印机卡纸了 urgent 请处理",
    }


@fixture("ew-mixed-with-plain-text")
def _():
    subj = "Re: [TD-1024] %s (ticket)" % ew("VPN 连不上")
    return msg(subj), {
        "description": "Encoded word between plain ASCII words.",
        "subject": "Re: [TD-1024] VPN 连不上 (ticket)",
    }


@fixture("ew-malformed-left-as-text")
def _():
    subj = "=?utf-8?X?5omT?= and =?utf-8?B?5omT5Y2w5py6 printer"
    return msg(subj), {
        "description": "Malformed encoded words (unknown encoding X; missing closing ?=) are left as text.",
        "subject": "=?utf-8?X?5omT?= and =?utf-8?B?5omT5Y2w5py6 printer",
        "noise": "none",
    }


@fixture("ew-long-folded-outlook")
def _():
    text = "【紧急】财务系统报错：月末结账时凭证无法过账，提示“会计期间已关闭”，请IT协助处理，谢谢！"
    raw = text.encode("utf-8")
    chunks, i = [], 0
    while i < len(raw):  # Outlook style: whole characters per word, 45 bytes max
        j = min(i + 45, len(raw))
        while j < len(raw) and (raw[j] & 0xC0) == 0x80:
            j -= 1
        chunks.append(ew_bytes(raw[i:j], "utf-8"))
        i = j
    return msg("\n ".join(chunks)), {
        "description": "Long subject as several folded UTF-8 B words (Outlook style).",
        "subject": text,
    }


@fixture("ew-quoted-display-name")
def _():
    frm = '"%s" <chenjing@corp.example.cn>' % ew("陈静 (行政部)", "gbk")
    return msg("quoted name", frm=frm), {
        "description": "Encoded word inside a quoted display name (Foxmail/Outlook habit, not RFC 2047 "
                       "conformant but common): decoded.",
        "from": "chenjing@corp.example.cn",
        "from_name": "陈静 (行政部)",
    }


@fixture("ew-subject-big5-and-utf8")
def _():
    subj = "%s %s" % (ew("印表機", "big5"), ew("卡紙"))
    return msg(subj), {
        "description": "Adjacent words in different charsets (Big5 then UTF-8).",
        "subject": "印表機卡紙",
    }
