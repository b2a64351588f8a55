import { describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { lightOf, listTickets, takeStep } from './tickets'

describe('tickets api', () => {
  it('shows the worst raised warning as the light', () => {
    expect(lightOf([])).toBe('GREEN')
    expect(lightOf(['sign-for:YELLOW'])).toBe('YELLOW')
    expect(lightOf(['sign-for:YELLOW', 'closing:RED'])).toBe('RED')
  })

  it('filters by status and sends steps with their body to the ticket', async () => {
    const server = fakeServer({
      'GET /api/ticket/tenants/nanning/tickets': [],
      'POST /api/ticket/tenants/nanning/tickets/t-1/dispatch': { json: { id: 't-1' } },
    })
    vi.stubGlobal('fetch', server.fetch)

    await listTickets('nanning', { status: 'SIGNED' })
    await takeStep('nanning', 't-1', 'dispatch', { unit: 'zjj', text: '请办理', version: 2 })

    expect(server.calls[0]!.query.get('status')).toBe('SIGNED')
    expect(server.calls[0]!.query.get('limit')).toBe('200')
    expect(server.calls[1]!.body).toEqual({ unit: 'zjj', text: '请办理', version: 2 })
  })
})
