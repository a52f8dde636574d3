/** Set members: how they are keyed, compared and shown. */
import type {JsonValue} from '../model.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isGuid(value: string): boolean {
  return value.length === 36 && GUID.test(value)
}

/** Code-unit order: the same on every machine and locale (localeCompare is not). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The identity of a set member; GUIDs compare case-insensitively. */
export function memberKey(value: JsonValue): string {
  if (typeof value === 'string') return isGuid(value) ? value.toLowerCase() : value
  return stableJson(value)
}

export function stableJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']'
  const keys = Object.keys(value).sort(compareKeys)
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableJson(value[k])).join(',') + '}'
}

/** A member as people read it: an object with one field (an IP range) shows that field. */
export function memberLabel(value: JsonValue): string {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1) return memberLabel(value[keys[0]])
  }
  return stableJson(value)
}
