#include "channel/email/filters.h"

#include <array>

#include "common/text.h"

namespace techdesk::email {

std::string_view name(Noise n) {
  switch (n) {
    case Noise::none:
      return "none";
    case Noise::delivery_report:
      return "delivery_report";
    case Noise::mailer_daemon:
      return "mailer_daemon";
    case Noise::auto_submitted:
      return "auto_submitted";
    case Noise::autoreply_header:
      return "autoreply_header";
    case Noise::precedence:
      return "precedence";
    case Noise::autoreply_subject:
      return "autoreply_subject";
  }
  return "none";
}

bool is_delivery_report(const ParsedMail& m) {
  return m.report;
}

bool is_from_mailer_daemon(const ParsedMail& m) {
  if (!m.from) return false;
  auto at = m.from->addr.find('@');
  auto local = std::string_view(m.from->addr).substr(0, at);
  return local == "mailer-daemon" || local == "postmaster";
}

bool is_auto_submitted(const ParsedMail& m) {
  return !m.auto_submitted.empty() && m.auto_submitted != "no";
}

bool has_autoreply_header(const ParsedMail& m) {
  return m.x_autoreply;
}

bool has_bulk_precedence(const ParsedMail& m) {
  return m.precedence == "bulk" || m.precedence == "junk" || m.precedence == "list" ||
         m.precedence == "auto_reply";
}

bool has_autoreply_subject(std::string_view subject) {
  static constexpr std::array<std::string_view, 10> k_prefixes{
      "自动回复", "automatic reply", "auto reply",   "autoreply", "out of office", "out of the office",
      "oof:",     "auto:",           "休假自动回复", "自動回覆"};
  auto s = trim(subject);
  std::string head = ascii_lower(s.substr(0, 64));
  for (auto p : k_prefixes)
    if (head.rfind(p, 0) == 0) return true;
  return false;
}

Noise classify_noise(const ParsedMail& m) {
  if (is_delivery_report(m)) return Noise::delivery_report;
  if (is_from_mailer_daemon(m)) return Noise::mailer_daemon;
  if (is_auto_submitted(m)) return Noise::auto_submitted;
  if (has_autoreply_header(m)) return Noise::autoreply_header;
  if (has_bulk_precedence(m)) return Noise::precedence;
  if (has_autoreply_subject(m.subject)) return Noise::autoreply_subject;
  return Noise::none;
}

}  // namespace techdesk::email
