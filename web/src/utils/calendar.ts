// Business-calendar helpers shared by the calendar pages: a week's hours in one line.

import { WEEKDAYS, type WorkWeek } from '../api'
import { i18n } from '../i18n'

/** "周一–周五：09:00–12:00, 13:30–18:00" — consecutive days with the same hours share a line. */
export function weekSummary(week: WorkWeek): string[] {
  const { t } = i18n.global
  const signature = (day: (typeof WEEKDAYS)[number]) =>
    (week[day] ?? []).map((i) => `${i.start}–${i.end}`).join(', ')
  const lines: string[] = []
  let i = 0
  while (i < WEEKDAYS.length) {
    const sig = signature(WEEKDAYS[i])
    let j = i
    while (j + 1 < WEEKDAYS.length && signature(WEEKDAYS[j + 1]) === sig) j++
    if (sig) {
      const first = t(`calendar.weekdays.${WEEKDAYS[i]}`)
      const last = t(`calendar.weekdays.${WEEKDAYS[j]}`)
      lines.push(
        t('calendar.weekSummary', { days: i === j ? first : `${first}–${last}`, hours: sig }),
      )
    }
    i = j + 1
  }
  return lines
}
