import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto, UNIT } from '@/testing/mountView'
import TicketListView from './TicketListView.vue'

const LIST = '/api/ticket/tenants/shushan/tickets'
const summary = (id: string, warnings: string[], text: string) => ({
  id: `${id}0000000-0000-0000-0000-000000000000`.slice(0, 36),
  version: 1,
  status: 'DISPATCHED',
  kind: 'COMPLAINT',
  category: 'urban',
  urgency: 'NORMAL',
  summary: text,
  mainUnit: 'zjj',
  hard: false,
  warnings,
  openedAt: '2026-11-20T08:00:00Z',
})

describe('TicketListView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows each ticket’s light and filters by light and status', async () => {
    const server = fakeServer({
      [`GET ${LIST}`]: [summary('a', ['closing:RED'], '噪音扰民'), summary('b', ['sign-for:YELLOW'], '路灯不亮'), summary('c', [], '咨询社保')],
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(TicketListView)

    const lights = [...document.querySelectorAll('[data-test="tickets"] [data-light]')].map((l) => l.getAttribute('data-light'))
    expect(lights).toEqual(['RED', 'YELLOW', 'GREEN'])

    ;(wrapper.vm as unknown as { $: { setupState: { filter: { light: string } } } }).$.setupState.filter.light = 'RED'
    await settle()
    expect(inDocument('[data-test="tickets"]')?.textContent).toContain('噪音扰民')
    expect(inDocument('[data-test="tickets"]')?.textContent).not.toContain('路灯不亮')
    expect(server.calls[0]!.query.get('limit')).toBe('200')
  })

  it('does not offer a unit user to open tickets', async () => {
    vi.stubGlobal('fetch', fakeServer({ [`GET ${LIST}`]: [] }).fetch)
    await mountView(TicketListView, { me: UNIT })

    expect(inDocument('[data-test="ticket-new"]')).toBeNull()
  })

  it('refuses an incomplete ticket before sending, then opens the created ticket', async () => {
    const server = fakeServer({
      [`GET ${LIST}`]: [],
      'GET /api/ticket/tenants/shushan/ticket-categories': [{ code: 'urban', parentCode: null, name: '城乡建设', active: true }],
      [`POST ${LIST}`]: { status: 201, json: { id: '11111111-2222-3333-4444-555555555555' } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { router, wrapper } = await mountView(TicketListView)

    await click('[data-test="ticket-new"]')
    await click('[data-test="ticket-submit"]')
    await settleValidation()
    expect(server.sent('POST', LIST)).toHaveLength(0)
    expect(document.body.textContent).toContain('请输入有效电话号码')

    ;(wrapper.vm as unknown as { $: { setupState: { form: { category: string } } } }).$.setupState.form.category = 'urban'
    await typeInto('[data-test="ticket-phone"]', '13800138000')
    await typeInto('[data-test="ticket-content"]', '楼道灯坏了')
    await click('[data-test="ticket-submit"]')
    await settle(6)

    expect(server.sent('POST', LIST)[0]?.body).toMatchObject({
      channel: 'PHONE',
      kind: 'CONSULTATION',
      category: 'urban',
      citizen: { phone: '13800138000' },
      content: '楼道灯坏了',
    })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/tickets/11111111-2222-3333-4444-555555555555'))
  })
})
