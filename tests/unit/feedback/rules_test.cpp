// The department's closing rules as pure functions: request forms, the waiting period in working days,
// the reopen window, what may be uploaded, what a survey answer may say, the complaint procedure's order.
#include "feedback/rules.h"

#include <gtest/gtest.h>

#include <chrono>

#include "sla/calendar.h"

namespace techdesk::feedback {
namespace {

using namespace std::chrono;

// A local time in Beijing (UTC+8, no DST) as a Timestamp.
Timestamp beijing(int y, int mo, int d, int h, int mi) {
  return time_point_cast<milliseconds>(sys_days{year{y} / mo / d} + hours{h - 8} + minutes{mi});
}

TEST(FeedbackForms, a_category_uses_its_own_form_else_its_nearest_ancestors) {
  std::map<Id, std::vector<FormField>> forms{{2, {{"device_model", "设备型号", "Device model", true, false}}},
                                             {22, {{"toner", "硒鼓", "Toner", false, false}}}};
  std::map<Id, std::optional<Id>> parents{{2, std::nullopt}, {21, 2}, {22, 2}, {4, std::nullopt}, {211, 21}};
  EXPECT_EQ(form_for(22, forms, parents)->fields[0].key, "toner");
  EXPECT_EQ(form_for(211, forms, parents)->fields[0].key, "device_model");
  EXPECT_EQ(form_for(211, forms, parents)->category_id, 211);
  EXPECT_FALSE(form_for(4, forms, parents).has_value());
  EXPECT_FALSE(form_for(999, forms, parents).has_value());
}

TEST(FeedbackForms, required_fields_must_be_filled_and_unknown_ones_are_refused) {
  std::vector<FormField> form{{"device_model", "设备型号", "Device model", true, false},
                              {"serial_number", "序列号", "Serial number", true, false},
                              {"location", "位置", "Location", false, false}};
  auto missing = check_form_values(form, {{"device_model", "M404"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::missing_field);
  EXPECT_EQ(missing.error().field, "fields.serial_number");
  auto blank = check_form_values(form, {{"device_model", "M404"}, {"serial_number", " \t "}});
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().field, "fields.serial_number");
  auto unknown = check_form_values(form, {{"device_model", "a"}, {"serial_number", "b"}, {"colour", "red"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Errc::unknown_field);
  EXPECT_EQ(unknown.error().field, "fields.colour");
  auto too_long = check_form_values(form, {{"device_model", std::string(2001, 'x')}, {"serial_number", "b"}});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "fields.device_model");
  // In the form's order, trimmed, empty optional fields left out, labels kept.
  auto ok =
      check_form_values(form, {{"serial_number", " CNB123 "}, {"device_model", "M404"}, {"location", ""}});
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.value().size(), 2u);
  EXPECT_EQ(ok.value()[0], (FormValue{"device_model", "设备型号", "Device model", "M404"}));
  EXPECT_EQ(ok.value()[1].value, "CNB123");
}

TEST(FeedbackForms, a_form_definition_names_the_field_at_fault) {
  EXPECT_TRUE(validate_form({{"a_1", "甲", "", false, false}}).ok());
  EXPECT_EQ(validate_form({{"Bad-Key", "甲", "", false, false}}).error().field, "fields[0].key");
  EXPECT_EQ(validate_form({{"", "甲", "", false, false}}).error().field, "fields[0].key");
  EXPECT_EQ(validate_form({{"a", "甲", "", false, false}, {"a", "乙", "", false, false}}).error().field,
            "fields[1].key");
  EXPECT_EQ(validate_form({{"a", "  ", "", false, false}}).error().field, "fields[0].label");
  EXPECT_EQ(validate_form(std::vector<FormField>(31, FormField{"a", "x", "", false, false})).error().field,
            "fields");
}

TEST(FeedbackClosing, a_resolution_waits_three_full_working_days_of_business_time) {
  sla::BusinessClock clock(sla::china_business_calendar());
  // Tuesday 10:00 → Friday 10:00.
  EXPECT_EQ(auto_close_at(beijing(2026, 12, 1, 10, 0), 3, clock), beijing(2026, 12, 4, 10, 0));
  // Friday 17:00 → Wednesday 17:00 (the weekend does not count).
  EXPECT_EQ(auto_close_at(beijing(2026, 12, 4, 17, 0), 3, clock), beijing(2026, 12, 9, 17, 0));
  // Resolved in the evening: counting starts the next morning, so it closes at the end of the third day.
  EXPECT_EQ(auto_close_at(beijing(2026, 12, 1, 20, 0), 3, clock), beijing(2026, 12, 4, 18, 0));
  // One working day from the lunch break.
  EXPECT_EQ(auto_close_at(beijing(2026, 12, 1, 12, 30), 1, clock), beijing(2026, 12, 2, 12, 0));
}

TEST(FeedbackClosing, holidays_do_not_count_and_make_up_saturdays_do) {
  sla::BusinessClock clock(sla::china_business_calendar());
  // 2025-12-31 (Wed) 10:00; 1–3 Jan 2026 New Year holiday; Sun 4 Jan a make-up working day.
  EXPECT_EQ(auto_close_at(beijing(2025, 12, 31, 10, 0), 3, clock), beijing(2026, 1, 6, 10, 0));
  // National Day 2026: 1–7 October off, Saturday 10 October worked. Resolved Wednesday 30 September 17:00:
  // 1 h on the 30th, 7.5 h on Thursday 8th and Friday 9th, the remaining 6.5 h on Saturday 10th (a make-up
  // day) — closes Saturday 17:00.
  EXPECT_EQ(auto_close_at(beijing(2026, 9, 30, 17, 0), 3, clock), beijing(2026, 10, 10, 17, 0));
}

TEST(FeedbackClosing, on_a_seven_by_twenty_four_calendar_a_working_day_is_a_day) {
  sla::BusinessClock clock(sla::always_open_calendar());
  EXPECT_EQ(auto_close_at(beijing(2026, 12, 5, 23, 0), 3, clock), beijing(2026, 12, 8, 23, 0));
}

TEST(FeedbackClosing, a_closed_ticket_may_be_reopened_within_the_window_only) {
  Timestamp closed = beijing(2026, 12, 1, 10, 0);
  EXPECT_TRUE(may_reopen(closed, closed + days(14), 14));
  EXPECT_FALSE(may_reopen(closed, closed + days(14) + milliseconds(1), 14));
  EXPECT_FALSE(may_reopen(closed, closed + minutes(1), 0));
}

TEST(FeedbackClosing, the_rule_of_a_policy_overrides_the_defaults) {
  Settings s;
  s.policies = {{7, 5, 30}};
  EXPECT_EQ(closing_rule(s, 7), (ClosingRule{7, 5, 30}));
  EXPECT_EQ(closing_rule(s, 8), (ClosingRule{8, 3, 14}));
  EXPECT_EQ(closing_rule(s, std::nullopt).auto_close_working_days, 3);
  s.policies.push_back({7, 2, 2});
  EXPECT_EQ(validate_settings(s).error().field, "policies[1].policy_id");
  Settings bad;
  bad.auto_close_working_days = 0;
  EXPECT_EQ(validate_settings(bad).error().field, "auto_close_working_days");
}

TEST(FeedbackUploads, executables_are_refused_by_name_and_by_content) {
  const std::size_t max = 10 * 1024 * 1024;
  EXPECT_TRUE(check_upload("error.png", "\x89PNG", max).ok());
  for (const char* name :
       {"setup.exe", "SETUP.EXE", "run.bat", "x.cmd", "a.ps1", "b.vbs", "c.js", "d.msi", "e.sh"})
    EXPECT_EQ(check_upload(name, "data", max).error().field, "file") << name;
  EXPECT_FALSE(check_upload("invoice.pdf", std::string("MZ\x90\x00", 4), max).ok());
  EXPECT_FALSE(check_upload("photo.jpg",
                            "\x7f"
                            "ELF\x02",
                            max)
                   .ok());
  EXPECT_FALSE(check_upload("notes.txt", "#!/bin/sh\nrm -rf /", max).ok());
  EXPECT_FALSE(check_upload("empty.txt", "", max).ok());
  EXPECT_FALSE(check_upload("big.bin", std::string(11, 'x'), 10).ok());
  EXPECT_TRUE(check_upload("ok.bin", std::string(10, 'x'), 10).ok());
  EXPECT_EQ(check_upload("", "x", max).error().field, "filename");
}

TEST(FeedbackUploads, a_client_file_name_keeps_only_its_last_component) {
  EXPECT_EQ(clean_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(clean_filename("C:\\Users\\wang\\报告.docx"), "报告.docx");
  EXPECT_EQ(clean_filename("..hidden"), "hidden");
  EXPECT_EQ(clean_filename("a\r\nb.txt"), "ab.txt");
  EXPECT_EQ(clean_filename("  故障截图.png "), "故障截图.png");
}

TEST(FeedbackSurveys, a_score_is_one_to_five_with_known_tags_once_each) {
  EXPECT_TRUE(check_survey(1, {}, "").ok());
  EXPECT_TRUE(check_survey(5, {"timely", "professional", "friendly"}, "很好").ok());
  EXPECT_EQ(check_survey(0, {}, "").error().field, "score");
  EXPECT_EQ(check_survey(6, {}, "").error().field, "score");
  EXPECT_EQ(check_survey(3, {"timely", "great"}, "").error().field, "tags[1]");
  EXPECT_EQ(check_survey(3, {"slow", "slow"}, "").error().field, "tags[1]");
  EXPECT_EQ(check_survey(3, {}, std::string(2001 * 3, 'a')).error().field, "comment");
  EXPECT_TRUE(needs_callback(1));
  EXPECT_TRUE(needs_callback(2));
  EXPECT_FALSE(needs_callback(3));
}

TEST(FeedbackComplaints, the_procedure_goes_register_judge_decide_act_feedback_close_in_order) {
  ComplaintStage s = ComplaintStage::new_;
  const std::vector<std::pair<const char*, ComplaintStage>> steps{
      {"register", ComplaintStage::registered},     {"judge", ComplaintStage::judged},
      {"decide", ComplaintStage::decided},          {"act", ComplaintStage::acted},
      {"feedback", ComplaintStage::feedback_given}, {"close", ComplaintStage::closed}};
  for (const auto& [step, next] : steps) {
    auto r = complaint_step(s, step);
    ASSERT_TRUE(r.ok()) << step << ": " << r.error().message;
    EXPECT_EQ(r.value(), next);
    s = r.value();
  }
  EXPECT_EQ(expected_step(ComplaintStage::closed), "");
}

TEST(FeedbackComplaints, a_step_out_of_order_names_the_expected_one_and_register_may_be_corrected) {
  auto skip = complaint_step(ComplaintStage::new_, "judge");
  ASSERT_FALSE(skip.ok());
  EXPECT_EQ(skip.error().code, Errc::conflict);
  EXPECT_NE(skip.error().message.find("register"), std::string::npos);
  EXPECT_EQ(complaint_step(ComplaintStage::registered, "register").value(), ComplaintStage::registered);
  EXPECT_FALSE(complaint_step(ComplaintStage::judged, "register").ok());
  EXPECT_EQ(complaint_step(ComplaintStage::acted, "dance").error().code, Errc::invalid_field);
  EXPECT_EQ(complaint_step(ComplaintStage::closed, "close").error().code, Errc::conflict);
}

}  // namespace
}  // namespace techdesk::feedback
