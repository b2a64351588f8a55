import { getJson, sendJson } from './http'

/** A tenant's directory and calendar in tenant-service (`/api/tenant/tenants/{t}/…`). */
const base = (tenant: string) => `/api/tenant/tenants/${encodeURIComponent(tenant)}`

export interface User {
  id: string
  tenant: string
  username: string
  displayName: string
  status: 'ACTIVE' | 'DISABLED'
  scopeUnit: string | null
  roles: string[]
  phone: string | null
  locked: boolean
}

export interface NewUser {
  username: string
  displayName: string
  password: string
  roles: string[]
  phone?: string
  scopeUnit?: string
}

export interface Seat {
  id: string
  seatNo: string
  userId: string | null
  scopeUnit: string | null
}

export interface SkillGroup {
  id: string
  code: string
  name: string
  scopeUnit: string | null
}

export interface PhoneNumber {
  number: string
  purpose: string
  scopeUnit: string | null
}

export interface ImportResult {
  total: number
  imported: number
  failed: number
  errors: { row: number; column: string; message: string }[]
}

export interface Period {
  start: string
  end: string
}

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const

export interface Calendar {
  zone: string
  hours: Record<string, Period[]>
  makeupDay: Period[]
  specialDays: { date: string; kind: 'HOLIDAY' | 'MAKEUP_WORKDAY' | string; name: string }[]
}

export const listUsers = (t: string) => getJson<User[]>(`${base(t)}/users`)
export const createUser = (t: string, user: NewUser) => sendJson<User>('POST', `${base(t)}/users`, user)
export const setUserStatus = (t: string, id: string, status: 'ACTIVE' | 'DISABLED') =>
  sendJson<User>('PUT', `${base(t)}/users/${id}/status`, { status })
export const setUserRoles = (t: string, id: string, roles: string[]) =>
  sendJson<User>('PUT', `${base(t)}/users/${id}/roles`, { roles })

export const listSeats = (t: string) => getJson<Seat[]>(`${base(t)}/seats`)
export const createSeat = (t: string, seat: { seatNo: string; userId?: string }) =>
  sendJson<Seat>('POST', `${base(t)}/seats`, seat)

export const listSkillGroups = (t: string) => getJson<SkillGroup[]>(`${base(t)}/skill-groups`)
export const createSkillGroup = (t: string, group: { code: string; name: string }) =>
  sendJson<SkillGroup>('POST', `${base(t)}/skill-groups`, group)
export const setSkill = (t: string, userId: string, groupId: string, level: number) =>
  sendJson<unknown>('PUT', `${base(t)}/users/${userId}/skills/${groupId}`, { level })

export const listNumbers = (t: string) => getJson<PhoneNumber[]>(`${base(t)}/numbers`)
export const createNumber = (t: string, number: { number: string; purpose: string }) =>
  sendJson<PhoneNumber>('POST', `${base(t)}/numbers`, number)

/** Excel import of users and seats (multipart `file` + `initialPassword`); the answer lists rejected rows. */
export function importUsers(t: string, file: File, initialPassword: string): Promise<ImportResult> {
  const form = new FormData()
  form.append('file', file)
  form.append('initialPassword', initialPassword)
  return sendJson<ImportResult>('POST', `${base(t)}/imports/users`, form, { timeoutMs: 120_000 })
}

export const getCalendar = (t: string) => getJson<Calendar>(`${base(t)}/calendar`)
export const setHours = (t: string, hours: { zone: string; hours: Record<string, Period[]>; makeupDay: Period[] }) =>
  sendJson<Calendar>('PUT', `${base(t)}/calendar/hours`, hours)
export const setSpecialDay = (t: string, date: string, day: { kind: string; name: string }) =>
  sendJson<Calendar>('PUT', `${base(t)}/calendar/days/${date}`, day)

/** Blacklist of call-cloud (`/api/call/tenants/{t}/blacklist`). */
export interface BlacklistEntry {
  id: string
  scope: string
  number: string
  reason: string
  expiresAt: string | null
  createdAt: string
  createdBy: string
}
const callBase = (tenant: string) => `/api/call/tenants/${encodeURIComponent(tenant)}`
export const listBlacklist = (t: string) => getJson<BlacklistEntry[]>(`${callBase(t)}/blacklist`)
export const addToBlacklist = (t: string, entry: { number: string; reason: string; expiresAt?: string }) =>
  sendJson<BlacklistEntry>('POST', `${callBase(t)}/blacklist`, entry)
export const removeFromBlacklist = (t: string, id: string) => sendJson<void>('DELETE', `${callBase(t)}/blacklist/${id}`)

/** Handling units (承办单位) that tickets are dispatched to. */
export const UNIT_LEVELS = ['CITY_MEMBER', 'DISTRICT', 'SECOND_LEVEL'] as const
export interface HandlingUnit {
  code: string
  name: string
  level: string
  parentCode: string | null
  contacts: { name: string; phone: string; duty?: string }[]
  active: boolean
}
export const listHandlingUnits = (t: string) => getJson<HandlingUnit[]>(`${base(t)}/units`)
export const createHandlingUnit = (t: string, unit: { code: string; name: string; level: string; parentCode?: string }) =>
  sendJson<HandlingUnit>('POST', `${base(t)}/units`, unit)

/** One quota of the tenant: what it may use (`limit`, set by the operator) and what it uses now. */
export interface QuotaInUse {
  kind: 'SEATS' | 'CONCURRENT_CALLS' | 'RECORDING_STORAGE_MB' | 'API_REQUESTS_PER_SECOND'
  unit: string
  used: number
  limit: number
  /** A per-second rate: `used` counts the current second only. */
  rate: boolean
}

export interface QuotasInUse {
  tenant: string
  at: string
  quotas: QuotaInUse[]
}

/** 配额使用情况 for the tenant admin (tenant-service `GET /tenants/{t}/quotas`). */
export const getQuotasInUse = (tenant: string) => getJson<QuotasInUse>(`${base(tenant)}/quotas`)

/** Share of the limit in use, 0-1 (a limit of 0 with nothing used is 0; anything used against 0 is full). */
export function quotaShare(quota: Pick<QuotaInUse, 'used' | 'limit'>): number {
  if (quota.limit <= 0) return quota.used > 0 ? 1 : 0
  return Math.min(1, quota.used / quota.limit)
}
