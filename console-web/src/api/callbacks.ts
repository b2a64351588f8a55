/** The must-call-back work list (必须回拨), call-cloud `/api/call/tenants/{t}/callbacks`. */
import { getJson } from './http'
import { postJson } from './messages'

export type CallbackStatus = 'OPEN' | 'CLAIMED' | 'DONE'
export type CallbackOutcome = 'REACHED' | 'NO_ANSWER' | 'BUSY' | 'WRONG_NUMBER' | 'NOT_NEEDED'

export const OUTCOMES: readonly CallbackOutcome[] = ['REACHED', 'NO_ANSWER', 'BUSY', 'WRONG_NUMBER', 'NOT_NEEDED']
export const MAX_NOTE_LENGTH = 500

export interface CallbackTask {
  id: string
  callId: string
  reason: string
  group: string | null
  caller: string | null
  arrivedAt: string
  dueAt: string
  status: CallbackStatus
  claimedBy: string | null
  attempts: number
  outcome: string | null
  note: string | null
  doneAt: string | null
}

function base(tenant: string): string {
  return `/api/call/tenants/${encodeURIComponent(tenant)}/callbacks`
}

export async function listCallbacks(tenant: string, status: CallbackStatus = 'OPEN'): Promise<CallbackTask[]> {
  const answer = await getJson<{ tasks: CallbackTask[] }>(`${base(tenant)}?status=${status}`)
  return answer.tasks
}

/** Who holds a kept callback (排队回拨) while its call keeps its place in the queue. */
export const QUEUE_HOLDER = 'acd-queue'

/** A kept callback still waiting in the queue: a supervisor may release it to the list. */
export function keptInQueue(task: CallbackTask): boolean {
  return task.status === 'CLAIMED' && task.claimedBy === QUEUE_HOLDER
}

/** Supervisors: the kept callback gives up its place in the queue and goes on the list, open and due at once. */
export function releaseCallback(tenant: string, id: string): Promise<{ id: string; status: CallbackStatus }> {
  return postJson(`${base(tenant)}/${encodeURIComponent(id)}/release`, {})
}

export function claimCallback(tenant: string, id: string): Promise<CallbackTask> {
  return postJson(`${base(tenant)}/${encodeURIComponent(id)}/claim`, {})
}

/** What is wrong with a completion before it is sent (a key under `agentDesk.callbacks.invalid`), or null. */
export function invalidCompletion(outcome: string, note: string): 'outcome' | 'note' | null {
  if (!(OUTCOMES as readonly string[]).includes(outcome)) return 'outcome'
  if (note.length > MAX_NOTE_LENGTH) return 'note'
  return null
}

export function completeCallback(
  tenant: string,
  id: string,
  outcome: CallbackOutcome,
  note: string,
): Promise<CallbackTask> {
  const body = note.trim() ? { outcome, note: note.trim() } : { outcome }
  return postJson(`${base(tenant)}/${encodeURIComponent(id)}/complete`, body)
}
