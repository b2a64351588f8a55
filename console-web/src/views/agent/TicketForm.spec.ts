import { flushPromises, mount } from '@vue/test-utils'
import { ElCascader, ElSelect } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsoleI18n } from '@/i18n'
import { setSession } from '@/session'
import TicketForm from './TicketForm.vue'

describe('TicketForm', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
    setSession({ tenant: 'shushan', subject: 'u-1', scopeUnit: null, roles: ['TICKET_CLERK'], name: null })
  })
  afterEach(() => setSession(null))

  it('validates before saving, then saves, cites a knowledge entry and answers directly', async () => {
    const posts: { url: string; body: Record<string, unknown> }[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push({ url, body: JSON.parse(String(init.body)) as Record<string, unknown> })
          return Response.json({ id: 'T-2026-1', status: url.endsWith('/answer') ? 'ANSWERED' : 'OPEN' })
        }
        if (url.includes('ticket-categories')) {
          return Response.json([
            { code: 'yibao', parentCode: null, name: '医疗保障', active: true },
            { code: 'yibao.remote', parentCode: 'yibao', name: '异地就医', active: true },
          ])
        }
        return Response.json({
          hits: [{ id: 'k1', kind: 'POLICY', category: '医保', title: '异地就医备案', snippet: '<em>备案</em>', body: '登录国家医保服务平台备案。', score: 1 }],
        })
      }),
    )
    const wrapper = mount(TicketForm, {
      props: { tenant: 'shushan', callId: 'call-1', phone: '13800138000' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()

    await wrapper.get('[data-test="ticket-save"]').trigger('click')
    await flushPromises()
    expect(posts).toEqual([])
    const text = wrapper.get('[data-test="draft-problems"]').text()
    expect(text).toContain('请选择诉求类型')
    expect(text).toContain('请选择分类')
    expect(text).toContain('请填写诉求内容')

    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'CONSULTATION')
    wrapper.findComponent(ElCascader).vm.$emit('update:modelValue', ['yibao', 'yibao.remote'])
    const content = wrapper.get('[data-test="ticket-content"]')
    await (content.element.tagName === 'TEXTAREA' ? content : content.get('textarea')).setValue('异地就医怎么备案')
    await wrapper.get('[data-test="ticket-save"]').trigger('click')
    await flushPromises()
    expect(posts[0]).toMatchObject({
      url: '/api/ticket/tenants/shushan/tickets',
      body: { kind: 'CONSULTATION', category: 'yibao.remote', calls: ['call-1'], citizen: { phone: '13800138000' } },
    })

    const query = wrapper.get('[data-test="kb-query"]')
    await (query.element.tagName === 'INPUT' ? query : query.get('input')).setValue('备案')
    await wrapper.get('[data-test="kb-search"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test="cite-k1"]').trigger('click')
    expect(wrapper.get('[data-test="cited"]').text()).toContain('已引用：异地就医备案')

    await wrapper.get('[data-test="answer-directly"]').trigger('click')
    await flushPromises()
    expect(posts[1]).toEqual({
      url: '/api/ticket/tenants/shushan/knowledge/entries/k1/citations',
      body: { ticketId: 'T-2026-1' },
    })
    expect(posts[2]).toEqual({
      url: '/api/ticket/tenants/shushan/tickets/T-2026-1/answer',
      body: { text: '登录国家医保服务平台备案。' },
    })
  })

  it('needs a unit before dispatching and shows a refused dispatch in Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url.endsWith('/dispatch')) {
          return new Response(
            JSON.stringify({ title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'centre roles only' }),
            { status: 403, headers: { 'content-type': 'application/problem+json' } },
          )
        }
        if (init?.method === 'POST') return Response.json({ id: 'T-2', status: 'OPEN' })
        return Response.json([{ code: 'other', parentCode: null, name: '其他', active: true }])
      }),
    )
    const wrapper = mount(TicketForm, {
      props: { tenant: 'shushan', callId: null, phone: '13800138000' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'COMPLAINT')
    wrapper.findComponent(ElCascader).vm.$emit('update:modelValue', ['other'])
    const content = wrapper.get('[data-test="ticket-content"]')
    await (content.element.tagName === 'TEXTAREA' ? content : content.get('textarea')).setValue('噪音扰民')
    await wrapper.get('[data-test="ticket-save"]').trigger('click')
    await flushPromises()

    await wrapper.get('[data-test="dispatch"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="step-error"]').text()).toBe('请填写承办单位编码')

    const unit = wrapper.get('[data-test="dispatch-unit"]')
    await (unit.element.tagName === 'INPUT' ? unit : unit.get('input')).setValue('u-env')
    await wrapper.get('[data-test="dispatch"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="step-error"]').text()).toBe('没有权限：centre roles only [FORBIDDEN]')
  })

  it('shows an agent that its saved ticket waits for the dispatchers instead of a dispatch button', async () => {
    setSession({ tenant: 'shushan', subject: 'u-2', scopeUnit: null, roles: ['AGENT'], name: null })
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        if (init?.method === 'POST') return Response.json({ id: 'T-3', status: 'OPEN' })
        return Response.json([{ code: 'other', parentCode: null, name: '其他', active: true }])
      }),
    )
    const wrapper = mount(TicketForm, {
      props: { tenant: 'shushan', callId: null, phone: '13800138000' },
      global: { plugins: [createConsoleI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'CONSULTATION')
    wrapper.findComponent(ElCascader).vm.$emit('update:modelValue', ['other'])
    const content = wrapper.get('[data-test="ticket-content"]')
    await (content.element.tagName === 'TEXTAREA' ? content : content.get('textarea')).setValue('咨询医保报销')
    await wrapper.get('[data-test="ticket-save"]').trigger('click')
    await flushPromises()

    expect(wrapper.find('[data-test="answer-directly"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="dispatch"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="awaits-dispatch"]').text()).toContain('待派单')
  })
})
