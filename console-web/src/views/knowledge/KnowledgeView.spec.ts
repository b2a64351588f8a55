import { afterEach, describe, expect, it, vi } from 'vitest'
import { highlighted, invalidDraft, stepsFrom } from '@/api/knowledge'
import { fakeServer } from '@/testing/fakeServer'
import { AGENT, click, inDocument, mountView, settle, typeInto } from '@/testing/mountView'
import KnowledgeView from './KnowledgeView.vue'

const K = '/api/ticket/tenants/shushan/knowledge'
const ENTRY = {
  id: 'e1',
  content: {
    kind: 'ARTICLE',
    title: '异地就医备案',
    body: '参保人可通过国家医保服务平台 App 办理备案。',
    tags: ['医保'],
    category: '医保/异地就医',
    tier: 'TENANT',
    scopeUnit: null,
    unitCode: null,
    contacts: [],
    validFrom: null,
    validTo: null,
  },
  status: 'IN_REVIEW',
  version: 2,
  owner: 'u1',
  updatedBy: 'u1',
  updatedAt: '2026-11-24T01:00:00Z',
  revises: null,
}

function server(extra: Record<string, unknown> = {}) {
  return fakeServer({
    [`GET ${K}/hot`]: [{ id: 'e1', title: '异地就医备案', category: '医保/异地就医', hot: 9 }],
    [`GET ${K}/entries`]: [ENTRY],
    [`GET ${K}/search`]: {
      query: '备案',
      count: 1,
      hits: [
        { id: 'e1', kind: 'ARTICLE', category: '医保/异地就医', title: '异地就医<em>备案</em>', snippet: '办理<em>备案</em>', body: '', score: 3 },
      ],
    },
    [`GET ${K}/entries/e1`]: ENTRY,
    [`GET ${K}/entries/e1/history`]: [
      { version: 1, action: 'CREATE', status: 'DRAFT', title: 't', body: 'b', changedBy: 'u1', changedAt: '2026-11-24T00:00:00Z', note: null },
    ],
    [`POST ${K}/entries/e1/approve`]: { ...ENTRY, status: 'PUBLISHED' },
    [`POST ${K}/ask`]: {
      mode: 'EXTRACTIVE',
      text: '可通过国家医保服务平台 App 办理备案。[1]',
      citations: [{ number: 1, entryId: 'e1', title: '异地就医备案', text: '…' }],
      note: null,
    },
    [`POST ${K}/entries`]: { status: 201, json: { ...ENTRY, id: 'e2', status: 'DRAFT' } },
    [`GET ${K}/entries/e2/history`]: [],
    ...extra,
  })
}

describe('KnowledgeView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('searches in Chinese, opens the article with its history and answers with citations', async () => {
    const fake = server()
    vi.stubGlobal('fetch', fake.fetch)
    const { wrapper } = await mountView(KnowledgeView, { me: AGENT })
    expect(wrapper.text()).toContain('热门知识')
    expect(wrapper.find('[data-test="kb-new"]').exists()).toBe(false)

    await typeInto('[data-test="kb-query"]', '备案')
    await click('[data-test="kb-search"]')
    await settle()
    expect(fake.sent('GET', `${K}/search`)[0]!.url).toContain(`q=${encodeURIComponent('备案')}`)
    expect(inDocument('[data-test="kb-hit-e1"]')!.innerHTML).toContain('<em>备案</em>')

    await click('[data-test="kb-hit-e1"]')
    await settle()
    expect(wrapper.get('[data-test="kb-body"]').text()).toContain('国家医保服务平台')
    expect(wrapper.get('[data-test="kb-article"]').text()).toContain('第 1 版 CREATE')

    await typeInto('[data-test="kb-question"]', '怎么办理异地就医备案')
    await click('[data-test="kb-ask-send"]')
    await settle()
    expect(fake.sent('POST', `${K}/ask`)[0]!.body).toEqual({ question: '怎么办理异地就医备案' })
    expect(wrapper.get('[data-test="kb-answer"]').text()).toContain('[1]')
    expect(wrapper.get('[data-test="kb-citations"]').text()).toContain('异地就医备案')
  })

  it('lets an editor approve an entry in review and refuses an empty draft before sending', async () => {
    const fake = server()
    vi.stubGlobal('fetch', fake.fetch)
    const { wrapper } = await mountView(KnowledgeView)
    expect(wrapper.text()).toContain('待审核（1）')
    await click('[data-test="kb-hit-e1"]')
    await settle()
    await click('[data-test="kb-step-approve"]')
    await settle()
    expect(fake.sent('POST', `${K}/entries/e1/approve`)).toHaveLength(1)
    expect(wrapper.get('[data-test="kb-article"]').text()).toContain('已发布')

    await click('[data-test="kb-new"]')
    await settle()
    await click('[data-test="kb-save"]')
    await settle()
    expect(inDocument('[data-test="kb-invalid"]')!.textContent).toContain('标题为 1-200 个字符')
    expect(fake.sent('POST', `${K}/entries`)).toHaveLength(0)

    await typeInto('[data-test="kb-title"]', '社保卡挂失')
    await typeInto('[data-test="kb-category"]', '社保/社保卡')
    await typeInto('[data-test="kb-body-input"]', '拨打 12333 挂失。')
    await click('[data-test="kb-save"]')
    await settle()
    expect(fake.sent('POST', `${K}/entries`)[0]!.body).toMatchObject({
      kind: 'ARTICLE',
      title: '社保卡挂失',
      category: '社保/社保卡',
      body: '拨打 12333 挂失。',
      tags: [],
      tier: 'TENANT',
    })
  })

  it('lets only <em> marks of a hit through and knows the workflow steps', () => {
    expect(highlighted('a<em>b</em>&lt;c<script>x</script><em onclick="y">')).toBe('a<em>b</em>&lt;cx')
    expect(stepsFrom('IN_REVIEW')).toEqual(['approve', 'reject'])
    expect(
      invalidDraft({ kind: 'ARTICLE', title: 'x', body: 'y', category: 'c', tags: ['a'.repeat(33)], tier: 'TENANT' }),
    ).toBe('tags')
  })
})
