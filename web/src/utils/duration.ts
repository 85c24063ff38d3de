// Durations as people read them: "1 小时 20 分" / "1 h 20 min". Used for SLA time left (wall-clock
// time) and policy targets (business minutes, never turned into days: a business day is not 24 h).

import { i18n } from '../i18n'

/** A span of whole minutes, with days when it is a wall-clock countdown. */
export function minutesText(minutes: number, withDays = true): string {
  const { t } = i18n.global
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return t('duration.minutes', { m })
  const hours = Math.floor(m / 60)
  const rest = m % 60
  if (!withDays || hours < 24) {
    return rest === 0
      ? t('duration.hours', { h: hours })
      : t('duration.hoursMinutes', { h: hours, m: rest })
  }
  const days = Math.floor(hours / 24)
  const h = hours % 24
  return h === 0 ? t('duration.days', { d: days }) : t('duration.daysHours', { d: days, h })
}

/**
 * The time between now and a due time, rounded the safe way: time left is rounded up (30 s left
 * reads "1 min"), time overdue down.
 */
export function spanText(ms: number): string {
  const minutes = ms >= 0 ? Math.ceil(ms / 60_000) : Math.floor(-ms / 60_000)
  return minutesText(Math.max(minutes, ms >= 0 ? 0 : 1))
}

/** Business minutes as hours for a hint next to a minutes field: "24 小时", "1.5 小时". */
export function hoursHint(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return ''
  const hours = Math.round((minutes / 60) * 100) / 100
  return i18n.global.t('duration.hoursDecimal', { h: hours })
}
