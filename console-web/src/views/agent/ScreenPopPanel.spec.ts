import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createConsoleI18n } from '@/i18n'
import ScreenPopPanel from './ScreenPopPanel.vue'

describe('ScreenPopPanel', () => {
  it("shows the caller's recent tickets and a possible duplicate when a call rings", async () => {
    const fetchMock = vi.fn(async (_url: string) =>
      Response.json({
        total: 1,
        tickets: [
          {
            id: 'T1',
            status: 'DISPATCHED',
            kind: 'COMPLAINT',
            category: 'yibao',
            summary: '报销进度慢',
            mainUnit: 'u1',
            calls: [],
            openedAt: '2026-11-20T02:00:00Z',
          },
        ],
        calls: [],
        duplicate: { ticket: 'T1', reason: 'same category' },
      }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(ScreenPopPanel, {
      props: { tenant: 'shushan', number: null },
      global: { plugins: [createConsoleI18n('zh-CN')] },
    })
    expect(fetchMock).not.toHaveBeenCalled()

    await wrapper.setProps({ number: '13800138000' })
    await flushPromises()

    expect(fetchMock.mock.calls[0]![0]).toBe('/api/ticket/tenants/shushan/screen-pop?number=13800138000')
    expect(wrapper.get('[data-test="history"]').text()).toContain('报销进度慢')
    expect(wrapper.get('[data-test="duplicate"]').text()).toContain('可能重复：工单 T1')
  })

  it('shows a failed look-up as the problem in Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'intake roles only' }), {
            status: 403,
            headers: { 'content-type': 'application/problem+json' },
          }),
      ),
    )
    const wrapper = mount(ScreenPopPanel, {
      props: { tenant: 'shushan', number: '13800138000' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
    })
    await flushPromises()
    expect(wrapper.get('[data-test="screen-pop-error"]').text()).toContain('没有权限：intake roles only [FORBIDDEN]')
  })

  it('does not look up a masked number (after a reload) and says why', async () => {
    const fetchMock = vi.fn(async (_url: string) => Response.json({ total: 0, tickets: [], calls: [], duplicate: null }))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(ScreenPopPanel, {
      props: { tenant: 'shushan', number: '138****5678' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
    })
    await flushPromises()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.get('[data-test="masked"]').text()).toContain('号码已隐藏')
    expect(wrapper.get('[data-test="screen-pop-number"]').text()).toContain('138****5678')
  })
})
