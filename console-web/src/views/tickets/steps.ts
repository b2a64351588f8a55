import type { Step, StepBody } from '@/api/tickets'

const CENTRE = ['TENANT_ADMIN', 'SUPERVISOR', 'TICKET_CLERK']
const UNIT = ['UNIT_USER']

/** Which steps a status offers, and to whom; the service decides in the end (a refusal is a problem detail). */
const OFFERED: Record<string, { step: Step; roles: string[] }[]> = {
  RECEIVED: [
    { step: 'answer', roles: CENTRE },
    { step: 'review', roles: CENTRE },
    { step: 'dispatch', roles: CENTRE },
  ],
  IN_REVIEW: [
    { step: 'answer', roles: CENTRE },
    { step: 'dispatch', roles: CENTRE },
  ],
  DISPATCHED: [
    { step: 'sign-for', roles: UNIT },
    { step: 'return', roles: UNIT },
    { step: 'urge', roles: CENTRE },
  ],
  SIGNED: [
    { step: 'reply', roles: UNIT },
    { step: 'extension', roles: UNIT },
    { step: 'return', roles: UNIT },
    { step: 'urge', roles: CENTRE },
  ],
  RETURN_REQUESTED: [{ step: 'return-review', roles: CENTRE }],
  EXTENSION_REQUESTED: [{ step: 'extension-review', roles: CENTRE }],
  REPLIED: [{ step: 'result-review', roles: CENTRE }],
  ANSWERED: [
    { step: 'callback', roles: CENTRE },
    { step: 'close', roles: CENTRE },
  ],
  CALLED_BACK: [{ step: 'close', roles: CENTRE }],
}

export function stepsFor(status: string, roles: readonly string[]): Step[] {
  const steps = (OFFERED[status] ?? []).filter((o) => o.roles.some((r) => roles.includes(r))).map((o) => o.step)
  return status === 'CLOSED' ? steps : [...steps, 'notes']
}

/** The inputs a step's form shows. */
export function inputsOf(step: Step): (keyof StepBody)[] {
  switch (step) {
    case 'dispatch':
      return ['unit', 'coUnits', 'text']
    case 'return-review':
    case 'extension-review':
    case 'result-review':
      return ['approved', 'text']
    case 'extension':
      return ['workingDays', 'text']
    case 'callback':
      return ['satisfaction', 'text']
    case 'sign-for':
    case 'close':
      return []
    default:
      return ['text']
  }
}

/** The first missing input of a step's form (so nothing incomplete is sent), or null. */
export function missingInput(step: Step, body: StepBody): keyof StepBody | null {
  for (const input of inputsOf(step)) {
    if (input === 'coUnits') continue
    const value = body[input]
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return input
    if (input === 'workingDays' && (typeof value !== 'number' || value < 1 || value > 30)) return input
  }
  return null
}
