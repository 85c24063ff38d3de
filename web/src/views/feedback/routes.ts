// Agents' pages for satisfaction surveys, callbacks (回访) and complaints (投诉); children of AppLayout.

import type { RouteRecordRaw } from 'vue-router'
import { useSession } from '../../composables/session'
import { COMPLAINT_READERS } from './api'

// The complaint procedure is read by complaint officers, team leads, managers and administrators;
// other agents reach the queue page only to log a complaint from a phone call.
function complaintReaders() {
  const role = useSession().user.value?.role
  return role !== undefined && (COMPLAINT_READERS as readonly string[]).includes(role)
    ? true
    : { name: 'complaints' }
}

export const feedbackRoutes: RouteRecordRaw[] = [
  {
    path: 'callbacks',
    name: 'callbacks',
    component: () => import('./CallbackListView.vue'),
    meta: { agents: true },
  },
  {
    path: 'complaints',
    name: 'complaints',
    component: () => import('./ComplaintListView.vue'),
    meta: { agents: true },
  },
  {
    path: 'complaints/:id(\\d+)',
    name: 'complaint-detail',
    component: () => import('./ComplaintDetailView.vue'),
    meta: { agents: true },
    beforeEnter: complaintReaders,
  },
  {
    path: 'reports/csat',
    name: 'csat-report',
    component: () => import('./CsatReportView.vue'),
    meta: { agents: true },
  },
  {
    path: 'admin/feedback',
    name: 'feedback-settings',
    component: () => import('./FeedbackSettingsView.vue'),
    meta: { agents: true },
  },
]
