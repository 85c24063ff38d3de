// Survey links that need no login: a token that names a survey invitation, the ticket and the expiry,
// signed with HMAC-SHA-256 under a key derived from the server's secret. The token proves where it came
// from; single use and "one answer per ticket" are kept in the database (feedback_store.h).
//
//   v1.<invitation id>.<ticket id>.<expires, ms>.<nonce>.<signature, base64url>
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/error.h"
#include "common/id.h"

namespace techdesk::feedback {

struct SurveyClaims {
  Id invitation_id = 0;
  Id ticket_id = 0;
  Timestamp expires_at{};
  std::string nonce;
};

std::string make_survey_token(const SurveyClaims& c, std::string_view key);
// Checks the form and the signature (in constant time). Errors: not_found "survey" for anything malformed,
// tampered or signed with another key; expired when `now` is past the expiry (checked after the signature).
Result<SurveyClaims> read_survey_token(std::string_view token, std::string_view key, Timestamp now);

}  // namespace techdesk::feedback
