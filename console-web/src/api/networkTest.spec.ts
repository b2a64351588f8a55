import { describe, expect, it } from 'vitest'
import {
  audioQuality,
  checkTurn,
  iceServersUrl,
  inboundAudio,
  isRelayCandidate,
  loudest,
  measureRoundTrips,
  median,
  microphoneLevel,
  overall,
  summarizeRoundTrips,
  type TestPeer,
} from './networkTest'

const RELAY = 'candidate:1 1 udp 41885439 127.0.0.1 50001 typ relay raddr 0.0.0.0 rport 0 generation 0'
const HOST = 'candidate:2 1 udp 2122260223 192.168.1.9 50002 typ host generation 0'

/** A peer connection that gathers `candidates` (then the end of gathering) once its offer is set. */
class FakePeer implements TestPeer {
  onicecandidate: TestPeer['onicecandidate'] = null
  closed = false
  config: RTCConfiguration | undefined
  constructor(private readonly candidates: string[], private readonly endOfCandidates = true) {}
  createDataChannel() {
    return {}
  }
  async createOffer() {
    return { type: 'offer' as const, sdp: 'v=0' }
  }
  async setLocalDescription() {
    queueMicrotask(() => {
      for (const candidate of this.candidates) this.onicecandidate?.({ candidate: { candidate } })
      if (this.endOfCandidates) this.onicecandidate?.({ candidate: null })
    })
  }
  close() {
    this.closed = true
  }
}

describe('network self-test', () => {
  it('asks call-cloud for the tenant’s ICE servers through the gateway', () => {
    expect(iceServersUrl('shushan')).toBe('/api/call/tenants/shushan/webrtc/ice-servers')
    expect(iceServersUrl('a/b')).toBe('/api/call/tenants/a%2Fb/webrtc/ice-servers')
  })

  it('rates the round trip to the gateway by its median and counts failures', () => {
    expect(median([30, 10, 20])).toBe(20)
    expect(median([10, 20, 30, 40])).toBe(25)
    const near = summarizeRoundTrips([20, 30, 25, 22], 0)
    expect(near.verdict).toBe('good')
    expect(near.minMs).toBe(20)
    expect(near.maxMs).toBe(30)
    expect(near.jitterMs).toBeCloseTo((10 + 5 + 3) / 3)
    expect(summarizeRoundTrips([200, 210, 190], 0).verdict).toBe('fair')
    expect(summarizeRoundTrips([20, 30], 1).verdict).toBe('fair')
    expect(summarizeRoundTrips([500, 600], 0).verdict).toBe('poor')
    expect(summarizeRoundTrips([], 5).verdict).toBe('poor')
  })

  it('times each ping with the clock and keeps going after a failed one', async () => {
    let time = 0
    let call = 0
    const result = await measureRoundTrips(
      async () => {
        call++
        time += 40
        if (call === 2) throw new Error('network')
      },
      () => time,
      4,
    )
    expect(result.samples).toEqual([40, 40, 40])
    expect(result.failures).toBe(1)
    expect(result.verdict).toBe('fair')
  })

  it('calls a microphone that gives nothing silent and a speaking one good', () => {
    expect(microphoneLevel(new Float32Array(256)).verdict).toBe('poor')
    expect(microphoneLevel(new Float32Array(256)).dbfs).toBe(Number.NEGATIVE_INFINITY)
    const tone = Float32Array.from({ length: 256 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * i) / 32))
    const level = microphoneLevel(tone)
    expect(level.rms).toBeCloseTo(0.3 / Math.SQRT2, 2)
    expect(level.dbfs).toBeGreaterThan(-15)
    expect(level.verdict).toBe('good')
    const whisper = Float32Array.from({ length: 256 }, (_, i) => 0.005 * Math.sin((2 * Math.PI * i) / 32))
    expect(microphoneLevel(whisper).verdict).toBe('fair')
    expect(loudest([microphoneLevel(whisper), level, microphoneLevel(new Float32Array(8))])).toBe(level)
  })

  it('finds TURN reachable only when a relay candidate is gathered, relay-only', async () => {
    expect(isRelayCandidate(RELAY)).toBe(true)
    expect(isRelayCandidate(HOST)).toBe(false)
    const servers = [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: '1:shushan.u', credential: 'x' }]
    let config: RTCConfiguration | undefined
    const peer = new FakePeer([HOST, RELAY])
    let time = 100
    const reachable = await checkTurn(
      (given) => {
        config = given
        return peer
      },
      servers,
      () => (time += 25),
    )
    expect(config).toEqual({ iceServers: servers, iceTransportPolicy: 'relay' })
    expect(reachable).toEqual({ relay: true, elapsedMs: 25, reason: null, verdict: 'good' })
    expect(peer.closed).toBe(true)
  })

  it('reports an unreachable TURN server (or a refused credential) when gathering ends without a relay', async () => {
    const result = await checkTurn(() => new FakePeer([HOST]), [{ urls: 'turn:x' }], () => 0)
    expect(result.relay).toBe(false)
    expect(result.reason).toBe('timeout')
    expect(result.verdict).toBe('poor')
  })

  it('gives up after the timeout when gathering never ends', async () => {
    let fire: (() => void) | undefined
    const pending = checkTurn(
      () => new FakePeer([], false),
      [{ urls: 'turn:x' }],
      () => 0,
      5_000,
      (callback) => {
        fire = callback
      },
    )
    fire!()
    expect((await pending).reason).toBe('timeout')
  })

  it('does not fail the test when the platform has no TURN server configured', async () => {
    const result = await checkTurn(() => new FakePeer([RELAY]), [], () => 0)
    expect(result).toEqual({ relay: false, elapsedMs: null, reason: 'no-ice-servers', verdict: 'fair' })
  })

  it('computes loss and jitter from the receiving side’s inbound-rtp stats', () => {
    const report = [
      { type: 'outbound-rtp', kind: 'audio', packetsSent: 250 },
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 245, packetsLost: 5, jitter: 0.012 },
    ]
    const stats = inboundAudio(report)
    expect(stats).toEqual({ packetsReceived: 245, packetsLost: 5, jitter: 0.012 })
    const quality = audioQuality(stats)
    expect(quality.lossRatio).toBeCloseTo(0.02)
    expect(quality.jitterMs).toBeCloseTo(12)
    expect(quality.verdict).toBe('fair')
    expect(audioQuality({ packetsReceived: 250, packetsLost: 0, jitter: 0.004 }).verdict).toBe('good')
    expect(audioQuality({ packetsReceived: 250, packetsLost: 0, jitter: 0.09 }).verdict).toBe('poor')
    expect(audioQuality(null).verdict).toBe('poor')
    expect(inboundAudio([{ type: 'inbound-rtp', kind: 'video', packetsReceived: 1 }])).toBeNull()
  })

  it('is as good as its worst part, ignoring parts that did not run', () => {
    const good = { verdict: 'good' as const }
    expect(
      overall({
        microphone: { rms: 0.2, dbfs: -14, verdict: 'good' },
        turn: { relay: true, elapsedMs: 20, reason: null, verdict: 'good' },
        gateway: summarizeRoundTrips([10, 12], 0),
        audio: null,
      }),
    ).toBe(good.verdict)
    expect(
      overall({
        microphone: { rms: 0, dbfs: Number.NEGATIVE_INFINITY, verdict: 'poor' },
        turn: null,
        gateway: summarizeRoundTrips([10, 12], 0),
        audio: null,
      }),
    ).toBe('poor')
    expect(overall({ microphone: null, turn: null, gateway: null, audio: null })).toBe('poor')
  })
})
