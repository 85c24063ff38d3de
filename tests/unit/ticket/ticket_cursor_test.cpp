// Pagination cursors for ticket lists: opaque, bound to the sort they were issued for, and refused
// (invalid_query on "cursor") when they come from another sort or were not issued by the server.
#include <gtest/gtest.h>

#include <string>

#include "common/base64.h"
#include "ticket/ticket_service.h"

namespace {

using techdesk::base64url_decode;
using techdesk::base64url_encode;
using techdesk::Errc;
using techdesk::Result;
using techdesk::ticket::decode_ticket_cursor;
using techdesk::ticket::encode_ticket_cursor;
using techdesk::ticket::SortKey;
using techdesk::ticket::TicketCursor;

void expect_rejected(const Result<TicketCursor>& r, const std::string& what) {
  ASSERT_FALSE(r.ok()) << what;
  EXPECT_EQ(r.error().code, Errc::invalid_query) << what;
  EXPECT_EQ(r.error().field, "cursor") << what;
}

TEST(TicketCursor, a_cursor_decodes_to_the_position_it_was_issued_for) {
  for (SortKey sort : {SortKey::created_at, SortKey::updated_at, SortKey::priority}) {
    for (bool descending : {true, false}) {
      const TicketCursor c{1'795'000'000'123, 4242};
      auto r = decode_ticket_cursor(encode_ticket_cursor(sort, descending, c), sort, descending);
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->key, c.key);
      EXPECT_EQ(r->id, c.id);
    }
  }
}

TEST(TicketCursor, a_priority_cursor_keeps_a_small_key) {
  auto r =
      decode_ticket_cursor(encode_ticket_cursor(SortKey::priority, false, {3, 9}), SortKey::priority, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->key, 3);
  EXPECT_EQ(r->id, 9);
}

TEST(TicketCursor, a_cursor_is_url_safe_text) {
  auto text = encode_ticket_cursor(SortKey::updated_at, true, {1'795'000'000'123, 77});
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << text;
}

TEST(TicketCursor, a_cursor_for_another_sort_is_invalid) {
  auto text = encode_ticket_cursor(SortKey::created_at, true, {1'795'000'000'123, 5});
  expect_rejected(decode_ticket_cursor(text, SortKey::updated_at, true), "other key");
  expect_rejected(decode_ticket_cursor(text, SortKey::priority, true), "priority key");
  expect_rejected(decode_ticket_cursor(text, SortKey::created_at, false), "other direction");
}

TEST(TicketCursor, garbage_is_an_invalid_cursor) {
  for (std::string garbage : {"", "!!!!", "not a cursor", "abc=", "A", "%2F%2F", "eyJ0IjoxfQ"})
    expect_rejected(decode_ticket_cursor(garbage, SortKey::created_at, true), garbage);
}

TEST(TicketCursor, tampered_base64_is_an_invalid_cursor) {
  auto good = encode_ticket_cursor(SortKey::created_at, true, {1'795'000'000'123, 5});
  ASSERT_TRUE(decode_ticket_cursor(good, SortKey::created_at, true).ok());

  std::string bad_char = good;
  bad_char[3] = '+';  // outside the URL-safe alphabet
  expect_rejected(decode_ticket_cursor(bad_char, SortKey::created_at, true),
                  "character outside the alphabet");

  std::string impossible_length = good + "A";
  if (impossible_length.size() % 4 != 1)
    impossible_length = good.substr(0, good.size() - good.size() % 4) + "A";
  expect_rejected(decode_ticket_cursor(impossible_length, SortKey::created_at, true), "impossible length");

  std::string flipped_prefix = good;
  flipped_prefix[0] = flipped_prefix[0] == 'd' ? 'e' : 'd';  // changes the "t:" marker
  expect_rejected(decode_ticket_cursor(flipped_prefix, SortKey::created_at, true), "changed prefix");
}

TEST(TicketCursor, well_encoded_text_that_is_not_a_cursor_is_invalid) {
  for (std::string raw : {"t:0:d:", "t:0:d:123", "t:0:d:123:", "t:0:d::5", "t:0:d:123:0", "t:0:d:123:-5",
                          "t:0:d:123:5x", "t:0:d:12x:5", "t:0:d:123:5:6", "t:0:d:123:99999999999999999999",
                          "x:0:d:123:5", "t:0:a:123:5", "t:1:d:123:5"})
    expect_rejected(decode_ticket_cursor(base64url_encode(raw), SortKey::created_at, true), raw);
}

TEST(TicketCursor, the_text_under_the_base64_names_sort_direction_key_and_id) {
  auto text = encode_ticket_cursor(SortKey::created_at, true, {123, 5});
  auto raw = base64url_decode(text);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(*raw, "t:0:d:123:5");
}

}  // namespace
