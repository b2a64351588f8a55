/**
 * The console's client of call-cloud's real-time sockets (`/ws/agent`, `/ws/supervisor`, through the gateway, which
 * relays the session's access token). Commands carry a `requestId`; the server echoes it in the reply (or in an
 * `error`), so {@link RealtimeSocket.request} resolves with the reply, rejects with a {@link SocketProblem}, and
 * everything else the server sends is a push handed to the listeners of its `type`.
 *
 * The socket reconnects by itself after a drop (1, 2, 4 … 15 s) until {@link RealtimeSocket.close} is called; requests
 * still waiting when it drops are rejected, never silently kept.
 */

/** A message from the server: a JSON object with a `type`. */
export interface ServerMessage {
  type: string
  requestId?: string
  [field: string]: unknown
}

/** An `error` message: the problem's stable code and a message for a person. */
export class SocketProblem extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'SocketProblem'
    this.code = code
  }
}

export type SocketStatus = 'connecting' | 'open' | 'closed'

/** The part of the browser's WebSocket the client uses (a test passes a fake). */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type WebSocketFactory = (url: string) => WebSocketLike

export interface SocketOptions {
  /** Milliseconds a request waits for its reply. */
  timeoutMs?: number
  /** Reconnect after a drop (default true). */
  reconnect?: boolean
  createSocket?: WebSocketFactory
}

const OPEN = 1
const RECONNECT_DELAYS_MS = [1000, 2000, 4000, 8000, 15000]

