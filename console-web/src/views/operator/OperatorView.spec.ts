import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, OPERATOR, settle, settleValidation, typeInto } from '@/testing/mountView'
import OperatorView from './OperatorView.vue'

const tenant = (slug: string, status: string) => ({
  slug,
  name: `${slug} 热线`,
  kind: 'DISTRICT',
  hotlineNumbers: ['12345'],
  status,
  statusReason: null,
  workstations: [],
  steps: [],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
})

describe('OperatorView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists tenants with their status and offers suspend or reactivate by status', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({ 'GET /api/tenant/platform/tenants': [tenant('shushan', 'ACTIVE'), tenant('nanning', 'SUSPENDED')] }).fetch,
    )
    await mountView(OperatorView, { me: OPERATOR })

    expect(inDocument('[data-test="status-shushan"]')?.textContent).toContain('正常')
    expect(inDocument('[data-test="status-nanning"]')?.textContent).toContain('已暂停')
    expect(inDocument('[data-test="suspend-shushan"]')).not.toBeNull()
    expect(inDocument('[data-test="reactivate-nanning"]')).not.toBeNull()
    expect(inDocument('[data-test="suspend-nanning"]')).toBeNull()
  })

  it('validates the provisioning form before anything is sent', async () => {
    const server = fakeServer({ 'GET /api/tenant/platform/tenants': [] })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(OperatorView, { me: OPERATOR })

    await click('[data-test="provision-open"]')
    await typeInto('[data-test="provision-slug"]', 'platform')
    await typeInto('[data-test="provision-password"]', 'short')
    await click('[data-test="provision-submit"]')
    await settleValidation()

    expect(server.sent('POST', '/api/tenant/platform/tenants')).toHaveLength(0)
    expect(document.body.textContent).toContain('不能为 platform')
    expect(document.body.textContent).toContain('至少 10 位')
  })

  it('provisions a tenant and shows every step’s outcome', async () => {
    const created = {
      ...tenant('hefei', 'ACTIVE'),
      steps: [
        { step: 'pulsar.namespaces', order: 100, status: 'SUCCEEDED', attempts: 1, lastError: null },
        { step: 'storage.recordings-bucket', order: 200, status: 'SUCCEEDED', attempts: 1, lastError: null },
      ],
    }
    const server = fakeServer({
      'GET /api/tenant/platform/tenants': [],
      'POST /api/tenant/platform/tenants': { status: 201, json: created },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(OperatorView, { me: OPERATOR })

    await click('[data-test="provision-open"]')
    await typeInto('[data-test="provision-slug"]', 'hefei')
    await typeInto('[data-test="provision-name"]', '合肥市12345热线')
    await typeInto('[data-test="provision-numbers"]', '12345, 055112345')
    await typeInto('[data-test="provision-admin-name"]', '管理员')
    await typeInto('[data-test="provision-password"]', 'Initial-Secret-1')
    await click('[data-test="provision-submit"]')
    await settle(6)

    const [sent] = server.sent('POST', '/api/tenant/platform/tenants')
    expect(sent?.body).toMatchObject({
      slug: 'hefei',
      hotlineNumbers: ['12345', '055112345'],
      admin: { username: 'admin', displayName: '管理员', initialPassword: 'Initial-Secret-1' },
      workstations: [],
    })
    const result = inDocument('[data-test="provision-result"]')?.textContent ?? ''
    expect(result).toContain('租户 hefei 已开通')
    expect(result).toContain('storage.recordings-bucket')
  })
})
