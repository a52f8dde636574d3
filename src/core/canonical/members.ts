/** Set members: how they are keyed, compared and shown. */
import {isJsonObject} from '../json.js'
import type {JsonValue} from '../model.js'

/** A lower-case GUID, checked by character codes. */
function isLowerGuid(value: string): boolean {
  if (value.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false
    }
  }
  return true
}

export function isGuid(value: string): boolean {
  return value.length === 36 && isLowerGuid(value.toLowerCase())
}

/**
 * GUIDs lower-case, every other string as it is. The canonical form runs this on every string of
 * every policy, so it is built for the common case: a string with no upper-case letter is returned
 * at once, whether it is a GUID or not, and only the rest are checked.
 */
export function lowerGuid(value: string): string {
  if (value.length !== 36) return value
  const lower = value.toLowerCase()
  if (lower === value) return value
  return isLowerGuid(lower) ? lower : value
}

/**
 * Code-unit order: the same on every machine and locale (localeCompare is not). Array.prototype.sort()
 * without a comparator orders strings the same way, faster; use this only for keyed tuples.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The identity of a set member; GUIDs compare case-insensitively. */
export function memberKey(value: JsonValue): string {
  if (typeof value === 'string') return lowerGuid(value)
  return stableJson(value)
}

export function stableJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']'
  const keys = Object.keys(value).sort()
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableJson(value[k])).join(',') + '}'
}

/** A member as people read it: an object with one field (an IP range) shows that field. */
export function memberLabel(value: JsonValue): string {
  if (typeof value === 'string') return value
  if (isJsonObject(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1) return memberLabel(value[keys[0]])
  }
  return stableJson(value)
}
