#include "channel/email/templates.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace techdesk::email {

namespace {

constexpr std::size_t k_max_quoted_articles = 5;
constexpr std::size_t k_max_quoted_chars = 2000;  // code points per quoted article
constexpr std::string_view k_default_zone = "Asia/Shanghai";
constexpr std::string_view k_default_department = "技术支持部";

enum class Lang { zh, en };

Lang pick_lang(std::string_view lang) {
  std::string lower;
  for (char c : lang)
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower == "en" || lower.starts_with("en-") || lower.starts_with("en_")) return Lang::en;
  return Lang::zh;
}

// ---------------------------------------------------------------------------------------------------
// Text helpers

// A value that goes on one line (a name, a subject): line breaks and other control characters become
// spaces, surrounding white space is dropped.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  std::size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return out.substr(b, out.find_last_not_of(' ') - b + 1);
}

// Multi-line text with "\n" line breaks only, without trailing line breaks or trailing blank lines.
std::string normalize_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t'))
    out.pop_back();
  return out;
}

// The first max_chars code points of s (counted by UTF-8 lead bytes, so never cutting a sequence),
// and whether anything was cut.
std::pair<std::string, bool> cut_chars(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return {s.substr(0, i), true};
    ++chars;
  }
  return {s, false};
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Only http(s) URLs become links; anything else (javascript:, data:, relative paths) is shown as text.
bool is_http_url(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8))
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return false;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Times

// The zone for times in the mail; an unknown zone (or a missing tz database) falls back to Beijing time.
const date::time_zone* find_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
  }
  try {
    return date::locate_zone(std::string(k_default_zone));
  } catch (const std::exception&) {
    return nullptr;
  }
}

// "2026-11-21 13:32 (UTC+8)": local time in the zone, as time.cpp's local_date_compact() computes it.
std::string format_local_time(Timestamp t, const date::time_zone* tz) {
  auto secs = date::floor<std::chrono::seconds>(t);
  std::chrono::seconds offset = tz ? tz->get_info(secs).offset : std::chrono::hours(8);
  auto local = date::local_seconds{secs.time_since_epoch() + offset};
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{local - day};
  long off_min = static_cast<long>(offset.count() / 60);
  char sign = off_min < 0 ? '-' : '+';
  if (off_min < 0) off_min = -off_min;
  char zone[40];
  if (off_min % 60 == 0)
    std::snprintf(zone, sizeof zone, "UTC%c%ld", sign, off_min / 60);
  else
    std::snprintf(zone, sizeof zone, "UTC%c%ld:%02ld", sign, off_min / 60, off_min % 60);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d (%s)", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()), zone);
  return buf;
}

// ---------------------------------------------------------------------------------------------------
// The content of a mail, rendered once as text and once as HTML so that both say the same.

struct Piece {
  enum class Kind { text, strong, link } kind = Kind::text;
  std::string value;
};
using Line = std::vector<Piece>;

struct Block {
  enum class Kind {
    paragraph,  // lines of pieces
    verbatim,   // user text (the reply or resolution), kept as written
    closing,    // the sign-off, set apart a little
    rule,       // the history heading
    quote,      // one quoted article: `header` then `text`
  } kind = Kind::paragraph;
  std::vector<Line> lines;
  std::string header;
  std::string text;
};

Piece text(std::string s) {
  return {Piece::Kind::text, std::move(s)};
}
Piece strong(std::string s) {
  return {Piece::Kind::strong, std::move(s)};
}
Piece link(std::string s) {
  return {Piece::Kind::link, std::move(s)};
}

class Mail {
 public:
  void paragraph(std::vector<Line> lines) {
    m_blocks.push_back({Block::Kind::paragraph, std::move(lines), {}, {}});
  }
  void para(std::string s) { paragraph({{text(std::move(s))}}); }
  void verbatim(std::string s) {
    if (!s.empty()) m_blocks.push_back({Block::Kind::verbatim, {}, {}, std::move(s)});
  }
  void closing(std::vector<Line> lines) {
    m_blocks.push_back({Block::Kind::closing, std::move(lines), {}, {}});
  }
  void rule(std::string s) { m_blocks.push_back({Block::Kind::rule, {}, {}, std::move(s)}); }
  void quote(std::string header, std::string body) {
    m_blocks.push_back({Block::Kind::quote, {}, std::move(header), std::move(body)});
  }

