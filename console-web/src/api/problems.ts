import { NetworkError, ProblemError } from './http'

/** A field-level error some services add to a 400 (`errors: [{node?, field?, message}]`). */
export interface FieldError {
  node?: string
  field?: string
  row?: number
  column?: string
  message: string
}

/** The `errors` extension of a problem detail, when it carries one. */
export function fieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ProblemError)) return []
  const raw = error.problem.extensions.errors ?? error.problem.extensions.rows
  if (!Array.isArray(raw)) return []
  return raw
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      node: typeof e.node === 'string' ? e.node : undefined,
      field: typeof e.field === 'string' ? e.field : undefined,
      row: typeof e.row === 'number' ? e.row : undefined,
      column: typeof e.column === 'string' ? e.column : undefined,
      message: typeof e.message === 'string' ? e.message : String(e.message ?? ''),
    }))
}

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/**
 * One line for a person, in the console's language: the stable code's own sentence (`errors.codes.*`), then the
 * server's detail (which names the field or rule), so a Chinese user reads Chinese first and loses nothing.
 */
export function describeError(error: unknown, t: Translate, te: Exists): string {
  if (error instanceof ProblemError) {
    const code = error.code
    const key = code ? `errors.codes.${code}` : `errors.status.${error.status}`
    const headline = te(key) ? t(key) : te(`errors.status.${error.status}`) ? t(`errors.status.${error.status}`) : error.problem.title
    const detail = error.problem.detail
    return detail ? `${headline}：${detail}` : headline
  }
  if (error instanceof NetworkError) {
    return error.timedOut ? t('errors.timeout') : t('errors.network')
  }
  return error instanceof Error ? error.message : String(error)
}
