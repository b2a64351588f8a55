/**
 * The agent's network self-test (issue 5): before a shift a remote agent checks that the browser can take calls —
 * the microphone gives sound, the TURN relay answers with the platform's short-lived credentials, the gateway is
 * near enough, and audio sent through the relay arrives without much loss or jitter.
 *
 * Everything here is logic over small ports (a clock, a fetch, a peer-connection factory, an audio sampler) so the
 * rules are tested without a browser; `browserNetworkPorts()` binds them to the real browser APIs.
 *
 * The loss / jitter figure comes from a loopback call between two peer connections of this page, both forced through
 * the TURN relay: it measures the path to the relay and back, not the media server's (no echo service exists there).
 */
import { getJson } from './http'

export type Verdict = 'good' | 'fair' | 'poor'

/** What `GET /api/call/tenants/{t}/webrtc/ice-servers` answers. */
export interface IceServersAnswer {
  iceServers: RTCIceServer[]
  ttlSeconds: number
}

export function iceServersUrl(tenant: string): string {
  return `/api/call/tenants/${encodeURIComponent(tenant)}/webrtc/ice-servers`
}

export function fetchIceServers(tenant: string): Promise<IceServersAnswer> {
  return getJson<IceServersAnswer>(iceServersUrl(tenant))
}

// ---- thresholds (ITU-T G.114: 150 ms one way is the budget for a conversation) ----------------------------------

export const THRESHOLDS = {
  /** Round trip to the gateway, ms: good below, fair below `rttFair`. */
  rttGood: 150,
  rttFair: 400,
  /** Packet loss, fraction. */
  lossGood: 0.01,
  lossFair: 0.05,
  /** Interarrival jitter, ms. */
  jitterGood: 30,
  jitterFair: 60,
  /** Microphone level, dBFS: below `micSilent` the microphone is taken as silent (muted, wrong device). */
  micSilent: -60,
  micQuiet: -45,
} as const

export function worst(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('poor')) return 'poor'
  if (verdicts.includes('fair')) return 'fair'
  return 'good'
}

// ---- round trip to the gateway -------------------------------------------------------------------------------------

export interface RoundTrips {
  samples: number[]
  failures: number
  minMs: number
  medianMs: number
  maxMs: number
  /** Mean difference between consecutive samples (RFC 3550's idea of jitter, without smoothing). */
  jitterMs: number
  verdict: Verdict
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function summarizeRoundTrips(samples: readonly number[], failures: number): RoundTrips {
  const jitters = samples.slice(1).map((value, i) => Math.abs(value - samples[i]!))
  const jitterMs = jitters.length === 0 ? 0 : jitters.reduce((a, b) => a + b, 0) / jitters.length
  const medianMs = median(samples)
  let verdict: Verdict
  if (samples.length === 0 || failures > samples.length) verdict = 'poor'
  else if (medianMs < THRESHOLDS.rttGood && failures === 0) verdict = 'good'
  else if (medianMs < THRESHOLDS.rttFair) verdict = 'fair'
  else verdict = 'poor'
  return {
    samples: [...samples],
    failures,
    minMs: samples.length ? Math.min(...samples) : Number.NaN,
    medianMs,
    maxMs: samples.length ? Math.max(...samples) : Number.NaN,
    jitterMs,
    verdict,
  }
}

/** Times `count` small requests one after another (the gateway's health: no service is woken). */
export async function measureRoundTrips(
  ping: () => Promise<unknown>,
  now: () => number,
  count = 5,
): Promise<RoundTrips> {
  const samples: number[] = []
  let failures = 0
  for (let i = 0; i < count; i++) {
    const started = now()
    try {
      await ping()
      samples.push(now() - started)
    } catch {
      failures++
    }
  }
  return summarizeRoundTrips(samples, failures)
}

// ---- microphone level ----------------------------------------------------------------------------------------------

export interface MicrophoneLevel {
  /** Root mean square of the samples, 0–1. */
  rms: number
  /** The same in dB relative to full scale (−Infinity for digital silence). */
  dbfs: number
  verdict: Verdict
}

/** `samples` are the analyser's time-domain floats (−1…1). */
export function microphoneLevel(samples: ArrayLike<number>): MicrophoneLevel {
  let sum = 0
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!
  const rms = samples.length === 0 ? 0 : Math.sqrt(sum / samples.length)
  const dbfs = rms === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rms)
  const verdict: Verdict = dbfs < THRESHOLDS.micSilent ? 'poor' : dbfs < THRESHOLDS.micQuiet ? 'fair' : 'good'
  return { rms, dbfs, verdict }
}

