import { describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { checkDocument, cleanDocument, newNode, publishTree, saveDraft, type IvrDocument } from './ivr'

const good: IvrDocument = {
  start: 'welcome',
  nodes: [
    { id: 'welcome', type: 'announcement', prompt: 'welcome', next: 'menu' },
    { id: 'menu', type: 'menu', prompt: 'menu', choices: [{ digit: '1', next: 'pay' }], timeoutSeconds: 5, retries: 2, onFailure: 'pay' },
    { id: 'pay', type: 'queue', group: 'payment', priority: 0 },
  ],
}

describe('IVR documents', () => {
  it('accepts a well-formed tree', () => {
    expect(checkDocument(good)).toEqual([])
  })

  it('marks each broken node and field', () => {
    const broken: IvrDocument = {
      start: 'nowhere',
      nodes: [
        { id: 'Bad Id', type: 'hangup' },
        { id: 'a', type: 'announcement', prompt: '' },
        { id: 'm', type: 'menu', prompt: 'p', onFailure: 'a', choices: [{ digit: '1', next: 'a' }, { digit: '1', next: 'x' }, { digit: 'A', next: 'a' }] },
        { id: 'q', type: 'queue', priority: 12 },
        { id: 'q', type: 'hangup' },
      ],
    }

    const errors = checkDocument(broken).map((e) => `${e.node}.${e.field}:${e.message}`)

    expect(errors).toEqual(
      expect.arrayContaining([
        'Bad Id.id:id',
        'q.id:duplicate',
        'null.start:unknownTarget',
        'a.prompt:required',
        'a.next:required',
        'm.choices:duplicateDigit',
        'm.choices:unknownTarget',
        'm.choices:digit',
        'q.priority:range',
      ]),
    )
  })

  it('sends only the fields of each node’s type', () => {
    const node = { ...newNode('queue', 'q'), prompt: 'left over from an announcement', group: '' }

    expect(cleanDocument({ start: 'q', nodes: [node] })).toEqual({ start: 'q', nodes: [{ id: 'q', type: 'queue', priority: 0 }] })
  })

  it('saves the cleaned draft and publishes it under the tenant’s path', async () => {
    const server = fakeServer({
      'PUT /api/call/tenants/shushan/ivr-trees/main/draft': { json: { tree: 'main' } },
      'POST /api/call/tenants/shushan/ivr-trees/main/publish': { status: 201, json: { version: 3 } },
    })
    vi.stubGlobal('fetch', server.fetch)

    await saveDraft('shushan', 'main', good)
    expect(await publishTree('shushan', 'main')).toEqual({ version: 3 })
    expect(server.calls[0]!.body).toEqual(cleanDocument(good))
  })
})
