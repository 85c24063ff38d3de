// Routes. History mode: the server answers index.html for any non-API path it does not know.

import { createRouter, createWebHistory } from 'vue-router'
import AppLayout from '../components/AppLayout.vue'
import { useSession } from '../composables/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
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
    return to.name === 'login' && session.user.value ? { name: 'tickets' } : true
  }
  if (!session.user.value) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  return true
})
