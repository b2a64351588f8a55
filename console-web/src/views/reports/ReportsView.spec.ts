import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { ADMIN, click, inDocument, mountView, settle, UNIT } from '@/testing/mountView'
import { lastDays, percent, periodLabel } from './format'
import ReportChart from './ReportChart.vue'
import ReportsView from './ReportsView.vue'

// ECharts draws on a canvas, which happy-dom does not have; the chart's inputs are what these tests check.
const CHARTS = { ReportChart: true }

const CALLS = '/api/call/tenants/shushan/reports/calls'
const row = (period: string, offered: number, sl: number | null) => ({
  period,
  key: 'ALL',
  offered,
  answered: offered - 1,
  abandoned: 1,
  shortAbandoned: 0,
  rejected: 0,
  answeredWithin15: 1,
  answeredWithin20: 1,
  serviceLevel15: sl,
  serviceLevel20: sl,
  answerRate: 0.9,
  abandonRate: 0.1,
  asaSeconds: 6.5,
  ahtSeconds: 120,
  maxWaitSeconds: 30,
})

describe('ReportsView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('draws the service level of the last week and lists it with rates in per cent', async () => {
    const server = fakeServer({
      [`GET ${CALLS}`]: { json: { formulas: { serviceLevel: 'answered within 15 s / offered' }, rows: [{ ...row('2026-11-20T00:00', 10, 0.8), keptForCallback: 3, voicemail: 2 }, row('2026-11-21T00:00', 4, null)] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(ReportsView, { me: ADMIN, stubs: CHARTS })

    const query = server.sent('GET', CALLS)[0]!.query
    expect(query.get('granularity')).toBe('DAY')
    expect(query.get('from')).toBe(lastDays(7).from)
    const table = inDocument('[data-test="report-table"]')?.textContent ?? ''
    expect(table).toContain('80.0%')
    expect(table).toContain('—')
    expect(table).toContain('排队回拨/留言')
    expect(table).toContain('3 / 2')
    const chart = wrapper.findComponent(ReportChart)
    expect(chart.props('categories')).toEqual(['2026-11-20', '2026-11-21'])
    expect(chart.props('series').find((x: { name: string }) => x.name === '15 秒服务水平')?.data).toEqual([80, null])
  })

  it('does not send a range that ends before it starts', async () => {
    const server = fakeServer({ [`GET ${CALLS}`]: { json: { rows: [] } } })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(ReportsView, { me: ADMIN, stubs: CHARTS })
    const before = server.calls.length

    ;(wrapper.vm as unknown as { $: { setupState: { range: string[] } } }).$.setupState.range = ['2026-11-30', '2026-11-01']
    await settle()
    await click('[data-test="report-query"]')

    expect(server.calls.length).toBe(before)
    expect(inDocument('[data-test="report-problem"]')?.textContent).toContain('开始日期不能晚于结束日期')
  })

  it('gives a handling unit its ticket KPIs only', async () => {
    const server = fakeServer({
      'GET /api/ticket/tenants/shushan/reports/tickets': {
        json: { from: 'a', to: 'b', groupBy: 'DAY', total: { group: '合计', tickets: 3 }, groups: [{ group: '2026-11-20', tickets: 3, satisfaction: 0.5 }], hotTopics: [] },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(ReportsView, { me: UNIT, stubs: CHARTS })

    expect(server.calls.every((c) => c.path.startsWith('/api/ticket/'))).toBe(true)
    expect(document.body.textContent).not.toContain('半小时话务')
    expect(inDocument('[data-test="report-table"]')?.textContent).toContain('50.0%')
  })

  it('lists every missed call with what the callback list did, beside the day figures', async () => {
    const server = fakeServer({
      [`GET ${CALLS}`]: { json: { rows: [] } },
      'GET /api/call/tenants/shushan/reports/callbacks': {
        json: { rows: [{ day: '2026-11-20', tasks: 2, abandoned: 1, queueFull: 0, requested: 0, voicemail: 1, open: 1, reached: 1, overdue: 0, reachedRate: 0.5 }] },
      },
      'GET /api/call/tenants/shushan/reports/missed-calls': {
        json: {
          truncated: false,
          rows: [
            { callId: 'c1', arrivedAt: '2026-11-20T09:20:00', skillGroup: 'general', reason: 'ABANDONED', waitedSeconds: 30, ringNoAnswers: 1, callbackStatus: 'DONE', callbackOutcome: 'REACHED', callbackAttempts: 2, calledBackAt: '2026-11-20T10:20:00' },
            { callId: 'c2', arrivedAt: '2026-11-20T09:40:00', skillGroup: null, reason: 'VOICEMAIL', waitedSeconds: null, ringNoAnswers: 0, callbackStatus: 'OPEN', callbackOutcome: null, callbackAttempts: 0, calledBackAt: null },
          ],
        },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(ReportsView, { me: ADMIN, stubs: CHARTS })

    ;(wrapper.vm as unknown as { $: { setupState: { tab: string } } }).$.setupState.tab = 'missed'
    await settle()

    // opening the tab asks for both: the day figures and the list
    expect(server.sent('GET', '/api/call/tenants/shushan/reports/callbacks')).toHaveLength(1)
    expect(server.sent('GET', '/api/call/tenants/shushan/reports/missed-calls')).toHaveLength(1)
    const list = inDocument('[data-test="missed-list"]')?.textContent ?? ''
    expect(list).toContain('排队放弃')
    expect(list).toContain('已接通')
    expect(list).toContain('留言')
    expect(list).toContain('待回拨')
  })

  it('formats rates, periods and ranges', () => {
    expect(percent(0.8567)).toBe('85.7%')
    expect(percent(null)).toBe('—')
    expect(periodLabel('2026-11-20T08:30', true)).toBe('11-20 08:30')
    expect(lastDays(7, new Date(2026, 10, 24))).toEqual({ from: '2026-11-18', to: '2026-11-24' })
  })
})
