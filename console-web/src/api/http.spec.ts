import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatProblem, getJson, NetworkError, parseProblem, ProblemError, request } from './http'

function problemResponse(body: unknown, status = 409, contentType = 'application/problem+json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } })
}

describe('parseProblem', () => {
  it('reads every RFC 9457 member and the platform code from a problem+json response', async () => {
    const response = problemResponse(
      {
        type: 'https://hotline.example.cn/problems/queue-full',
        title: 'Queue is full',
        status: 409,
        detail: 'Queue 12345-general holds 200 callers, its limit.',
        instance: '/api/call/queues/12345-general/calls',
        code: 'QUEUE_FULL',
        queue: '12345-general',
      },
      409,
      'application/problem+json; charset=utf-8',
    )

    const problem = await parseProblem(response)

    expect(problem).toEqual({
      type: 'https://hotline.example.cn/problems/queue-full',
      title: 'Queue is full',
      status: 409,
      detail: 'Queue 12345-general holds 200 callers, its limit.',
      instance: '/api/call/queues/12345-general/calls',
      code: 'QUEUE_FULL',
      extensions: { queue: '12345-general' },
    })
  })

  it('defaults type to about:blank and status to the response status when the body omits them', async () => {
    const problem = await parseProblem(problemResponse({ title: '配额不足', code: 'TENANT_QUOTA_EXCEEDED' }, 429))

    expect(problem.type).toBe('about:blank')
    expect(problem.status).toBe(429)
    expect(problem.title).toBe('配额不足')
    expect(problem.code).toBe('TENANT_QUOTA_EXCEEDED')
    expect(problem.detail).toBeUndefined()
  })

  it('ignores members of the wrong JSON type instead of trusting them', async () => {
    const problem = await parseProblem(problemResponse({ title: 42, status: '500', code: ['X'] }, 502))

    expect(problem.title).toBe('Bad Gateway')
    expect(problem.status).toBe(502)
    expect(problem.code).toBeUndefined()
  })

  it('builds a problem from the status when the body is not a problem detail, as over HTTP/2 without a reason phrase', async () => {
    const response = new Response('<html>502 Bad Gateway</html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    })

    const problem = await parseProblem(response)

    expect(problem).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, extensions: {} })
  })

  it('falls back to the status line, then the bare status, for an uncommon status', async () => {
    const named = new Response(null, { status: 599, statusText: 'Network Connect Timeout' })
    const bare = new Response(null, { status: 599 })

    expect((await parseProblem(named)).title).toBe('Network Connect Timeout')
    expect((await parseProblem(bare)).title).toBe('HTTP 599')
  })

  it('survives a problem+json response whose body is not JSON', async () => {
    const response = new Response('{broken', {
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
    })

    const problem = await parseProblem(response)

    expect(problem.title).toBe('Internal Server Error')
    expect(problem.status).toBe(500)
  })
})

describe('request', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('throws a ProblemError carrying the parsed problem for an error status', async () => {
    const fetchMock = vi.fn(async () =>
      problemResponse({ title: 'Forbidden', detail: 'Tenant shushan is not yours.', code: 'TENANT_MISMATCH' }, 403),
    )
    vi.stubGlobal('fetch', fetchMock)

    const error = await request('/api/ticket/tickets').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ProblemError)
    const problemError = error as ProblemError
    expect(problemError.status).toBe(403)
    expect(problemError.code).toBe('TENANT_MISMATCH')
    expect(problemError.message).toBe('Forbidden: Tenant shushan is not yours.')
  })

  it('asks for JSON and problem details unless the caller chose an Accept header', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => Response.json({ ok: true }))
    vi.stubGlobal('fetch', fetchMock)

    await getJson('/api/tenant/tenants')

    const headers = new Headers(fetchMock.mock.calls[0]![1]!.headers)
    expect(headers.get('accept')).toBe('application/json, application/problem+json')
  })

  it('returns an accepted error status to the caller, but still throws for a problem detail', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ status: 'DOWN' }, { status: 503 })),
    )
    const accepted = await request('/actuator/health', { acceptStatus: [503] })
    expect(accepted.status).toBe(503)

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problemResponse({ title: 'Service Unavailable', code: 'CIRCUIT_OPEN' }, 503)),
    )
    await expect(request('/api/call/actuator/health', { acceptStatus: [503] })).rejects.toMatchObject({
      name: 'ProblemError',
      code: 'CIRCUIT_OPEN',
    })
  })

  it('turns a failed fetch into a NetworkError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )

    const error = await request('/actuator/health').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).timedOut).toBe(false)
    expect((error as NetworkError).message).toBe('Failed to fetch')
  })

  it('aborts a call that outlives its timeout', async () => {
    vi.useFakeTimers()
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_url: string, init?: RequestInit) =>
          new Promise<Response>((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
          }),
      ),
    )

    const pending = request('/api/call/actuator/health', { timeoutMs: 1000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    const error = await pending

    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).timedOut).toBe(true)
  })
})

describe('formatProblem', () => {
  it('joins title, detail and code for a person to read', () => {
    expect(
      formatProblem({ type: 'about:blank', title: '坐席未就绪', status: 409, detail: '请先签入。', code: 'AGENT_NOT_READY', extensions: {} }),
    ).toBe('坐席未就绪: 请先签入。 [AGENT_NOT_READY]')
    expect(formatProblem({ type: 'about:blank', title: 'Not Found', status: 404, extensions: {} })).toBe('Not Found')
  })
})
