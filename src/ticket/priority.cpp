#include "ticket/priority.h"

namespace techdesk::ticket {

Priority priority_for(Level impact, Level urgency) {
  auto rank = [](Level l) { return l == Level::high ? 0 : l == Level::medium ? 1 : 2; };
  static constexpr Priority k_matrix[3][3] = {
      {Priority::P1, Priority::P2, Priority::P3},
      {Priority::P2, Priority::P3, Priority::P4},
      {Priority::P3, Priority::P4, Priority::P4},
  };
  return k_matrix[rank(impact)][rank(urgency)];
}

}  // namespace techdesk::ticket
