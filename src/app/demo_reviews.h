// Demo data for performance reviews (绩效考核): last month's cycle, computed from the demo's tickets, its
// manual items scored by the manager, published, and one engineer's appeal waiting for an answer.
#pragma once

#include <string>

#include "common/clock.h"
#include "storage/store.h"

namespace techdesk::app {

// Runs through the real ReviewService with `clock` (left where it was found). Needs the demo's people (a
// manager and engineers). Returns false, having said why on stderr, when a step fails.
bool demo_reviews(storage::Store& store, ManualClock& clock, const std::string& zone = "Asia/Shanghai");

}  // namespace techdesk::app
