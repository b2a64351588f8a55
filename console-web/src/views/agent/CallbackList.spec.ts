import { flushPromises, mount } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsoleI18n } from '@/i18n'
import CallbackList from './CallbackList.vue'

const task = (id: string, status: string, claimedBy: string | null) => ({
  id,
  callId: `call-${id}`,
  reason: 'ABANDONED',
  group: 'general',
  caller: '13800138000',
  arrivedAt: '2026-11-24T01:00:00Z',
  dueAt: '2026-11-24T03:00:00Z',
  status,
  claimedBy,
  attempts: 0,
  outcome: null,
  note: null,
  doneAt: null,
})

describe('CallbackList', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
  })

  it('claims an open task, calls back and completes only with an outcome', async () => {
    const posts: { url: string; body: unknown }[] = []
    let claimed = false
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push({ url, body: JSON.parse(String(init.body)) })
          if (url.endsWith('/claim')) claimed = true
          return Response.json(task('t1', 'CLAIMED', 'me'))
        }
        if (url.endsWith('status=OPEN')) return Response.json({ tasks: claimed ? [] : [task('t1', 'OPEN', null)] })
        return Response.json({ tasks: claimed ? [task('t1', 'CLAIMED', 'me'), task('t2', 'CLAIMED', 'other')] : [] })
      }),
    )
    const wrapper = mount(CallbackList, {
      props: { tenant: 'shushan', me: 'me' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(wrapper.get('[data-test="callback-table"]').text()).toContain('排队放弃')

    await wrapper.get('[data-test="claim-t1"]').trigger('click')
    await flushPromises()
    expect(posts[0]!.url).toBe('/api/call/tenants/shushan/callbacks/t1/claim')
    expect(wrapper.find('[data-test="claim-t1"]').exists()).toBe(false)
    // another agent's claimed task is not in this agent's list
    expect(wrapper.find('[data-test="complete-t2"]').exists()).toBe(false)

    await wrapper.get('[data-test="call-back-t1"]').trigger('click')
    expect(wrapper.emitted('dial')![0]).toEqual(['13800138000', 't1'])

    await wrapper.get('[data-test="complete-t1"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="error-t1"]').text()).toBe('请选择回拨结果')
    expect(posts).toHaveLength(1)

    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'REACHED')
    await flushPromises()
    await wrapper.get('[data-test="complete-t1"]').trigger('click')
    await flushPromises()
    expect(posts[1]).toEqual({ url: '/api/call/tenants/shushan/callbacks/t1/complete', body: { outcome: 'REACHED' } })
  })

  it('shows a supervisor the kept callbacks waiting in the queue and releases one to the list', async () => {
    const posts: string[] = []
    let released = false
    const kept = { ...task('k1', 'CLAIMED', 'acd-queue'), reason: 'QUEUE_CALLBACK' }
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push(url)
          released = true
          return Response.json({ id: 'k1', status: 'OPEN' })
        }
        if (url.endsWith('status=OPEN')) return Response.json({ tasks: released ? [{ ...kept, status: 'OPEN', claimedBy: null }] : [] })
        return Response.json({ tasks: released ? [] : [kept] })
      }),
    )
    const agent = mount(CallbackList, {
      props: { tenant: 'xuzhou-yb', me: 'me' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
    })
    await flushPromises()
    // an agent does not see them: the agent it is offered to calls back
    expect(agent.find('[data-test="release-k1"]').exists()).toBe(false)

    const wrapper = mount(CallbackList, {
      props: { tenant: 'xuzhou-yb', me: 'lead', supervisor: true },
      global: { plugins: [createConsoleI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    const table = wrapper.get('[data-test="callback-table"]').text()
    expect(table).toContain('排队回拨')
    expect(table).toContain('排队保留中')
    expect(wrapper.find('[data-test="complete-k1"]').exists()).toBe(false)

    await wrapper.get('[data-test="release-k1"]').trigger('click')
    await flushPromises()
    expect(posts).toEqual(['/api/call/tenants/xuzhou-yb/callbacks/k1/release'])
    // now an ordinary open task anyone may claim
    expect(wrapper.find('[data-test="release-k1"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="claim-k1"]').exists()).toBe(true)
  })
})
