// Display helpers. Times arrive as RFC 3339 UTC and are shown in the desk's zone.

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** "2026-11-21T05:32:00.123Z" -> "2026-11-21 13:32" (Asia/Shanghai). Empty for null or junk. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** Milliseconds since the epoch, for ordering; 0 for junk. */
export function timeValue(iso: string | null | undefined): number {
  if (!iso) return 0
  const value = Date.parse(iso)
  return Number.isNaN(value) ? 0 : value
}
