import { getJson, sendJson } from './http'

/** Tickets of ticket-service (`/api/ticket/tenants/{t}/…`). */
const base = (tenant: string) => `/api/ticket/tenants/${encodeURIComponent(tenant)}`

export const TICKET_STATUSES = [
  'RECEIVED',
  'IN_REVIEW',
  'DISPATCHED',
  'SIGNED',
  'SUSPENDED',
  'RETURN_REQUESTED',
  'EXTENSION_REQUESTED',
  'REPLIED',
  'ANSWERED',
  'CALLED_BACK',
  'CLOSED',
] as const
export const REQUEST_KINDS = ['CONSULTATION', 'HELP', 'COMPLAINT', 'REPORT', 'SUGGESTION', 'PRAISE'] as const
export const CHANNELS = ['PHONE', 'WEB', 'WECHAT', 'APP', 'CITY_PLATFORM'] as const
export const SATISFACTIONS = ['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'] as const

export interface TicketSummary {
  id: string
  version: number
  status: string
  kind: string
  category: string
  urgency: string
  summary: string
  mainUnit: string | null
  hard: boolean
  /** Raised SLA warnings, `limit:YELLOW` / `limit:RED`. */
  warnings: string[]
  openedAt: string
}

export interface Ticket {
  id: string
  version: number
  status: string
  channel: string
  kind: string
  category: string
  urgency: string
  confidential: boolean
  citizen: { name: string | null; phone: string; contact: string | null } | null
  content: string
  address: string | null
  area: string | null
  mainUnit: string | null
  coUnits: string[]
  warnings: string[]
  satisfaction: string | null
  answer: string | null
  openedAt: string
  [other: string]: unknown
}

export interface LedgerStep {
  seq: number
  at: string
  type: string
  actor: string
  actorKind: string
  actorUnit: string | null
  details: Record<string, unknown>
  attachments: unknown[]
}

export interface LimitState {
  limit: string
  basis: string
  startedAt: string
  dueAt: string
  metAt: string | null
  outcome: string
  light: 'GREEN' | 'YELLOW' | 'RED' | null
}

export interface NewTicket {
  channel: string
  kind: string
  category: string
  urgency?: string
  confidential?: boolean
  citizen: { name?: string; phone: string; contact?: string }
  content: string
  address?: string
}

export interface Category {
  code: string
  parentCode: string | null
  name: string
  active?: boolean
}

/** The worst light of a summary's raised warnings: red beats yellow; none is green. */
export function lightOf(warnings: readonly string[]): 'RED' | 'YELLOW' | 'GREEN' {
  if (warnings.some((w) => w.endsWith(':RED'))) return 'RED'
  if (warnings.some((w) => w.endsWith(':YELLOW'))) return 'YELLOW'
  return 'GREEN'
}

/** Steps with a body: the body names what each needs (`text`, `unit`, `approved`, `workingDays`, `satisfaction`). */
export type Step =
  | 'answer'
  | 'review'
  | 'dispatch'
  | 'return-review'
  | 'extension-review'
  | 'result-review'
  | 'callback'
  | 'close'
  | 'sign-for'
  | 'return'
  | 'extension'
  | 'reply'
  | 'urge'
  | 'notes'

export interface StepBody {
  version?: number
  text?: string
  unit?: string
  coUnits?: string[]
  approved?: boolean
  workingDays?: number
  satisfaction?: string
}

export const listTickets = (t: string, filter: { status?: string; limit?: number } = {}) => {
  const query = new URLSearchParams()
  if (filter.status) query.set('status', filter.status)
  query.set('limit', String(filter.limit ?? 200))
  return getJson<TicketSummary[]>(`${base(t)}/tickets?${query}`)
}
export const getTicket = (t: string, id: string) => getJson<Ticket>(`${base(t)}/tickets/${id}`)
export const getLedger = (t: string, id: string) => getJson<LedgerStep[]>(`${base(t)}/tickets/${id}/ledger`)
export const getSla = (t: string, id: string) => getJson<{ ticket: string; at: string; limits: LimitState[] }>(`${base(t)}/tickets/${id}/sla`)
export const createTicket = (t: string, ticket: NewTicket) => sendJson<Ticket>('POST', `${base(t)}/tickets`, ticket)
export const takeStep = (t: string, id: string, step: Step, body: StepBody = {}) =>
  sendJson<Ticket>('POST', `${base(t)}/tickets/${id}/${step}`, body)
export const listCategories = (t: string) => getJson<Category[]>(`${base(t)}/ticket-categories`)

/** Handling units of tenant-service (the dispatch targets). */
export interface Unit {
  code: string
  name: string
  parentCode?: string | null
  kind?: string
  active?: boolean
  [other: string]: unknown
}
export const listUnits = (t: string) => getJson<Unit[]>(`/api/tenant/tenants/${encodeURIComponent(t)}/units`)
