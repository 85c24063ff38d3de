// Performance review pages (绩效考核, issue 9), children of AppLayout. Every agent reads his own
// scorecard; team leads, managers and administrators read the cycles and rankings (a lead his team's
// scorecards only); managers and administrators run the cycles and read the warning lists.

import type { RouteRecordRaw } from 'vue-router'
import { REVIEW_READERS } from './api'
import { onlyRoles } from './roles'

export const reviewRoutes: RouteRecordRaw[] = [
  {
    path: 'reviews',
    name: 'review-cycles',
    component: () => import('./ReviewCyclesView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(REVIEW_READERS),
  },
  {
    path: 'reviews/cycles/:id(\\d+)',
    name: 'review-cycle',
    component: () => import('./ReviewCycleView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(REVIEW_READERS),
  },
  {
    path: 'reviews/scorecards/:id(\\d+)',
    name: 'review-scorecard',
    component: () => import('./ScorecardView.vue'),
    meta: { agents: true },
  },
  {
    path: 'reviews/mine',
    name: 'review-mine',
    component: () => import('./MyScorecardView.vue'),
    meta: { agents: true },
  },
  {
    path: 'reviews/warnings',
    name: 'review-warnings',
    component: () => import('./ReviewWarningsView.vue'),
    meta: { agents: true, managers: true },
  },
]
