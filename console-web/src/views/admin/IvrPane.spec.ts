import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import IvrPane from './IvrPane.vue'

const BASE = '/api/call/tenants/shushan/ivr-trees'
const published = {
  tree: 'main',
  currentVersion: 2,
  draft: {
    start: 'welcome',
    nodes: [
      { id: 'welcome', type: 'announcement', prompt: 'welcome', next: 'bye' },
      { id: 'bye', type: 'hangup', prompt: 'sys.goodbye' },
    ],
  },
  draftSavedAt: null,
  draftSavedBy: null,
  versions: [
    { version: 1, publishedAt: '2026-11-01T00:00:00Z', publishedBy: 'admin' },
    { version: 2, publishedAt: '2026-11-02T00:00:00Z', publishedBy: 'admin' },
  ],
}

describe('IvrPane', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('marks the nodes the shape check refuses and sends nothing', async () => {
    const server = fakeServer({ [`GET ${BASE}`]: [] })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(IvrPane)

    await typeInto('[data-test="ivr-new-name"]', 'night')
    await click('[data-test="ivr-new"]')
    await click('[data-test="ivr-add"]')
    await click('[data-test="ivr-publish"]')

    expect(server.calls.filter((c) => c.method !== 'GET')).toHaveLength(0)
    expect(inDocument('[data-test="node-announcement1"]')?.classList.contains('node--error')).toBe(true)
    expect(inDocument('[data-test="ivr-errors"]')?.textContent).toContain('处错误')
  })

  it('shows the server’s validation errors on the node they name', async () => {
    const server = fakeServer({
      [`GET ${BASE}`]: [{ tree: 'main', currentVersion: 2, draftSavedAt: null }],
      [`GET ${BASE}/main`]: published,
      [`POST ${BASE}/main/validate`]: { json: { valid: false, errors: [{ node: 'welcome', field: 'prompt', message: 'prompt welcome is not in the library' }] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(IvrPane)

    await click('[data-test="tree-main"]')
    await click('[data-test="ivr-validate"]')
    await settleValidation()

    expect(server.sent('POST', `${BASE}/main/validate`)[0]?.body).toEqual(published.draft)
    expect(inDocument('[data-test="node-welcome"]')?.classList.contains('node--error')).toBe(true)
    expect(inDocument('[data-test="node-welcome"]')?.textContent).toContain('prompt welcome is not in the library')
    expect(inDocument('[data-test="node-bye"]')?.classList.contains('node--error')).toBe(false)
  })

  it('saves the draft before publishing it, and rolls back to an older version', async () => {
    const server = fakeServer({
      [`GET ${BASE}`]: [{ tree: 'main', currentVersion: 2, draftSavedAt: null }],
      [`GET ${BASE}/main`]: published,
      [`PUT ${BASE}/main/draft`]: { json: published },
      [`POST ${BASE}/main/publish`]: { status: 201, json: { version: 3, publishedAt: 'x', publishedBy: 'admin' } },
      [`POST ${BASE}/main/rollback`]: { json: published },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(IvrPane)

    await click('[data-test="tree-main"]')
    await click('[data-test="ivr-publish"]')
    await settle()
    await click('[data-test="rollback-1"]')

    const order = server.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)
    expect(order).toEqual([`PUT ${BASE}/main/draft`, `POST ${BASE}/main/publish`, `POST ${BASE}/main/rollback`])
    expect(server.sent('POST', `${BASE}/main/rollback`)[0]?.body).toEqual({ version: 1 })
    expect(inDocument('[data-test="ivr-published"]')?.textContent).toContain('已发布版本 3')
    expect(inDocument('[data-test="ivr-outline"]')?.textContent).toContain('welcome')
  })
})
