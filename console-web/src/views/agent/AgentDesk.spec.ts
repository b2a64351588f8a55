import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsoleI18n } from '@/i18n'
import AgentDesk from './AgentDesk.vue'
import TicketForm from './TicketForm.vue'
import { FakeWebSocket } from './fakeWebSocket'
import { forgetMe } from './session'

function gateway(me: Response | (() => Response)) {
  const fetchMock = vi.fn(async (url: string) => {
    if (url === '/api/me') return typeof me === 'function' ? me() : me
    if (url.includes('/screen-pop')) return Response.json({ total: 0, tickets: [], calls: [], duplicate: null })
    if (url.includes('/messages')) return Response.json({ messages: [], unread: 0 })
    if (url.includes('/callbacks')) return Response.json({ tasks: [] })
    return Response.json([])
  })
  vi.stubGlobal('fetch', fetchMock)
  vi.stubGlobal('WebSocket', FakeWebSocket)
  return fetchMock
}

describe('AgentDesk', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    sessionStorage.clear()
    forgetMe()
    document.body.innerHTML = ''
  })

  it('connects the agent socket, follows pushed state and pops the caller on an offer', async () => {
    const fetchMock = gateway(Response.json({ tenant: 'shushan', subject: '1001', roles: ['AGENT'], name: '张三' }))
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()

    const socket = FakeWebSocket.latest()
    expect(socket.url).toMatch(/\/ws\/agent$/)
    expect(wrapper.get('[data-test="connection"]').text()).toBe('正在连接…')
    socket.open()
    await flushPromises()
    expect(wrapper.get('[data-test="connection"]').text()).toBe('已连接')

    socket.receive({ type: 'state', agent: '1001', state: 'READY', since: new Date().toISOString() })
    socket.receive({
      type: 'offer',
      callId: '0190a1b2-0000-7000-8000-000000000001',
      group: 'general',
      offeredAt: new Date().toISOString(),
      caller: '13800138000',
    })
    await flushPromises()

    expect(wrapper.get('[data-test="agent-state"]').text()).toBe('空闲')
    expect(wrapper.get('[data-test="offer"]').text()).toContain('来电：general')
    expect(fetchMock.mock.calls.map((call) => call[0])).toContain(
      '/api/ticket/tenants/shushan/screen-pop?number=13800138000',
    )
    expect(wrapper.text()).toContain('内部消息')
    wrapper.unmount()
    expect(socket.readyState).toBe(3)
  })

  it('shows why the desk cannot start when the session is gone', async () => {
    gateway(
      () =>
        new Response(JSON.stringify({ title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' }), {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        }),
    )
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] } })
    await flushPromises()
    expect(wrapper.get('[data-test="desk-error"]').text()).toContain('登录已失效，请重新登录')
    expect(FakeWebSocket.instances).toHaveLength(0)
  })

  it('asks for the state when the socket opens and rejoins the call the agent is still on', async () => {
    gateway(Response.json({ tenant: 'shushan', subject: '1001', roles: ['AGENT'], name: '张三' }))
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    await flushPromises()
    socket.reply('getState', {
      type: 'state',
      agent: '1001',
      state: 'ON_HOLD',
      since: new Date().toISOString(),
      callId: 'call-9',
      call: { callId: 'call-9', caller: '138****5678', since: new Date().toISOString(), onHold: true },
    })
    await flushPromises()
    expect(socket.last('rejoin')).toMatchObject({ callId: 'call-9' })
    socket.reply('rejoin', { type: 'rejoined', callId: 'call-9' })
    await flushPromises()
    expect(wrapper.get('[data-test="agent-state"]').text()).toBe('保持')
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('已保持')
    expect(wrapper.get('[data-test="party"]').text()).toContain('138****5678')
    wrapper.unmount()
  })

  it('says nothing when the page is left before getState is answered', async () => {
    gateway(Response.json({ tenant: 'shushan', subject: '1001', roles: ['AGENT'], name: '张三' }))
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    await flushPromises()
    expect(socket.last('getState')).toBeTruthy()
    wrapper.unmount()
    await flushPromises()
    expect(document.querySelector('.el-message--error')).toBeNull()
  })

  it("after a reload mid-call pops the caller's history with the full number this tab was offered", async () => {
    const fetchMock = gateway(Response.json({ tenant: 'shushan', subject: '1001', roles: ['AGENT'], name: '张三' }))
    const first = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const before = FakeWebSocket.latest()
    before.open()
    await flushPromises()
    before.reply('getState', { type: 'state', agent: '1001', state: 'READY', since: new Date().toISOString() })
    await flushPromises()
    before.receive({
      type: 'offer',
      callId: 'call-9',
      group: 'general',
      offeredAt: new Date().toISOString(),
      caller: '13812345678',
    })
    await flushPromises()
    first.unmount() // the page reloads: a new desk in the same tab

    fetchMock.mockClear()
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    await flushPromises()
    socket.reply('getState', {
      type: 'state',
      agent: '1001',
      state: 'TALKING',
      since: new Date().toISOString(),
      callId: 'call-9',
      call: { callId: 'call-9', caller: '138****5678', since: new Date().toISOString(), onHold: false },
    })
    await flushPromises()
    socket.reply('rejoin', { type: 'rejoined', callId: 'call-9' })
    await flushPromises()

    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')
    expect(wrapper.get('[data-test="party"]').text()).toContain('138****5678')
    expect(wrapper.get('[data-test="screen-pop-number"]').text()).toContain('13812345678')
    expect(fetchMock.mock.calls.map((call) => call[0])).toContain(
      '/api/ticket/tenants/shushan/screen-pop?number=13812345678',
    )
    wrapper.unmount()
  })

  it('after a reload shows the masked caller without a lookup when this tab never had the number', async () => {
    const fetchMock = gateway(Response.json({ tenant: 'shushan', subject: '1001', roles: ['AGENT'], name: '张三' }))
    sessionStorage.setItem('agentDesk.caller', JSON.stringify({ callId: 'another-call', caller: '13900000000' }))
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    await flushPromises()
    socket.reply('getState', {
      type: 'state',
      agent: '1001',
      state: 'TALKING',
      since: new Date().toISOString(),
      callId: 'call-9',
      call: { callId: 'call-9', caller: '138****5678', since: new Date().toISOString(), onHold: false },
    })
    await flushPromises()
    expect(wrapper.get('[data-test="screen-pop-number"]').text()).toContain('138****5678')
    expect(wrapper.get('[data-test="masked"]').text()).toContain('号码已隐藏')
    expect(fetchMock.mock.calls.map((call) => String(call[0])).filter((url) => url.includes('screen-pop'))).toEqual([])
    wrapper.unmount()
  })

  it("links the ticket form to the caller's call when the agent answers a consultation", async () => {
    gateway(Response.json({ tenant: 'shushan', subject: '1002', roles: ['AGENT'], name: '李四' }))
    const wrapper = mount(AgentDesk, { global: { plugins: [createConsoleI18n('zh-CN')] }, attachTo: document.body })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    await flushPromises()
    socket.reply('getState', { type: 'state', agent: '1002', state: 'READY', since: new Date().toISOString() })
    await flushPromises()
    socket.receive({
      type: 'offer',
      callId: 'consult-1',
      group: 'general',
      offeredAt: new Date().toISOString(),
      consultOf: 'call-9',
      from: '1001',
    })
    await flushPromises()
    await wrapper.get('[data-test="answer"]').trigger('click')
    expect(socket.last('answer')).toMatchObject({ callId: 'consult-1' })
    socket.reply('answer', { type: 'state', agent: '1002', state: 'TALKING', since: 'x', callId: 'consult-1' })
    await flushPromises()
    expect(wrapper.get('[data-test="consulted-by"]').text()).toContain('坐席 1001 的咨询')
    expect(wrapper.getComponent(TicketForm).props('callId')).toBe('call-9')
    wrapper.unmount()
  })
})
