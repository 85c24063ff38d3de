// Whether this build accepts `serve --test-clock`. A production build (cmake -DTECHDESK_PRODUCTION=ON,
// as deploy/ documents) is compiled with TECHDESK_PRODUCTION and refuses it, so no production server
// can ever let a client move its time. Kept in a file of its own so the test suite can compile it both
// ways (tests/unit/app/test_clock_guard_test.cpp).
#include "app/app.h"

namespace techdesk::app {

bool test_clock_allowed() {
#ifdef TECHDESK_PRODUCTION
  return false;
#else
  return true;
#endif
}

}  // namespace techdesk::app
