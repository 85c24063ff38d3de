// The server's "now" as a reactive value for countdowns (SLA time left). It moves every 30 s, and at
// once when an API answer shows that the server clock differs from what we assumed. One timer for
// the whole page, running while at least one component uses it.

import { onScopeDispose, readonly, ref, type Ref } from 'vue'
import { onServerTimeChange, serverNow } from '../api'

const TICK_MS = 30_000

const now = ref(serverNow())
let users = 0
let timer: ReturnType<typeof setInterval> | null = null
let unlisten: (() => void) | null = null

function update(): void {
  now.value = serverNow()
}

function start(): void {
  update()
  timer = setInterval(update, TICK_MS)
  unlisten = onServerTimeChange(update)
}

function stop(): void {
  if (timer !== null) clearInterval(timer)
  timer = null
  unlisten?.()
  unlisten = null
}

/** The server's time in epoch milliseconds, refreshed every 30 s. Call from a component's setup. */
export function useServerNow(): Readonly<Ref<number>> {
  if (users++ === 0) start()
  onScopeDispose(() => {
    if (--users === 0) stop()
  })
  return readonly(now)
}
