import { afterEach, describe, expect, it, vi } from 'vitest'
import { quotaShare } from '@/api/directory'
import { fakeServer, problem } from '@/testing/fakeServer'
import { mountView } from '@/testing/mountView'
import QuotaGauge from './QuotaGauge.vue'
import QuotasPane from './QuotasPane.vue'

const URL = '/api/tenant/tenants/shushan/quotas'
const REPORT = {
  tenant: 'shushan',
  at: '2026-11-24T07:30:00Z',
  quotas: [
    { kind: 'SEATS', unit: 'seats', used: 45, limit: 50, rate: false },
    { kind: 'CONCURRENT_CALLS', unit: 'calls', used: 3, limit: 30, rate: false },
    { kind: 'RECORDING_STORAGE_MB', unit: 'MiB', used: 1024, limit: 512000, rate: false },
    { kind: 'API_REQUESTS_PER_SECOND', unit: 'requests/s', used: 0, limit: 50, rate: true },
  ],
}

describe('QuotasPane', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows each quota as a gauge of its limit, the nearly full one in red', async () => {
    const server = fakeServer({ [`GET ${URL}`]: REPORT })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(QuotasPane, { stubs: { QuotaGauge: true } })

    const gauges = wrapper.findAllComponents(QuotaGauge)
    expect(gauges.map((g) => g.props('title'))).toEqual(['坐席数', '并发通话', '录音存储（MiB）', '接口请求（次/秒）'])
    expect(gauges[0]!.props('share')).toBeCloseTo(0.9)
    expect(gauges[0]!.props('label')).toBe('45 / 50')
    expect(wrapper.find('.el-tag--danger').text()).toBe('90%')
    expect(wrapper.text()).toContain('按当前一秒计')
    expect(server.sent('GET', URL)).toHaveLength(1)
  })

  it('shows the problem in Chinese when the service refuses', async () => {
    const server = fakeServer({
      [`GET ${URL}`]: () => problem(403, { title: 'Forbidden', code: 'FORBIDDEN', detail: 'no quotas.read' }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(QuotasPane, { stubs: { QuotaGauge: true } })
    expect(wrapper.find('.el-alert').text()).toContain('no quotas.read')
    expect(wrapper.findAllComponents(QuotaGauge)).toHaveLength(0)
  })

  it('counts anything used against a zero limit as full', () => {
    expect(quotaShare({ used: 1, limit: 0 })).toBe(1)
    expect(quotaShare({ used: 0, limit: 0 })).toBe(0)
    expect(quotaShare({ used: 80, limit: 50 })).toBe(1)
  })
})
