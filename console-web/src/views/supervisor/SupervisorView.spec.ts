import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { createConsoleI18n } from '@/i18n'
import { createConsoleRouter } from '@/router'
import { FakeWebSocket } from '../agent/fakeWebSocket'
import { forgetMe } from '../agent/session'
import SupervisorView from './SupervisorView.vue'

const Stub = defineComponent({
  props: { seats: Object, title: String, value: { type: Number, default: null } },
  setup: (props) => () => h('div', { 'data-test': 'chart' }, JSON.stringify(props)),
})

describe('SupervisorView', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    forgetMe()
    document.body.innerHTML = ''
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url === '/api/me') return Response.json({ tenant: 'shushan', subject: 'sup1', roles: ['SUPERVISOR'] })
        if (url.includes('/messages')) return Response.json({ messages: [], unread: 0 })
        return Response.json({ rows: [] })
      }),
    )
    vi.stubGlobal('WebSocket', FakeWebSocket)
  })

  it('shows seats and queues, and a listen the server cannot do yet as NOT_SUPPORTED_YET', async () => {
    const wrapper = mount(SupervisorView, {
      global: {
        plugins: [createConsoleI18n('zh-CN'), createConsoleRouter(createMemoryHistory())],
        stubs: { SeatChart: Stub, ServiceLevelGauge: Stub },
      },
      attachTo: document.body,
    })
    await flushPromises()
    const socket = FakeWebSocket.latest()
    socket.open()
    socket.receive({
      type: 'overview',
      at: new Date().toISOString(),
      agents: [
        { agent: 'a1', state: 'TALKING', since: new Date().toISOString(), callId: 'c1' },
        { agent: 'a2', state: 'READY', since: new Date().toISOString() },
      ],
      queues: [{ group: 'general', waiting: 2, oldestWaitingSince: new Date().toISOString(), ringing: 0, connected: 1 }],
    })
    await flushPromises()

    expect(wrapper.get('[data-test="seats-total"]').text()).toContain('2')
    expect(wrapper.get('[data-test="seats-talking"]').text()).toContain('1')
    expect(wrapper.get('[data-test="queues"]').text()).toContain('general')
    expect(wrapper.get('[data-test="offered"]').text()).toBe('今日暂无呼入')
    expect(wrapper.get('[data-test="listen-a2"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-test="listen-a1"]').trigger('click')
    expect(socket.last('listen')).toMatchObject({ agent: 'a1', callId: 'c1' })
    socket.reply('listen', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'Listen is not supported yet.' })
    await flushPromises()
    expect(wrapper.get('[data-test="not-supported"]').text()).toContain(
      '暂不支持：Listen is not supported yet. [NOT_SUPPORTED_YET]',
    )
    wrapper.unmount()
  })
})
