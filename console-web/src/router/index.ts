import type { Component } from 'vue'
import {
  Bell,
  Calendar,
  Collection,
  Message,
  Reading,
  Stamp,
  DataAnalysis,
  Document,
  Headset,
  Monitor,
  OfficeBuilding,
  Odometer,
  Setting,
} from '@element-plus/icons-vue'
import {
  createRouter,
  createWebHashHistory,
  type RouteLocationRaw,
  type Router,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import type { MessageSchema } from '@/i18n/zh-CN'
import type { Me } from '@/api/me'
import { hasAnyRole, loadSession, type RoleHolder } from '@/session'

export type SectionKey = keyof MessageSchema['menu']

declare module 'vue-router' {
  interface RouteMeta {
    /** Key under `menu.` of the section the route belongs to. */
    section?: SectionKey
    icon?: Component
    /** Roles that may open the route; absent: any signed-in user. */
    roles?: readonly string[]
    /** Open without signing in (the sign-in page). */
    public?: boolean
  }
}

/** Who may do what; the services check again, the menu only hides what would be refused. */
export const SECTION_ROLES = {
  agent: ['AGENT', 'SUPERVISOR'],
  supervisor: ['SUPERVISOR', 'TENANT_ADMIN'],
  tickets: ['TENANT_ADMIN', 'SUPERVISOR', 'TICKET_CLERK', 'AGENT', 'UNIT_USER'],
  knowledge: ['TENANT_ADMIN', 'SUPERVISOR', 'TICKET_CLERK', 'AGENT', 'UNIT_USER'],
  reports: ['TENANT_ADMIN', 'SUPERVISOR', 'TICKET_CLERK', 'UNIT_USER'],
  quality: ['SUPERVISOR', 'TENANT_ADMIN', 'AGENT'],
  scheduling: ['SUPERVISOR', 'TENANT_ADMIN', 'AGENT'],
  training: ['TENANT_ADMIN', 'SUPERVISOR', 'AGENT', 'TICKET_CLERK', 'UNIT_USER'],
  announcements: ['TENANT_ADMIN', 'SUPERVISOR', 'AGENT', 'TICKET_CLERK', 'UNIT_USER'],
  sms: ['TENANT_ADMIN', 'SUPERVISOR'],
  tenantAdmin: ['TENANT_ADMIN'],
  operator: ['OPERATOR'],
  status: ['OPERATOR', 'TENANT_ADMIN', 'SUPERVISOR'],
} as const satisfies Record<SectionKey, readonly string[]>

const placeholder = () => import('@/views/PlaceholderView.vue')

/*
 * The agent desktop and the supervisor monitor live in router/agent-routes.ts (another area's file, exporting
 * `agentRoutes`); until it exists their sections are placeholders. A glob, so this file builds either way.
 */
const agentModules = import.meta.glob<{ agentRoutes: RouteRecordRaw[] }>('./agent-routes.ts', { eager: true })
const agentAreaRoutes: RouteRecordRaw[] = Object.values(agentModules).flatMap((m) => m.agentRoutes ?? [])

function withDefaults(route: RouteRecordRaw): RouteRecordRaw {
  const section = route.meta?.section
  if (!section || route.meta?.roles) return route
  return { ...route, meta: { ...route.meta, roles: SECTION_ROLES[section] } } as RouteRecordRaw
}

const agentSections: RouteRecordRaw[] =
  agentAreaRoutes.length > 0
    ? agentAreaRoutes.map(withDefaults)
    : [
        { path: '/agent', name: 'agent', component: placeholder, meta: { section: 'agent', icon: Headset, roles: SECTION_ROLES.agent } },
        {
          path: '/supervisor',
          name: 'supervisor',
          component: placeholder,
          meta: { section: 'supervisor', icon: Monitor, roles: SECTION_ROLES.supervisor },
        },
      ]

const adminTab = (path: string, name: string, component: () => Promise<unknown>): RouteRecordRaw => ({
  path,
  name,
  component: component as () => Promise<Component>,
  meta: { section: 'tenantAdmin', roles: SECTION_ROLES.tenantAdmin },
})

/** The console's sections, in menu order (one menu entry per route that has an icon). */
export const sectionRoutes: RouteRecordRaw[] = [
  ...agentSections,
  {
    path: '/tickets',
    name: 'tickets',
    component: () => import('@/views/tickets/TicketListView.vue'),
    meta: { section: 'tickets', icon: Document, roles: SECTION_ROLES.tickets },
  },
  {
    path: '/knowledge',
    name: 'knowledge',
    component: () => import('@/views/knowledge/KnowledgeView.vue'),
    meta: { section: 'knowledge', icon: Collection, roles: SECTION_ROLES.knowledge },
  },
  {
    path: '/reports',
    name: 'reports',
    component: () => import('@/views/reports/ReportsView.vue'),
    meta: { section: 'reports', icon: DataAnalysis, roles: SECTION_ROLES.reports },
  },
  ...(
    [
      ['quality', Stamp, () => import('@/views/workforce/QualityView.vue')],
      ['scheduling', Calendar, () => import('@/views/workforce/SchedulingView.vue')],
      ['training', Reading, () => import('@/views/workforce/TrainingView.vue')],
      ['announcements', Bell, () => import('@/views/workforce/AnnouncementsView.vue')],
      ['sms', Message, () => import('@/views/workforce/SmsView.vue')],
    ] as const
  ).map(
    ([section, icon, component]): RouteRecordRaw => ({
      path: `/${section}`,
      name: section,
      component,
      meta: { section, icon, roles: SECTION_ROLES[section] },
    }),
  ),
  {
    path: '/tenant-admin',
    name: 'tenantAdmin',
    component: () => import('@/views/admin/AdminView.vue'),
    redirect: '/tenant-admin/users',
    meta: { section: 'tenantAdmin', icon: OfficeBuilding, roles: SECTION_ROLES.tenantAdmin },
    children: [
      adminTab('users', 'admin-users', () => import('@/views/admin/UsersPane.vue')),
      adminTab('seats', 'admin-seats', () => import('@/views/admin/SeatsPane.vue')),
      adminTab('skill-groups', 'admin-skillGroups', () => import('@/views/admin/SkillGroupsPane.vue')),
      adminTab('numbers', 'admin-numbers', () => import('@/views/admin/NumbersPane.vue')),
      adminTab('units', 'admin-units', () => import('@/views/admin/UnitsPane.vue')),
      adminTab('routing', 'admin-routing', () => import('@/views/admin/RoutingPane.vue')),
      adminTab('ivr', 'admin-ivr', () => import('@/views/admin/IvrPane.vue')),
      adminTab('blacklist', 'admin-blacklist', () => import('@/views/admin/BlacklistPane.vue')),
      adminTab('calendar', 'admin-calendar', () => import('@/views/admin/CalendarPane.vue')),
      adminTab('acd', 'admin-acd', () => import('@/views/admin/AcdPane.vue')),
      adminTab('quotas', 'admin-quotas', () => import('@/views/admin/QuotasPane.vue')),
    ],
  },
  {
    path: '/operator',
    name: 'operator',
    component: () => import('@/views/operator/OperatorView.vue'),
    meta: { section: 'operator', icon: Setting, roles: SECTION_ROLES.operator },
  },
  {
    path: '/status',
    name: 'status',
    component: () => import('@/views/StatusView.vue'),
    meta: { section: 'status', icon: Odometer, roles: SECTION_ROLES.status },
  },
]

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: placeholder },
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  {
    path: '/tickets/:id',
    name: 'ticket',
    component: () => import('@/views/tickets/TicketDetailView.vue'),
    meta: { section: 'tickets', roles: SECTION_ROLES.tickets },
  },
  ...sectionRoutes,
  { path: '/:unknown(.*)*', redirect: '/' },
]

