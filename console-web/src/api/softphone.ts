/**
 * The agent's softphone: WebRTC audio in the browser, call control over `/ws/agent` (the vocabulary agreed with the
 * live-call side: `answer {callId, sdp}` → `answered {callId, sdp}`, `hangUp`, `hold`, `retrieve`, `dtmf`, `transfer`,
 * `consult`, `conference`). Every command is validated before it is sent; the server's answer or error is what the
 * caller gets back, a command the server cannot do yet comes back as a `NOT_SUPPORTED_YET` {@link SocketProblem}.
 *
 * Mute is local only: the microphone track is disabled, nothing is sent.
 */
import { type RealtimeSocket, type ServerMessage, SocketProblem, type TransferTarget } from './agentSocket'

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

/** Why a transfer target is not valid (a message key under `agentDesk.softphone.invalid`), or null. */
export function invalidTarget(target: TransferTarget): 'agent' | 'group' | 'number' | null {
  const value = target.value.trim()
  switch (target.kind) {
    case 'agent':
      return AGENT_ID.test(value) ? null : 'agent'
    case 'group':
      return GROUP_ID.test(value) ? null : 'group'
    case 'number':
    case 'city12345':
      return PHONE_NUMBER.test(value) ? null : 'number'
  }
}

export type CallPhase = 'idle' | 'connecting' | 'talking' | 'held' | 'ended'

export interface SoftphoneState {
  phase: CallPhase
  callId: string | null
  muted: boolean
  /** Whether audio runs in this browser (false: the answer was state-only). */
  media: boolean
  /** The last thing the server said about the call, for the panel. */
  lastEvent: string | null
}

const GATHER_TIMEOUT_MS = 3000

export class Softphone {
  readonly state: SoftphoneState = {
    phase: 'idle',
    callId: null,
    muted: false,
    media: false,
    lastEvent: null,
  }

  private peer: PeerConnectionLike | null = null
  private microphone: MediaStream | null = null
  private readonly changeListeners = new Set<(state: SoftphoneState) => void>()
  private remoteAudio: ((stream: MediaStream) => void) | null = null

  constructor(
    private readonly socket: RealtimeSocket,
    private readonly media: SoftphoneMedia | null,
    private readonly iceServers: RTCIceServer[] = [],
  ) {
    socket.on('callEnded', (message) => {
      if (message.callId === this.state.callId) {
        this.end(`callEnded:${String(message.by ?? 'system')}`)
      }
    })
    socket.on('mediaLost', (message) => {
      if (message.callId === this.state.callId) this.update({ lastEvent: 'mediaLost' })
    })
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
   */
  async answer(callId: string): Promise<ServerMessage> {
    if (!callId) throw new SocketProblem('VALIDATION_FAILED', '没有可接听的来电')
    this.update({ phase: 'connecting', callId, muted: false, lastEvent: null })
    try {
      if (!this.media) {
        const reply = await this.socket.request({ type: 'answer', callId })
        this.update({ phase: 'talking', media: false, lastEvent: reply.type })
        return reply
      }
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
      const sdp = peer.localDescription?.sdp
      const reply = await this.socket.request({ type: 'answer', callId, sdp })
      if (typeof reply.sdp === 'string' && reply.sdp) {
        await peer.setRemoteDescription({ type: 'answer', sdp: reply.sdp })
        this.update({ media: true })
      }
      this.update({ phase: 'talking', lastEvent: reply.type })
      return reply
    } catch (error) {
      this.release()
      this.update({ phase: 'idle', callId: null })
      throw error
    }
  }

  async hangUp(): Promise<ServerMessage> {
    const callId = this.requireCall()
    const reply = await this.socket.request({ type: 'hangUp', callId })
    this.end('hangUp')
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

  async dtmf(digits: string): Promise<ServerMessage> {
    const callId = this.requireCall()
    if (!DTMF_DIGITS.test(digits)) {
      throw new SocketProblem('VALIDATION_FAILED', '按键只能是 0-9、*、#、A-D')
    }
    return this.socket.request({ type: 'dtmf', callId, digits })
  }

  async transfer(to: TransferTarget): Promise<ServerMessage> {
    return this.targeted('transfer', to)
  }

  async consult(to: TransferTarget): Promise<ServerMessage> {
    return this.targeted('consult', to)
  }

  async conference(): Promise<ServerMessage> {
    const callId = this.requireCall()
    return this.socket.request({ type: 'conference', callId })
  }

  /**
   * An outbound call (a callback from the must-call-back list): `dial {to:{kind:"number", value}, callbackTask?}`. The
   * agreed vocabulary has no outbound command yet, so today the server answers with an error, which is shown.
   */
  async dial(number: string, callbackTask?: string): Promise<ServerMessage> {
    if (!PHONE_NUMBER.test(number.trim())) {
      throw new SocketProblem('VALIDATION_FAILED', INVALID_TARGET.number)
    }
    const command: { type: string; [field: string]: unknown } = {
      type: 'dial',
      to: { kind: 'number', value: number.trim() },
    }
    if (callbackTask) command.callbackTask = callbackTask
    return this.socket.request(command)
  }

  /** The call ended elsewhere (the caller hung up, the server ended it): media released, panel reset. */
  end(reason: string): void {
    this.release()
    this.update({ phase: 'ended', lastEvent: reason })
  }

  /** Back to idle after an ended call was shown. */
  reset(): void {
    this.update({ phase: 'idle', callId: null, muted: false, media: false })
  }

  private async targeted(type: 'transfer' | 'consult', to: TransferTarget): Promise<ServerMessage> {
    const callId = this.requireCall()
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

  private release(): void {
    this.microphone?.getTracks().forEach((track) => track.stop())
    this.microphone = null
    this.peer?.close()
    this.peer = null
  }

  private update(change: Partial<SoftphoneState>): void {
    Object.assign(this.state, change)
    const snapshot = { ...this.state }
    this.changeListeners.forEach((listener) => listener(snapshot))
  }
}

const INVALID_TARGET: Record<'agent' | 'group' | 'number', string> = {
  agent: '坐席工号只能是 1-64 个字母、数字、. _ -',
  group: '技能组编码只能是 1-48 个小写字母、数字、_ -',
  number: '号码应为 3-20 位数字（可带 +）',
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
