import { flushPromises, mount } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AgentChannel, type AgentStateMessage, RealtimeSocket } from '@/api/agentSocket'
import { createConsoleI18n } from '@/i18n'
import { FakeWebSocket } from './fakeWebSocket'
import StateBar from './StateBar.vue'

function setUp(state: AgentStateMessage | null) {
  const socket = new RealtimeSocket('ws://x/ws/agent', { createSocket: (url) => new FakeWebSocket(url) })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  const wrapper = mount(StateBar, {
    props: { channel: new AgentChannel(socket), state, connected: true },
    global: { plugins: [createConsoleI18n('zh-CN')] },
    attachTo: document.body,
  })
  return { wrapper, fake }
}

const at = (state: AgentStateMessage['state'], extra: Partial<AgentStateMessage> = {}): AgentStateMessage => ({
  type: 'state',
  agent: 'a1',
  state,
  since: new Date(Date.now() - 65_000).toISOString(),
  ...extra,
})

describe('StateBar', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    document.body.innerHTML = ''
  })
  afterEach(() => vi.useRealTimers())

  it('signs a logged-out agent in and reports the new state', async () => {
    const { wrapper, fake } = setUp(null)
    expect(wrapper.get('[data-test="agent-state"]').text()).toBe('未签入')
    expect(wrapper.find('[data-test="ready"]').exists()).toBe(false)

    await wrapper.get('[data-test="sign-in"]').trigger('click')
    fake.reply('signIn', at('NOT_READY'))
    await flushPromises()

    const emitted = wrapper.emitted('state')!
    expect(emitted[0]![0]).toMatchObject({ state: 'NOT_READY' })
    await wrapper.setProps({ state: emitted[0]![0] as AgentStateMessage })
    expect(wrapper.get('[data-test="agent-state"]').text()).toBe('示忙')
    expect(wrapper.get('[data-test="state-since"]').text()).toContain('01:0')
  })

  it('goes ready, and not ready only with a reason', async () => {
    const { wrapper, fake } = setUp(at('NOT_READY'))

    await wrapper.get('[data-test="not-ready"]').trigger('click')
    await flushPromises()
    expect(fake.sent.filter((m) => m.type === 'notReady')).toEqual([])
    expect(document.body.textContent).toContain('请先选择示忙原因')

    await wrapper.get('[data-test="ready"]').trigger('click')
    fake.reply('ready', at('READY'))
    await flushPromises()
    expect(wrapper.emitted('state')!.at(-1)![0]).toMatchObject({ state: 'READY' })

    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'MEAL')
    await flushPromises()
    await wrapper.get('[data-test="not-ready"]').trigger('click')
    expect(fake.last('notReady')).toMatchObject({ reason: 'MEAL' })
    fake.reply('notReady', at('NOT_READY', { reason: 'MEAL' }))
    await flushPromises()
    const meal = wrapper.emitted('state')!.at(-1)![0] as AgentStateMessage
    expect(meal).toMatchObject({ state: 'NOT_READY', reason: 'MEAL' })
    await wrapper.setProps({ state: meal })
    expect(wrapper.get('[data-test="agent-state"]').text()).toBe('示忙 · 用餐')
  })

  it('shows the server refusing a transition as a Chinese error', async () => {
    const { wrapper, fake } = setUp(at('NOT_READY'))
    await wrapper.get('[data-test="sign-out"]').trigger('click')
    fake.reply('signOut', { type: 'error', code: 'ILLEGAL_TRANSITION', message: 'agent a1 is TALKING' })
    await flushPromises()
    expect(document.querySelector('.el-message--error')!.textContent).toContain(
      '当前状态不允许此操作：agent a1 is TALKING [ILLEGAL_TRANSITION]',
    )
    expect(wrapper.emitted('state')).toBeUndefined()
  })

  it('counts the after-call work down and blocks commands during a call', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-24T02:00:00Z'))
    const { wrapper } = setUp(
      at('AFTER_CALL_WORK', { since: '2026-11-24T01:59:50Z', until: '2026-11-24T02:00:30Z', callId: 'c1' }),
    )
    expect(wrapper.get('[data-test="after-call-timer"]').text()).toContain('00:30')
    vi.advanceTimersByTime(10_000)
    await flushPromises()
    expect(wrapper.get('[data-test="after-call-timer"]').text()).toContain('00:20')

    await wrapper.setProps({ state: at('TALKING', { callId: 'c2' }) })
    expect(wrapper.find('[data-test="after-call-timer"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="sign-out"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test="ready"]').attributes('disabled')).toBeDefined()
  })
})
