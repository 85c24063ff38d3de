// BodyReader: a request body is a JSON object of known fields, read field by field, and every
// error names the field at fault.
#include "http/json_codec.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ticket/types.h"

namespace {

using techdesk::Errc;
using techdesk::Error;
using techdesk::Id;
using techdesk::Result;
using techdesk::http::BodyReader;
using techdesk::ticket::all_names_priority;
using techdesk::ticket::parse_priority;
using techdesk::ticket::Priority;

BodyReader read(std::string_view body) {
  auto r = BodyReader::parse(body, {"subject", "team_id", "assignee_id", "ids", "priority", "count", "flag"});
  EXPECT_TRUE(r.ok()) << body << ": " << (r.ok() ? "" : r.error().message);
  return r.release_value();
}

// The value of an optional field that must be present and valid.
template <class T>
T present(Result<std::optional<T>> r) {
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message;
    return T{};
  }
  if (!r->has_value()) {
    ADD_FAILURE() << "the field is absent";
    return T{};
  }
  return **r;
}

template <class T>
void expect_invalid_field(const Result<T>& r, const std::string& field, const std::string& fragment) {
  ASSERT_FALSE(r.ok()) << field;
  EXPECT_EQ(r.error().code, Errc::invalid_field) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
}

TEST(BodyReader, invalid_json_is_invalid_json) {
  for (const char* body : {"{", "{\"subject\": }", "not json", "{'subject': 'x'}", "{\"subject\":\"x\",}",
                           "{\"subject\":\"x\"} trailing"}) {
    auto r = BodyReader::parse(body, {"subject"});
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, Errc::invalid_json) << body;
    EXPECT_EQ(r.error().field, "") << body;
  }
}

TEST(BodyReader, a_body_that_is_not_an_object_is_invalid_json) {
  for (const char* body : {"[]", "[{\"subject\":\"x\"}]", "\"subject\"", "42", "null", "true"}) {
    auto r = BodyReader::parse(body, {"subject"});
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, Errc::invalid_json) << body;
  }
}

TEST(BodyReader, an_empty_body_is_invalid_json_unless_allowed) {
  auto refused = BodyReader::parse("", {"subject"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_json);

  auto allowed = BodyReader::parse("", {"subject"}, true);
  ASSERT_TRUE(allowed.ok());
  EXPECT_FALSE(allowed->has("subject"));

  EXPECT_TRUE(BodyReader::parse(" \r\n\t", {"subject"}, true).ok());
}

TEST(BodyReader, allow_empty_still_checks_a_non_empty_body) {
  auto r = BodyReader::parse("{\"colour\":1}", {"subject"}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unknown_field);
  EXPECT_EQ(BodyReader::parse("[", {"subject"}, true).error().code, Errc::invalid_json);
}

TEST(BodyReader, strings_must_be_valid_utf8_and_utf16) {
  for (const char* body :
       {"{\"subject\":\"\xFF\"}", "{\"subject\":\"\xC0\x80\"}", R"({"subject":"\ud800"})"}) {
    auto r = BodyReader::parse(body, {"subject"});
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, Errc::invalid_json) << body;
  }
  auto chinese = BodyReader::parse(R"({"subject":"\u6253\u5370\u673a"})", {"subject"});
  ASSERT_TRUE(chinese.ok());
  EXPECT_EQ(present(chinese->optional_string("subject")), "打印机");
}

