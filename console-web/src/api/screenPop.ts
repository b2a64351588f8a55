/**
 * What the agent desk reads from ticket-service through the gateway (`/api/ticket/**`): the screen pop (the caller's
 * recent tickets), the category tree, knowledge search and citations, and the ticket steps the desk takes (create,
 * direct answer, dispatch).
 */
import { getJson } from './http'
import { postJson } from './messages'

export interface RecentTicket {
  id: string
  status: string
  kind: string
  category: string
  summary: string
  mainUnit: string | null
  calls: string[]
  openedAt: string
}

export interface ScreenPop {
  total: number
  tickets: RecentTicket[]
  calls: string[]
  duplicate: { ticket: string; reason: string } | null
}

export interface Category {
  code: string
  parentCode: string | null
  name: string
  active: boolean
}

export interface CategoryNode {
  value: string
  label: string
  children?: CategoryNode[]
}

export interface KnowledgeHit {
  id: string
  kind: string
  category: string
  title: string
  snippet: string
  body: string
  score: number
}

export type RequestKind = 'CONSULTATION' | 'HELP' | 'COMPLAINT' | 'REPORT' | 'SUGGESTION' | 'PRAISE'
export const REQUEST_KINDS: readonly RequestKind[] = [
  'CONSULTATION',
  'HELP',
  'COMPLAINT',
  'REPORT',
  'SUGGESTION',
  'PRAISE',
]

export interface TicketDraft {
  kind: RequestKind | ''
  category: string
  urgency: 'NORMAL' | 'URGENT'
  citizenName: string
  phone: string
  content: string
  address: string
  callId: string | null
}

export interface TicketView {
  id: string
  status: string
  version?: number
  [field: string]: unknown
}

function ticketBase(tenant: string): string {
  return `/api/ticket/tenants/${encodeURIComponent(tenant)}`
}

export function screenPop(tenant: string, number: string): Promise<ScreenPop> {
  return getJson<ScreenPop>(`${ticketBase(tenant)}/screen-pop?number=${encodeURIComponent(number)}`)
}

export function loadCategories(tenant: string): Promise<Category[]> {
  return getJson<Category[]>(`${ticketBase(tenant)}/ticket-categories`)
}

/** The flat category list as a tree for a cascader; inactive categories are left out. */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const active = categories.filter((category) => category.active)
  const byParent = new Map<string | null, Category[]>()
  for (const category of active) {
    const parent = active.some((c) => c.code === category.parentCode) ? category.parentCode : null
    byParent.set(parent, [...(byParent.get(parent) ?? []), category])
  }
  const build = (parent: string | null): CategoryNode[] =>
    (byParent.get(parent) ?? []).map((category) => {
      const children = build(category.code)
      return children.length
        ? { value: category.code, label: category.name, children }
        : { value: category.code, label: category.name }
    })
  return build(null)
}

export async function searchKnowledge(tenant: string, query: string): Promise<KnowledgeHit[]> {
  const answer = await getJson<{ hits?: KnowledgeHit[] } | KnowledgeHit[]>(
    `${ticketBase(tenant)}/knowledge/search?q=${encodeURIComponent(query)}&limit=10`,
  )
  return Array.isArray(answer) ? answer : (answer.hits ?? [])
}

export type DraftProblem = 'kind' | 'category' | 'phone' | 'content' | 'contentTooLong'
const PHONE = /^\+?[0-9][0-9-]{2,19}$/

/** Every field at fault in a ticket draft (keys under `agentDesk.ticket.invalid`); empty when it may be sent. */
export function validateDraft(draft: TicketDraft): DraftProblem[] {
  const problems: DraftProblem[] = []
  if (!draft.kind) problems.push('kind')
  if (!draft.category) problems.push('category')
  if (!PHONE.test(draft.phone.trim())) problems.push('phone')
  if (!draft.content.trim()) problems.push('content')
  else if (draft.content.length > 4000) problems.push('contentTooLong')
  return problems
}

export function createTicket(tenant: string, draft: TicketDraft): Promise<TicketView> {
  const body: Record<string, unknown> = {
    channel: 'PHONE',
    kind: draft.kind,
    category: draft.category,
    urgency: draft.urgency,
    citizen: { name: draft.citizenName.trim() || undefined, phone: draft.phone.trim() },
    content: draft.content.trim(),
  }
  if (draft.address.trim()) body.address = draft.address.trim()
  if (draft.callId) body.calls = [draft.callId]
  return postJson<TicketView>(`${ticketBase(tenant)}/tickets`, body)
}

export function answerDirectly(tenant: string, ticket: string, text: string): Promise<TicketView> {
  return postJson<TicketView>(`${ticketBase(tenant)}/tickets/${encodeURIComponent(ticket)}/answer`, { text })
}

export function dispatchTicket(tenant: string, ticket: string, unit: string, text: string): Promise<TicketView> {
  return postJson<TicketView>(`${ticketBase(tenant)}/tickets/${encodeURIComponent(ticket)}/dispatch`, {
    unit,
    coUnits: [],
    text,
  })
}

export function citeEntry(tenant: string, entry: string, ticket: string): Promise<unknown> {
  return postJson(`${ticketBase(tenant)}/knowledge/entries/${encodeURIComponent(entry)}/citations`, {
    ticketId: ticket,
  })
}
