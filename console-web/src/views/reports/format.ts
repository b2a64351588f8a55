/** A rate 0–1 as a percentage with one decimal, `—` when the service had nothing to divide (null). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`
}

/** A rate 0–1 as a chart value 0–100 (null stays a gap). */
export function percentValue(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10
}

export function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1)
}

/** Period labels: `2026-11-01T08:30` → `11-01 08:30` for half hours, the day otherwise. */
export function periodLabel(period: string, halfHour: boolean): string {
  const [day = '', time = ''] = period.split('T')
  return halfHour ? `${day.slice(5)} ${time.slice(0, 5)}` : day
}

/** The last `days` days up to today, as ISO dates in the browser's zone. */
export function lastDays(days: number, today: Date = new Date()): { from: string; to: string } {
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1))
  return { from: iso(from), to: iso(today) }
}
