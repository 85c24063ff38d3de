// Initialises libsodium once per process, before its first use (private to identity/).
#pragma once

namespace techdesk::identity {

// Throws std::runtime_error when libsodium cannot initialise (a start-up failure).
void ensure_sodium();

}  // namespace techdesk::identity
