import { describe, expect, it, vi } from 'vitest'
import { ProblemError } from './http'
import { claimCallback, completeCallback, invalidCompletion, listCallbacks } from './callbacks'

describe('must-call-back list', () => {
  it('lists tasks by status', async () => {
    const fetchMock = vi.fn(async (_url: string) => Response.json({ status: 'OPEN', tasks: [{ id: 't1' }] }))
    vi.stubGlobal('fetch', fetchMock)
    await expect(listCallbacks('shushan')).resolves.toEqual([{ id: 't1' }])
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/call/tenants/shushan/callbacks?status=OPEN')
  })

  it('validates a completion before sending it', () => {
    expect(invalidCompletion('', '')).toBe('outcome')
    expect(invalidCompletion('MAYBE', '')).toBe('outcome')
    expect(invalidCompletion('REACHED', 'x'.repeat(501))).toBe('note')
    expect(invalidCompletion('BUSY', '')).toBeNull()
  })

  it('claims and completes, and a conflict comes back as the problem', async () => {
    const fetchMock = vi.fn(async (url: string, _init?: RequestInit) =>
      url.endsWith('/claim')
        ? new Response(
            JSON.stringify({ title: 'Conflict', status: 409, code: 'CONFLICT', detail: 'Callback task t1 is CLAIMED' }),
            { status: 409, headers: { 'content-type': 'application/problem+json' } },
          )
        : Response.json({ id: 't1', status: 'DONE' }),
    )
    vi.stubGlobal('fetch', fetchMock)

    const claim = await claimCallback('shushan', 't1').catch((e: unknown) => e)
    expect(claim).toBeInstanceOf(ProblemError)
    expect((claim as ProblemError).code).toBe('CONFLICT')

    await completeCallback('shushan', 't1', 'REACHED', ' 已答复 ')
    const [url, init] = fetchMock.mock.calls[1]!
    expect(url).toBe('/api/call/tenants/shushan/callbacks/t1/complete')
    expect(JSON.parse(String(init?.body))).toEqual({ outcome: 'REACHED', note: '已答复' })
  })
})
