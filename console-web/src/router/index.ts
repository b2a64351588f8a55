import type { Component } from 'vue'
import {
  Collection,
  DataAnalysis,
  Document,
  Headset,
  Monitor,
  OfficeBuilding,
  Odometer,
  Setting,
} from '@element-plus/icons-vue'
import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import type { MessageSchema } from '@/i18n/zh-CN'
import { agentRoutes } from './agent-routes'

export type SectionKey = keyof MessageSchema['menu']

declare module 'vue-router' {
  interface RouteMeta {
    /** Key under `menu.` of the section the route belongs to. */
    section: SectionKey
    icon: Component
  }
}

const placeholder = () => import('@/views/PlaceholderView.vue')

/** The console's sections, in menu order. */
export const sectionRoutes: RouteRecordRaw[] = [
  { path: '/agent', name: 'agent', component: placeholder, meta: { section: 'agent', icon: Headset } },
  { path: '/supervisor', name: 'supervisor', component: placeholder, meta: { section: 'supervisor', icon: Monitor } },
  { path: '/tickets', name: 'tickets', component: placeholder, meta: { section: 'tickets', icon: Document } },
  { path: '/knowledge', name: 'knowledge', component: placeholder, meta: { section: 'knowledge', icon: Collection } },
  { path: '/reports', name: 'reports', component: placeholder, meta: { section: 'reports', icon: DataAnalysis } },
  {
    path: '/tenant-admin',
    name: 'tenantAdmin',
    component: placeholder,
    meta: { section: 'tenantAdmin', icon: OfficeBuilding },
  },
  { path: '/operator', name: 'operator', component: placeholder, meta: { section: 'operator', icon: Setting } },
  {
    path: '/status',
    name: 'status',
    component: () => import('@/views/StatusView.vue'),
    meta: { section: 'status', icon: Odometer },
  },
]

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/agent' },
  ...sectionRoutes,
  ...agentRoutes,
  { path: '/:unknown(.*)*', redirect: '/agent' },
]

/**
 * Hash history: the gateway serves only index.html and /assets/ from classpath:/static/,
 * so a reload of `/#/tickets` never asks the server for a path it does not know.
 */
export function createConsoleRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}
