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

  /** Who did it, as the UI words it: auto-assignment and rules have names of their own. */
  function byText(by: string | undefined): string {
    if (!by) return t('common.system')
    if (/^自动分派 \/ auto-assignment$/.test(by)) return t('dispatch.autoAssigner')
    const rule = /^规则 \/ rule: (.*)$/.exec(by)
    if (rule) return t('notifications.byRule', { name: rule[1] })
    return by
  }

  /** The i18n key of a kind: sla.warning → warning, ticket.assigned → ticket_assigned. */
  function keyOf(kind: string): string {
    return kind.startsWith('sla.') ? kind.slice(4) : kind.replace('.', '_')
  }

  /** The line shown for a notification, worded from its kind and data; the title as fallback. */
  function textOf(n: AppNotification): string {
    const key = `notifications.kinds.${keyOf(n.kind)}`
    const data = n.data ?? {}
    if (!te(key) || !data.number) return n.title
    const clockKey = `sla.clocks.${data.clock ?? ''}`
    const clock = te(clockKey) ? t(clockKey) : t('sla.clocks.any')
    return t(key, {
      number: data.number,
      clock,
      due: formatTime(data.due),
      by: byText(data.by),
      reason: data.reason ?? '',
      rule: data.rule ?? '',
      error: data.error ?? '',
      // rule.notify: the rule's own text, filled in for the ticket, is the title.
      text: n.title,
    })
  }

  /** A class for the dot: failures and breaches in red, warnings and hand-overs in orange. */
  function levelOf(n: AppNotification): string {
    return keyOf(n.kind)
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
    levelOf,
  }
}
