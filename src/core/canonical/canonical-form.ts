/**
 * The canonical form of a Conditional Access policy or named location (docs/canonical-form.md).
 * One module, used for baselines on disk, for live reads and for the diff, so that two
 * documents that mean the same thing are byte-identical once canonical.
 */
import {BadInputError, pointerOf} from '../errors.js'
import type {JsonObject, JsonValue} from '../model.js'
import {compareKeys, isGuid, memberKey} from './members.js'

/** Written by the service, never by an administrator: not configuration. */
const SERVER_MANAGED = new Set(['createdDateTime', 'modifiedDateTime', 'deletedDateTime', 'partialEnablementStrategy'])

/**
 * Multi-valued flag enums that Graph serialises as ONE comma-joined string ("medium,high"), not as
 * an array; the token order is not documented, so the canonical form splits, dedupes and sorts.
 */
export const FLAG_ENUM_KEYS = new Set([
  'agentIdRiskLevels',
  'insiderRiskLevels',
  'guestOrExternalUserTypes',
  'transferMethods',
])

/** Identity, not content: kept in the document, left out of the diff. */
export const IDENTITY_KEYS = new Set(['id', 'templateId'])

/** Deeper than any real policy; bounds recursion so hostile input cannot overflow the stack. */
const MAX_DEPTH = 48

export function isAnnotationKey(key: string): boolean {
  return key.startsWith('@odata.') || key.includes('@odata.') || key.startsWith('#')
}

export function isEmpty(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}

interface Ctx {
  file: string
  /** Pointer of the object inside its file (an item of a { value: [...] } page). */
  base: Array<string | number>
}

function fail(ctx: Ctx, path: Array<string | number>, expected: string): never {
  throw new BadInputError(ctx.file, pointerOf([...ctx.base, ...path]), expected)
}

function canonicalValue(value: JsonValue, path: Array<string | number>, ctx: Ctx): JsonValue | undefined {
  if (path.length > MAX_DEPTH) {
    fail(ctx, path, `nesting deeper than ${MAX_DEPTH} levels; not a Graph export`)
  }
  if (value === null) return undefined
  if (Array.isArray(value)) return canonicalSet(value, path, ctx)
  if (typeof value === 'object') return canonicalObject(value, path, ctx)
  if (typeof value === 'string') {
    const key = path[path.length - 1]
    if (typeof key === 'string' && FLAG_ENUM_KEYS.has(key)) return canonicalFlags(value)
    return isGuid(value) ? value.toLowerCase() : value
  }
  return value
}

/** Every list in a policy or named location is a set: deduplicated, sorted, GUIDs lower-case. */
function canonicalSet(items: JsonValue[], path: Array<string | number>, ctx: Ctx): JsonValue[] | undefined {
  const byKey = new Map<string, JsonValue>()
  items.forEach((item, index) => {
    const canonical = canonicalValue(item, [...path, index], ctx)
    if (canonical === undefined) return
    byKey.set(memberKey(canonical), canonical)
  })
  if (byKey.size === 0) return undefined
  return [...byKey.entries()].sort((a, b) => compareKeys(a[0], b[0])).map(([, v]) => v)
}

function canonicalFlags(value: string): string | undefined {
  const tokens = [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ].sort(compareKeys)
  return tokens.length === 0 ? undefined : tokens.join(',')
}

function canonicalObject(obj: JsonObject, path: Array<string | number>, ctx: Ctx): JsonObject | undefined {
  const out: JsonObject = {}
  for (const key of Object.keys(obj).sort(compareKeys)) {
    if (isAnnotationKey(key)) continue
    if (path.length === 0 && SERVER_MANAGED.has(key)) continue
    let value = obj[key]
    // Graph expands authenticationStrength inline on GET (with its own dates and combinations);
    // the policy only references it, so the canonical form keeps the reference.
    if (key === 'authenticationStrength' && path.length === 1 && path[0] === 'grantControls') {
      value = collapseToId(value, [...path, key], ctx)
    }
    const canonical = canonicalValue(value, [...path, key], ctx)
    if (canonical === undefined || isEmpty(canonical)) continue
    out[key] = canonical
  }
  return Object.keys(out).length === 0 ? undefined : out
}

