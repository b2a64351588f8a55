import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, problem } from '@/testing/fakeServer'
import { fetchMe, isTenantSlug, loginUrl, signOut } from './me'
import { ProblemError } from './http'

describe('me api', () => {
  afterEach(() => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
  })

  it('reads who is signed in from the gateway', async () => {
    const me = { tenant: 'nanning', subject: 'u1', scopeUnit: null, roles: ['AGENT'], name: '甲' }
    vi.stubGlobal('fetch', fakeServer({ 'GET /api/me': me }).fetch)

    expect(await fetchMe()).toEqual(me)
  })

  it('answers null, not an error, when the browser has no session', async () => {
    vi.stubGlobal('fetch', fakeServer({ 'GET /api/me': () => problem(401, { code: 'UNAUTHENTICATED' }) }).fetch)

    expect(await fetchMe()).toBeNull()
  })

  it('lets other failures through so the page can say what went wrong', async () => {
    vi.stubGlobal('fetch', fakeServer({ 'GET /api/me': () => problem(503, { code: 'SERVICE_UNAVAILABLE' }) }).fetch)

    await expect(fetchMe()).rejects.toBeInstanceOf(ProblemError)
  })

  it('builds the gateway login entry for tenant slugs only', () => {
    expect(loginUrl('xuzhou-yb')).toBe('/login/xuzhou-yb')
    expect(isTenantSlug('platform')).toBe(true)
    expect(isTenantSlug('Shushan')).toBe(false)
    expect(isTenantSlug('a')).toBe(false)
    expect(() => loginUrl('../evil')).toThrow()
  })

  it('signs out with a POST carrying the XSRF cookie as a header', async () => {
    document.cookie = 'XSRF-TOKEN=abc%3D%3D'
    const server = fakeServer({ 'POST /logout': { status: 204 } })
    vi.stubGlobal('fetch', server.fetch)

    await signOut()

    expect(server.calls[0]!.headers.get('X-XSRF-TOKEN')).toBe('abc==')
  })
})
