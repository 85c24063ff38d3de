// Human ticket numbers: the local date and a per-day sequence of at least four digits.
#include "ticket/ticket_number.h"

#include <gtest/gtest.h>

namespace {

using techdesk::ticket::format_ticket_number;

TEST(TicketNumber, the_first_ticket_of_a_day_is_numbered_0001) {
  EXPECT_EQ(format_ticket_number("20261121", 1), "20261121-0001");
}

TEST(TicketNumber, short_sequences_are_padded_to_four_digits) {
  EXPECT_EQ(format_ticket_number("20261121", 42), "20261121-0042");
  EXPECT_EQ(format_ticket_number("20261121", 999), "20261121-0999");
  EXPECT_EQ(format_ticket_number("20261121", 9999), "20261121-9999");
}

TEST(TicketNumber, a_busy_day_grows_the_sequence_to_five_digits_and_beyond) {
  EXPECT_EQ(format_ticket_number("20261121", 10000), "20261121-10000");
  EXPECT_EQ(format_ticket_number("20261121", 12345), "20261121-12345");
  EXPECT_EQ(format_ticket_number("20261121", 1234567), "20261121-1234567");
}

TEST(TicketNumber, the_date_part_is_taken_as_given) {
  EXPECT_EQ(format_ticket_number("20270101", 7), "20270101-0007");
}

}  // namespace
