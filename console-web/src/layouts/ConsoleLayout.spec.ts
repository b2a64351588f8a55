import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createConsoleI18n } from '@/i18n'
import { createConsoleRouter } from '@/router'
import { session, setSession } from '@/session'
import { fakeServer } from '@/testing/fakeServer'
import { ADMIN, AGENT, OPERATOR } from '@/testing/mountView'
import type { Me } from '@/api/me'
import ConsoleLayout from './ConsoleLayout.vue'

// The layout's tests are about the frame; the agent desk and supervisor views (sockets, WebRTC, charts) have their own
// specs and stand in here as bare sections.
vi.mock('@/views/agent/AgentDesk.vue', () => ({ default: { name: 'AgentDesk', template: '<h2>agent desk</h2>' } }))
vi.mock('@/views/supervisor/SupervisorView.vue', () => ({
  default: { name: 'SupervisorView', template: '<h2>supervisor</h2>' },
}))

async function mountLayout(me: Me, path = '/') {
  setSession(me)
  const router = createConsoleRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(ConsoleLayout, { global: { plugins: [createConsoleI18n('zh-CN'), router] } })
  await flushPromises()
  return { wrapper, router }
}

const menu = (wrapper: Awaited<ReturnType<typeof mountLayout>>['wrapper']) =>
  wrapper.findAll('.el-menu-item').map((item) => item.text())

describe('ConsoleLayout', () => {
  beforeEach(() => {
    window.localStorage.clear()
    window.sessionStorage.clear()
    // sections load their data when they open; the layout tests only need them to answer
    vi.stubGlobal('fetch', fakeServer({ 'GET /api/tenant/platform/tenants': [] }).fetch)
  })
  afterEach(() => setSession(null))

  it('shows the product name, the tenant, the user and the sections a tenant admin may open, in Chinese', async () => {
    const { wrapper, router } = await mountLayout(ADMIN)

    expect(router.currentRoute.value.path).toBe('/supervisor')
    expect(wrapper.get('[data-test="product-name"]').text()).toBe('政务热线云呼叫中心')
    expect(wrapper.get('[data-test="tenant"]').text()).toContain('shushan')
    expect(wrapper.get('[data-test="user"]').text()).toContain('管理员')
    expect(wrapper.get('[data-test="user"]').text()).toContain('租户管理员')
    expect(menu(wrapper)).toEqual(['班长监控', '工单', '知识库', '报表', '质检', '排班', '培训考试', '公告', '短信', '租户管理', '系统状态'])
  })

  it('gives an agent the desktop, tickets, knowledge and its workforce pages, and the operator only operations and health', async () => {
    expect(menu((await mountLayout(AGENT)).wrapper)).toEqual(['坐席工作台', '工单', '知识库', '质检', '排班', '培训考试', '公告'])
    const operator = await mountLayout(OPERATOR)
    expect(menu(operator.wrapper)).toEqual(['平台运营', '系统状态'])
    expect(operator.router.currentRoute.value.path).toBe('/operator')
  })

  it('switches the whole layout to English from the header', async () => {
    const { wrapper } = await mountLayout(ADMIN, '/knowledge')

    await wrapper.get('[data-test="language-switch"] input[value="en"]').setValue(true)

    expect(wrapper.get('[data-test="product-name"]').text()).toBe('Government Hotline Cloud Contact Centre')
    expect(wrapper.get('[data-test="menu-tenantAdmin"]').text()).toBe('Tenant admin')
    expect(wrapper.get('h2').text()).toBe('Knowledge base')
    expect(document.documentElement.lang).toBe('en')
  })

  it('navigates to a section from the menu', async () => {
    const { wrapper, router } = await mountLayout(AGENT, '/agent')

    await wrapper.get('[data-test="menu-knowledge"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/knowledge')
    expect(wrapper.get('h2').text()).toBe('知识库')
  })

  it('signs out with the CSRF token and goes to the sign-in page', async () => {
    document.cookie = 'XSRF-TOKEN=token-123'
    const server = fakeServer({ 'POST /logout': { status: 204 } })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountLayout(AGENT, '/agent')

    await wrapper.get('[data-test="sign-out"]').trigger('click')
    await flushPromises()
    await flushPromises()

    expect(server.sent('POST', '/logout')).toHaveLength(1)
    expect(server.sent('POST', '/logout')[0]!.headers.get('X-XSRF-TOKEN')).toBe('token-123')
    expect(session.me).toBeNull()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
  })
})
