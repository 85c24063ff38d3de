// Who may do what on the report pages. The server decides; these only keep the UI from offering
// what it would refuse.

import { computed } from 'vue'
import type { Role } from '../../api'
import { useSession } from '../../composables/session'
import type { WeeklyReport } from './api'

/** The team board and weekly reports: team leads (their teams), managers and administrators. */
export const TEAM_BOARD_ROLES: readonly Role[] = ['team_lead', 'manager', 'admin']
/** The department board and the report settings. */
export const MANAGER_ROLES: readonly Role[] = ['manager', 'admin']

function has(list: readonly Role[], role: Role | undefined): boolean {
  return role !== undefined && list.includes(role)
}

export function useReportRoles() {
  const session = useSession()
  const role = computed(() => session.user.value?.role)
  return {
    seesTeamBoard: computed(() => has(TEAM_BOARD_ROLES, role.value)),
    seesManagerBoard: computed(() => has(MANAGER_ROLES, role.value)),
    managesReports: computed(() => has(MANAGER_ROLES, role.value)),
    /** Writes the plan of a weekly report and sends it: its team's lead, managers, administrators. */
    writesWeekly(report: WeeklyReport): boolean {
      if (has(MANAGER_ROLES, role.value)) return true
      if (role.value !== 'team_lead' || report.scope !== 'team' || !report.team) return false
      return session.user.value?.team_ids.includes(report.team.id) ?? false
    },
  }
}

/** A route guard: only these roles enter; the others go to their own board. */
export function onlyRoles(roles: readonly Role[]) {
  return () => (has(roles, useSession().user.value?.role) ? true : { name: 'agent-board' })
}
