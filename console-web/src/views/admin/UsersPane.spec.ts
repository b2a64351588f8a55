import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import UsersPane from './UsersPane.vue'

const USERS = '/api/tenant/tenants/shushan/users'

describe('UsersPane', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists users with their roles in Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        [`GET ${USERS}`]: [
          { id: 'u1', tenant: 'shushan', username: 'agent01', displayName: '王一', status: 'ACTIVE', scopeUnit: null, roles: ['AGENT'], phone: null, locked: false },
        ],
      }).fetch,
    )
    await mountView(UsersPane)

    const table = inDocument('[data-test="users-table"]')?.textContent ?? ''
    expect(table).toContain('agent01')
    expect(table).toContain('话务员')
  })

  it('checks a new user before sending it and sends the chosen role', async () => {
    const server = fakeServer({ [`GET ${USERS}`]: [], [`POST ${USERS}`]: { status: 201, json: {} } })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(UsersPane)

    await click('[data-test="users-new"]')
    await typeInto('[data-test="users-username"]', '1bad')
    await click('[data-test="users-submit"]')
    await settleValidation()
    expect(server.sent('POST', USERS)).toHaveLength(0)
    expect(document.body.textContent).toContain('用户名为 2–63 位小写字母')

    await typeInto('[data-test="users-username"]', 'agent99')
    await typeInto('[data-test="users-displayName"]', '赵九')
    await typeInto('[data-test="users-password"]', 'Initial-Secret-9')
    await click('[data-test="users-submit"]')
    await settle(6)

    expect(server.sent('POST', USERS)[0]?.body).toEqual({
      username: 'agent99',
      displayName: '赵九',
      password: 'Initial-Secret-9',
      roles: ['AGENT'],
    })
  })

  it('refuses an import without an .xlsx file or with a short password, then shows the rejected rows', async () => {
    const server = fakeServer({
      [`GET ${USERS}`]: [],
      'POST /api/tenant/tenants/shushan/imports/users': {
        json: { total: 3, imported: 2, failed: 1, errors: [{ row: 3, column: '登录名', message: 'taken' }] },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(UsersPane)

    await click('[data-test="users-import"]')
    await click('[data-test="import-run"]')
    expect(inDocument('[data-test="import-problem"]')?.textContent).toContain('请选择 .xlsx 文件')

    const input = inDocument('[data-test="import-file"]') as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [new File(['PK'], 'users.xlsx')] })
    input.dispatchEvent(new Event('change'))
    await typeInto('[data-test="import-password"]', 'short')
    await click('[data-test="import-run"]')
    expect(inDocument('[data-test="import-problem"]')?.textContent).toContain('至少 10 位')
    expect(server.sent('POST', '/api/tenant/tenants/shushan/imports/users')).toHaveLength(0)

    await typeInto('[data-test="import-password"]', 'Initial-Secret-1')
    await click('[data-test="import-run"]')
    await settle(4)

    expect(server.sent('POST', '/api/tenant/tenants/shushan/imports/users')).toHaveLength(1)
    const result = inDocument('[data-test="import-result"]')?.textContent ?? ''
    expect(result).toContain('共 3 行，导入 2 行，失败 1 行')
    expect(result).toContain('taken')
  })

  it('changes a user’s roles and skills only with a choice made', async () => {
    const user = { id: 'u1', tenant: 'shushan', username: 'agent01', displayName: '王一', status: 'ACTIVE', scopeUnit: null, roles: ['AGENT'], phone: null, locked: false }
    const server = fakeServer({
      [`GET ${USERS}`]: [user],
      [`PUT ${USERS}/u1/roles`]: { json: user },
      'GET /api/tenant/tenants/shushan/skill-groups': [{ id: 'g1', code: 'payment', name: '医保缴费', scopeUnit: null }],
      [`PUT ${USERS}/u1/skills/g1`]: { json: {} },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(UsersPane)
    const state = () => (wrapper.findComponent(UsersPane).vm as unknown as { $: { setupState: { roles: string[]; skill: { group: string; level: number } } } }).$.setupState

    await click('[data-test="roles-agent01"]')
    state().roles = []
    await click('[data-test="roles-save"]')
    expect(inDocument('[data-test="dialog-problem"]')?.textContent).toContain('至少选择一个角色')
    state().roles = ['AGENT', 'SUPERVISOR']
    await click('[data-test="roles-save"]')
    await settle(4)
    expect(server.sent('PUT', `${USERS}/u1/roles`).map((c) => c.body)).toEqual([{ roles: ['AGENT', 'SUPERVISOR'] }])

    await click('[data-test="skills-agent01"]')
    await click('[data-test="skill-save"]')
    expect(server.sent('PUT', `${USERS}/u1/skills/g1`)).toHaveLength(0)
    state().skill = { group: 'g1', level: 8 }
    await click('[data-test="skill-save"]')
    await settle(4)
    expect(server.sent('PUT', `${USERS}/u1/skills/g1`)[0]?.body).toEqual({ level: 8 })
  })
})
