import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { invalidAnnouncement, invalidPoints, secondsLeft } from '@/api/workforce'
import type { Me } from '@/api/me'
import { fakeServer } from '@/testing/fakeServer'
import { ADMIN, AGENT, click, inDocument, mountView, settle, typeInto } from '@/testing/mountView'
import AnnouncementsView from './AnnouncementsView.vue'
import AnnouncementTicker from './AnnouncementTicker.vue'
import ForecastChart from './ForecastChart.vue'
import QualityView from './QualityView.vue'
import SchedulingView from './SchedulingView.vue'
import SmsView from './SmsView.vue'
import TrainingView from './TrainingView.vue'

const W = '/api/workforce/tenants/shushan'
const SUPERVISOR: Me = { tenant: 'shushan', subject: 'u-sup', scopeUnit: null, roles: ['SUPERVISOR'], name: '班长' }
const TEMPLATE = {
  id: 'tpl-1',
  code: 'basic',
  version: 1,
  name: '基础质检',
  items: [
    { code: 'greeting', name: '规范问候', weight: 40, fatal: false },
    { code: 'answer', name: '答复准确', weight: 60, fatal: false },
    { code: 'abuse', name: '辱骂客户', weight: 0, fatal: true },
  ],
}
const TASK = {
  id: 'task-1',
  kind: 'CALL',
  subject: 'call-1',
  agent: 'u-agent',
  team: 'general',
  period: '2026-11',
  templateId: 'tpl-1',
  inspector: 'u-sup',
  reason: 'SAMPLE',
  status: 'ASSIGNED',
  score: null,
  fatal: false,
  points: null,
  comment: null,
  appealReason: null,
  appealNote: null,
  createdAt: '2026-11-24T00:00:00Z',
  steps: [],
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('QualityView', () => {
  it('plays the recording through the audited link and scores within each item weight', async () => {
    const server = fakeServer({
      [`GET ${W}/quality/tasks`]: [TASK],
      [`GET ${W}/quality/templates`]: [TEMPLATE],
      [`POST ${W}/quality/tasks/task-1/playback`]: { url: 'http://s3.test/rec.wav?sig=1', validSeconds: 300 },
      [`POST ${W}/quality/tasks/task-1/score`]: { ...TASK, status: 'SCORED', score: 90 },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(QualityView, { me: SUPERVISOR })
    expect(server.sent('GET', `${W}/quality/tasks`)[0]!.url).toContain('inspector=u-sup')

    await wrapper.get('[data-test="qa-tasks"] .el-table__row').trigger('click')
    await settle()
    await click('[data-test="qa-play"]')
    await settle()
    expect(wrapper.get('[data-test="qa-audio"]').attributes('src')).toBe('http://s3.test/rec.wav?sig=1')
    expect(server.sent('POST', `${W}/quality/tasks/task-1/playback`)[0]!.body).toMatchObject({ reason: '质检评分时回听' })

    await click('[data-test="qa-score"]')
    await settle()
    expect(server.sent('POST', `${W}/quality/tasks/task-1/score`)[0]!.body).toEqual({
      points: { greeting: 40, answer: 60, abuse: 0 },
      fatalViolations: [],
      comment: '',
    })
    expect(wrapper.find('[data-test="qa-score"]').exists()).toBe(false)
  })

  it('lets an agent see only its own tasks and refuses points beyond an item weight', async () => {
    const server = fakeServer({ [`GET ${W}/quality/tasks`]: [], [`GET ${W}/quality/templates`]: [TEMPLATE] })
    vi.stubGlobal('fetch', server.fetch)
    await mountView(QualityView, { me: AGENT })
    expect(server.sent('GET', `${W}/quality/tasks`)[0]!.url).toContain('agent=u-agent')
    expect(invalidPoints(TEMPLATE, { greeting: 41, answer: 0, abuse: 0 })).toBe('greeting')
    expect(invalidPoints(TEMPLATE, { greeting: 40, answer: 60, abuse: 0 })).toBeNull()
  })
})

describe('SchedulingView', () => {
  it('shows the roster by agent and day, approves a request and draws forecast against roster', async () => {
    const server = fakeServer({
      [`GET ${W}/scheduling/roster`]: (call: { query: URLSearchParams }) => {
        const day = call.query.get('from')!
        return { json: { 'u-agent': [{ agent: 'u-agent', day, shift: 'D' }] } }
      },
      [`GET ${W}/scheduling/requests`]: [
        { id: 'r1', kind: 'LEAVE', agent: 'u-agent', otherAgent: null, day: '2026-11-25', reason: '病假', status: 'PENDING', decidedBy: null, note: null },
      ],
      [`GET ${W}/scheduling/agents/u-sup/shifts`]: [],
      [`POST ${W}/scheduling/requests/r1/approve`]: { id: 'r1', status: 'APPROVED' },
      [`GET ${W}/scheduling/forecast`]: {
        day: '2026-11-25',
        weeks: 4,
        halfHours: [
          { at: '09:00', expectedCalls: 30, erlangs: 3, requiredAgents: 5, rosteredAgents: 4, shortfall: 1, serviceLevelAsRostered: 0.7 },
        ],
        shortHalfHours: 1,
        peakShortfall: 1,
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(SchedulingView, { me: SUPERVISOR, stubs: { ForecastChart: true } })
    expect(wrapper.get('[data-test="wfm-roster"]').text()).toContain('u-agent')
    expect(wrapper.get('[data-test="wfm-roster"]').text()).toContain('D')
    expect(wrapper.get('[data-test="wfm-requests"]').text()).toContain('病假')

    await wrapper.get('[data-test="wfm-requests"] .el-button--primary').trigger('click')
    await settle()
    expect(server.sent('POST', `${W}/scheduling/requests/r1/approve`)).toHaveLength(1)
    expect(wrapper.get('[data-test="wfm-requests"]').text()).not.toContain('病假')

    await click('[data-test="wfm-forecast"]')
    await settle()
    expect(wrapper.get('[data-test="wfm-forecast-summary"]').text()).toContain('峰值缺口 1 人')
    expect(wrapper.findComponent(ForecastChart).props('slots')).toHaveLength(1)
  })

  it('an agent sees its shifts and a swap without the other agent sends nothing', async () => {
    const server = fakeServer({
      [`GET ${W}/scheduling/agents/u-agent/shifts`]: [
        { agent: 'u-agent', day: '2026-11-25', shift: 'D', starts: '2026-11-25T08:00', ends: '2026-11-25T17:00' },
      ],
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(SchedulingView, { me: AGENT })
    expect(server.sent('GET', `${W}/scheduling/roster`)).toHaveLength(0)
    expect(wrapper.get('[data-test="wfm-shifts"]').text()).toContain('2026-11-25T08:00')
    const select = wrapper.findComponent({ name: 'ElSelect' })
    select.vm.$emit('update:modelValue', 'SWAP')
    await flushPromises()
    await click('[data-test="wfm-file"]')
    await settle()
    expect(inDocument('[data-test="wfm-problem"]')!.textContent).toContain('换班需填写对方工号')
    expect(server.sent('POST', `${W}/scheduling/requests`)).toHaveLength(0)
  })
})

describe('TrainingView', () => {
  it('takes a timed exam: answers go to the server, the clock counts down, the score shows after submitting', async () => {
    const paper = '0190a1b2-0000-7000-8000-000000000001'
    const exam = {
      id: 'x1',
      paper,
      title: '医保政策测验',
      status: 'IN_PROGRESS',
      startedAt: new Date().toISOString(),
      deadline: new Date(Date.now() + 600_000).toISOString(),
      submittedAt: null,
      autoSubmitted: false,
      objectiveScore: null,
      manualScore: null,
      totalScore: null,
      items: [{ question: 'q1', kind: 'SINGLE', stem: '12393 是？', options: ['医保热线', '天气'], points: 10, given: [], reference: null, autoPoints: null, manualPoints: null }],
    }
    const server = fakeServer({
      [`GET ${W}/training/courses`]: [],
      [`POST ${W}/training/papers/${paper}/exams`]: { status: 201, json: exam },
      [`PUT ${W}/training/exams/x1/answers/q1`]: {},
      [`POST ${W}/training/exams/x1/submit`]: { ...exam, status: 'SCORED', submittedAt: new Date().toISOString(), totalScore: 10 },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(TrainingView, { me: AGENT })
    await click('[data-test="trn-start"]')
    await settle()
    expect(inDocument('[data-test="trn-problem"]')).not.toBeNull()
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0)

    await typeInto('[data-test="trn-paper"]', paper)
    await click('[data-test="trn-start"]')
    await settle()
    expect(wrapper.get('[data-test="trn-clock"]').text()).toMatch(/剩余时间 (9:5\d|10:00)/)
    await wrapper.get('[data-test="trn-exam"] input[type="radio"]').setValue(true)
    await settle()
    expect(server.sent('PUT', `${W}/training/exams/x1/answers/q1`)[0]!.body).toEqual({ answer: ['A'] })

    await click('[data-test="trn-submit"]')
    await settle()
    expect(wrapper.get('[data-test="trn-score"]').text()).toBe('成绩：10')
    expect(secondsLeft(new Date(Date.now() - 1000).toISOString())).toBe(0)
  })
})

describe('announcements', () => {
  it('lists, marks read on opening, shows receipts and refuses a draft without a title', async () => {
    const item = {
      id: 'a1', group: '通知', title: '系统升级', body: '今晚 22:00 升级', urgent: true, scrolling: false,
      targets: { all: true, roles: [], users: [] }, publishAt: '2026-11-24T01:00:00Z', expiresAt: null,
      createdBy: 'u-admin', createdAt: '2026-11-24T01:00:00Z', read: false, reads: 3, replies: 0,
    }
    const server = fakeServer({
      [`GET ${W}/announcements`]: [item],
      [`POST ${W}/announcements/a1/read`]: {},
      [`GET ${W}/announcements/a1/receipts`]: [{ user: 'u-agent', readAt: '2026-11-24T02:00:00Z' }],
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(AnnouncementsView, { me: ADMIN })
    expect(server.sent('GET', `${W}/announcements`)[0]!.url).toContain('all=true')
    await wrapper.get('[data-test="ann-list"] .el-table__row').trigger('click')
    await settle()
    expect(server.sent('POST', `${W}/announcements/a1/read`)).toHaveLength(1)
    expect(wrapper.get('[data-test="ann-current"]').text()).toContain('u-agent')

    await click('[data-test="ann-new"]')
    await settle()
    await click('[data-test="ann-send"]')
    await settle()
    expect(inDocument('[data-test="ann-problem"]')!.textContent).toContain('标题为 1-200 个字符')
    expect(server.sent('POST', `${W}/announcements`)).toHaveLength(0)
    expect(invalidAnnouncement({ title: 'x', body: 'y', urgent: false, scrolling: false, targets: {} })).toBe('targets')
  })

  it('the shell ticker scrolls live announcements and pops an urgent one up once, with a read receipt', async () => {
    const urgent = { id: 'u1', title: '紧急停电', body: '机房停电演练', urgent: true }
    const server = fakeServer({
      [`GET ${W}/announcements/scrolling`]: [{ id: 's1', title: '医保新政', body: '1 月 1 日起执行' }],
      [`GET ${W}/announcements/popups`]: [urgent],
      [`POST ${W}/announcements/u1/read`]: {},
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(AnnouncementTicker, { me: AGENT, props: { tenant: 'shushan', everyMs: 3_600_000 } })
    await settle()
    expect(wrapper.get('[data-test="ticker"]').text()).toContain('医保新政')
    expect(document.body.textContent).toContain('机房停电演练')
    ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
    await settle(6)
    expect(server.sent('POST', `${W}/announcements/u1/read`)).toHaveLength(1)
  })
})

describe('SmsView', () => {
  it('shows templates and usage, refuses a batch without a sheet, uploads one and shows its delivery report', async () => {
    const server = fakeServer({
      [`GET ${W}/sms/templates`]: [{ id: 't1', name: '办结通知', body: '您的工单${ticket}已办结', variables: ['ticket'], active: true, createdAt: '' }],
      [`GET ${W}/sms/usage`]: { month: '2026-11', used: 12, quota: 10000 },
      [`POST ${W}/sms/batches/import`]: { status: 202, json: { id: 'b1', name: '回访', total: 2, byStatus: { QUEUED: 2 }, createdAt: '' } },
      [`GET ${W}/sms/batches/b1`]: { id: 'b1', name: '回访', total: 2, byStatus: { DELIVERED: 1, FAILED: 1 }, createdAt: '' },
      [`GET ${W}/sms/messages`]: [
        { id: 'm1', batch: 'b1', to: '139****9001', content: '【12345】您的工单T1已办结', segments: 1, status: 'DELIVERED', deliveredSegments: 1, error: null },
      ],
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountView(SmsView, { me: ADMIN })
    expect(wrapper.get('[data-test="sms-usage"]').text()).toContain('已发送 12 条 / 配额 10000 条')
    expect(wrapper.get('[data-test="sms-templates"]').text()).toContain('ticket')

    await click('[data-test="sms-send"]')
    await settle()
    expect(inDocument('[data-test="sms-problem"]')).not.toBeNull()
    expect(server.sent('POST', `${W}/sms/batches/import`)).toHaveLength(0)

    await typeInto('[data-test="sms-batch-name"]', '回访')
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 't1')
    const input = wrapper.get('[data-test="sms-file"]').element as HTMLInputElement
    const sheet = new File([new Uint8Array([80, 75])], 'list.xlsx')
    Object.defineProperty(input, 'files', { value: [sheet] })
    await wrapper.get('[data-test="sms-file"]').trigger('change')
    await click('[data-test="sms-send"]')
    await settle()
    const form = server.sent('POST', `${W}/sms/batches/import`)[0]!.body as FormData
    expect(form.get('name')).toBe('回访')
    expect(form.get('template')).toBe('t1')
    expect(wrapper.get('[data-test="sms-report"]').text()).toContain('139****9001')
    expect(wrapper.get('[data-test="sms-report"]').text()).toContain('DELIVERED 1')
  })
})
