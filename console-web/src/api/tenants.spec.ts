import { describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { getQuotas, listTenants, provisionTenant, reactivateTenant, suspendTenant } from './tenants'

describe('tenants api (operator)', () => {
  it('provisions, suspends and reactivates under /api/tenant/platform/tenants', async () => {
    const server = fakeServer({
      'POST /api/tenant/platform/tenants': { status: 201, json: { slug: 'hefei' } },
      'POST /api/tenant/platform/tenants/hefei/suspend': { json: {} },
      'POST /api/tenant/platform/tenants/hefei/reactivate': { json: {} },
      'GET /api/tenant/platform/tenants/hefei/quotas': { json: { usage: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const spec = {
      slug: 'hefei',
      name: '合肥',
      kind: 'CITY' as const,
      hotlineNumbers: ['12345'],
      workstations: [],
      admin: { username: 'admin', displayName: '管理员', initialPassword: 'Initial-Secret-1' },
      quotas: { seats: 5, concurrentCalls: 5, recordingStorageMb: 10, apiRequestsPerSecond: 5 },
    }

    await provisionTenant(spec)
    await suspendTenant('hefei', '欠费')
    await reactivateTenant('hefei', '已缴费')
    await getQuotas('hefei')

    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/tenant/platform/tenants',
      'POST /api/tenant/platform/tenants/hefei/suspend',
      'POST /api/tenant/platform/tenants/hefei/reactivate',
      'GET /api/tenant/platform/tenants/hefei/quotas',
    ])
    expect(server.calls[0]!.body).toEqual(spec)
    expect(server.calls[1]!.body).toEqual({ reason: '欠费' })
  })

  it('reads the registry rows’ slug whether it comes as text or as the TenantId record', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'GET /api/tenant/platform/tenants': [
          { slug: { value: 'shushan' }, name: '蜀山', status: 'ACTIVE', hotlineNumbers: [] },
          { slug: 'nanning', name: '南宁', status: 'ACTIVE', hotlineNumbers: [], workstations: [{ id: 'nanning.qingxiu', name: '青秀' }] },
        ],
      }).fetch,
    )

    const tenants = await listTenants()

    expect(tenants.map((t) => t.slug)).toEqual(['shushan', 'nanning'])
    expect(tenants[0]!.steps).toEqual([])
    expect(tenants[1]!.workstations).toHaveLength(1)
  })
})
