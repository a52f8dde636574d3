/** Reading JSON of unknown shape: one object test and one string-list reader for the whole code base. */
import type {JsonObject, JsonValue} from './model.js'

/** A plain object (not null, not a list). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The strings of a list; [] for anything that is not a list. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []
}

/** Value at a dot path, or undefined. */
export function valueAt(doc: JsonObject | undefined, path: string): JsonValue | undefined {
  // No split: this runs for every aspect of every judged policy.
  let cur: JsonValue | undefined = doc
  let start = 0
  while (start <= path.length) {
    if (!isJsonObject(cur)) return undefined
    const dot = path.indexOf('.', start)
    const end = dot === -1 ? path.length : dot
    const key = path.slice(start, end)
    cur = Object.hasOwn(cur, key) ? cur[key] : undefined
    start = end + 1
  }
  return cur
}

/**
 * Sets an own property, whatever its name: `obj[key] = v` with key "__proto__" would replace the
 * prototype instead, silently dropping the key (and hiding drift in it).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  // Only "__proto__" misbehaves on assignment ("constructor" and friends become own keys); plain
  // assignment is kept for the rest because this runs for every key of every policy.
  if (key === '__proto__')
    Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true})
  else obj[key] = value
}

/** An own property's value, or undefined: never one inherited from Object.prototype ("constructor"). */
export function getOwn<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}

/**
 * JSON text of a value that may hold Sets (an atom's `except` users) or Maps (a device's filter
 * outcomes): each Set as its sorted members and each Map as its sorted entries, so equal content
 * gives equal text (plain JSON writes a Map as {}, which would make every device value the same).
 */
export function jsonWithSets(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Set) return [...(v as Set<unknown>)].sort()
    if (v instanceof Map) return {'<map>': [...(v as Map<unknown, unknown>)].sort(byKey)}
    return v
  })
}

const byKey = ([a]: [unknown, unknown], [b]: [unknown, unknown]) =>
  String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
