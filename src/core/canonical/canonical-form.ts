/**
 * The canonical form of a Conditional Access policy or named location (docs/canonical-form.md).
 * One module, used for baselines on disk, for live reads and for the diff, so that two
 * documents that mean the same thing are byte-identical once canonical.
 */
import {BadInputError, pointerOf} from '../errors.js'
import {isJsonObject, setOwn} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'
import {isAnnotationKey} from './annotations.js'
import {keepEmptiedIncludes} from './emptied.js'
import {checkEnums} from './enums.js'
import {todaysDeviceFilter, todaysNames} from './legacy.js'
import {compareKeys, lowerGuid, memberKey} from './members.js'
import {absorb, ABSORBS, ANNOTATION, classOf, FLAGS, IDENTITY_KEYS, SERVER, TARGET} from './keys.js'

export {isAnnotationKey}

/** Deeper than any real policy; bounds recursion so hostile input cannot overflow the stack. */
const MAX_DEPTH = 48

/** ConvertTo-Json below the export's depth writes a type name where an object or list belongs. */
function truncatedByDepth(value: string): boolean {
  const c = value.charCodeAt(0)
  return (
    (c === 83 && (value.startsWith('System.Collections.') || value === 'System.Object[]')) ||
    (c === 77 && /^Microsoft\.Graph\.[\w.]+$/.test(value))
  )
}

interface Ctx {
  file: string
  /** Pointer of the object inside its file (an item of a { value: [...] } page). */
  base: Array<string | number>
  /** Where the walk is, as a stack (pushed and popped, never copied: this is the hot path of every diff). */
  path: Array<string | number>
}

function fail(ctx: Ctx, expected: string, ...more: Array<string | number>): never {
  throw new BadInputError(ctx.file, pointerOf([...ctx.base, ...ctx.path, ...more]), expected)
}

/** `cls`: the class of the key the value is under (0 for a list item). */
function canonicalValue(value: JsonValue, cls: number, ctx: Ctx): JsonValue | undefined {
  if (value === null) return undefined
  if (typeof value === 'string') return cls & FLAGS ? canonicalFlags(value) : lowerGuid(value)
  if (typeof value !== 'object') return value
  if (ctx.path.length > MAX_DEPTH) fail(ctx, `nesting deeper than ${MAX_DEPTH} levels; not a Graph export`)
  return Array.isArray(value) ? canonicalSet(value, cls, ctx) : canonicalObject(value, ctx)
}

/** Every list in a policy or named location is a set: deduplicated, sorted, GUIDs lower-case. */
function canonicalSet(items: JsonValue[], cls: number, ctx: Ctx): JsonValue[] | undefined {
  const targets = (cls & TARGET) !== 0
  const out: JsonValue[] = []
  let strings = true
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    if (typeof item === 'string') {
      out.push(lowerGuid(item)) // the common case, kept off the generic path
      continue
    }
    if (targets) fail(ctx, 'expected a string (an id or a sentinel value such as "All")', i)
    ctx.path.push(i)
    const canonical = canonicalValue(item, 0, ctx)
    ctx.path.pop()
    if (canonical === undefined) continue
    if (typeof canonical !== 'string') strings = false
    out.push(canonical)
  }
  if (out.length === 0) return undefined
  if (strings) {
    // Canonical strings are their own member keys (GUIDs are already lower-case).
    const sorted = (out as string[]).sort()
    // A repeated member is rare: the sorted list is kept as it is unless one is found.
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i] === sorted[i - 1]) return sorted.filter((v, j) => j === 0 || v !== sorted[j - 1])
    return sorted
  }
  const keyed = out.map((v) => [memberKey(v), v] as const).sort((a, b) => compareKeys(a[0], b[0]))
  return keyed.filter((e, i) => i === 0 || e[0] !== keyed[i - 1][0]).map((e) => e[1])
}

function canonicalFlags(value: string): string | undefined {
  const tokens = [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ].sort()
  return tokens.length === 0 ? undefined : tokens.join(',')
}

