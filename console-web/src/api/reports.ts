import { download, getJson } from './http'

export const GRANULARITIES = ['HALF_HOUR', 'DAY', 'WEEK', 'MONTH'] as const
export type Granularity = (typeof GRANULARITIES)[number]
export const BREAKDOWNS = ['TOTAL', 'GROUP', 'AGENT'] as const
export type Breakdown = (typeof BREAKDOWNS)[number]

/** One row of call-cloud's traffic report (`TrafficRow`). */
export interface TrafficRow {
  period: string
  key: string
  offered: number
  answered: number
  abandoned: number
  shortAbandoned: number
  rejected: number
  answeredWithin15: number
  answeredWithin20: number
  serviceLevel15: number | null
  serviceLevel20: number | null
  answerRate: number | null
  abandonRate: number | null
  asaSeconds: number | null
  ahtSeconds: number | null
  maxWaitSeconds: number | null
  /** Post-call keypad survey: callers who answered it, and the share scoring 4 or 5. */
  surveyed?: number
  satisfactionRate?: number | null
  /** Callers who reached the wait limit and kept their place for a callback (排队回拨), or left a message. */
  keptForCallback?: number
  voicemail?: number
}

export interface TrafficReport {
  tenant: string
  from: string
  to: string
  granularity: Granularity
  by: Breakdown
  formulas: Record<string, string>
  rows: TrafficRow[]
}

export interface AgentStateRow {
  agent: string
  seconds: Record<string, number>
}

export interface CallbackRow {
  day: string
  tasks: number
  abandoned: number
  queueFull: number
  requested: number
  voicemail?: number
  mediaLost?: number
  open: number
  reached: number
  noAnswer: number
  busy: number
  wrongNumber: number
  notNeeded: number
  overdue: number
  reachedRate: number | null
}

/** One missed call (call-cloud `/reports/missed-calls`): why it was missed and what the callback list did. */
export interface MissedCallRow {
  callId: string
  arrivedAt: string
  skillGroup: string | null
  reason: string
  waitedSeconds: number | null
  ringNoAnswers: number
  callbackStatus: string | null
  callbackOutcome: string | null
  callbackAttempts: number
  calledBackAt: string | null
}

export interface MissedCalls {
  truncated: boolean
  rows: MissedCallRow[]
}

export interface TicketKpis {
  group: string
  tickets: number
  timelySignForRate: number | null
  timelyDispatchRate: number | null
  directAnswerRate: number | null
  onTimeClosingRate: number | null
  satisfaction: number | null
  participation: number | null
  returns: number
  extensions: number
  overdue: number
}

export interface TicketReport {
  from: string
  to: string
  groupBy: string
  total: TicketKpis
  groups: TicketKpis[]
  hotTopics: { category: string; tickets: number }[]
}

export interface Range {
  from: string
  to: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A date range the services accept: ISO days, `from` not after `to`; half-hour traffic at most 31 days. */
export function rangeProblem(range: Range, granularity?: Granularity): 'format' | 'order' | 'tooLong' | null {
  if (!DATE.test(range.from) || !DATE.test(range.to)) return 'format'
  if (range.from > range.to) return 'order'
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1
  if (days > (granularity === 'HALF_HOUR' ? 31 : 366)) return 'tooLong'
  return null
}

const call = (t: string) => `/api/call/tenants/${encodeURIComponent(t)}/reports`
const ticket = (t: string) => `/api/ticket/tenants/${encodeURIComponent(t)}/reports`

function trafficQuery(range: Range, granularity: Granularity, by: Breakdown, format: 'json' | 'xlsx') {
  return new URLSearchParams({ from: range.from, to: range.to, granularity, by, format }).toString()
}

export const trafficReport = (t: string, range: Range, granularity: Granularity, by: Breakdown) =>
  getJson<TrafficReport>(`${call(t)}/calls?${trafficQuery(range, granularity, by, 'json')}`, { timeoutMs: 60_000 })
export const trafficExcel = (t: string, range: Range, granularity: Granularity, by: Breakdown) =>
  download(`${call(t)}/calls?${trafficQuery(range, granularity, by, 'xlsx')}`, `${t}-calls-${range.from}.xlsx`)

export const agentStates = (t: string, range: Range) =>
  getJson<AgentStateRow[] | { rows: AgentStateRow[] }>(`${call(t)}/agent-states?from=${range.from}&to=${range.to}`).then(
    (body) => (Array.isArray(body) ? body : body.rows),
  )
export const agentStatesExcel = (t: string, range: Range) =>
  download(`${call(t)}/agent-states?from=${range.from}&to=${range.to}&format=xlsx`, `${t}-agent-states-${range.from}.xlsx`)

export const callbackReport = (t: string, range: Range) =>
  getJson<CallbackRow[] | { rows: CallbackRow[] }>(`${call(t)}/callbacks?from=${range.from}&to=${range.to}`).then((body) =>
    Array.isArray(body) ? body : body.rows,
  )

export const missedCalls = (t: string, range: Range) =>
  getJson<MissedCalls>(`${call(t)}/missed-calls?from=${range.from}&to=${range.to}`, { timeoutMs: 60_000 })
export const missedCallsExcel = (t: string, range: Range) =>
  download(`${call(t)}/missed-calls?from=${range.from}&to=${range.to}&format=xlsx`, `${t}-missed-calls-${range.from}.xlsx`)

export const ticketReport = (t: string, range: Range, groupBy: 'day' | 'week' | 'month' | 'unit') =>
  getJson<TicketReport>(`${ticket(t)}/tickets?from=${range.from}&to=${range.to}&groupBy=${groupBy}`, { timeoutMs: 60_000 })
export const ticketExcel = (t: string, range: Range, groupBy: 'day' | 'week' | 'month' | 'unit') =>
  download(`${ticket(t)}/tickets.xlsx?from=${range.from}&to=${range.to}&groupBy=${groupBy}`, `${t}-ticket-kpis-${range.from}.xlsx`)
