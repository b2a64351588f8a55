import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/views/agent/fakeWebSocket'
import { RealtimeSocket } from './agentSocket'
import { LiveView, localDate, monitor, queueFigures, seatFigures, todaysServiceLevel } from './supervisor'

const overview = {
  type: 'overview',
  at: '2026-11-24T02:00:00Z',
  agents: [
    { agent: 'a1', state: 'READY', since: '2026-11-24T01:59:00Z' },
    { agent: 'a2', state: 'TALKING', since: '2026-11-24T01:58:00Z', callId: 'c1' },
    { agent: 'a3', state: 'ON_HOLD', since: '2026-11-24T01:58:00Z', callId: 'c2' },
    { agent: 'a4', state: 'NOT_READY', since: '2026-11-24T01:50:00Z', reason: 'MEAL' },
    { agent: 'a5', state: 'AFTER_CALL_WORK', since: '2026-11-24T01:59:30Z' },
    { agent: 'a6', state: 'LOGGED_OUT', since: '2026-11-23T18:00:00Z' },
  ],
  queues: [
    { group: 'general', waiting: 3, oldestWaitingSince: '2026-11-24T01:59:15Z', ringing: 1, connected: 2 },
    { group: 'yibao', waiting: 0, oldestWaitingSince: null, ringing: 0, connected: 0, kept: 2 },
  ],
}

describe('supervisor figures', () => {
  afterEach(() => FakeWebSocket.reset())

  it('counts seats so that idle, busy and talking add up to online', () => {
    const seats = seatFigures(overview.agents as never)
    expect(seats).toEqual({ total: 6, online: 5, idle: 1, busy: 2, talking: 2, loggedOut: 1 })
    expect(seats.idle + seats.busy + seats.talking).toBe(seats.online)
  })

  it('measures the longest wait from the oldest waiting call, zero for an empty queue', () => {
    const figures = queueFigures(overview.queues, new Date('2026-11-24T02:00:00Z'))
    expect(figures).toEqual([
      { group: 'general', waiting: 3, ringing: 1, connected: 2, longestWaitSeconds: 45, kept: 0 },
      // kept callbacks are no callers on the line: the queue's longest wait stays 0
      { group: 'yibao', waiting: 0, ringing: 0, connected: 0, longestWaitSeconds: 0, kept: 2 },
    ])
  })

  it('keeps the last overview and applies agent changes pushed after it', () => {
    const socket = new RealtimeSocket('ws://x', { createSocket: (url) => new FakeWebSocket(url) })
    socket.connect()
    const fake = FakeWebSocket.latest()
    fake.open()
    const view = new LiveView(socket)
    let changes = 0
    view.onChange(() => changes++)

    fake.receive(overview)
    fake.receive({ type: 'agent', agent: 'a1', state: 'OFFERED', since: '2026-11-24T02:00:01Z' })
    fake.receive({ type: 'agent', agent: 'a7', state: 'READY', since: '2026-11-24T02:00:02Z' })

    expect(changes).toBe(3)
    expect(view.seats()).toMatchObject({ total: 7, idle: 1, busy: 3 })
    expect(view.waiting(new Date('2026-11-24T02:00:00Z'))).toEqual({ calls: 3, longestWaitSeconds: 45, kept: 2 })
  })

  it("reads today's service level from the day report", async () => {
    const fetchMock = vi.fn(async (_url: string) =>
      Response.json({ rows: [{ offered: 40, answered: 36, serviceLevel15: 0.8, serviceLevel20: 0.85 }] }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const today = new Date(2026, 10, 24, 9, 30)

    const level = await todaysServiceLevel('shushan', today)

    expect(localDate(today)).toBe('2026-11-24')
    expect(fetchMock.mock.calls[0]![0]).toBe(
      '/api/call/tenants/shushan/reports/calls?from=2026-11-24&to=2026-11-24&granularity=DAY&by=TOTAL',
    )
    expect(level).toEqual({ offered: 40, answered: 36, serviceLevel15: 0.8, serviceLevel20: 0.85 })
  })

  it('reports no service level on a day without calls', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ rows: [] })))
    await expect(todaysServiceLevel('shushan')).resolves.toEqual({
      offered: 0,
      answered: 0,
      serviceLevel15: null,
      serviceLevel20: null,
    })
  })

  it('sends a monitor command and surfaces NOT_SUPPORTED_YET', async () => {
    const socket = new RealtimeSocket('ws://x', { createSocket: (url) => new FakeWebSocket(url) })
    socket.connect()
    const fake = FakeWebSocket.latest()
    fake.open()
    const listening = monitor(socket, 'barge', 'a2', 'c1')
    expect(fake.last('barge')).toMatchObject({ agent: 'a2', callId: 'c1' })
    fake.reply('barge', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'not yet' })
    await expect(listening).rejects.toMatchObject({ code: 'NOT_SUPPORTED_YET' })
  })
})
