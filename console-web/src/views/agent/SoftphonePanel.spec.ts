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

function setUp() {
  const socket = new RealtimeSocket('ws://x/ws/agent', { createSocket: (url) => new FakeWebSocket(url) })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  const phone = new Softphone(socket, null)
  const wrapper = mount(SoftphonePanel, {
    props: { phone, offer, webrtc: false },
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
    await wrapper.get('[data-test="complete-transfer"]').trigger('click')
    fake.reply('completeTransfer', { type: 'transferred', callId: offer.callId })
    await flushPromises()
    expect(fake.last('completeTransfer')).toMatchObject({ callId: offer.callId })
    expect(wrapper.get('[data-test="call-phase"]').text()).toBe('通话已结束')
    expect(wrapper.emitted('ended')).toHaveLength(1)

    await wrapper.setProps({ offer: { ...offer, callId: 'c-3', consultOf: 'call-x', from: '1009' } })
    expect(wrapper.get('[data-test="offer"]').text()).toContain('咨询来电：坐席 1009')
  })
})
