// Typed functions for the TechDesk API routes the UI uses, one per route.

import { request, requestText, type RequestOptions } from './http'
import type {
  Article,
  ArticleKind,
  Calendar,
  CalendarInput,
  Category,
  Items,
  Job,
  LoginResponse,
  MeResponse,
  NewTicket,
  NotificationList,
  Organization,
  Page,
  ReportGroup,
  SlaPolicy,
  SlaPolicyInput,
  SlaReport,
  Team,
  Ticket,
  TicketEvent,
  TicketPatch,
  TicketQuery,
  TicketState,
  TransitionsResponse,
  User,
  UserQuery,
} from './types'

export * from './types'
export {
  API_BASE,
  ApiError,
  errorText,
  onServerTimeChange,
  serverNow,
  setCsrfToken,
  setUnauthorizedHandler,
  showError,
} from './http'

type Silent = Pick<RequestOptions, 'silent'>

export const authApi = {
  login: (login: string, password: string) =>
    request<LoginResponse>('POST', '/auth/login', {
      body: { login, password },
      silent: true,
      allowUnauthenticated: true,
    }),
  logout: () => request<void>('POST', '/auth/logout', { silent: true, allowUnauthenticated: true }),
  /** Probes the session; answers 401 when there is none, without leaving the page. */
  me: () => request<MeResponse>('GET', '/auth/me', { silent: true, allowUnauthenticated: true }),
}

export const usersApi = {
  list: (query: UserQuery = {}, opts: Silent = {}) =>
    request<Page<User>>('GET', '/users', { query: { ...query }, ...opts }),
  get: (id: number, opts: Silent = {}) => request<User>('GET', `/users/${id}`, opts),
}

export const organizationsApi = {
  list: () => request<Page<Organization>>('GET', '/organizations', { query: { limit: 100 } }),
}

export const teamsApi = {
  list: () => request<Page<Team>>('GET', '/teams', { query: { limit: 100 } }),
}

export const categoriesApi = {
  list: () => request<Items<Category>>('GET', '/categories'),
}

export const ticketsApi = {
  list: (query: TicketQuery = {}) =>
    request<Page<Ticket>>('GET', '/tickets', { query: { ...query } }),
  get: (id: number) => request<Ticket>('GET', `/tickets/${id}`),
  create: (body: NewTicket) => request<Ticket>('POST', '/tickets', { body }),
  update: (id: number, body: TicketPatch) => request<Ticket>('PATCH', `/tickets/${id}`, { body }),
  transitions: (id: number) => request<TransitionsResponse>('GET', `/tickets/${id}/transitions`),
  transition: (id: number, to: TicketState, reason?: string) =>
    request<Ticket>('POST', `/tickets/${id}/transitions`, {
      body: reason === undefined ? { to } : { to, reason },
    }),
  articles: (id: number) => request<Items<Article>>('GET', `/tickets/${id}/articles`),
  addArticle: (id: number, kind: ArticleKind, body: string) =>
    request<Article>('POST', `/tickets/${id}/articles`, { body: { kind, body } }),
  events: (id: number) => request<Items<TicketEvent>>('GET', `/tickets/${id}/events`),
}

// Business calendars and SLA policies: every agent role may read, administrators change. Writes are
// silent: the forms show the error next to the field the server names.
export const calendarsApi = {
  list: () => request<Items<Calendar>>('GET', '/calendars'),
  get: (id: number) => request<Calendar>('GET', `/calendars/${id}`),
  create: (body: CalendarInput) => request<Calendar>('POST', '/calendars', { body, silent: true }),
  replace: (id: number, body: CalendarInput) =>
    request<Calendar>('PUT', `/calendars/${id}`, { body, silent: true }),
  remove: (id: number) => request<void>('DELETE', `/calendars/${id}`),
  /** The calendar as an iCalendar (.ics) text. */
  exportIcal: (id: number) => requestText('GET', `/calendars/${id}/ical`),
  importIcal: (id: number, ical: string, replace: boolean) =>
    request<Calendar>('POST', `/calendars/${id}/ical`, { body: { ical, replace }, silent: true }),
}

export const slaApi = {
  policies: () => request<Items<SlaPolicy>>('GET', '/sla/policies'),
  policy: (id: number) => request<SlaPolicy>('GET', `/sla/policies/${id}`),
  createPolicy: (body: SlaPolicyInput) =>
    request<SlaPolicy>('POST', '/sla/policies', { body, silent: true }),
  replacePolicy: (id: number, body: SlaPolicyInput) =>
    request<SlaPolicy>('PUT', `/sla/policies/${id}`, { body, silent: true }),
  removePolicy: (id: number) => request<void>('DELETE', `/sla/policies/${id}`),
  /** Queues the job that applies the current policies and calendars again to open tickets. */
  recompute: () => request<Job>('POST', '/sla/recompute', { body: { open_only: true } }),
}

export const jobsApi = {
  get: (id: number, opts: Silent = {}) => request<Job>('GET', `/admin/jobs/${id}`, opts),
}

export const reportsApi = {
  sla: (from: string, to: string, groupBy: ReportGroup) =>
    request<SlaReport>('GET', '/reports/sla', { query: { from, to, group_by: groupBy } }),
}

// The caller's notifications. Reads are silent: the bell polls in the background and must not
// raise a message each time the network blinks.
export const notificationsApi = {
  list: (query: { unread?: boolean; cursor?: string; limit?: number } = {}) =>
    request<NotificationList>('GET', '/notifications', { query: { ...query }, silent: true }),
  markRead: (id: number) => request<void>('POST', `/notifications/${id}/read`),
  markAllRead: () => request<{ marked: number }>('POST', '/notifications/read-all'),
}
