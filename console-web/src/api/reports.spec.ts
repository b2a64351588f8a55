import { describe, expect, it, vi } from 'vitest'
import { fakeServer, type RecordedCall } from '@/testing/fakeServer'
import { agentStates, rangeProblem, ticketReport, trafficExcel, trafficReport } from './reports'

describe('reports api', () => {
  it('refuses ranges the services would refuse', () => {
    expect(rangeProblem({ from: '2026-11-01', to: '2026-11-30' }, 'DAY')).toBeNull()
    expect(rangeProblem({ from: '2026-11-30', to: '2026-11-01' })).toBe('order')
    expect(rangeProblem({ from: '', to: '2026-11-01' })).toBe('format')
    expect(rangeProblem({ from: '2026-10-01', to: '2026-11-30' }, 'HALF_HOUR')).toBe('tooLong')
    expect(rangeProblem({ from: '2025-01-01', to: '2026-11-30' }, 'MONTH')).toBe('tooLong')
  })

  it('asks call-cloud and ticket-service with the period and grouping', async () => {
    const server = fakeServer({
      'GET /api/call/tenants/t/reports/calls': (call: RecordedCall) =>
        call.query.get('format') === 'xlsx'
          ? new Response(new Blob(['PK']), { headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })
          : { json: { rows: [] } },
      'GET /api/call/tenants/t/reports/agent-states': { json: { rows: [{ agent: 'a', seconds: { READY: 5 } }] } },
      'GET /api/ticket/tenants/t/reports/tickets': { json: { groups: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const range = { from: '2026-11-01', to: '2026-11-07' }

    await trafficReport('t', range, 'HALF_HOUR', 'GROUP')
    const blob = await trafficExcel('t', range, 'DAY', 'TOTAL')
    const states = await agentStates('t', range)
    await ticketReport('t', range, 'unit')

    expect(Object.fromEntries(server.calls[0]!.query)).toEqual({
      from: '2026-11-01',
      to: '2026-11-07',
      granularity: 'HALF_HOUR',
      by: 'GROUP',
      format: 'json',
    })
    expect(server.calls[1]!.query.get('format')).toBe('xlsx')
    expect(await blob.text()).toBe('PK')
    expect(states).toEqual([{ agent: 'a', seconds: { READY: 5 } }])
    expect(server.calls[3]!.query.get('groupBy')).toBe('unit')
  })
})
