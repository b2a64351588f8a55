import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { RealtimeSocket } from '@/api/agentSocket'
import { MessageChannel } from '@/api/messages'
import { createConsoleI18n } from '@/i18n'
import { FakeWebSocket } from './fakeWebSocket'
import MessagesPanel from './MessagesPanel.vue'

function setUp(canBroadcast = false) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      Response.json({
        messages: [
          {
            id: '0190a1b2-0000-7000-8000-000000000002',
            from: 'sup',
            fromName: '王班长',
            to: { kind: 'all' },
            text: '18 点系统升级',
            sentAt: '2026-11-24T01:00:00Z',
            read: false,
          },
        ],
        unread: 1,
      }),
    ),
  )
  const socket = new RealtimeSocket('ws://x/ws/agent', { createSocket: (url) => new FakeWebSocket(url) })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  const wrapper = mount(MessagesPanel, {
    props: { tenant: 'shushan', me: '1001', channel: new MessageChannel(socket), canBroadcast },
    global: { plugins: [createConsoleI18n('zh-CN')] },
    attachTo: document.body,
  })
  return { wrapper, fake }
}

async function type(wrapper: ReturnType<typeof setUp>['wrapper'], test: string, value: string) {
  const field = wrapper.get(`[data-test="${test}"]`)
  const tag = field.element.tagName
  await (tag === 'INPUT' || tag === 'TEXTAREA' ? field : field.get('input, textarea')).setValue(value)
}

describe('MessagesPanel', () => {
  beforeEach(() => {
    FakeWebSocket.reset()
    document.body.innerHTML = ''
  })

  it('loads the history with the unread count and adds pushed messages', async () => {
    const { wrapper, fake } = setUp()
    await flushPromises()
    expect(wrapper.get('[data-test="message-list"]').text()).toContain('王班长 → 全体')
    expect(wrapper.get('[data-test="unread"]').text()).toContain('1')

    fake.receive({
      type: 'message',
      id: '0190a1b2-0000-7000-8000-000000000003',
      from: '1002',
      to: { kind: 'agent', value: '1001' },
      text: '3 号工单请看一下',
      sentAt: '2026-11-24T02:00:00Z',
    })
    await flushPromises()
    expect(wrapper.get('[data-test="message-list"]').text()).toContain('1002 → 我')
    expect(wrapper.get('[data-test="unread"]').text()).toContain('2')

    await wrapper.get('[data-test="mark-read"]').trigger('click')
    expect(fake.last('messagesRead').ids).toHaveLength(2)
    fake.reply('messagesRead', {
      type: 'messagesRead',
      reader: '1001',
      ids: ['0190a1b2-0000-7000-8000-000000000002', '0190a1b2-0000-7000-8000-000000000003'],
    })
    await flushPromises()
    expect(wrapper.get('[data-test="unread"]').text()).not.toContain('2')
  })

  it('validates before sending and shows the server refusal in Chinese', async () => {
    const { wrapper, fake } = setUp()
    await flushPromises()

    await wrapper.get('[data-test="message-send"]').trigger('click')
    expect(wrapper.get('[data-test="message-error"]').text()).toBe('请输入消息内容')
    await type(wrapper, 'message-text', '你好')
    await type(wrapper, 'message-to', 'not valid')
    await wrapper.get('[data-test="message-send"]').trigger('click')
    expect(wrapper.get('[data-test="message-error"]').text()).toBe('请填写正确的工号')
    expect(fake.sent.filter((m) => m.type === 'message')).toEqual([])

    await type(wrapper, 'message-to', '1002')
    await wrapper.get('[data-test="message-send"]').trigger('click')
    expect(fake.last('message')).toMatchObject({ to: { kind: 'agent', value: '1002' }, text: '你好' })
    fake.reply('message', { type: 'error', code: 'VALIDATION_FAILED', message: 'A message to yourself is not sent.' })
    await flushPromises()
    expect(wrapper.get('[data-test="message-error"]').text()).toBe(
      '输入有误：A message to yourself is not sent. [VALIDATION_FAILED]',
    )
  })
})
