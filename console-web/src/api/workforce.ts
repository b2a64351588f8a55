import { getJson, sendJson } from './http'

/**
 * workforce-service through the gateway (`/api/workforce/tenants/{t}/…`): quality inspection, scheduling, training,
 * announcements and SMS. Shapes follow workforce-service/README.md; every call is the service's own API, nothing faked.
 */
const base = (tenant: string) => `/api/workforce/tenants/${encodeURIComponent(tenant)}`
const id = encodeURIComponent

// ---- quality (质检) ----------------------------------------------------------------------------------------------

export interface QaTask {
  id: string
  kind: string
  subject: string
  agent: string
  team: string | null
  period: string
  templateId: string
  inspector: string
  reason: string
  status: string
  score: number | null
  fatal: boolean
  points: Record<string, number> | null
  comment: string | null
  appealReason: string | null
  appealNote: string | null
  createdAt: string
  steps: { seq: number; step: string; actor: string; at: string }[]
}

export interface QaTemplate {
  id: string
  code: string
  version: number
  name: string
  items: { code: string; name: string; weight: number; fatal: boolean }[]
}

export interface QaAgentReport {
  key: string
  scored: number
  average: number | null
  lowest: number | null
  fatal: number
  appealed: number
}

export const qaTasks = (tenant: string, filter: { agent?: string; inspector?: string; status?: string; period?: string }) => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value)
  return getJson<QaTask[]>(`${base(tenant)}/quality/tasks?${params}`)
}
export const qaTemplates = (tenant: string) => getJson<QaTemplate[]>(`${base(tenant)}/quality/templates`)
export const qaScore = (tenant: string, task: string, points: Record<string, number>, fatalViolations: string[], comment: string) =>
  sendJson<QaTask>('POST', `${base(tenant)}/quality/tasks/${id(task)}/score`, { points, fatalViolations, comment })
export const qaAppeal = (tenant: string, task: string, reason: string) =>
  sendJson<QaTask>('POST', `${base(tenant)}/quality/tasks/${id(task)}/appeal`, { reason })
export const qaDecide = (tenant: string, task: string, upheld: boolean, note: string) =>
  sendJson<QaTask>('POST', `${base(tenant)}/quality/tasks/${id(task)}/appeal-decision`, { upheld, note })
/** An audited, 5-minute presigned link to the call's recording (the audit entry is written first). */
export const qaPlayback = (tenant: string, task: string, reason: string) =>
  sendJson<{ url: string; validSeconds: number }>('POST', `${base(tenant)}/quality/tasks/${id(task)}/playback`, { reason })
export const qaAgentReport = (tenant: string, period: string) =>
  getJson<QaAgentReport[]>(`${base(tenant)}/quality/reports/agents?period=${id(period)}`)

/** Points per item must lie within 0..weight; returns the first item code that does not, or null. */
export function invalidPoints(template: QaTemplate, points: Record<string, number>): string | null {
  for (const item of template.items) {
    const value = points[item.code]
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > item.weight) return item.code
  }
  return null
}

// ---- scheduling (排班) -------------------------------------------------------------------------------------------

export interface RosterEntry {
  agent: string
  day: string
  shift: string
}
export interface Shift {
  agent: string
  day: string
  shift: string
  starts: string
  ends: string
}
export interface ShiftRequest {
  id: string
  kind: 'LEAVE' | 'SWAP'
  agent: string
  otherAgent: string | null
  day: string
  reason: string | null
  status: string
  decidedBy: string | null
  note: string | null
}
export interface ForecastSlot {
  at: string
  expectedCalls: number
  erlangs: number
  requiredAgents: number
  rosteredAgents: number
  shortfall: number
  serviceLevelAsRostered: number | null
}
export interface Forecast {
  day: string
  weeks: number
  halfHours: ForecastSlot[]
  shortHalfHours: number
  peakShortfall: number
}

export const roster = (tenant: string, from: string, to: string) =>
  getJson<Record<string, RosterEntry[]>>(`${base(tenant)}/scheduling/roster?from=${from}&to=${to}`)
export const myShifts = (tenant: string, agent: string, from: string, to: string) =>
  getJson<Shift[]>(`${base(tenant)}/scheduling/agents/${id(agent)}/shifts?from=${from}&to=${to}`)
export const shiftRequests = (tenant: string, status?: string) =>
  getJson<ShiftRequest[]>(`${base(tenant)}/scheduling/requests${status ? `?status=${status}` : ''}`)
export const fileRequest = (
  tenant: string,
  body: { kind: 'LEAVE' | 'SWAP'; day: string; otherAgent?: string; reason?: string },
) => sendJson<ShiftRequest>('POST', `${base(tenant)}/scheduling/requests`, body)
export const decideRequest = (tenant: string, request: string, approve: boolean, note = '') =>
  approve
    ? sendJson<ShiftRequest>('POST', `${base(tenant)}/scheduling/requests/${id(request)}/approve`, {})
    : sendJson<ShiftRequest>('POST', `${base(tenant)}/scheduling/requests/${id(request)}/reject`, { note })
export const forecast = (tenant: string, day: string) =>
  getJson<Forecast>(`${base(tenant)}/scheduling/forecast?day=${day}&weeks=4&serviceLevel=0.8&targetSeconds=20`)

// ---- training (培训考试) -----------------------------------------------------------------------------------------

