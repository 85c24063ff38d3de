// Typed client for the performance review routes (绩效考核, issue 9): monthly cycles and their
// indicators, scorecards, manual items, self-assessment, publication, appeals and the warning lists.
// Written from the HTTP contract; field names are the API's, unchanged. Writes whose forms
// show the field at fault are silent; the others let the API client show the error.

import { request, type RequestOptions } from '../../api/http'
import type { Ref, Role } from '../../api'

type Silent = Pick<RequestOptions, 'silent'>

/** The four groups of indicators, in the order a scorecard shows them, with their default weights. */
export const GROUPS = ['work_completion', 'skill', 'attitude', 'quality'] as const
export type IndicatorGroup = (typeof GROUPS)[number]
export const GROUP_WEIGHTS: Record<IndicatorGroup, number> = {
  work_completion: 45,
  skill: 25,
  attitude: 20,
  quality: 10,
}

export const SOURCES = ['computed', 'manual'] as const
export type IndicatorSource = (typeof SOURCES)[number]

export const METRICS = [
  'volume',
  'resolution_rate',
  'sla_compliance',
  'csat',
  'complaints',
  'reopen_rate',
  'kb_articles',
] as const
export type Metric = (typeof METRICS)[number]

export const CYCLE_STATES = ['draft', 'published', 'closed'] as const
export type CycleState = (typeof CYCLE_STATES)[number]

/** Roles that manage cycles (create, compute, score manual items, publish, answer appeals). */
export const REVIEW_MANAGERS: readonly Role[] = ['manager', 'admin']
/** Roles that read cycles and rankings (a team lead sees his team's scorecards only). */
export const REVIEW_READERS: readonly Role[] = ['team_lead', 'manager', 'admin']

export interface Indicator {
  key: string
  name_zh: string
  name_en: string
  group: IndicatorGroup
  weight: number
  source: IndicatorSource
  metric: Metric | null
}

export interface Cycle {
  id: number
  /** "2026-11" */
  month: string
  state: CycleState
  indicators: Indicator[]
  appeal_days: number
  published_at: string | null
  appeal_until: string | null
  created_at: string
}

export interface NewCycle {
  month: string
  indicators?: Indicator[]
  appeal_days?: number
}

export interface CyclePatch {
  indicators?: Indicator[]
  appeal_days?: number
}

/** How an item's score was worked out: one text per language, or a single text. */
export type Explain =
  string | { zh?: string; en?: string; 'zh-CN'?: string; zh_CN?: string } | null | undefined

export interface ScoreItem extends Indicator {
  value: number | null
  /** 0..100; null while a manual item has not been scored. */
  score: number | null
  /** score × weight / 100: the points the item adds to the total. */
  weighted: number | null
  note: string | null
  explain?: Explain
  explain_zh?: string
  explain_en?: string
}

export const APPEAL_STATES = ['open', 'answered'] as const
export type AppealState = (typeof APPEAL_STATES)[number]

export interface Appeal {
  id: number
  item: string
  reason: string
  state: AppealState
  answer: string | null
  old_score: number | null
  new_score: number | null
  created_at: string
  answered_at: string | null
}

/** The team of a scorecard: a name, or a reference. */
export type TeamOf = string | Ref | null

export interface Scorecard {
  id: number
  cycle_id: number
  month: string
  engineer: Ref
  team: TeamOf
  total: number | null
  rank: number | null
  of: number | null
  bottom20: boolean
  state: CycleState
  self_assessment: string | null
  items: ScoreItem[]
  appeals: Appeal[]
  /** Not in the contract's card; used when the server sends it, else read from the cycle. */
  appeal_until?: string | null
}

export type ScorecardRow = Omit<Scorecard, 'items' | 'appeals'> & {
  items?: ScoreItem[]
  appeals?: Appeal[]
}

export interface Ranking {
  scorecards: ScorecardRow[]
  /** Ids of the scorecards in the bottom 20 %. */
  bottom: number[]
}

/** The engineer of a warning list row: a reference, or a name. */
export type EngineerOf = Ref | string

