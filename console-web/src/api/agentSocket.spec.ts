import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/views/agent/fakeWebSocket'
import { AgentChannel, callbackNumber, type OfferMessage, RealtimeSocket, SocketProblem, socketUrl } from './agentSocket'

function openSocket(options: { timeoutMs?: number } = {}) {
  const socket = new RealtimeSocket('ws://console/ws/agent', {
    ...options,
    createSocket: (url) => new FakeWebSocket(url),
  })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  return { socket, fake }
}

describe('RealtimeSocket', () => {
  beforeEach(() => FakeWebSocket.reset())
  afterEach(() => vi.useRealTimers())

  it('builds the socket address from the page origin', () => {
    expect(socketUrl('/ws/agent', { protocol: 'https:', host: 'hotline.gov.cn' })).toBe('wss://hotline.gov.cn/ws/agent')
    expect(socketUrl('/ws/agent', { protocol: 'http:', host: '127.0.0.1:18080' })).toBe('ws://127.0.0.1:18080/ws/agent')
  })

  it('resolves a request with the reply that echoes its requestId, not with pushes in between', async () => {
    const { socket, fake } = openSocket()
    const pushes: unknown[] = []
    socket.on('state', (message) => pushes.push(message))

    const reply = socket.request({ type: 'ready' })
    const sent = fake.last('ready')
    expect(sent.requestId).toEqual(expect.any(String))
    fake.receive({ type: 'state', state: 'NOT_READY', reason: 'RING_NO_ANSWER' })
    fake.receive({ type: 'state', state: 'READY', requestId: sent.requestId })

    await expect(reply).resolves.toMatchObject({ state: 'READY' })
    expect(pushes).toEqual([{ type: 'state', state: 'NOT_READY', reason: 'RING_NO_ANSWER' }])
  })

  it('rejects a request answered with an error with the problem code and message', async () => {
    const { socket, fake } = openSocket()
    const reply = socket.request({ type: 'hold', callId: 'c1' })
    fake.reply('hold', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'hold is not supported yet' })

    const error = await reply.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SocketProblem)
    expect(error).toMatchObject({ code: 'NOT_SUPPORTED_YET', message: 'hold is not supported yet' })
  })

  it('refuses to send while not connected, and fails waiting requests when the connection drops', async () => {
    const socket = new RealtimeSocket('ws://x', { createSocket: (url) => new FakeWebSocket(url), reconnect: false })
    await expect(socket.request({ type: 'ready' })).rejects.toMatchObject({ code: 'DISCONNECTED' })

    socket.connect()
    const fake = FakeWebSocket.latest()
    fake.open()
    const waiting = socket.request({ type: 'ready' })
    fake.drop()
    await expect(waiting).rejects.toMatchObject({ code: 'DISCONNECTED' })
    expect(socket.status).toBe('closed')
  })

  it('times out a request the server never answers', async () => {
    vi.useFakeTimers()
    const { socket } = openSocket({ timeoutMs: 500 })
    const reply = socket.request({ type: 'ready' })
    vi.advanceTimersByTime(501)
    await expect(reply).rejects.toMatchObject({ code: 'TIMEOUT' })
  })

  it('reconnects after a drop until closed', () => {
    vi.useFakeTimers()
    const { socket, fake } = openSocket()
    const statuses: string[] = []
    socket.onStatus((status) => statuses.push(status))
    fake.drop()
    expect(FakeWebSocket.instances).toHaveLength(1)
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.instances).toHaveLength(2)
    FakeWebSocket.latest().open()
    expect(statuses).toEqual(['closed', 'connecting', 'open'])

    socket.close()
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })
})

describe('AgentChannel', () => {
  beforeEach(() => FakeWebSocket.reset())

  it('sends the agreed commands and hands offers to their listener', async () => {
    const { socket, fake } = openSocket()
    const agent = new AgentChannel(socket)
    const offers: string[] = []
    agent.onOffer((offer) => offers.push(offer.callId))

    const signedIn = agent.signIn()
    fake.reply('signIn', { type: 'state', state: 'NOT_READY', agent: 'a1', since: '2026-01-01T00:00:00Z' })
    await expect(signedIn).resolves.toMatchObject({ state: 'NOT_READY' })

    const notReady = agent.notReady('MEAL')
    expect(fake.last('notReady')).toMatchObject({ reason: 'MEAL' })
    fake.reply('notReady', { type: 'state', state: 'NOT_READY', reason: 'MEAL' })
    await notReady

    fake.receive({ type: 'offer', callId: 'call-1', group: 'general', offeredAt: '2026-01-01T00:00:00Z' })
    expect(offers).toEqual(['call-1'])
  })

  it('refuses a not-ready without a reason before sending anything', async () => {
    const { socket, fake } = openSocket()
    await expect(new AgentChannel(socket).notReady('  ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(fake.sent).toEqual([])
  })
})

describe('callbackNumber', () => {
  const offer: OfferMessage = { type: 'offer', callId: 'c-1', group: 'general', offeredAt: 'x', caller: '13800138000' }

  it('names the number a kept-place callback offer dials, and nothing for an ordinary offer', () => {
    expect(callbackNumber(offer)).toBeNull()
    expect(callbackNumber(null)).toBeNull()
    expect(callbackNumber({ ...offer, callback: false })).toBeNull()
    expect(callbackNumber({ ...offer, callback: true })).toBe('13800138000')
    expect(callbackNumber({ ...offer, callback: { number: '13900139000' } })).toBe('13900139000')
    expect(callbackNumber({ ...offer, caller: undefined, callback: true })).toBe('')
  })
})
