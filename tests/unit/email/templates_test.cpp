// description: the mails TechDesk sends to requesters — acknowledgement, agent reply, resolution and
// satisfaction survey — in Chinese (the default) and English. Every subject starts with the ticket's
// tag so that replies find their ticket; the HTML version never lets a value become markup; the
// conversation is quoted newest first, at most five articles.
#include "channel/email/templates.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace {

using techdesk::Timestamp;
using techdesk::email::MailTemplate;
using techdesk::email::QuotedArticle;
using techdesk::email::render_mail;
using techdesk::email::RenderedMail;
using techdesk::email::TemplateData;

const std::vector<MailTemplate> k_all = {MailTemplate::new_ticket_ack,     MailTemplate::agent_reply,
                                         MailTemplate::resolved,           MailTemplate::survey_invitation,
                                         MailTemplate::reopened,           MailTemplate::auto_closed,
                                         MailTemplate::complaint_received, MailTemplate::complaint_feedback};
const std::vector<std::string> k_langs = {"zh-CN", "en"};

// 2026-11-21 05:32 UTC = 13:32 in Beijing.
Timestamp utc(int h, int mi) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{h} +
      std::chrono::minutes{mi});
}

TemplateData ticket(std::string lang = "zh-CN") {
  TemplateData d;
  d.lang = std::move(lang);
  d.ticket_number = "20261121-0001";
  d.subject_tag = "[TD#20261121-0001/k7f3q2]";
  d.ticket_subject = "财务部打印机无法连接";
  d.requester_name = "张三";
  d.agent_name = "李工";
  d.team_name = "桌面运维组";
  d.body = "已为您重新安装打印机驱动，请重启电脑后再试。\n如仍有问题，请告诉我们。";
  d.ticket_url = "https://helpdesk.example.cn/portal/tickets/20261121-0001";
  d.survey_url = "https://helpdesk.example.cn/portal/survey/abc123";
  return d;
}

std::string name_of(MailTemplate t) {
  switch (t) {
    case MailTemplate::new_ticket_ack:
      return "new_ticket_ack";
    case MailTemplate::agent_reply:
      return "agent_reply";
    case MailTemplate::resolved:
      return "resolved";
    case MailTemplate::survey_invitation:
      return "survey_invitation";
    case MailTemplate::reopened:
      return "reopened";
    case MailTemplate::auto_closed:
      return "auto_closed";
    case MailTemplate::complaint_received:
      return "complaint_received";
    case MailTemplate::complaint_feedback:
      return "complaint_feedback";
  }
  return "?";
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

TEST(TemplateMail, every_template_in_both_languages_starts_the_subject_with_the_tag_and_names_the_ticket) {
  for (MailTemplate t : k_all) {
    for (const std::string& lang : k_langs) {
      SCOPED_TRACE(name_of(t) + " " + lang);
      TemplateData d = ticket(lang);
      RenderedMail m = render_mail(t, d);
      EXPECT_TRUE(m.subject.starts_with(d.subject_tag + " ")) << m.subject;
      EXPECT_NE(m.subject.find(d.ticket_subject), std::string::npos) << m.subject;
      EXPECT_NE(m.text.find(d.ticket_number), std::string::npos);
      EXPECT_NE(m.html.find(d.ticket_number), std::string::npos);
      EXPECT_TRUE(m.html.starts_with("<!DOCTYPE html>"));
      EXPECT_NE(m.html.find(lang == "en" ? "<html lang=\"en\">" : "<html lang=\"zh-CN\">"),
                std::string::npos);
      const std::string& url = t == MailTemplate::survey_invitation ? d.survey_url : d.ticket_url;
      EXPECT_NE(m.text.find(url), std::string::npos);
      EXPECT_NE(m.html.find("<a href=\"" + url + "\""), std::string::npos);
      EXPECT_TRUE(m.text.ends_with("\n"));
    }
  }
}

TEST(TemplateMail, subjects_follow_the_department_wording) {
  auto subject = [](MailTemplate t, const std::string& lang) { return render_mail(t, ticket(lang)).subject; };
  const std::string tag = "[TD#20261121-0001/k7f3q2] ";
  EXPECT_EQ(subject(MailTemplate::new_ticket_ack, "zh-CN"), tag + "已受理：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::new_ticket_ack, "en"), tag + "Received: 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::agent_reply, "zh-CN"), tag + "Re: 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::agent_reply, "en"), tag + "Re: 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::resolved, "zh-CN"), tag + "已解决：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::resolved, "en"), tag + "Resolved: 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::survey_invitation, "zh-CN"), tag + "满意度调查：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::survey_invitation, "en"), tag + "How did we do? 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::reopened, "zh-CN"), tag + "已重新打开：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::auto_closed, "zh-CN"), tag + "已关闭：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::auto_closed, "en"), tag + "Closed: 财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::complaint_received, "zh-CN"), tag + "投诉已受理：财务部打印机无法连接");
  EXPECT_EQ(subject(MailTemplate::complaint_feedback, "en"), tag + "Your complaint: 财务部打印机无法连接");
}

