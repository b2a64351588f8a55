import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import RoutingPane from './RoutingPane.vue'

const RULES = '/api/call/tenants/shushan/routing/rules'
const SIM = '/api/call/tenants/shushan/routing/simulate'

describe('RoutingPane', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('never sends a document that is not JSON, and shows the rule the server refused', async () => {
    const server = fakeServer({
      [`GET ${RULES}`]: { revision: 4, updatedAt: null, updatedBy: null, document: { rules: [] } },
      [`PUT ${RULES}`]: {
        status: 400,
        problem: { code: 'VALIDATION_FAILED', detail: 'rules refused', errors: [{ node: 'vip', field: 'then.queue.group', message: 'unknown group' }] },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(RoutingPane)

    expect((inDocument('[data-test="routing-document"]') as HTMLTextAreaElement).value).toContain('"rules"')
    await typeInto('[data-test="routing-document"]', '{ "rules": [ ')
    await click('[data-test="routing-save"]')
    expect(server.sent('PUT', RULES)).toHaveLength(0)
    expect(inDocument('[data-test="routing-json-problem"]')?.textContent).toContain('不是有效的 JSON')

    await typeInto('[data-test="routing-document"]', '{ "rules": [{ "name": "vip" }] }')
    await click('[data-test="routing-save"]')
    await settle()

    expect(server.sent('PUT', RULES)[0]?.body).toEqual({ rules: [{ name: 'vip' }] })
    expect(inDocument('[data-test="routing-errors"]')?.textContent).toContain('unknown group')
  })

  it('checks the numbers before asking the simulator, then shows where the call goes and why', async () => {
    const server = fakeServer({
      [`GET ${RULES}`]: { revision: 1, updatedAt: null, updatedBy: null, document: {} },
      [`POST ${SIM}`]: {
        json: {
          calledNumber: '12393',
          callerNumber: '13800000001',
          entry: { action: 'QUEUE', group: 'general', rule: 'vip' },
          ivr: null,
          outcome: { action: 'QUEUE', group: 'general' },
          why: 'VIP 号码在工作时间直接进人工',
        },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(RoutingPane)

    await typeInto('[data-test="sim-called"]', '12')
    await click('[data-test="sim-run"]')
    await settleValidation()
    expect(server.sent('POST', SIM)).toHaveLength(0)

    await typeInto('[data-test="sim-called"]', '12393')
    await typeInto('[data-test="sim-caller"]', '13800000001')
    await typeInto('[data-test="sim-choices"]', '2/1')
    await click('[data-test="sim-run"]')
    await settle(6)

    expect(server.sent('POST', SIM)[0]?.body).toEqual({ calledNumber: '12393', callerNumber: '13800000001', ivrChoices: '2/1' })
    expect(inDocument('[data-test="sim-result"]')?.textContent).toContain('VIP 号码在工作时间直接进人工')
  })
})
