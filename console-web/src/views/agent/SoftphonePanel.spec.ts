import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { type OfferMessage, RealtimeSocket } from '@/api/agentSocket'
import { Softphone } from '@/api/softphone'
import { createConsoleI18n } from '@/i18n'
import { FakeWebSocket } from './fakeWebSocket'
import SoftphonePanel from './SoftphonePanel.vue'

const offer: OfferMessage = {
  type: 'offer',
  callId: '0190a1b2-0000-7000-8000-000000000001',
  group: 'general',
  offeredAt: '2026-11-24T02:00:00Z',
}

function parties(callerHeld: boolean) {
  return [
    { role: 'caller', onHold: callerHeld },
    { role: 'agent', agentId: '1001', onHold: false },
    { role: 'consulted', agentId: '1002', onHold: false },
  ]
}

async function typeTarget(wrapper: ReturnType<typeof setUp>['wrapper'], value: string) {
  const field = wrapper.get('[data-test="target-value"]')
  await (field.element.tagName === 'INPUT' ? field : field.get('input')).setValue(value)
}

function setUp(offered: OfferMessage = offer) {
  const socket = new RealtimeSocket('ws://x/ws/agent', { createSocket: (url) => new FakeWebSocket(url) })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  const phone = new Softphone(socket, null)
  const wrapper = mount(SoftphonePanel, {
    props: { phone, offer: offered, webrtc: false },
    global: { plugins: [createConsoleI18n('zh-CN')] },
    attachTo: document.body,
  })
  return { wrapper, fake }
}

async function answer(wrapper: ReturnType<typeof setUp>['wrapper'], fake: FakeWebSocket) {
  await wrapper.get('[data-test="answer"]').trigger('click')
  fake.reply('answer', { type: 'state', state: 'TALKING', callId: offer.callId })
  await flushPromises()
}

