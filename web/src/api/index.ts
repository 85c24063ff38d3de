// Typed functions for the TechDesk API routes the UI uses, one per route.

import { request, type RequestOptions } from './http'
import type {
  Article,
  ArticleKind,
  Category,
  Items,
  LoginResponse,
  MeResponse,
  NewTicket,
  Organization,
  Page,
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
export { ApiError, errorText, setCsrfToken, setUnauthorizedHandler, showError } from './http'

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
