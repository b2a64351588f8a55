import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, json } from '@/testing/fakeServer'
import { AGENT, mountView, settle } from '@/testing/mountView'
import NetworkTestView from './NetworkTestView.vue'

describe('network self-test page', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('asks for the signed-in agent’s ICE servers, times the gateway and says what it could not test', async () => {
    const server = fakeServer({
      'GET /api/call/tenants/shushan/webrtc/ice-servers': { iceServers: [], ttlSeconds: 0 },
      'GET /actuator/health': () => json({ status: 'UP' }),
    })
    vi.stubGlobal('fetch', server.fetch)
    // no microphone permission: the test goes on without it
    vi.stubGlobal('navigator', {
      ...navigator,
      mediaDevices: { getUserMedia: () => Promise.reject(new Error('Permission denied')) },
    })
    const { wrapper } = await mountView(NetworkTestView, { me: AGENT, path: '/agent/network-test' })
    expect(wrapper.find('[data-test="overall"]').exists()).toBe(false)

    await wrapper.find('[data-test="start"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-test="overall"]').exists()).toBe(true))
    await settle()

    expect(server.sent('GET', '/api/call/tenants/shushan/webrtc/ice-servers')).toHaveLength(1)
    expect(server.sent('GET', '/actuator/health')).toHaveLength(5)
    expect(wrapper.find('[data-test="mic"]').text()).toContain('Permission denied')
    expect(wrapper.find('[data-test="turn"]').text()).toContain('未配置 TURN')
    expect(wrapper.find('[data-test="gateway"]').text()).toContain('失败 0 次')
    // a silent microphone makes the whole result poor
    expect(wrapper.find('[data-test="overall"]').text()).toBe('差')
  })

  it('reports the ICE servers request’s problem instead of a relay result', async () => {
    const server = fakeServer({
      'GET /api/call/tenants/shushan/webrtc/ice-servers': {
        status: 403,
        problem: { code: 'FORBIDDEN', title: 'Forbidden', detail: 'ICE servers are for agents' },
      },
      'GET /actuator/health': () => json({ status: 'UP' }),
    })
    vi.stubGlobal('fetch', server.fetch)
    vi.stubGlobal('navigator', {
      ...navigator,
      mediaDevices: { getUserMedia: () => Promise.reject(new Error('no device')) },
    })
    const { wrapper } = await mountView(NetworkTestView, { me: AGENT, path: '/agent/network-test' })
    await wrapper.find('[data-test="start"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-test="overall"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="turn"]').text()).toContain('ICE servers are for agents')
    expect(wrapper.find('[data-test="turn-verdict"]').exists()).toBe(false)
  })
})
