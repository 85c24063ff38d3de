// Who may do what on the performance review pages. The server decides; these only keep the UI from
// offering what it would refuse.

import { computed } from 'vue'
import type { Role } from '../../api'
import { useSession } from '../../composables/session'
import { REVIEW_MANAGERS, REVIEW_READERS, type Scorecard } from './api'

function has(list: readonly Role[], role: Role | undefined): boolean {
  return role !== undefined && list.includes(role)
}

export function useReviewRoles() {
  const session = useSession()
  const role = computed(() => session.user.value?.role)
  return {
    /** Creates cycles, computes, scores manual items, publishes, answers appeals: managers, admins. */
    managesReviews: computed(() => has(REVIEW_MANAGERS, role.value)),
    /** Reads the cycles and their rankings: team leads (read-only), managers, admins. */
    readsCycles: computed(() => has(REVIEW_READERS, role.value)),
    /** The engineer the scorecard is about (writes the self-assessment, appeals). */
    owns(card: Pick<Scorecard, 'engineer'> | null): boolean {
      return card !== null && card.engineer.id === session.user.value?.id
    },
  }
}

/** A route guard: only these roles enter; the others go to their own scorecard. */
export function onlyRoles(roles: readonly Role[]) {
  return () => (has(roles, useSession().user.value?.role) ? true : { name: 'review-mine' })
}
