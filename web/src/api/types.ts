// Types of the TechDesk HTTP API, written from docs/api-overview.md and the API contract
// (docs/openapi.yaml is the formal description). Field names are the API's, unchanged.

export const ROLES = [
  'requester',
  'org_manager',
  'agent_l1',
  'agent_l2',
  'field_engineer',
  'team_lead',
  'complaint_officer',
  'manager',
  'admin',
] as const
export type Role = (typeof ROLES)[number]

/** Roles that work tickets (the contract's "agent roles"). */
export const AGENT_ROLES: readonly Role[] = [
  'agent_l1',
  'agent_l2',
  'field_engineer',
  'team_lead',
  'complaint_officer',
  'manager',
  'admin',
]

export const TICKET_STATES = [
  'new',
  'assigned',
  'in_progress',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
  'reopened',
  'cancelled',
] as const
export type TicketState = (typeof TICKET_STATES)[number]

/** Transitions whose target needs a reason (400 missing_field "reason" without one). */
export const STATES_NEEDING_REASON: readonly TicketState[] = ['resolved', 'reopened', 'cancelled']

export const TICKET_TYPES = [
  'incident',
  'service_request',
  'consultation',
  'complaint',
  'presales',
] as const
export type TicketType = (typeof TICKET_TYPES)[number]

export const LEVELS = ['high', 'medium', 'low'] as const
export type Level = (typeof LEVELS)[number]

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const
export type Priority = (typeof PRIORITIES)[number]

export const CHANNELS = ['web', 'email', 'phone', 'chat', 'api', 'alert'] as const
export type Channel = (typeof CHANNELS)[number]

export const TIERS = ['L1', 'L2'] as const
export type Tier = (typeof TIERS)[number]

export const ARTICLE_KINDS = ['reply', 'note', 'phone'] as const
export type ArticleKind = (typeof ARTICLE_KINDS)[number]

export type OrganizationKind = 'internal' | 'external'

/** A reference to another object, as embedded in a Ticket. */
export interface Ref {
  id: number
  name: string
}

export interface User {
  id: number
  login: string
  name: string
  email: string | null
  phone: string | null
  role: Role
  organization_id: number | null
  team_ids: number[]
  active: boolean
  created_at: string
}

export interface Organization {
  id: number
  name: string
  kind: OrganizationKind
  domain: string | null
  created_at: string
}

export interface Team {
  id: number
  name: string
  description: string
  member_ids: number[]
  created_at: string
}

export interface Category {
  id: number
  parent_id: number | null
  name: string
  name_en: string
  path: string
}

export interface CategoryRef {
  id: number
  name: string
  name_en: string
  path: string
}

export interface Ticket {
  id: number
  number: string
  subject: string
  description: string
  type: TicketType
  category_id: number | null
  impact: Level
  urgency: Level
  priority: Priority
  channel: Channel
  state: TicketState
  tier: Tier
  requester_id: number
  organization_id: number | null
  team_id: number | null
  assignee_id: number | null
  cancel_reason: string | null
  created_at: string
  updated_at: string
  resolved_at: string | null
  closed_at: string | null
  version: number
  requester: Ref
  assignee: Ref | null
  team: Ref | null
  organization: Ref | null
  category: CategoryRef | null
  /** The SLA that holds the ticket; null when no policy matched. */
  sla: TicketSla | null
}

export interface Article {
  id: number
  ticket_id: number
  kind: ArticleKind
  body: string
  internal: boolean
  author_id: number
  author: Ref
  created_at: string
}