  std::string to_text() const {
    std::string out;
    for (const Block& b : m_blocks) {
      if (!out.empty()) out += "\n\n";
      switch (b.kind) {
        case Block::Kind::paragraph:
        case Block::Kind::closing:
          for (std::size_t i = 0; i < b.lines.size(); ++i) {
            if (i > 0) out += '\n';
            for (const Piece& p : b.lines[i])
              out += p.value;
          }
          break;
        case Block::Kind::verbatim:
        case Block::Kind::rule:
          out += b.text;
          break;
        case Block::Kind::quote:
          out += b.header;
          std::size_t pos = 0;
          while (pos <= b.text.size()) {
            std::size_t eol = b.text.find('\n', pos);
            std::string_view line = std::string_view(b.text).substr(
                pos, eol == std::string::npos ? std::string::npos : eol - pos);
            out += line.empty() ? "\n>" : "\n> ";
            out += line;
            if (eol == std::string::npos) break;
            pos = eol + 1;
          }
          break;
      }
    }
    out += '\n';
    return out;
  }

  std::string to_html(std::string_view lang, std::string_view title) const {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += lang;
    out +=
        "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += html_escape(title);
    out +=
        "</title>\n</head>\n"
        "<body style=\"margin:0;padding:0;background-color:#f2f3f5;\">\n"
        "<div style=\"max-width:640px;margin:0 auto;padding:24px 12px;\">\n"
        "<div style=\"background-color:#ffffff;border:1px solid #e5e6eb;border-radius:6px;padding:28px 32px;"
        "font-family:-apple-system,'PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif;"
        "font-size:14px;line-height:1.75;color:#1d2129;\">\n";
    for (const Block& b : m_blocks) {
      switch (b.kind) {
        case Block::Kind::paragraph:
          out += "<p style=\"margin:0 0 16px;\">" + lines_html(b.lines) + "</p>\n";
          break;
        case Block::Kind::closing:
          out += "<p style=\"margin:24px 0 0;color:#4e5969;\">" + lines_html(b.lines) + "</p>\n";
          break;
        case Block::Kind::verbatim:
          out +=
              "<div style=\"margin:0 0 16px;white-space:pre-wrap;\">" + multiline_html(b.text) + "</div>\n";
          break;
        case Block::Kind::rule:
          out +=
              "<div style=\"margin:32px 0 12px;padding-top:12px;border-top:1px solid #e5e6eb;"
              "color:#86909c;font-size:13px;\">" +
              html_escape(b.text) + "</div>\n";
          break;
        case Block::Kind::quote:
          out +=
              "<p style=\"margin:0 0 4px;color:#86909c;font-size:13px;\">" + html_escape(b.header) + "</p>\n";
          out +=
              "<blockquote style=\"margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #e5e6eb;"
              "color:#4e5969;white-space:pre-wrap;\">" +
              multiline_html(b.text) + "</blockquote>\n";
          break;
      }
    }
    out += "</div>\n</div>\n</body>\n</html>\n";
    return out;
  }

 private:
  static std::string multiline_html(std::string_view s) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
      std::size_t eol = s.find('\n', pos);
      out += html_escape(s.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
      if (eol == std::string_view::npos) break;
      out += "<br>";
      pos = eol + 1;
    }
    return out;
  }

  static std::string lines_html(const std::vector<Line>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) out += "<br>\n";
      for (const Piece& p : lines[i]) {
        switch (p.kind) {
          case Piece::Kind::text:
            out += html_escape(p.value);
            break;
          case Piece::Kind::strong:
            out += "<strong>" + html_escape(p.value) + "</strong>";
            break;
          case Piece::Kind::link:
            if (is_http_url(p.value)) {
              out += "<a href=\"" + html_escape(p.value) +
                     "\" style=\"color:#1664ff;word-break:break-all;\">" + html_escape(p.value) + "</a>";
            } else {
              out += html_escape(p.value);
            }
            break;
        }
      }
    }
    return out;
  }

  std::vector<Block> m_blocks;
};

// ---------------------------------------------------------------------------------------------------
// The templates

// Values as they appear in the mail, one-line where they must be.
struct Values {
  Lang lang;
  std::string number, tag, subject, requester, agent, team, department, body, ticket_url, survey_url;
};

