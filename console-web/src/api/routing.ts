import { getJson, sendJson } from './http'

const base = (tenant: string) => `/api/call/tenants/${encodeURIComponent(tenant)}/routing`

/** The stored rules document (call-cloud `RoutingRules`): kept as JSON, edited as text with validation by the server. */
export interface RoutingRules {
  revision: number
  updatedAt: string | null
  updatedBy: string | null
  document: Record<string, unknown>
}

export interface SimulationRequest {
  calledNumber: string
  callerNumber: string
  /** ISO instant; now when absent. */
  at?: string
  ivrChoices?: string
}

export interface SimulationResult {
  calledNumber: string
  callerNumber: string
  callerRegion: string | null
  at: string
  workingHours: boolean
  holiday: boolean
  entry: { action: string; group?: string; priority?: number; tree?: string; reason?: string; rule?: string; why?: string }
  ivr: { tree: string; version: number; path: { node: string; type: string; at: string; note: string }[]; choices: string; unusedChoices: string; ended: string } | null
  outcome: Record<string, unknown>
  why: string
}

export const getRules = (t: string) => getJson<RoutingRules>(`${base(t)}/rules`)
export const saveRules = (t: string, document: Record<string, unknown>) => sendJson<RoutingRules>('PUT', `${base(t)}/rules`, document)
export const simulate = (t: string, call: SimulationRequest) => sendJson<SimulationResult>('POST', `${base(t)}/simulate`, call)
