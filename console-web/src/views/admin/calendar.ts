import type { Period } from '@/api/directory'

const PERIOD = /^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$/

/** `09:00-12:00, 13:30-17:30` → periods; `null` when any part is malformed or ends before it starts. */
export function parsePeriods(text: string): Period[] | null {
  const parts = text
    .split(/[,，;；]/)
    .map((p) => p.replace(/\s+/g, ''))
    .filter((p) => p.length > 0)
  const periods: Period[] = []
  for (const part of parts) {
    if (!PERIOD.test(part)) return null
    const [start, end] = part.split('-') as [string, string]
    if (start >= end) return null
    periods.push({ start, end })
  }
  return periods
}

export function formatPeriods(periods: readonly Period[] | undefined): string {
  return (periods ?? []).map((p) => `${p.start.slice(0, 5)}-${p.end.slice(0, 5)}`).join(', ')
}
