// The test clock (`serve --test-clock`) must be impossible in a production build. The guard is compiled
// here twice, as the development build and as the production build (-DTECHDESK_PRODUCTION) compile it;
// TECHDESK_EXPECT_PRODUCTION says which one this executable links.
#include <gtest/gtest.h>

#include "app/app.h"

namespace techdesk::app {
namespace {

#ifdef TECHDESK_EXPECT_PRODUCTION
TEST(TestClockGuard, a_production_build_refuses_the_test_clock) {
  EXPECT_FALSE(test_clock_allowed());
}
#else
TEST(TestClockGuard, a_development_build_allows_the_test_clock) {
  EXPECT_TRUE(test_clock_allowed());
}
#endif

}  // namespace
}  // namespace techdesk::app
