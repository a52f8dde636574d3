/**
 * Structural comparison of two canonical documents. Lists (and flag-enum strings) are sets, so
 * a set change is reported per member; a few small objects are atomic values (a sign-in frequency,
 * a filter {mode, rule}, an authentication strength reference) because only the whole means something.
 */
import {FLAG_ENUM_KEYS, IDENTITY_KEYS} from '../canonical/keys.js'
import {memberKey, stableJson} from '../canonical/members.js'
import {getOwn, isJsonObject} from '../json.js'
import type {JsonObject, JsonValue, RawChange} from '../model.js'

const ATOMIC_KEYS = new Set([
  'signInFrequency',
  'persistentBrowser',
  'applicationEnforcedRestrictions',
  'cloudAppSecurity',
  'continuousAccessEvaluation',
  'secureSignInSession',
  'authenticationStrength',
  'globalSecureAccessFilteringProfile',
])

export function isAtomicKey(key: string): boolean {
  return ATOMIC_KEYS.has(key) || key.endsWith('Filter')
}

export function isSetValued(key: string, value: JsonValue | undefined): boolean {
  return Array.isArray(value) || (FLAG_ENUM_KEYS.has(key) && typeof value === 'string')
}

/** Members of a set-valued field (an array or a flag-enum string); [] when absent. */
export function setMembers(key: string, value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value
  if (FLAG_ENUM_KEYS.has(key) && typeof value === 'string') return value.split(',')
  return [value]
}

/** Compares two canonical documents; identity keys (id, templateId) at the root are not content. */
export function compareDocuments(before: JsonObject, after: JsonObject): RawChange[] {
  // Most policies did not change: one allocation-free pass says so before the walk builds paths.
  if (sameContent(before, after)) return []
  const out: RawChange[] = []
  walk(before, after, '', '', out)
  return out
}

/** Deep equality of canonical values, identity keys at the root left out (sets are sorted, so order matches). */
export function sameContent(a: JsonValue | undefined, b: JsonValue | undefined, root = true): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    // Members are mostly strings (ids): compared here, without a call per member.
    for (let i = 0; i < a.length; i++) {
      const x = a[i]
      const y = b[i]
      if (x !== y && (typeof x !== 'object' || !sameContent(x, y, false))) return false
    }
    return true
  }
  // for-in, not Object.keys: no array per object on the path every unchanged policy takes (canonical
  // objects are plain, with no inherited enumerable keys).
  let count = 0
  for (const key in a) {
    if (root && IDENTITY_KEYS.has(key)) continue
    count++
    const x = a[key]
    const y = b[key]
    if (x === y ? !Object.hasOwn(b, key) : typeof x !== 'object' || !sameContent(x, y, false)) return false
  }
  for (const key in b) if (!root || !IDENTITY_KEYS.has(key)) count--
  return count === 0
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  key: string,
  out: RawChange[],
): void {
  if (before === after) return
  const atomic = isAtomicKey(key)
  if (!atomic && (isJsonObject(before) || before === undefined) && (isJsonObject(after) || after === undefined)) {
    const b = before ?? {}
    const a = after ?? {}
    const keys = Object.keys(b)
    for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) keys.push(k)
    keys.sort() // canonical documents keep their input key order; changes come out in path order
    for (const k of keys) {
      if (path === '' && IDENTITY_KEYS.has(k)) continue
      const bv = getOwn(b, k)
      const av = getOwn(a, k)
      // A subtree that says the same (most of a changed policy) needs no path: a set, an atomic value
      // and a field are equal exactly when their content is.
      if (bv === av || (bv !== undefined && av !== undefined && sameContent(bv, av, false))) continue
      walk(bv, av, join(path, k), k, out)
    }
    return
  }
  if (
    !atomic &&
    (isSetValued(key, before) || before === undefined) &&
    (isSetValued(key, after) || after === undefined)
  ) {
    compareSets(key, before, after, path, out)
    return
  }
  if (before === undefined) {
    out.push({shape: 'value', path, op: 'add', after})
  } else if (after === undefined) {
    out.push({shape: 'value', path, op: 'remove', before})
  } else if (stableJson(before) !== stableJson(after)) {
    out.push({shape: 'value', path, op: 'replace', before, after})
  }
}

function compareSets(
  key: string,
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  out: RawChange[],
): void {
  const bs = setMembers(key, before)
  const as = setMembers(key, after)
  // Canonical sets are sorted and deduplicated, so equal sets are equal element by element: the common case.
  if (bs.length === as.length && bs.every((m, i) => m === as[i])) return
  const b = new Map(bs.map((m) => [memberKey(m), m]))
  const a = new Map(as.map((m) => [memberKey(m), m]))
  for (const [k, m] of b) if (!a.has(k)) out.push({shape: 'member', path, op: 'remove', member: m})
  for (const [k, m] of a) if (!b.has(k)) out.push({shape: 'member', path, op: 'add', member: m})
}

export {valueAt} from '../json.js'
