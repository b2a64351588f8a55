import { Headset, Monitor } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

/**
 * The agent desk and the supervisor's views. Listed after the sections in `index.ts`: a route with the same name
 * replaces the section's placeholder, and the menu keeps its order.
 */
export const agentRoutes: RouteRecordRaw[] = [
  {
    path: '/agent',
    name: 'agent',
    component: () => import('@/views/agent/AgentDesk.vue'),
    meta: { section: 'agent', icon: Headset },
  },
  { path: '/agent/network-test', name: 'network-test', component: () => import('@/views/agent/NetworkTestView.vue'), meta: { section: 'agent' } },
  {
    path: '/supervisor',
    name: 'supervisor',
    component: () => import('@/views/supervisor/SupervisorView.vue'),
    meta: { section: 'supervisor', icon: Monitor },
  },
  {
    path: '/supervisor/wallboard',
    name: 'wallboard',
    component: () => import('@/views/supervisor/WallboardView.vue'),
    meta: { section: 'supervisor' },
  },
]
