// Routes. History mode: the server answers index.html for any non-API path it does not know.

import { createRouter, createWebHistory } from 'vue-router'
import AppLayout from '../components/AppLayout.vue'
import { useSession } from '../composables/session'
import { portalRoutes } from '../portal/routes'
import { feedbackRoutes } from '../views/feedback/routes'
import { reportPageRoutes, reportRoutes } from '../views/report/routes'
import { reviewRoutes } from '../views/reviews/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Only for agent roles (support staff); others are sent to the ticket list. */
    agents?: boolean
    /** Only for managers and administrators (automation rules). */
    managers?: boolean
    /** Only for administrators (the email channel's mailboxes). */
    admins?: boolean
    /** A customer portal page (/portal/): without a session it sends to the portal's sign-in. */
    portal?: boolean
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    ...portalRoutes,
    ...reportPageRoutes,
    {
      path: '/login',
      name: 'login',
      component: () => import('../views/auth/LoginView.vue'),
      meta: { public: true },
    },
    {
      path: '/',
      component: AppLayout,
      children: [
        { path: '', redirect: { name: 'tickets' } },
        {
          path: 'tickets',
          name: 'tickets',
          component: () => import('../views/ticket/TicketListView.vue'),
        },
        {
          path: 'tickets/new',
          name: 'ticket-new',
          component: () => import('../views/ticket/TicketNewView.vue'),
        },
        {
          path: 'tickets/:id(\\d+)',
          name: 'ticket-detail',
          component: () => import('../views/ticket/TicketDetailView.vue'),
        },
        {
          path: 'search',
          name: 'search',
          component: () => import('../views/search/SearchView.vue'),
        },
        {
          path: 'kb',
          name: 'kb',
          component: () => import('../views/kb/KbListView.vue'),
        },
        {
          path: 'kb/new',
          name: 'kb-new',
          component: () => import('../views/kb/KbEditView.vue'),
          meta: { agents: true },
        },
        {
          path: 'kb/:id(\\d+)',
          name: 'kb-article',
          component: () => import('../views/kb/KbArticleView.vue'),
        },
        {
          path: 'kb/:id(\\d+)/edit',
          name: 'kb-edit',
          component: () => import('../views/kb/KbEditView.vue'),
          meta: { agents: true },
        },
        {
          path: 'sla/policies',
          name: 'sla-policies',
          component: () => import('../views/sla/SlaPolicyListView.vue'),
          meta: { agents: true },
        },
        {
          path: 'sla/calendars',
          name: 'calendars',
          component: () => import('../views/sla/CalendarListView.vue'),
          meta: { agents: true },
        },
        {
          path: 'sla/calendars/new',
          name: 'calendar-new',
          component: () => import('../views/sla/CalendarEditView.vue'),
          meta: { agents: true },
        },
        {
          path: 'sla/calendars/:id(\\d+)',
          name: 'calendar-edit',
          component: () => import('../views/sla/CalendarEditView.vue'),
          meta: { agents: true },
        },
        {
          path: 'reports/sla',
          name: 'sla-report',
          component: () => import('../views/report/SlaReportView.vue'),
          meta: { agents: true },
        },
        {
          path: 'reports/worklog',
          name: 'worklog-report',
          component: () => import('../views/report/WorklogReportView.vue'),
          meta: { agents: true },
        },
        {
          path: 'dispatch/teams',
          name: 'teams',
          component: () => import('../views/dispatch/TeamAdminView.vue'),
          meta: { agents: true },
        },
        {
          path: 'dispatch/rules',
          name: 'rules',
          component: () => import('../views/dispatch/RuleListView.vue'),
          meta: { agents: true, managers: true },
        },
        {
          path: 'dispatch/macros',
          name: 'macros',
          component: () => import('../views/dispatch/MacroListView.vue'),
          meta: { agents: true },
        },
        {
          path: 'admin/email',
          name: 'email-channel',
          component: () => import('../views/channel/EmailChannelView.vue'),
          meta: { agents: true, admins: true },
        },
        ...feedbackRoutes,
        ...reportRoutes,
        ...reviewRoutes,
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('../views/common/NotFoundView.vue'),
        },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  const session = useSession()
  await session.ensureChecked()
  if (to.meta.public) {
    if (session.user.value && to.name === 'login') return { name: 'tickets' }
    // A portal page whose session ended (the 401 handler sends to 'login') signs in in the portal.
    const back = to.query.redirect
    if (!session.user.value && to.name === 'login' && typeof back === 'string') {
      if (back === '/portal' || back.startsWith('/portal/')) {
        return { name: 'portal-login', query: { redirect: back } }
      }
    }
    if (session.user.value && (to.name === 'portal-login' || to.name === 'portal-register')) {
      return { name: 'portal-home' }
    }
    return true
  }
  if (!session.user.value) {
    if (to.meta.portal) {
      const query = to.name === 'portal-home' ? {} : { redirect: to.fullPath }
      return { name: 'portal-login', query }
    }
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.meta.agents && !session.isAgent.value) return { name: 'tickets' }
  if (to.meta.managers && !session.isManager.value) return { name: 'tickets' }
  if (to.meta.admins && !session.isAdmin.value) return { name: 'tickets' }
  return true
})
