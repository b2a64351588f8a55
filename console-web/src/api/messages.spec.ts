import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/views/agent/fakeWebSocket'
import { RealtimeSocket } from './agentSocket'
import { csrfHeaders, loadHistory, markReadOverHttp, MessageChannel, validateOutgoing } from './messages'

describe('internal messages', () => {
  afterEach(() => FakeWebSocket.reset())

  it('validates a message before it is sent', () => {
    expect(validateOutgoing({ kind: 'agent', value: '1001' }, '你好', false)).toBeNull()
    expect(validateOutgoing({ kind: 'agent', value: '1001' }, '   ', false)).toBe('text')
    expect(validateOutgoing({ kind: 'agent', value: '1001' }, '长'.repeat(1001), false)).toBe('tooLong')
    expect(validateOutgoing({ kind: 'agent', value: 'no spaces' }, 'hi', false)).toBe('agent')
    expect(validateOutgoing({ kind: 'all' }, 'hi', false)).toBe('forbidden')
    expect(validateOutgoing({ kind: 'group', value: 'yibao' }, 'hi', false)).toBe('forbidden')
    expect(validateOutgoing({ kind: 'group', value: 'Yi Bao' }, 'hi', true)).toBe('group')
    expect(validateOutgoing({ kind: 'all' }, 'hi', true)).toBeNull()
  })

  it('reads the CSRF token the gateway set', () => {
    expect(csrfHeaders('a=1; XSRF-TOKEN=abc%3D; b=2')).toEqual({ 'X-XSRF-TOKEN': 'abc=' })
    expect(csrfHeaders('a=1')).toEqual({})
  })

  it('loads history with its filters and marks read with the CSRF header', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) =>
      Response.json({ messages: [], unread: 0, ids: ['m1'] }),
    )
    vi.stubGlobal('fetch', fetchMock)
    document.cookie = 'XSRF-TOKEN=t0k'

    await loadHistory('shushan', { with: 'group:yibao', before: 'm9', limit: 20 })
    await markReadOverHttp('shushan', ['m1'])

    expect(fetchMock.mock.calls[0]![0]).toBe('/api/call/tenants/shushan/messages?with=group%3Ayibao&before=m9&limit=20')
    const [url, init] = fetchMock.mock.calls[1]!
    expect(url).toBe('/api/call/tenants/shushan/messages/read')
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('X-XSRF-TOKEN')).toBe('t0k')
    expect(JSON.parse(String(init?.body))).toEqual({ ids: ['m1'] })
  })

  it('sends over the socket and receives pushes and read marks', async () => {
    const socket = new RealtimeSocket('ws://x', { createSocket: (url) => new FakeWebSocket(url) })
    socket.connect()
    const fake = FakeWebSocket.latest()
    fake.open()
    const channel = new MessageChannel(socket)
    const received: string[] = []
    const reads: string[] = []
    channel.onMessage((message) => received.push(message.text))
    channel.onRead((reader, ids) => reads.push(`${reader}:${ids.join(',')}`))

    const sent = channel.send({ kind: 'agent', value: ' 1002 ' }, ' 请接 3 号线 ')
    expect(fake.last('message')).toMatchObject({ to: { kind: 'agent', value: '1002' }, text: '请接 3 号线' })
    fake.reply('message', {
      type: 'message',
      id: 'm1',
      from: '1001',
      to: { kind: 'agent', value: '1002' },
      text: '请接 3 号线',
      sentAt: '2026-11-24T02:00:00Z',
    })
    await expect(sent).resolves.toMatchObject({ id: 'm1', from: '1001' })

    fake.receive({ type: 'message', id: 'm2', from: 'sup', to: { kind: 'all' }, text: '开会', sentAt: 'x' })
    fake.receive({ type: 'messagesRead', reader: '1002', ids: ['m1'] })
    expect(received).toEqual(['开会'])
    expect(reads).toEqual(['1002:m1'])
  })
})
