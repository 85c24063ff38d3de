// Live updates: one EventSource on GET /api/v1/stream per signed-in page (cookie auth, same
// origin), opened by the layout and closed at logout. Views subscribe to `ticket`, `presence`
// (another staff member replying on a ticket: the collision hint) and `notification` events; a `resync` (the server may have missed changes) and a reconnect after a
// drop (we may have missed events) reach the `resync` subscribers, who refetch what they show.
//
// The server ends a stream after 10 minutes and EventSource reconnects by itself. When the browser
// gives up (an error status such as 503 when live updates are off), we try again every 30 s; the
// views still refresh on their own actions and the notification bell polls.

import { onScopeDispose } from 'vue'
import {
  API_BASE,
  type LiveNotificationEvent,
  type LivePresenceEvent,
  type LiveTicketEvent,
} from '../api'

type Handlers = {
  ticket: (event: LiveTicketEvent) => void
  presence: (event: LivePresenceEvent) => void
  notification: (event: LiveNotificationEvent) => void
  resync: () => void
}
type Kind = keyof Handlers

const RETRY_MS = 30_000

const handlers: { [K in Kind]: Set<Handlers[K]> } = {
  ticket: new Set(),
  presence: new Set(),
  notification: new Set(),
  resync: new Set(),
}
let source: EventSource | null = null
let retryTimer: ReturnType<typeof setTimeout> | null = null
let readyOnce = false
let wanted = false

function parse<T>(message: MessageEvent): T | null {
  try {
    return JSON.parse(String(message.data)) as T
  } catch {
    return null
  }
}

function emit<K extends Kind>(kind: K, ...args: Parameters<Handlers[K]>): void {
  for (const handler of handlers[kind]) {
    try {
      ;(handler as (...a: Parameters<Handlers[K]>) => void)(...args)
    } catch (err) {
      // One subscriber's bug must not starve the others.
      console.error(err)
    }
  }
}

function open(): void {
  if (source || typeof EventSource === 'undefined') return
  const es = new EventSource(`${API_BASE}/stream`, { withCredentials: true })
  source = es
  es.addEventListener('ready', () => {
    // The first `ready` starts the page; a later one follows a reconnect, after which we may have
    // missed events.
    if (readyOnce) emit('resync')
    readyOnce = true
  })
  es.addEventListener('ticket', (m) => {
    const event = parse<LiveTicketEvent>(m as MessageEvent)
    if (event) emit('ticket', event)
  })
  es.addEventListener('presence', (m) => {
    const event = parse<LivePresenceEvent>(m as MessageEvent)
    if (event) emit('presence', event)
  })
  es.addEventListener('notification', (m) => {
    const event = parse<LiveNotificationEvent>(m as MessageEvent)
    if (event) emit('notification', event)
  })
  es.addEventListener('resync', () => emit('resync'))
  es.onerror = () => {
    if (es.readyState !== EventSource.CLOSED) return // the browser reconnects by itself
    source = null
    if (wanted && retryTimer === null) {
      retryTimer = setTimeout(() => {
        retryTimer = null
        if (wanted) open()
      }, RETRY_MS)
    }
  }
}

/** Opens the stream for the signed-in session (idempotent). */
export function startLive(): void {
  wanted = true
  open()
}

/** Closes the stream (logout, session gone). */
export function stopLive(): void {
  wanted = false
  readyOnce = false
  if (retryTimer !== null) clearTimeout(retryTimer)
  retryTimer = null
  source?.close()
  source = null
}

/**
 * Subscribes the calling component (or effect scope) to live events; unsubscribed automatically
 * when it is unmounted.
 */
export function useLive() {
  const subscriptions: (() => void)[] = []
  function on<K extends Kind>(kind: K, handler: Handlers[K]): () => void {
    handlers[kind].add(handler)
    const off = () => {
      handlers[kind].delete(handler)
    }
    subscriptions.push(off)
    return off
  }
  onScopeDispose(() => subscriptions.forEach((off) => off()))
  return {
    onTicket: (handler: Handlers['ticket']) => on('ticket', handler),
    onPresence: (handler: Handlers['presence']) => on('presence', handler),
    onNotification: (handler: Handlers['notification']) => on('notification', handler),
    onResync: (handler: Handlers['resync']) => on('resync', handler),
  }
}
