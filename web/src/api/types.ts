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
  sort?: 'created_at' | '-created_at' | 'updated_at' | '-updated_at' | 'priority' | '-priority'
  cursor?: string
  limit?: number
}

export interface UserQuery {
  role?: Role
  organization?: number
  q?: string
  limit?: number
}

/** The body of every failed response. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    field: string | null
  }
}
