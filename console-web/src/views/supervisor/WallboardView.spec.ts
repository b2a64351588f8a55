import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { createConsoleI18n } from '@/i18n'
import { createConsoleRouter } from '@/router'
import { FakeWebSocket } from '../agent/fakeWebSocket'
import { forgetMe } from '../agent/session'
import WallboardView from './WallboardView.vue'

const GaugeStub = defineComponent({
  props: { title: String, value: { type: Number, default: null }, large: Boolean },
  setup: (props) => () => h('div', { 'data-test': 'gauge' }, `${props.title}=${props.value}`),
})

function gateway() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) =>
      url === '/api/me'
        ? Response.json({ tenant: 'shushan', subject: 'sup1', roles: ['SUPERVISOR'], name: '王班长' })
        : Response.json({ rows: [{ offered: 50, answered: 45, serviceLevel15: 0.8, serviceLevel20: 0.9 }] }),
    ),
  )
  vi.stubGlobal('WebSocket', FakeWebSocket)
}

describe('WallboardView', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    forgetMe()
    gateway()
  })
  afterEach(() => vi.useRealTimers())

  it('shows the figures of an overview message in large type', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.setSystemTime(new Date('2026-11-24T02:00:00Z'))
    const wrapper = mount(WallboardView, {
      global: {
        plugins: [createConsoleI18n('zh-CN'), createConsoleRouter(createMemoryHistory())],
        stubs: { ServiceLevelGauge: GaugeStub },
      },
    })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    expect(socket.url).toMatch(/\/ws\/supervisor$/)
    socket.open()

    socket.receive({
      type: 'overview',
      at: '2026-11-24T02:00:00Z',
      agents: [
        { agent: 'a1', state: 'READY', since: '2026-11-24T01:59:00Z' },
        { agent: 'a2', state: 'TALKING', since: '2026-11-24T01:58:00Z', callId: 'c1' },
        { agent: 'a3', state: 'NOT_READY', since: '2026-11-24T01:50:00Z', reason: 'MEAL' },
        { agent: 'a4', state: 'LOGGED_OUT', since: '2026-11-23T18:00:00Z' },
      ],
      queues: [
        { group: 'general', waiting: 4, oldestWaitingSince: '2026-11-24T01:58:30Z', ringing: 0, connected: 1 },
        { group: 'yibao', waiting: 1, oldestWaitingSince: '2026-11-24T01:59:40Z', ringing: 0, connected: 0, kept: 3 },
      ],
    })
    await flushPromises()

    expect(wrapper.get('[data-test="wb-waiting"]').text()).toBe('5')
    expect(wrapper.get('[data-test="wb-longest"]').text()).toBe('01:30')
    expect(wrapper.get('[data-test="wb-kept"]').text()).toBe('3')
    expect(wrapper.get('[data-test="wb-online"]').text()).toBe('3')
    expect(wrapper.get('[data-test="wb-idle"]').text()).toBe('1')
    expect(wrapper.get('[data-test="wb-busy"]').text()).toBe('1')
    expect(wrapper.get('[data-test="wb-talking"]').text()).toBe('1')
    expect(wrapper.get('[data-test="wb-loggedOut"]').text()).toBe('1')
    const gauges = wrapper.findAll('[data-test="gauge"]').map((g) => g.text())
    expect(gauges).toEqual(['15 秒接通率=0.8', '20 秒接通率=0.9'])

    // an agent change pushed between overviews counts at once
    socket.receive({ type: 'agent', agent: 'a1', state: 'TALKING', since: '2026-11-24T02:00:01Z' })
    await flushPromises()
    expect(wrapper.get('[data-test="wb-talking"]').text()).toBe('2')
    expect(wrapper.get('[data-test="wb-idle"]').text()).toBe('0')

    // waits keep counting between overviews
    vi.advanceTimersByTime(10_000)
    await flushPromises()
    expect(wrapper.get('[data-test="wb-longest"]').text()).toBe('01:40')
    wrapper.unmount()
  })
})
