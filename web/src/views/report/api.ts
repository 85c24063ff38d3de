// Typed client for the reports routes (issue 9): KPIs, the tickets behind a figure (drill-down),
// the three dashboards, weekly reports (周报), report settings and schedules, and the export links.
// Written from the issue's HTTP contract; field names are the API's, unchanged.

import { API_BASE, request, type QueryValue, type RequestOptions } from '../../api/http'
import type { Channel, Priority, Ref, TicketState } from '../../api'

type Silent = Pick<RequestOptions, 'silent'>

// ---- KPIs ----

export const KPI_GROUPS = ['team', 'agent', 'org', 'category', 'priority', 'channel'] as const
export type KpiGroup = (typeof KPI_GROUPS)[number]
export const INTERVALS = ['day', 'week', 'month'] as const
export type Interval = (typeof INTERVALS)[number]

/** The filters every KPI route, drill-down and export takes (ids, or names as the ticket API). */
export const FILTER_KEYS = ['team', 'agent', 'org', 'category', 'priority', 'channel'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type Filters = Partial<Record<FilterKey, string>>

export interface Quantiles {
  count: number
  median: number | null
  p90: number | null
}

export interface Compliance {
  met: number
  breached: number
  compliance: number | null
}

export interface Rate {
  count: number
  of: number
  rate: number | null
}

export interface Kpis {
  new: number
  resolved: number
  closed: number
  backlog_start: number
  backlog_end: number
  first_response_minutes: Quantiles
  resolution_minutes: Quantiles
  sla: { first_response: Compliance; resolution: Compliance }
  first_contact_resolution: Rate
  reopen: Rate
  escalation: Rate
  csat: { count: number; average: number | null; distribution: number[] }
  complaints: number
  worklog_minutes: number
  onsite_visits: number
}

export interface SeriesPoint {
  /** Start of the bucket (RFC 3339). */
  from: string
  /** End of the bucket (the server sends it; without it the next bucket's start, or the period's end). */
  to?: string
  label: string
  new: number
  resolved: number
  closed: number
  backlog: number
}

export interface KpiGroupRow {
  key: string
  label: string
  kpis: Kpis
}

export interface KpiReport {
  from: string
  to: string
  group_by: KpiGroup
  interval: Interval
  total: Kpis
  groups: KpiGroupRow[]
  series: SeriesPoint[]
}

export interface KpiQuery extends Filters {
  from: string
  to: string
  group_by?: KpiGroup
  interval?: Interval
}

// ---- drill-down ----

export const MEASURES = [
  'new',
  'resolved',
  'closed',
  'backlog',
  'first_response',
  'resolution',
  'sla_breached',
  'fcr',
  'reopened',
  'escalated',
  'csat',
  'complaints',
] as const
export type Measure = (typeof MEASURES)[number]

/** A trend series' name is the measure its points open. */
export const TREND_MEASURES = ['new', 'resolved', 'closed', 'backlog'] as const
export type TrendMeasure = (typeof TREND_MEASURES)[number]

export interface DrillQuery extends Filters {
  measure: Measure
  from: string
  to: string
  weekday?: string
  hour?: string
  /** With measure csat: the survey score 1..5. */
  score?: string
  offset?: number
  limit?: number
}

/** A team or a person as a drill-down row names them: a reference, or just a name. */
export type NameRef = Ref | string | null

export interface DrillTicket {
  id: number
  number: string
  subject: string
  state: TicketState
  priority: Priority
  team: NameRef
  assignee: NameRef
  created_at: string
  resolved_at: string | null
  due?: string | null
}

export interface DrillPage {
  measure?: Measure
  from?: string
  to?: string
  total: number
  tickets: DrillTicket[]
}

// ---- dashboards ----

export interface DueTicket extends DrillTicket {
  due: string | null
}

export interface AgentBoard {
  open: number
  by_state: Partial<Record<TicketState, number>>
  by_priority?: Partial<Record<Priority, number>>
  due_soon: DueTicket[]
  week: {
    from: string
    to: string
    resolved: number
    new_assigned: number
    worklog_minutes: number
    csat_average: number | null
    kpis?: Kpis
  }
  /** Trend points of the last days (the server sends whole series points). */
  daily: (Partial<SeriesPoint> & { label: string; resolved: number })[]
}

export interface AgentLoad {
  agent_id: number
  name: string
  open: number
  p1: number
  p2: number
}

export interface TeamBoard {
  team: Ref
  queue: {
    unassigned: number
    open: number
    by_state: Partial<Record<TicketState, number>>
    by_priority: Partial<Record<Priority, number>>
  }
  load: AgentLoad[]
  at_risk: DueTicket[]
  breaches_today: DueTicket[]
}

export interface MonthCompliance {
  label: string
  first_response: number | null
  resolution: number | null
  first_response_met?: number
  first_response_breached?: number
  resolution_met?: number
  resolution_breached?: number
}

export interface TopCategory {
  category_id: number | null
  name: string
  count: number
}

/** [weekday 1..7 (Monday 1), hour 0..23, count], local time of creation. */
export type HeatCell = [number, number, number]

export interface ManagerBoard {
  from?: string
  to?: string
  interval?: Interval
  kpis: Kpis
  series: SeriesPoint[]
  compliance: MonthCompliance[]
  csat: { average: number | null; distribution: number[] }
  top_categories: TopCategory[]
  heatmap: HeatCell[]
}

// ---- weekly reports ----

export type WeeklyState = 'draft' | 'sent'

/**
 * A ticket a weekly report names among its problems (major incidents, SLA breaches): a drill-down
 * row plus `note`, how it was solved or why it was late (its resolution note, else its latest
 * internal note).
 */
export interface SnapshotTicket extends Partial<DrillTicket> {
  id: number
  number: string
  subject: string
  note?: string | null
}

/** An engineer's week in the snapshot. */
export interface SnapshotAgent {
  agent_id: number
  name: string
  new: number
  resolved: number
  csat_average: number | null
}

/**
 * What the week's snapshot holds: the server's frozen picture of the week. Read field by field and
 * shown when present.
 */
export interface WeeklySnapshot {
  kpis?: Kpis
  /** The week before, for the comparison. */
  previous?: Kpis
  /** One trend point per day of the week. */
  daily?: SeriesPoint[]
  by_agent?: SnapshotAgent[]
  top_categories?: TopCategory[]
  major_incidents?: SnapshotTicket[]
  breaches?: SnapshotTicket[]
  /** All SLA breaches of the week; `breaches` lists the first 50. */
  breach_count?: number
  [field: string]: unknown
}

export interface WeeklyReport {
  id: number
  scope: 'team' | 'department'
  team: Ref | null
  iso_week: string
  from: string
  to: string
  state: WeeklyState
  plan: string
  plan_by?: number | null
  snapshot?: WeeklySnapshot
  generated_at: string
  sent_at: string | null
}

// ---- settings and schedules ----

export interface ReportSettings {
  leadership: string[]
  weekly_send: { weekday: number; time: string }
}

/** What a schedule may send: the files of GET /reports/{report}.xlsx|csv. */
export const SCHEDULE_REPORTS = ['kpis', 'tickets', 'sla', 'surveys'] as const
export type ScheduleReport = (typeof SCHEDULE_REPORTS)[number]
export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const
export type Frequency = (typeof FREQUENCIES)[number]
export const FORMATS = ['xlsx', 'csv'] as const
export type ExportFormat = (typeof FORMATS)[number]

export interface Schedule {
  id: number
  name: string
  report: ScheduleReport
  frequency: Frequency
  params: Record<string, string>
  recipients: string[]
  format: ExportFormat
  active: boolean
  next_run_at: string | null
  last_run_at: string | null
}

export type ScheduleInput = Omit<Schedule, 'id' | 'next_run_at' | 'last_run_at'>

/** A schedule's parameters as the query string a user types: "group_by=team&priority=P1". */
export function paramsText(params: Record<string, string>): string {
  return new URLSearchParams(params).toString()
}

export function paramsOf(text: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(text.trim().replace(/^\?/, ''))) {
    params[key] = value
  }
  return params
}

