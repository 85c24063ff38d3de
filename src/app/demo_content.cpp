// Demo-data content: see demo_content.h. Pure data, no I/O.
#include "app/demo_content.h"

#include <iterator>

namespace techdesk::app::demo {

// ===========================================================================
// 软件/业务系统
// ===========================================================================

// P1: 金蝶 K/3 Cloud down for the whole finance department.
static constexpr std::string_view kReplies_ErpDown[] = {
    "您好，已收到。本问题已按P1紧急事件受理，二线系统组工程师正在排查金蝶应用服务器和数据库，"
    "30分钟内给您第一次进展通报。请财务部同事暂时不要反复重试登录，以免账号被锁定。",
    "进展通报：故障已定位为ERP数据库服务器磁盘空间耗尽导致数据库服务停止，目前正在清理事务日志并重启服务，"
    "预计10分钟内恢复。",
    "金蝶K/3 Cloud已于9:47恢复，请财务部同事重新登录，并检查上午是否有未保存成功的单据。"
    "如仍有异常，请直接回复本工单或拨打服务热线8000。",
};
static constexpr std::string_view kNotes_ErpDown[] = {
    "一线确认：财务部整体受影响，OA和邮件正常；应用服务器10.10.20.15可ping通，K/3 "
    "Cloud管理中心显示数据中心状态异常。"
    "已升级二线系统组，并通知IT主管启动应急响应。",
    "二线：ERP-DB01 的 D 盘剩余 0 字节，SQL Server 事务日志 AIS20230101.ldf 增长到 180GB"
    "（完整恢复模式，日志备份作业已连续失败两周）。已做日志备份并收缩日志，重启 MSSQLSERVER "
    "服务后数据中心恢复连接。",
};

// 用友 U8 licence server.
static constexpr std::string_view kReplies_U8License[] = {
    "您好，已受理。初步判断是U8加密服务器（授权服务）连接异常，已转二线系统组处理，处理期间请先不要重装客户端"
    "。",
    "加密服务器上的U8授权服务已恢复，请关闭U8客户端后重新登录。若仍提示同样错误，请截图回复本工单。",
};
static constexpr std::string_view kNotes_U8License[] = {
    "二线：加密服务器 U8-LIC（10.10.20.18）昨晚自动安装 Windows 更新后重启，U8 "
    "加密服务启动类型被改为手动，未随系统启动。"
    "已手工启动服务并将启动类型改回自动，已关闭该服务器的自动重启更新策略。",
};

// 泛微 OA approval stuck.
static constexpr std::string_view kReplies_OaFlow[] = {
    "您好，经查该流程停在“部门经理”节点，原审批人王经理的账号已于上周离职停用，所以流程无法流转。",
    "已在泛微OA后台将该节点审批人调整为市场部现任负责人周杰，并把您这张报销单重新推送到他的待办中，请留意审批"
    "进度。",
};

// 钉钉 attendance sync.
static constexpr std::string_view kReplies_DingSync[] = {
    "您好，已受理。已确认本月10日以后的钉钉打卡数据均未同步到HR系统，已升级二线系统组排查接口。",
    "接口已修复，10日至今的考勤数据已补同步完成，请在HR系统“考勤汇总”中刷新核对。如个别人员数据仍缺失，请提供"
    "工号清单。",
};
static constexpr std::string_view kNotes_DingSync[] = {
    "二线：HR系统调用钉钉开放平台接口返回 errcode 40014 “不合法的access_token”。"
    "钉钉应用的AppSecret上周被管理员重置，但HR系统配置未更新。已更新配置并手工触发10日至今的全量同步。",
};

// Complaint: ERP freezes repeatedly.
static constexpr std::string_view kReplies_ErpComplaint[] = {
    "您好，非常抱歉给仓储部的出库工作造成影响。您的投诉已登记并转投诉专员跟进，二线系统组今天会对三次卡死做统"
    "一排查，"
    "下午17:00前给您书面说明。",
    "排查结果：三次卡死都发生在整点，与ERP服务器上的整点库存汇总作业争用数据库锁有关。"
    "今晚已将该作业调整到凌晨2:"
    "00执行，并优化了出库单保存的SQL。接下来一周我们会每天上午跟您确认系统运行情况。",
};
static constexpr std::string_view kNotes_ErpComplaint[] = {
    "二线：SQL Server 阻塞监控显示整点时 spid 87（库存汇总存储过程）持有 ICStockBill 表锁长达 3~5 "
    "分钟，出库单保存全部等待。",
    "投诉专员：已电话致歉，客户要求一周内不再出现同类问题，回访任务已设为每天上午。",
};

// 金蝶 voucher printing offset.
static constexpr std::string_view kReplies_VoucherPrint[] = {
    "您好，套打偏移一般与打印机纸张设置和套打模板的边距有关。麻烦您告知使用的打印机型号，并上传一张打印出来的"
    "凭证照片。",
    "已远程在您的电脑上将套打模板的上边距调整为8mm、左边距调整为5mm，并把打印机纸张设置为自定义“凭证纸 "
    "240×140mm”。"
    "测试打印位置已对齐，请您再打印几张确认。",
};

// CRM slow.
static constexpr std::string_view kReplies_CrmSlow[] = {
    "您好，已受理。请问是所有人打开客户列表都慢，还是只有部分同事？慢的时候是在上午还是全天？",
    "已完成优化，客户列表打开时间已从60秒以上降到2秒左右，请您再试一下。",
};
static constexpr std::string_view kNotes_CrmSlow[] = {
    "二线：慢查询日志显示客户列表查询对 crm_customer（120万行）全表扫描，按 owner_id + updated_at 排序。"
    "已在业务低峰期新建联合索引 idx_customer_owner_updated，执行时间由 63s 降到 1.2s。",
};

// ===========================================================================
// 软件/邮件
// ===========================================================================

// P1: mail server unreachable.
static constexpr std::string_view kReplies_MailDown[] = {
    "您好，已按P1紧急事件受理，二线系统组正在处理邮件服务器故障。如有必须马上发出的对外邮件，"
    "可先联系IT服务台协助使用备用发信通道发送。",
    "邮件服务已于9:15恢复，积压的邮件正在陆续投递，预计半小时内全部送达。请勿重复发送；若10:"
    "00后仍有邮件未收到，请回复本工单。",
};
static constexpr std::string_view kNotes_MailDown[] = {
    "二线：Exchange 2016 服务器 MAIL01 的 C 盘剩余不足 2GB，触发传输服务背压（Back Pressure）拒收邮件；"
    "同时 IIS 的 MSExchangeOWAAppPool 已停止。清理 IIS 日志约 40GB，重启 MSExchangeTransport 服务和 OWA "
    "应用池后恢复。",
};

// Outlook cannot start.
static constexpr std::string_view kReplies_OutlookOst[] = {
    "您好，这个提示通常是Outlook本地数据文件（OST）损坏或配置文件异常导致的。方便的话我现在通过远程协助帮您处"
    "理，大约需要20分钟。",
    "已为您新建Outlook配置文件并重新同步邮箱，邮件、日历和联系人都已恢复。首次同步可能需要一段时间，期间可以"
    "正常收发邮件。",
};
static constexpr std::string_view kNotes_OutlookOst[] = {
    "远程检查：OST 文件 8.6GB，scanpst 修复失败。已重命名旧配置文件并新建配置，旧 OST 暂保留在 "
    "D:\\备份\\Outlook 一周后删除。",
};

// Foxmail IMAP auth.
static constexpr std::string_view kReplies_Foxmail[] = {
    "您好，公司域密码每90天强制修改一次，您前天修改了密码，但Foxmail里保存的还是旧密码，所以收信时认证失败。",
    "请在Foxmail中点“账号管理”—选择您的邮箱—“设置”，把密码改为新的域密码后保存，再点收取即可。如仍有问题可以"
    "随时在线联系我。",
};

// Bounce: IP blacklisted.
static constexpr std::string_view kReplies_Bounce[] = {
    "您好，已受理。退信显示公司邮件出口IP被对方使用的反垃圾黑名单拦截，我们正在核查原因并申请解除。",
    "黑名单已解除，今天14:00以后发往该客户的邮件已能正常投递。被退回的那封报价邮件请您重新发送一次。",
};
static constexpr std::string_view kNotes_Bounce[] = {
    "二线：出口IP 198.51.100.18 被 Spamhaus 列入。邮件日志显示 3 天前账号 zhang.min 的凭据泄露，被用于经 "
    "SMTP 认证群发约 2 万封垃圾邮件。",
    "已强制重置该账号密码并开启邮箱登录异地提醒，限制单账号每小时外发 200 封；已向 Spamhaus 提交解除申请，约 "
    "24 小时生效。",
};

// Mailbox full.
static constexpr std::string_view kReplies_MailboxFull[] = {
    "您好，您的邮箱当前已使用 4.9GB / 5GB。按公司规定，经部门负责人审批后可扩容到 "
    "10GB，审批单已发到您的OA待办。",
    "邮箱已扩容到10GB。建议您同时开启Outlook自动存档，把一年以前的邮件归档到本地，操作指南已附在本工单中。",
};

// Phishing report.
static constexpr std::string_view kReplies_Phishing[] = {
    "您好，感谢您及时报告！这是一封钓鱼诈骗邮件：发件人地址是仿冒域名（多了一个字母），并非我司财务总监。请不"
    "要回复、不要点击链接、不要转账。",
    "我们已在邮件网关拦截该发件域名，并从全员邮箱中删除了同一封邮件，同时会向全员发送防诈骗提醒。",
};
static constexpr std::string_view kNotes_Phishing[] = {
    "邮件头显示发件服务器为境外 IP，发件域名为仿冒的 examp1e-group.com。网关日志共投递 37 "
    "个邮箱，已全部撤回，暂无人回复。",
};

// ===========================================================================
// 软件/操作系统
// ===========================================================================

static constexpr std::string_view kReplies_UpdateStuck[] = {
    "您好，请先不要强制关机，再等待30分钟。如果仍停在“正在准备Windows”，我们安排工程师上门处理。",
    "工程师已到现场，通过WinRE卸载了最近一次质量更新，电脑已正常进入系统，文件均未丢失。该更新已在您的电脑上"
    "暂停推送7天。",
};
static constexpr std::string_view kNotes_UpdateStuck[] = {
    "现场：启动修复无效。进入 WinRE 命令提示符执行 dism /image:C:\\ /get-packages 找到新安装的累积更新，"
    "用 /remove-package 卸载后正常启动。已在 WSUS 中对该更新暂缓审批，反馈二线评估。",
};

static constexpr std::string_view kReplies_Win11Upgrade[] = {
    "您好，已受理。经检查您的电脑（联想 ThinkCentre M720t，第8代 i5，TPM 2.0）符合Windows 11硬件要求。",
    "升级已安排在本周四18:00以后进行，预计1.5小时。升级前请保存好文件并保持电脑开机、接通电源。",
};

static constexpr std::string_view kReplies_WinLicense[] = {
    "您好，公司电脑使用KMS批量激活，需要每180天连接公司内网续期一次。您的电脑长期在外出差未连内网，所以出现提"
    "示。",
    "请连接VPN后，以管理员身份运行命令：slmgr "
    "/ato，看到“成功地激活了产品”即可。也可以回公司时连上内网，系统会自动续期。",
};

static constexpr std::string_view kReplies_TempProfile[] = {
    "您好，您的文件并没有丢失。系统提示“你已使用临时配置文件登录”，是用户配置文件加载失败，我现在通过远程协助"
    "帮您恢复。",
    "已修复配置文件注册表项，重启后桌面、文档和浏览器收藏夹都已恢复。建议后续不要在关机更新过程中强制断电。",
};
static constexpr std::string_view kNotes_TempProfile[] = {
    "远程：HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList 下该用户 SID 出现 .bak 重复项，"
    "已删除新建的项、去掉 .bak 后缀并将 State 改为 0，RefCount 清零。",
};

static constexpr std::string_view kReplies_Ransomware[] = {
    "您好，请立即拔掉网线、断开Wi-"
    "Fi，不要关机、不要点击弹窗里的任何链接或联系勒索者。安全工程师5分钟内到您工位。",
    "现场已隔离您的电脑并保留证据。您的工作文件可以从昨晚的共享盘备份中恢复，我们会为您准备一台备用机，今天下"
    "班前交付。",
    "事件已处理完毕：病毒来源为邮件附件中伪装成发票的压缩包。您的电脑已重装系统，文件已从备份恢复，请核对。",
};
static constexpr std::string_view kNotes_Ransomware[] = {
    "应急：受感染主机 10.10.5.42，文件扩展名被改为 .locked，桌面留有 README_RESTORE.txt。已在接入交换机 "
    "shutdown 该端口，"
    "防火墙阻断该主机外联，排查同网段其余 36 台主机未发现同类进程。",
    "共享盘“销售部”目录有 1,240 个文件被加密，已从昨晚 23:00 "
    "的快照恢复。病毒样本已提交安全厂商分析，已建问题单推动全员EDR部署。",
};

// ===========================================================================
// 软件/办公软件
// ===========================================================================

static constexpr std::string_view kReplies_ExcelCorrupt[] = {
    "您好，请先不要覆盖保存这个文件。文件放在共享盘上，可以先试试从共享盘的“以前的版本”恢复。",
    "已从共享盘今天11:00的快照恢复出完整文件，保存为“销售数据汇总_恢复.xlsx”，只缺少11:"
    "00以后的修改，请您核对后补录。",
};

static constexpr std::string_view kReplies_SoftwareInstall[] = {
    "您好，Visio 2021公司有批量授权，已为您安排安装；Adobe Acrobat "
    "Pro暂无剩余授权，按公司软件清单可为您安装福昕PDF编辑器（已正版授权），同样支持PDF编辑和合并。",
    "Visio 2021和福昕PDF编辑器已通过软件分发平台安装到您的电脑，重启后即可在开始菜单找到。",
};
static constexpr std::string_view kNotes_SoftwareInstall[] = {
    "软件资产台账：Visio 2021 批量授权 30 套已用 24 套，本次占用 1 套并登记到该员工资产名下。",
};

static constexpr std::string_view kReplies_WordCrash[] = {
    "您好，请先按住Ctrl键双击打开Word，选择以安全模式启动，看看能否正常打开？",
    "安全模式可以正常打开，说明是加载项冲突。已在“文件—选项—加载项”中禁用了某翻译插件的COM加载项，Word现在可"
    "以正常启动。",
};

static constexpr std::string_view kReplies_OfficeActivate[] = {
    "您好，您的电脑上安装的是Office 2019批量版，需要连接公司内网定期向KMS服务器续期激活。",
    "已远程指导您连接VPN后重新激活，顶部红色提示已消失。如果经常在外办公，建议申请转换为Microsoft "
    "365账号订阅版。",
};

static constexpr std::string_view kReplies_WpsAssoc[] = {
    "您好，这是安装WPS时勾选了“默认打开方式”导致的。请在WPS的“配置工具—高级—兼容设置”中取消与Office文件的关联"
    "。",
    "也可以在Windows“设置—应用—默认应用”中将.docx、.xlsx、."
    "pptx设置为Office打开。需要的话我可以远程帮您设置。",
};

// ===========================================================================
// 硬件/台式机/笔记本
// ===========================================================================

static constexpr std::string_view kReplies_BootDevice[] = {
    "您好，这个蓝屏通常与BIOS中的硬盘模式设置有关，您的数据应该还在。考虑到您下午有会议，我们先给您准备一台备"
    "用笔记本，工程师10分钟内到您工位。",
    "已处理好：BIOS更新后硬盘控制器模式被恢复默认，已改回原设置，系统正常启动。备用机请交回IT服务台。",
};
static constexpr std::string_view kNotes_BootDevice[] = {
    "现场：ThinkPad T14 昨天经 Lenovo Vantage 升级 BIOS 后 Intel VMD 控制器被重新启用，导致系统找不到启动盘。"
    "BIOS 中 Config—Storage 关闭 VMD 后正常启动。已通知二线在 Vantage 策略中暂停自动 BIOS 更新。",
};

static constexpr std::string_view kReplies_Spill[] = {
    "您好，请立即断开电源、不要再尝试开机，把笔记本打开呈倒V字形放置控水。工程师马上过去取机。",
    "已为您调配一台备用笔记本并恢复了OneDrive中的文件。原机主板进液，已送联想授权服务站检测，意外损坏保修范围"
    "内可免费维修，预计5个工作日。",
    "原机已维修完成（更换主板和键盘），硬盘数据完好，今天下午给您送过去并换回备用机。",
};
static constexpr std::string_view kNotes_Spill[] = {
    "X1 Carbon 序列号已核对，购买时附带 3 "
    "年意外保护服务，已在联想服务平台提交报修，送修单号登记在设备档案中。",
};

static constexpr std::string_view kReplies_NewPc[] = {
    "您好，已受理新员工电脑领用申请。将为其准备联想 ThinkCentre M720t，预装Windows 11专业版、Office "
    "2021、钉钉、企业微信和杀毒软件，并加入公司域。",
    "电脑已在周一上午9:30送到研发部工位，完成开机、登录域账号和打印机连接，设备已登记到资产台账。",
};

static constexpr std::string_view kReplies_SlowPc[] = {
    "您好，我远程看了一下，电脑同时安装了三款安全软件，开机自启动项有40多个，机械硬盘占用长期100%。",
    "已卸载重复的安全软件、关闭不必要的开机启动项，开机时间从10分钟缩短到2分钟左右。这台电脑仍是机械硬盘，建"
    "议申请更换固态硬盘，我已为您发起领料申请。",
};

static constexpr std::string_view kReplies_BitLocker[] = {
    "您好，请不要反复输错恢复密钥。请把屏幕上显示的“恢复密钥ID”前8位告诉我，我在域控中为您查询48位恢复密钥。",
    "已电话告知恢复密钥，电脑已正常进入系统。这是BIOS更新后TPM重新测量导致的，正常现象，后续不会再提示。",
};

static constexpr std::string_view kReplies_Battery[] = {
    "您好，电池鼓包有安全风险，请立即关机、拔掉电源，不要再继续使用，也不要按压触控板。我们今天上门取机。",
    "已为您更换原厂电池（设备在保修期内，免费），工程师已现场检查机身无变形，可以正常使用。旧电池已按危险品回"
    "收。",
};

// ===========================================================================
// 硬件/打印机
// ===========================================================================

static constexpr std::string_view kReplies_PaperJam[] = {
    "您好，已受理。请先不要用力拉扯卡住的纸张，以免损坏定影组件，工程师15分钟内到三楼财务部。",
    "已取出纸盒2内卡住的碎纸片，清洁了搓纸轮。卡纸原因是纸盒里混放了受潮的纸张，已更换新纸，测试打印20页正常"
    "。",
};

static constexpr std::string_view kReplies_Toner[] = {
    "您好，已受理硒鼓更换申请，已按领料流程从备件库领用惠普 CF228A 硒鼓1支。",
    "硒鼓已更换完成，测试页打印清晰。旧硒鼓已回收，本季度该打印机已用硒鼓2支，费用已计入行政部。",
};

static constexpr std::string_view kReplies_Print11b[] = {
    "您好，0x0000011b是Windows安全更新后连接共享打印机的已知问题，我远程帮您改用网络端口直接添加打印机。",
    "已通过TCP/"
    "IP端口（10.10.3.21）直接添加打印机并安装惠普通用驱动，测试页已打印成功，不再依赖同事电脑的共享。",
};
static constexpr std::string_view kNotes_Print11b[] = {
    "原共享主机为财务部同事的 Windows 10 电脑，不建议改注册表 RpcAuthnLevelPrivacyEnabled "
    "降低安全等级，统一改为直连 IP 打印。",
};

static constexpr std::string_view kReplies_ScanMail[] = {
    "您好，复印机扫描到邮件使用的是公共邮箱 scan@ 账号，该账号密码上周按策略过期更换了，复印机里还是旧密码。",
    "已在柯尼卡美能达 bizhub C368 的网页管理界面更新SMTP认证密码，测试扫描到邮件已成功，请您再试一次。",
};

static constexpr std::string_view kReplies_PrinterComplaint[] = {
    "您好，非常抱歉同一台打印机一个月内反复故障，给人力资源部带来不便。投诉已登记，投诉专员会在今天内与您电话"
    "沟通。",
    "经检测，该打印机已使用6年，定影组件老化导致反复卡纸和打印起皱，维修价值不高。已申请为人力资源部更换一台"
    "新的惠普 LaserJet Pro M404dn，明天上午安装。",
    "新打印机已安装完成并连接到部门所有电脑，旧机已办理资产报废手续。后续一周我们会回访使用情况。",
};
static constexpr std::string_view kNotes_PrinterComplaint[] = {
    "设备服务记录：该机（HP LaserJet P2055d）近 30 天报修 3 次：两次卡纸、一次定影报错 50.1。累计打印 21 "
    "万页，已超设计寿命。",
    "投诉专员：已电话致歉，客户诉求为换新机，已获行政部负责人同意更换。",
};

static constexpr std::string_view kReplies_Streaks[] = {
    "您好，打印页面出现竖向黑条通常是硒鼓或鼓组件问题。请问打印机面板上是否有“更换硒鼓”或“更换鼓单元”的提示"
    "？",
    "工程师已到现场确认是鼓单元到寿命（面板提示“更换鼓单元”），已更换兄弟 DR-3450 鼓组件，打印质量恢复正常。",
};

// ===========================================================================
// 硬件/服务器
// ===========================================================================

static constexpr std::string_view kReplies_DiskAlert[] = {
    "告警已受理，值班工程师已登录FS01核查，将先清理临时文件，处理期间共享盘访问不受影响。",
    "FS01 D盘使用率已降至68%。已与设计部确认将历史视频素材迁移到NAS归档，并为各部门共享目录启用空间配额。",
};
static constexpr std::string_view kNotes_DiskAlert[] = {
    "TreeSize 分析：D:\\共享\\设计部 下有 380GB 视频素材，另有约 120GB 回收站和 ~$ "
    "临时文件。已清理回收站与临时文件，使用率降至 81%。",
    "长期需为 FS01 扩容 2TB，已提交变更申请，计划下周六变更窗口执行。",
};

static constexpr std::string_view kReplies_RaidAlert[] = {
    "告警已受理并升级二线系统组。已确认ERP数据库最近一次全量备份完好，备件到达后将在业务低峰期上门热插拔更换"
    "硬盘，系统不停机。",
    "故障硬盘已更换，阵列重建完成，状态恢复正常。",
};
static constexpr std::string_view kNotes_RaidAlert[] = {
    "二线：OMSA 显示槽位 3 硬盘（600GB SAS 10K）预故障后离线，RAID5 "
    "降级。整机在保，已向戴尔报修，备件次日送达。",
    "为降低风险，已先从备件库领用同型号硬盘 1 块做热备，领料单已提交主管审批。",
};

static constexpr std::string_view kReplies_PsuFail[] = {
    "您好，已受理。电源指示灯橙色闪烁一般是电源模块或供电异常，已安排现场服务组工程师去机房检查。",
    "检查发现服务器两个电源模块中的一个已损坏，另一个因所接PDU插座松动没有供电。已重新接好电源并更换故障模块"
    "，服务器已正常开机，测试环境各虚拟机已启动。",
};
static constexpr std::string_view kNotes_PsuFail[] = {
    "浪潮 NF5280M5 BMC 日志：PSU1 Failure detected，PSU2 AC lost。PSU1 已过保，从备件库领用 550W "
    "电源模块一个，费用计入研发部。",
};

static constexpr std::string_view kReplies_VmRequest[] = {
    "您好，已收到测试虚拟机申请（4核8G内存、200G硬盘、CentOS Stream "
    "9）。根据资源使用规定需部门负责人审批，审批通过后1个工作日内交付。",
    "虚拟机已创建完成：主机名 test-qa-07，IP "
    "10.10.30.57，登录方式和初始密码已通过企业微信单独发送给您，请首次登录后修改密码。",
};
static constexpr std::string_view kNotes_VmRequest[] = {
    "vSphere 集群 Cluster-Test 内存使用率 71%，资源充足。虚拟机有效期 6 个月，到期前 7 天提醒申请人续期。",
};

// ===========================================================================
// 硬件/外设
// ===========================================================================

static constexpr std::string_view kReplies_Projector[] = {
    "您好，已受理，工程师10分钟内到2号会议室。您可以先试试按投影仪遥控器上的“Source/信号源”键切换到HDMI1。",
    "已处理：会议桌下的HDMI延长线接头松动，已更换新线并测试笔记本、Mac转接头投屏均正常，祝您会议顺利。",
};

static constexpr std::string_view kReplies_MonitorFlicker[] = {
    "您好，请先试一下把显示器的DP线两端重新插紧，看闪屏是否还会出现？",
    "工程师现场更换了一根DP线后仍偶尔黑屏，判断为显示器本身故障，已先为您更换一台备用显示器，原显示器送戴尔售"
    "后检测。",
};

static constexpr std::string_view kReplies_Scanner[] = {
    "您好，扫码枪是模拟键盘输入的，电脑切换到中文输入法时，扫出来的条码会被输入法拦截。请先按Shift切换到英文"
    "状态再扫一次试试。",
    "已为仓库这台电脑设置默认英文输入法，并在扫码枪上配置了扫描后自动回车，现在扫码后ERP会直接带出物料信息。",
};

static constexpr std::string_view kReplies_Accessory[] = {
    "您好，已受理。无线键鼠套装（罗技 MK295）和USB-C扩展坞库存充足，已发起领料流程。",
    "物品已准备好，请到二楼IT服务台领取并在领用单上签字。",
};

static constexpr std::string_view kReplies_UKey[] = {
    "您好，请先换一个USB口（尽量用机箱背面的接口）插入U盾，看设备管理器里是否能识别到。",
    "已远程卸载旧版网银助手并重新安装最新版，重新安装U盾驱动后已能识别，您可以正常登录网银付款了。",
};

// ===========================================================================
// 网络/有线网络
// ===========================================================================

static constexpr std::string_view kReplies_CoreSwitch[] = {
    "您好，已按P1紧急事件受理并启动应急响应，网络工程师已赶往机房，我们每30分钟通报一次进展。",
    "进展通报：核心交换机主用主控板故障，已手工切换到备用主控板，2~4楼网络已恢复，5楼仍在处理。",
    "全部楼层网络已于15:32恢复。如仍有电脑无法上网，请重启电脑或重新插拔网线后再试，仍有问题请回复本工单。",
};
static constexpr std::string_view kNotes_CoreSwitch[] = {
    "现场：华为 S7706 槽位 1 主控板 ALM 灯常亮，display alarm active 显示单板故障，主备倒换未自动完成。执行 "
    "slave switchover 后业务恢复。",
    "已向华为原厂报修，备件主控板预计明天上午到货，更换安排在晚上 20:00 后的变更窗口。",
};

static constexpr std::string_view kReplies_IpConflict[] = {
    "您好，系统提示IP地址冲突，说明有其他设备占用了您电脑的IP。我先帮您重新获取地址，请稍等。",
    "已查明是财务部新装的一台网络打印机被设置了固定IP "
    "10.10.4.35，与DHCP分配的地址冲突。已将打印机地址改为保留段10.10.4.240，并在DHCP中排除该地址。",
};

static constexpr std::string_view kReplies_DeadPort[] = {
    "您好，已受理。请告诉我网口面板上的编号（一般贴在网口上方，如4F-E-23），工程师今天下午上门检查。",
    "现场检测该网口到配线架的线缆水晶头氧化，已重新打线并在交换机上确认端口UP，现在可以正常上网。",
};

static constexpr std::string_view kReplies_UplinkAlert[] = {
    "告警已受理。三楼接入交换机上联中断，影响三楼西区约40个信息点，现场服务组工程师已前往弱电间。",
    "已更换故障的光模块，上联端口已恢复UP，三楼西区网络已恢复。",
};
static constexpr std::string_view kNotes_UplinkAlert[] = {
    "现场：H3C S5130 的 Ten-GigabitEthernet1/0/49 光模块收光 -40dBm（无光），清洁光纤跳线无效，更换 10G SFP+ "
    "多模光模块后恢复，收光 -2.3dBm。",
};

static constexpr std::string_view kReplies_Loop[] = {
    "您好，已受理。我们发现二楼接入交换机广播流量异常，疑似网络环路，工程师已在现场排查。",
    "问题已解决：市场部有同事把一台小交换机的两个口都接到了墙上网口，形成环路。已拆除环路，并在接入交换机上启"
    "用环路检测和广播风暴抑制。",
};
static constexpr std::string_view kNotes_Loop[] = {
    "二线：display interface 显示 GE0/0/12 和 GE0/0/13 广播包每秒 8 万以上，STP 在接入口关闭。已开启 "
    "loopback-detect 和 storm-control broadcast，同步到所有接入交换机配置模板。",
};

// ===========================================================================
// 网络/无线网络
// ===========================================================================

static constexpr std::string_view kReplies_WeakWifi[] = {
    "您好，已受理。工程师今天会到大会议室做无线信号测试。",
    "测试发现会议室附近的AP安装在隔壁走廊，信号穿两道墙后只有-75dBm。已在会议室吊顶新增一台华为 AirEngine AP "
    "并调整信道，现在信号-48dBm，视频会议流畅。",
};

static constexpr std::string_view kReplies_GuestPortal[] = {
    "您好，访客网络需要在浏览器中打开任意网页才会跳转认证页面。请让访客关闭手机上的“私人DNS”和VPN后，打开 "
    "http://1.1.1.1 试试。",
    "已确认访客网络认证服务器正常。如访客手机仍无法弹出页面，可由前台在访客系统中生成临时上网二维码。",
};

static constexpr std::string_view kReplies_PhoneWifi[] = {
    "您好，公司员工Wi-Fi使用域账号和密码认证，您上周修改了域密码，手机上保存的仍是旧密码。",
    "请在手机上“忽略此网络”，再重新连接 "
    "Corp-Staff，用户名填写域账号（不带@后缀），密码填新密码，提示证书时选择“信任”即可。",
};

static constexpr std::string_view kReplies_NewFloorWifi[] = {
    "您好，已收到6楼新办公区无线覆盖需求。网络组将于本周三上门勘测，根据面积和工位数量出具AP点位方案。",
    "方案已确定：6楼共部署8台华为 AirEngine 5761 "
    "AP，由现有无线控制器统一管理，SSID与其他楼层一致。施工安排在下周一至周二，预计周三可交付使用。",
};
static constexpr std::string_view kNotes_NewFloorWifi[] = {
    "勘测：6 楼约 900㎡、工位 110 个、会议室 3 间。PoE 交换机端口充足，AP 授权剩余 5 个，需采购 3 个 AP "
    "License，已提交采购申请。",
};

// ===========================================================================
// 网络/VPN
// ===========================================================================

static constexpr std::string_view kReplies_VpnRequest[] = {
    "您好，已收到VPN开通申请，部门负责人已在OA中审批通过。",
    "已为您开通深信服 aTrust "
    "VPN账号（与域账号相同），并授权访问OA、ERP和共享盘。客户端下载地址和使用说明已发送到您的邮箱，首次登录需"
    "绑定手机令牌。",
};

static constexpr std::string_view kReplies_VpnFail[] = {
    "您好，请问您现在用的是酒店Wi-Fi还是手机热点？请先尝试切换到手机热点后再连接VPN。",
    "切换热点后可以连接，说明是酒店网络限制了VPN使用的端口。另外您的EasyConnect客户端版本较旧，已远程升级到最"
    "新版，并启用了TCP模式，在酒店网络下也可以正常连接。",
};

static constexpr std::string_view kReplies_VpnNoAccess[] = {
    "您好，已受理。您的VPN账号目前只授权了OA和邮件，文件服务器不在授权资源中。已转二线确认权限。",
    "已在VPN管理后台为您所在的“工程部”角色添加文件服务器FS01（10.10.20."
    "31）的SMB访问权限，重新登录VPN后即可访问。",
};
static constexpr std::string_view kNotes_VpnNoAccess[] = {
    "二线：该用户的部门在 AD 中从“工程一部”调整为“工程部”，VPN 按 AD "
    "组同步角色后丢失原授权。已将工程部角色补齐资源授权。",
};

static constexpr std::string_view kReplies_VpnDrop[] = {
    "您好，请问掉线前您是否有一段时间没有操作？公司VPN在无流量30分钟后会自动断开。",
    "经查您家里的宽带光猫开启了较小的MTU，导致VPN隧道频繁重连。已在客户端中将MTU调整为1400，并请您观察一天。",
};

// ===========================================================================
// 网络/防火墙
// ===========================================================================

static constexpr std::string_view kReplies_FwPort[] = {
    "您好，已收到端口开放申请。按公司信息安全规定，对外开放端口需走变更审批，并限制来源IP。请提供供应商的固定"
    "出口IP地址。",
    "变更已审批通过，已在防火墙上开放 TCP 8443，仅允许供应商出口IP 203.0.113.45 访问接口服务器 "
    "10.10.20.60，有效期至合同结束。",
};
static constexpr std::string_view kNotes_FwPort[] = {
    "深信服 AF 策略名：vendor-api-8443，已开启日志记录与应用识别，变更单号已关联本工单。",
};

static constexpr std::string_view kReplies_TaxSite[] = {
    "您好，已受理。您访问的电子税务局网站被防火墙的URL分类误判为“未知风险”拦截了，我们马上处理。",
    "已在防火墙URL过滤中将电子税务局相关域名加入白名单，请刷新页面重试。",
};

static constexpr std::string_view kReplies_MiningAlert[] = {
    "告警已受理，已在防火墙上阻断该主机的外联，并通知现场服务组前往确认终端。",
    "终端已隔离检查：该电脑安装了来历不明的“破解版”软件，附带挖矿程序。已清除并重装系统，对用户进行了安全提醒"
    "。",
};
static constexpr std::string_view kNotes_MiningAlert[] = {
    "深信服 AF 安全日志：10.10.6.88 持续连接已知矿池域名，目标端口 3333，CPU 占用 "
    "100%。主机为研发部共享测试机，使用人已确认。",
    "全网排查同类外联，未发现其他受感染主机。已将矿池域名加入黑名单，并推送终端软件安装管控策略。",
};

// ===========================================================================
// 其他/账号权限
// ===========================================================================

static constexpr std::string_view kReplies_Onboard[] = {
    "您好，已收到钉钉入职审批推送的账号开通申请，将在入职前一天完成开通。",
    "已开通：域账号 li.na、企业邮箱、钉钉组织架构、金蝶K/3 "
    "Cloud（应收应付模块）。初始密码已通过短信发送给新员工本人，首次登录需修改密码。",
};
static constexpr std::string_view kNotes_Onboard[] = {
    "ERP 角色按财务部“应收会计”模板分配，已请财务经理在 OA 中补签 ERP 权限审批单。",
};

static constexpr std::string_view kReplies_Locked[] = {
    "您好，您的域账号因连续输错密码被锁定，我已为您解锁。请确认您是否在手机邮件或其他电脑上保存了旧密码？",
    "查到锁定来源是您手机上的邮件App仍在用旧密码同步，已指导您更新手机上的密码，账号不会再被反复锁定。",
};

static constexpr std::string_view kReplies_ShareAcl[] = {
    "您好，财务共享盘权限需要财务经理审批，已在OA中发起审批。",
    "财务经理已审批“只读”权限（申请的是读写，审批人调整为只读）。已将您加入 FIN-Share-RO "
    "组，请注销后重新登录电脑生效。",
};

static constexpr std::string_view kReplies_Offboard[] = {
    "您好，已收到HR系统推送的离职流程。将于其最后工作日18:00停用域账号、VPN和ERP账号。",
    "账号已停用；邮箱已设置自动回复并转发给其主管，邮箱数据已导出交接，保留90天后删除。工作电脑已回收入库。",
};

static constexpr std::string_view kReplies_U8Perm[] = {
    "您好，您在用友U8中看不到新仓库的单据，是因为数据权限中没有包含新建的“南区二号仓”。已转二线系统组处理。",
    "已在U8系统管理中为您的角色添加“南区二号仓”的仓库数据权限，请重新登录U8后查看。",
};

static constexpr std::string_view kReplies_WeCom[] = {
    "您好，可能是您在手机上误点了“退出企业”。我已在企业微信管理后台重新邀请您加入，请在手机上查看邀请通知并确"
    "认。",
    "已重新加入，原来所在部门和审批权限已恢复，之前的审批单据也都可以查看。",
};

// ===========================================================================
// 其他/咨询
// ===========================================================================

static constexpr std::string_view kReplies_MobileOa[] = {
    "您好，OA审批可以直接在钉钉手机端处理：打开钉钉—工作台—“OA审批”，无需连接VPN。如果需要查看OA中的附件文档"
    "，请使用深信服 aTrust 手机客户端连接VPN后访问。",
};

static constexpr std::string_view kReplies_Workstation[] = {
    "您好，根据设计部使用的3D渲染和Adobe系列软件，建议选择联想 ThinkStation P3 "
    "工作站：i7-14700、64GB内存、1TB固态+4TB机械硬盘、NVIDIA RTX A2000 12GB显卡，配27寸2K显示器。",
    "单台参考价约2.3万元，采购需走固定资产采购流程，可在OA中发起《IT设备采购申请》，我们会出具技术参数附件。",
};

static constexpr std::string_view kReplies_CloudDrive[] = {
    "您好，根据公司《信息安全管理规定》，涉及客户资料、财务数据和合同的文件不得存放到个人网盘（如百度网盘）或"
    "个人邮箱。",
    "需要外发或跨地点协作时，请使用公司的企业网盘或共享盘，外发大文件可使用企业网盘的“外链分享”功能并设置有效"
    "期和密码。",
};

static constexpr std::string_view kReplies_AutoReply[] = {
    "您好，在Outlook中点“文件—自动答复”，选择“发送自动答复”，勾选“仅在此时间范围内发送”并设置起止时间，分别填"
    "写组织内和组织外的答复内容即可。",
};

static constexpr std::string_view kReplies_ServiceHours[] = {
    "您好，IT服务台工作时间为工作日8:30—18:"
    "00，期间电话、邮件、网页和在线客服均有人受理；法定节假日和周末安排值班，紧急故障请拨打值班电话。",
    "春节假期值班表已发布在OA公告中，调休上班日按正常工作日提供服务。",
};

static constexpr std::string_view kReplies_PresalesOps[] = {
    "您好，感谢您对我司IT运维服务的关注！我们提供驻场运维、远程运维和按次上门三种服务模式，覆盖桌面终端、网络"
    "安全、服务器及常用业务系统。",
    "根据贵司约200台终端、2个办公地点的规模，我们的售前工程师将于本周内与您联系，安排现场调研后出具服务方案和"
    "报价（含SLA：7×24小时响应，紧急故障2小时到场）。",
};
static constexpr std::string_view kNotes_PresalesOps[] = {
    "外部潜在客户，已转售前组并抄送销售部李经理，下一步：约调研时间。",
};

static constexpr std::string_view kReplies_PresalesXinchuang[] = {
    "您好，我司产品当前版本已完成与银河麒麟 V10、统信 UOS 20 的兼容性适配，并通过了达梦 DM8 "
    "数据库的适配测试，可以提供相应的兼容性认证证书。",
    "如需进一步测试，我们可以提供30天试用授权并安排售前工程师远程协助部署，请告知贵单位的服务器CPU平台（鲲鹏/"
    "飞腾/海光）。",
};

// ===========================================================================
// 其他/其他
// ===========================================================================

static constexpr std::string_view kReplies_SlowResponse[] = {
    "您好，非常抱歉您的报修两天没有得到处理，这是我们的失职。投诉已登记，投诉专员会在2小时内与您联系。",
    "经核查，您前天提交的工单因被误分到已停用的队列，没有派单给工程师。您的原问题（显示器无法点亮）已于今天上"
    "午由工程师上门处理完毕，我们也已修正了派单规则。",
};
static constexpr std::string_view kNotes_SlowResponse[] = {
    "投诉专员：原工单分类为“硬件/外设”，自动派单规则仍指向已撤销的“桌面二组”队列，导致无人认领且 SLA "
    "告警未发出。已修正规则并全量排查同类工单 4 张。",
};

static constexpr std::string_view kReplies_LateEngineer[] = {
    "您好，对于工程师迟到且未带备件给您造成的困扰，我们深表歉意。投诉已登记，由投诉专员负责跟进。",
    "已核实：工程师出发前未确认备件型号，导致需要二次上门。今天下午已由主管陪同上门完成维修，并对该工程师进行"
    "了服务规范再培训。",
};

static constexpr std::string_view kReplies_Move[] = {
    "您好，已收到搬迁支持申请。请提供搬迁清单（工位号、电脑资产编号、电话分机号）和新办公区工位图。",
    "已安排周六上午现场服务组3名工程师支持，新办公区网口已提前测试。搬迁完成后所有电脑、电话和打印机均已恢复"
    "使用，资产位置已更新。",
};

static constexpr std::string_view kReplies_MeetingSupport[] = {
    "您好，已安排工程师明天8:"
    "00到大会议室，提前调试投影、音响、视频会议终端和无线网络，会议期间全程现场保障。",
    "会议已顺利结束，期间设备运行正常。",
};

static constexpr std::string_view kReplies_AcAlert[] = {
    "告警已受理，值班工程师已前往机房，同时联系物业空调维保单位。",
    "1号精密空调压缩机高压保护停机，已复位并清洗冷凝器滤网，机房温度已回落到23℃。空调维保单位明天上门全面检修"
    "。",
};
static constexpr std::string_view kNotes_AcAlert[] = {
    "机房温度峰值 32.4℃，各服务器未出现过热降频或宕机。已临时开启备用空调并打开机房门通风，持续观察 2 小时。",
};

// ===========================================================================
// The scenario table
// ===========================================================================

static constexpr TicketScenario kScenarios[] = {
    // ---------------------------------------------------------------- 软件/业务系统
    {.category_path = "软件/业务系统",
     .subject = "财务部全员无法登录金蝶K/3 Cloud，月结受阻",
     .description =
         "今天上午8:50起，财务部20多名同事登录金蝶K/3 Cloud均提示“数据中心连接失败，请检查网络或联系管理员”。"
         "网页端和客户端都进不去，其他部门的OA和邮件正常。今天是月结最后一天，总账和应付凭证都无法录入，请尽"
         "快处理！",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_ErpDown,
     .internal_notes = kNotes_ErpDown,
     .requester_followup =
         "已经可以登录了，上午的凭证都在，谢谢你们这么快处理。日志备份失败的问题请后续跟进，不要再出现了。",
     .resolution = "原因：ERP数据库服务器日志备份作业连续失败，SQL Server事务日志占满D盘，数据库服务停止。"
                   "处理：备份并收缩事务日志、重启数据库服务，修复日志备份作业，并新增磁盘空间监控告警（阈值8"
                   "5%）；已建问题单跟踪根因。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "用友U8登录提示“连接加密服务器失败”",
     .description =
         "今天早上打开用友U8+登录时提示“连接加密服务器失败，请检查加密服务器设置”，仓库和采购的同事都一样。"
         "昨天下班前还正常，电脑都是Windows 10，没有做过任何改动。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_U8License,
     .internal_notes = kNotes_U8License,
     .requester_followup = "现在可以登录了，谢谢。",
     .resolution = "原因：U8加密服务器自动安装系统更新后重启，U8加密服务未随系统自动启动。处理：启动服务并将"
                   "启动类型改为自动，关闭该服务器自动重启更新。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "泛微OA报销流程卡在“部门经理”节点无法流转",
     .description = "我上周五提交的差旅报销单（流程编号BX-2024-0873）一直停在“部门经理审批”节点，已经5天了。"
                    "问了部门里其他同事，他们最近提交的报销也卡在同一步。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_OaFlow,
     .internal_notes = {},
     .requester_followup = "周经理已经审批了，流程走到财务了，谢谢！",
     .resolution = "原因：流程节点审批人为已离职停用的账号。处理：将市场部报销流程的部门经理节点改为现任负责"
                   "人，重新推送卡住的3张报销单。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "钉钉考勤打卡数据未同步到HR系统",
     .description = "人力资源部在做本月考勤汇总时发现，从10日开始所有员工的钉钉打卡记录都没有同步到HR系统，系"
                    "统里显示为“缺卡”。"
                    "钉钉后台能看到打卡记录。月底要算工资，麻烦尽快处理。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "email",
     .agent_replies = kReplies_DingSync,
     .internal_notes = kNotes_DingSync,
     .requester_followup = "核对过了，数据都同步过来了。",
     .resolution = "原因：钉钉应用AppSecret被重置后HR系统接口配置未更新，接口调用返回access_"
                   "token无效。处理：更新接口配置并补同步10日至今的考勤数据，新增接口失败告警。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "ERP系统一周内三次卡死，严重影响仓库出库",
     .description = "这周一、周三和今天上午10点，ERP都卡死了十几分钟，出库单保存时一直转圈，发货车辆在仓库门"
                    "口等了半个多小时。"
                    "每次报修都说重启就好了，但问题反复出现。我们要求彻底解决，并给出书面说明。",
     .type = "complaint",
     .impact = "high",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_ErpComplaint,
     .internal_notes = kNotes_ErpComplaint,
     .requester_followup = "这两天没有再卡，先观察一周，谢谢你们的跟进。",
     .resolution = "原因：整点执行的库存汇总作业与出库单保存争用数据库锁。处理：将汇总作业调整到凌晨执行、优"
                   "化出库单保存SQL，连续一周回访确认无复发。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "金蝶凭证套打位置偏移，内容打到格子外面",
     .description = "用金蝶打印记账凭证（套打）时，所有内容整体往右下偏了大约1厘米，金额都打到格子外面了。"
                    "上周换了新的针式打印机（爱普生 LQ-630K）之后开始出现。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_VoucherPrint,
     .internal_notes = {},
     .requester_followup = "打了10张，位置都对上了。",
     .resolution = "原因：更换打印机后纸张尺寸和套打模板边距未调整。处理：设置自定义凭证纸张并调整套打模板边"
                   "距，打印位置恢复正常。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/业务系统",
     .subject = "CRM系统打开客户列表要等一分钟以上",
     .description = "销售部最近一周打开CRM“我的客户”列表非常慢，要等一分多钟才显示，有时浏览器直接提示“504 "
                    "Gateway Time-out”。"
                    "其他页面速度正常，所有销售同事都是这样。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_CrmSlow,
     .internal_notes = kNotes_CrmSlow,
     .requester_followup = "",
     .resolution = "原因：客户表数据量增长后客户列表查询缺少索引，全表扫描。处理：新建联合索引，查询时间由63"
                   "秒降至约1秒。",
     .needs_l2 = true,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 软件/邮件
    {.category_path = "软件/邮件",
     .subject = "邮件服务器无法连接，全公司Outlook收发失败",
     .description = "从今天早上7点多开始，全公司Outlook都显示“正在尝试连接…”，发出的邮件一直卡在发件箱；网页"
                    "版邮箱打开显示“502 Bad Gateway”。"
                    "手机上的企业邮箱也收不到新邮件。销售部上午有投标文件要发给客户，非常紧急。",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_MailDown,
     .internal_notes = kNotes_MailDown,
     .requester_followup = "邮件都收到了，投标文件也发出去了。",
     .resolution =
         "原因：Exchange服务器系统盘被IIS日志占满，触发传输服务背压并导致OWA应用池停止。"
         "处理：清理并转移IIS日志，重启传输服务和OWA应用池；新增IIS日志定期清理任务和磁盘空间告警。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/邮件",
     .subject = "Outlook启动提示“无法打开此文件夹集合”",
     .description = "今天开机后打开Outlook 2016，提示“无法启动 Microsoft Outlook。无法打开 Outlook "
                    "窗口。无法打开此文件夹集合。”，然后就自动关闭了。"
                    "电脑是ThinkPad T480，Windows 10，昨天电脑死机后强制关过机。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "chat",
     .agent_replies = kReplies_OutlookOst,
     .internal_notes = kNotes_OutlookOst,
     .requester_followup = "邮件都回来了，谢谢！",
     .resolution = "原因：强制关机导致Outlook本地OST数据文件损坏。处理：新建Outlook配置文件并重新同步邮箱。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/邮件",
     .subject = "Foxmail收不到邮件，一直提示密码错误",
     .description =
         "Foxmail 7.2 "
         "从前天开始收信时弹出“IMAP认证失败，请检查用户名和密码”，反复输入都不行，但网页版邮箱可以正常登录。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_Foxmail,
     .internal_notes = {},
     .requester_followup = "改完密码就能收信了。",
     .resolution =
         "原因：域密码到期修改后，Foxmail中保存的仍是旧密码。处理：指导用户在Foxmail账号设置中更新密码。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/邮件",
     .subject = "给客户发邮件被退回，提示“554 5.7.1 Service unavailable”",
     .description = "今天上午给华东区的客户发报价邮件被退回，退信内容是“554 5.7.1 Service unavailable; "
                    "Client host blocked using zen.spamhaus.org”。"
                    "销售部其他同事发给这个客户的邮件也被退回了，发给其他客户正常。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "email",
     .agent_replies = kReplies_Bounce,
     .internal_notes = kNotes_Bounce,
     .requester_followup = "重新发送后客户已经收到了。",
     .resolution = "原因：员工邮箱密码泄露被用于群发垃圾邮件，公司邮件出口IP被列入Spamhaus黑名单。处理：重置"
                   "该账号密码、限制外发频率、申请解除黑名单。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "软件/邮件",
     .subject = "邮箱提示容量已满，申请扩容",
     .description = "Outlook右下角提示“邮箱已满，您可能无法发送或接收项目”，现在发不出邮件。我做采购，邮件里"
                    "有很多供应商合同附件，不能随便删。",
     .type = "service_request",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_MailboxFull,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "经部门负责人审批，邮箱配额由5GB扩容至10GB，并指导用户开启Outlook自动存档。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/邮件",
     .subject = "收到冒充财务总监的邮件要求紧急转账",
     .description = "刚收到一封署名“财务总监 "
                    "董建国”的邮件，说有一笔保密的收购款今天必须付，要我加一个QQ号私聊并先转50万到指定账户。"
                    "发件人显示名是董总，但我觉得语气不对，请IT帮忙确认一下是不是诈骗邮件。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "email",
     .agent_replies = kReplies_Phishing,
     .internal_notes = kNotes_Phishing,
     .requester_followup = "好的，我没有回复也没有转账。",
     .resolution = "确认为仿冒域名的钓鱼诈骗邮件。处理：邮件网关拦截该域名、从全员邮箱撤回同类邮件37封，并向"
                   "全员发送防诈骗提醒。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 软件/操作系统
    {.category_path = "软件/操作系统",
     .subject = "Windows更新后一直显示“正在准备Windows”进不去系统",
     .description = "昨晚下班关机时电脑提示安装更新，今天早上开机一直显示“正在准备 "
                    "Windows，请不要关闭你的计算机”，已经一个多小时了。"
                    "电脑是联想 ThinkCentre M720t，Windows 10 22H2。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_UpdateStuck,
     .internal_notes = kNotes_UpdateStuck,
     .requester_followup = "可以用了，谢谢师傅。",
     .resolution = "原因：累积更新安装失败后循环回滚。处理：在WinRE中卸载该更新，系统正常启动；WSUS暂缓该更新"
                   "并反馈二线评估。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "软件/操作系统",
     .subject = "申请将办公电脑从Windows 10升级到Windows 11",
     .description = "Windows 10明年停止支持，部门要求统一升级。我的电脑是联想 ThinkCentre "
                    "M720t，想申请升级到Windows 11，升级时需要我做哪些准备？",
     .type = "service_request",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_Win11Upgrade,
     .internal_notes = {},
     .requester_followup = "好的，周四我下班前会保存好文件。",
     .resolution = "经硬件兼容性检查后，于约定时间将电脑原地升级至Windows "
                   "11专业版23H2，应用和数据保留，已验证域登录、打印和VPN正常。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/操作系统",
     .subject = "电脑提示“你的Windows许可证即将过期”",
     .description =
         "最近开机右下角总弹出“你的 Windows "
         "许可证即将过期，请联系系统管理员获取产品密钥”。我在外地项目上驻场快半年了，一直没回公司。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_WinLicense,
     .internal_notes = {},
     .requester_followup = "连上VPN执行命令后提示激活成功了。",
     .resolution = "原因：电脑长期未连接公司内网，KMS激活超过180天未续期。处理：指导用户连接VPN后执行slmgr "
                   "/ato重新激活。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/操作系统",
     .subject = "开机后桌面图标和文件全部不见了",
     .description = "今天开机后桌面变成了全新的样子，之前的文件和图标都没了，右下角提示“你已使用临时配置文件"
                    "登录。你无法访问你的文件”。"
                    "下午要给领导交材料，文件都在桌面上，很着急。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_TempProfile,
     .internal_notes = kNotes_TempProfile,
     .requester_followup = "文件都回来了，太感谢了！",
     .resolution = "原因：用户配置文件注册表项损坏，系统以临时配置文件登录。处理：修复ProfileList注册表项后重"
                   "启，原配置文件恢复。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/操作系统",
     .subject = "电脑弹出勒索提示，共享盘文件后缀被改成.locked",
     .description = "刚才打开一封“电子发票”邮件里的压缩包后，电脑变得很卡，桌面出现一个README_RESTORE."
                    "txt，要求支付比特币解密。"
                    "我的文件和销售部共享盘里的很多文件都打不开了，后缀变成了.locked。",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_Ransomware,
     .internal_notes = kNotes_Ransomware,
     .requester_followup = "文件已经核对过，基本都恢复了，以后不会乱开附件了。",
     .resolution =
         "原因：用户打开伪装成发票的恶意邮件附件，感染勒索病毒并加密本机及共享盘文件。"
         "处理：隔离主机、阻断外联，重装系统，从快照恢复共享盘文件；邮件网关拦截该样本，推动全员部署EDR。",
     .needs_l2 = true,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 软件/办公软件
    {.category_path = "软件/办公软件",
     .subject = "Excel文件打开提示“文件已损坏，无法打开”",
     .description = "共享盘上的“销售数据汇总.xlsx”今天下午打开时提示“Excel "
                    "无法打开文件，因为文件格式或文件扩展名无效”，其他同事打开也一样。"
                    "中午有同事编辑时电脑死机了。这个表今天下班前要报给总经理。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "chat",
     .agent_replies = kReplies_ExcelCorrupt,
     .internal_notes = {},
     .requester_followup = "恢复的文件没问题，我把下午改的内容补上了。",
     .resolution = "原因：编辑过程中电脑死机导致文件保存不完整。处理：从共享盘卷影副本恢复11:00版本的文件。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/办公软件",
     .subject = "申请安装Visio 2021和Adobe Acrobat Pro",
     .description = "因工作需要画流程图和编辑PDF合同，申请在我的电脑上安装Visio 2021和Adobe Acrobat "
                    "Pro，电脑资产编号IT-PC-0312。",
     .type = "service_request",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_SoftwareInstall,
     .internal_notes = kNotes_SoftwareInstall,
     .requester_followup = "福昕也可以，谢谢。",
     .resolution =
         "已安装Visio 2021（批量授权）和福昕PDF编辑器（替代Acrobat Pro），授权已登记到软件资产台账。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/办公软件",
     .subject = "Word每次打开都提示“Microsoft Word已停止工作”",
     .description = "从昨天装了一个翻译软件以后，打开任何Word文档都会弹出“Microsoft Word "
                    "已停止工作”，然后自动关闭。Office 2019，Windows 10。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_WordCrash,
     .internal_notes = {},
     .requester_followup = "",
     .resolution =
         "原因：第三方翻译软件的Word COM加载项与Office 2019冲突。处理：禁用该加载项后Word正常启动。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/办公软件",
     .subject = "Office顶部出现红色横幅提示“产品激活失败”",
     .description = "打开Word和Excel时顶部都有红色提示“产品激活失败”，很多功能变成灰色不能用了。我常驻深圳分"
                    "公司，很少回总部。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "email",
     .agent_replies = kReplies_OfficeActivate,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：Office批量版长期未连接内网，KMS激活过期。处理：连接VPN后重新激活，建议改用Microsoft"
                   " 365订阅版。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "软件/办公软件",
     .subject = "安装WPS后双击文档总是用WPS打开",
     .description = "前几天为了看一个文件装了WPS，现在所有Word、Excel文件双击都是用WPS打开的，格式有时还会乱"
                    "，想恢复成默认用Office打开。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_WpsAssoc,
     .internal_notes = {},
     .requester_followup = "按你说的设置好了，可以了。",
     .resolution =
         "原因：安装WPS时接管了Office文件关联。处理：取消WPS兼容设置中的文件关联并重新设置默认应用为Office。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 硬件/台式机/笔记本
    {.category_path = "硬件/台式机/笔记本",
     .subject = "ThinkPad开机蓝屏，提示INACCESSIBLE_BOOT_DEVICE",
     .description = "联想ThinkPad "
                    "T14笔记本今天开机直接蓝屏，提示“你的设备遇到问题，需要重启”，终止代码INACCESSIBLE_BOOT_"
                    "DEVICE，重启几次都一样。"
                    "昨天电脑提示过BIOS更新，我点了更新。下午两点有客户会议要用电脑里的方案。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_BootDevice,
     .internal_notes = kNotes_BootDevice,
     .requester_followup = "电脑好了，备用机已经还回去了。",
     .resolution = "原因：BIOS升级后Intel "
                   "VMD存储控制器被重新启用，系统无法识别启动盘。处理：在BIOS中关闭VMD后正常启动，暂停自动BIO"
                   "S更新策略。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/台式机/笔记本",
     .subject = "笔记本键盘洒了咖啡后无法开机",
     .description = "今天上午不小心把咖啡洒在联想ThinkPad X1 "
                    "Carbon键盘上，当时马上擦干了，几分钟后屏幕黑了，现在按电源键没有任何反应。"
                    "电脑里有项目资料，大部分在OneDrive上同步过。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_Spill,
     .internal_notes = kNotes_Spill,
     .requester_followup = "电脑修好了，数据都在，谢谢！",
     .resolution = "原因：液体进入导致主板短路。处理：提供备用机并恢复文件，原机经联想授权服务站在意外保护范"
                   "围内更换主板和键盘，硬盘数据完好。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/台式机/笔记本",
     .subject = "研发部新员工入职电脑领用及系统安装",
     .description = "研发部下周一有一名新员工（宋雨萱）入职，需要准备一台台式电脑，安装常用办公软件和开发环境"
                    "，并接入部门打印机。",
     .type = "service_request",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_NewPc,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "已交付联想ThinkCentre M720t一台，预装Windows 11、Office "
                   "2021、钉钉、企业微信和杀毒软件，已加域并连接部门打印机，资产已登记。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/台式机/笔记本",
     .subject = "电脑运行很慢，开机要10分钟",
     .description = "我的台式机（惠普 ProDesk 400 G4，Windows "
                    "10）最近越来越慢，开机要近10分钟，打开Excel也要等很久，任务管理器里磁盘一直是100%。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_SlowPc,
     .internal_notes = {},
     .requester_followup = "开机快多了，固态硬盘什么时候能换？",
     .resolution = "原因：多款安全软件冲突、开机自启动项过多，机械硬盘性能瓶颈。处理：卸载重复安全软件、精简"
                   "启动项，更换512GB固态硬盘并迁移系统。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/台式机/笔记本",
     .subject = "开机要求输入BitLocker恢复密钥，进不去系统",
     .description = "出差中，ThinkPad T14s开机出现蓝色界面“BitLocker "
                    "恢复，输入此驱动器的恢复密钥”，我不知道密钥是什么。电脑是Windows 11。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_BitLocker,
     .internal_notes = {},
     .requester_followup = "可以进系统了。",
     .resolution = "原因：BIOS固件更新后TPM测量值变化，触发BitLocker恢复。处理：核实身份后从AD查询恢复密钥并"
                   "电话告知用户解锁。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/台式机/笔记本",
     .subject = "笔记本电池鼓包，触控板被顶起来了",
     .description =
         "我的联想ThinkPad "
         "E14这两天触控板按不下去，仔细看发现底壳和触控板都被顶起来了，应该是电池鼓包。电脑买了一年半。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_Battery,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：笔记本锂电池老化鼓包。处理：在保修期内免费更换原厂电池，旧电池按危险品回收。",
     .needs_l2 = false,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 硬件/打印机
    {.category_path = "硬件/打印机",
     .subject = "三楼财务部打印机卡纸无法打印",
     .description = "三楼财务部的惠普LaserJet Pro "
                    "M404dn从早上开始面板显示“纸盒2卡纸”，打开后盖看不到纸，重启后还是一样。"
                    "月底报表都要打印，整个部门在等。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_PaperJam,
     .internal_notes = {},
     .requester_followup = "能正常打印了，谢谢。",
     .resolution = "原因：纸盒内混放受潮纸张，碎纸片残留在进纸通道。处理：取出碎纸、清洁搓纸轮、更换干燥纸张"
                   "，测试打印正常。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/打印机",
     .subject = "行政部打印机硒鼓用完，申请更换（惠普CF228A）",
     .description = "行政部的惠普LaserJet Pro "
                    "M427fdw提示“黑色硒鼓碳粉极低”，打印出来已经发白了，申请更换一个新硒鼓，型号CF228A。",
     .type = "service_request",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_Toner,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "已从备件库领用惠普CF228A硒鼓1支并上门更换，测试打印正常，旧硒鼓已回收。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/打印机",
     .subject = "添加共享打印机失败，提示错误0x0000011b",
     .description = "电脑重装系统后添加财务部的共享打印机，提示“Windows 无法连接到打印机。操作失败，错误为 "
                    "0x0000011b”。Windows 10 22H2。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_Print11b,
     .internal_notes = kNotes_Print11b,
     .requester_followup = "可以打印了。",
     .resolution = "原因：Windows安全更新加强了共享打印的RPC认证，导致连接共享打印机报0x0000011b。处理：改为"
                   "通过TCP/IP端口直连打印机并安装通用驱动。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/打印机",
     .subject = "复印机扫描到邮件失败，提示SMTP认证错误",
     .description = "二楼的柯尼卡美能达 bizhub C368 "
                    "扫描到邮件时，面板提示“发送失败：SMTP认证错误”，从周一开始就不能用了，只能用U盘拷。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_ScanMail,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：扫描用公共邮箱密码按策略过期更换，复印机中仍为旧密码。处理：更新复印机SMTP认证密码"
                   "，并将该账号设置为服务账号、密码不过期。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/打印机",
     .subject = "人力资源部打印机一个月内第三次故障，要求换机",
     .description =
         "我们部门的打印机这个月已经坏了三次了，每次修完没几天又卡纸、打出来的纸皱巴巴的。"
         "今天又不能用，入职材料都没法打印。每次都说修好了，我们对这个处理结果很不满意，要求直接换一台新的。",
     .type = "complaint",
     .impact = "medium",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_PrinterComplaint,
     .internal_notes = kNotes_PrinterComplaint,
     .requester_followup = "新打印机很好用，速度也快多了，谢谢跟进。",
     .resolution = "原因：打印机使用6年、累计印量超过设计寿命，定影组件老化导致反复故障。处理：更换新打印机惠"
                   "普LaserJet Pro M404dn，旧机报废，一周后回访确认正常。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/打印机",
     .subject = "打印出来的纸上有一条竖向黑线",
     .description = "销售部的兄弟HL-5595DN打印出来每一页中间都有一条竖着的黑线，复印也有，换了新硒鼓也没用。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_Streaks,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：鼓单元达到使用寿命，感光鼓表面划伤。处理：更换兄弟DR-3450鼓组件，打印质量恢复。",
     .needs_l2 = false,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 硬件/服务器
    {.category_path = "硬件/服务器",
     .subject = "【告警】文件服务器FS01 D盘使用率超过90%",
     .description =
         "【Zabbix告警】主机：FS01（10.10.20.31） 问题：Free disk space is less than 10% on volume D: "
         "当前使用率：92.6% 严重性：High 发生时间：02:14:06。该服务器为公司共享文件服务器。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "alert",
     .agent_replies = kReplies_DiskAlert,
     .internal_notes = kNotes_DiskAlert,
     .requester_followup = "",
     .resolution = "原因：设计部视频素材大量存放于共享盘，回收站长期未清理。处理：清理回收站与临时文件、素材"
                   "迁移至NAS，使用率降至68%，启用FSRM目录配额并提交扩容变更。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/服务器",
     .subject = "【告警】ERP数据库服务器RAID阵列降级",
     .description =
         "【iDRAC告警】主机：ERP-DB01 型号：戴尔 PowerEdge R740 事件：Physical Disk 0:1:3 is removed；"
         "Virtual Disk 0 (RAID-5) state changed to "
         "Degraded。阵列当前无冗余，如再有一块硬盘故障将导致数据丢失。",
     .type = "incident",
     .impact = "high",
     .urgency = "medium",
     .channel = "alert",
     .agent_replies = kReplies_RaidAlert,
     .internal_notes = kNotes_RaidAlert,
     .requester_followup = "",
     .resolution = "原因：槽位3硬盘物理故障。处理：现场热插拔更换同型号600GB "
                   "SAS硬盘，阵列重建约4小时完成，状态恢复Optimal，故障盘按原厂流程返修。",
     .needs_l2 = true,
     .needs_onsite = true},
    {.category_path = "硬件/服务器",
     .subject = "研发测试服务器无法开机，电源灯橙色闪烁",
     .description = "机房B排3号机柜的浪潮NF5280M5测试服务器，昨晚机房断电维护后今天无法开机，前面板电源指示灯"
                    "橙色闪烁，按电源键没反应。上面跑着测试环境的十几台虚拟机。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_PsuFail,
     .internal_notes = kNotes_PsuFail,
     .requester_followup = "测试环境都起来了，谢谢。",
     .resolution = "原因：一个电源模块损坏，另一个所接PDU插座松动未供电。处理：更换故障电源模块、重新固定电源"
                   "线，服务器及虚拟机恢复运行。",
     .needs_l2 = true,
     .needs_onsite = true},
    {.category_path = "硬件/服务器",
     .subject = "申请新建一台测试虚拟机（4核8G）",
     .description = "测试部新项目需要一台测试虚拟机：4核CPU、8G内存、200G硬盘，操作系统CentOS Stream "
                    "9，使用期6个月，用于接口自动化测试。",
     .type = "service_request",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_VmRequest,
     .internal_notes = kNotes_VmRequest,
     .requester_followup = "已经登录上了，谢谢。",
     .resolution = "经部门负责人审批，在vSphere测试集群创建虚拟机test-qa-07（4核8G/"
                   "200G），已交付申请人并登记有效期6个月。",
     .needs_l2 = true,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 硬件/外设
    {.category_path = "硬件/外设",
     .subject = "2号会议室投影仪无信号，下午有客户来访",
     .description =
         "2号会议室的爱普生CB-"
         "X06投影仪开机后一直显示“无信号”，笔记本用HDMI线接上也不行。下午两点有重要客户来访，要用投影演示。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_Projector,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：会议桌下HDMI延长线接头松动。处理：更换HDMI线并测试各类笔记本投屏正常。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/外设",
     .subject = "显示器闪屏，偶尔黑屏几秒",
     .description = "我的戴尔P2419H显示器这周开始经常闪一下，有时黑屏两三秒又恢复，看久了眼睛很难受。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_MonitorFlicker,
     .internal_notes = {},
     .requester_followup = "备用显示器没问题了。",
     .resolution = "原因：显示器本身故障（更换线缆后仍复现）。处理：更换备用显示器，原显示器送戴尔售后保修。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "硬件/外设",
     .subject = "仓库扫码枪扫描条码后ERP没有反应",
     .description = "仓库收货用的霍尼韦尔1900扫码枪，扫条码时有“嘀”的一声，但ERP物料编码栏里什么都没出来，或"
                    "者出来的是乱码。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_Scanner,
     .internal_notes = {},
     .requester_followup = "可以了，扫完直接跳到下一行了。",
     .resolution =
         "原因：扫码枪以键盘方式输入，被中文输入法拦截。处理：设置默认英文输入法并配置扫码枪扫描后自动回车。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/外设",
     .subject = "申请领用无线键鼠套装和USB-C扩展坞",
     .description =
         "新换的ThinkPad只有两个USB-C口，接显示器和网线不方便，申请领用一个USB-C扩展坞和一套无线键鼠。",
     .type = "service_request",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_Accessory,
     .internal_notes = {},
     .requester_followup = "已经领到了。",
     .resolution = "已按领料流程发放罗技MK295无线键鼠套装1套和USB-C扩展坞1个，领用记录已登记。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "硬件/外设",
     .subject = "财务网银U盾插上电脑后无法识别",
     .description = "出纳用的工商银行U盾插上电脑后，网银助手提示“未检测到U盾”，今天有几笔供应商货款必须在下午"
                    "3点前付出去。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_UKey,
     .internal_notes = {},
     .requester_followup = "已经付款成功了，谢谢！",
     .resolution =
         "原因：网银助手版本过旧，与系统更新后的U盾驱动不兼容。处理：卸载并重新安装最新版网银助手和U盾驱动。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 网络/有线网络
    {.category_path = "网络/有线网络",
     .subject = "办公楼核心交换机故障，2-5楼全部断网",
     .description = "今天14:"
                    "20左右，办公楼2楼到5楼所有有线网络同时中断，电脑右下角显示“无Internet访问”，IP电话也没有"
                    "信号，无线网络同样无法使用。"
                    "机房值班同事反馈核心交换机华为S7706前面板多个告警灯亮红灯。整栋楼约300人无法办公。",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_CoreSwitch,
     .internal_notes = kNotes_CoreSwitch,
     .requester_followup = "5楼也恢复了，视频会议可以正常开了。",
     .resolution = "原因：核心交换机华为S7706主用主控板硬件故障且未自动倒换。处理：手工主备倒换恢复业务，原厂"
                   "更换故障主控板，补充主备倒换监控；已提交问题单复盘。",
     .needs_l2 = true,
     .needs_onsite = true},
    {.category_path = "网络/有线网络",
     .subject = "电脑提示IP地址冲突，无法上网",
     .description = "财务部我的电脑右下角弹出“Windows 检测到 IP "
                    "地址冲突”，网络图标上有黄色感叹号，打不开ERP也上不了网。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_IpConflict,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：新装网络打印机设置了与DHCP地址池重叠的固定IP。处理：将打印机改为保留地址并在DHCP中"
                   "排除，用户电脑重新获取地址后恢复。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/有线网络",
     .subject = "四楼东侧工位网口不通，插网线没反应",
     .description = "四楼东区靠窗的工位（4F-E-"
                    "23）插上网线后电脑显示“网络电缆被拔出”，换了网线和电脑都一样，隔壁工位是好的。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_DeadPort,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：网口至配线架线缆水晶头氧化接触不良。处理：重新打线，交换机端口恢复UP。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "网络/有线网络",
     .subject = "【告警】三楼接入交换机SW-3F-02上联端口Down",
     .description = "【网络监控告警】设备：SW-3F-02（H3C S5130，10.10.1.32） 接口：Ten-GigabitEthernet1/0/49 "
                    "状态：UP→DOWN "
                    "严重性：严重 发生时间：09:41:27。设备ping不通，三楼西区用户报告无法上网。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "alert",
     .agent_replies = kReplies_UplinkAlert,
     .internal_notes = kNotes_UplinkAlert,
     .requester_followup = "",
     .resolution = "原因：接入交换机上联10G光模块故障。处理：更换SFP+光模块，上联恢复，收光正常。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "网络/有线网络",
     .subject = "二楼下午网络时断时续，打开系统非常慢",
     .description = "从下午1点多开始，二楼访问OA、ERP和外网都很慢，ping网关时通时不通，丢包很严重。市场部和销"
                    "售部都受影响。",
     .type = "incident",
     .impact = "medium",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_Loop,
     .internal_notes = kNotes_Loop,
     .requester_followup = "网络正常了。",
     .resolution = "原因：员工私接小交换机形成网络环路，引发广播风暴。处理：拆除环路，在所有接入交换机启用环"
                   "路检测和广播风暴抑制。",
     .needs_l2 = true,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 网络/无线网络
    {.category_path = "网络/无线网络",
     .subject = "大会议室无线信号弱，视频会议频繁卡顿",
     .description =
         "5楼大会议室用笔记本连Wi-Fi开腾讯会议，画面经常卡住、声音断断续续，信号只有一格，坐到门口会好一点。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_WeakWifi,
     .internal_notes = {},
     .requester_followup = "今天开会很流畅，谢谢。",
     .resolution = "原因：会议室无AP覆盖，信号来自走廊AP穿墙衰减。处理：在会议室新增华为AirEngine "
                   "AP并优化信道，信号强度提升至-48dBm。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "网络/无线网络",
     .subject = "访客连接Guest无线后不弹出认证页面",
     .description = "前台反映今天有几位来访客户连上“Guest”无线后，手机一直不弹出短信认证页面，无法上网。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_GuestPortal,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：访客手机开启了私人DNS/"
                   "代理，无法触发Portal重定向。处理：指导关闭相关设置，并为前台开通临时上网二维码功能。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/无线网络",
     .subject = "手机连不上公司Wi-Fi，提示“无法加入网络”",
     .description =
         "我的iPhone连接“Corp-Staff”无线时提示“无法加入网络”，以前一直可以自动连上，电脑连无线是正常的。",
     .type = "incident",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_PhoneWifi,
     .internal_notes = {},
     .requester_followup = "重新连好了。",
     .resolution = "原因：域密码修改后手机仍使用旧密码进行802.1X认证。处理：忽略网络后使用新密码重新连接。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/无线网络",
     .subject = "6楼新办公区需要部署无线网络覆盖",
     .description = "公司租下的6楼新办公区（约900平米，110个工位，3间会议室）下月初启用，需要部署和其他楼层一"
                    "样的无线网络。",
     .type = "service_request",
     .impact = "medium",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_NewFloorWifi,
     .internal_notes = kNotes_NewFloorWifi,
     .requester_followup = "方案没问题，请按计划施工。",
     .resolution = "6楼新增8台华为AirEngine 5761 "
                   "AP，纳入现有无线控制器统一管理，覆盖测试全区域信号优于-60dBm，已交付使用。",
     .needs_l2 = true,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 网络/VPN
    {.category_path = "网络/VPN",
     .subject = "申请开通VPN远程办公权限",
     .description =
         "我是采购部员工，经常需要在外地供应商处访问ERP和共享盘，申请开通VPN远程办公权限，部门经理已同意。",
     .type = "service_request",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_VpnRequest,
     .internal_notes = {},
     .requester_followup = "已经能连上了。",
     .resolution =
         "经部门负责人审批，开通深信服aTrust VPN账号并授权OA、ERP、共享盘资源，已发送客户端和使用说明。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/VPN",
     .subject = "出差在酒店连接深信服VPN失败",
     .description =
         "我在成都出差，用酒店Wi-"
         "Fi连接深信服EasyConnect时提示“连接服务器失败，请检查网络后重试”，晚上要在ERP里审批采购订单。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_VpnFail,
     .internal_notes = {},
     .requester_followup = "",
     .resolution =
         "原因：酒店网络限制VPN所用UDP端口，且客户端版本较旧。处理：升级EasyConnect客户端并启用TCP传输模式。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/VPN",
     .subject = "VPN连接成功但无法访问内部文件服务器",
     .description =
         "在家连上VPN后OA和邮箱都可以用，但是打开共享盘（映射的Z盘）提示“找不到网络路径”。上周还可以。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "email",
     .agent_replies = kReplies_VpnNoAccess,
     .internal_notes = kNotes_VpnNoAccess,
     .requester_followup = "可以打开Z盘了，谢谢。",
     .resolution =
         "原因：AD部门调整后VPN角色同步，丢失文件服务器资源授权。处理：为新部门角色补充文件服务器访问授权。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "网络/VPN",
     .subject = "在家连VPN后每隔十几分钟就掉线",
     .description =
         "最近在家办公连VPN，大概每隔十几分钟就自动断开一次，要重新登录，远程桌面经常断。家里是电信宽带。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_VpnDrop,
     .internal_notes = {},
     .requester_followup = "今天一整天没有掉线了。",
     .resolution = "原因：家用宽带MTU偏小导致VPN隧道报文分片、频繁重连。处理：将VPN客户端MTU调整为1400。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 网络/防火墙
    {.category_path = "网络/防火墙",
     .subject = "申请开放防火墙端口供供应商调用接口",
     .description = "物流供应商需要调用我们的订单接口（接口服务器10.10.20."
                    "60，端口8443），申请在防火墙上开放对外访问，项目下周一上线。",
     .type = "service_request",
     .impact = "medium",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_FwPort,
     .internal_notes = kNotes_FwPort,
     .requester_followup = "供应商已经测通了。",
     .resolution =
         "经变更审批，在防火墙新增策略开放TCP 8443，仅限供应商固定出口IP访问接口服务器，已开启访问日志。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "网络/防火墙",
     .subject = "公司网络打不开电子税务局网站",
     .description = "今天是申报期最后一天，用公司网络登录电子税务局时页面显示“该网站已被管理员阻止访问”，用手"
                    "机热点可以打开。",
     .type = "incident",
     .impact = "medium",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_TaxSite,
     .internal_notes = {},
     .requester_followup = "可以打开了，申报已经提交。",
     .resolution = "原因：防火墙URL分类库更新后将电子税务局域名误判为未知风险类别。处理：将相关域名加入URL过"
                   "滤白名单，并向厂商反馈误判。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "网络/防火墙",
     .subject = "【告警】防火墙检测到内网主机连接矿池（疑似挖矿）",
     .description = "【深信服AF安全告警】源IP：10.10.6.88 目的：已知矿池域名 端口：TCP 3333 "
                    "威胁类型：挖矿木马 等级：高危 "
                    "首次发现：22:05:13，持续外连中。",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "alert",
     .agent_replies = kReplies_MiningAlert,
     .internal_notes = kNotes_MiningAlert,
     .requester_followup = "",
     .resolution = "原因：研发测试机安装了捆绑挖矿程序的破解软件。处理：防火墙阻断外联、主机重装系统、矿池域"
                   "名加入黑名单，推送终端软件安装管控策略。",
     .needs_l2 = true,
     .needs_onsite = true},

    // ---------------------------------------------------------------- 其他/账号权限
    {.category_path = "其他/账号权限",
     .subject = "新员工入职开通账号（域账号、邮箱、钉钉、ERP）",
     .description = "【钉钉入职审批】审批编号：RZ-20240611-017 新员工：李娜 部门：财务部 岗位：应收会计 "
                    "入职日期：下周一 "
                    "需开通：域账号、企业邮箱、钉钉、金蝶K/3 Cloud（应收应付）。",
     .type = "service_request",
     .impact = "low",
     .urgency = "medium",
     .channel = "api",
     .agent_replies = kReplies_Onboard,
     .internal_notes = kNotes_Onboard,
     .requester_followup = "",
     .resolution = "已开通域账号、企业邮箱、钉钉及金蝶K/3 "
                   "Cloud应收应付权限，初始密码以短信发送本人，ERP权限审批单已补签。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/账号权限",
     .subject = "域账号被锁定，电脑无法登录",
     .description =
         "早上登录电脑提示“引用的账户当前已锁定，且可能无法登录”，我确定密码没输错，昨天下午也被锁过一次。",
     .type = "incident",
     .impact = "low",
     .urgency = "high",
     .channel = "phone",
     .agent_replies = kReplies_Locked,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "原因：手机邮件App使用旧密码反复认证，导致域账号锁定。处理：解锁账号并更新手机邮件密码。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/账号权限",
     .subject = "申请开通财务共享盘读写权限",
     .description =
         "我是审计部的，本季度要做内部审计，需要访问财务共享盘中的“2024年凭证扫描件”目录，申请读写权限。",
     .type = "service_request",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_ShareAcl,
     .internal_notes = {},
     .requester_followup = "只读就够用了，谢谢。",
     .resolution = "经财务经理审批，授予财务共享盘只读权限（加入FIN-Share-RO组），有效期至本季度末。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/账号权限",
     .subject = "离职员工账号停用及邮箱数据交接",
     .description = "【HR系统离职流程】员工：赵磊 部门：销售部 最后工作日：本周五 交接人：徐明。"
                    "请停用域账号、VPN、ERP、CRM账号，邮箱数据交接给交接人，回收笔记本电脑一台。",
     .type = "service_request",
     .impact = "medium",
     .urgency = "medium",
     .channel = "api",
     .agent_replies = kReplies_Offboard,
     .internal_notes = {},
     .requester_followup = "",
     .resolution =
         "已在最后工作日18:00停用全部账号，邮箱设置自动回复并转发交接人，数据导出交接，笔记本已回收入库。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/账号权限",
     .subject = "用友U8中看不到新仓库的出入库单据",
     .description = "公司上周新建了“南区二号仓”，我在用友U8库存管理里查询出入库单时，选不到这个仓库，同事（仓"
                    "库主管）能看到。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_U8Perm,
     .internal_notes = {},
     .requester_followup = "能看到了。",
     .resolution = "原因：新建仓库后未同步分配仓库数据权限。处理：为相关角色增加新仓库的数据权限。",
     .needs_l2 = true,
     .needs_onsite = false},
    {.category_path = "其他/账号权限",
     .subject = "企业微信误退出企业，看不到审批和通讯录",
     .description =
         "刚才清理手机时在企业微信里点了“退出企业”，现在工作台、审批和公司通讯录都没有了，客户群也看不到了。",
     .type = "incident",
     .impact = "low",
     .urgency = "medium",
     .channel = "chat",
     .agent_replies = kReplies_WeCom,
     .internal_notes = {},
     .requester_followup = "已经回来了，谢谢！",
     .resolution = "原因：用户误操作退出企业。处理：管理后台重新邀请加入，恢复原部门和审批权限。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 其他/咨询
    {.category_path = "其他/咨询",
     .subject = "在外出差时如何用手机处理OA审批",
     .description = "下周要出差一周，想问一下在手机上能不能处理OA里的审批？需要装什么软件？",
     .type = "consultation",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_MobileOa,
     .internal_notes = {},
     .requester_followup = "明白了，谢谢。",
     .resolution = "已说明通过钉钉移动端处理OA审批的方法，以及查看附件时使用aTrust手机客户端连接VPN。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "设计部采购高配工作站的选型咨询",
     .description = "设计部明年要新增3名3D设计师，需要采购工作站，主要用3ds "
                    "Max、Photoshop和渲染软件，请IT给一个配置和预算建议。",
     .type = "consultation",
     .impact = "low",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_Workstation,
     .internal_notes = {},
     .requester_followup = "收到，我们按这个配置走采购流程。",
     .resolution = "已提供联想ThinkStation P3工作站推荐配置、参考价格及采购流程说明。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "公司文件能否存到个人百度网盘？",
     .description =
         "经常需要在家里继续处理工作文件，想把一些文件放到自己的百度网盘里同步，这样符合公司规定吗？",
     .type = "consultation",
     .impact = "low",
     .urgency = "low",
     .channel = "web",
     .agent_replies = kReplies_CloudDrive,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "已说明公司信息安全规定：敏感文件不得存放个人网盘，推荐使用企业网盘和VPN访问共享盘。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "如何设置Outlook休假期间的自动回复",
     .description = "下周开始休年假，想设置邮件自动回复，告诉客户有事联系我的同事，请问怎么设置？",
     .type = "consultation",
     .impact = "low",
     .urgency = "low",
     .channel = "chat",
     .agent_replies = kReplies_AutoReply,
     .internal_notes = {},
     .requester_followup = "设置好了。",
     .resolution = "已指导用户在Outlook“自动答复”中设置休假期间的内部和外部自动回复。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "咨询IT服务台服务时间和春节值班安排",
     .description = "想了解一下IT服务台平时几点上班，春节放假期间如果系统出问题找谁？",
     .type = "consultation",
     .impact = "low",
     .urgency = "low",
     .channel = "phone",
     .agent_replies = kReplies_ServiceHours,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "已告知服务时间、节假日值班电话及春节值班表发布位置。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "咨询IT运维外包服务的服务范围和报价",
     .description = "您好，我们是一家约200人的制造企业，有总部和工厂两个办公地点，目前没有专职IT人员。"
                    "想了解贵公司IT运维外包服务的内容、服务响应时间和大致报价。联系人：采购部 林经理。",
     .type = "presales",
     .impact = "low",
     .urgency = "medium",
     .channel = "email",
     .agent_replies = kReplies_PresalesOps,
     .internal_notes = kNotes_PresalesOps,
     .requester_followup = "好的，我们本周四下午都在，欢迎来调研。",
     .resolution =
         "已介绍运维服务模式和SLA，售前工程师完成现场调研并提交服务方案与报价，后续由销售部跟进合同。",
     .needs_l2 = false,
     .needs_onsite = false},
    {.category_path = "其他/咨询",
     .subject = "询问产品是否支持麒麟操作系统和达梦数据库",
     .description = "我单位正在做信创替代，计划采购贵公司的软件产品，请问是否支持银河麒麟V10操作系统和达梦数"
                    "据库？是否有兼容性认证？",
     .type = "presales",
     .impact = "low",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_PresalesXinchuang,
     .internal_notes = {},
     .requester_followup = "我们服务器是鲲鹏920平台，麻烦提供试用授权。",
     .resolution = "已答复产品对银河麒麟V10、统信UOS和达梦DM8的适配情况，提供兼容性证书及30天试用授权，转售前"
                   "工程师协助部署测试。",
     .needs_l2 = false,
     .needs_onsite = false},

    // ---------------------------------------------------------------- 其他/其他
    {.category_path = "其他/其他",
     .subject = "报修两天无人响应，投诉服务效率太低",
     .description =
         "我前天上午在网上报修显示器点不亮，到现在两天了没有任何人联系我，打服务热线也只说会催一下。"
         "这期间我一直用笔记本小屏幕办公，非常影响工作。对这样的响应速度很不满意。",
     .type = "complaint",
     .impact = "low",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_SlowResponse,
     .internal_notes = kNotes_SlowResponse,
     .requester_followup = "显示器已经修好了，希望以后不要再出现这种情况。",
     .resolution = "原因：自动派单规则指向已撤销的队列，工单无人认领且未触发超时告警。处理：上门修复用户显示"
                   "器，修正派单规则并排查同类工单，投诉专员已回访致歉。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "其他/其他",
     .subject = "上门工程师迟到一个多小时且未带备件",
     .description = "约好昨天上午10点上门修打印机，工程师11点半才到，到了以后说没带配件要下次再来，我们专门安"
                    "排了人等着。希望公司重视服务规范。",
     .type = "complaint",
     .impact = "low",
     .urgency = "medium",
     .channel = "phone",
     .agent_replies = kReplies_LateEngineer,
     .internal_notes = {},
     .requester_followup = "今天修好了，主管也来道歉了，问题就到这吧。",
     .resolution = "原因：工程师出发前未按服务任务书确认备件。处理：主管陪同二次上门完成维修，对工程师进行服"
                   "务规范再培训，投诉专员回访确认客户满意。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "其他/其他",
     .subject = "市场部搬迁到5楼，需要协助拆装电脑和电话",
     .description =
         "市场部20人本周六从3楼搬到5楼西区，需要IT协助拆装20台电脑、IP电话和1台打印机，并保证周一正常上班。",
     .type = "service_request",
     .impact = "medium",
     .urgency = "low",
     .channel = "email",
     .agent_replies = kReplies_Move,
     .internal_notes = {},
     .requester_followup = "周一大家都能正常办公，辛苦了！",
     .resolution = "周六现场完成20台电脑、IP电话和打印机的拆装与测试，资产位置信息已更新。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "其他/其他",
     .subject = "明天上午董事会，需要IT人员现场保障",
     .description =
         "明天上午9:"
         "00在8楼大会议室召开董事会，有两位董事通过视频会议远程参会，请安排IT人员提前调试设备并全程保障。",
     .type = "service_request",
     .impact = "medium",
     .urgency = "medium",
     .channel = "web",
     .agent_replies = kReplies_MeetingSupport,
     .internal_notes = {},
     .requester_followup = "",
     .resolution = "提前1小时完成投影、音响、视频会议终端调试，会议全程现场保障，设备运行正常。",
     .needs_l2 = false,
     .needs_onsite = true},
    {.category_path = "其他/其他",
     .subject = "【告警】机房温度超过30℃，精密空调停机",
     .description = "【动环监控告警】位置：总部机房 测点：温度传感器T2（B排冷通道） 当前值：32.4℃ 阈值：30℃ "
                    "关联告警：1号精密空调 高压保护停机 发生时间：03:26:40。",
     .type = "incident",
     .impact = "high",
     .urgency = "high",
     .channel = "alert",
     .agent_replies = kReplies_AcAlert,
     .internal_notes = kNotes_AcAlert,
     .requester_followup = "",
     .resolution = "原因：1号精密空调冷凝器滤网堵塞，压缩机高压保护停机。处理：复位空调、清洗滤网，临时启用备"
                   "用空调，机房温度恢复至23℃；维保单位已全面检修。",
     .needs_l2 = false,
     .needs_onsite = true},
};

static constexpr std::string_view kPhoneLogs[] = {
    "电话联系用户，确认重启后恢复正常。",
    "用户来电报障，已记录设备型号和报错信息，告知一小时内回电。",
    "回电用户两次未接通，已发短信告知回电时间，稍后再次联系。",
    "电话指导用户清除浏览器缓存后重新登录，用户确认可以正常打开。",
    "与用户约定明天上午10:00上门，用户确认现场有人配合。",
    "电话回访：用户表示问题已解决，对处理结果满意，同意关闭工单。",
    "用户来电催办，已告知当前进展（等待原厂备件），预计明天下午到货。",
    "电话确认用户位置及联系方式：3号楼402室，分机8402。",
    "与厂商技术支持通话，对方确认为已知问题，将在下个补丁版本修复。",
    "电话通知用户账号已开通，初始密码已短信发送，提醒首次登录后修改。",
    "用户来电反馈问题复现，已指导其保留报错截图，并约定下午远程协助。",
    "电话联系部门负责人确认权限申请，对方口头同意，审批单稍后补签。",
    "向用户说明故障原因及预防措施，用户无其他问题。",
    "电话告知用户将笔记本送到二楼IT服务台检测，预计一个工作日出结果。",
    "用户来电反映投诉事项，已致歉并记录诉求，转投诉专员跟进。",
    "电话中指导用户重新插拔网线并重启电脑，网络已恢复。",
};

static constexpr PersonName kNames[] = {
    {"孙丽", "sun.li"},        {"王伟", "wang.wei"},        {"李娜", "li.na"},
    {"张敏", "zhang.min"},     {"刘洋", "liu.yang"},        {"陈静", "chen.jing"},
    {"杨帆", "yang.fan"},      {"赵磊", "zhao.lei"},        {"黄婷", "huang.ting"},
    {"周杰", "zhou.jie"},      {"吴倩", "wu.qian"},         {"徐明", "xu.ming"},
    {"孙浩", "sun.hao"},       {"马超", "ma.chao"},         {"朱琳", "zhu.lin"},
    {"胡军", "hu.jun"},        {"郭晓燕", "guo.xiaoyan"},   {"何平", "he.ping"},
    {"高峰", "gao.feng"},      {"林晓东", "lin.xiaodong"},  {"罗佳", "luo.jia"},
    {"郑凯", "zheng.kai"},     {"梁雪", "liang.xue"},       {"谢文博", "xie.wenbo"},
    {"宋雨萱", "song.yuxuan"}, {"唐亮", "tang.liang"},      {"韩梅", "han.mei"},
    {"冯晨", "feng.chen"},     {"邓志强", "deng.zhiqiang"}, {"曹颖", "cao.ying"},
    {"彭涛", "peng.tao"},      {"曾丽华", "zeng.lihua"},    {"萧然", "xiao.ran"},
    {"田甜", "tian.tian"},     {"董建国", "dong.jianguo"},  {"袁媛", "yuan.yuan"},
    {"潘越", "pan.yue"},       {"蒋欣怡", "jiang.xinyi"},   {"蔡鹏", "cai.peng"},
    {"余思远", "yu.siyuan"},   {"杜鹃", "du.juan"},         {"叶青", "ye.qing"},
    {"吕晓峰", "lv.xiaofeng"}, {"魏嘉", "wei.jia"},
};

static_assert(std::size(kScenarios) >= 60, "at least 60 ticket scenarios");

std::span<const TicketScenario> ticket_scenarios() {
  return kScenarios;
}

std::span<const std::string_view> phone_log_snippets() {
  return kPhoneLogs;
}

std::span<const PersonName> requester_names() {
  return kNames;
}

}  // namespace techdesk::app::demo