function collapseToId(value: JsonValue, path: Array<string | number>, ctx: Ctx): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail(ctx, path, 'expected an authentication strength object with an "id"')
  }
  const id = value['id']
  if (id === undefined || id === null) return null
  if (typeof id !== 'string') fail(ctx, [...path, 'id'], 'expected a string id')
  return {id}
}

export type ObjectKind = 'policy' | 'namedLocation'

/**
 * Canonicalise one exported object. Throws BadInputError (file + JSON pointer + what was expected)
 * for anything that is not a policy or named location of the expected shape.
 */
export function canonicalize(
  raw: unknown,
  kind: ObjectKind,
  file: string,
  basePointer: Array<string | number> = [],
): JsonObject {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadInputError(file, pointerOf(basePointer), `expected a ${describe(kind)} object`)
  }
  const ctx: Ctx = {file, base: basePointer}
  validateShape(raw as JsonObject, kind, ctx)
  return canonicalObject(raw as JsonObject, [], ctx) ?? {}
}

function describe(kind: ObjectKind): string {
  return kind === 'policy' ? 'Conditional Access policy' : 'named location'
}

const STRING_FIELDS = ['id', 'templateId', 'displayName', 'state', 'description']
const OBJECT_FIELDS = ['conditions', 'grantControls', 'sessionControls']

/** Type checks for the fields the engine models; unknown fields are kept as they are. */
function validateShape(obj: JsonObject, kind: ObjectKind, ctx: Ctx): void {
  const fail = (path: Array<string | number>, expected: string): never => {
    throw new BadInputError(ctx.file, pointerOf([...ctx.base, ...path]), expected)
  }
  if (typeof obj['displayName'] !== 'string' || obj['displayName'].trim() === '') {
    fail(['displayName'], `expected a non-empty string displayName on every ${describe(kind)}`)
  }
  for (const key of STRING_FIELDS) {
    const v = obj[key]
    if (v !== undefined && v !== null && typeof v !== 'string') fail([key], `expected "${key}" to be a string`)
  }
  if (kind === 'policy') {
    for (const key of OBJECT_FIELDS) {
      const v = obj[key]
      if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) {
        fail([key], `expected "${key}" to be an object or null`)
      }
    }
  }
  walkLists(obj, [], fail)
}

/** include-/exclude- lists and other set fields must be arrays of strings or objects. */
function walkLists(
  value: JsonValue,
  path: Array<string | number>,
  fail: (p: Array<string | number>, e: string) => never,
): void {
  if (value === null || typeof value !== 'object' || path.length > MAX_DEPTH) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkLists(item, [...path, i], fail))
    return
  }
  for (const [key, v] of Object.entries(value)) {
    if (isAnnotationKey(key)) continue
    if (/^(include|exclude)[A-Z]/.test(key) && (typeof v === 'string' || typeof v === 'number')) {
      fail([...path, key], `expected "${key}" to be a list or an object, found ${typeof v}`)
    }
    if (FLAG_ENUM_KEYS.has(key) && v !== null && typeof v !== 'string') {
      fail([...path, key], `expected "${key}" to be a comma-separated string such as "medium,high"`)
    }
    if (Array.isArray(v) && /^(include|exclude)[A-Z]/.test(key)) {
      v.forEach((item, i) => {
        if (typeof item !== 'string')
          fail([...path, key, i], `expected a string (an id or a sentinel value such as "All")`)
      })
    }
    walkLists(v, [...path, key], fail)
  }
}

/** The diffable content: the canonical document without its identity keys. */
export function contentOf(doc: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(doc)) if (!IDENTITY_KEYS.has(k)) out[k] = v
  return out
}

/** Canonical JSON text: keys sorted (the canonical form already is), 2-space indent, LF, trailing newline. */
export function canonicalText(doc: JsonObject): string {
  return JSON.stringify(sortKeysDeep(doc), null, 2) + '\n'
}

export function sortKeysDeep(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  const out: JsonObject = {}
  for (const key of Object.keys(value).sort(compareKeys)) out[key] = sortKeysDeep(value[key])
  return out
}
