import { getJson, sendJson } from './http'

/** The knowledge base of ticket-service (`/api/ticket/tenants/{t}/knowledge/…`, R-KB-1..3). */
const base = (tenant: string) => `/api/ticket/tenants/${encodeURIComponent(tenant)}/knowledge`

export const ENTRY_KINDS = ['ARTICLE', 'TEMPLATE', 'YELLOW_PAGE'] as const
export const ENTRY_TIERS = ['TENANT', 'WORKSTATION', 'UNIT', 'PERSONAL'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]
export type EntryStatus = 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'OFF_SHELF'
export type WorkflowStep = 'submit' | 'approve' | 'reject' | 'take-off' | 'put-back'

/** A search hit; `title` and `snippet` mark query words with `<em>` in otherwise HTML-escaped text. */
export interface KnowledgeHit {
  id: string
  /** null for a hot entry (the ranking does not say) */
  kind: EntryKind | null
  category: string
  title: string
  snippet: string
  body: string
  score: number
}

export interface Contact {
  name: string
  phone: string
  duty: string | null
}

export interface EntryContent {
  kind: EntryKind
  title: string
  body: string
  tags: string[]
  category: string
  tier: (typeof ENTRY_TIERS)[number]
  scopeUnit: string | null
  unitCode: string | null
  contacts: Contact[]
  validFrom: string | null
  validTo: string | null
}

export interface Entry {
  id: string
  content: EntryContent
  status: EntryStatus
  version: number
  owner: string
  updatedBy: string
  updatedAt: string
  revises: string | null
}

export interface EntryVersion {
  version: number
  action: string
  status: EntryStatus
  title: string
  body: string
  changedBy: string
  changedAt: string
  note: string | null
}

/** The assistant's answer: text with `[n]` marks and the entries they cite. */
export interface Answer {
  mode: 'EXTRACTIVE' | 'GENERATIVE' | 'NOT_FOUND'
  text: string
  citations: { number: number; entryId: string; title: string; text: string }[]
  note: string | null
}

export async function search(tenant: string, q: string, kind?: string): Promise<KnowledgeHit[]> {
  const params = new URLSearchParams({ q, limit: '20' })
  if (kind) params.set('kind', kind)
  const answer = await getJson<{ hits: KnowledgeHit[] }>(`${base(tenant)}/search?${params}`)
  return answer.hits
}

/** The most viewed and cited entries (`{id, title, category, hot}`), as hits without a snippet. */
export async function hot(tenant: string): Promise<KnowledgeHit[]> {
  const top = await getJson<{ id: string; title: string; category: string; hot: number }[]>(`${base(tenant)}/hot?limit=10`)
  return top.map((e) => ({ id: e.id, kind: null, category: e.category, title: e.title, snippet: '', body: '', score: e.hot }))
}
export const entry = (tenant: string, id: string) => getJson<Entry>(`${base(tenant)}/entries/${encodeURIComponent(id)}`)
export const entries = (tenant: string, status?: EntryStatus) =>
  getJson<Entry[]>(`${base(tenant)}/entries${status ? `?status=${status}` : ''}`)
export const history = (tenant: string, id: string) =>
  getJson<EntryVersion[]>(`${base(tenant)}/entries/${encodeURIComponent(id)}/history`)
export const ask = (tenant: string, question: string) => sendJson<Answer>('POST', `${base(tenant)}/ask`, { question })
export const createEntry = (tenant: string, content: EntryDraft) => sendJson<Entry>('POST', `${base(tenant)}/entries`, content)
export const editEntry = (tenant: string, id: string, content: EntryDraft) =>
  sendJson<Entry>('PUT', `${base(tenant)}/entries/${encodeURIComponent(id)}`, content)
export const step = (tenant: string, id: string, what: WorkflowStep, note?: string) =>
  sendJson<Entry>('POST', `${base(tenant)}/entries/${encodeURIComponent(id)}/${what}`, { note: note ?? null })

/** What the editor sends. */
export interface EntryDraft {
  kind: EntryKind
  title: string
  body: string
  tags: string[]
  category: string
  tier: (typeof ENTRY_TIERS)[number]
}

/** Why a draft cannot be sent (a key under `knowledge.invalid`), or null — the service's own limits. */
export function invalidDraft(draft: EntryDraft): 'title' | 'body' | 'category' | 'tags' | null {
  if (!draft.title.trim() || draft.title.length > 200) return 'title'
  if (!draft.body.trim() || draft.body.length > 20_000) return 'body'
  if (!draft.category.trim() || draft.category.length > 200) return 'category'
  if (draft.tags.length > 20 || draft.tags.some((tag) => !tag.trim() || tag.length > 32)) return 'tags'
  return null
}

/** The steps the workflow offers from a status (the service refuses others with ILLEGAL_TRANSITION). */
export function stepsFrom(status: EntryStatus): WorkflowStep[] {
  switch (status) {
    case 'DRAFT':
      return ['submit']
    case 'IN_REVIEW':
      return ['approve', 'reject']
    case 'PUBLISHED':
      return ['take-off']
    case 'OFF_SHELF':
      return ['put-back']
  }
}

/**
 * A hit's text as HTML: the service sends it HTML-escaped with `<em>` around query words; any other tag (there should
 * be none) is dropped, so nothing but `<em>` can reach the page.
 */
export function highlighted(text: string): string {
  return text.replace(/<(?!\/?em>)[^>]*>?/g, '')
}