/** The menu entries the caller may open, in menu order. */
export function menuFor(me: RoleHolder | null): { path: string; section: SectionKey; icon: Component }[] {
  return sectionRoutes
    .filter((r) => r.meta?.icon && r.meta.section && hasAnyRole(r.meta.roles, me))
    .map((r) => ({ path: r.path, section: r.meta!.section!, icon: r.meta!.icon! }))
}

/** Where a caller lands: the first section the roles open (the operator: operations; an agent: the desktop). */
export function homeFor(me: RoleHolder | null): string {
  return menuFor(me)[0]?.path ?? '/login'
}

/**
 * Every navigation asks the session (once per page load): not signed in → the sign-in page; a section the roles
 * do not open → the caller's home. Hash history: the gateway serves only index.html and /assets/, so a reload of
 * `/#/tickets` never asks the server for a path it does not know.
 */
export function createConsoleRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to): Promise<RouteLocationRaw | true> => {
    if (to.meta.public) return true
    let me: Me | null
    try {
      me = await loadSession()
    } catch {
      // the gateway did not answer: show the sign-in page, which says so when it is tried
      me = null
    }
    if (!me) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (to.name === 'home') return homeFor(me)
    const allowed = to.matched.every((record) => hasAnyRole(record.meta.roles, me))
    return allowed ? true : homeFor(me)
  })
  return router
}
