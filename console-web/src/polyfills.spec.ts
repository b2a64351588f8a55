import { describe, expect, it } from 'vitest'
import { at, hasOwn, installPolyfills } from './polyfills'

describe('polyfills for the Chromium 86 kernel', () => {
  it('hasOwn answers like Object.hasOwn', () => {
    const proto = { inherited: 1 }
    const object = Object.assign(Object.create(proto) as object, { own: undefined })
    for (const key of ['own', 'inherited', 'missing']) {
      expect(hasOwn(object, key)).toBe(Object.hasOwn(object, key))
    }
    expect(() => hasOwn(null as unknown as object, 'x')).toThrow(TypeError)
  })

  it('at answers like Array.prototype.at for every index', () => {
    const values = ['a', 'b', 'c']
    for (const index of [-4, -3, -1, 0, 1, 2, 3, 1.7, -1.2, Number.NaN]) {
      expect(at.call(values, index)).toBe(values.at(index))
    }
  })

  it('installs only what is missing', () => {
    const oldObject: { hasOwn?: unknown } = {}
    const oldArrayProto: { at?: unknown } = {}
    installPolyfills(oldObject, oldArrayProto)
    expect(oldObject.hasOwn).toBe(hasOwn)
    expect(oldArrayProto.at).toBe(at)
    expect(Object.keys(oldArrayProto)).toEqual([])

    const native = { hasOwn: Object.hasOwn }
    installPolyfills(native, { at: Array.prototype.at })
    expect(native.hasOwn).toBe(Object.hasOwn)
  })
})
