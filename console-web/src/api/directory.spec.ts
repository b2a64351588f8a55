import { describe, expect, it, vi } from 'vitest'
import { fakeServer } from '@/testing/fakeServer'
import { addToBlacklist, createSeat, importUsers, removeFromBlacklist, setSpecialDay } from './directory'

describe('directory api (tenant admin)', () => {
  it('uploads the Excel file with the initial password as multipart', async () => {
    const server = fakeServer({
      'POST /api/tenant/tenants/shushan/imports/users': { json: { total: 2, imported: 1, failed: 1, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)

    const result = await importUsers('shushan', new File(['xlsx'], 'users.xlsx'), 'Initial-Secret-1')

    const form = server.calls[0]!.body as FormData
    expect(form.get('initialPassword')).toBe('Initial-Secret-1')
    expect((form.get('file') as File).name).toBe('users.xlsx')
    expect(result.imported).toBe(1)
  })

  it('reaches tenant-service for seats and days, call-cloud for the blacklist', async () => {
    const server = fakeServer({
      'POST /api/tenant/tenants/t1/seats': { status: 201, json: {} },
      'PUT /api/tenant/tenants/t1/calendar/days/2026-10-01': { json: {} },
      'POST /api/call/tenants/t1/blacklist': { status: 201, json: {} },
      'DELETE /api/call/tenants/t1/blacklist/b1': { status: 204 },
    })
    vi.stubGlobal('fetch', server.fetch)

    await createSeat('t1', { seatNo: '1001' })
    await setSpecialDay('t1', '2026-10-01', { kind: 'HOLIDAY', name: '国庆节' })
    await addToBlacklist('t1', { number: '13900000000', reason: '骚扰' })
    await removeFromBlacklist('t1', 'b1')

    expect(server.calls.map((c) => c.method)).toEqual(['POST', 'PUT', 'POST', 'DELETE'])
    expect(server.calls[1]!.body).toEqual({ kind: 'HOLIDAY', name: '国庆节' })
  })
})
