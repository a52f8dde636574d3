/**
 * A sign-in value's content as a key (the run's caches of which sets contain a value are keyed by
 * content, exposure.ts): written once per value object. A dimension makes a value whole and never
 * changes it afterwards, and the searches ask about the same value objects again and again.
 */
import {jsonWithSets} from '../json.js'

const KEYS = new WeakMap<object, string>()

export function pointKey(point: unknown): string {
  if (typeof point !== 'object' || point === null) return jsonWithSets(point)
  let key = KEYS.get(point)
  if (key === undefined) KEYS.set(point, (key = jsonWithSets(point)))
  return key
}
