// The signed-in user's notifications for the header bell: the newest few and the unread count,
// shared by the page. Refreshed when the live stream announces one, on a resync, and every 60 s
// as a fallback for when the stream is down.

import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { notificationsApi, type AppNotification } from '../api'
import { formatTime } from '../utils/format'

const POLL_MS = 60_000
const SHOWN = 10

const items = ref<AppNotification[]>([])
const unread = ref(0)
const loaded = ref(false)
let timer: ReturnType<typeof setInterval> | null = null
let generation = 0

async function refresh(): Promise<void> {
  const mine = ++generation
  try {
    const page = await notificationsApi.list({ limit: SHOWN })
    if (mine !== generation) return
    items.value = page.items
    unread.value = page.unread
    loaded.value = true
  } catch {
    // Silent: the next poll or live event tries again.
  }
}

function startPolling(): void {
  stopPolling()
  void refresh()
  timer = setInterval(() => void refresh(), POLL_MS)
}

function stopPolling(): void {
  if (timer !== null) clearInterval(timer)
  timer = null
  generation++
  items.value = []
  unread.value = 0
  loaded.value = false
}

async function markRead(n: AppNotification): Promise<void> {
  if (n.read_at === null) {
    await notificationsApi.markRead(n.id)
    n.read_at = new Date().toISOString()
    unread.value = Math.max(0, unread.value - 1)
  }
}

async function markAllRead(): Promise<void> {
  await notificationsApi.markAllRead()
  const now = new Date().toISOString()
  for (const n of items.value) if (n.read_at === null) n.read_at = now
  unread.value = 0
}

export function useNotifications() {
  const { t, te } = useI18n()

  /** The line shown for a notification, worded from its kind and data; the title as fallback. */
  function textOf(n: AppNotification): string {
    const kind = n.kind.replace(/^sla\./, '')
    const key = `notifications.kinds.${kind}`
    const data = n.data ?? {}
    if (!te(key) || !data.number) return n.title
    const clockKey = `sla.clocks.${data.clock ?? ''}`
    const clock = te(clockKey) ? t(clockKey) : t('sla.clocks.any')
    return t(key, { number: data.number, clock, due: formatTime(data.due) })
  }

  return {
    items,
    unread,
    loaded,
    hasUnread: computed(() => unread.value > 0),
    refresh,
    startPolling,
    stopPolling,
    markRead,
    markAllRead,
    textOf,
  }
}
