// The customer portal's routes, mounted at /portal/ beside the agents' application.
// Every page is its own lazily loaded chunk, and so is the layout: a requester's cold load fetches
// the shared start-up code and the one page they open, none of the agents' views.
// `meta.portal` (merged into every child) makes the guard send a visitor without a session to the
// portal's own sign-in page; sign-in, registration and the survey-by-token page are `public`.

import type { RouteRecordRaw } from 'vue-router'

export const portalRoutes: RouteRecordRaw[] = [
  {
    path: '/portal',
    component: () => import('./PortalLayout.vue'),
    meta: { portal: true },
    children: [
      {
        path: '',
        name: 'portal-home',
        component: () => import('./views/PortalHomeView.vue'),
      },
      {
        path: 'login',
        name: 'portal-login',
        component: () => import('./views/PortalLoginView.vue'),
        meta: { public: true },
      },
      {
        path: 'register',
        name: 'portal-register',
        component: () => import('./views/PortalRegisterView.vue'),
        meta: { public: true },
      },
      {
        path: 'survey/:token',
        name: 'portal-survey',
        component: () => import('./views/PortalSurveyView.vue'),
        meta: { public: true },
      },
      {
        path: 'new',
        name: 'portal-new',
        component: () => import('./views/PortalNewRequestView.vue'),
      },
      {
        path: 'tickets/:id(\\d+)',
        name: 'portal-ticket',
        component: () => import('./views/PortalTicketView.vue'),
      },
      {
        path: 'complaint',
        name: 'portal-complaint',
        component: () => import('./views/PortalComplaintView.vue'),
      },
      {
        path: ':pathMatch(.*)*',
        name: 'portal-not-found',
        component: () => import('./views/PortalNotFoundView.vue'),
      },
    ],
  },
]
