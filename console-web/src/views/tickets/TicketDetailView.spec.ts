import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, typeInto } from '@/testing/mountView'
import TicketDetailView from './TicketDetailView.vue'

const ID = '11111111-2222-3333-4444-555555555555'
const BASE = `/api/ticket/tenants/shushan/tickets/${ID}`
const ticket = (status: string, version: number) => ({
  id: ID,
  version,
  status,
  channel: 'PHONE',
  kind: 'COMPLAINT',
  category: 'urban',
  urgency: 'NORMAL',
  confidential: false,
  citizen: { name: '张先生', phone: '13800138000', contact: null },
  content: '楼道灯坏了',
  address: null,
  area: null,
  mainUnit: status === 'RECEIVED' ? null : 'zjj',
  coUnits: [],
  warnings: ['dispatch:YELLOW'],
  satisfaction: null,
  answer: null,
  openedAt: '2026-11-20T08:00:00Z',
})

describe('TicketDetailView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the ticket, its time limits with lights and the full ledger', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        [`GET ${BASE}`]: ticket('RECEIVED', 1),
        [`GET ${BASE}/ledger`]: [
          { seq: 1, at: '2026-11-20T08:00:00Z', type: 'TicketOpened', actor: 'admin', actorKind: 'CENTRE', actorUnit: null, details: { channel: 'PHONE', ticket: { value: 'abc' } }, attachments: [] },
        ],
        [`GET ${BASE}/sla`]: {
          ticket: ID,
          at: 'x',
          limits: [{ limit: 'dispatch', basis: 'clock', startedAt: 'x', dueAt: '2026-11-21T08:00:00Z', metAt: null, outcome: 'RUNNING', light: 'YELLOW' }],
        },
      }).fetch,
    )
    await mountView(TicketDetailView, { path: `/tickets/${ID}` })

    expect(inDocument('[data-test="ticket-status"]')?.textContent).toContain('已受理')
    expect(inDocument('[data-test="ticket-ledger"]')?.textContent).toContain('1. 受理')
    expect(inDocument('[data-test="ticket-ledger"]')?.textContent).toContain('ticket: abc')
    expect(inDocument('[data-test="ticket-sla"] [data-light]')?.getAttribute('data-light')).toBe('YELLOW')
    expect(inDocument('[data-test="step-dispatch"]')).not.toBeNull()
  })

  it('dispatches only once a unit is chosen, with the version it showed', async () => {
    let dispatched = false
    const server = fakeServer({
      [`GET ${BASE}`]: () => ({ json: dispatched ? ticket('DISPATCHED', 2) : ticket('RECEIVED', 1) }),
      [`GET ${BASE}/ledger`]: [],
      [`GET ${BASE}/sla`]: { ticket: ID, at: 'x', limits: [] },
      'GET /api/tenant/tenants/shushan/units': [{ code: 'zjj', name: '区住建局', level: 'CITY_MEMBER', parentCode: null, contacts: [], active: true }],
      [`POST ${BASE}/dispatch`]: () => {
        dispatched = true
        return { json: ticket('DISPATCHED', 2) }
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(TicketDetailView, { path: `/tickets/${ID}` })

    await click('[data-test="step-dispatch"]')
    await typeInto('[data-test="step-text"]', '请核实处理')
    await click('[data-test="step-submit"]')
    expect(server.sent('POST', `${BASE}/dispatch`)).toHaveLength(0)
    expect(inDocument('[data-test="step-problem"]')?.textContent).toContain('主办单位')

    ;(wrapper.vm as unknown as { $: { setupState: { body: { unit?: string } } } }).$.setupState.body.unit = 'zjj'
    await click('[data-test="step-submit"]')
    await settle(6)

    expect(server.sent('POST', `${BASE}/dispatch`)[0]?.body).toEqual({ unit: 'zjj', text: '请核实处理', version: 1 })
    expect(inDocument('[data-test="ticket-status"]')?.textContent).toContain('已派单')
  })
})