TEST(BodyReader, an_unknown_field_is_named) {
  auto r = BodyReader::parse(R"({"subject":"x","colour":"red"})", {"subject"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unknown_field);
  EXPECT_EQ(r.error().field, "colour");
  EXPECT_NE(r.error().message.find("colour"), std::string::npos) << r.error().message;
}

TEST(BodyReader, field_names_are_case_sensitive) {
  auto r = BodyReader::parse(R"({"Subject":"x"})", {"subject"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unknown_field);
  EXPECT_EQ(r.error().field, "Subject");
}

TEST(BodyReader, deeply_nested_json_is_invalid_json) {
  std::string body = "{\"subject\":" + std::string(100, '[') + std::string(100, ']') + "}";
  auto r = BodyReader::parse(body, {"subject"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_json);
}

TEST(BodyReader, a_required_string_is_read_or_reported_missing) {
  auto b = read(R"({"subject":"打印机卡纸"})");
  auto s = b.required_string("subject");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "打印机卡纸");

  auto missing = read("{}").required_string("subject");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::missing_field);
  EXPECT_EQ(missing.error().field, "subject");
}

TEST(BodyReader, wrong_types_name_the_field_and_the_type_given) {
  expect_invalid_field(read(R"({"subject":5})").required_string("subject"), "subject",
                       "must be a string, not an integer");
  expect_invalid_field(read(R"({"subject":null})").optional_string("subject"), "subject", "not null");
  expect_invalid_field(read(R"({"subject":["x"]})").optional_string("subject"), "subject", "not an array");
  expect_invalid_field(read(R"({"subject":{}})").optional_string("subject"), "subject", "not an object");
  expect_invalid_field(read(R"({"flag":"true"})").optional_bool("flag"), "flag",
                       "must be a boolean, not a string");
  expect_invalid_field(read(R"({"count":1.5})").optional_int("count"), "count",
                       "must be an integer, not a number");
  expect_invalid_field(read(R"({"count":true})").optional_int("count"), "count", "not a boolean");
  expect_invalid_field(read(R"({"ids":{"a":1}})").optional_id_list("ids"), "ids", "must be an array of ids");
}

TEST(BodyReader, absent_optional_fields_are_nullopt) {
  auto b = read("{}");
  EXPECT_FALSE(b.optional_string("subject")->has_value());
  EXPECT_FALSE(b.optional_id("team_id")->has_value());
  EXPECT_FALSE(b.optional_int("count")->has_value());
  EXPECT_FALSE(b.optional_bool("flag")->has_value());
  EXPECT_FALSE(b.optional_id_list("ids")->has_value());
  EXPECT_FALSE(b.has("subject"));
}

TEST(BodyReader, optional_values_are_read) {
  auto b = read(R"({"subject":"","count":-7,"flag":false,"team_id":3})");
  EXPECT_EQ(present(b.optional_string("subject")), "");
  EXPECT_EQ(present(b.optional_int("count")), -7);
  EXPECT_EQ(present(b.optional_bool("flag")), false);
  EXPECT_EQ(present(b.optional_id("team_id")), 3);
  EXPECT_TRUE(b.has("flag"));
}

TEST(BodyReader, optional_int_refuses_numbers_outside_int) {
  EXPECT_EQ(present(read(R"({"count":2147483647})").optional_int("count")), 2147483647);
  EXPECT_EQ(present(read(R"({"count":-2147483648})").optional_int("count")), -2147483647 - 1);
  expect_invalid_field(read(R"({"count":2147483648})").optional_int("count"), "count", "out of range");
  expect_invalid_field(read(R"({"count":-2147483649})").optional_int("count"), "count", "out of range");
}

TEST(BodyReader, patch_id_tells_absent_from_null_from_a_value) {
  auto b = read(R"({"team_id":null,"assignee_id":12})");

  auto absent = b.patch_id("ids");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());

  auto null = b.patch_id("team_id");
  ASSERT_TRUE(null.ok());
  ASSERT_TRUE(null->has_value());
  EXPECT_FALSE((*null)->has_value());

  auto value = b.patch_id("assignee_id");
  ASSERT_TRUE(value.ok());
  ASSERT_TRUE(value->has_value());
  ASSERT_TRUE((*value)->has_value());
  EXPECT_EQ(**value, std::optional<Id>{12});
}

TEST(BodyReader, patch_id_refuses_non_positive_and_non_integer_values) {
  expect_invalid_field(read(R"({"team_id":0})").patch_id("team_id"), "team_id", "positive id");
  expect_invalid_field(read(R"({"team_id":-3})").patch_id("team_id"), "team_id", "positive id");
  expect_invalid_field(read(R"({"team_id":"7"})").patch_id("team_id"), "team_id", "integer id or null");
  expect_invalid_field(read(R"({"team_id":1.5})").patch_id("team_id"), "team_id", "integer id or null");
}

TEST(BodyReader, patch_string_tells_absent_from_null_from_a_value) {
  auto b = read(R"({"subject":null})");
  EXPECT_FALSE(read("{}").patch_string("subject")->has_value());
  ASSERT_TRUE(b.patch_string("subject")->has_value());
  EXPECT_FALSE(b.patch_string("subject")->value().has_value());
  EXPECT_EQ(read(R"({"subject":"x"})").patch_string("subject")->value(), std::optional<std::string>{"x"});
  expect_invalid_field(read(R"({"subject":1})").patch_string("subject"), "subject", "a string or null");
}