export interface Course {
  id: string
  title: string
  description: string
  category: string
  createdAt: string
  materials: { id: string; name: string; contentType: string; size: number }[]
}
export interface ExamItem {
  question: string
  kind: 'SINGLE' | 'MULTIPLE' | 'TRUE_FALSE' | 'SHORT'
  stem: string
  options: string[]
  points: number
  given: string[]
  reference: string[] | null
  autoPoints: number | null
  manualPoints: number | null
}
export interface Exam {
  id: string
  paper: string
  title: string
  status: string
  startedAt: string
  deadline: string
  submittedAt: string | null
  autoSubmitted: boolean
  objectiveScore: number | null
  manualScore: number | null
  totalScore?: number | null
  items: ExamItem[]
}

export const courses = (tenant: string) => getJson<Course[]>(`${base(tenant)}/training/courses`)
export const materialLink = (tenant: string, material: string) =>
  getJson<{ url: string }>(`${base(tenant)}/training/materials/${id(material)}/link`)
export const startExam = (tenant: string, paper: string) =>
  sendJson<Exam>('POST', `${base(tenant)}/training/papers/${id(paper)}/exams`, {})
export const answerExam = (tenant: string, exam: string, question: string, answer: string[]) =>
  sendJson<unknown>('PUT', `${base(tenant)}/training/exams/${id(exam)}/answers/${id(question)}`, { answer })
export const submitExam = (tenant: string, exam: string) =>
  sendJson<Exam>('POST', `${base(tenant)}/training/exams/${id(exam)}/submit`, {})
export const paperResults = (tenant: string, paper: string) =>
  getJson<Exam[]>(`${base(tenant)}/training/papers/${id(paper)}/results`)

/** Seconds left until the exam's deadline (server clock as sent), never below 0. */
export function secondsLeft(deadline: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((Date.parse(deadline) - now) / 1000))
}

// ---- announcements (公告) ----------------------------------------------------------------------------------------

export interface Announcement {
  id: string
  group: string
  title: string
  body: string
  urgent: boolean
  scrolling: boolean
  targets: { all: boolean; roles: string[]; users: string[] }
  publishAt: string
  expiresAt: string | null
  createdBy: string
  createdAt: string
  read: boolean
  reads: number
  replies: number
}
export interface AnnouncementDraft {
  group?: string
  title: string
  body: string
  urgent: boolean
  scrolling: boolean
  targets: { all?: boolean; roles?: string[]; users?: string[] }
}

export const announcements = (tenant: string, q = '', all = false) => {
  const params = new URLSearchParams({ limit: '50' })
  if (q) params.set('q', q)
  if (all) params.set('all', 'true')
  return getJson<Announcement[]>(`${base(tenant)}/announcements?${params}`)
}
export const scrolling = (tenant: string) => getJson<Announcement[]>(`${base(tenant)}/announcements/scrolling`)
export const popups = (tenant: string) => getJson<Announcement[]>(`${base(tenant)}/announcements/popups`)
export const markRead = (tenant: string, announcement: string) =>
  sendJson<unknown>('POST', `${base(tenant)}/announcements/${id(announcement)}/read`, {})
export const receipts = (tenant: string, announcement: string) =>
  getJson<{ user: string; readAt: string }[]>(`${base(tenant)}/announcements/${id(announcement)}/receipts`)
export const publish = (tenant: string, draft: AnnouncementDraft) =>
  sendJson<Announcement>('POST', `${base(tenant)}/announcements`, draft)

export function invalidAnnouncement(draft: AnnouncementDraft): 'title' | 'body' | 'targets' | null {
  if (!draft.title.trim() || draft.title.length > 200) return 'title'
  if (!draft.body.trim() || draft.body.length > 10_000) return 'body'
  const t = draft.targets
  if (!t.all && !(t.roles?.length ?? 0) && !(t.users?.length ?? 0)) return 'targets'
  return null
}

// ---- SMS (短信) --------------------------------------------------------------------------------------------------

export interface SmsTemplate {
  id: string
  name: string
  body: string
  variables: string[]
  active: boolean
  createdAt: string
}
export interface SmsMessage {
  id: string
  batch: string | null
  to: string
  content: string
  segments: number
  status: string
  deliveredSegments: number
  error: string | null
}
export interface SmsBatch {
  id: string
  name: string
  total: number
  byStatus: Record<string, number>
  createdAt: string
}

export const smsTemplates = (tenant: string) => getJson<SmsTemplate[]>(`${base(tenant)}/sms/templates`)
export const addSmsTemplate = (tenant: string, name: string, body: string) =>
  sendJson<SmsTemplate>('POST', `${base(tenant)}/sms/templates`, { name, body })
export const smsMessages = (tenant: string, batch?: string) =>
  getJson<SmsMessage[]>(`${base(tenant)}/sms/messages?limit=100${batch ? `&batch=${id(batch)}` : ''}`)
export const smsBatch = (tenant: string, batch: string) => getJson<SmsBatch>(`${base(tenant)}/sms/batches/${id(batch)}`)
export const smsUsage = (tenant: string) => getJson<{ month: string; used: number; quota: number }>(`${base(tenant)}/sms/usage`)
/** A batch from an Excel sheet (first row names the columns: one `phone`/`手机号`/`号码`, the others variables). */
export function importSmsBatch(tenant: string, file: File, name: string, template: string): Promise<SmsBatch> {
  const form = new FormData()
  form.append('file', file)
  form.append('name', name)
  form.append('template', template)
  return sendJson<SmsBatch>('POST', `${base(tenant)}/sms/batches/import`, form)
}
