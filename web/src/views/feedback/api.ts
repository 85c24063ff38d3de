// Typed client for the routes of satisfaction surveys (满意度调查), callbacks (回访), complaints (投诉)
// and the closing-the-loop settings, as the agents' pages use them. Written from the issue 8 API
// contract; field names are the API's, unchanged. Writes whose forms show the field at fault are
// silent; the others let the API client show the error.

import { request, type RequestOptions } from '../../api/http'
import type { Category, Items, Page, Organization, Ref, SlaPolicy, TicketState } from '../../api'

type Silent = Pick<RequestOptions, 'silent'>

// ---- surveys ----

export const SURVEY_TAGS = ['timely', 'professional', 'friendly', 'unresolved', 'slow'] as const
export type SurveyTag = (typeof SURVEY_TAGS)[number]
export const SURVEY_STATES = ['not_due', 'open', 'answered', 'expired'] as const
export type SurveyState = (typeof SURVEY_STATES)[number]
export const SCORES = [1, 2, 3, 4, 5] as const

export interface SurveyResponse {
  score: number
  tags: SurveyTag[]
  comment: string
  created_at: string
}

/** GET /tickets/{id}/survey: `token` only for the requester while open. */
export interface TicketSurvey {
  state: SurveyState
  token?: string
  response?: SurveyResponse
}

export interface SurveyRow {
  ticket_id: number
  ticket_number: string
  score: number
  tags: SurveyTag[]
  comment: string
  agent: Ref | null
  team: Ref | null
  organization: Ref | null
  created_at: string
}

export interface SurveySummary {
  count: number
  average: number | null
  distribution: Partial<Record<string, number>>
}

export interface SurveyList {
  responses: SurveyRow[]
  summary: SurveySummary
}

export interface SurveyQuery {
  from?: string
  to?: string
  team?: number
  agent?: number
  organization?: number
}

// ---- callbacks ----

export const CALLBACK_REASONS = ['low_score', 'reopen', 'complaint', 'scheduled', 'manual'] as const
export type CallbackReason = (typeof CALLBACK_REASONS)[number]
export const CALLBACK_OUTCOMES = ['reached', 'not_reached'] as const
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number]

export interface TicketBrief {
  id: number
  number: string
  subject: string
}

export interface Contact {
  id: number
  name: string
  phone: string | null
  email: string | null
}

export interface Callback {
  id: number
  reason: CallbackReason
  state: 'open' | 'done'
  ticket: TicketBrief | null
  organization: Ref | null
  contact: Contact | null
  assignee: Ref | null
  due_at: string
  overdue: boolean
  note: string
  outcome: CallbackOutcome | null
  outcome_notes: string | null
  follow_up: string | null
  done_at: string | null
  done_by: Ref | null
  created_at: string
}

export interface CallbackQuery {
  state?: 'open' | 'done'
  /** `me` or a user id. */
  assignee?: 'me' | number
  reason?: CallbackReason
  ticket?: number
}

export interface NewCallback {
  ticket_id?: number
  organization_id?: number
  contact_id?: number
  assignee_id?: number
  due_at: string
  note: string
}

export interface CallbackOutcomeInput {
  outcome: CallbackOutcome
  notes: string
  follow_up: string
}

export interface CallbackSchedule {
  id: number
  organization: Ref | null
  contact: Contact | null
  assignee: Ref | null
  every_days: number
  next_due_at: string | null
  note: string
  active: boolean
}

export interface NewCallbackSchedule {
  organization_id: number
  contact_id?: number
  assignee_id?: number
  every_days: number
  first_due_at?: string
  note: string
}

// ---- complaints ----

export const COMPLAINT_STAGES = [
  'new',
  'registered',
  'judged',
  'decided',
  'acted',
  'feedback_given',
  'closed',
] as const
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number]
/** The fixed procedure, in order: 登记 → 判定 → 处理决定 → 执行 → 反馈客户 → 结案. */
export const COMPLAINT_STEPS = ['register', 'judge', 'decide', 'act', 'feedback', 'close'] as const
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number]
export const WARRANTIES = ['in_warranty', 'out_of_warranty', 'unknown'] as const
export type Warranty = (typeof WARRANTIES)[number]
export const VERDICTS = ['justified', 'partly_justified', 'unjustified'] as const
export type Verdict = (typeof VERDICTS)[number]
export const COMPLAINT_SOURCES = ['portal', 'phone', 'converted', 'email'] as const
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number]

/** Roles that read complaints; the first three of them minus team_lead may work the procedure. */
export const COMPLAINT_READERS = ['complaint_officer', 'team_lead', 'manager', 'admin'] as const
export const COMPLAINT_WORKERS = ['complaint_officer', 'manager', 'admin'] as const
/** Roles that may add callbacks by hand. */
export const CALLBACK_CREATORS = ['team_lead', 'manager', 'admin', 'complaint_officer'] as const

export interface ComplaintTicket extends TicketBrief {
  state: TicketState
}

export interface ComplaintStepRecord {
  step: ComplaintStep
  actor: Ref | null
  at: string
  data: Record<string, unknown>
}

