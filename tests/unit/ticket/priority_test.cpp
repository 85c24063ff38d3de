// Priority from impact × urgency: the whole ITIL matrix the department uses (see ticket/priority.h).
#include "ticket/priority.h"

#include <gtest/gtest.h>

namespace {

using techdesk::ticket::Level;
using techdesk::ticket::name;
using techdesk::ticket::Priority;
using techdesk::ticket::priority_for;

struct Cell {
  Level impact;
  Level urgency;
  Priority expected;
};

class PriorityMatrix : public testing::TestWithParam<Cell> {};

TEST_P(PriorityMatrix, impact_and_urgency_give_the_documented_priority) {
  const Cell& c = GetParam();
  EXPECT_EQ(priority_for(c.impact, c.urgency), c.expected)
      << "impact " << name(c.impact) << ", urgency " << name(c.urgency) << ": got "
      << name(priority_for(c.impact, c.urgency)) << ", want " << name(c.expected);
}

INSTANTIATE_TEST_SUITE_P(AllNineCells, PriorityMatrix,
                         testing::Values(Cell{Level::high, Level::high, Priority::P1},
                                         Cell{Level::high, Level::medium, Priority::P2},
                                         Cell{Level::high, Level::low, Priority::P3},
                                         Cell{Level::medium, Level::high, Priority::P2},
                                         Cell{Level::medium, Level::medium, Priority::P3},
                                         Cell{Level::medium, Level::low, Priority::P4},
                                         Cell{Level::low, Level::high, Priority::P3},
                                         Cell{Level::low, Level::medium, Priority::P4},
                                         Cell{Level::low, Level::low, Priority::P4}),
                         [](const testing::TestParamInfo<Cell>& info) {
                           return "impact_" + std::string(name(info.param.impact)) + "_urgency_" +
                                  std::string(name(info.param.urgency));
                         });

TEST(Priority, the_matrix_is_symmetric_in_impact_and_urgency) {
  for (Level a : {Level::high, Level::medium, Level::low})
    for (Level b : {Level::high, Level::medium, Level::low})
      EXPECT_EQ(priority_for(a, b), priority_for(b, a));
}

}  // namespace
