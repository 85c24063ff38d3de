// Periods as the report pages speak of them: the desk's local days (Asia/Shanghai, UTC+8 all year),
// ISO weeks, the buckets of a trend, and the link to the tickets behind a figure (drill-down).

import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router'
import { DAY_MS, addDays, isDay, localDay, today } from '../../utils/day'
import type { DrillQuery, Filters, SeriesPoint } from './api'
import { FILTER_KEYS } from './api'

export { addDays, isDay, localDay, today }

const ZONE_MS = 8 * 3_600_000

/** A period picked as inclusive days [first, last] → the API's half-open [from, to). */
export function apiPeriod(range: [string, string]): { from: string; to: string } {
  return { from: range[0], to: addDays(range[1], 1) }
}

/** An instant as the API answers it, written as a local day when it is a local midnight. */
export function dayOrInstant(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return (ms + ZONE_MS) % DAY_MS === 0 ? localDay(ms) : iso
}

/** The inclusive last day of a half-open period ending at `to` (a day or an instant). */
export function lastDayOf(to: string): string {
  if (isDay(to)) return addDays(to, -1)
  const ms = Date.parse(to)
  return Number.isNaN(ms) ? to : localDay(ms - 1)
}

/** The first day of a period starting at `from` (a day or an instant). */
export function firstDayOf(from: string): string {
  if (isDay(from)) return from
  const ms = Date.parse(from)
  return Number.isNaN(ms) ? from : localDay(ms)
}

/** Each trend point's own period: its [from, to), else up to the next point's start or `to`. */
export function bucketOf(
  series: SeriesPoint[],
  index: number,
  to: string,
): { from: string; to: string } {
  const point = series[index]
  const next = series[index + 1]
  return {
    from: dayOrInstant(point.from),
    to: dayOrInstant(point.to ?? (next ? next.from : to)),
  }
}

/** "2026-11" → the month's days, cut to the period [from, to). */
export function monthPeriod(label: string, from: string, to: string): { from: string; to: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(label)
  if (!match) return { from, to }
  const year = Number(match[1])
  const month = Number(match[2])
  const start = `${label}-01`
  const end =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  const startMs = Date.parse(`${start}T00:00:00+08:00`)
  const endMs = Date.parse(`${end}T00:00:00+08:00`)
  const fromMs = Date.parse(isDay(from) ? `${from}T00:00:00+08:00` : from)
  const toMs = Date.parse(isDay(to) ? `${to}T00:00:00+08:00` : to)
  return {
    from: fromMs > startMs ? from : start,
    to: toMs < endMs ? to : end,
  }
}

/** "11-24" (a day of the last weeks) → its full day, the latest such day not after today. */
export function dayOfLabel(label: string, until: string = today()): string {
  if (isDay(label)) return label
  if (!/^\d{2}-\d{2}$/.test(label)) return until
  const year = Number(until.slice(0, 4))
  const sameYear = `${year}-${label}`
  return sameYear <= until ? sameYear : `${year - 1}-${label}`
}

// ---- ISO weeks (Monday first; the week belongs to the year of its Thursday) ----

/** The ISO week of a local day: "2026-W48". */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  const weekday = date.getUTCDay() || 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS)
  const year = thursday.getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1)
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The Monday of an ISO week. */
export function mondayOf(isoWeek: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(isoWeek)
  if (!match) return today()
  const year = Number(match[1])
  const week = Number(match[2])
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const jan4Weekday = jan4.getUTCDay() || 7
  const monday1 = jan4.getTime() - (jan4Weekday - 1) * DAY_MS
  return new Date(monday1 + (week - 1) * 7 * DAY_MS).toISOString().slice(0, 10)
}

export const isIsoWeek = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-W\d{2}$/.test(v)

/** The last finished ISO week and the `count` - 1 before it, newest first. */
export function finishedWeeks(count: number): { week: string; from: string; last: string }[] {
  const weeks: { week: string; from: string; last: string }[] = []
  let day = addDays(today(), -7)
  for (let i = 0; i < count; i++) {
    const week = isoWeekOf(day)
    const from = mondayOf(week)
    weeks.push({ week, from, last: addDays(from, 6) })
    day = addDays(day, -7)
  }
  return weeks
}

// ---- drill-down ----

/** The drill-down page for a figure: its measure, period, filters and extras (weekday, hour). */
export function drillRoute(q: DrillQuery): RouteLocationRaw {
  const query: LocationQueryRaw = { measure: q.measure, from: q.from, to: q.to }
  for (const key of FILTER_KEYS) if (q[key]) query[key] = q[key]
  if (q.weekday) query.weekday = q.weekday
  if (q.hour) query.hour = q.hour
  if (q.score) query.score = q.score
  return { name: 'report-tickets', query }
}

/** Only the filters that are set, as strings. */
export function cleanFilters(filters: Record<string, unknown>): Filters {
  const out: Filters = {}
  for (const key of FILTER_KEYS) {
    const value = filters[key]
    if (value !== null && value !== undefined && value !== '') out[key] = String(value)
  }
  return out
}
