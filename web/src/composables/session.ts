// Who is signed in. One module-level state shared by every component; the server's session cookie
// is the source of truth, this is its copy for the UI (user and CSRF token).

import { computed, reactive, readonly } from 'vue'
import { authApi, setCsrfToken, AGENT_ROLES, type User } from '../api'

interface SessionState {
  user: User | null
  /** True once the server has been asked whether a session exists. */
  checked: boolean
}

const state = reactive<SessionState>({ user: null, checked: false })
let probe: Promise<void> | null = null

function apply(user: User | null, csrf: string | null): void {
  state.user = user
  state.checked = true
  setCsrfToken(csrf)
}

/** Asks the server once whether the browser already has a session. */
function ensureChecked(): Promise<void> {
  if (state.checked) return Promise.resolve()
  if (!probe) {
    probe = authApi
      .me()
      .then((me) => apply(me.user, me.csrf_token))
      .catch(() => apply(null, null))
      .finally(() => {
        probe = null
      })
  }
  return probe
}

async function login(loginName: string, password: string): Promise<User> {
  const answer = await authApi.login(loginName, password)
  apply(answer.user, answer.csrf_token)
  return answer.user
}

async function logout(): Promise<void> {
  try {
    await authApi.logout()
  } finally {
    apply(null, null)
  }
}

/** Forget the session locally (the server said 401). */
function clear(): void {
  apply(null, null)
}

const user = computed(() => state.user)
const isAgent = computed(() => state.user !== null && AGENT_ROLES.includes(state.user.role))
/** Administrators change SLA policies and calendars; other agent roles read them. */
const isAdmin = computed(() => state.user?.role === 'admin')
/** Managers and administrators: automation rules, every team's settings, global macros. */
const isManager = computed(() => state.user?.role === 'admin' || state.user?.role === 'manager')
/** Team leads change their own teams' settings, members and macros. */
const isLead = computed(() => state.user?.role === 'team_lead')

/** Whether the user may change the team's dispatch settings, members and macros. */
function leads(teamId: number | null | undefined): boolean {
  if (isManager.value) return true
  if (!isLead.value || teamId === null || teamId === undefined) return false
  return state.user?.team_ids.includes(teamId) ?? false
}

export function useSession() {
  return {
    state: readonly(state),
    user,
    isAgent,
    isAdmin,
    isManager,
    isLead,
    leads,
    ensureChecked,
    login,
    logout,
    clear,
  }
}
