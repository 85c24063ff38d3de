// The customer portal's typed client: the routes a requester (or org manager) uses, written from
// the issue 8 API contract. Calls whose refusal a form shows next to its field are silent; the
// survey-by-token routes need no session, so they never treat 401 as "session over".

import { request } from '../api/http'
import type { Article, Items, Level, Page, Ticket, TicketType, User } from '../api'

/** One guided field of a category's request form. */
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

/** A filled-in form field of a ticket. */
export interface FilledField {
  key: string
  label: string
  label_en: string
  value: string
}

export interface Upload {
  id: number
  filename: string
  content_type: string
  size: number
}

export interface TicketAttachment extends Upload {
  article_id: number | null
  url: string
}

export interface NewRequest {
  subject: string
  description: string
  category_id: number
  urgency: Level
  type?: Extract<TicketType, 'incident' | 'service_request' | 'consultation'>
  fields: Record<string, string>
  attachments: number[]
}

export const SURVEY_TAGS = ['timely', 'professional', 'friendly', 'unresolved', 'slow'] as const
export type SurveyTag = (typeof SURVEY_TAGS)[number]

export interface SurveyResponse {
  score: number
  tags: string[]
  comment: string
  created_at: string
}

export type TicketSurveyState = 'not_due' | 'open' | 'answered' | 'expired'

export interface TicketSurvey {
  state: TicketSurveyState
  token?: string
  response?: SurveyResponse
}

/** What the no-login survey page shows (GET /surveys/{token}). */
export interface PublicSurvey {
  ticket: { id: number; number: string; subject: string; agent: string | null }
  tags: string[]
  state: 'open' | 'answered'
}

export interface SurveyAnswer {
  score: number
  tags: string[]
  comment: string
}

export interface NewComplaint {
  subject: string
  description: string
  related_ticket_id?: number
  product?: string
}

/** The part of a complaint the portal uses: the ticket the customer follows it by. */
export interface Complaint {
  id: number
  ticket: { id: number; number: string; subject: string; state: string }
}

export interface Registration {
  name: string
  email: string
  password: string
  phone?: string
}

export const portalApi = {
  registration: () =>
    request<{ enabled: boolean }>('GET', '/portal/registration', {
      silent: true,
      allowUnauthenticated: true,
    }),
  register: (body: Registration) =>
    request<{ user: User }>('POST', '/portal/register', {
      body,
      silent: true,
      allowUnauthenticated: true,
    }),
  forms: () => request<{ forms: CategoryForm[] }>('GET', '/portal/forms', { silent: true }),

  /** Uploads one file before it is attached (refused: executables, over 10 MiB, empty). */
  upload: (file: File) =>
    request<Upload>('POST', '/uploads', {
      query: { filename: file.name },
      raw: { data: file, type: file.type },
      silent: true,
    }),

  submit: (body: NewRequest) => request<Ticket>('POST', '/portal/requests', { body, silent: true }),

  tickets: (query: {
    requester?: number
    organization?: number
    cursor?: string
    limit?: number
  }) => request<Page<Ticket>>('GET', '/tickets', { query: { ...query } }),
  ticket: (id: number) => request<Ticket>('GET', `/tickets/${id}`, { silent: true }),
  articles: (id: number) => request<Items<Article>>('GET', `/tickets/${id}/articles`),
  attachments: (id: number) =>
    request<{ attachments: TicketAttachment[] }>('GET', `/tickets/${id}/attachments`),
  form: (id: number) =>
    request<{ fields: FilledField[] }>('GET', `/tickets/${id}/form`, { silent: true }),
  events: (id: number) =>
    request<Items<{ at: string; field: string; before: string | null; after: string | null }>>(
      'GET',
      `/tickets/${id}/events`,
      { silent: true },
    ),
  reply: (id: number, body: string, attachments: number[]) =>
    request<Article>('POST', `/tickets/${id}/articles`, {
      body: { kind: 'reply', body, attachments },
      silent: true,
    }),
  confirm: (id: number) => request<Ticket>('POST', `/tickets/${id}/confirm`, { body: {} }),
  /** A ticket answers when it was reopened; `follow_up` when a new, linked ticket was made. */
  reopen: (id: number, reason: string) =>
    request<Ticket | { follow_up: Ticket }>('POST', `/tickets/${id}/reopen`, {
      body: { reason },
      silent: true,
    }),
  cancel: (id: number, reason: string) =>
    request<Ticket>('POST', `/tickets/${id}/transitions`, {
      body: { to: 'cancelled', reason },
      silent: true,
    }),

  survey: (id: number) => request<TicketSurvey>('GET', `/tickets/${id}/survey`, { silent: true }),
  publicSurvey: (token: string) =>
    request<PublicSurvey>('GET', `/surveys/${encodeURIComponent(token)}`, {
      silent: true,
      allowUnauthenticated: true,
    }),
  answerSurvey: (token: string, body: SurveyAnswer) =>
    request<SurveyResponse>('POST', `/surveys/${encodeURIComponent(token)}`, {
      body,
      silent: true,
      allowUnauthenticated: true,
    }),

  complain: (body: NewComplaint) =>
    request<Complaint>('POST', '/complaints', { body, silent: true }),
}

/** Whether a reopen answer is the follow-up ticket (201) rather than the reopened ticket. */
export function isFollowUp(
  answer: Ticket | { follow_up: Ticket },
): answer is { follow_up: Ticket } {
  return 'follow_up' in answer && typeof answer.follow_up === 'object' && answer.follow_up !== null
}