function canonicalObject(obj: JsonObject, ctx: Ctx): JsonObject | undefined {
  const out: JsonObject = {}
  let size = 0
  const atRoot = ctx.path.length === 0
  // No sort here: key order is fixed where it shows (canonicalText, stableJson, the diff walk).
  for (const key of Object.keys(obj)) {
    const cls = classOf(key)
    if (cls & ANNOTATION) continue
    if (atRoot && cls & SERVER) continue
    let value = obj[key]
    // Type checks, cheapest first: this loop runs for every key of every policy.
    const type = typeof value
    if (type === 'string') {
      if (truncatedByDepth(value as string))
        fail(
          ctx,
          `found "${value as string}" where data belongs: the export was cut at ConvertTo-Json's depth limit; export again with ConvertTo-Json -Depth 20`,
          key,
        )
      if (cls & TARGET) fail(ctx, `expected "${key}" to be a list or an object, found string`, key)
    } else if (value !== null) {
      if (type === 'number' && cls & TARGET) fail(ctx, `expected "${key}" to be a list or an object, found number`, key)
      if (cls & FLAGS) fail(ctx, `expected "${key}" to be a comma-separated string such as "medium,high"`, key)
    }
    ctx.path.push(key)
    // Graph expands authenticationStrength inline on GET (with its own dates and combinations);
    // the policy only references it, so the canonical form keeps the reference.
    if (key === 'authenticationStrength' && ctx.path.length === 2 && ctx.path[0] === 'grantControls') {
      value = collapseToId(value, ctx)
    }
    let canonical = canonicalValue(value, cls, ctx)
    ctx.path.pop()
    if (canonical !== undefined && cls & ABSORBS)
      canonical = absorb(key, key === 'clientAppTypes' ? todaysNames(key, canonical) : canonical)
    if (canonical === undefined) continue
    if (key === '__proto__') setOwn(out, key, canonical)
    else out[key] = canonical
    size++
  }
  return size === 0 ? undefined : out
}

function collapseToId(value: JsonValue, ctx: Ctx): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value))
    fail(ctx, 'expected an authentication strength object with an "id"')
  const id = value['id']
  if (id === undefined || id === null) return null
  if (typeof id !== 'string') fail(ctx, 'expected a string id', 'id')
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
  const ctx: Ctx = {file, base: basePointer, path: []}
  validateShape(raw as JsonObject, kind, ctx)
  const doc = canonicalObject(raw as JsonObject, ctx) ?? {}
  if (kind !== 'policy') return doc
  // Rule 6a: an include side emptied by an edit is kept as [] (emptied.ts), after the walk so it stays off its hot path.
  const conditions = (raw as JsonObject)['conditions']
  if (isJsonObject(conditions)) {
    const out = isJsonObject(doc['conditions']) ? doc['conditions'] : {}
    if (keepEmptiedIncludes(conditions, out) > 0 && doc['conditions'] === undefined) doc['conditions'] = out
  }
  checkEnums(doc, file, basePointer)
  return todaysDeviceFilter(doc)
}

function describe(kind: ObjectKind): string {
  return kind === 'policy' ? 'Conditional Access policy' : 'named location'
}

const STRING_FIELDS = ['id', 'templateId', 'displayName', 'state', 'description']
const OBJECT_FIELDS = ['conditions', 'grantControls', 'sessionControls']

/** Type checks for the top-level fields; lists are checked during the walk. Unknown fields are kept as they are. */
function validateShape(obj: JsonObject, kind: ObjectKind, ctx: Ctx): void {
  if (typeof obj['displayName'] !== 'string' || obj['displayName'].trim() === '') {
    fail(ctx, `expected a non-empty string displayName on every ${describe(kind)}`, 'displayName')
  }
  for (const key of STRING_FIELDS) {
    const v = obj[key]
    if (v !== undefined && v !== null && typeof v !== 'string') fail(ctx, `expected "${key}" to be a string`, key)
  }
  if (kind === 'policy') {
    for (const key of OBJECT_FIELDS) {
      const v = obj[key]
      if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) {
        fail(ctx, `expected "${key}" to be an object or null`, key)
      }
    }
  }
}

/** The diffable content: the canonical document without its identity keys. */
export function contentOf(doc: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(doc)) if (!IDENTITY_KEYS.has(k)) setOwn(out, k, v)
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
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeysDeep(value[key]))
  return out
}
