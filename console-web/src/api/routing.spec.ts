import { describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { saveRules, simulate } from './routing'

describe('routing api', () => {
  it('saves the document as it is and asks the simulator about one call', async () => {
    const server = fakeServer({
      'PUT /api/call/tenants/xuzhou-yb/routing/rules': { json: { revision: 2 } },
      'POST /api/call/tenants/xuzhou-yb/routing/simulate': { json: { why: 'rule vip' } },
    })
    vi.stubGlobal('fetch', server.fetch)

    await saveRules('xuzhou-yb', { rules: [], defaultQueue: 'general' })
    const answer = await simulate('xuzhou-yb', { calledNumber: '12393', callerNumber: '13800000001', ivrChoices: '3' })

    expect(server.calls[0]!.body).toEqual({ rules: [], defaultQueue: 'general' })
    expect(server.calls[1]!.body).toEqual({ calledNumber: '12393', callerNumber: '13800000001', ivrChoices: '3' })
    expect(answer.why).toBe('rule vip')
  })
})
