import { describe, expect, it } from 'vitest'
import { inputsOf, missingInput, stepsFor } from './steps'

describe('ticket steps', () => {
  it('offers the centre and the unit the steps of the ticket’s state', () => {
    expect(stepsFor('RECEIVED', ['TICKET_CLERK'])).toEqual(['answer', 'review', 'dispatch', 'notes'])
    expect(stepsFor('DISPATCHED', ['UNIT_USER'])).toEqual(['sign-for', 'return', 'notes'])
    expect(stepsFor('DISPATCHED', ['TENANT_ADMIN'])).toEqual(['urge', 'notes'])
    expect(stepsFor('REPLIED', ['UNIT_USER'])).toEqual(['notes'])
    expect(stepsFor('CLOSED', ['TENANT_ADMIN'])).toEqual([])
  })

  it('names what a step still needs', () => {
    expect(inputsOf('dispatch')).toEqual(['unit', 'coUnits', 'text'])
    expect(missingInput('dispatch', { text: '请办理' })).toBe('unit')
    expect(missingInput('dispatch', { unit: 'zjj', text: '请办理' })).toBeNull()
    expect(missingInput('result-review', { text: 'ok' })).toBe('approved')
    expect(missingInput('result-review', { approved: false, text: '重办' })).toBeNull()
    expect(missingInput('extension', { workingDays: 0, text: 'x' })).toBe('workingDays')
    expect(missingInput('sign-for', {})).toBeNull()
  })
})