export interface BottomRow {
  engineer: EngineerOf
  average: number | null
  rank: number | null
}

export interface WarningRow {
  engineer: EngineerOf
  quarters: string[]
}

export interface Warnings {
  quarter: string
  bottom: BottomRow[]
  warnings: WarningRow[]
}

export interface ItemInput {
  score: number | null
  note: string
}

export interface AnswerInput {
  answer: string
  score?: number
}

/** The contract's default indicators (weights sum to 100). */
export const DEFAULT_INDICATORS: readonly Indicator[] = [
  {
    key: 'volume',
    name_zh: '工单处理量',
    name_en: 'Tickets handled',
    group: 'work_completion',
    weight: 15,
    source: 'computed',
    metric: 'volume',
  },
  {
    key: 'resolution_rate',
    name_zh: '解决率',
    name_en: 'Resolution rate',
    group: 'work_completion',
    weight: 15,
    source: 'computed',
    metric: 'resolution_rate',
  },
  {
    key: 'sla_compliance',
    name_zh: 'SLA 达成率',
    name_en: 'SLA compliance',
    group: 'work_completion',
    weight: 15,
    source: 'computed',
    metric: 'sla_compliance',
  },
  {
    key: 'skill_level',
    name_zh: '技术水平',
    name_en: 'Skill level',
    group: 'skill',
    weight: 10,
    source: 'manual',
    metric: null,
  },
  {
    key: 'certifications',
    name_zh: '资质认证',
    name_en: 'Certifications',
    group: 'skill',
    weight: 5,
    source: 'manual',
    metric: null,
  },
  {
    key: 'kb_articles',
    name_zh: '知识文章',
    name_en: 'Knowledge articles',
    group: 'skill',
    weight: 10,
    source: 'computed',
    metric: 'kb_articles',
  },
  {
    key: 'csat',
    name_zh: '客户满意度',
    name_en: 'Customer satisfaction',
    group: 'attitude',
    weight: 10,
    source: 'computed',
    metric: 'csat',
  },
  {
    key: 'complaints',
    name_zh: '投诉',
    name_en: 'Complaints',
    group: 'attitude',
    weight: 5,
    source: 'computed',
    metric: 'complaints',
  },
  {
    key: 'teamwork',
    name_zh: '团队协作',
    name_en: 'Teamwork',
    group: 'attitude',
    weight: 5,
    source: 'manual',
    metric: null,
  },
  {
    key: 'reopen_rate',
    name_zh: '重开率',
    name_en: 'Reopen rate',
    group: 'quality',
    weight: 10,
    source: 'computed',
    metric: 'reopen_rate',
  },
]

export function defaultIndicators(): Indicator[] {
  return DEFAULT_INDICATORS.map((i) => ({ ...i }))
}

export function weightSum(indicators: readonly Pick<Indicator, 'weight'>[]): number {
  return indicators.reduce((sum, i) => sum + (Number.isFinite(i.weight) ? i.weight : 0), 0)
}

// ---- display helpers ----

export function isZh(locale: string): boolean {
  return locale.toLowerCase().startsWith('zh')
}

export function indicatorName(i: Pick<Indicator, 'key' | 'name_zh' | 'name_en'>, locale: string) {
  const name = isZh(locale) ? i.name_zh || i.name_en : i.name_en || i.name_zh
  return name || i.key
}

/** The explanation of an item's score in the current language (the other one when it is missing). */
export function explainText(item: ScoreItem, locale: string): string {
  const e = item.explain
  let zh = item.explain_zh ?? ''
  let en = item.explain_en ?? ''
  if (typeof e === 'string') {
    zh ||= e
    en ||= e
  } else if (e && typeof e === 'object') {
    zh ||= e.zh ?? e['zh-CN'] ?? e.zh_CN ?? ''
    en ||= e.en ?? ''
  }
  return isZh(locale) ? zh || en : en || zh
}

export function teamName(team: TeamOf | undefined): string {
  if (!team) return ''
  return typeof team === 'string' ? team : team.name
}

export function engineerName(engineer: EngineerOf | null | undefined): string {
  if (!engineer) return ''
  return typeof engineer === 'string' ? engineer : engineer.name
}

