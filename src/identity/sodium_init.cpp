#include "identity/sodium_init.h"

#include <sodium.h>

#include <stdexcept>

namespace techdesk::identity {

void ensure_sodium() {
  static const bool k_ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)k_ready;
}

}  // namespace techdesk::identity
