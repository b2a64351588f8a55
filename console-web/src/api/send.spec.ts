import { describe, expect, it, vi } from 'vitest'
import { fakeServer, problem } from '@/testing/fakeServer'
import { send, sendJson, xsrfToken } from './http'
import { describeError, fieldErrors } from './problems'
import zhCN from '@/i18n/zh-CN'

describe('sending changes', () => {
  it('finds the XSRF token among the cookies', () => {
    expect(xsrfToken('a=1; XSRF-TOKEN=t%2B1; b=2')).toBe('t+1')
    expect(xsrfToken('a=1')).toBeUndefined()
  })

  it('sends JSON with the CSRF header on unsafe methods only', async () => {
    document.cookie = 'XSRF-TOKEN=tok'
    const server = fakeServer({ 'PUT /x': { json: { ok: true } }, 'GET /x': { json: {} } })
    vi.stubGlobal('fetch', server.fetch)

    expect(await sendJson('PUT', '/x', { a: 1 })).toEqual({ ok: true })
    await send('GET', '/x')

    expect(server.calls[0]!.headers.get('X-XSRF-TOKEN')).toBe('tok')
    expect(server.calls[0]!.headers.get('content-type')).toBe('application/json')
    expect(server.calls[0]!.body).toEqual({ a: 1 })
    expect(server.calls[1]!.headers.get('X-XSRF-TOKEN')).toBeNull()
  })

  it('answers undefined for 204 and leaves FormData to the browser', async () => {
    const server = fakeServer({ 'DELETE /x': { status: 204 }, 'POST /f': { json: {} } })
    vi.stubGlobal('fetch', server.fetch)
    const form = new FormData()
    form.append('file', new Blob(['x']), 'a.xlsx')

    expect(await sendJson('DELETE', '/x')).toBeUndefined()
    await sendJson('POST', '/f', form)

    expect(server.calls[1]!.body).toBeInstanceOf(FormData)
    expect(server.calls[1]!.headers.get('content-type')).toBeNull()
  })
})

describe('problem details for a person', () => {
  const t = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], zhCN) as string
  const te = (key: string) => typeof t(key) === 'string'

  it('puts the stable code’s Chinese sentence before the server’s detail', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({ 'POST /x': () => problem(429, { code: 'TENANT_QUOTA_EXCEEDED', detail: 'seats 5 of 5 in use' }) }).fetch,
    )
    const error = await sendJson('POST', '/x', {}).catch((e: unknown) => e)

    expect(describeError(error, t, te)).toBe('超出租户配额：seats 5 of 5 in use')
  })

  it('falls back to the status, then to the title, and reads field errors', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'POST /a': () => problem(409, { detail: 'taken' }),
        'POST /b': () => problem(400, { code: 'VALIDATION_FAILED', errors: [{ node: 'menu', field: 'next', message: 'unknown' }] }),
      }).fetch,
    )
    const conflict = await sendJson('POST', '/a').catch((e: unknown) => e)
    const invalid = await sendJson('POST', '/b').catch((e: unknown) => e)

    expect(describeError(conflict, t, te)).toBe('数据冲突：taken')
    expect(fieldErrors(invalid)).toEqual([{ node: 'menu', field: 'next', message: 'unknown', row: undefined, column: undefined }])
    expect(fieldErrors(new Error('x'))).toEqual([])
  })
})
