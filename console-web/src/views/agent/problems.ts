import { NetworkError, ProblemError } from '@/api/http'
import { SocketProblem } from '@/api/agentSocket'

type Translate = (key: string, values?: Record<string, unknown>) => string

const KNOWN = new Set([
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ILLEGAL_TRANSITION',
  'NOT_SUPPORTED_YET',
  'TENANT_QUOTA_EXCEEDED',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'DEPENDENCY_DOWN',
  'UPSTREAM_TIMEOUT',
  'INTERNAL_ERROR',
  'DISCONNECTED',
  'TIMEOUT',
])

/** The stable code of a failure from HTTP, the socket or the network. */
export function problemCode(error: unknown): string {
  if (error instanceof SocketProblem) return error.code
  if (error instanceof ProblemError) return error.code ?? 'UNKNOWN'
  if (error instanceof NetworkError) return error.timedOut ? 'TIMEOUT' : 'NETWORK'
  return 'UNKNOWN'
}

/**
 * A failure for a person: the code's meaning in the console's language, then the server's own message, e.g.
 * `没有权限：Only supervisors and admins write to a skill group or to all. [FORBIDDEN]`.
 */
export function problemText(error: unknown, t: Translate): string {
  const code = problemCode(error)
  const headline = t(`agentDesk.problems.${KNOWN.has(code) ? code : code === 'NETWORK' ? 'NETWORK' : 'UNKNOWN'}`)
  let detail = ''
  if (error instanceof ProblemError) detail = error.problem.detail ?? error.problem.title
  else if (error instanceof Error) detail = error.message
  const suffix = code !== 'UNKNOWN' && code !== 'NETWORK' ? ` [${code}]` : ''
  return detail ? `${headline}：${detail}${suffix}` : `${headline}${suffix}`
}
