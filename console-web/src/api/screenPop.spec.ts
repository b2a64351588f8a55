import { describe, expect, it, vi } from 'vitest'
import { categoryTree, createTicket, screenPop, searchKnowledge, type TicketDraft, validateDraft } from './screenPop'

const draft: TicketDraft = {
  kind: 'CONSULTATION',
  category: 'yibao.remote',
  urgency: 'NORMAL',
  citizenName: '',
  phone: '13800138000',
  content: '异地就医怎么备案？',
  address: '',
  callId: 'call-1',
}

describe('ticket-service calls of the agent desk', () => {
  it('asks for the screen pop of the calling number', async () => {
    const fetchMock = vi.fn(async (_url: string) => Response.json({ total: 0, tickets: [], calls: [], duplicate: null }))
    vi.stubGlobal('fetch', fetchMock)
    await screenPop('shushan', '+86 138-0013-8000')
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/ticket/tenants/shushan/screen-pop?number=%2B86%20138-0013-8000')
  })

  it('turns the flat categories into a tree without inactive ones', () => {
    const tree = categoryTree([
      { code: 'yibao', parentCode: null, name: '医疗保障', active: true },
      { code: 'yibao.remote', parentCode: 'yibao', name: '异地就医', active: true },
      { code: 'yibao.old', parentCode: 'yibao', name: '旧分类', active: false },
      { code: 'other', parentCode: null, name: '其他', active: true },
    ])
    expect(tree).toEqual([
      { value: 'yibao', label: '医疗保障', children: [{ value: 'yibao.remote', label: '异地就医' }] },
      { value: 'other', label: '其他' },
    ])
  })

  it('lists every field at fault before anything is sent', () => {
    expect(validateDraft(draft)).toEqual([])
    expect(validateDraft({ ...draft, kind: '', category: '', phone: 'abc', content: ' ' })).toEqual([
      'kind',
      'category',
      'phone',
      'content',
    ])
  })

  it('creates a phone ticket linked to the call', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => Response.json({ id: 'T1', status: 'OPEN' }))
    vi.stubGlobal('fetch', fetchMock)
    await createTicket('shushan', draft)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/ticket/tenants/shushan/tickets')
    expect(JSON.parse(String(init?.body))).toEqual({
      channel: 'PHONE',
      kind: 'CONSULTATION',
      category: 'yibao.remote',
      urgency: 'NORMAL',
      citizen: { phone: '13800138000' },
      content: '异地就医怎么备案？',
      calls: ['call-1'],
    })
  })

  it('reads knowledge hits', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ query: '备案', count: 1, hits: [{ id: 'k1', title: '异地就医备案' }] })),
    )
    await expect(searchKnowledge('shushan', '备案')).resolves.toEqual([{ id: 'k1', title: '异地就医备案' }])
  })
})
