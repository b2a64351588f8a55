import { describe, expect, it } from 'vitest'
import { formatPeriods, parsePeriods } from './calendar'

describe('working-hour periods', () => {
  it('reads the periods people type, Chinese commas included', () => {
    expect(parsePeriods('09:00-12:00，13:30-17:30')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ])
    expect(parsePeriods('')).toEqual([])
  })

  it('refuses malformed periods and periods that end before they start', () => {
    expect(parsePeriods('9-12')).toBeNull()
    expect(parsePeriods('12:00-09:00')).toBeNull()
    expect(parsePeriods('09:00-25:00')).toBeNull()
  })

  it('writes the server’s periods back the same way', () => {
    expect(formatPeriods([{ start: '09:00:00', end: '12:00:00' }])).toBe('09:00-12:00')
  })
})
