import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { loadSession, setSession } from '@/session'
import { fakeServer, problem } from '@/testing/fakeServer'
import { ADMIN, AGENT, OPERATOR, UNIT } from '@/testing/mountView'
import { createConsoleRouter, homeFor, menuFor } from '.'

describe('console router', () => {
  afterEach(() => setSession(null))

  it('sends a browser without a session to the sign-in page, keeping where it was going', async () => {
    const server = fakeServer({ 'GET /api/me': () => problem(401, { code: 'UNAUTHENTICATED' }) })
    vi.stubGlobal('fetch', server.fetch)
    await loadSession(true)
    const router = createConsoleRouter(createMemoryHistory())

    await router.push('/tickets')

    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/tickets')
    expect(server.sent('GET', '/api/me')).toHaveLength(1)
  })

  it('asks the gateway who is signed in once and lands each role on its home', async () => {
    const server = fakeServer({ 'GET /api/me': OPERATOR })
    vi.stubGlobal('fetch', server.fetch)
    await loadSession(true)
    const router = createConsoleRouter(createMemoryHistory())

    await router.push('/')
    await router.push('/status')

    expect(server.sent('GET', '/api/me')).toHaveLength(1)
    expect(homeFor(OPERATOR)).toBe('/operator')
    expect(homeFor(AGENT)).toBe('/agent')
    expect(homeFor(UNIT)).toBe('/tickets')
    expect(router.currentRoute.value.path).toBe('/status')
  })

  it('turns a section the roles do not open into the caller’s home', async () => {
    setSession(AGENT)
    const router = createConsoleRouter(createMemoryHistory())

    await router.push('/tenant-admin/ivr')
    expect(router.currentRoute.value.path).toBe('/agent')
    await router.push('/operator')
    expect(router.currentRoute.value.path).toBe('/agent')
  })

  it('opens the tenant admin tabs to a tenant admin only', async () => {
    setSession(ADMIN)
    const router = createConsoleRouter(createMemoryHistory())

    await router.push('/tenant-admin')
    expect(router.currentRoute.value.path).toBe('/tenant-admin/users')
    await router.push('/tenant-admin/ivr')
    expect(router.currentRoute.value.name).toBe('admin-ivr')
    expect(menuFor(ADMIN).map((m) => m.section)).toContain('tenantAdmin')
    expect(menuFor(UNIT).map((m) => m.section)).toEqual(['tickets', 'knowledge', 'reports', 'training', 'announcements'])
    expect(menuFor(null)).toEqual([])
  })
})