Values values_of(const TemplateData& d) {
  Values v;
  v.lang = pick_lang(d.lang);
  v.number = one_line(d.ticket_number);
  v.tag = one_line(d.subject_tag);
  v.subject = one_line(d.ticket_subject);
  v.requester = one_line(d.requester_name);
  v.agent = one_line(d.agent_name);
  v.team = one_line(d.team_name);
  v.department = one_line(d.department);
  if (v.lang == Lang::en && (v.department.empty() || v.department == k_default_department))
    v.department = "Technical Support";
  if (v.lang == Lang::zh && v.department.empty()) v.department = std::string(k_default_department);
  v.body = normalize_lines(d.body);
  v.ticket_url = one_line(d.ticket_url);
  v.survey_url = one_line(d.survey_url);
  return v;
}

std::string subject_of(MailTemplate t, const Values& v) {
  bool zh = v.lang == Lang::zh;
  std::string subject = v.subject.empty() ? (zh ? "（无主题）" : "(no subject)") : v.subject;
  std::string s = v.tag.empty() ? "" : v.tag + " ";
  switch (t) {
    case MailTemplate::new_ticket_ack:
      s += zh ? "已受理：" : "Received: ";
      break;
    case MailTemplate::agent_reply:
      s += "Re: ";
      break;
    case MailTemplate::resolved:
      s += zh ? "已解决：" : "Resolved: ";
      break;
    case MailTemplate::survey_invitation:
      s += zh ? "满意度调查：" : "How did we do? ";
      break;
    case MailTemplate::reopened:
      s += zh ? "已重新打开：" : "Reopened: ";
      break;
    case MailTemplate::auto_closed:
      s += zh ? "已关闭：" : "Closed: ";
      break;
    case MailTemplate::complaint_received:
      s += zh ? "投诉已受理：" : "Complaint received: ";
      break;
    case MailTemplate::complaint_feedback:
      s += zh ? "投诉处理结果：" : "Your complaint: ";
      break;
  }
  return s + subject;
}

void greeting(Mail& m, const Values& v) {
  if (v.lang == Lang::zh)
    m.para(v.requester.empty() ? "您好：" : v.requester + "，您好：");
  else
    m.para(v.requester.empty() ? "Hello," : "Dear " + v.requester + ",");
}

// "工单 20261121-0001（打印机无法连接）" / "ticket 20261121-0001 (Printer offline)"
Line ticket_ref(const Values& v, std::string_view before, std::string_view after) {
  bool zh = v.lang == Lang::zh;
  Line l{text(std::string(before) + (zh ? "工单 " : "ticket ")), strong(v.number)};
  if (!v.subject.empty()) l.push_back(text(zh ? "（" + v.subject + "）" : " (" + v.subject + ")"));
  l.push_back(text(std::string(after)));
  return l;
}

void ticket_link(Mail& m, const Values& v) {
  if (v.ticket_url.empty()) return;
  m.paragraph({{text(v.lang == Lang::zh ? "查看工单：" : "View your ticket: "), link(v.ticket_url)}});
}

void sign_off(Mail& m, const Values& v, bool with_agent) {
  std::vector<Line> lines;
  if (v.lang == Lang::zh) {
    lines.push_back({text("此致")});
    lines.push_back({text("敬礼！")});
    lines.push_back({});
  } else {
    lines.push_back({text("Best regards,")});
  }
  if (with_agent && !v.agent.empty()) lines.push_back({text(v.agent)});
  lines.push_back({text(v.team.empty() ? v.department : v.department + " · " + v.team)});
  m.closing(std::move(lines));
}

void quote_history(Mail& m, const Values& v, const std::vector<QuotedArticle>& history,
                   const std::string& zone) {
  if (history.empty()) return;
  std::vector<const QuotedArticle*> newest;
  for (const QuotedArticle& a : history)
    newest.push_back(&a);
  // Newest first, whatever the caller's order; articles with the same time keep theirs.
  std::stable_sort(newest.begin(), newest.end(),
                   [](const QuotedArticle* a, const QuotedArticle* b) { return a->at > b->at; });
  if (newest.size() > k_max_quoted_articles) newest.resize(k_max_quoted_articles);

  bool zh = v.lang == Lang::zh;
  const date::time_zone* tz = find_zone(zone);
  m.rule(zh ? "—— 历史记录 ——" : "—— Conversation ——");
  for (const QuotedArticle* a : newest) {
    std::string author = one_line(a->author);
    if (author.empty()) author = zh ? "（未署名）" : "(unknown)";
    std::string when = format_local_time(a->at, tz);
    auto [cut, was_cut] = cut_chars(normalize_lines(a->text), k_max_quoted_chars);
    if (was_cut) cut += zh ? "……（内容过长，已截断）" : "… [truncated]";
    m.quote(zh ? author + "，" + when + "：" : author + ", " + when + ":", std::move(cut));
  }
}