describe('SoftphonePanel', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    document.body.innerHTML = ''
  })

  it('answers the offered call and shows the server answer', async () => {
    const { wrapper, fake } = setUp()
    expect(wrapper.get('[data-test="offer"]').text()).toContain('来电：general')
    expect(wrapper.get('[data-test="hang-up"]').attributes('disabled')).toBeDefined()

    await answer(wrapper, fake)

    expect(fake.last('answer')).toMatchObject({ callId: offer.callId })
    expect(wrapper.emitted('answered')![0]).toEqual([offer.callId])
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')
    expect(wrapper.get('[data-test="last-answer"]').text()).toContain('接听 → state')
    expect(wrapper.get('[data-test="hang-up"]').attributes('disabled')).toBeUndefined()
  })

  it('shows NOT_SUPPORTED_YET clearly and keeps the call', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)

    await wrapper.get('[data-test="hold"]').trigger('click')
    fake.reply('hold', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'hold is not supported yet' })
    await flushPromises()

    expect(wrapper.get('[data-test="not-supported"]').text()).toContain('暂不支持：hold is not supported yet [NOT_SUPPORTED_YET]')
    expect(document.querySelector('.el-message--warning')).not.toBeNull()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')
  })

  it('sends keypad digits and refuses a transfer target that is not a number', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)

    await wrapper.get('[data-test="key-5"]').trigger('click')
    expect(fake.last('dtmf')).toMatchObject({ digits: '5', callId: offer.callId })
    fake.reply('dtmf', { type: 'ok' })
    await flushPromises()

    const before = fake.sent.length
    const field = wrapper.get('[data-test="target-value"]')
    await (field.element.tagName === 'INPUT' ? field : field.get('input')).setValue('not an agent')
    await wrapper.get('[data-test="transfer"]').trigger('click')
    await flushPromises()
    expect(fake.sent.length).toBe(before)
    expect(wrapper.get('[data-test="last-answer"]').text()).toBe('请填写正确的工号')
  })

  it('ends the call when the caller hangs up', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)
    fake.receive({ type: 'callEnded', callId: offer.callId, by: 'caller', reason: 'BYE' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.emitted('ended')).toHaveLength(1)
  })

  it('offers complete, cancel and three-way while consulting, and shows who consults on a consultation offer', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)
    expect(wrapper.find('[data-test="consult-actions"]').exists()).toBe(false)

    const field = wrapper.get('[data-test="target-value"]')
    await (field.element.tagName === 'INPUT' ? field : field.get('input')).setValue('1002')
    await wrapper.get('[data-test="consult"]').trigger('click')
    fake.reply('consult', { type: 'consulting', callId: offer.callId, consultId: 'c-1' })
    await flushPromises()
    expect(fake.last('consult')).toMatchObject({ to: { kind: 'agent', value: '1002' } })
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('咨询中')

    await wrapper.get('[data-test="cancel-consult"]').trigger('click')
    fake.reply('cancelConsult', { type: 'state', state: 'TALKING' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')

    await wrapper.get('[data-test="consult"]').trigger('click')
    fake.reply('consult', { type: 'consulting', callId: offer.callId, consultId: 'c-2' })
    await flushPromises()
    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-2', parties: parties(true) })
    await flushPromises()
    await wrapper.get('[data-test="complete-transfer"]').trigger('click')
    fake.reply('completeTransfer', { type: 'transferred', callId: offer.callId })
    await flushPromises()
    expect(fake.last('completeTransfer')).toMatchObject({ callId: offer.callId })
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.emitted('ended')).toHaveLength(1)

    await wrapper.setProps({ offer: { ...offer, callId: 'c-3', consultOf: 'call-x', from: '1009' } })
    expect(wrapper.get('[data-test="offer"]').text()).toContain('咨询来电：坐席 1009')
  })

  it('shows whom it consults, ringing then answered, and offers three-way only once the consulted agent answered', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)
    await typeTarget(wrapper, '1002')
    await wrapper.get('[data-test="consult"]').trigger('click')
    fake.reply('consult', { type: 'consulting', callId: offer.callId, consultId: 'c-5' })
    await flushPromises()

    expect(wrapper.get('[data-test="consult-target"]').text()).toContain('咨询对象：坐席 1002')
    expect(wrapper.get('[data-test="consult-status"]').text()).toBe('振铃中')
    expect(wrapper.get('[data-test="conference"]').attributes('disabled')).toBeDefined()
    // the server refuses completing before the consulted agent answered (CONFLICT): the desk leaves that to it
    expect(wrapper.get('[data-test="complete-transfer"]').attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-test="cancel-consult"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-test="conference"]').trigger('click')
    await flushPromises()
    expect(() => fake.last('conference')).toThrow()

    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-5', parties: parties(true) })
    await flushPromises()
    expect(wrapper.get('[data-test="consult-status"]').text()).toBe('已接通')
    expect(wrapper.get('[data-test="party-caller"]').text()).toBe('来电方（保持中）')
    expect(wrapper.get('[data-test="party-agent"]').text()).toBe('坐席 1001')
    expect(wrapper.get('[data-test="party-consulted"]').text()).toBe('被咨询坐席 1002')

    await wrapper.get('[data-test="conference"]').trigger('click')
    expect(fake.last('conference')).toMatchObject({ callId: offer.callId })
    fake.reply('conference', { type: 'conferenced', callId: offer.callId, consultId: 'c-5' })
    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-5', parties: parties(false) })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('三方通话中')
    expect(wrapper.get('[data-test="conference-hint"]').text()).toContain('互相可以听到')
    expect(wrapper.find('[data-test="conference"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="party-caller"]').text()).toBe('来电方')
    expect(wrapper.get('[data-test="cancel-consult"]').text()).toBe('释放被咨询方')
    expect(wrapper.get('[data-test="last-answer"]').text()).toContain('三方通话 → conferenced')

    await wrapper.get('[data-test="complete-transfer"]').trigger('click')
    expect(fake.last('completeTransfer')).toMatchObject({ callId: offer.callId })
    fake.reply('completeTransfer', { type: 'state', state: 'AFTER_CALL_WORK' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.find('[data-test="parties"]').exists()).toBe(false)
  })

  it('says so when the consulted agent leaves the three-way call, and the caller is back', async () => {
    const { wrapper, fake } = setUp()
    await answer(wrapper, fake)
    await typeTarget(wrapper, '1002')
    await wrapper.get('[data-test="consult"]').trigger('click')
    fake.reply('consult', { type: 'consulting', callId: offer.callId, consultId: 'c-6' })
    await flushPromises()
    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-6', parties: parties(true) })
    await flushPromises()
    await wrapper.get('[data-test="conference"]').trigger('click')
    fake.reply('conference', { type: 'conferenced', callId: offer.callId, consultId: 'c-6' })
    await flushPromises()

    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-6', parties: parties(false).slice(0, 2) })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')
    expect(wrapper.get('[data-test="call-event"]').text()).toBe('被咨询方已离开，来电方已恢复')
    expect(wrapper.find('[data-test="consult-actions"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="party-consulted"]').exists()).toBe(false)
  })

  it("on the consulted agent's desk: answers the consultation, shows it is A's, and leaves it", async () => {
    const consultation: OfferMessage = { ...offer, callId: 'c-5', consultOf: offer.callId, from: '1001' }
    const { wrapper, fake } = setUp(consultation)
    expect(wrapper.get('[data-test="offer"]').text()).toContain('咨询来电：坐席 1001')
    await wrapper.get('[data-test="answer"]').trigger('click')
    expect(fake.last('answer')).toMatchObject({ callId: 'c-5' })
    fake.reply('answer', { type: 'state', state: 'TALKING', callId: 'c-5' })
    fake.receive({ type: 'parties', callId: offer.callId, consultId: 'c-5', parties: parties(true) })
    await flushPromises()

    expect(wrapper.get('[data-test="consulted-by"]').text()).toContain('坐席 1001 的咨询')
    expect(wrapper.get('[data-test="party-caller"]').text()).toBe('来电方（保持中）')
    expect(wrapper.get('[data-test="hang-up"]').text()).toBe('离开')
    // the caller is not this agent's yet: no keys to it, no transfer or consultation of it
    expect(wrapper.get('[data-test="key-5"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test="transfer"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test="consult"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-test="hang-up"]').trigger('click')
    expect(fake.last('hangUp')).toMatchObject({ callId: 'c-5' })
    fake.reply('hangUp', { type: 'state', state: 'READY' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.get('[data-test="call-event"]').text()).toBe('已离开咨询')
    expect(wrapper.find('[data-test="consulted-by"]').exists()).toBe(false)
  })

  it('shows a kept-place callback offer as 排队回拨 with the number, 回拨中… until the caller picks up, then talking', async () => {
    const callbackOffer: OfferMessage = { ...offer, callId: 'call-q1', caller: '13800138000', callback: true }
    const { wrapper, fake } = setUp(callbackOffer)
    expect(wrapper.get('[data-test="callback-offer"]').text()).toContain('排队回拨：13800138000')
    expect(wrapper.get('[data-test="callback-offer"]').text()).toContain('保留排队位置')
    expect(wrapper.get('[data-test="answer"]').text()).toBe('接听并回拨')

    await wrapper.get('[data-test="answer"]').trigger('click')
    expect(fake.last('answer')).toMatchObject({ callId: 'call-q1' })
    fake.reply('answer', { type: 'answered', callId: 'call-q1', callback: true })
    await flushPromises()
    expect(wrapper.emitted('answered')![0]).toEqual(['call-q1'])
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('回拨中…')
    expect(wrapper.get('[data-test="party"]').text()).toContain('13800138000')
    expect(wrapper.get('[data-test="hang-up"]').attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-test="key-5"]').attributes('disabled')).toBeDefined()

    fake.receive({ type: 'state', state: 'TALKING', callId: 'call-q1' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('回拨中…')

    fake.receive({ type: 'state', state: 'TALKING', callId: 'call-q1', direction: 'OUTBOUND' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话中')
    expect(wrapper.get('[data-test="call-event"]').text()).toBe('来电人已接听回拨')
    expect(wrapper.get('[data-test="key-5"]').attributes('disabled')).toBeUndefined()
  })

  it('shows how a callback ended when the caller does not pick up', async () => {
    const { wrapper, fake } = setUp({ ...offer, callId: 'call-q2', caller: '13900139000', callback: true })
    await wrapper.get('[data-test="answer"]').trigger('click')
    fake.reply('answer', { type: 'answered', callId: 'call-q2', callback: true })
    await flushPromises()
    expect(wrapper.find('[data-test="call-outcome"]').exists()).toBe(false)

    fake.receive({ type: 'callEnded', callId: 'call-q2', by: 'far_end', reason: 'no answer', outcome: 'NO_ANSWER', direction: 'OUTBOUND' })
    await flushPromises()
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.get('[data-test="call-outcome"]').text()).toBe('呼叫结果：对方未接听')
    expect(wrapper.emitted('ended')).toHaveLength(1)
  })

  it('shows an ordinary offer without the callback wording', () => {
    const { wrapper } = setUp()
    expect(wrapper.find('[data-test="callback-offer"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="answer"]').text()).toBe('接听')
  })
})
