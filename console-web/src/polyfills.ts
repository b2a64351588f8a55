/**
 * Built-ins that dependencies call but the Chromium 86 kernel of 360 安全浏览器 13 lacks
 * (Chrome 92/93 added them). Vite lowers syntax for the build target, never APIs, so each gap
 * found in the bundle gets a spec-following fallback here; `main.ts` imports this first.
 * Found so far: Object.hasOwn (vue-echarts), Array.prototype.at (Element Plus tree-select).
 */

export function hasOwn(object: object, key: PropertyKey): boolean {
  if (object === null || object === undefined) {
    throw new TypeError('Cannot convert undefined or null to object')
  }
  return Object.prototype.hasOwnProperty.call(Object(object), key)
}

export function at<T>(this: ArrayLike<T>, index: number): T | undefined {
  const length = this.length >>> 0
  let relative = Math.trunc(Number(index)) || 0
  if (relative < 0) relative += length
  return relative < 0 || relative >= length ? undefined : this[relative]
}

function define(target: object, name: string, value: unknown) {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false })
}

export function installPolyfills(
  objectCtor: { hasOwn?: unknown } = Object as { hasOwn?: unknown },
  arrayProto: { at?: unknown } = Array.prototype as { at?: unknown },
): void {
  if (typeof objectCtor.hasOwn !== 'function') define(objectCtor, 'hasOwn', hasOwn)
  if (typeof arrayProto.at !== 'function') define(arrayProto, 'at', at)
}

installPolyfills()