void new_ticket_ack(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph(
        {{text("感谢您联系" + v.department + "。您的请求已受理，工单号为 "), strong(v.number), text("。")}});
    std::vector<Line> facts;
    if (!v.subject.empty()) facts.push_back({text("工单主题：" + v.subject)});
    if (!v.team.empty()) facts.push_back({text("负责团队：" + v.team)});
    if (!facts.empty()) m.paragraph(std::move(facts));
    m.para(
        "我们将尽快安排工程师跟进处理，并通过邮件向您反馈进展。如需补充信息（如截图、日志或联系方式），"
        "请直接回复本邮件，回复内容将自动记入该工单；回复时请保留邮件主题中的工单标识，以便我们准确关联。");
    if (!v.ticket_url.empty())
      m.paragraph({{text("您可以随时通过以下链接查看工单进度：")}, {link(v.ticket_url)}});
  } else {
    m.paragraph({{text("Thank you for contacting us. We have received your request and opened ticket "),
                  strong(v.number), text(".")}});
    std::vector<Line> facts;
    if (!v.subject.empty()) facts.push_back({text("Subject: " + v.subject)});
    if (!v.team.empty()) facts.push_back({text("Assigned team: " + v.team)});
    if (!facts.empty()) m.paragraph(std::move(facts));
    m.para(
        "An engineer will look into it as soon as possible and keep you informed by email. If you have "
        "anything to add, such as screenshots, logs or contact details, simply reply to this email: your "
        "reply will be added to the ticket automatically. Please keep the ticket reference in the subject "
        "line when you reply.");
    if (!v.ticket_url.empty())
      m.paragraph(
          {{text("You can follow the progress of your ticket at any time here:")}, {link(v.ticket_url)}});
  }
  sign_off(m, v, false);
}

void agent_reply(Mail& m, const Values& v) {
  greeting(m, v);
  m.verbatim(v.body);
  if (v.lang == Lang::zh) {
    m.paragraph({{text("如有任何疑问或需要补充信息，请直接回复本邮件，回复内容将自动记入工单 "),
                  strong(v.number), text("。")}});
  } else {
    m.paragraph({{text("If you have any questions or anything to add, simply reply to this email; your reply "
                       "will be added to ticket "),
                  strong(v.number), text(".")}});
  }
  ticket_link(m, v);
  sign_off(m, v, true);
}

void resolved(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph({ticket_ref(v, "您的",
                            v.body.empty() ? "已处理完毕，状态已更新为“已解决”。"
                                           : "已处理完毕，状态已更新为“已解决”。处理结果如下：")});
    m.verbatim(v.body);
    m.para(
        "如确认问题已解决，您可以在服务门户中确认关闭工单；如问题仍未解决，您可以在规定期限内通过服务门户"
        "重新打开工单，或直接回复本邮件告诉我们，我们将继续为您跟进处理。");
  } else {
    m.paragraph(
        {ticket_ref(v, "Your ", v.body.empty() ? " has been resolved." : " has been resolved. Resolution:")});
    m.verbatim(v.body);
    m.para(
        "If the problem is solved, you can confirm this in the support portal. If it is not, you can reopen "
        "the ticket in the portal within the allowed period, or simply reply to this email and we will "
        "continue working on it.");
  }
  ticket_link(m, v);
  sign_off(m, v, true);
}

void survey_invitation(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph({ticket_ref(v, "您的", "已处理完成，感谢您对我们工作的理解与支持！")});
    std::vector<Line> ask{
        {text("为了持续提升服务质量，诚邀您抽出一分钟时间，为本次服务评分（1–5 星，5 星表示非常满意）：")}};
    if (!v.survey_url.empty()) ask.push_back({link(v.survey_url)});
    m.paragraph(std::move(ask));
    m.para("您的每一条意见我们都会认真阅读，并用于改进我们的工作。");
  } else {
    m.paragraph(
        {ticket_ref(v, "Your ", " has been completed. Thank you for your patience and cooperation.")});
    std::vector<Line> ask{
        {text("We would be grateful if you could take a minute to rate our service from 1 to 5 stars "
              "(5 = very satisfied):")}};
    if (!v.survey_url.empty()) ask.push_back({link(v.survey_url)});
    m.paragraph(std::move(ask));
    m.para("We read every response and use it to improve our service.");
  }
  sign_off(m, v, false);
}

