#include "feedback/types.h"

#include "common/enum_names.h"

namespace techdesk::feedback {

namespace {

using enum_names::lookup;
using enum_names::Names;
using enum_names::parse;

constexpr Names<CallbackReason, 5> k_reasons{{{CallbackReason::low_score, "low_score"},
                                              {CallbackReason::reopen, "reopen"},
                                              {CallbackReason::complaint, "complaint"},
                                              {CallbackReason::scheduled, "scheduled"},
                                              {CallbackReason::manual, "manual"}}};
constexpr Names<CallbackState, 2> k_callback_states{
    {{CallbackState::open, "open"}, {CallbackState::done, "done"}}};
constexpr Names<CallbackOutcome, 2> k_outcomes{
    {{CallbackOutcome::reached, "reached"}, {CallbackOutcome::not_reached, "not_reached"}}};
constexpr Names<ComplaintStage, 7> k_stages{{{ComplaintStage::new_, "new"},
                                             {ComplaintStage::registered, "registered"},
                                             {ComplaintStage::judged, "judged"},
                                             {ComplaintStage::decided, "decided"},
                                             {ComplaintStage::acted, "acted"},
                                             {ComplaintStage::feedback_given, "feedback_given"},
                                             {ComplaintStage::closed, "closed"}}};
constexpr Names<ComplaintSource, 4> k_sources{{{ComplaintSource::portal, "portal"},
                                               {ComplaintSource::phone, "phone"},
                                               {ComplaintSource::converted, "converted"},
                                               {ComplaintSource::email, "email"}}};
constexpr Names<Warranty, 3> k_warranties{{{Warranty::in_warranty, "in_warranty"},
                                           {Warranty::out_of_warranty, "out_of_warranty"},
                                           {Warranty::unknown, "unknown"}}};
constexpr Names<Verdict, 3> k_verdicts{{{Verdict::justified, "justified"},
                                        {Verdict::partly_justified, "partly_justified"},
                                        {Verdict::unjustified, "unjustified"}}};

}  // namespace

std::string_view name(CallbackReason v) {
  return lookup(k_reasons, v);
}
std::string_view name(CallbackState v) {
  return lookup(k_callback_states, v);
}
std::string_view name(CallbackOutcome v) {
  return lookup(k_outcomes, v);
}
std::string_view name(ComplaintStage v) {
  return lookup(k_stages, v);
}
std::string_view name(ComplaintSource v) {
  return lookup(k_sources, v);
}
std::string_view name(Warranty v) {
  return lookup(k_warranties, v);
}
std::string_view name(Verdict v) {
  return lookup(k_verdicts, v);
}
std::optional<CallbackReason> parse_callback_reason(std::string_view s) {
  return parse(k_reasons, s);
}
std::optional<CallbackState> parse_callback_state(std::string_view s) {
  return parse(k_callback_states, s);
}
std::optional<CallbackOutcome> parse_callback_outcome(std::string_view s) {
  return parse(k_outcomes, s);
}
std::optional<ComplaintStage> parse_complaint_stage(std::string_view s) {
  return parse(k_stages, s);
}
std::optional<ComplaintSource> parse_complaint_source(std::string_view s) {
  return parse(k_sources, s);
}
std::optional<Warranty> parse_warranty(std::string_view s) {
  return parse(k_warranties, s);
}
std::optional<Verdict> parse_verdict(std::string_view s) {
  return parse(k_verdicts, s);
}

}  // namespace techdesk::feedback
