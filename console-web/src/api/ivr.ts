import { getJson, sendJson } from './http'

/** IVR trees of call-cloud (`/api/call/tenants/{t}/ivr-trees`): one draft per tree, immutable published versions. */
const base = (tenant: string) => `/api/call/tenants/${encodeURIComponent(tenant)}/ivr-trees`

export const NODE_TYPES = ['announcement', 'menu', 'workingHours', 'holiday', 'queue', 'voicemail', 'survey', 'hangup'] as const
export type NodeType = (typeof NODE_TYPES)[number]

export interface IvrChoice {
  digit: string
  next: string
}

/** One node of the document; which fields apply depends on `type` (see {@link FIELDS}). */
export interface IvrNode {
  id: string
  type: NodeType
  prompt?: string
  next?: string
  choices?: IvrChoice[]
  timeoutSeconds?: number
  retries?: number
  invalidPrompt?: string
  onFailure?: string
  open?: string
  closed?: string
  holiday?: string
  otherwise?: string
  group?: string
  priority?: number
  maxSeconds?: number
}

export interface IvrDocument {
  start: string
  nodes: IvrNode[]
}

export interface NodeError {
  node: string | null
  field: string | null
  message: string
}

export interface TreeSummary {
  tree: string
  currentVersion: number | null
  draftSavedAt: string | null
}

export interface TreeDetail {
  tree: string
  currentVersion: number | null
  draft: IvrDocument | null
  draftSavedAt: string | null
  draftSavedBy: string | null
  versions: { version: number; publishedAt: string; publishedBy: string }[]
}

/** The fields each node type carries (besides `id` and `type`), in the order the editor shows them. */
export const FIELDS: Record<NodeType, (keyof IvrNode)[]> = {
  announcement: ['prompt', 'next'],
  menu: ['prompt', 'choices', 'timeoutSeconds', 'retries', 'invalidPrompt', 'onFailure'],
  workingHours: ['open', 'closed'],
  holiday: ['holiday', 'otherwise'],
  queue: ['group', 'priority'],
  voicemail: ['prompt', 'maxSeconds'],
  survey: ['prompt', 'timeoutSeconds', 'next'],
  hangup: ['prompt'],
}

/** Fields that name another node. */
export const TARGET_FIELDS: (keyof IvrNode)[] = ['next', 'onFailure', 'open', 'closed', 'holiday', 'otherwise']
const REQUIRED: Record<NodeType, (keyof IvrNode)[]> = {
  announcement: ['prompt', 'next'],
  menu: ['prompt', 'choices', 'onFailure'],
  workingHours: ['open', 'closed'],
  holiday: ['holiday', 'otherwise'],
  queue: [],
  voicemail: ['prompt'],
  survey: ['prompt'],
  hangup: [],
}

const NODE_ID = /^[a-z0-9][a-z0-9_-]{0,47}$/
const DIGITS = '0123456789*#'

/** The shape checks the server makes first, so the editor marks nodes before anything is sent. */
export function checkDocument(doc: IvrDocument): NodeError[] {
  const errors: NodeError[] = []
  const ids = new Set<string>()
  for (const node of doc.nodes) {
    if (!NODE_ID.test(node.id)) errors.push({ node: node.id, field: 'id', message: 'id' })
    else if (ids.has(node.id)) errors.push({ node: node.id, field: 'id', message: 'duplicate' })
    ids.add(node.id)
  }
  if (doc.nodes.length === 0) errors.push({ node: null, field: 'nodes', message: 'empty' })
  else if (!ids.has(doc.start)) errors.push({ node: null, field: 'start', message: 'unknownTarget' })
  for (const node of doc.nodes) {
    for (const field of REQUIRED[node.type]) {
      const value = node[field]
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
        errors.push({ node: node.id, field, message: 'required' })
      }
    }
    for (const field of TARGET_FIELDS) {
      const target = node[field]
      if (FIELDS[node.type].includes(field) && typeof target === 'string' && target !== '' && !ids.has(target)) {
        errors.push({ node: node.id, field, message: 'unknownTarget' })
      }
    }
    const digits = new Set<string>()
    for (const choice of node.type === 'menu' ? (node.choices ?? []) : []) {
      if (choice.digit.length !== 1 || !DIGITS.includes(choice.digit)) {
        errors.push({ node: node.id, field: 'choices', message: 'digit' })
      } else if (digits.has(choice.digit)) {
        errors.push({ node: node.id, field: 'choices', message: 'duplicateDigit' })
      }
      digits.add(choice.digit)
      if (!ids.has(choice.next)) errors.push({ node: node.id, field: 'choices', message: 'unknownTarget' })
    }
    if (node.type === 'queue' && node.priority !== undefined && (node.priority < 0 || node.priority > 9)) {
      errors.push({ node: node.id, field: 'priority', message: 'range' })
    }
  }
  return errors
}

/** The document as the server wants it: only the fields of each node's type, empty optional values left out. */
export function cleanDocument(doc: IvrDocument): IvrDocument {
  return {
    start: doc.start,
    nodes: doc.nodes.map((node) => {
      const clean: IvrNode = { id: node.id, type: node.type }
      for (const field of FIELDS[node.type]) {
        const value = node[field]
        if (value === undefined || value === null || value === '') continue
        ;(clean as unknown as Record<string, unknown>)[field] = value
      }
      return clean
    }),
  }
}

/** A new node of a type, with the defaults the server would apply. */
export function newNode(type: NodeType, id: string): IvrNode {
  switch (type) {
    case 'menu':
      return { id, type, prompt: '', choices: [], timeoutSeconds: 5, retries: 2, onFailure: '' }
    case 'queue':
      return { id, type, priority: 0 }
    case 'voicemail':
      return { id, type, prompt: '', maxSeconds: 120 }
    default:
      return { id, type }
  }
}

export const listTrees = (t: string) => getJson<TreeSummary[]>(base(t))
export const getTree = (t: string, tree: string) => getJson<TreeDetail>(`${base(t)}/${encodeURIComponent(tree)}`)
export const validateTree = (t: string, tree: string, doc: IvrDocument) =>
  sendJson<{ valid: boolean; errors: NodeError[] }>('POST', `${base(t)}/${encodeURIComponent(tree)}/validate`, cleanDocument(doc))
export const saveDraft = (t: string, tree: string, doc: IvrDocument) =>
  sendJson<TreeDetail>('PUT', `${base(t)}/${encodeURIComponent(tree)}/draft`, cleanDocument(doc))
export const publishTree = (t: string, tree: string) =>
  sendJson<{ version: number; publishedAt: string; publishedBy: string }>('POST', `${base(t)}/${encodeURIComponent(tree)}/publish`)
export const rollbackTree = (t: string, tree: string, version: number) =>
  sendJson<TreeDetail>('POST', `${base(t)}/${encodeURIComponent(tree)}/rollback`, { version })
