/**
 * Internal messages (坐席内部消息): history and read marks over HTTP (`/api/call/tenants/{t}/messages`), sending and
 * live delivery over the agent or supervisor socket (`message`, `messagesRead`). Forms validate with
 * {@link validateOutgoing} before anything is sent.
 */
import { getJson, request } from './http'
import type { RealtimeSocket, ServerMessage } from './agentSocket'

export type RecipientKind = 'agent' | 'group' | 'all'

export interface Recipient {
  kind: RecipientKind
  value?: string
}

export interface InternalMessage {
  id: string
  from: string
  fromName?: string | null
  to: Recipient
  text: string
  sentAt: string
  /** Whether the current person has read it (their own messages count as read). */
  read?: boolean
}

export interface MessagePage {
  messages: InternalMessage[]
  unread: number
}

export const MAX_MESSAGE_LENGTH = 1000
const USER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const GROUP = /^[a-z0-9][a-z0-9_-]{0,47}$/

/** What is wrong with a message before it is sent (a key under `agentDesk.messages.invalid`), or null. */
export function validateOutgoing(
  to: Recipient,
  text: string,
  canBroadcast: boolean,
): 'text' | 'tooLong' | 'agent' | 'group' | 'forbidden' | null {
  if (!text.trim()) return 'text'
  if (text.length > MAX_MESSAGE_LENGTH) return 'tooLong'
  if (to.kind === 'agent') return USER.test(to.value?.trim() ?? '') ? null : 'agent'
  if (!canBroadcast) return 'forbidden'
  if (to.kind === 'group') return GROUP.test(to.value?.trim() ?? '') ? null : 'group'
  return null
}

/** The CSRF header the gateway wants on unsafe requests made with the session cookie. */
export function csrfHeaders(cookie: string = document.cookie): Record<string, string> {
  const match = /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(cookie)
  return match?.[1] ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {}
}

/** POSTs JSON with the CSRF header and reads the JSON answer. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...csrfHeaders() },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  return (text ? JSON.parse(text) : {}) as T
}

function base(tenant: string): string {
  return `/api/call/tenants/${encodeURIComponent(tenant)}/messages`
}

/** The caller's history, newest first. `withWhom`: a user id, `group:<id>`, `all`, or nothing for everything. */
export function loadHistory(
  tenant: string,
  options: { with?: string; before?: string; limit?: number } = {},
): Promise<MessagePage> {
  const query = new URLSearchParams()
  if (options.with) query.set('with', options.with)
  if (options.before) query.set('before', options.before)
  if (options.limit) query.set('limit', String(options.limit))
  const suffix = query.toString() ? `?${query.toString()}` : ''
  return getJson<MessagePage>(`${base(tenant)}${suffix}`)
}

export function markReadOverHttp(tenant: string, ids: string[]): Promise<{ ids: string[] }> {
  return postJson(`${base(tenant)}/read`, { ids })
}

/** Message commands and pushes on an open socket. */
export class MessageChannel {
  constructor(private readonly socket: RealtimeSocket) {}

  async send(to: Recipient, text: string): Promise<InternalMessage> {
    const recipient: Recipient = to.kind === 'all' ? { kind: 'all' } : { kind: to.kind, value: to.value?.trim() }
    const reply = await this.socket.request({ type: 'message', to: recipient, text: text.trim() })
    return toMessage(reply)
  }

  async markRead(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return []
    const reply = await this.socket.request({ type: 'messagesRead', ids })
    return Array.isArray(reply.ids) ? (reply.ids as string[]) : []
  }

  onMessage(listener: (message: InternalMessage) => void): () => void {
    return this.socket.on('message', (pushed) => listener(toMessage(pushed)))
  }

  onRead(listener: (reader: string, ids: string[]) => void): () => void {
    return this.socket.on('messagesRead', (pushed) =>
      listener(String(pushed.reader ?? ''), Array.isArray(pushed.ids) ? (pushed.ids as string[]) : []),
    )
  }
}

function toMessage(message: ServerMessage): InternalMessage {
  return {
    id: String(message.id),
    from: String(message.from),
    fromName: typeof message.fromName === 'string' ? message.fromName : null,
    to: (message.to as Recipient) ?? { kind: 'all' },
    text: String(message.text ?? ''),
    sentAt: String(message.sentAt ?? ''),
  }
}