void survey_link(Mail& m, const Values& v) {
  if (v.survey_url.empty()) return;
  if (v.lang == Lang::zh)
    m.paragraph({{text("诚邀您为本次服务评分（1–5 星，5 星表示非常满意）：")}, {link(v.survey_url)}});
  else
    m.paragraph(
        {{text("We would be grateful if you could rate our service from 1 to 5 stars (5 = very satisfied):")},
         {link(v.survey_url)}});
}

void reopened(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph({ticket_ref(v, "您的",
                            v.body.empty() ? "已重新打开，我们将继续为您处理。"
                                           : "已重新打开，我们将继续为您处理。您提供的原因：")});
  } else {
    m.paragraph({ticket_ref(v, "Your ",
                            v.body.empty() ? " has been reopened; we are working on it again."
                                           : " has been reopened; we are working on it again. "
                                             "The reason you gave:")});
  }
  m.verbatim(v.body);
  ticket_link(m, v);
  sign_off(m, v, false);
}

void auto_closed(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph({ticket_ref(v, "您的", "解决后在规定的工作日内未收到您的反馈，系统已自动关闭该工单。")});
    m.para("如问题仍未解决，您可以在服务门户中重新打开工单，或直接回复本邮件。");
  } else {
    m.paragraph({ticket_ref(v, "Your ",
                            " was closed automatically because we did not hear from you within the waiting "
                            "period after it was resolved.")});
    m.para(
        "If the problem is not solved, you can reopen the ticket in the support portal or reply to this "
        "email.");
  }
  survey_link(m, v);
  ticket_link(m, v);
  sign_off(m, v, false);
}

void complaint_received(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh) {
    m.paragraph({ticket_ref(v, "我们已收到您的投诉，登记为",
                            "。投诉专员将按投诉处理流程核实情况，并尽快与您联系。")});
  } else {
    m.paragraph({ticket_ref(v, "We have received your complaint and registered it as ",
                            ". A complaint officer will look into it following our complaint procedure and "
                            "contact you soon.")});
  }
  m.verbatim(v.body);
  ticket_link(m, v);
  sign_off(m, v, false);
}

void complaint_feedback(Mail& m, const Values& v) {
  greeting(m, v);
  if (v.lang == Lang::zh)
    m.paragraph({ticket_ref(v, "关于您的投诉（", "），处理结果如下：")});
  else
    m.paragraph({ticket_ref(v, "About your complaint (", "), this is what we found and did:")});
  m.verbatim(v.body);
  if (v.lang == Lang::zh)
    m.para("如您对处理结果仍有意见，请直接回复本邮件。");
  else
    m.para("If you are not satisfied with this answer, please reply to this email.");
  ticket_link(m, v);
  sign_off(m, v, true);
}

}  // namespace

RenderedMail render_mail(MailTemplate t, const TemplateData& d) {
  Values v = values_of(d);
  Mail m;
  switch (t) {
    case MailTemplate::new_ticket_ack:
      new_ticket_ack(m, v);
      break;
    case MailTemplate::agent_reply:
      agent_reply(m, v);
      break;
    case MailTemplate::resolved:
      resolved(m, v);
      break;
    case MailTemplate::survey_invitation:
      survey_invitation(m, v);
      break;
    case MailTemplate::reopened:
      reopened(m, v);
      break;
    case MailTemplate::auto_closed:
      auto_closed(m, v);
      break;
    case MailTemplate::complaint_received:
      complaint_received(m, v);
      break;
    case MailTemplate::complaint_feedback:
      complaint_feedback(m, v);
      break;
  }
  quote_history(m, v, d.history, d.zone);
  RenderedMail r;
  r.subject = subject_of(t, v);
  r.text = m.to_text();
  r.html = m.to_html(v.lang == Lang::zh ? "zh-CN" : "en", r.subject);
  return r;
}

}  // namespace techdesk::email
