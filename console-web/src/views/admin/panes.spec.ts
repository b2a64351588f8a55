import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import AdminView from './AdminView.vue'
import BlacklistPane from './BlacklistPane.vue'
import CalendarPane from './CalendarPane.vue'
import NumbersPane from './NumbersPane.vue'
import SeatsPane from './SeatsPane.vue'
import SkillGroupsPane from './SkillGroupsPane.vue'
import UnitsPane from './UnitsPane.vue'

const T = '/api/tenant/tenants/shushan'

const panes: [string, Component, string, string, Record<string, string>, Record<string, unknown>][] = [
  ['seats', SeatsPane, `${T}/seats`, '工号为 1–20 位数字', { seatNo: '1014' }, { seatNo: '1014' }],
  ['skill-groups', SkillGroupsPane, `${T}/skill-groups`, '小写字母、数字', { code: 'payment', name: '医保缴费' }, { code: 'payment', name: '医保缴费' }],
  ['numbers', NumbersPane, `${T}/numbers`, '号码为 3–20 位数字', { number: '055165312345', purpose: '热线' }, { number: '055165312345', purpose: '热线' }],
  ['units', UnitsPane, `${T}/units`, '小写字母、数字', { code: 'zjj', name: '区住建局' }, { code: 'zjj', name: '区住建局', level: 'CITY_MEMBER' }],
  ['blacklist', BlacklistPane, '/api/call/tenants/shushan/blacklist', '号码为 3–20 位数字', { number: '13900000000', reason: '恶意骚扰' }, { number: '13900000000', reason: '恶意骚扰' }],
]

describe('tenant admin panes', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it.each(panes)('%s: lists from its service, refuses an empty form, then creates', async (name, pane, url, rule, typed, expected) => {
    const server = fakeServer({ [`GET ${url}`]: [], [`GET ${T}/users`]: [], [`POST ${url}`]: { status: 201, json: {} } })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(pane)
    expect(server.sent('GET', url)).toHaveLength(1)

    await click(`[data-test="${name}-new"]`)
    await click(`[data-test="${name}-submit"]`)
    await settleValidation()
    expect(server.sent('POST', url)).toHaveLength(0)
    expect(document.body.textContent).toContain(rule)

    for (const [field, value] of Object.entries(typed)) await typeInto(`[data-test="${name}-${field}"]`, value)
    await click(`[data-test="${name}-submit"]`)
    await settle(6)

    expect(server.sent('POST', url)[0]?.body).toEqual(expected)
    expect(server.sent('GET', url)).toHaveLength(2)
  })

  it('calendar: refuses malformed hours and sends the week when they are right', async () => {
    const calendar = {
      zone: 'Asia/Shanghai',
      hours: { MONDAY: [{ start: '09:00', end: '12:00' }] },
      makeupDay: [],
      specialDays: [{ date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' }],
    }
    const server = fakeServer({ [`GET ${T}/calendar`]: calendar, [`PUT ${T}/calendar/hours`]: { json: calendar } })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(CalendarPane)

    expect(document.body.textContent).toContain('国庆节')
    expect((inDocument('[data-test="hours-MONDAY"]') as HTMLInputElement).value).toBe('09:00-12:00')
    await typeInto('[data-test="hours-TUESDAY"]', '9点到12点')
    await click('[data-test="hours-save"]')
    expect(server.sent('PUT', `${T}/calendar/hours`)).toHaveLength(0)
    expect(inDocument('[data-test="hours-problem"]')?.textContent).toContain('周二')

    await typeInto('[data-test="hours-TUESDAY"]', '09:00-12:00, 13:30-17:30')
    await click('[data-test="hours-save"]')
    await settle()

    const sent = server.sent('PUT', `${T}/calendar/hours`)[0]?.body as { hours: Record<string, unknown[]> }
    expect(sent.hours.TUESDAY).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ])
    expect(sent.hours.SUNDAY).toEqual([])
  })

  it('opens each tab as its own address', async () => {
    vi.stubGlobal('fetch', fakeServer({}).fetch)
    const { router, wrapper } = await mountView(AdminView, { path: '/tenant-admin/users', stubs: { RouterView: true } })

    const tabs = wrapper.findAll('.el-tabs__item').map((t) => t.text())
    expect(tabs).toContain('IVR 流程')
    await wrapper.findAll('.el-tabs__item').find((t) => t.text() === 'IVR 流程')!.trigger('click')
    await settle()

    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/tenant-admin/ivr'))
  })
})
