// Typed functions for the TechDesk API routes the UI uses, one per route.

import { API_BASE, request, requestText, requestTextHead, type RequestOptions } from './http'
import type {
  Article,
  ArticleKind,
  Calendar,
  CalendarInput,
  Category,
  Items,
  Job,
  KbArticle,
  KbArticlePage,
  KbArticlePatch,
  KbArticleQuery,
  KbArticleSummary,
  KbAttachment,
  KbDiff,
  KbFeedbackCounts,
  KbSuggestions,
  KbTicketDraft,
  KbVersion,
  KbVersionSummary,
  LoginResponse,
  Macro,
  Mailbox,
  MailboxInput,
  MailboxPatch,
  MailboxTest,
  MailFetchResult,
  NewArticleEmail,
  OutboxItem,
  OutboxState,
  TicketEmail,
  MacroInput,
  MeResponse,
  NewKbArticle,
  NewLinkRelation,
  NewTeam,
  NewWorklog,
  NewTicket,
  NotificationList,
  Organization,
  Page,
  PresenceActivity,
  ReportGroup,
  Rule,
  SearchResponse,
  SearchType,
  RuleInput,
  Skill,
  SlaPolicy,
  SlaPolicyInput,
  SlaReport,
  Team,
  TeamDispatch,
  TeamDispatchPatch,
  TeamMember,
  Ticket,
  TicketEvent,
  TicketLink,
  TicketPatch,
  TicketQuery,
  TicketState,
  TransitionsResponse,
  User,
  UserQuery,
  WorklogEntry,
  WorklogGroup,
  WorklogList,
  WorklogTotals,
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
  type TextHead,
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

// Teams and their dispatch settings. Writes a form shows next to its fields are silent.
export const teamsApi = {
  list: () => request<Page<Team>>('GET', '/teams', { query: { limit: 100 } }),
  create: (body: NewTeam) => request<Team>('POST', '/teams', { body, silent: true }),
  dispatch: (id: number, opts: Silent = {}) =>
    request<TeamDispatch>('GET', `/teams/${id}/dispatch`, opts),
  updateDispatch: (id: number, body: TeamDispatchPatch) =>
    request<TeamDispatch>('PATCH', `/teams/${id}/dispatch`, { body, silent: true }),
  members: (id: number) => request<Items<TeamMember>>('GET', `/teams/${id}/members`),
  addMember: (id: number, userId: number) =>
    request<Items<TeamMember>>('POST', `/teams/${id}/members`, {
      body: { user_id: userId },
      silent: true,
    }),
  removeMember: (id: number, userId: number) =>
    request<Items<TeamMember>>('DELETE', `/teams/${id}/members/${userId}`),
}

/** Agents' duty and skills (leads set their members' skills; everyone their own duty). */
export const agentsApi = {
  get: (id: number) => request<TeamMember>('GET', `/agents/${id}`),
  update: (id: number, body: { on_duty?: boolean; skills?: Skill[] }, opts: Silent = {}) =>
    request<TeamMember>('PATCH', `/agents/${id}`, { body, ...opts }),
}

export const categoriesApi = {
  list: () => request<Items<Category>>('GET', '/categories'),
  /** The skills a category's tickets need (skill_match). */
  skills: (id: number) => request<{ skills: Skill[] }>('GET', `/categories/${id}/skills`),
  setSkills: (id: number, skills: Skill[]) =>
    request<{ skills: Skill[] }>('PUT', `/categories/${id}/skills`, {
      body: { skills },
      silent: true,
    }),
}

export const ticketsApi = {
  list: (query: TicketQuery = {}) =>
    request<Page<Ticket>>('GET', '/tickets', { query: { ...query } }),
  get: (id: number, opts: Silent = {}) => request<Ticket>('GET', `/tickets/${id}`, opts),
  create: (body: NewTicket) => request<Ticket>('POST', '/tickets', { body }),
  update: (id: number, body: TicketPatch) => request<Ticket>('PATCH', `/tickets/${id}`, { body }),
  transitions: (id: number) => request<TransitionsResponse>('GET', `/tickets/${id}/transitions`),
  transition: (id: number, to: TicketState, reason?: string) =>
    request<Ticket>('POST', `/tickets/${id}/transitions`, {
      body: reason === undefined ? { to } : { to, reason },
    }),
  articles: (id: number) => request<Items<Article>>('GET', `/tickets/${id}/articles`),
  /** `email` only for a public reply: the copies (cc) and whether it also goes out by mail. */
  addArticle: (id: number, kind: ArticleKind, body: string, email?: NewArticleEmail) =>
    request<Article>('POST', `/tickets/${id}/articles`, {
      body: email ? { kind, body, cc: email.cc, email: email.email } : { kind, body },
    }),
  /** The email records of the ticket's articles that came or went by mail. */
  emails: (id: number, opts: Silent = {}) =>
    request<Items<TicketEmail>>('GET', `/tickets/${id}/emails`, opts),
  events: (id: number) => request<Items<TicketEvent>>('GET', `/tickets/${id}/events`),

  // Hand-overs. The dialogs show a refusal next to the field the server names: silent.
  escalate: (id: number, reason: string, summary: string) =>
    request<Ticket>('POST', `/tickets/${id}/escalate`, { body: { reason, summary }, silent: true }),
  deescalate: (id: number, reason: string) =>
    request<Ticket>('POST', `/tickets/${id}/deescalate`, { body: { reason }, silent: true }),
  transfer: (id: number, team: number, reason: string) =>
    request<Ticket>('POST', `/tickets/${id}/transfer`, { body: { team, reason }, silent: true }),
  autoAssign: (id: number) => request<Ticket>('POST', `/tickets/${id}/auto-assign`, { body: {} }),

  /** Merges the ticket into `into` (the survivor, which it answers with); the ticket is closed. */
  merge: (id: number, into: number) =>
    request<Ticket>('POST', `/tickets/${id}/merge`, { body: { into }, silent: true }),
  /** Moves the articles to a new ticket, which it answers with. */
  split: (id: number, articleIds: number[], subject?: string) =>
    request<Ticket>('POST', `/tickets/${id}/split`, {
      body: subject ? { article_ids: articleIds, subject } : { article_ids: articleIds },
      silent: true,
    }),
  links: (id: number) => request<Items<TicketLink>>('GET', `/tickets/${id}/links`),
  addLink: (id: number, ticketId: number, relation: NewLinkRelation) =>
    request<Items<TicketLink>>('POST', `/tickets/${id}/links`, {
      body: { ticket_id: ticketId, relation },
      silent: true,
    }),
  removeLink: (id: number, link: number) => request<void>('DELETE', `/tickets/${id}/links/${link}`),
  tags: (id: number) => request<{ items: string[] }>('GET', `/tickets/${id}/tags`),
  addTag: (id: number, tag: string) =>
    request<{ items: string[] }>('POST', `/tickets/${id}/tags`, { body: { tag }, silent: true }),
  removeTag: (id: number, tag: string) =>
    request<{ items: string[] }>('DELETE', `/tickets/${id}/tags`, { query: { tag } }),

  worklog: (id: number) => request<WorklogList>('GET', `/tickets/${id}/worklog`),
  addWorklog: (id: number, body: NewWorklog) =>
    request<WorklogEntry>('POST', `/tickets/${id}/worklog`, { body, silent: true }),
  deleteWorklog: (id: number, entry: number) =>
    request<void>('DELETE', `/tickets/${id}/worklog/${entry}`),

  /** The knowledge articles linked to the ticket (those that solved it or were written from it). */
  kbArticles: (id: number) =>
    request<{ articles: KbArticleSummary[] }>('GET', `/tickets/${id}/kb-articles`),

  /** Tells the other staff at the ticket what we do there (the collision hint). Best effort. */
  presence: (id: number, activity: PresenceActivity) =>
    request<void>('POST', `/tickets/${id}/presence`, { body: { activity }, silent: true }),
}

export const worklogApi = {
  totals: (query: { from: string; to: string; group: WorklogGroup; user?: number }) =>
    request<WorklogTotals>('GET', '/worklog/totals', { query: { ...query } }),
}

// Automation rules: managers and admins. Saves are silent: the form shows the field at fault.
export const rulesApi = {
  list: () => request<Items<Rule>>('GET', '/rules'),
  get: (id: number) => request<Rule>('GET', `/rules/${id}`),
  create: (body: RuleInput) => request<Rule>('POST', '/rules', { body, silent: true }),
  replace: (id: number, body: RuleInput, opts: Silent = { silent: true }) =>
    request<Rule>('PUT', `/rules/${id}`, { body, ...opts }),
  remove: (id: number) => request<void>('DELETE', `/rules/${id}`),
}

/** The body the API takes: a global macro leaves team_id out (the server refuses null). */
function macroBody(m: MacroInput): { name: string; body: string; team_id?: number } {
  return m.team_id === null
    ? { name: m.name, body: m.body }
    : { name: m.name, body: m.body, team_id: m.team_id }
}

// 快捷回复: every agent reads (everyone's and their teams'); leads edit their teams', managers all.
export const macrosApi = {
  list: () => request<Items<Macro>>('GET', '/macros'),
  create: (m: MacroInput) =>
    request<Macro>('POST', '/macros', { body: macroBody(m), silent: true }),
  replace: (id: number, m: MacroInput) =>
    request<Macro>('PUT', `/macros/${id}`, { body: macroBody(m), silent: true }),
  remove: (id: number) => request<void>('DELETE', `/macros/${id}`),
  /** The macro's text with the ticket's values in place of its placeholders. */
  render: (id: number, ticketId: number) =>
    request<{ text: string }>('POST', `/macros/${id}/render`, { body: { ticket_id: ticketId } }),
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

// One search over tickets, articles, organisations and users. Silent: the search page shows the
// refusal (400 naming q, type or limit) under its box.
export const searchApi = {
  search: (query: { q: string; type?: SearchType; limit?: number }) =>
    request<SearchResponse>('GET', '/search', { query: { ...query }, silent: true }),
}

// 知识库. Requesters read published public articles (the published version), vote and record that
// an article answered them; staff write; team leads, managers and admins publish, send back and
// archive. Saves are silent: the editor shows the field at fault, and a stale version (409) as such.
export const kbApi = {
  list: (query: KbArticleQuery = {}) =>
    request<KbArticlePage>('GET', '/kb/articles', { query: { ...query } }),
  get: (id: number, opts: Silent = {}) => request<KbArticle>('GET', `/kb/articles/${id}`, opts),
  create: (body: NewKbArticle) =>
    request<KbArticle>('POST', '/kb/articles', { body, silent: true }),
  update: (id: number, body: KbArticlePatch) =>
    request<KbArticle>('PATCH', `/kb/articles/${id}`, { body, silent: true }),
  submit: (id: number) => request<KbArticle>('POST', `/kb/articles/${id}/submit`),
  publish: (id: number) => request<KbArticle>('POST', `/kb/articles/${id}/publish`),
  reject: (id: number, reason: string) =>
    request<KbArticle>('POST', `/kb/articles/${id}/reject`, { body: { reason }, silent: true }),
  archive: (id: number) => request<KbArticle>('POST', `/kb/articles/${id}/archive`),

  versions: (id: number) =>
    request<{ versions: KbVersionSummary[] }>('GET', `/kb/articles/${id}/versions`),
  version: (id: number, v: number) => request<KbVersion>('GET', `/kb/articles/${id}/versions/${v}`),
  diff: (id: number, from: number, to: number) =>
    request<KbDiff>('GET', `/kb/articles/${id}/diff`, { query: { from, to } }),
  restore: (id: number, v: number) =>
    request<KbArticle>('POST', `/kb/articles/${id}/versions/${v}/restore`),

  feedback: (id: number, helpful: boolean) =>
    request<KbFeedbackCounts>('POST', `/kb/articles/${id}/feedback`, { body: { helpful } }),
  /** Counts a read. Best effort: a failure is nobody's business. */
  view: (id: number) => request<void>('POST', `/kb/articles/${id}/view`, { silent: true }),

  /** A draft filled from a ticket (subject, description, resolution), not saved. */
  draftFromTicket: (ticketId: number) =>
    request<KbTicketDraft>('GET', `/kb/articles/from-ticket/${ticketId}`),
  linkTicket: (id: number, ticketId: number) =>
    request<void>('POST', `/kb/articles/${id}/tickets`, {
      body: { ticket_id: ticketId },
      silent: true,
    }),
  unlinkTicket: (id: number, ticketId: number) =>
    request<void>('DELETE', `/kb/articles/${id}/tickets/${ticketId}`),

  /** Uploads one file (at most 10 MiB; executables are refused with 415). */
  upload: (id: number, file: File) =>
    request<KbAttachment>('POST', `/kb/articles/${id}/attachments`, {
      query: { filename: file.name },
      raw: { data: file, type: file.type },
      silent: true,
    }),
  removeAttachment: (id: number, attachmentId: number) =>
    request<void>('DELETE', `/kb/articles/${id}/attachments/${attachmentId}`),

  /** Published articles and similar solved tickets for a request being typed. */
  suggest: (q: string, limit = 5) =>
    request<KbSuggestions>('GET', '/kb/suggest', { query: { q, limit }, silent: true }),
  /** Records that a suggested article answered the request: no ticket is filed. */
  deflect: (articleId: number, query: string) =>
    request<{ id?: number } | null>('POST', '/kb/deflections', {
      body: { article_id: articleId, query },
    }),
}

// 邮箱渠道: administrators. Saves are silent: the dialog shows the field at fault ("imap.port").
export const emailApi = {
  mailboxes: () => request<Items<Mailbox>>('GET', '/channels/email'),
  create: (body: MailboxInput) =>
    request<Mailbox>('POST', '/channels/email', { body, silent: true }),
  update: (id: number, body: MailboxPatch, opts: Silent = { silent: true }) =>
    request<Mailbox>('PATCH', `/channels/email/${id}`, { body, ...opts }),
  remove: (id: number) => request<void>('DELETE', `/channels/email/${id}`),
  /** Connects to the mailbox's IMAP and SMTP servers with the stored settings (up to 15 s). */
  test: (id: number) =>
    request<MailboxTest>('POST', `/channels/email/${id}/test`, { body: {}, silent: true }),
  /**
   * Fetches the mailbox's new mail now instead of waiting for the next poll. Silent: 409 (a fetch
   * is already running) and 503 (the IMAP server failed) are told in the page's own words.
   */
  fetch: (id: number) =>
    request<MailFetchResult>('POST', `/channels/email/${id}/fetch`, { body: {}, silent: true }),

  outbox: (query: { state?: OutboxState | ''; limit?: number } = {}) =>
    request<Items<OutboxItem>>('GET', '/channels/email/outbox', {
      query: { limit: 100, ...query },
    }),
  /** Queues a failed mail again; answers with the item. */
  retry: (id: number) => request<OutboxItem>('POST', `/channels/email/outbox/${id}/retry`),
}

/** The most of a raw email the page shows; the rest is in the download. */
export const RAW_EMAIL_SHOWN_BYTES = 2 * 1024 * 1024

// Files and raw messages of the email channel: links for the browser, and the raw text.
export const mailFilesApi = {
  /** Where an email attachment downloads; `inline` shows it in the browser instead. */
  attachmentUrl: (id: number, inline = false) =>
    `${API_BASE}/attachments/${id}${inline ? '?inline=1' : ''}`,
  /**
   * The start of an original message, as text, from the `raw_url` of its email record
   * (`/api/v1/articles/{id}/raw`, or `/api/v1/tickets/{id}/raw` for the mail that opened a ticket).
   */
  raw: (rawUrl: string) =>
    requestTextHead(apiPath(rawUrl), RAW_EMAIL_SHOWN_BYTES, 'message/rfc822, text/plain', {
      silent: true,
    }),
}

/** A path the server gave as `/api/v1/...`, as the API client takes it (without `/api/v1`). */
function apiPath(url: string): string {
  if (!url.startsWith(`${API_BASE}/`)) throw new Error(`not an API path: ${url}`)
  return url.slice(API_BASE.length)
}
