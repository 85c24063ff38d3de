// Who may do what on the feedback pages. The server decides; these only keep the UI from offering
// what it would refuse.

import { computed } from 'vue'
import { useSession } from '../../composables/session'
import { CALLBACK_CREATORS, COMPLAINT_READERS, COMPLAINT_WORKERS } from './api'

function has(list: readonly string[], role: string | undefined): boolean {
  return role !== undefined && list.includes(role)
}

export function useFeedbackRoles() {
  const session = useSession()
  const role = computed(() => session.user.value?.role)
  return {
    /** Reads the complaint queue and procedures. */
    readsComplaints: computed(() => has(COMPLAINT_READERS, role.value)),
    /** Records the steps of the complaint procedure. */
    worksComplaints: computed(() => has(COMPLAINT_WORKERS, role.value)),
    /** Adds callback tasks by hand. */
    createsCallbacks: computed(() => has(CALLBACK_CREATORS, role.value)),
    /** Sets up periodic callbacks for key customers. */
    schedulesCallbacks: session.isManager,
    isAdmin: session.isAdmin,
  }
}
