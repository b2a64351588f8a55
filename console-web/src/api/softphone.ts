/**
 * The agent's softphone: WebRTC audio in the browser, call control over `/ws/agent` (the vocabulary agreed with the
 * live-call side: `answer {callId, sdp}` → `answered {callId, sdp}`, `hangUp`, `hold`, `retrieve`, `dtmf` →
 * `dtmfSent`, `transfer {to}` → `transferred`, `consult {to}` → `consulting {consultId}` then `completeTransfer`,
 * `cancelConsult` or `conference`, `dial {number, sdp, callbackTaskId?}` → `dialing {callId, sdp}`, `rejoin {callId,
 * sdp}` → `rejoined {callId, sdp}` after a reconnect or a reload). Every command is validated before it is sent; the
 * server's answer or error is what the caller gets back, a command the server cannot do yet comes back as a
 * `NOT_SUPPORTED_YET` {@link SocketProblem}.
 *
 * Mute is local only: the microphone track is disabled, nothing is sent.
 */
import {
  type CurrentCall,
  type RealtimeSocket,
  type ServerMessage,
  SocketProblem,
  type TransferTarget,
} from './agentSocket'
import { getJson, ProblemError } from './http'

/** The part of RTCPeerConnection the softphone uses (a test passes a fake). */
export interface PeerConnectionLike {
  readonly localDescription: RTCSessionDescriptionInit | null
  readonly iceGatheringState: RTCIceGatheringState
  onicegatheringstatechange: ((event: Event) => void) | null
  ontrack: ((event: RTCTrackEvent) => void) | null
  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): unknown
  createOffer(): Promise<RTCSessionDescriptionInit>
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void>
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>
  close(): void
}

export interface SoftphoneMedia {
  /** A peer connection with these ICE servers (TURN credentials when the platform hands them out). */
  createPeer(iceServers: RTCIceServer[]): PeerConnectionLike
  /** The microphone. */
  microphone(): Promise<MediaStream>
}

/** Real browser media; null when the browser has no WebRTC (then answers are state-only). */
export function browserMedia(): SoftphoneMedia | null {
  if (typeof RTCPeerConnection === 'undefined' || !navigator.mediaDevices?.getUserMedia) return null
  return {
    createPeer: (iceServers) => new RTCPeerConnection({ iceServers }),
    microphone: () => navigator.mediaDevices.getUserMedia({ audio: true, video: false }),
  }
}