TEST(TemplateMail, closing_the_loop_mails_say_what_happened_and_what_the_customer_can_do) {
  RenderedMail reopened = render_mail(MailTemplate::reopened, ticket());
  EXPECT_NE(reopened.text.find("已重新打开"), std::string::npos);
  EXPECT_NE(reopened.text.find(ticket().body), std::string::npos);  // the reason they gave
  RenderedMail closed = render_mail(MailTemplate::auto_closed, ticket());
  EXPECT_NE(closed.text.find("系统已自动关闭"), std::string::npos);
  EXPECT_NE(closed.text.find(ticket().survey_url), std::string::npos);
  EXPECT_NE(closed.text.find(ticket().ticket_url), std::string::npos);
  RenderedMail closed_en = render_mail(MailTemplate::auto_closed, ticket("en"));
  EXPECT_NE(closed_en.text.find("closed automatically"), std::string::npos);
  EXPECT_NE(closed_en.text.find("from 1 to 5 stars"), std::string::npos);
  RenderedMail received = render_mail(MailTemplate::complaint_received, ticket());
  EXPECT_NE(received.text.find("我们已收到您的投诉"), std::string::npos);
  RenderedMail answer = render_mail(MailTemplate::complaint_feedback, ticket("en"));
  EXPECT_NE(answer.text.find("About your complaint"), std::string::npos);
  EXPECT_NE(answer.text.find(ticket().body), std::string::npos);
}

TEST(TemplateMail, subject_is_one_line_even_when_the_ticket_subject_is_not) {
  TemplateData d = ticket();
  d.ticket_subject = "打印机\r\n无法连接\n";
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_EQ(m.subject, "[TD#20261121-0001/k7f3q2] Re: 打印机  无法连接");
}

TEST(TemplateMail, each_mail_says_what_the_department_promises) {
  RenderedMail ack = render_mail(MailTemplate::new_ticket_ack, ticket());
  EXPECT_NE(ack.text.find("张三，您好："), std::string::npos);
  EXPECT_NE(ack.text.find("已受理，工单号为 20261121-0001"), std::string::npos);
  EXPECT_NE(ack.text.find("直接回复本邮件，回复内容将自动记入该工单"), std::string::npos);
  EXPECT_NE(ack.text.find("此致\n敬礼！"), std::string::npos);
  EXPECT_NE(ack.text.find("技术支持部"), std::string::npos);

  RenderedMail ack_en = render_mail(MailTemplate::new_ticket_ack, ticket("en"));
  EXPECT_NE(ack_en.text.find("Dear 张三,"), std::string::npos);
  EXPECT_NE(ack_en.text.find("opened ticket 20261121-0001"), std::string::npos);
  EXPECT_NE(ack_en.text.find("reply to this email"), std::string::npos);
  EXPECT_NE(ack_en.text.find("Best regards,"), std::string::npos);
  EXPECT_NE(ack_en.text.find("Technical Support · 桌面运维组"), std::string::npos);  // not "技术支持部"

  RenderedMail reply = render_mail(MailTemplate::agent_reply, ticket());
  EXPECT_NE(reply.text.find(ticket().body), std::string::npos);
  EXPECT_NE(reply.text.find("李工\n技术支持部 · 桌面运维组"), std::string::npos);

  RenderedMail resolved = render_mail(MailTemplate::resolved, ticket());
  EXPECT_NE(resolved.text.find("已解决"), std::string::npos);
  EXPECT_NE(resolved.text.find(ticket().body), std::string::npos);
  EXPECT_NE(resolved.text.find("规定期限内通过服务门户重新打开工单"), std::string::npos);
  EXPECT_NE(resolved.text.find("直接回复本邮件"), std::string::npos);
  RenderedMail resolved_en = render_mail(MailTemplate::resolved, ticket("en"));
  EXPECT_NE(resolved_en.text.find("reopen the ticket in the portal within the allowed period"),
            std::string::npos);
  EXPECT_NE(resolved_en.text.find("reply to this email"), std::string::npos);

  RenderedMail survey = render_mail(MailTemplate::survey_invitation, ticket());
  EXPECT_NE(survey.text.find("1–5 星"), std::string::npos);
  RenderedMail survey_en = render_mail(MailTemplate::survey_invitation, ticket("en"));
  EXPECT_NE(survey_en.text.find("from 1 to 5 stars"), std::string::npos);
}

