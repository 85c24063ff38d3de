// The KPI figures as the pages show them: label, value text, and the measure whose tickets the
// figure counts (none for averages the tickets alone do not explain, as CSAT or work-log hours).

import { useI18n } from 'vue-i18n'
import { minutesText } from '../../utils/duration'
import type { Kpis, Measure } from './api'

export type FigureKey =
  | 'new'
  | 'resolved'
  | 'closed'
  | 'backlog'
  | 'firstResponse'
  | 'resolution'
  | 'slaFirst'
  | 'slaResolution'
  | 'fcr'
  | 'reopen'
  | 'escalation'
  | 'csat'
  | 'complaints'
  | 'worklog'
  | 'onsite'

export interface Figure {
  key: FigureKey
  value: string
  /** A second line: how many the figure is of, the p90, the change. */
  detail: string
  measure: Measure | null
}

export function useFigures() {
  const { t } = useI18n()

  const none = () => t('common.none')
  const percent = (v: number | null | undefined): string =>
    v === null || v === undefined ? none() : t('reports.percent', { n: Math.round(v * 1000) / 10 })
  const minutes = (v: number | null | undefined): string =>
    v === null || v === undefined ? none() : minutesText(v, false)
  const hours = (m: number): string => t('reports.hours', { h: Math.round((m / 60) * 10) / 10 })
  const average = (v: number | null | undefined): string =>
    v === null || v === undefined ? none() : v.toFixed(2)

  function figures(k: Kpis): Figure[] {
    return [
      { key: 'new', value: String(k.new), detail: '', measure: 'new' },
      { key: 'resolved', value: String(k.resolved), detail: '', measure: 'resolved' },
      { key: 'closed', value: String(k.closed), detail: '', measure: 'closed' },
      {
        key: 'backlog',
        value: String(k.backlog_end),
        detail: t('reports.figures.backlogStart', { n: k.backlog_start }),
        measure: 'backlog',
      },
      {
        key: 'firstResponse',
        value: minutes(k.first_response_minutes.median),
        detail: t('reports.figures.p90', { v: minutes(k.first_response_minutes.p90) }),
        measure: 'first_response',
      },
      {
        key: 'resolution',
        value: minutes(k.resolution_minutes.median),
        detail: t('reports.figures.p90', { v: minutes(k.resolution_minutes.p90) }),
        measure: 'resolution',
      },
      {
        key: 'slaFirst',
        value: percent(k.sla.first_response.compliance),
        detail: t('reports.figures.breached', { n: k.sla.first_response.breached }),
        measure: 'sla_breached',
      },
      {
        key: 'slaResolution',
        value: percent(k.sla.resolution.compliance),
        detail: t('reports.figures.breached', { n: k.sla.resolution.breached }),
        measure: 'sla_breached',
      },
      {
        key: 'fcr',
        value: percent(k.first_contact_resolution.rate),
        detail: t('reports.figures.of', {
          n: k.first_contact_resolution.count,
          of: k.first_contact_resolution.of,
        }),
        measure: 'fcr',
      },
      {
        key: 'reopen',
        value: percent(k.reopen.rate),
        detail: t('reports.figures.of', { n: k.reopen.count, of: k.reopen.of }),
        measure: 'reopened',
      },
      {
        key: 'escalation',
        value: percent(k.escalation.rate),
        detail: t('reports.figures.of', { n: k.escalation.count, of: k.escalation.of }),
        measure: 'escalated',
      },
      {
        key: 'csat',
        value: average(k.csat.average),
        detail: t('reports.figures.responses', { n: k.csat.count }),
        measure: null,
      },
      { key: 'complaints', value: String(k.complaints), detail: '', measure: 'complaints' },
      { key: 'worklog', value: hours(k.worklog_minutes), detail: '', measure: null },
      { key: 'onsite', value: String(k.onsite_visits), detail: '', measure: null },
    ]
  }

  return { figures, percent, minutes, hours, average }
}