export interface Complaint {
  id: number
  ticket: ComplaintTicket
  related_ticket: ComplaintTicket | null
  stage: ComplaintStage
  customer: Ref
  organization: Ref | null
  officer: Ref | null
  source: ComplaintSource
  product: string
  fault: string
  warranty: Warranty
  judgement: string
  verdict: Verdict | null
  decision: string
  action: string
  feedback: string
  summary: string
  engineers: Ref[]
  created_at: string
  closed_at: string | null
  /** Only on GET /complaints/{id}. */
  steps?: ComplaintStepRecord[]
}

export interface PhoneComplaint {
  subject: string
  description: string
  requester_id: number
  related_ticket_id?: number
  source: 'phone'
  product?: string
  fault?: string
  warranty?: Warranty
}

export type ComplaintStepInput =
  | {
      step: 'register'
      product: string
      fault: string
      warranty: Warranty
      engineer_ids?: number[]
    }
  | { step: 'judge'; verdict: Verdict; judgement: string }
  | { step: 'decide'; decision: string }
  | { step: 'act'; action: string }
  | { step: 'feedback'; feedback: string }
  | { step: 'close'; summary: string }

// ---- closing settings, request forms, registration domains, ticket extras ----

export interface PolicyClosing {
  policy_id: number
  auto_close_working_days: number
  reopen_days: number
}

export interface FeedbackSettings {
  auto_close_working_days: number
  reopen_days: number
  survey_valid_days: number
  callback_due_hours: number
  policies: PolicyClosing[]
}

export interface FormField {
  key: string
  label: string
  label_en: string
  required: boolean
  multiline: boolean
}

export interface CategoryForm {
  category_id: number
  fields: FormField[]
}

export interface FilledField {
  key: string
  label: string
  label_en: string
  value: string
}

export interface TicketAttachment {
  id: number
  article_id: number | null
  filename: string
  content_type: string
  size: number
  url: string
}

export const callbacksApi = {
  list: (query: CallbackQuery = {}, opts: Silent = {}) =>
    request<{ callbacks: Callback[] }>('GET', '/callbacks', { query: { ...query }, ...opts }),
  get: (id: number) => request<Callback>('GET', `/callbacks/${id}`),
  create: (body: NewCallback) => request<Callback>('POST', '/callbacks', { body, silent: true }),
  recordOutcome: (id: number, body: CallbackOutcomeInput) =>
    request<Callback>('POST', `/callbacks/${id}/outcome`, { body, silent: true }),
  schedules: () => request<{ schedules: CallbackSchedule[] }>('GET', '/callbacks/schedules'),
  createSchedule: (body: NewCallbackSchedule) =>
    request<CallbackSchedule>('POST', '/callbacks/schedules', { body, silent: true }),
  removeSchedule: (id: number) => request<void>('DELETE', `/callbacks/schedules/${id}`),
}

export const complaintsApi = {
  list: (query: { stage?: ComplaintStage; open?: boolean } = {}) =>
    request<{ complaints: Complaint[] }>('GET', '/complaints', { query: { ...query } }),
  get: (id: number, opts: Silent = {}) => request<Complaint>('GET', `/complaints/${id}`, opts),
  logPhone: (body: PhoneComplaint) =>
    request<Complaint>('POST', '/complaints', { body, silent: true }),
  convert: (ticketId: number) =>
    request<Complaint>('POST', '/complaints', { body: { convert_ticket_id: ticketId } }),
  step: (id: number, body: ComplaintStepInput) =>
    request<Complaint>('POST', `/complaints/${id}/steps`, { body, silent: true }),
}

export const surveysApi = {
  list: (query: SurveyQuery = {}) =>
    request<SurveyList>('GET', '/surveys', { query: { ...query } }),
  ofTicket: (ticketId: number, opts: Silent = {}) =>
    request<TicketSurvey>('GET', `/tickets/${ticketId}/survey`, opts),
}

export const ticketExtrasApi = {
  form: (ticketId: number, opts: Silent = {}) =>
    request<{ fields: FilledField[] }>('GET', `/tickets/${ticketId}/form`, opts),
  attachments: (ticketId: number, opts: Silent = {}) =>
    request<{ attachments: TicketAttachment[] }>('GET', `/tickets/${ticketId}/attachments`, opts),
}

export const feedbackSettingsApi = {
  get: () => request<FeedbackSettings>('GET', '/feedback/settings'),
  save: (body: FeedbackSettings) =>
    request<FeedbackSettings>('PUT', '/feedback/settings', { body, silent: true }),
  policies: () => request<Items<SlaPolicy>>('GET', '/sla/policies'),
}

export const formsApi = {
  categories: () => request<Items<Category>>('GET', '/categories'),
  /** Every category id that has a form, its own or its nearest ancestor's. */
  list: () => request<{ forms: CategoryForm[] }>('GET', '/portal/forms'),
  save: (categoryId: number, fields: FormField[]) =>
    request<CategoryForm>('PUT', `/categories/${categoryId}/form`, {
      body: { fields },
      silent: true,
    }),
}

export const registrationApi = {
  organizations: () =>
    request<Page<Organization>>('GET', '/organizations', { query: { limit: 100 } }),
  domains: (orgId: number) =>
    request<{ domains: string[] }>('GET', `/organizations/${orgId}/registration-domains`),
  saveDomains: (orgId: number, domains: string[]) =>
    request<{ domains: string[] }>('PUT', `/organizations/${orgId}/registration-domains`, {
      body: { domains },
      silent: true,
    }),
}
