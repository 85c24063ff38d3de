#include "common/idempotency.h"

namespace techdesk::idempotency {

namespace {
thread_local Claim* t_claim = nullptr;
}

Claim* current() {
  return t_claim;
}

Scope::Scope(Claim* claim) : m_previous(t_claim) {
  t_claim = claim;
}
Scope::~Scope() {
  t_claim = m_previous;
}

}  // namespace techdesk::idempotency
