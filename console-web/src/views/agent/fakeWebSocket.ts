import type { WebSocketLike } from '@/api/agentSocket'

/**
 * A stand-in for the browser's WebSocket in component tests (the browser API, not a server): records what the console
 * sends and lets the test play the server's frames.
 */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = []
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  readonly sent: Record<string, unknown>[] = []

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this)
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1]
    if (!socket) throw new Error('no socket was opened')
    return socket
  }

  static reset(): void {
    FakeWebSocket.instances = []
  }

  open(): void {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }

  close(): void {
    this.readyState = 3
    this.onclose?.({ code: 1000 } as CloseEvent)
  }

  /** The server drops the connection. */
  drop(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006 } as CloseEvent)
  }

  /** A frame from the server. */
  receive(message: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent)
  }

  /** The last command of `type` the console sent. */
  last(type: string): Record<string, unknown> {
    const found = [...this.sent].reverse().find((message) => message.type === type)
    if (!found) throw new Error(`no ${type} was sent; sent: ${JSON.stringify(this.sent)}`)
    return found
  }

  /** Answers the last command of `type` with `reply` (its requestId echoed). */
  reply(type: string, reply: Record<string, unknown>): void {
    this.receive({ ...reply, requestId: this.last(type).requestId })
  }
}
