"""Thirty small attachments with Chinese names, each name written in a different common way."""
from .core import b64, blob, entity, ew, fixture, multipart, pct, std_headers, text_part

NAMES = [
    "打印机卡纸照片.jpg", "VPN连接日志.txt", "邮箱容量截图.png", "财务系统报错.pdf", "服务器宕机报告.docx",
    "网络拓扑图.pdf", "三月报销单.xlsx", "员工入职申请表.docx", "门禁卡挂失.pdf", "会议室预定.xlsx",
    "显示器闪屏视频.mp4", "键盘进水照片.jpg", "共享盘权限申请.docx", "软件安装清单.xlsx", "病毒扫描结果.txt",
    "机房巡检记录.pdf", "交换机配置备份.txt", "数据库慢查询.log", "合同扫描件（盖章）.pdf", "发票 2025-03.pdf",
    "王镕的证件照.jpg", "张堃-离职交接.docx", "李喆_工资条.pdf", "打印机驱动.zip", "投影仪说明书.pdf",
    "无线网络配置.png", "OA系统白屏.png", "ERP错误代码表.xlsx", "密码重置申请单.docx", "年度IT资产盘点表.xlsx",
]
TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf", "txt": "text/plain",
         "log": "text/plain", "zip": "application/zip", "mp4": "video/mp4",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def disposition(i, name):
    """Six naming styles seen in the wild, in rotation."""
    style = i % 6
    if style == 0:
        return "attachment; filename*=UTF-8''%s" % pct(name)
    if style == 1:
        return 'attachment; filename="%s"' % ew(name, "gb18030")  # GB18030 covers 镕 堃 喆
    if style == 2:
        return "attachment; filename*=gb18030''%s" % pct(name, "gb18030")
    if style == 3:
        return 'attachment; filename="%s"' % ew(name, "utf-8", "Q")
    if style == 4:
        return 'attachment; filename="%s"' % name  # raw UTF-8
    enc = pct(name)
    cut = enc.find("%", len(enc) // 2)
    return "attachment;\n filename*0*=utf-8''%s;\n filename*1*=%s" % (enc[:cut], enc[cut:])


@fixture("thirty-chinese-attachments")
def _():
    parts, exp = [text_part("报修附件共 30 个，请查收。\n")], []
    for i, name in enumerate(NAMES):
        data = blob(100 + 37 * i, 100 + i)
        ct = TYPES[name.rsplit(".", 1)[1]]
        parts.append(entity([("Content-Type", ct), ("Content-Disposition", disposition(i, name)),
                             ("Content-Transfer-Encoding", "base64")], b64(data)))
        exp.append({"filename": name, "content_type": ct, "size": len(data), "inline": False, "dropped": False})
    h = std_headers("30 个附件") + [("Content-Type", 'multipart/mixed; boundary="att30"')]
    return entity(h, multipart("att30", parts)), {
        "description": "Thirty small attachments with Chinese names in six styles (RFC 2231 UTF-8, RFC 2047 "
                       "GB18030 B in quotes, RFC 2231 GB18030, RFC 2047 UTF-8 Q in quotes, raw UTF-8, RFC 2231 "
                       "continuations), in order.",
        "text_contains": ["报修附件共 30 个，请查收。"],
        "attachments": exp,
        "attachment_count": 30,
        "replacement_char": False,
    }
