import { getJson, sendJson } from './http'
import type { FieldError } from './problems'

const url = (tenant: string) => `/api/call/tenants/${encodeURIComponent(tenant)}/acd/settings`

/** Calls of skill group `from` that waited `afterSeconds` may also go to agents of group `to`. */
export interface OverflowRule {
  from: string
  to: string
  afterSeconds: number
}

/**
 * What happens to a caller that waited `afterSeconds` in the queue: `VOICEMAIL` leaves a message (and is put on the
 * must-call-back list), `CALLBACK` hangs up keeping its place (the agent who gets it dials back), `CHOICE` hears a
 * menu (1 keep place and call back, 2 leave a message, otherwise keep waiting).
 */
export type QueueLimitAction = 'VOICEMAIL' | 'CALLBACK' | 'CHOICE'
export const QUEUE_LIMIT_ACTIONS: readonly QueueLimitAction[] = ['VOICEMAIL', 'CALLBACK', 'CHOICE']

export interface QueueLimit {
  afterSeconds: number
  action: QueueLimitAction
}

/**
 * The tenant's ACD settings (call-cloud `AcdSettingsController`): the platform's defaults until the tenant saves its
 * own. `announcePosition` and `announceEverySeconds` go together (both null: the platform's interval); `queueLimit`
 * null: callers wait until they hang up.
 */
export interface AcdSettings {
  ringTimeoutSeconds: number
  afterCallWorkSeconds: number
  maxQueueLength: number
  overflow: OverflowRule[]
  announcePosition: boolean | null
  announceEverySeconds: number | null
  queueLimit: QueueLimit | null
}

/** The ranges the server checks (inclusive), checked here first so nothing out of range is sent. */
export const ACD_RANGES = {
  ringTimeoutSeconds: [5, 120],
  afterCallWorkSeconds: [0, 600],
  maxQueueLength: [1, 5000],
  overflowAfterSeconds: [0, 3600],
  announceEverySeconds: [15, 600],
  queueLimitAfterSeconds: [30, 3600],
} as const satisfies Record<string, readonly [number, number]>

/** A skill-group code as call-cloud accepts it. */
const GROUP_CODE = /^[a-z0-9][a-z0-9_-]{0,47}$/
const MAX_OVERFLOW_RULES = 100

export const getAcdSettings = (tenant: string) => getJson<AcdSettings>(url(tenant))
export const saveAcdSettings = (tenant: string, settings: AcdSettings) => sendJson<AcdSettings>('PUT', url(tenant), settings)

/** The server's settings with the fields an older server leaves out filled as "not set". */
export function normalised(settings: Partial<AcdSettings>): AcdSettings {
  return {
    ringTimeoutSeconds: settings.ringTimeoutSeconds ?? 20,
    afterCallWorkSeconds: settings.afterCallWorkSeconds ?? 0,
    maxQueueLength: settings.maxQueueLength ?? 100,
    overflow: Array.isArray(settings.overflow) ? settings.overflow.map((rule) => ({ ...rule })) : [],
    announcePosition: settings.announcePosition ?? null,
    announceEverySeconds: settings.announceEverySeconds ?? null,
    queueLimit: settings.queueLimit ? { ...settings.queueLimit } : null,
  }
}

/** Message keys (under `admin.acd.invalid`) for what is wrong with each field, named as the server names them. */
export type AcdProblem = 'range' | 'group' | 'sameGroup' | 'bothOrNeither' | 'action' | 'tooMany'

export interface AcdFieldProblem {
  field: string
  problem: AcdProblem
  range?: readonly [number, number]
}

function inRange(value: unknown, [min, max]: readonly [number, number]): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

/**
 * Everything the server would refuse, with the server's field names (`overflow[1].to`, `queueLimit.afterSeconds`):
 * ranges, skill-group codes, a rule overflowing a group to itself, the announcements both or neither, the queue-limit
 * action. Empty when the settings can be sent.
 */
export function validateAcdSettings(settings: AcdSettings): AcdFieldProblem[] {
  const problems: AcdFieldProblem[] = []
  const range = (field: string, value: unknown, bounds: readonly [number, number]) => {
    if (!inRange(value, bounds)) problems.push({ field, problem: 'range', range: bounds })
  }
  range('ringTimeoutSeconds', settings.ringTimeoutSeconds, ACD_RANGES.ringTimeoutSeconds)
  range('afterCallWorkSeconds', settings.afterCallWorkSeconds, ACD_RANGES.afterCallWorkSeconds)
  range('maxQueueLength', settings.maxQueueLength, ACD_RANGES.maxQueueLength)
  if (settings.overflow.length > MAX_OVERFLOW_RULES) problems.push({ field: 'overflow', problem: 'tooMany' })
  settings.overflow.forEach((rule, i) => {
    const at = `overflow[${i}]`
    const fromOk = GROUP_CODE.test(rule.from ?? '')
    if (!fromOk) problems.push({ field: `${at}.from`, problem: 'group' })
    if (!GROUP_CODE.test(rule.to ?? '')) problems.push({ field: `${at}.to`, problem: 'group' })
    else if (fromOk && rule.from === rule.to) problems.push({ field: `${at}.to`, problem: 'sameGroup' })
    range(`${at}.afterSeconds`, rule.afterSeconds, ACD_RANGES.overflowAfterSeconds)
  })
  const position = settings.announcePosition
  const every = settings.announceEverySeconds
  if (position === null && every !== null) problems.push({ field: 'announcePosition', problem: 'bothOrNeither' })
  if (position !== null && every === null) problems.push({ field: 'announceEverySeconds', problem: 'bothOrNeither' })
  if (every !== null) range('announceEverySeconds', every, ACD_RANGES.announceEverySeconds)
  if (settings.queueLimit) {
    range('queueLimit.afterSeconds', settings.queueLimit.afterSeconds, ACD_RANGES.queueLimitAfterSeconds)
    if (!QUEUE_LIMIT_ACTIONS.includes(settings.queueLimit.action)) {
      problems.push({ field: 'queueLimit.action', problem: 'action' })
    }
  }
  return problems
}

/** The server's field errors keyed by field (several for one field joined), for showing beside the form's fields. */
export function byField(errors: FieldError[]): Record<string, string> {
  const shown: Record<string, string> = {}
  for (const error of errors) {
    const field = error.field ?? ''
    shown[field] = shown[field] ? `${shown[field]}；${error.message}` : error.message
  }
  return shown
}