export const DTMF_DIGITS = /^[0-9*#A-D]{1,32}$/
/** A phone number to transfer to: 3-20 digits, optional leading +. */
export const PHONE_NUMBER = /^\+?[0-9]{3,20}$/
const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const GROUP_ID = /^[a-z0-9][a-z0-9_-]{0,47}$/
/** Another city's 12345: a city name or code the platform maps to that city's access number (合肥, 340100, hefei). */
const CITY = /^[\p{L}\p{N}_-]{1,32}$/u

/**
 * The TURN/STUN servers for this signed-in user (`GET /api/call/tenants/{t}/webrtc/ice-servers`, credentials valid ≤ 10
 * min). A 404 (an instance without the endpoint) means none: the agent leg then uses host candidates (fine on a LAN).
 */
export async function loadIceServers(tenant: string): Promise<RTCIceServer[]> {
  try {
    const answer = await getJson<{ iceServers?: RTCIceServer[] }>(
      `/api/call/tenants/${encodeURIComponent(tenant)}/webrtc/ice-servers`,
    )
    return Array.isArray(answer.iceServers) ? answer.iceServers : []
  } catch (error) {
    if (error instanceof ProblemError && error.problem.status === 404) return []
    throw error
  }
}

/** Why a transfer target is not valid (a message key under `agentDesk.softphone.invalid`), or null. */
export function invalidTarget(target: TransferTarget): 'agent' | 'group' | 'number' | 'city' | null {
  const value = target.value.trim()
  switch (target.kind) {
    case 'agent':
      return AGENT_ID.test(value) ? null : 'agent'
    case 'group':
      return GROUP_ID.test(value) ? null : 'group'
    case 'number':
      return PHONE_NUMBER.test(value) ? null : 'number'
    case 'city12345':
      return CITY.test(value) ? null : 'city'
  }
}

/**
 * `dialing`: an outbound call rings at the far end; `consulting`: the caller is held while this agent talks to the
 * consulted agent or group; `conference`: three-way.
 */
export type CallPhase = 'idle' | 'connecting' | 'dialing' | 'talking' | 'held' | 'consulting' | 'conference' | 'ended'

/** One party of the call as the `parties` push lists it: who is in the call and whether they are on hold. */
export interface CallParty {
  role: 'caller' | 'agent' | 'consulted'
  agentId?: string
  onHold: boolean
}

/** The consultation this agent started: whom it consults and whether they answered yet. */
export interface Consultation {
  consultId: string | null
  to: TransferTarget
  /** `ringing` until a `parties` push lists the consulted agent, then `answered`. */
  status: 'ringing' | 'answered'
}

export interface SoftphoneState {
  phase: CallPhase
  callId: string | null
  muted: boolean
  /** Whether audio runs in this browser (false: the answer was state-only). */
  media: boolean
  /** The last thing the server said about the call, for the panel. */
  lastEvent: string | null
  /** The consultation under way (`consulting.consultId`), or null. */
  consultId: string | null
  /** The (masked) caller of a call restored after a reload, or the number dialled. */
  party: string | null
  /** The consulting side: the consultation under way (who, ringing / answered), or null. */
  consultation: Consultation | null
  /** The consulted side: this agent answered a consultation of `consultOf` from agent `from`. */
  consultedBy: { consultOf: string; from: string | null } | null
  /** Who is in the call (the last `parties` push for this call), empty before the first push. */
  parties: CallParty[]
  /**
   * A kept-place callback this agent answered: the server dials the caller (`phase` `dialing` until the far end picks
   * up, then `talking`).
   */
  callback: boolean
  /** How the last outbound call (a dial or a kept-place callback) ended: `callEnded.outcome`, e.g. `NO_ANSWER`. */
  outcome: OutboundOutcome | null
}

/** `callEnded.outcome` of an outbound call. */
export type OutboundOutcome = 'ANSWERED' | 'BUSY' | 'NO_ANSWER' | 'REJECTED' | 'UNREACHABLE' | 'CANCELLED'
const OUTCOMES: readonly string[] = ['ANSWERED', 'BUSY', 'NO_ANSWER', 'REJECTED', 'UNREACHABLE', 'CANCELLED']

const GATHER_TIMEOUT_MS = 3000

export class Softphone {
  readonly state: SoftphoneState = {
    phase: 'idle',
    callId: null,
    muted: false,
    media: false,
    lastEvent: null,
    consultId: null,
    party: null,
    consultation: null,
    consultedBy: null,
    parties: [],
    callback: false,
    outcome: null,
  }

  /** Every id the server may name the kept-place callback call by (the offer's and the `answered` reply's). */
  private callbackIds = new Set<string>()
  private peer: PeerConnectionLike | null = null
  private microphone: MediaStream | null = null
  private readonly changeListeners = new Set<(state: SoftphoneState) => void>()
  private remoteAudio: ((stream: MediaStream) => void) | null = null

  constructor(
    private readonly socket: RealtimeSocket,
    private readonly media: SoftphoneMedia | null,
    private iceServers: RTCIceServer[] = [],
  ) {
    socket.on('callEnded', (message) => {
      if (this.isThisCall(message.callId)) {
        const outcome = typeof message.outcome === 'string' && OUTCOMES.includes(message.outcome) ? message.outcome : null
        this.update({ outcome: outcome as OutboundOutcome | null })
        this.end(`callEnded:${String(message.by ?? 'system')}`)
      }
    })
    socket.on('mediaLost', (message) => {
      if (message.callId === this.state.callId) this.update({ lastEvent: 'mediaLost' })
    })
    // an outbound call is answered by the far end: the server pushes the agent's state (talking on that call)
    socket.on('state', (message) => {
      if (this.state.phase === 'dialing' && message.state === 'TALKING') {
        if (this.state.callback) {
          // a kept-place callback: the agent is TALKING in the ACD from the answer on; only the push of the outbound
          // leg (direction OUTBOUND) says the caller picked up
          if (message.direction === 'OUTBOUND' && this.isThisCall(message.callId)) {
            this.update({ phase: 'talking', lastEvent: 'callbackAnswered' })
          }
        } else if (message.callId === this.state.callId) {
          this.update({ phase: 'talking', lastEvent: 'answeredByFarEnd' })
        }
      }
      // the consulting agent completed the transfer: this (consulted) agent now talks on the caller's call
      const consulted = this.state.consultedBy
      if (consulted && message.state === 'TALKING' && message.callId === consulted.consultOf && this.onCall) {
        this.update({ callId: consulted.consultOf, consultedBy: null, phase: 'talking', lastEvent: 'transferredToMe' })
      }
    })
    socket.on('parties', (message) => this.onParties(message))
  }

  /** A push about this call: its id, or (on the consulted side) the caller's call this consultation belongs to. */
  private isThisCall(callId: unknown): boolean {
    if (typeof callId !== 'string' || !this.state.callId) return false
    return (
      callId === this.state.callId ||
      callId === this.state.consultedBy?.consultOf ||
      (this.state.callback && this.callbackIds.has(callId))
    )
  }

  /**
   * `parties {callId, consultId, parties}`: who hears whom changed. On the consulting side it tells that the consulted
   * agent answered (it is listed) or left (it no longer is: back to the caller).
   */
  private onParties(message: ServerMessage): void {
    const mine =
      this.isThisCall(message.callId) || (message.consultId !== undefined && this.isThisCall(message.consultId))
    if (!mine || !this.onCall) return
    const parties = Array.isArray(message.parties) ? (message.parties as unknown[]).filter(isParty) : []
    // who is in the call changes no event shown: a transfer just completed keeps its 转接完成 note
    const change: Partial<SoftphoneState> = { parties }
    const consultation = this.state.consultation
    const consultedIn = parties.some((party) => party.role === 'consulted')
    if (consultation && consultedIn && consultation.status === 'ringing') {
      change.consultation = { ...consultation, status: 'answered' }
    } else if (consultation?.status === 'answered' && !consultedIn) {
      // the consulted agent left (hung up the consultation): the caller and this agent go on
      const caller = parties.find((party) => party.role === 'caller')
      change.consultation = null
      change.consultId = null
      change.phase = caller?.onHold ? 'held' : 'talking'
      change.lastEvent = 'consultedLeft'
    }
    this.update(change)
  }

  /** TURN credentials arrived (or were renewed): the next peer connection uses them. */
  useIceServers(iceServers: RTCIceServer[]): void {
    this.iceServers = iceServers
  }

  onChange(listener: (state: SoftphoneState) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** Where the caller's voice goes (an `<audio>` element's srcObject). */
  onRemoteAudio(listener: (stream: MediaStream) => void): void {
    this.remoteAudio = listener
  }

  /**
   * Answers an offered call. With WebRTC: the browser's offer goes with the command, the media server's answer comes
   * back in `answered.sdp`. Without: a state-only answer.
   *
   * A kept-place callback offer (`callback` given, with the number the server dials): the same command; the reply
   * `answered {callId, sdp, callback: true}` means the server is dialling the caller, so the phase is `dialing` until
   * the `state {TALKING, direction: OUTBOUND}` push of that call, and a `callEnded` carries the outcome.
   */
  async answer(
    callId: string,
    consultation?: { consultOf?: string; from?: string },
    callback?: { caller: string | null },
  ): Promise<ServerMessage> {
    if (!callId) throw new SocketProblem('VALIDATION_FAILED', '没有可接听的来电')
    const consultedBy = consultation?.consultOf
      ? { consultOf: consultation.consultOf, from: consultation.from ?? null }
      : null
    this.callbackIds = new Set(callback ? [callId] : [])
    this.update({
      phase: 'connecting',
      callId,
      muted: false,
      lastEvent: null,
      consultedBy,
      parties: [],
      callback: callback !== undefined,
      outcome: null,
      ...(callback ? { party: callback.caller || null } : {}),
    })
    try {
      let reply: ServerMessage
      if (!this.media) {
        reply = await this.socket.request({ type: 'answer', callId })
        this.update({ media: false })
      } else {
        const sdp = await this.localOffer()
        reply = await this.socket.request({ type: 'answer', callId, sdp })
        await this.remoteAnswer(reply)
      }
      if (callback || reply.callback === true) {
        // the server dials the caller now; the call may go on under the id the reply names
        const dialled = typeof reply.callId === 'string' && reply.callId ? reply.callId : callId
        this.callbackIds.add(callId)
        this.callbackIds.add(dialled)
        this.update({ phase: 'dialing', callId: dialled, callback: true, lastEvent: 'callbackDialing' })
      } else {
        this.update({ phase: 'talking', lastEvent: reply.type })
      }
      return reply
    } catch (error) {
      this.release()
      this.update({ phase: 'idle', callId: null, consultedBy: null, callback: false })
      throw error
    }
  }

  /**
   * Hangs up. The consulted agent leaves the consultation (or the three-way call) this way; the consulting agent in a
   * three-way call leaves the caller with the consulted agent (the server treats it as `completeTransfer`).
   */
  async hangUp(): Promise<ServerMessage> {
    const callId = this.requireCall()
    const leaving = this.state.consultedBy !== null
    const reply = await this.socket.request({ type: 'hangUp', callId })
    this.end(leaving ? 'leftConsultation' : this.state.phase === 'conference' ? 'transferred' : 'hangUp')
    return reply
  }

  async hold(): Promise<ServerMessage> {
    const callId = this.requireCall()
    const reply = await this.socket.request({ type: 'hold', callId })
    this.update({ phase: 'held', lastEvent: reply.type })
    return reply
  }

  async retrieve(): Promise<ServerMessage> {
    const callId = this.requireCall()
    const reply = await this.socket.request({ type: 'retrieve', callId })
    this.update({ phase: 'talking', lastEvent: reply.type })
    return reply
  }

  /** Local only: the microphone stops sending, the server is not told. */
  setMuted(muted: boolean): void {
    this.microphone?.getAudioTracks().forEach((track) => {
      track.enabled = !muted
    })
    this.update({ muted })
  }

  /**
   * Back onto the call after the socket dropped or the page reloaded: a fresh WebRTC offer, `rejoin {callId, sdp}` →
   * `rejoined {callId, sdp}`; the server keeps the call 60 s for this.
   */
  async rejoin(call: CurrentCall): Promise<ServerMessage> {
    this.release()
    this.update({
      phase: 'connecting',
      callId: call.callId,
      party: call.caller ?? this.state.party,
      muted: false,
      lastEvent: 'rejoining',
    })
    try {
      const sdp = this.media ? await this.localOffer() : undefined
      const command: { type: string; [field: string]: unknown } = { type: 'rejoin', callId: call.callId }
      if (sdp) command.sdp = sdp
      const reply = await this.socket.request(command)
      await this.remoteAnswer(reply)
      this.update({ phase: call.onHold ? 'held' : 'talking', lastEvent: reply.type })
      return reply
    } catch (error) {
      this.release()
      this.update({ phase: 'ended', lastEvent: 'rejoinFailed' })
      throw error
    }
  }

  /** Whether a call is up in this browser (a reconnect should rejoin it). */
  get onCall(): boolean {
    return this.state.callId !== null && this.state.phase !== 'idle' && this.state.phase !== 'ended'
  }

  async dtmf(digits: string): Promise<ServerMessage> {
    const callId = this.requireCall()
    if (!DTMF_DIGITS.test(digits)) {
      throw new SocketProblem('VALIDATION_FAILED', '按键只能是 0-9、*、#、A-D')
    }
    return this.socket.request({ type: 'dtmf', callId, digits })
  }

  /** Blind transfer: the caller goes on, this agent's part of the call ends (after-call work). */
  async transfer(to: TransferTarget): Promise<ServerMessage> {
    const reply = await this.targeted('transfer', to)
    this.end('transferred')
    return reply
  }

  /** Consultation: the caller hears music while this agent talks to the target. */
  async consult(to: TransferTarget): Promise<ServerMessage> {
    const reply = await this.targeted('consult', to)
    const consultId = typeof reply.consultId === 'string' ? reply.consultId : null
    this.update({
      phase: 'consulting',
      consultId,
      consultation: { consultId, to: { kind: to.kind, value: to.value.trim() }, status: 'ringing' },
      lastEvent: reply.type,
    })
    return reply
  }

  /** Caller ↔ consulted party; this agent leaves the call. */
  async completeTransfer(): Promise<ServerMessage> {
    const callId = this.requireConsult()
    const reply = await this.socket.request({ type: 'completeTransfer', callId })
    this.end('transferred')
    return reply
  }

  /** The consulted party is released (from a consultation or a three-way call), the caller comes back. */
  async cancelConsult(): Promise<ServerMessage> {
    const callId = this.requireConsult()
    const reply = await this.socket.request({ type: 'cancelConsult', callId })
    this.update({ phase: 'talking', consultId: null, consultation: null, lastEvent: reply.type })
    return reply
  }

  /**
   * Three-way: caller, this agent and the consulted agent all hear each other (`conference {callId}` →
   * `conferenced {callId, consultId}`). Only once the consulted agent has answered.
   */
  async conference(): Promise<ServerMessage> {
    const callId = this.requireConsult()
    if (this.state.phase !== 'consulting' || this.state.consultation?.status !== 'answered') {
      throw new SocketProblem('ILLEGAL_TRANSITION', '被咨询方接听后才能开始三方通话')
    }
    const reply = await this.socket.request({ type: 'conference', callId })
    this.update({ phase: 'conference', lastEvent: reply.type })
    return reply
  }

  /**
   * An outbound call (e.g. a callback from the must-call-back list): `dial {number, sdp, callbackTaskId?}` → `dialing
   * {callId, sdp}`; the phase is `dialing` until the server pushes the agent talking on that call.
   */
  async dial(number: string, callbackTaskId?: string): Promise<ServerMessage> {
    const trimmed = number.trim()
    if (!PHONE_NUMBER.test(trimmed)) {
      throw new SocketProblem('VALIDATION_FAILED', INVALID_TARGET.number)
    }
    if (this.onCall) throw new SocketProblem('ILLEGAL_TRANSITION', '请先结束当前通话')
    this.update({
      phase: 'connecting',
      callId: null,
      party: trimmed,
      muted: false,
      lastEvent: null,
      consultId: null,
      consultation: null,
      consultedBy: null,
      parties: [],
      callback: false,
      outcome: null,
    })
    try {
      const command: { type: string; [field: string]: unknown } = { type: 'dial', number: trimmed }
      if (this.media) command.sdp = await this.localOffer()
      if (callbackTaskId) command.callbackTaskId = callbackTaskId
      const reply = await this.socket.request(command)
      await this.remoteAnswer(reply)
      const callId = typeof reply.callId === 'string' ? reply.callId : null
      this.update({ phase: 'dialing', callId, lastEvent: reply.type })
      return reply
    } catch (error) {
      this.release()
      this.update({ phase: 'idle', callId: null })
      throw error
    }
  }

  /** The call ended elsewhere (the caller hung up, the server ended it): media released, panel reset. */
  end(reason: string): void {
    this.release()
    this.update({ phase: 'ended', lastEvent: reason })
  }

  /** Back to idle after an ended call was shown. */
  reset(): void {
    this.update({
      phase: 'idle',
      callId: null,
      muted: false,
      media: false,
      consultId: null,
      party: null,
      consultation: null,
      consultedBy: null,
      parties: [],
      callback: false,
      outcome: null,
    })
  }

  private async targeted(type: 'transfer' | 'consult', to: TransferTarget): Promise<ServerMessage> {
    const callId = this.requireCall()
    if (type === 'consult' && (this.state.phase === 'consulting' || this.state.phase === 'conference')) {
      throw new SocketProblem('ILLEGAL_TRANSITION', '已在咨询中')
    }
    const invalid = invalidTarget(to)
    if (invalid) {
      throw new SocketProblem('VALIDATION_FAILED', INVALID_TARGET[invalid])
    }
    return this.socket.request({ type, callId, to: { kind: to.kind, value: to.value.trim() } })
  }

  private requireCall(): string {
    if (!this.state.callId || this.state.phase === 'idle' || this.state.phase === 'ended') {
      throw new SocketProblem('ILLEGAL_TRANSITION', '当前没有通话')
    }
    return this.state.callId
  }

  private requireConsult(): string {
    const callId = this.requireCall()
    if (this.state.phase !== 'consulting' && this.state.phase !== 'conference') {
      throw new SocketProblem('ILLEGAL_TRANSITION', '当前没有进行中的咨询')
    }
    return callId
  }

  /** Microphone, a new peer connection, its offer with every candidate gathered. */
  private async localOffer(): Promise<string | undefined> {
    if (!this.media) return undefined
    const microphone = await this.media.microphone()
    const peer = this.media.createPeer(this.iceServers)
    this.peer = peer
    this.microphone = microphone
    microphone.getAudioTracks().forEach((track) => peer.addTrack(track, microphone))
    peer.ontrack = (event) => {
      const stream = event.streams[0]
      if (stream) this.remoteAudio?.(stream)
    }
    await peer.setLocalDescription(await peer.createOffer())
    await gathered(peer)
    return peer.localDescription?.sdp
  }

  /** The media server's SDP answer of a reply (`answered`, `dialing`, `rejoined`), when it carries one. */
  private async remoteAnswer(reply: ServerMessage): Promise<void> {
    if (this.peer && typeof reply.sdp === 'string' && reply.sdp) {
      await this.peer.setRemoteDescription({ type: 'answer', sdp: reply.sdp })
      this.update({ media: true })
    } else if (!this.peer) {
      this.update({ media: false })
    }
  }

  private release(): void {
    this.microphone?.getTracks().forEach((track) => track.stop())
    this.microphone = null
    this.peer?.close()
    this.peer = null
  }

  private update(change: Partial<SoftphoneState>): void {
    if (change.phase === 'idle' || change.phase === 'ended') {
      change = { consultId: null, consultation: null, ...change }
    }
    Object.assign(this.state, change)
    const snapshot = { ...this.state }
    this.changeListeners.forEach((listener) => listener(snapshot))
  }
}

const INVALID_TARGET: Record<'agent' | 'group' | 'number' | 'city', string> = {
  agent: '坐席工号只能是 1-64 个字母、数字、. _ -',
  group: '技能组编码只能是 1-48 个小写字母、数字、_ -',
  number: '号码应为 3-20 位数字（可带 +）',
  city: '城市应为 1-32 个汉字、字母或数字（城市名或区划代码）',
}

function isParty(value: unknown): value is CallParty {
  if (typeof value !== 'object' || value === null) return false
  const party = value as Record<string, unknown>
  return (
    (party.role === 'caller' || party.role === 'agent' || party.role === 'consulted') &&
    (party.agentId === undefined || typeof party.agentId === 'string') &&
    typeof party.onHold === 'boolean'
  )
}

/** Waits until ICE gathering completes (the offer then carries every candidate), at most {@link GATHER_TIMEOUT_MS}. */
function gathered(peer: PeerConnectionLike): Promise<void> {
  if (peer.iceGatheringState === 'complete') return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS)
    peer.onicegatheringstatechange = () => {
      if (peer.iceGatheringState === 'complete') {
        clearTimeout(timer)
        resolve()
      }
    }
  })
}
