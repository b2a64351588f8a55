import { getJson } from '@/api/http'

/** Who is signed in, from the gateway's `GET /api/me`. */
export interface Me {
  tenant: string
  subject: string
  scopeUnit?: string | null
  roles: string[]
  name?: string | null
}

let current: Promise<Me> | null = null

/** The signed-in person, read once per page load (a failed read is tried again next time). */
export function loadMe(): Promise<Me> {
  if (!current) {
    current = getJson<Me>('/api/me').catch((error: unknown) => {
      current = null
      throw error
    })
  }
  return current
}

/** Forgets the cached answer (tests, sign-out). */
export function forgetMe(): void {
  current = null
}

export function supervises(me: Me): boolean {
  return me.roles.includes('SUPERVISOR') || me.roles.includes('TENANT_ADMIN')
}

/** `mm:ss` (or `h:mm:ss`) of a number of seconds. */
export function clock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`
}
