/** Reading JSON of unknown shape: one object test and one string-list reader for the whole code base. */
import type {JsonObject} from './model.js'

/** A plain object (not null, not a list). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The strings of a list; [] for anything that is not a list. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []
}
