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
  /** Requesters of tickets merged into this one (they see it too); absent when none. */
  contact_ids?: number[]
}

export interface Article {
  id: number
  ticket_id: number
  kind: ArticleKind
  body: string
  internal: boolean
  /** null for what an automation rule wrote. */
  author_id: number | null
  author: Ref | null
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

export type NotificationKind =
  | 'sla.warning'
  | 'sla.breached'
  | 'sla.second_level'
  | 'ticket.assigned'
  | 'ticket.mentioned'
  | 'ticket.reply'
  | 'ticket.escalated'
  | 'ticket.transferred'
  | 'rule.notify'
  | 'rule.failed'

/** Particulars for the UI to word a notification. */
export interface NotificationData {
  number?: string
  subject?: string
  clock?: SlaClock
  level?: string
  due?: string
  /** Who did it (a person's name, or the server's name for auto-assignment or a rule). */
  by?: string
  reason?: string
  /** rule.notify / rule.failed: the rule's name, and what went wrong. */
  rule?: string
  rule_id?: number
  error?: string
  article_id?: number
  kind?: ArticleKind
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
export type LiveTicketWhat =
  'created' | 'updated' | 'state' | 'article' | 'note' | 'merged' | 'split' | 'tags' | 'worklog'

export interface LiveTicketEvent {
  id: number
  number: string
  version: number
  state: TicketState
  what: LiveTicketWhat
}

export const PRESENCE_ACTIVITIES = ['replying', 'viewing', 'idle'] as const
export type PresenceActivity = (typeof PRESENCE_ACTIVITIES)[number]

/** `event: presence`: another staff member at a ticket (never one's own). */
export interface LivePresenceEvent {
  id: number
  number: string
  user_id: number
  user_name: string
  activity: PresenceActivity
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

// ---- Dispatch: teams, skills, hand-overs, links, tags, work log, rules, macros -------------------

export const STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skill_match'] as const
export type Strategy = (typeof STRATEGIES)[number]

/** A skill tag with a level from 1 (basic) to 5 (expert). */
export interface Skill {
  tag: string
  level: number
}

/** GET / PATCH /teams/{id}/dispatch. */
export interface TeamDispatch {
  team_id: number
  strategy: Strategy
  /** Most open tickets per member; 0 is no limit. */
  capacity: number
  /** The team the next tier up (L1 → L2); null when escalating only raises the tier. */
  escalation_team_id: number | null
  /** Working hours (a business calendar); null: always. */
  calendar_id: number | null
  updated_at: string | null
}

export interface TeamDispatchPatch {
  strategy?: Strategy
  capacity?: number
  escalation_team_id?: number | null
  calendar_id?: number | null
}

export interface NewTeam {
  name: string
  description?: string
  member_ids?: number[]
}

/** A member of a team as dispatch sees them (also GET /agents/{id}). */
export interface TeamMember {
  user_id: number
  login: string
  name: string
  role: Role
  active: boolean
  on_duty: boolean
  skills: Skill[]
  open_tickets: number
  /** Open tickets weighted by priority (P1 4, P2 3, P3 2, P4 1). */
  weighted_load: number
  last_assigned: string | null
}

export const LINK_RELATIONS = [
  'merged_into',
  'merged_from',
  'parent_of',
  'child_of',
  'related',
  'split_from',
  'split_to',
] as const
export type LinkRelation = (typeof LINK_RELATIONS)[number]
/** The relations a person may add; the others are written by a merge or split. */
export const NEW_LINK_RELATIONS = ['parent_of', 'child_of', 'related'] as const
export type NewLinkRelation = (typeof NEW_LINK_RELATIONS)[number]

/** A link seen from the ticket asked about. */
export interface TicketLink {
  id: number
  relation: LinkRelation
  ticket_id: number
  number: string
  subject: string
  state: TicketState
  created_at: string
}

export const WORKLOG_ACTIVITIES = [
  'phone',
  'remote',
  'onsite',
  'research',
  'travel',
  'other',
] as const
export type WorklogActivity = (typeof WORKLOG_ACTIVITIES)[number]

export interface WorklogEntry {
  id: number
  ticket_id: number
  ticket_number: string
  user_id: number
  user_name: string
  activity: WorklogActivity
  minutes: number
  note: string
  /** The local day (YYYY-MM-DD). */
  work_date: string
  created_at: string
}

export interface NewWorklog {
  minutes: number
  activity: WorklogActivity
  note?: string
  /** YYYY-MM-DD; today (local) when absent. */
  work_date?: string
}

export interface WorklogList extends Items<WorklogEntry> {
  total_minutes: number
}

export const WORKLOG_GROUPS = ['day', 'week'] as const
export type WorklogGroup = (typeof WORKLOG_GROUPS)[number]

export interface WorklogTotalsRow {
  user_id: number
  user_name: string
  /** A day (YYYY-MM-DD), or the Monday of a week. */
  period: string
  minutes: number
  entries: number
}

export interface WorklogTotals {
  group: WorklogGroup
  rows: WorklogTotalsRow[]
  total_minutes: number
}

export const RULE_TRIGGERS = ['create', 'update', 'time'] as const
export type RuleTrigger = (typeof RULE_TRIGGERS)[number]

export const RULE_ACTION_KINDS = [
  'set_team',
  'set_priority',
  'set_assignee',
  'add_tag',
  'notify',
  'add_note',
  'reply',
  'set_state',
] as const
export type RuleActionKind = (typeof RULE_ACTION_KINDS)[number]

export const RULE_RECIPIENTS = ['assignee', 'team_leads', 'managers', 'requester'] as const
export type RuleRecipient = (typeof RULE_RECIPIENTS)[number]

/** The states a time rule may put a ticket in. */
export const RULE_END_STATES = ['resolved', 'closed', 'cancelled'] as const

export interface RuleConditions {
  category_ids: number[]
  priorities: Priority[]
  organization_ids: number[]
  channels: Channel[]
  types: TicketType[]
  requester_kind: RequesterKind
  /** Any of them in the subject or description. */
  words: string[]
  states: TicketState[]
  /** Time rules: in one of `states` for at least this many minutes. */
  for_minutes: number
  /** Only tickets no team holds yet. */
  without_team?: boolean
}

export interface RuleAction {
  kind: RuleActionKind
  team_id?: number | null
  priority?: Priority | null
  user_id?: number | null
  tag?: string
  recipient?: RuleRecipient | null
  /** A template (notify, add_note, reply) or the reason of set_state. */
  text?: string
  state?: TicketState | null
}

export interface Rule {
  id: number
  name: string
  /** Run order, lowest first. */
  position: number
  active: boolean
  trigger: RuleTrigger
  conditions: RuleConditions
  actions: RuleAction[]
  /** Why it last failed (admins are told); null when it worked. */
  last_error: string | null
  last_error_at: string | null
  updated_at: string
}

export type RuleInput = Pick<
  Rule,
  'name' | 'position' | 'active' | 'trigger' | 'conditions' | 'actions'
>

/** The placeholders of macros and of rules' texts. */
export const TEMPLATE_PLACEHOLDERS = [
  'requester.name',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'team.name',
] as const

export interface Macro {
  id: number
  name: string
  /** null: every team. */
  team_id: number | null
  body: string
  updated_at: string
}

export interface MacroInput {
  name: string
  team_id: number | null
  body: string
}

// ---- Knowledge base (知识库) and search --------------------------------------------------------
// Knowledge articles are `KbArticle`: `Article` is a ticket's reply, note or phone log.

export const KB_STATES = ['draft', 'review', 'published', 'archived'] as const
/** draft → review → published; a reviewer sends it back to draft; archived takes it out of sight. */
export type KbState = (typeof KB_STATES)[number]

export const KB_VISIBILITIES = ['internal', 'public'] as const
/** internal: staff only; public: requesters too, once published. */
export type KbVisibility = (typeof KB_VISIBILITIES)[number]

/** Roles that publish, send back and archive articles (`can_review` is the server's word on it). */
export const KB_REVIEWER_ROLES: readonly Role[] = ['team_lead', 'manager', 'admin']

export interface KbAttachment {
  id: number
  filename: string
  content_type: string
  size: number
  /** Where the file downloads (GET /kb/attachments/{id}). */
  url: string
}

export interface KbLinkedTicket {
  id: number
  number: string
  subject: string
}

/** An article as lists show it (GET /kb/articles, GET /tickets/{id}/kb-articles). */
export interface KbArticleSummary {
  id: number
  title: string
  category_id: number | null
  tags: string[]
  visibility: KbVisibility
  state: KbState
  /** The latest version's number. */
  version: number
  /** The version readers see; null until first published. */
  published_version: number | null
  author_id: number
  author_name: string
  views: number
  helpful: number
  not_helpful: number
  created_at: string
  updated_at: string
  published_at: string | null
  /** The list's start of the Markdown text (GET /kb/articles only). */
  excerpt?: string
}

/** A knowledge article. Requesters get the published version's title, body and html. */
export interface KbArticle extends KbArticleSummary {
  /** Markdown. */
  body: string
  /** Rendered by the server from `body`; sanitised there, and again before it is shown. */
  html: string
  reviewer_id: number | null
  /** Why a reviewer sent it back to draft. */
  review_note: string
  source_ticket_id: number | null
  /** The caller's own vote: true helpful, false not helpful, null none. */
  my_feedback: boolean | null
  /** How often it answered a request being typed (the requester did not file the ticket). */
  deflections: number
  attachments: KbAttachment[]
  tickets: KbLinkedTicket[]
  can_edit: boolean
  can_review: boolean
}

export interface KbArticleQuery {
  /** Part of the title. */
  q?: string
  state?: KbState
  visibility?: KbVisibility
  /** With its sub-categories. */
  category_id?: number
  tag?: string
  limit?: number
  offset?: number
}

export interface KbArticlePage {
  articles: KbArticleSummary[]
  total: number
}

export interface NewKbArticle {
  title: string
  body: string
  category_id?: number
  tags?: string[]
  visibility?: KbVisibility
  source_ticket_id?: number
}

/** PATCH /kb/articles/{id}: `version` is the latest version the editor saw (stale → 409). */
export interface KbArticlePatch {
  title?: string
  body?: string
  category_id?: number | null
  tags?: string[]
  visibility?: KbVisibility
  version: number
  /** What changed, kept with the version. */
  note?: string
}

export interface KbVersionSummary {
  version: number
  title: string
  author_name: string
  note: string
  created_at: string
}

export interface KbVersion extends KbVersionSummary {
  body: string
  html: string
}

export type KbDiffOp = 'equal' | 'add' | 'del'

export interface KbDiffLine {
  op: KbDiffOp
  text: string
}

export interface KbDiff {
  from: number
  to: number
  title_from: string
  title_to: string
  lines: KbDiffLine[]
}

export interface KbFeedbackCounts {
  helpful: number
  not_helpful: number
}

/** GET /kb/articles/from-ticket/{id}: a draft filled from a solved ticket, not saved. */
export interface KbTicketDraft {
  title: string
  body: string
  category_id: number | null
  source_ticket_id: number
}

export const SEARCH_TYPES = ['ticket', 'article', 'org', 'user', 'asset'] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

/** One hit of a search or a suggestion. */
export interface SearchResult {
  type: SearchType
  id: number
  title: string
  /** HTML: escaped text with <mark> around the matches; shown only through the sanitiser. */
  snippet: string
  score: number
  /** Tickets: the ticket number. */
  number?: string
  /** Tickets: a TicketState; articles: a KbState. */
  state?: string
}

export interface SearchResponse {
  results: SearchResult[]
  /** No result held every word: these hold some of them. */
  relaxed: boolean
}

export interface KbSuggestions {
  articles: SearchResult[]
  /** Similar solved tickets. */
  tickets: SearchResult[]
}

// ---- Email channel (邮箱渠道) ----------------------------------------------------------------------
// Mailboxes the server fetches mail from (IMAP) and sends it through (SMTP); the outbox of mail it
// sends; the email records of a ticket's articles. Passwords are write-only: the server answers
// `password_set` instead.

export const MAIL_SECURITIES = ['tls', 'starttls', 'none'] as const
/** tls: TLS from the first byte (IMAPS 993, SMTPS 465); starttls: upgraded plain connection. */
export type MailSecurity = (typeof MAIL_SECURITIES)[number]

export const IMAP_AFTER_FETCH = ['flag', 'move', 'delete'] as const
/** What happens to a fetched message on the server: marked read, moved to `move_to`, deleted. */
export type ImapAfterFetch = (typeof IMAP_AFTER_FETCH)[number]

export interface ImapSettings {
  host: string
  port: number
  security: MailSecurity
  username: string
  password_set: boolean
  folder: string
  poll_seconds: number
  after: ImapAfterFetch
  move_to: string
}

export interface SmtpSettings {
  host: string
  port: number
  security: MailSecurity
  username: string
  password_set: boolean
}

export interface Mailbox {
  id: number
  name: string
  address: string
  display_name: string
  enabled: boolean
  /** The team new tickets from this mailbox go to; null: the usual dispatch rules decide. */
  team_id: number | null
  category_id: number | null
  /** The organisation a sender the server does not know yet is put in; null: none. */
  default_organization_id: number | null
  /** null: the mailbox does not receive (send only). */
  imap: ImapSettings | null
  /** null: the mailbox does not send. */
  smtp: SmtpSettings | null
  last_fetch_at: string | null
  /** Why the last fetch failed; "" when it worked. */
  last_error: string
  created_at: string
  updated_at: string
}

/** IMAP settings as written: `password` absent keeps the stored one (PATCH). */
export interface ImapSettingsInput extends Omit<ImapSettings, 'password_set'> {
  password?: string
}

export interface SmtpSettingsInput extends Omit<SmtpSettings, 'password_set'> {
  password?: string
}

/** POST /channels/email. */
export interface MailboxInput {
  name: string
  address: string
  display_name: string
  enabled: boolean
  team_id: number | null
  category_id: number | null
  default_organization_id: number | null
  imap: ImapSettingsInput | null
  smtp: SmtpSettingsInput | null
}

/** PATCH /channels/email/{id}: `imap` / `smtp` replace the sub-object; null removes it. */
export type MailboxPatch = Partial<MailboxInput>

export interface MailTestResult {
  ok: boolean
  /** The server's words, or the mail server's answer when it failed. */
  message: string
}

/** POST /channels/email/{id}/test: null for a side the mailbox does not have. */
export interface MailboxTest {
  imap: MailTestResult | null
  smtp: MailTestResult | null
}

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export const OUTBOX_KINDS = ['ack', 'reply', 'resolved', 'survey'] as const
/** ack: 受理回执; reply: an agent's reply; resolved: 解决通知; survey: 满意度调查. */
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

export interface OutboxItem {
  id: number
  mailbox_id: number
  ticket_id: number
  ticket_number: string
  article_id: number | null
  to: string[]
  cc: string[]
  subject: string
  kind: OutboxKind
  state: OutboxState
  attempts: number
  next_attempt_at: string | null
  /** The SMTP server's last answer when sending failed; "" otherwise. */
  last_error: string
  created_at: string
  sent_at: string | null
}

export interface MailAddress {
  name: string
  addr: string
}

export interface EmailAttachment {
  id: number
  filename: string
  content_type: string
  size: number
  /** Shown inside the HTML body (an image referenced by cid:). */
  inline: boolean
  /** false: over the size limit and not kept (name and size only, nothing to download). */
  available: boolean
}

export interface EmailDelivery {
  state: OutboxState
  last_error: string
  sent_at: string | null
}

/**
 * GET /tickets/{id}/emails: the email record of an article that came or went by mail. A record
 * without an article is the mail that opened the ticket (direction "in": its description) or our
 * automatic acknowledgement of it (direction "out").
 */
export interface TicketEmail {
  article_id: number | null
  direction: 'in' | 'out'
  from: MailAddress
  to: MailAddress[]
  cc: MailAddress[]
  subject: string
  message_id: string
  /** Sanitised by the server (cid: images point at /attachments/{id}?inline=1); may be "". */
  html: string
  attachments: EmailAttachment[]
  /** Outgoing mail: how sending went; null for incoming mail. */
  delivery: EmailDelivery | null
  /** Where the original message downloads (/api/v1/...); null for requesters. */
  raw_url: string | null
  /** When the mail came in or was queued. */
  at: string
}

/** POST /channels/email/{id}/fetch: what one fetch did. */
export interface MailFetchResult {
  fetched: number
  created: number
  replied: number
  ignored: number
  duplicates: number
  failed: number
}

/** POST /tickets/{id}/articles: a public reply may also go out by email, with copies. */
export interface NewArticleEmail {
  cc: string[]
  email: boolean
}
