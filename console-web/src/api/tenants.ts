import { getJson, sendJson } from './http'

/** The operator's tenant registry (tenant-service `/platform/tenants`, through `/api/tenant`). */
const BASE = '/api/tenant/platform/tenants'

export const TENANT_KINDS = ['CITY', 'DISTRICT', 'MEDICAL_INSURANCE', 'OTHER'] as const
export type TenantKind = (typeof TENANT_KINDS)[number]
export type TenantStatus = 'PROVISIONING' | 'PROVISIONING_FAILED' | 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED'

export interface StepState {
  step: string
  order: number
  status: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  attempts: number
  lastError: string | null
}

export interface TenantView {
  slug: string
  name: string
  kind: TenantKind
  hotlineNumbers: string[]
  status: TenantStatus
  statusReason: string | null
  workstations: { id: string; name: string }[]
  steps: StepState[]
  createdAt: string
  updatedAt: string
}

export interface TenantQuotas {
  seats: number
  concurrentCalls: number
  recordingStorageMb: number
  apiRequestsPerSecond: number
}

export interface TenantSpec {
  slug: string
  name: string
  kind: TenantKind
  hotlineNumbers: string[]
  workstations: { id: string; name: string }[]
  admin: { username: string; displayName: string; initialPassword: string }
  quotas: TenantQuotas
}

export interface QuotaReport {
  tenant: string
  limits: TenantQuotas
  usage: { kind: string; used: number; limit: number }[]
}

const slugPath = (slug: string) => `${BASE}/${encodeURIComponent(slug)}`

/**
 * The registry rows. tenant-service serialises a row's slug as its `TenantId` record (`{"value": "shushan"}`) and
 * leaves out workstations and steps; the console works with the one-tenant view's shape.
 */
export async function listTenants(): Promise<TenantView[]> {
  const rows = await getJson<(Omit<TenantView, 'slug'> & { slug: string | { value: string } })[]>(BASE)
  return rows.map((row) => ({
    ...row,
    slug: typeof row.slug === 'string' ? row.slug : row.slug.value,
    workstations: row.workstations ?? [],
    steps: row.steps ?? [],
  }))
}
export const getTenant = (slug: string) => getJson<TenantView>(slugPath(slug))
/** Provisions a tenant; the answer comes once every step ran (201, or 200 for the same spec again). */
export const provisionTenant = (spec: TenantSpec) => sendJson<TenantView>('POST', BASE, spec, { timeoutMs: 120_000 })
export const retryTenant = (slug: string) => sendJson<TenantView>('POST', `${slugPath(slug)}/retry`, undefined, { timeoutMs: 120_000 })
export const suspendTenant = (slug: string, reason: string) => sendJson<TenantView>('POST', `${slugPath(slug)}/suspend`, { reason })
export const reactivateTenant = (slug: string, reason: string) =>
  sendJson<TenantView>('POST', `${slugPath(slug)}/reactivate`, { reason })
export const getQuotas = (slug: string) => getJson<QuotaReport>(`${slugPath(slug)}/quotas`)
export const setQuotas = (slug: string, quotas: TenantQuotas) => sendJson<QuotaReport>('PUT', `${slugPath(slug)}/quotas`, quotas)
