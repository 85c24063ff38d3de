// Demo-data content for `techdesk demo-data`: realistic Chinese IT service-desk
// tickets, phone-call logs and requester names. Pure data, no I/O.
//
// Every TicketScenario uses one of the 15 leaf category paths of the default
// category tree (软件/操作系统 … 其他/其他) and the API enum strings of the
// glossary (type, impact, urgency, channel). The demo-data generator (demo_data.cpp)
// turns a scenario into a ticket with its articles (replies, internal notes, phone
// logs), routes it to 二线系统组 (tier L2) when `needs_l2` is set and to 现场服务组
// when `needs_onsite` is set.
#pragma once

#include <span>
#include <string_view>

namespace techdesk::app::demo {

struct TicketScenario {
  std::string_view category_path;  // one of the 15 leaf paths, e.g. "硬件/打印机"
  std::string_view subject;        // Chinese subject, at most 60 characters
  std::string_view description;    // 2-5 sentences: what, when, device/model, environment, error text
  std::string_view type;           // incident | service_request | consultation | complaint | presales
  std::string_view impact;         // high | medium | low
  std::string_view urgency;        // high | medium | low
  std::string_view channel;        // web | email | phone | chat | api | alert
  std::span<const std::string_view> agent_replies;   // 1-3 public replies from the engineer, in order
  std::span<const std::string_view> internal_notes;  // 0-2 internal notes
  std::string_view requester_followup;               // a reply from the requester (may be empty)
  std::string_view resolution;                       // resolution note (cause + fix)
  bool needs_l2;                                     // L1 escalates to 二线系统组
  bool needs_onsite;                                 // 现场服务组 goes on site
};

// At least 60 distinct scenarios, spread over all 15 leaf categories.
std::span<const TicketScenario> ticket_scenarios();

// Short phone-call logs (article kind `phone`), e.g. "电话联系用户，确认重启后恢复正常。"
std::span<const std::string_view> phone_log_snippets();

struct PersonName {
  std::string_view name;        // e.g. "孙丽"
  std::string_view login_hint;  // pinyin-based ASCII login, e.g. "sun.li"; unique
};

// About 40 requester names; names and login hints are all unique.
std::span<const PersonName> requester_names();

}  // namespace techdesk::app::demo