/** The loudest of several readings: a person pauses between words, one quiet frame says nothing. */
export function loudest(levels: readonly MicrophoneLevel[]): MicrophoneLevel {
  return levels.reduce<MicrophoneLevel>(
    (best, level) => (level.rms > best.rms ? level : best),
    { rms: 0, dbfs: Number.NEGATIVE_INFINITY, verdict: 'poor' },
  )
}

// ---- TURN reachability ---------------------------------------------------------------------------------------------

/** The part of RTCPeerConnection the self-test uses (tests pass fakes). */
export interface TestPeer {
  onicecandidate: ((event: { candidate: { candidate: string } | null }) => void) | null
  createDataChannel(label: string): unknown
  createOffer(): Promise<RTCSessionDescriptionInit>
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void>
  close(): void
}

export interface TurnReachability {
  /** A relay candidate was gathered: the TURN server accepted the credential and allocated a relay address. */
  relay: boolean
  /** Time to the first relay candidate, ms. */
  elapsedMs: number | null
  /** Why there is no relay (no ICE servers configured, timed out). */
  reason: 'no-ice-servers' | 'timeout' | null
  verdict: Verdict
}

export function isRelayCandidate(candidate: string): boolean {
  return / typ relay( |$)/.test(candidate)
}

/**
 * Gathers candidates with `iceTransportPolicy: "relay"`: a relay candidate proves the TURN server is reachable and
 * took the credential (an expired or wrong one gathers nothing).
 */
export function checkTurn(
  createPeer: (config: RTCConfiguration) => TestPeer,
  iceServers: RTCIceServer[],
  now: () => number,
  timeoutMs = 5_000,
  setTimer: (callback: () => void, ms: number) => unknown = setTimeout,
): Promise<TurnReachability> {
  if (iceServers.length === 0) {
    return Promise.resolve({ relay: false, elapsedMs: null, reason: 'no-ice-servers', verdict: 'fair' })
  }
  return new Promise((resolve) => {
    const started = now()
    const peer = createPeer({ iceServers, iceTransportPolicy: 'relay' })
    let done = false
    const finish = (result: TurnReachability) => {
      if (done) return
      done = true
      peer.close()
      resolve(result)
    }
    peer.onicecandidate = (event) => {
      if (event.candidate && isRelayCandidate(event.candidate.candidate)) {
        finish({ relay: true, elapsedMs: now() - started, reason: null, verdict: 'good' })
      } else if (event.candidate === null) {
        finish({ relay: false, elapsedMs: null, reason: 'timeout', verdict: 'poor' })
      }
    }
    setTimer(() => finish({ relay: false, elapsedMs: null, reason: 'timeout', verdict: 'poor' }), timeoutMs)
    peer.createDataChannel('self-test')
    peer
      .createOffer()
      .then((offer) => peer.setLocalDescription(offer))
      .catch(() => finish({ relay: false, elapsedMs: null, reason: 'timeout', verdict: 'poor' }))
  })
}

// ---- loss and jitter of a loopback call through the relay ---------------------------------------------------------

/** The fields of an `inbound-rtp` stats entry the self-test reads. */
export interface InboundRtp {
  packetsReceived: number
  packetsLost: number
  /** Seconds, as WebRTC reports it. */
  jitter: number
}

export interface AudioQuality {
  packetsReceived: number
  lossRatio: number
  jitterMs: number
  verdict: Verdict
}

export function audioQuality(stats: InboundRtp | null): AudioQuality {
  if (!stats || stats.packetsReceived <= 0) {
    return { packetsReceived: 0, lossRatio: 1, jitterMs: Number.NaN, verdict: 'poor' }
  }
  const lost = Math.max(0, stats.packetsLost)
  const lossRatio = lost / (stats.packetsReceived + lost)
  const jitterMs = stats.jitter * 1000
  const lossVerdict: Verdict =
    lossRatio < THRESHOLDS.lossGood ? 'good' : lossRatio < THRESHOLDS.lossFair ? 'fair' : 'poor'
  const jitterVerdict: Verdict =
    jitterMs < THRESHOLDS.jitterGood ? 'good' : jitterMs < THRESHOLDS.jitterFair ? 'fair' : 'poor'
  return { packetsReceived: stats.packetsReceived, lossRatio, jitterMs, verdict: worst(lossVerdict, jitterVerdict) }
}

