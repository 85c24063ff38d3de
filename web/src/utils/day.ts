// Local days of the desk (Asia/Shanghai, UTC+8 all year) as YYYY-MM-DD, counted on the server's clock.

import { serverNow } from '../api'

export const DAY_MS = 86_400_000
const ZONE_MS = 8 * 3_600_000

/** The local day of an instant (epoch milliseconds). */
export function localDay(ms: number): string {
  return new Date(ms + ZONE_MS).toISOString().slice(0, 10)
}

/** Today on the server's clock. */
export function today(): string {
  return localDay(serverNow())
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

export const isDay = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
