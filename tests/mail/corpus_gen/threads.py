"""Threading headers: Message-ID, In-Reply-To, References in their many real-world shapes."""
from .core import crlf, entity, fixture, std_headers

CT = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]


def msg(extra, subject="Re: [TD-2001] 打印机卡纸", mid=None):
    return entity(std_headers(subject, mid=mid, extra=extra) + CT, crlf("回复内容。\n"))


@fixture("thread-basic-reply")
def _():
    refs = "<td-2001@techdesk.example> <CAB123@mail.corp.example.cn>\n <td-2001.r1@techdesk.example>"
    return msg([("In-Reply-To", "<td-2001.r1@techdesk.example>"), ("References", refs)],
               mid="reply-2001@corp.example.cn"), {
        "description": "Ordinary reply: In-Reply-To one id, References three ids folded over two lines.",
        "message_id": "reply-2001@corp.example.cn",
        "in_reply_to": ["td-2001.r1@techdesk.example"],
        "references": ["td-2001@techdesk.example", "CAB123@mail.corp.example.cn", "td-2001.r1@techdesk.example"],
    }


@fixture("thread-comments-and-phrases")
def _():
    irt = '<td-2002@techdesk.example> (TechDesk\'s message of "Sat, 1 Mar 2025 10:03:04 +0800")'
    refs = "(first) <a1@x.example> (second)\t<b2@y.example>  (third (nested)) <c3@z.example>"
    return msg([("In-Reply-To", irt), ("References", refs)]), {
        "description": "Comments (including nested) around ids in In-Reply-To and References.",
        "in_reply_to": ["td-2002@techdesk.example"],
        "references": ["a1@x.example", "b2@y.example", "c3@z.example"],
    }


@fixture("thread-ids-without-brackets")
def _():
    h = [("In-Reply-To", "td-2003@techdesk.example"),
         ("References", "td-2003@techdesk.example <td-2003.r1@techdesk.example>")]
    return entity([("Message-ID", "noBrackets-2003@corp.example.cn")] + std_headers("Re: x", extra=h) + CT,
                  crlf("回复。\n")), {
        "description": "Ids without angle brackets (some old clients and scripts) in Message-ID, In-Reply-To and "
                       "References are accepted as ids.",
        "message_id": "noBrackets-2003@corp.example.cn",
        "in_reply_to": ["td-2003@techdesk.example"],
        "references": ["td-2003@techdesk.example", "td-2003.r1@techdesk.example"],
    }


@fixture("thread-garbage")
def _():
    refs = "<good1@techdesk.example> <<>> <> <no-at-sign> garbage text <good2@techdesk.example> <broken@"
    return msg([("In-Reply-To", "Your message of Saturday"), ("References", refs)]), {
        "description": "Garbage in References (empty <>, <<>>, words, an id without @, an unclosed id) is "
                       "dropped; a phrase-only In-Reply-To gives no ids.",
        "in_reply_to": [],
        "references": ["good1@techdesk.example", "good2@techdesk.example"],
    }


@fixture("thread-message-id-comment")
def _():
    h = std_headers("msgid comment") + [("Message-ID", "  <MixedCase.123$abc@Corp.Example.CN>  (sent by OA)")] + CT
    return entity(h, crlf("内容。\n")), {
        "description": "Message-ID with surrounding whitespace and a trailing comment; case is preserved.",
        "message_id": "MixedCase.123$abc@Corp.Example.CN",
    }


@fixture("thread-references-50")
def _():
    ids = ["td-3000.r%d@techdesk.example" % i for i in range(50)]
    refs = "\n\t".join("<%s>" % i for i in ids)
    return msg([("In-Reply-To", "<%s>" % ids[-1]), ("References", refs)]), {
        "description": "A long thread: 50 References ids, one per folded line.",
        "in_reply_to": [ids[-1]],
        "references": ids,
    }


@fixture("thread-several-in-reply-to")
def _():
    return msg([("In-Reply-To", "<p1@corp.example.cn> <p2@corp.example.cn>"), ("References", "<p1@corp.example.cn>")]), {
        "description": "In-Reply-To with two ids (allowed by RFC 5322).",
        "in_reply_to": ["p1@corp.example.cn", "p2@corp.example.cn"],
        "references": ["p1@corp.example.cn"],
    }


@fixture("thread-tag-in-subject-only")
def _():
    return msg([], subject="回复: 答复: RE: [TD-2004] VPN 连不上"), {
        "description": "No threading headers; only the ticket tag in a subject with stacked reply prefixes.",
        "subject": "回复: 答复: RE: [TD-2004] VPN 连不上",
        "subject_contains": ["[TD-2004]"],
        "in_reply_to": [],
        "references": [],
    }
