import { afterEach, describe, expect, it, vi } from 'vitest'
import { type AcdSettings, validateAcdSettings } from '@/api/acd'
import type { Me } from '@/api/me'
import { fakeServer } from '@/testing/fakeServer'
import { click, inDocument, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import AcdPane from './AcdPane.vue'

const URL = '/api/call/tenants/shushan/acd/settings'
const GROUPS = '/api/tenant/tenants/shushan/skill-groups'
const SAVED: AcdSettings = {
  ringTimeoutSeconds: 20,
  afterCallWorkSeconds: 30,
  maxQueueLength: 200,
  overflow: [{ from: 'general', to: 'payment', afterSeconds: 60 }],
  announcePosition: null,
  announceEverySeconds: null,
  queueLimit: null,
}
const SKILL_GROUPS = [
  { id: 'g1', code: 'general', name: '综合咨询', scopeUnit: null },
  { id: 'g2', code: 'payment', name: '医保缴费', scopeUnit: null },
]

type Draft = {
  overflow: { from: string; to: string; afterSeconds: string }[]
  announceMode: 'platform' | 'on' | 'off'
  queueLimitEnabled: boolean
  queueLimitAction: string
}

async function mountPane(routes: Record<string, unknown>, me?: Me) {
  const server = fakeServer({ [`GET ${URL}`]: SAVED, [`GET ${GROUPS}`]: SKILL_GROUPS, ...routes })
  vi.stubGlobal('fetch', server.fetch)
  const { wrapper } = await mountView(AcdPane, { me })
  await settle()
  const draft = () => (wrapper.vm as unknown as { $: { setupState: { draft: Draft } } }).$.setupState.draft
  return { server, wrapper, draft }
}

/** The message Element Plus shows under the form item holding `selector`. */
function errorBeside(selector: string): string {
  const item = inDocument(selector)?.closest('.el-form-item')
  return item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

describe('AcdPane (排队与分配)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('loads the tenant’s settings and skill groups, and explains each queue-limit action', async () => {
    const { server, draft } = await mountPane({})
    expect(server.sent('GET', URL)).toHaveLength(1)
    expect(server.sent('GET', GROUPS)).toHaveLength(1)
    expect((inDocument('[data-test="acd-ringTimeoutSeconds"]') as HTMLInputElement).value).toBe('20')
    expect((inDocument('[data-test="acd-maxQueueLength"]') as HTMLInputElement).value).toBe('200')
    expect(draft().overflow).toEqual([{ from: 'general', to: 'payment', afterSeconds: '60' }])
    expect(inDocument('[data-test="acd-no-queue-limit"]')?.textContent).toContain('来电一直排队')

    draft().queueLimitEnabled = true
    await settle()
    expect(inDocument('[data-test="acd-action-VOICEMAIL"]')?.textContent).toContain('转留言')
    expect(inDocument('[data-test="acd-action-help-VOICEMAIL"]')?.textContent).toContain('必回电清单')
    expect(inDocument('[data-test="acd-action-CALLBACK"]')?.textContent).toContain('保留排队位置并回拨')
    expect(inDocument('[data-test="acd-action-help-CALLBACK"]')?.textContent).toContain('坐席主动回拨')
    expect(inDocument('[data-test="acd-action-CHOICE"]')?.textContent).toContain('由来电人选择')
    expect(inDocument('[data-test="acd-action-help-CHOICE"]')?.textContent).toContain('按 1 保留位置并回拨，按 2 留言')
  })

  it('sends nothing while a number is out of range, and names the field and its range', async () => {
    const { server } = await mountPane({ [`PUT ${URL}`]: SAVED })
    await typeInto('[data-test="acd-ringTimeoutSeconds"]', '200')
    await typeInto('[data-test="acd-maxQueueLength"]', '十')
    await click('[data-test="acd-save"]')
    await settleValidation()

    expect(server.sent('PUT', URL)).toHaveLength(0)
    expect(errorBeside('[data-test="acd-ringTimeoutSeconds"]')).toBe('应为 5–120 之间的整数')
    expect(errorBeside('[data-test="acd-maxQueueLength"]')).toBe('应为 1–5000 之间的整数')
    expect(errorBeside('[data-test="acd-afterCallWorkSeconds"]')).toBe('')
    expect(inDocument('[data-test="acd-fix-first"]')).not.toBeNull()
  })

  it('refuses an interval without the position choice, and the choice without an interval', async () => {
    const { server, draft } = await mountPane({ [`PUT ${URL}`]: SAVED })
    await typeInto('[data-test="acd-announceEverySeconds"]', '60')
    await click('[data-test="acd-save"]')
    await settleValidation()
    expect(server.sent('PUT', URL)).toHaveLength(0)
    expect(errorBeside('[data-test="acd-announce-mode"]')).toContain('须同时设置或同时留空')

    draft().announceMode = 'on'
    await typeInto('[data-test="acd-announceEverySeconds"]', '')
    await click('[data-test="acd-save"]')
    await settleValidation()
    expect(server.sent('PUT', URL)).toHaveLength(0)
    expect(errorBeside('[data-test="acd-announceEverySeconds"]')).toContain('须同时设置或同时留空')
    expect(errorBeside('[data-test="acd-announce-mode"]')).toBe('')
  })

  it('refuses an overflow rule to the same group and a queue limit without an action', async () => {
    const { server, draft } = await mountPane({ [`PUT ${URL}`]: SAVED })
    await click('[data-test="acd-add-rule"]')
    draft().overflow[1]!.to = 'general'
    draft().queueLimitEnabled = true
    await settle()
    await typeInto('[data-test="acd-queueLimit-afterSeconds"]', '20')
    await click('[data-test="acd-save"]')
    await settleValidation()

    expect(server.sent('PUT', URL)).toHaveLength(0)
    expect(errorBeside('[data-test="acd-rule-1-to"]')).toBe('不能溢出到同一技能组')
    expect(errorBeside('[data-test="acd-rule-0-to"]')).toBe('')
    expect(errorBeside('[data-test="acd-queueLimit-afterSeconds"]')).toBe('应为 30–3600 之间的整数')
    expect(errorBeside('[data-test="acd-queueLimit-action"]')).toBe('请选择处理方式')
  })

  it('sends the whole settings body once every field is valid', async () => {
    const answer = { ...SAVED, announcePosition: false, announceEverySeconds: 45, queueLimit: { afterSeconds: 300, action: 'CHOICE' } }
    const { server, draft } = await mountPane({ [`PUT ${URL}`]: { json: answer } })
    await typeInto('[data-test="acd-ringTimeoutSeconds"]', '25')
    await typeInto('[data-test="acd-afterCallWorkSeconds"]', '0')
    await click('[data-test="acd-add-rule"]')
    draft().overflow[1]!.from = 'payment'
    draft().overflow[1]!.to = 'general'
    await settle()
    await typeInto('[data-test="acd-rule-1-after"]', '120')
    draft().announceMode = 'off'
    await typeInto('[data-test="acd-announceEverySeconds"]', '45')
    draft().queueLimitEnabled = true
    await settle()
    await typeInto('[data-test="acd-queueLimit-afterSeconds"]', '300')
    await click('[data-test="acd-action-CHOICE"]')
    await click('[data-test="acd-save"]')
    await settleValidation()
    await settle(4)

    expect(server.sent('PUT', URL).map((c) => c.body)).toEqual([
      {
        ringTimeoutSeconds: 25,
        afterCallWorkSeconds: 0,
        maxQueueLength: 200,
        overflow: [
          { from: 'general', to: 'payment', afterSeconds: 60 },
          { from: 'payment', to: 'general', afterSeconds: 120 },
        ],
        announcePosition: false,
        announceEverySeconds: 45,
        queueLimit: { afterSeconds: 300, action: 'CHOICE' },
      },
    ])
    expect(inDocument('[data-test="acd-fix-first"]')).toBeNull()
  })

  it('shows the server’s field errors beside the fields they name', async () => {
    const { server } = await mountPane({
      [`PUT ${URL}`]: {
        status: 400,
        problem: {
          code: 'VALIDATION_FAILED',
          detail: 'The ACD settings are not valid.',
          errors: [
            { field: 'overflow[0].from', message: 'a skill-group code (lower-case letters, digits, - and _)' },
            { field: 'maxQueueLength', message: 'required, 1-5000' },
            { field: 'queueLimit', message: 'not supported by this server' },
          ],
        },
      },
    })
    await click('[data-test="acd-save"]')
    await settleValidation()
    await settle(4)

    expect(server.sent('PUT', URL)).toHaveLength(1)
    expect(inDocument('[data-test="acd-error"]')?.textContent).toContain('The ACD settings are not valid.')
    expect(errorBeside('[data-test="acd-rule-0-from"]')).toContain('a skill-group code')
    expect(errorBeside('[data-test="acd-maxQueueLength"]')).toBe('required, 1-5000')
    expect(inDocument('[data-test="acd-other-errors"]')?.textContent).toContain('queueLimit：not supported by this server')
  })

  it('lets a supervisor read the settings but not save them', async () => {
    const { server } = await mountPane({}, { tenant: 'shushan', subject: 'u-sup', scopeUnit: null, roles: ['SUPERVISOR'], name: '班长' })
    expect(server.sent('GET', URL)).toHaveLength(1)
    expect(inDocument('[data-test="acd-read-only"]')).not.toBeNull()
    expect(inDocument('[data-test="acd-save"]')).toBeNull()
    expect((inDocument('[data-test="acd-ringTimeoutSeconds"]') as HTMLInputElement).disabled).toBe(true)
  })

  it('shows a refused read in Chinese and offers no form to save', async () => {
    await mountPane({ [`GET ${URL}`]: { status: 403, problem: { code: 'FORBIDDEN', detail: 'Only admins and supervisors read the ACD settings.' } } })
    expect(inDocument('[data-test="acd-error"]')?.textContent).toContain('无权执行此操作：Only admins and supervisors read the ACD settings.')
    expect(inDocument('[data-test="acd-ringTimeoutSeconds"]')).toBeNull()
    expect(inDocument('[data-test="acd-save"]')).toBeNull()
  })

  it('checks the same rules as the server without a form', () => {
    const fields = (s: Partial<AcdSettings>) => validateAcdSettings({ ...SAVED, ...s }).map((p) => `${p.field}:${p.problem}`)
    expect(fields({})).toEqual([])
    expect(fields({ ringTimeoutSeconds: 4, afterCallWorkSeconds: 601, maxQueueLength: 0 })).toEqual([
      'ringTimeoutSeconds:range',
      'afterCallWorkSeconds:range',
      'maxQueueLength:range',
    ])
    expect(fields({ ringTimeoutSeconds: 120, afterCallWorkSeconds: 0, maxQueueLength: 5000 })).toEqual([])
    expect(fields({ overflow: [{ from: 'General', to: 'x', afterSeconds: 3601 }] })).toEqual([
      'overflow[0].from:group',
      'overflow[0].afterSeconds:range',
    ])
    expect(fields({ overflow: [{ from: 'general', to: 'general', afterSeconds: 10 }] })).toEqual(['overflow[0].to:sameGroup'])
    expect(fields({ announcePosition: true, announceEverySeconds: 14 })).toEqual(['announceEverySeconds:range'])
    expect(fields({ announcePosition: false, announceEverySeconds: 600 })).toEqual([])
    expect(fields({ queueLimit: { afterSeconds: 3600, action: 'CALLBACK' } })).toEqual([])
    expect(fields({ queueLimit: { afterSeconds: 29, action: 'HANG_UP' as never } })).toEqual([
      'queueLimit.afterSeconds:range',
      'queueLimit.action:action',
    ])
  })
})
