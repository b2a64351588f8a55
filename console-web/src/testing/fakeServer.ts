/**
 * A stand-in for the gateway in component tests: answers `fetch` from a table of `METHOD /path` handlers and records
 * every request, so a test can say what was sent — and, as often, that nothing was.
 */
export interface RecordedCall {
  method: string
  /** Path and query, as the console asked for it. */
  url: string
  path: string
  query: URLSearchParams
  headers: Headers
  /** Parsed JSON, the FormData itself, or undefined. */
  body: unknown
}

export type Answer = Response | { status?: number; json?: unknown; problem?: Record<string, unknown> }
export type Handler = (call: RecordedCall) => Answer | Promise<Answer>

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

export function problem(status: number, members: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, title: 'Problem', ...members }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
}

function isAnswer(value: unknown): value is Answer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((k) => k === 'json' || k === 'status' || k === 'problem')
}

/** Routes answer a function of the call, an {@link Answer} (`{status, json}`, `{status, problem}`), or a body to send as JSON. */
export function fakeServer(routes: Record<string, Handler | unknown>) {
  const calls: RecordedCall[] = []
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url
    const parsed = new URL(url, 'http://console.test')
    const method = (init.method ?? 'GET').toUpperCase()
    let body: unknown = init.body
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body)
      } catch {
        body = init.body
      }
    }
    const call: RecordedCall = {
      method,
      url: parsed.pathname + parsed.search,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: new Headers(init.headers),
      body,
    }
    calls.push(call)
    const route = routes[`${method} ${parsed.pathname}`]
    if (route === undefined) {
      return problem(404, { code: 'NOT_FOUND', detail: `no fake route ${method} ${parsed.pathname}` })
    }
    const answer = typeof route === 'function' ? await (route as Handler)(call) : isAnswer(route) ? route : json(route)
    if (answer instanceof Response) return answer
    const a = answer as { status?: number; json?: unknown; problem?: Record<string, unknown> }
    if (a.problem) return problem(a.status ?? 400, a.problem)
    if (a.status === 204) return new Response(null, { status: 204 })
    return json(a.json, a.status ?? 200)
  }
  const sent = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path)
  return { calls, fetch, sent }
}
