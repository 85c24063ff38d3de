// Dispatch's records: a team's dispatch settings, an agent's duty and skills, ticket links, tags, work
// log entries and macros (automation rules are in rules.h, assignment in assignment.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"
#include "dispatch/assignment.h"

namespace techdesk::dispatch {

// How a team takes its tickets. The team works at `tier`; its escalation target is the team the next
// tier up (L1 → L2), empty when escalating only raises the tier.
struct TeamDispatch {
  Id team_id = 0;
  Strategy strategy = Strategy::manual;
  int capacity = 0;  // most open tickets per member (0: no limit)
  std::optional<Id> escalation_team_id;
  std::optional<Id> calendar_id;  // working hours (a business calendar); none: always
  Timestamp updated_at{};
};

// Skills as stored: a JSON array of {"tag", "level"}. Unreadable entries are dropped.
std::string skills_document(const std::vector<Skill>& skills);
std::vector<Skill> skills_from_document(std::string_view text);

struct AgentProfile {
  Id user_id = 0;
  bool on_duty = true;
  std::vector<Skill> skills;
};

struct MemberLoad {
  Id user_id = 0;
  int open_tickets = 0;
  int weighted_load = 0;
};

enum class LinkKind { merged_into, parent_of, related, split_from };
std::string_view name(LinkKind k);
std::optional<LinkKind> parse_link_kind(std::string_view s);

// A link from `ticket_id` to `other_id`: ticket merged into other, ticket is the parent of other,
// ticket is related to other, ticket was split from other.
struct Link {
  Id id = 0;
  Id ticket_id = 0;
  Id other_id = 0;
  LinkKind kind = LinkKind::related;
  Timestamp created_at{};
  std::optional<Id> created_by;
  std::string other_number;  // filled when read, for display
};

enum class Activity { phone, remote, onsite, research, travel, other };
std::string_view name(Activity a);
std::optional<Activity> parse_activity(std::string_view s);

// 工时: time spent on a ticket, by whom, doing what, on which local day.
struct WorklogEntry {
  Id id = 0;
  Id ticket_id = 0;
  Id user_id = 0;
  std::string user_name;      // filled when read
  std::string ticket_number;  // filled when read
  Activity activity = Activity::remote;
  int minutes = 0;
  std::string note;
  std::string work_date;  // YYYY-MM-DD, local
  Timestamp created_at{};
};

// 快捷回复: canned text with placeholders, for one team or everyone.
struct Macro {
  Id id = 0;
  std::string name;
  std::optional<Id> team_id;  // none: every team
  std::string body;
  Timestamp updated_at{};
};

}  // namespace techdesk::dispatch