TEST(BodyReader, optional_id_refuses_zero_negatives_fractions_and_strings) {
  expect_invalid_field(read(R"({"team_id":0})").optional_id("team_id"), "team_id", "must be a positive id");
  expect_invalid_field(read(R"({"team_id":-3})").optional_id("team_id"), "team_id", "must be a positive id");
  expect_invalid_field(read(R"({"team_id":1.5})").optional_id("team_id"), "team_id",
                       "must be an integer id, not a number");
  expect_invalid_field(read(R"({"team_id":"7"})").optional_id("team_id"), "team_id",
                       "must be an integer id, not a string");
  expect_invalid_field(read(R"({"team_id":null})").optional_id("team_id"), "team_id", "not null");
  expect_invalid_field(read(R"({"team_id":18446744073709551615})").optional_id("team_id"), "team_id",
                       "out of range");
}

// An integer that does not fit is reported as out of range, not as the wrong type.
TEST(BodyReader, an_integer_out_of_range_is_not_reported_as_the_wrong_type) {
  for (const char* body : {R"({"count":2147483648})", R"({"count":18446744073709551615})"}) {
    auto r = read(body).optional_int("count");
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().message.find("not an integer"), std::string::npos) << r.error().message;
  }
  auto id = read(R"({"team_id":18446744073709551615})").optional_id("team_id");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().message.find("not an integer"), std::string::npos) << id.error().message;
}

TEST(BodyReader, optional_id_accepts_the_largest_id) {
  EXPECT_EQ(present(read(R"({"team_id":9223372036854775807})").optional_id("team_id")),
            9223372036854775807LL);
}

TEST(BodyReader, optional_id_list_reads_positive_ids_in_order) {
  auto r = read(R"({"ids":[3,1,2]})").optional_id_list("ids");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(**r, (std::vector<Id>{3, 1, 2}));
  EXPECT_EQ(present(read(R"({"ids":[]})").optional_id_list("ids")), std::vector<Id>{});
}

TEST(BodyReader, optional_id_list_refuses_bad_entries) {
  for (const char* body : {R"({"ids":[1,0]})", R"({"ids":[-1]})", R"({"ids":[1,"2"]})", R"({"ids":[1.5]})",
                           R"({"ids":[null]})", R"({"ids":[[1]]})"})
    expect_invalid_field(read(body).optional_id_list("ids"), "ids", "positive integer ids");
  expect_invalid_field(read(R"({"ids":5})").optional_id_list("ids"), "ids", "array of ids");
  expect_invalid_field(read(R"({"ids":null})").optional_id_list("ids"), "ids", "array of ids");
}

TEST(BodyReader, optional_id_list_refuses_more_than_a_thousand_entries) {
  std::string many = R"({"ids":[)";
  for (int i = 1; i <= 1001; ++i)
    many += (i > 1 ? "," : "") + std::to_string(i);
  many += "]}";
  expect_invalid_field(read(many).optional_id_list("ids"), "ids", "too many");
}

TEST(BodyReader, optional_enum_parses_names_and_lists_the_allowed_ones_on_error) {
  auto b = read(R"({"priority":"P2"})");
  auto p = b.optional_enum<Priority>("priority", parse_priority, all_names_priority().c_str());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(**p, Priority::P2);

  auto absent = read("{}").optional_enum<Priority>("priority", parse_priority, all_names_priority().c_str());
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());

  auto bad = read(R"({"priority":"urgent"})")
                 .optional_enum<Priority>("priority", parse_priority, all_names_priority().c_str());
  expect_invalid_field(bad, "priority", "must be one of P1, P2, P3, P4");

  auto lower = read(R"({"priority":"p1"})")
                   .optional_enum<Priority>("priority", parse_priority, all_names_priority().c_str());
  expect_invalid_field(lower, "priority", "P1, P2, P3, P4");

  auto wrong_type = read(R"({"priority":1})")
                        .optional_enum<Priority>("priority", parse_priority, all_names_priority().c_str());
  expect_invalid_field(wrong_type, "priority", "must be a string");
}

}  // namespace