// ---- exports ----

export type ExportName = 'kpis' | 'tickets' | 'sla' | 'surveys' | 'weekly' | 'scorecards'

/** Where an export downloads: GET /api/v1/reports/{name}.{xlsx|csv}?… (the session cookie goes along). */
export function exportUrl(
  name: ExportName,
  format: ExportFormat,
  query: Record<string, QueryValue>,
): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  const qs = params.toString()
  return `${API_BASE}/reports/${name}.${format}${qs ? `?${qs}` : ''}`
}

function query(q: object): Record<string, QueryValue> {
  return { ...(q as Record<string, QueryValue>) }
}

export const kpiApi = {
  kpis: (q: KpiQuery) => request<KpiReport>('GET', '/reports/kpis', { query: query(q) }),
  tickets: (q: DrillQuery) => request<DrillPage>('GET', '/reports/tickets', { query: query(q) }),
}

export const dashboardApi = {
  agent: () => request<AgentBoard>('GET', '/reports/dashboard/agent'),
  team: (team: number | null) =>
    request<TeamBoard>('GET', '/reports/dashboard/team', { query: { team } }),
  manager: (from: string, to: string) =>
    request<ManagerBoard>('GET', '/reports/dashboard/manager', { query: { from, to } }),
}

/** `team`: a team id, or `department` for the department's report. */
export type WeeklyScope = number | 'department'

export const weeklyApi = {
  /**
   * The reports of a team, or of the department (the server lists those without a team filter,
   * with every team's for managers: the department's are picked out here).
   */
  list: (team: WeeklyScope | null, limit = 52) =>
    request<{ items: WeeklyReport[] }>('GET', '/reports/weekly', {
      query: { team: team === 'department' ? undefined : (team ?? undefined), limit },
    }).then((answer) =>
      team === 'department' ? answer.items.filter((r) => r.scope === 'department') : answer.items,
    ),
  /** The week's report, generated on first request for a finished week. */
  open: (team: WeeklyScope, isoWeek: string, opts: Silent = {}) =>
    request<WeeklyReport>('GET', `/reports/weekly/${team}/${isoWeek}`, opts),
  get: (id: number, opts: Silent = {}) =>
    request<WeeklyReport>('GET', `/reports/weekly/${id}`, opts),
  savePlan: (id: number, plan: string) =>
    request<WeeklyReport>('PUT', `/reports/weekly/${id}/plan`, { body: { plan }, silent: true }),
  send: (id: number) => request<WeeklyReport>('POST', `/reports/weekly/${id}/send`),
}

export const reportSettingsApi = {
  get: () => request<ReportSettings>('GET', '/reports/settings'),
  save: (body: ReportSettings) =>
    request<ReportSettings>('PUT', '/reports/settings', { body, silent: true }),
  schedules: () =>
    request<{ schedules?: Schedule[]; items?: Schedule[] }>('GET', '/reports/schedules').then(
      (answer) => answer.schedules ?? answer.items ?? [],
    ),
  createSchedule: (body: ScheduleInput) =>
    request<Schedule>('POST', '/reports/schedules', { body, silent: true }),
  updateSchedule: (id: number, body: ScheduleInput) =>
    request<Schedule>('PUT', `/reports/schedules/${id}`, { body, silent: true }),
  removeSchedule: (id: number) => request<void>('DELETE', `/reports/schedules/${id}`),
}

export type { Channel, Priority }