/** The audio `inbound-rtp` entry of a `getStats()` report, or null. */
export function inboundAudio(report: Iterable<Record<string, unknown>>): InboundRtp | null {
  for (const entry of report) {
    if (entry.type === 'inbound-rtp' && (entry.kind === 'audio' || entry.mediaType === 'audio')) {
      return {
        packetsReceived: Number(entry.packetsReceived ?? 0),
        packetsLost: Number(entry.packetsLost ?? 0),
        jitter: Number(entry.jitter ?? 0),
      }
    }
  }
  return null
}

// ---- the whole test ------------------------------------------------------------------------------------------------

export interface SelfTestReport {
  microphone: MicrophoneLevel | null
  turn: TurnReachability | null
  gateway: RoundTrips | null
  audio: AudioQuality | null
  /** The worst of the parts that ran. */
  verdict: Verdict
}

export function overall(report: Omit<SelfTestReport, 'verdict'>): Verdict {
  const parts = [report.microphone, report.turn, report.gateway, report.audio]
    .filter((part): part is NonNullable<typeof part> => part !== null)
    .map((part) => part.verdict)
  return parts.length === 0 ? 'poor' : worst(...parts)
}

// ---- the browser's side (not unit-tested: needs real WebRTC and audio) -----------------------------------------

/** Reads the microphone's loudest level over `ms` (the agent is asked to speak). */
export async function sampleMicrophone(stream: MediaStream, ms = 2_000): Promise<MicrophoneLevel> {
  const context = new AudioContext()
  try {
    const analyser = context.createAnalyser()
    analyser.fftSize = 2048
    context.createMediaStreamSource(stream).connect(analyser)
    const buffer = new Float32Array(analyser.fftSize)
    const levels: MicrophoneLevel[] = []
    const end = performance.now() + ms
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      analyser.getFloatTimeDomainData(buffer)
      levels.push(microphoneLevel(buffer))
    }
    return loudest(levels)
  } finally {
    await context.close()
  }
}

/**
 * A loopback call between two peer connections of this page, both relay-only: the microphone's audio goes out to
 * the TURN relay and back for `ms`; the receiving side's stats give loss and jitter.
 */
export async function loopbackThroughRelay(
  iceServers: RTCIceServer[],
  track: MediaStreamTrack,
  ms = 5_000,
): Promise<AudioQuality> {
  const config: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' }
  const sender = new RTCPeerConnection(config)
  const receiver = new RTCPeerConnection(config)
  try {
    sender.onicecandidate = (event) => {
      if (event.candidate) void receiver.addIceCandidate(event.candidate)
    }
    receiver.onicecandidate = (event) => {
      if (event.candidate) void sender.addIceCandidate(event.candidate)
    }
    sender.addTrack(track, new MediaStream([track]))
    const offer = await sender.createOffer()
    await sender.setLocalDescription(offer)
    await receiver.setRemoteDescription(offer)
    const answer = await receiver.createAnswer()
    await receiver.setLocalDescription(answer)
    await sender.setRemoteDescription(answer)
    await new Promise((resolve) => setTimeout(resolve, ms))
    const report = await receiver.getStats()
    return audioQuality(inboundAudio([...report.values()] as Record<string, unknown>[]))
  } finally {
    sender.close()
    receiver.close()
  }
}

/** Times a request to the gateway's own health (answered by the gateway, no service behind it). */
export function pingGateway(): Promise<unknown> {
  return fetch('/actuator/health', { cache: 'no-store', credentials: 'same-origin' }).then((response) => {
    if (!response.ok && response.status !== 503) throw new Error(`HTTP ${response.status}`)
  })
}

/** A real peer connection behind the {@link TestPeer} port. */
export function browserTestPeer(config: RTCConfiguration): TestPeer {
  const peer = new RTCPeerConnection(config)
  const port: TestPeer = {
    onicecandidate: null,
    createDataChannel: (label) => peer.createDataChannel(label),
    createOffer: () => peer.createOffer(),
    setLocalDescription: (description) => peer.setLocalDescription(description),
    close: () => peer.close(),
  }
  peer.onicecandidate = (event) =>
    port.onicecandidate?.({ candidate: event.candidate ? { candidate: event.candidate.candidate } : null })
  return port
}
