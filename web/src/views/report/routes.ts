// Report pages (issue 9): dashboards, the KPI report, the tickets behind a figure, weekly reports and
// report settings are children of AppLayout; the printable weekly report stands alone (no menu, no
// header). Every page loads lazily, so ECharts stays out of the main chunk.

import type { RouteRecordRaw } from 'vue-router'
import { TEAM_BOARD_ROLES, onlyRoles } from './roles'

export const reportRoutes: RouteRecordRaw[] = [
  {
    path: 'reports/mine',
    name: 'agent-board',
    component: () => import('./AgentBoardView.vue'),
    meta: { agents: true },
  },
  {
    path: 'reports/team',
    name: 'team-board',
    component: () => import('./TeamBoardView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(TEAM_BOARD_ROLES),
  },
  {
    path: 'reports/department',
    name: 'manager-board',
    component: () => import('./ManagerBoardView.vue'),
    meta: { agents: true, managers: true },
  },
  {
    path: 'reports/kpis',
    name: 'kpi-report',
    component: () => import('./KpiReportView.vue'),
    meta: { agents: true },
  },
  {
    path: 'reports/tickets',
    name: 'report-tickets',
    component: () => import('./ReportTicketsView.vue'),
    meta: { agents: true },
  },
  {
    path: 'reports/weekly',
    name: 'weekly-reports',
    component: () => import('./WeeklyReportListView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(TEAM_BOARD_ROLES),
  },
  {
    path: 'reports/weekly/:team(department|\\d+)/:week(\\d{4}-W\\d{2})',
    name: 'weekly-report',
    component: () => import('./WeeklyReportView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(TEAM_BOARD_ROLES),
  },
  {
    path: 'reports/settings',
    name: 'report-settings',
    component: () => import('./ReportSettingsView.vue'),
    meta: { agents: true, managers: true },
  },
]

/** Top-level routes, outside the application's layout. */
export const reportPageRoutes: RouteRecordRaw[] = [
  {
    path: '/reports/weekly/:id(\\d+)/print',
    name: 'weekly-report-print',
    component: () => import('./WeeklyReportPrintView.vue'),
    meta: { agents: true },
    beforeEnter: onlyRoles(TEAM_BOARD_ROLES),
  },
]
