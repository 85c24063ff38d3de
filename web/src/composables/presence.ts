// The collision hint (who else is replying on this ticket). While the user types a reply we tell the
// other staff at the ticket "replying" — at most every 5 s, so a long reply keeps the hint alive on
// their side — and "idle" when the box loses focus or the reply is sent. Their `presence` events come
// in over the live stream; each replier is shown until they say otherwise or 15 s pass without news.
//
// Presence is best effort: a failed call is not worth a message, the hint simply does not appear.

import { onScopeDispose, ref, watch, type Ref } from 'vue'
import { ticketsApi, type PresenceActivity } from '../api'
import { useLive } from './live'
import { useSession } from './session'

export const PRESENCE_THROTTLE_MS = 5_000
export const PRESENCE_EXPIRY_MS = 15_000

export interface Replier {
  userId: number
  name: string
}

/** `enabled`: whether this user announces (support staff only; the server refuses requesters). */
export function usePresence(ticketId: Ref<number>, enabled: () => boolean) {
  const live = useLive()
  const session = useSession()
  const repliers = ref<Replier[]>([])
  const timers = new Map<number, ReturnType<typeof setTimeout>>()

  function drop(userId: number): void {
    const timer = timers.get(userId)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(userId)
    repliers.value = repliers.value.filter((r) => r.userId !== userId)
  }

  function dropAll(): void {
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    repliers.value = []
  }

  live.onPresence((event) => {
    if (event.id !== ticketId.value || event.user_id === session.user.value?.id) return
    if (event.activity !== 'replying') {
      drop(event.user_id)
      return
    }
    const known = repliers.value.some((r) => r.userId === event.user_id)
    if (!known)
      repliers.value = [...repliers.value, { userId: event.user_id, name: event.user_name }]
    const timer = timers.get(event.user_id)
    if (timer !== undefined) clearTimeout(timer)
    timers.set(
      event.user_id,
      setTimeout(() => drop(event.user_id), PRESENCE_EXPIRY_MS),
    )
  })
  // A dropped stream may have missed an "idle": start over rather than show a stale hint.
  live.onResync(dropAll)

  // What we last told the others about which ticket, and when.
  let announced: { id: number; activity: PresenceActivity; at: number } | null = null

  function send(id: number, activity: PresenceActivity): void {
    announced = { id, activity, at: Date.now() }
    ticketsApi.presence(id, activity).catch(() => undefined)
  }

  /** The user typed (or inserted text) in the reply box. */
  function typing(): void {
    if (!enabled() || ticketId.value <= 0) return
    const now = Date.now()
    if (
      announced &&
      announced.id === ticketId.value &&
      announced.activity === 'replying' &&
      now - announced.at < PRESENCE_THROTTLE_MS
    )
      return
    send(ticketId.value, 'replying')
  }

  /** The user left the reply box or sent the reply. */
  function idle(): void {
    if (announced?.activity === 'replying') send(announced.id, 'idle')
  }

  watch(ticketId, () => {
    idle()
    dropAll()
  })
  onScopeDispose(() => {
    idle()
    dropAll()
  })

  return { repliers, typing, idle }
}