/** `ws://host/ws/agent` for the page's own origin (the gateway serves the console and the sockets). */
export function socketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${path}`
}

let counter = 0
function nextRequestId(): string {
  counter += 1
  return `r${Date.now().toString(36)}-${counter}`
}

interface Pending {
  resolve: (message: ServerMessage) => void
  reject: (error: Error) => void
  timer: ReturnType<typeof setTimeout>
}

export class RealtimeSocket {
  private socket: WebSocketLike | null = null
  private readonly listeners = new Map<string, Set<(message: ServerMessage) => void>>()
  private readonly statusListeners = new Set<(status: SocketStatus) => void>()
  private readonly pending = new Map<string, Pending>()
  private attempts = 0
  private closedByUs = false
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private currentStatus: SocketStatus = 'closed'
  private readonly timeoutMs: number
  private readonly reconnect: boolean
  private readonly createSocket: WebSocketFactory

  constructor(
    private readonly url: string,
    options: SocketOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.reconnect = options.reconnect ?? true
    this.createSocket = options.createSocket ?? ((target) => new WebSocket(target))
  }

  get status(): SocketStatus {
    return this.currentStatus
  }

  /** Opens the socket (again); listeners stay registered. */
  connect(): void {
    this.closedByUs = false
    if (this.socket && this.currentStatus !== 'closed') return
    this.setStatus('connecting')
    const socket = this.createSocket(this.url)
    this.socket = socket
    socket.onopen = () => {
      this.attempts = 0
      this.setStatus('open')
    }
    socket.onmessage = (event: MessageEvent) => this.receive(String(event.data))
    socket.onerror = () => {
      // onclose follows and does the work
    }
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = null
      this.setStatus('closed')
      this.failPending(new SocketProblem('DISCONNECTED', '实时连接已断开'))
      if (!this.closedByUs && this.reconnect) this.scheduleReconnect()
    }
  }

  close(): void {
    this.closedByUs = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const socket = this.socket
    this.socket = null
    socket?.close(1000, 'bye')
    this.setStatus('closed')
    this.failPending(new SocketProblem('DISCONNECTED', '实时连接已关闭'))
  }

  /** Sends a command and waits for the reply that echoes its `requestId`. */
  request(command: { type: string; [field: string]: unknown }): Promise<ServerMessage> {
    const socket = this.socket
    if (!socket || socket.readyState !== OPEN) {
      return Promise.reject(new SocketProblem('DISCONNECTED', '实时连接未建立，请稍后再试'))
    }
    const requestId = nextRequestId()
    return new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId)
        reject(new SocketProblem('TIMEOUT', `服务器 ${this.timeoutMs / 1000} 秒内没有应答`))
      }, this.timeoutMs)
      this.pending.set(requestId, { resolve, reject, timer })
      socket.send(JSON.stringify({ ...command, requestId }))
    })
  }

  /** Calls `listener` for every pushed message of `type` (`*` for all); returns the unsubscribe function. */
  on(type: string, listener: (message: ServerMessage) => void): () => void {
    let set = this.listeners.get(type)
    if (!set) {
      set = new Set()
      this.listeners.set(type, set)
    }
    set.add(listener)
    return () => set.delete(listener)
  }

  onStatus(listener: (status: SocketStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  private receive(text: string): void {
    let message: ServerMessage
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as ServerMessage).type !== 'string') return
      message = parsed as ServerMessage
    } catch {
      return
    }
    const waiting = message.requestId ? this.pending.get(message.requestId) : undefined
    if (waiting && message.requestId) {
      this.pending.delete(message.requestId)
      clearTimeout(waiting.timer)
      if (message.type === 'error') {
        waiting.reject(problemOf(message))
      } else {
        waiting.resolve(message)
      }
      return
    }
    for (const key of [message.type, '*']) {
      this.listeners.get(key)?.forEach((listener) => listener(message))
    }
  }

  private failPending(error: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer)
      waiting.reject(error)
      this.pending.delete(id)
    }
  }

  private scheduleReconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length - 1)] ?? 15000
    this.attempts += 1
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (!this.closedByUs) this.connect()
    }, delay)
  }

  private setStatus(status: SocketStatus): void {
    if (status === this.currentStatus) return
    this.currentStatus = status
    this.statusListeners.forEach((listener) => listener(status))
  }
}

/** The {@link SocketProblem} an `error` message stands for. */
export function problemOf(message: ServerMessage): SocketProblem {
  const code = typeof message.code === 'string' ? message.code : 'INTERNAL_ERROR'
  const text = typeof message.message === 'string' ? message.message : code
  return new SocketProblem(code, text)
}

// ---- the agent socket's vocabulary -----------------------------------------------------------------------------

export type AgentStateCode =
  | 'LOGGED_OUT'
  | 'READY'
  | 'NOT_READY'
  | 'OFFERED'
  | 'TALKING'
  | 'ON_HOLD'
  | 'AFTER_CALL_WORK'

/** The call a `getState` reply reports the agent is on (after a reload); `caller` is masked, null when unknown. */
export interface CurrentCall {
  callId: string
  caller: string | null
  since: string
  onHold: boolean
}

/** A `state` message. */
export interface AgentStateMessage extends ServerMessage {
  type: 'state'
  agent: string
  state: AgentStateCode
  since: string
  reason?: string
  callId?: string
  ringDeadline?: string
  until?: string
  /** Only in the reply to `getState`, while the agent is talking or holding. */
  call?: CurrentCall
}

/** An `offer` push. */
export interface OfferMessage extends ServerMessage {
  type: 'offer'
  callId: string
  group: string
  offeredAt: string
  ringDeadline?: string
  caller?: string
  /** A consultation offer: the call the consulting agent is on, and who consults. */
  consultOf?: string
  from?: string
  /**
   * A kept-place callback (queue limit `CALLBACK` / `CHOICE` 1): the caller hung up keeping its place; answering makes
   * the server dial `caller`. `true` as agreed; an object `{number}` is read the same way.
   */
  callback?: boolean | { number?: string }
}

/** The number a kept-place callback offer will dial (null: not a callback offer; '' when the server named none). */
export function callbackNumber(offer: OfferMessage | null): string | null {
  if (!offer?.callback) return null
  if (typeof offer.callback === 'object' && typeof offer.callback.number === 'string') return offer.callback.number
  return offer.caller ?? ''
}

export type TransferKind = 'agent' | 'group' | 'number' | 'city12345'

export interface TransferTarget {
  kind: TransferKind
  value: string
}

/** Typed commands of `/ws/agent` over a {@link RealtimeSocket}. */
export class AgentChannel {
  constructor(readonly socket: RealtimeSocket) {}

  signIn(skills?: { skill: string; level: number }[]): Promise<AgentStateMessage> {
    return this.state(skills ? { type: 'signIn', skills } : { type: 'signIn' })
  }

  ready(): Promise<AgentStateMessage> {
    return this.state({ type: 'ready' })
  }

  notReady(reason: string): Promise<AgentStateMessage> {
    if (!reason.trim() || reason.length > 64) {
      return Promise.reject(new SocketProblem('VALIDATION_FAILED', '请选择示忙原因（1-64 个字符）'))
    }
    return this.state({ type: 'notReady', reason })
  }

  signOut(): Promise<AgentStateMessage> {
    return this.state({ type: 'signOut' })
  }

  /** The agent's state now (and its call, if any): what a (re)loaded desk shows first. */
  getState(): Promise<AgentStateMessage> {
    return this.state({ type: 'getState' })
  }

  onState(listener: (state: AgentStateMessage) => void): () => void {
    return this.socket.on('state', (message) => listener(message as AgentStateMessage))
  }

  onOffer(listener: (offer: OfferMessage) => void): () => void {
    return this.socket.on('offer', (message) => listener(message as OfferMessage))
  }

  private async state(command: { type: string; [field: string]: unknown }): Promise<AgentStateMessage> {
    const reply = await this.socket.request(command)
    return reply as AgentStateMessage
  }
}