export function engineerKey(engineer: EngineerOf): string {
  return typeof engineer === 'string' ? engineer : String(engineer.id)
}

/** A score (0..100, in tenths): at most one decimal. */
export function points(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return String(Math.round(v * 10) / 10)
}

/** Weighted points, a total or an average (kept in thousandths): at most two decimals. */
export function amount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return String(Math.round(v * 100) / 100)
}

const RATE_METRICS: readonly Metric[] = ['resolution_rate', 'sla_compliance', 'reopen_rate']

/** An item's measured value as the metric reads: rates as percentages, CSAT with two decimals. */
export function metricValue(item: Pick<ScoreItem, 'metric' | 'value'>): string {
  const v = item.value
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (item.metric && RATE_METRICS.includes(item.metric) && v >= 0 && v <= 1) {
    return `${Math.round(v * 1000) / 10}%`
  }
  if (item.metric === 'csat') return v.toFixed(2)
  return String(Math.round(v * 100) / 100)
}

// ---- months and quarters ----

/** "2026-11" → "2026-10". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** "2026-11-21" → "2026-Q4". */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7))
  return `${day.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`
}

export function isMonth(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v)
}

export function isQuarter(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-Q[1-4]$/.test(v)
}

// ---- the calls ----

/** Lists may come as {cycles: [...]}, {items: [...]} or a bare array. */
function listOf<T>(answer: unknown, key: string): T[] {
  if (Array.isArray(answer)) return answer as T[]
  if (answer && typeof answer === 'object') {
    const record = answer as Record<string, unknown>
    if (Array.isArray(record[key])) return record[key] as T[]
    if (Array.isArray(record.items)) return record.items as T[]
  }
  return []
}

export const reviewsApi = {
  cycles: () => request<unknown>('GET', '/reviews/cycles').then((a) => listOf<Cycle>(a, 'cycles')),
  cycle: (id: number, opts: Silent = {}) => request<Cycle>('GET', `/reviews/cycles/${id}`, opts),
  createCycle: (body: NewCycle) =>
    request<Cycle>('POST', '/reviews/cycles', { body, silent: true }),
  updateCycle: (id: number, body: CyclePatch) =>
    request<Cycle>('PUT', `/reviews/cycles/${id}`, { body, silent: true }),
  compute: (id: number) => request<unknown>('POST', `/reviews/cycles/${id}/compute`),
  publish: (id: number) => request<Cycle>('POST', `/reviews/cycles/${id}/publish`),
  ranking: (cycleId: number, opts: Silent = {}) =>
    request<Ranking>('GET', `/reviews/cycles/${cycleId}/scorecards`, opts).then((a) => ({
      scorecards: listOf<ScorecardRow>(a, 'scorecards'),
      bottom: Array.isArray(a?.bottom) ? a.bottom : [],
    })),
  scorecard: (id: number, opts: Silent = {}) =>
    request<Scorecard>('GET', `/reviews/scorecards/${id}`, opts),
  /** The signed-in engineer's scorecard of `month`; without it, his latest. */
  mine: (month: string | null, opts: Silent = {}) =>
    request<Scorecard>('GET', '/reviews/mine', { query: { month }, ...opts }),
  scoreItem: (id: number, key: string, body: ItemInput) =>
    request<unknown>('PUT', `/reviews/scorecards/${id}/items/${encodeURIComponent(key)}`, {
      body,
      silent: true,
    }),
  saveSelf: (id: number, text: string) =>
    request<unknown>('PUT', `/reviews/scorecards/${id}/self`, { body: { text }, silent: true }),
  appeal: (id: number, item: string, reason: string) =>
    request<unknown>('POST', `/reviews/scorecards/${id}/appeals`, {
      body: { item, reason },
      silent: true,
    }),
  answer: (appealId: number, body: AnswerInput) =>
    request<unknown>('POST', `/reviews/appeals/${appealId}/answer`, { body, silent: true }),
  warnings: (quarter: string) =>
    request<Warnings>('GET', '/reviews/warnings', { query: { quarter } }),
}
