// The one place the UI talks HTTP. It sends the session cookie (same origin), adds the CSRF token
// to every write, turns the error body {"error": {code, message, field}} into an ApiError, shows it
// to the user, and hands a 401 to the handler that sends the browser to the login page. It also
// learns the server's clock from the X-Server-Time header of every answer: SLA "time left" counts
// against the server's time, never the browser's clock alone.

import { ElMessage } from '../ui/element'
import type { ErrorBody } from './types'
import { i18n } from '../i18n'

export const API_BASE = '/api/v1'

/** A failed API call. `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | null

  constructor(status: number, code: string, message: string, field: string | null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

export interface RequestOptions {
  body?: unknown
  /** A file sent as it is (an upload), with its content type; instead of a JSON `body`. */
  raw?: { data: Blob; type: string }
  query?: Record<string, QueryValue>
  /** Do not show the error to the user; the caller handles it. */
  silent?: boolean
  /** Do not treat 401 as "session over" (login and the initial session probe). */
  allowUnauthenticated?: boolean
}

let csrfToken: string | null = null
let onUnauthorized: (() => void) | null = null

// Server time minus browser time, in milliseconds, from the latest answer that carried the header.
let serverOffset = 0
const serverTimeListeners = new Set<() => void>()

/** The server's current time in epoch milliseconds (the browser clock corrected by the offset). */
export function serverNow(): number {
  return Date.now() + serverOffset
}

/** Calls `listener` whenever the offset to the server clock changes; returns the unsubscribe. */
export function onServerTimeChange(listener: () => void): () => void {
  serverTimeListeners.add(listener)
  return () => serverTimeListeners.delete(listener)
}

function learnServerTime(response: Response): void {
  const header = response.headers.get('X-Server-Time')
  if (!header) return
  const server = Date.parse(header)
  if (Number.isNaN(server)) return
  const offset = server - Date.now()
  // Network delay makes the offset jitter by a few milliseconds; only a real change is news.
  if (Math.abs(offset - serverOffset) < 1000) return
  serverOffset = offset
  for (const listener of serverTimeListeners) listener()
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called once at start-up: what to do when the server says the session is gone. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','))
    } else {
      params.set(key, String(value))
    }
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false
  const error = (value as { error: unknown }).error
  return typeof error === 'object' && error !== null && 'code' in error
}

/** The text shown to the user for an error: our translation of the code, and the server's detail. */
export function errorText(err: unknown): string {
  const { t, te } = i18n.global
  if (!(err instanceof ApiError)) return t('errors.unknown')
  const key = `errors.codes.${err.code}`
  const base = te(key) ? t(key) : t('errors.status', { status: err.status })
  // Codes whose server message adds what the user needs to fix (which field, which states).
  const detailed = [
    'invalid_field',
    'missing_field',
    'unknown_field',
    'invalid_query',
    'invalid_transition',
    'conflict',
  ]
  if (detailed.includes(err.code) && err.message) return `${base}: ${err.message}`
  return base
}

export function showError(err: unknown): void {
  ElMessage({ type: 'error', message: errorText(err), showClose: true, grouping: true })
}

export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  return (await send(method, path, options, 'application/json')) as T
}

/** Like `request`, for routes that answer text (the iCalendar export). */
export async function requestText(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<string> {
  return (await send(method, path, options, 'text/*', { text: true })) as string
}

/** The start of a text file and whether there was more. */
export interface TextHead {
  text: string
  truncated: boolean
}

/**
 * Like `requestText` for files that may be large (a raw email): reads at most `maxBytes` of the
 * answer and drops the rest of the download. The bytes are read as UTF-8, or as GB18030 when they
 * are not UTF-8 (8-bit Chinese mail).
 */
export async function requestTextHead(
  path: string,
  maxBytes: number,
  accept: string,
  options: RequestOptions = {},
): Promise<TextHead> {
  return (await send('GET', path, options, accept, { text: true, maxBytes })) as TextHead
}

async function readHead(response: Response, maxBytes: number): Promise<TextHead> {
  const chunks: Uint8Array[] = []
  let size = 0
  let truncated = false
  if (response.body) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      const room = maxBytes - size
      if (value.length >= room) {
        chunks.push(value.subarray(0, room))
        size = maxBytes
        truncated = value.length > room || !(await reader.read()).done
        await reader.cancel().catch(() => undefined)
        break
      }
      chunks.push(value)
      size += value.length
    }
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.length
  }
  // A cut may fall inside a character: streaming keeps an incomplete last one out of the text.
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated }),
      truncated,
    }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes, { stream: truncated }), truncated }
  }
}

interface ReadAs {
  text: boolean
  /** Read no more than this many bytes of a successful answer (text only). */
  maxBytes?: number
}

async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  accept: string,
  readAs: ReadAs = { text: false },
): Promise<unknown> {
  const headers: Record<string, string> = { Accept: accept }
  if (options.raw) headers['Content-Type'] = options.raw.type || 'application/octet-stream'
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw
        ? options.raw.data
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
    })
  } catch {
    const err = new ApiError(0, 'network', 'network error', null)
    if (!options.silent) showError(err)
    throw err
  }

  learnServerTime(response)
  if (response.status === 204) return undefined
  if (response.ok && readAs.maxBytes !== undefined) return readHead(response, readAs.maxBytes)

  let payload: unknown = null
  const text = await response.text()
  if (response.ok && readAs.text) return text
  if (text) {
    try {
      payload = JSON.parse(text)
    } catch {
      payload = null
    }
  }

  if (response.ok) return payload

  const err = isErrorBody(payload)
    ? new ApiError(
        response.status,
        payload.error.code,
        payload.error.message ?? '',
        payload.error.field ?? null,
      )
    : new ApiError(
        response.status,
        response.status >= 500 ? 'internal' : 'unknown',
        response.statusText,
        null,
      )

  if (response.status === 401 && !options.allowUnauthenticated) {
    csrfToken = null
    if (onUnauthorized) onUnauthorized()
  }
  if (!options.silent) showError(err)
  throw err
}
