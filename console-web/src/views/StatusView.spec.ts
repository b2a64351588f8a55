import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createConsoleI18n } from '@/i18n'
import StatusView from './StatusView.vue'

// ECharts needs a real canvas; the chart's own rendering is not what these tests are about.
const LatencyChartStub = defineComponent({
  props: { bars: { type: Array, required: true }, title: String },
  setup: (props) => () => h('div', { 'data-test': 'latency-chart' }, JSON.stringify(props.bars)),
})

type Answer = () => Response | Promise<Response>

function stubGateway(answers: Record<string, Answer>) {
  const fetchMock = vi.fn(async (url: string) => {
    const answer = answers[url]
    if (!answer) throw new Error(`unexpected call to ${url}`)
    return answer()
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

const up: Answer = () => Response.json({ status: 'UP' })

function mountStatus() {
  return mount(StatusView, {
    global: { plugins: [createConsoleI18n('zh-CN')], stubs: { LatencyChart: LatencyChartStub } },
    attachTo: document.body,
  })
}

describe('StatusView', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
  })

  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows UP for every service that reports UP and announces nothing', async () => {
    const fetchMock = stubGateway({
      '/actuator/health': up,
      '/api/tenant/actuator/health': up,
      '/api/call/actuator/health': up,
      '/api/ticket/actuator/health': up,
    })

    const wrapper = mountStatus()
    await flushPromises()

    expect(fetchMock).toHaveBeenCalledTimes(4)
    for (const id of ['gateway', 'tenant', 'call', 'ticket']) {
      const tag = wrapper.get(`[data-test="status-${id}"]`)
      expect(tag.text()).toBe('UP')
      expect(tag.classes()).toContain('el-tag--success')
    }
    expect(document.querySelector('.el-message')).toBeNull()
    expect(wrapper.find('[data-test="latency-chart"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('shows DOWN per failing service and puts the problem detail in an error message', async () => {
    stubGateway({
      '/actuator/health': up,
      '/api/tenant/actuator/health': up,
      // the gateway's circuit breaker answers for a service it cannot reach
      '/api/call/actuator/health': () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Service Unavailable',
            status: 503,
            detail: 'call-cloud is not answering; the circuit is open.',
            code: 'UPSTREAM_UNAVAILABLE',
          }),
          { status: 503, headers: { 'content-type': 'application/problem+json' } },
        ),
      // actuator's own DOWN answer: a health body with 503
      '/api/ticket/actuator/health': () => Response.json({ status: 'DOWN' }, { status: 503 }),
    })

    const wrapper = mountStatus()
    await flushPromises()

    expect(wrapper.get('[data-test="status-gateway"]').text()).toBe('UP')
    expect(wrapper.get('[data-test="status-tenant"]').text()).toBe('UP')
    const call = wrapper.get('[data-test="status-call"]')
    expect(call.text()).toBe('DOWN')
    expect(call.classes()).toContain('el-tag--danger')
    expect(wrapper.get('[data-test="status-ticket"]').text()).toBe('DOWN')

    const message = document.querySelector('.el-message--error')
    expect(message).not.toBeNull()
    expect(message!.textContent).toContain('以下调用失败')
    expect(message!.textContent).toContain(
      '呼叫服务 (/api/call/actuator/health): Service Unavailable: call-cloud is not answering; the circuit is open. [UPSTREAM_UNAVAILABLE]',
    )
    // a service that answered DOWN is not a failed call
    expect(message!.textContent).not.toContain('/api/ticket/actuator/health')
    wrapper.unmount()
  })

  it('reports a gateway that cannot be reached as DOWN with a network error', async () => {
    stubGateway({
      '/actuator/health': () => {
        throw new TypeError('Failed to fetch')
      },
      '/api/tenant/actuator/health': up,
      '/api/call/actuator/health': up,
      '/api/ticket/actuator/health': up,
    })

    const wrapper = mountStatus()
    await flushPromises()

    expect(wrapper.get('[data-test="status-gateway"]').text()).toBe('DOWN')
    expect(wrapper.get('[data-test="status-table"]').text()).toContain('网络错误: Failed to fetch')
    wrapper.unmount()
  })
})
