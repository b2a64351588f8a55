import { getJson, ProblemError, send } from './http'

/** Who is signed in, as the gateway's backend-for-frontend knows it (`GET /api/me`). */
export interface Me {
  /** The caller's tenant slug; `platform` for the operator. */
  tenant: string
  subject: string
  /** Workstation or handling unit the caller is narrowed to. */
  scopeUnit: string | null
  roles: string[]
  name: string | null
}

/** The platform's role codes (kernel `security.Role`). */
export const ROLES = ['OPERATOR', 'TENANT_ADMIN', 'SUPERVISOR', 'AGENT', 'TICKET_CLERK', 'UNIT_USER'] as const
export type RoleCode = (typeof ROLES)[number]

const SLUG = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/

/** Tenant slugs as the kernel's `TenantId` accepts them (`platform` is the operator's). */
export function isTenantSlug(value: string): boolean {
  return SLUG.test(value)
}

/** The signed-in caller, or `null` when the browser has no (valid) session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await getJson<Me>('/api/me')
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) return null
    throw error
  }
}

/** Where the browser goes to sign in to a tenant: the gateway starts the authorization-code flow with PKCE. */
export function loginUrl(tenant: string): string {
  if (!isTenantSlug(tenant)) throw new Error(`not a tenant slug: ${tenant}`)
  return `/login/${tenant}`
}

/** Ends the gateway session (`POST /logout`, 204); the session's tokens never reached the browser. */
export async function signOut(): Promise<void> {
  await send('POST', '/logout')
}