TEST(TemplateMail, html_escapes_every_value) {
  for (MailTemplate t : k_all) {
    for (const std::string& lang : k_langs) {
      SCOPED_TRACE(name_of(t) + " " + lang);
      TemplateData d = ticket(lang);
      d.ticket_subject = "<script>alert('subject')</script>";
      d.requester_name = "<img src=x onerror=alert(1)>";
      d.agent_name = "Li & \"Co\"";
      d.team_name = "<b>team</b>";
      d.body = "<script>alert(\"body\")</script>\n<a href=\"javascript:evil()\">click</a>";
      d.history = {{"<i>author</i>", utc(5, 0), "<script>quoted()</script>"}};
      RenderedMail m = render_mail(t, d);
      EXPECT_EQ(m.html.find("<script"), std::string::npos);
      EXPECT_EQ(m.html.find("<img"), std::string::npos);
      EXPECT_EQ(m.html.find("<b>"), std::string::npos);
      EXPECT_EQ(m.html.find("<i>"), std::string::npos);
      EXPECT_EQ(m.html.find("javascript:evil()\">"), std::string::npos);
      EXPECT_NE(m.html.find("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;"),
                std::string::npos);  // <title>
      EXPECT_NE(m.html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
      // The plain-text version shows the values as they are.
      EXPECT_NE(m.text.find("<img src=x onerror=alert(1)>"), std::string::npos);
      EXPECT_NE(m.subject.find("<script>alert('subject')</script>"), std::string::npos);
    }
  }
}

TEST(TemplateMail, only_http_and_https_urls_become_links) {
  TemplateData d = ticket();
  d.ticket_url = "javascript:alert(1)";
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_EQ(m.html.find("href"), std::string::npos);
  EXPECT_NE(m.html.find("javascript:alert(1)"), std::string::npos);  // shown, not linked

  d.ticket_url = "HTTPS://helpdesk.example.cn/t?a=1&b=\"2\"";
  m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_NE(m.html.find("<a href=\"HTTPS://helpdesk.example.cn/t?a=1&amp;b=&quot;2&quot;\""),
            std::string::npos);

  d.ticket_url.clear();
  m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_EQ(m.text.find("查看工单"), std::string::npos);
}

TEST(TemplateMail, quotes_the_five_newest_articles_newest_first) {
  for (MailTemplate t : k_all) {
    for (const std::string& lang : k_langs) {
      SCOPED_TRACE(name_of(t) + " " + lang);
      TemplateData d = ticket(lang);
      for (int i = 1; i <= 7; ++i)  // newest first, 10 minutes apart
        d.history.push_back(
            {"作者" + std::to_string(i), utc(5, 60 - 10 * i), "第" + std::to_string(i) + "条\n第二行"});
      RenderedMail m = render_mail(t, d);
      EXPECT_EQ(count(m.text, lang == "en" ? "—— Conversation ——" : "—— 历史记录 ——"), 1u);
      std::size_t last = 0;
      for (int i = 1; i <= 5; ++i) {
        std::size_t pos = m.text.find("作者" + std::to_string(i));
        ASSERT_NE(pos, std::string::npos) << i;
        EXPECT_GT(pos, last) << i;
        last = pos;
        EXPECT_NE(m.text.find("> 第" + std::to_string(i) + "条\n> 第二行"), std::string::npos);
        EXPECT_NE(m.html.find("作者" + std::to_string(i)), std::string::npos);
      }
      EXPECT_EQ(m.text.find("作者6"), std::string::npos);
      EXPECT_EQ(m.text.find("作者7"), std::string::npos);
      EXPECT_EQ(m.html.find("作者6"), std::string::npos);
      // "author, time:" in the mail's zone (Beijing time).
      EXPECT_NE(m.text.find(lang == "en" ? "作者1, 2026-11-21 13:50 (UTC+8):\n> "
                                         : "作者1，2026-11-21 13:50 (UTC+8)：\n> "),
                std::string::npos)
          << m.text;
      // The history comes after the body and the sign-off.
      EXPECT_GT(m.text.find("作者1"), m.text.find(lang == "en" ? "Best regards," : "此致"));
    }
  }
}

TEST(TemplateMail, puts_history_in_newest_first_order_whatever_the_input_order) {
  TemplateData d = ticket();
  d.history = {{"旧", utc(1, 0), "old"}, {"新", utc(3, 0), "new"}, {"中", utc(2, 0), "mid"}};
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  std::size_t n = m.text.find("新，"), mid = m.text.find("中，"), o = m.text.find("旧，");
  ASSERT_NE(o, std::string::npos);
  EXPECT_LT(n, mid);
  EXPECT_LT(mid, o);
}

TEST(TemplateMail, cuts_each_quoted_article_to_2000_characters) {
  TemplateData d = ticket();
  std::string long_text;
  for (int i = 0; i < 3000; ++i)
    long_text += "字";
  d.history = {{"张三", utc(5, 0), long_text}};
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_EQ(count(m.text, "字"), 2000u);
  EXPECT_NE(m.text.find("已截断"), std::string::npos);
  EXPECT_EQ(count(m.html, "字"), 2000u);

  d.lang = "en";
  m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_EQ(count(m.text, "字"), 2000u);
  EXPECT_NE(m.text.find("[truncated]"), std::string::npos);
}

TEST(TemplateMail, quotes_every_line_including_blank_ones) {
  TemplateData d = ticket();
  d.history = {{"张三", utc(5, 0), "第一行\r\n\r\n第三行\n"}};
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_NE(m.text.find("：\n> 第一行\n>\n> 第三行\n"), std::string::npos) << m.text;
  EXPECT_NE(m.html.find("第一行<br><br>第三行</blockquote>"), std::string::npos);
}

TEST(TemplateMail, unknown_language_falls_back_to_chinese) {
  for (MailTemplate t : k_all) {
    SCOPED_TRACE(name_of(t));
    TemplateData zh = ticket("zh-CN");
    for (const char* other : {"fr", "", "zh", "de-DE"}) {
      TemplateData d = ticket(other);
      RenderedMail a = render_mail(t, d), b = render_mail(t, zh);
      EXPECT_EQ(a.subject, b.subject) << other;
      EXPECT_EQ(a.text, b.text) << other;
      EXPECT_EQ(a.html, b.html) << other;
    }
    EXPECT_EQ(render_mail(t, ticket("en-US")).text, render_mail(t, ticket("en")).text);
  }
}

TEST(TemplateMail, shows_times_in_the_given_zone_and_falls_back_to_beijing_time) {
  TemplateData d = ticket("en");
  d.history = {{"Zhang San", utc(5, 32), "hello"}};
  d.zone = "America/New_York";  // EST in November
  EXPECT_NE(render_mail(MailTemplate::agent_reply, d).text.find("Zhang San, 2026-11-21 00:32 (UTC-5):"),
            std::string::npos);
  d.zone = "Asia/Kolkata";
  EXPECT_NE(render_mail(MailTemplate::agent_reply, d).text.find("Zhang San, 2026-11-21 11:02 (UTC+5:30):"),
            std::string::npos);
  d.zone = "Not/AZone";
  EXPECT_NE(render_mail(MailTemplate::agent_reply, d).text.find("Zhang San, 2026-11-21 13:32 (UTC+8):"),
            std::string::npos);
}

TEST(TemplateMail, greets_politely_without_a_name) {
  TemplateData d = ticket();
  d.requester_name.clear();
  EXPECT_TRUE(render_mail(MailTemplate::new_ticket_ack, d).text.starts_with("您好：\n"));
  d.lang = "en";
  EXPECT_TRUE(render_mail(MailTemplate::new_ticket_ack, d).text.starts_with("Hello,\n"));
}

TEST(TemplateMail, keeps_the_reply_text_as_written) {
  TemplateData d = ticket();
  d.body = "步骤：\n  1. 打开“设备和打印机”\n  2. 删除旧打印机\n\n" + std::string(300, '-');
  RenderedMail m = render_mail(MailTemplate::agent_reply, d);
  EXPECT_NE(m.text.find(d.body), std::string::npos);  // no wrapping, indentation kept
  EXPECT_NE(m.html.find("步骤：<br>  1. 打开“设备和打印机”<br>"), std::string::npos);
}

}  // namespace
