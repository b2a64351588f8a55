/** A column of the list: a field of the row, or a function of it. */
export interface Column<R> {
  label: string
  prop?: keyof R & string
  format?: (row: R) => string
  width?: number
}

/** A field of the create form; `rule` answers an error message or `null` when the value is acceptable. */
export interface Field {
  key: string
  label: string
  kind?: 'text' | 'number' | 'select' | 'password'
  options?: () => { value: string; label: string }[]
  rule?: (value: unknown) => string | null
  initial?: unknown
}

/** Field rules shared by the directory panes; each answers the message key's text or null. */
export const patterns = {
  username: /^[a-z][a-z0-9._-]{1,62}$/,
  code: /^[a-z0-9][a-z0-9_-]{0,39}$/,
  digits: /^[0-9]{1,20}$/,
  number: /^\+?[0-9]{3,20}$/,
}

export function matches(pattern: RegExp, message: string): (value: unknown) => string | null {
  return (value) => (typeof value === 'string' && pattern.test(value.trim()) ? null : message)
}

export function required(message: string): (value: unknown) => string | null {
  return (value) => (typeof value === 'string' ? (value.trim() ? null : message) : value == null ? message : null)
}
