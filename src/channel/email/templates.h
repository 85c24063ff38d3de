// The emails TechDesk sends to requesters, in Chinese (zh-CN, the default) and English: the subject,
// a plain-text body and an HTML body with the same content. Rendering is pure: no I/O apart from
// reading the time-zone database, no shared mutable state; call it from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"

namespace techdesk::email {

enum class MailTemplate {
  new_ticket_ack,
  agent_reply,
  resolved,
  survey_invitation,
  reopened,            // the requester reopened the ticket (body: their reason)
  auto_closed,         // closed after the waiting period without an answer; carries the survey link
  complaint_received,  // a complaint was registered (body: what the customer said)
  complaint_feedback,  // the complaint officer's answer to the customer (body)
};

// One earlier article of the ticket, quoted under the new text.
struct QuotedArticle {
  std::string author;
  Timestamp at;
  std::string text;
};

struct TemplateData {
  std::string lang = "zh-CN";  // "zh-CN" or "en" ("en-US" etc. count as "en"); anything else → zh-CN
  std::string zone = "Asia/Shanghai";  // IANA zone for times in the mail; an unknown zone → Asia/Shanghai
  std::string ticket_number;           // "20261121-0001"
  std::string subject_tag;             // "[TD#20261121-0001/k7f3q2]" — put at the start of every subject
  std::string ticket_subject;
  std::string requester_name;
  std::string agent_name;
  std::string team_name;
  std::string body;                       // the agent's reply text, or the resolution text
  std::vector<QuotedArticle> history;     // the conversation so far, newest first, to quote
  std::string ticket_url;                 // link to the ticket in the portal
  std::string survey_url;                 // survey_invitation and auto_closed
  std::string department = "技术支持部";  // signs the mail (the English mail says "Technical Support" for
                                          // this default)
};

struct RenderedMail {
  std::string subject;  // "{subject_tag} 已受理：{ticket_subject}"; one line (line breaks become spaces)
  std::string text;     // plain text, "\n" line breaks, nothing wrapped
  std::string html;     // a complete HTML document; every value escaped, links only for http(s) URLs
};

// Renders one of the mails. Never fails: empty values leave their sentence out or use a neutral
// wording ("您好：" without a name). The history is quoted newest first (sorted by `at`), at most the
// 5 newest articles, each cut to 2,000 characters.
RenderedMail render_mail(MailTemplate t, const TemplateData& d);

}  // namespace techdesk::email
