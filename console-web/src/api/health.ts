import { ProblemError, isApiError, problemFromStatus, request, type ApiError } from './http'

/** A part of the platform whose Spring Boot actuator health the console can read. */
export interface HealthTarget {
  /** `gateway` or the service's path segment behind the gateway. */
  id: 'gateway' | 'tenant' | 'call' | 'ticket'
  path: string
}

export const HEALTH_TARGETS: readonly HealthTarget[] = [
  { id: 'gateway', path: '/actuator/health' },
  { id: 'tenant', path: '/api/tenant/actuator/health' },
  { id: 'call', path: '/api/call/actuator/health' },
  { id: 'ticket', path: '/api/ticket/actuator/health' },
]

/** Actuator's status codes; custom codes pass through as they are. */
export type HealthStatus = 'UP' | 'DOWN' | 'OUT_OF_SERVICE' | 'UNKNOWN' | (string & {})

export interface HealthResult {
  target: HealthTarget
  status: HealthStatus
  /** Round trip in milliseconds, also for calls that failed with an answer. */
  latencyMs: number
  /** Why the call failed; absent when the service answered with its health. */
  error?: ApiError
}

const HEALTH_TIMEOUT_MS = 5_000

async function readStatus(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.json()
    if (typeof body === 'object' && body !== null && 'status' in body) {
      const { status } = body as { status: unknown }
      return typeof status === 'string' ? status : undefined
    }
  } catch {
    // not JSON: handled by the caller
  }
  return undefined
}

/**
 * Reads one target's health. Actuator answers a DOWN health with HTTP 503 and the health body,
 * which is an answer, not a failure; anything else that is not a health body (a gateway problem
 * detail such as an open circuit, an HTML error page, a timeout) counts as DOWN with the error kept.
 */
export async function checkHealth(target: HealthTarget): Promise<HealthResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const response = await request(target.path, {
      method: 'GET',
      acceptStatus: [503],
      timeoutMs: HEALTH_TIMEOUT_MS,
    })
    const status = await readStatus(response)
    if (status !== undefined) {
      return { target, status, latencyMs: elapsed() }
    }
    if (response.ok) {
      // Something answered, but not with a health body (a misrouted path, a static page).
      return { target, status: 'UNKNOWN', latencyMs: elapsed() }
    }
    const error = new ProblemError(problemFromStatus(response))
    return { target, status: 'DOWN', latencyMs: elapsed(), error }
  } catch (error) {
    if (isApiError(error)) {
      return { target, status: 'DOWN', latencyMs: elapsed(), error }
    }
    throw error
  }
}

export function checkAll(targets: readonly HealthTarget[] = HEALTH_TARGETS): Promise<HealthResult[]> {
  return Promise.all(targets.map(checkHealth))
}