/** One entry of a ticket's history; `before` / `after` are the field's values as text. */
export interface TicketEvent {
  id: number
  ticket_id: number
  actor_id: number | null
  actor: Ref | null
  at: string
  field: string
  before: string | null
  after: string | null
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

/** An unpaginated list (articles, events, categories): every item, next_cursor always null. */
export interface Items<T> {
  items: T[]
  next_cursor?: null
}

export interface LoginResponse {
  token: string
  csrf_token: string
  user: User
}

export interface MeResponse {
  user: User
  csrf_token: string | null
}

export interface TransitionsResponse {
  state: TicketState
  allowed: TicketState[]
}

export interface NewTicket {
  subject: string
  description: string
  type?: TicketType
  category_id?: number
  impact?: Level
  urgency?: Level
  channel?: Channel
  // Agent roles only:
  priority?: Priority
  requester_id?: number
  team_id?: number
  assignee_id?: number
  tier?: Tier
}

/** PATCH /tickets/{id}; `null` clears a nullable field. */
export interface TicketPatch {
  subject?: string
  description?: string
  type?: TicketType
  category_id?: number | null
  impact?: Level
  urgency?: Level
  priority?: Priority
  channel?: Channel
  team_id?: number | null
  assignee_id?: number | null
  tier?: Tier
  version?: number
}

export const TICKET_SORTS = [
  '-created_at',
  'created_at',
  '-updated_at',
  'updated_at',
  'priority',
  '-priority',
  'sla_due',
  '-sla_due',
] as const
/** `sla_due`: nearest unmet SLA due time first ("time left"); tickets without a running clock last. */
export type TicketSort = (typeof TICKET_SORTS)[number]

export interface TicketQuery {
  state?: TicketState[]
  priority?: Priority[]
  type?: TicketType
  team?: number
  assignee?: number | 'me' | 'none'
  requester?: number
  organization?: number
  category?: number
  q?: string
  sort?: TicketSort
  cursor?: string
  limit?: number
}

export interface UserQuery {
  role?: Role
  organization?: number
  q?: string
  limit?: number
}

// ---- SLA -------------------------------------------------------------------------------------

export const SLA_STATES = ['ok', 'warning', 'breached', 'paused', 'met'] as const
export type SlaState = (typeof SLA_STATES)[number]

/** The three clocks a policy can set per priority, in business minutes of its calendar. */
export const SLA_CLOCKS = ['first_response', 'resolution', 'next_update'] as const
export type SlaClock = (typeof SLA_CLOCKS)[number]

/** The SLA of one ticket, as embedded in Ticket.sla. Times are RFC 3339 UTC. */
export interface TicketSla {
  policy: string
  policy_id: number
  /** Why this policy applies ("why this SLA"), as the server words it. */
  why: string
  state: SlaState
  first_response_due: string | null
  first_response_at: string | null
  resolution_due: string | null
  next_update_due: string | null
  paused: boolean
  /** The nearest unmet due time of a running clock: what "time left" counts down to. */
  nearest_due: string | null
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** Local time "HH:mm"; an end may be "24:00". */
export interface WorkInterval {
  start: string
  end: string
}

export type WorkWeek = Partial<Record<Weekday, WorkInterval[]>>

export interface CalendarDay {
  date: string
  name?: string
}

export interface Calendar {
  id: number
  name: string
  zone: string
  /** 7×24: every minute counts; hours and holidays are ignored. */
  always_open: boolean
  week: WorkWeek
  holidays: CalendarDay[]
  /** Weekend days that are working days (调休上班), with the hours of `makeup_weekday`. */
  makeup_workdays: CalendarDay[]
  makeup_weekday: Weekday
  updated_at: string
}

/** POST / PUT body; also the JSON import. `id` and `updated_at` are ignored by the server. */
export interface CalendarInput {
  name: string
  zone?: string
  always_open?: boolean
  week?: WorkWeek
  holidays?: CalendarDay[]
  makeup_workdays?: CalendarDay[]
  makeup_weekday?: Weekday
}

export interface SlaTargets {
  first_response?: number | null
  next_update?: number | null
  resolution?: number | null
}

/** States in which a policy may stop the resolution clock. */
export const PAUSE_STATES = [
  'assigned',
  'in_progress',
  'pending_customer',
  'pending_third_party',
  'reopened',
] as const
export type PauseState = (typeof PAUSE_STATES)[number]

export const REQUESTER_KINDS = ['any', 'internal', 'external'] as const
export type RequesterKind = (typeof REQUESTER_KINDS)[number]

export interface SlaConditions {
  organization_ids?: number[]
  requester_kind?: RequesterKind
  types?: TicketType[]
  category_ids?: number[]
}

export const BREACH_ACTIONS = [
  'raise_tier',
  'reassign_to_lead',
  'raise_priority',
  'notify_manager',
] as const
export type BreachAction = (typeof BREACH_ACTIONS)[number]
export type OnBreach = Partial<Record<BreachAction, boolean>>

export interface SlaPolicy {
  id: number
  name: string
  /** Evaluation order, lowest first. */
  position: number
  active: boolean
  conditions: SlaConditions
  calendar_id: number
  targets: Partial<Record<Priority, SlaTargets>>
  pause_states: PauseState[]
  warn_percent: number
  /** 0 (off) or 101–1000. */
  second_level_percent: number
  on_breach: OnBreach
  updated_at: string
}

export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'updated_at'>

export type JobState = 'queued' | 'running' | 'done' | 'failed'

/** A background job; `payload` holds its parameters and its progress (`done`, `total`). */
export interface Job {
  id: number
  kind: string
  state: JobState
  payload: Record<string, unknown>
  last_error?: string
  finished_at?: string | null
}

export const REPORT_GROUPS = ['team', 'priority', 'organization', 'policy', 'month'] as const
export type ReportGroup = (typeof REPORT_GROUPS)[number]

export interface SlaReportRow {
  /** Team, priority, organisation, policy name or month (YYYY-MM); "" when not set. */
  group: string
  group_id: number | null
  tickets: number
  first_response: { met: number; breached: number; pending: number; compliance: number | null }
  resolution: {
    met: number
    breached: number
    open: number
    at_risk: number
    compliance: number | null
  }
}

export interface SlaReport {
  from: string
  to: string
  group_by: ReportGroup
  items: SlaReportRow[]
}

// ---- Notifications and live updates -----------------------------------------------------------

export type NotificationKind = 'sla.warning' | 'sla.breached' | 'sla.second_level'

/** Particulars for the UI to word a notification. */
export interface NotificationData {
  number?: string
  subject?: string
  clock?: SlaClock
  level?: string
  due?: string
}

export interface AppNotification {
  id: number
  kind: NotificationKind | string
  ticket_id: number | null
  /** A ready line in Chinese and English: the fallback when the kind is unknown. */
  title: string
  data: NotificationData
  created_at: string
  read_at: string | null
}

export interface NotificationList extends Page<AppNotification> {
  unread: number
}

/** What changed, in an `event: ticket` of the live stream. */
export type LiveTicketWhat = 'created' | 'updated' | 'state' | 'article' | 'note'

export interface LiveTicketEvent {
  id: number
  number: string
  version: number
  state: TicketState
  what: LiveTicketWhat
}

export interface LiveNotificationEvent {
  user_id: number
  id: number
  kind: string
  ticket_id: number | null
}

/** The body of every failed response. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    field: string | null
  }
}
