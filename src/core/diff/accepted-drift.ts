/**
 * Accepted drift: entries in a baseline's accepted-drift.yaml. A matching finding is reported as
 * accepted (not failing) until the entry expires; then it fails again. Entries that expire within
 * 14 days produce a warning so that nobody is surprised by a red build.
 *
 * An entry binds to the baseline's policy (or named location): a display name is resolved against
 * the baseline when the file is read, never against the tenant, so a policy that takes another's
 * name in the tenant never inherits its acceptance. The file is validated strictly, because a typo
 * that silently widens an acceptance is a way around the sentinel.
 */
import {isGuid, memberKey} from '../canonical/members.js'
import {distinctKeys} from '../canonical/slug.js'
import {BadInputError} from '../errors.js'
import type {JsonObject, JsonValue} from '../model.js'

export interface AcceptedDriftEntry {
  /** Policy or named location: id (case-insensitive) or display name, as written. */
  policy: string
  /** Dot-path prefix, or "*" for every change of the policy; "" with `kind`. */
  path: string
  member?: string
  /** A whole object's finding: its absence (missing) or its arrival (added) only, never any change of it. */
  kind?: 'missing' | 'added'
  reason: string
  owner: string
  /** YYYY-MM-DD; the entry holds through the end of that day (UTC). */
  expires: string
  /** Where it was written: the file, the entry's JSON pointer and its line (when known). */
  file: string
  pointer: string
  line?: number
}

/** An entry as `sentinel baseline accept` writes it. */
export interface NewAcceptedEntry {
  policy: string
  /** Written as a comment beside the id, so people reading the file see which policy it is. */
  displayName: string
  path: string
  member?: string
  kind?: 'missing' | 'added'
  reason: string
  owner: string
  expires: string
}

/** An entry resolved against the baseline: the id of the object it accepts drift of. */
export interface BoundEntry extends AcceptedDriftEntry {
  objectId: string
}

const KEYS = ['policy', 'path', 'member', 'kind', 'reason', 'owner', 'expires']
const KINDS = ['missing', 'added']
const WARN_DAYS = 14
const DAY_MS = 86_400_000
export const DEFAULT_MAX_DAYS = 365

function where(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`
}

function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === text
}

/**
 * Validates the parsed YAML of accepted-drift.yaml: a list, or {accepted: [...]}. `lines` gives the
 * line of each entry, so errors name it.
 */
export function parseAcceptedDrift(data: unknown, file: string, lines: number[] = []): AcceptedDriftEntry[] {
  if (data === null || data === undefined) return []
  const wrapped = !Array.isArray(data)
  if (wrapped && (typeof data !== 'object' || Object.keys(data).some((k) => k !== 'accepted')))
    throw new BadInputError(file, '', 'expected a list of accepted-drift entries (or "accepted:" with a list)')
  const list = wrapped ? (data as {accepted?: unknown}).accepted : data
  const base = wrapped ? '/accepted' : ''
  if (!Array.isArray(list))
    throw new BadInputError(file, base, 'expected a list of accepted-drift entries (or "accepted:" with a list)')
  return list.map((raw, i) => {
    const at = `${base}/${i}`
    const name = where(file, lines[i])
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new BadInputError(name, at, 'expected an entry with policy, path, reason, owner and expires')
    const entry = raw as Record<string, unknown>
    for (const key of Object.keys(entry))
      if (!KEYS.includes(key))
        throw new BadInputError(name, `${at}/${key}`, `unknown key "${key}"; expected ${KEYS.join(', ')}`)
    const text = (key: string, required: boolean): string | undefined => {
      const v = entry[key]
      if (v === undefined || v === null) {
        if (!required) return undefined
        const hint = key === 'path' ? '; "*" accepts every change of the policy' : ''
        throw new BadInputError(name, `${at}/${key}`, `expected "${key}" (a string)${hint}`)
      }
      if (v instanceof Date) return v.toISOString().slice(0, 10)
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new BadInputError(name, `${at}/${key}`, `expected "${key}" to be a string`)
      const s = String(v).trim()
      if (s === '' && required)
        throw new BadInputError(
          name,
          `${at}/${key}`,
          `"${key}" is empty${key === 'path' ? '; use "*" for the whole policy' : ''}`,
        )
      return s
    }
    const expires = text('expires', true) as string
    if (!isRealDate(expires)) throw new BadInputError(name, `${at}/expires`, 'expected a real date as YYYY-MM-DD')
    const kind = text('kind', false)
    if (kind !== undefined && !KINDS.includes(kind))
      throw new BadInputError(name, `${at}/kind`, `expected "missing" or "added", got "${kind}"`)
    if (kind !== undefined && entry['path'] !== undefined && entry['path'] !== '')
      throw new BadInputError(
        name,
        `${at}/path`,
        `an entry of kind "${kind}" accepts the whole object's ${kind === 'missing' ? 'absence' : 'arrival'}: leave path out`,
      )
    return {
      policy: text('policy', true) as string,
      path: kind === undefined ? (text('path', true) as string) : '',
      ...(kind === undefined ? {} : {kind: kind as 'missing' | 'added'}),
      member: text('member', false),
      reason: text('reason', true) as string,
      owner: text('owner', true) as string,
      expires,
      file,
      pointer: at,
      line: lines[i],
    }
  })
}

/**
 * Resolves each entry against the baseline: an id (of a baseline object, or of a policy the
 * baseline does not have, to accept an added one) or a display name that exactly one baseline
 * object carries. An expiry further ahead than `maxDays` is refused: acceptance is a loan.
 */
export function bindAcceptedDrift(
  entries: AcceptedDriftEntry[],
  objects: JsonObject[],
  now: Date,
  maxDays = DEFAULT_MAX_DAYS,
): BoundEntry[] {
  const keyOf = distinctKeys(objects)
  const ids = new Set(objects.map(keyOf))
  return entries.map((entry) => {
    const at = entry.pointer
    const name = where(entry.file, entry.line)
    const wanted = entry.policy.toLowerCase()
    let objectId: string | undefined
    if (ids.has(wanted) || isGuid(entry.policy)) objectId = wanted
    else {
      const named = objects.filter((o) => o['displayName'] === entry.policy)
      if (named.length > 1)
        throw new BadInputError(
          name,
          `${at}/policy`,
          `"${entry.policy}" names ${named.length} baseline policies; use the policy id`,
        )
      if (named.length === 0)
        throw new BadInputError(
          name,
          `${at}/policy`,
          `no baseline policy or named location is called "${entry.policy}"; use its id or exact display name`,
        )
      objectId = keyOf(named[0]!)
    }
    const limit = now.getTime() + maxDays * DAY_MS
    if (expiresAt(entry) > limit + DAY_MS)
      throw new BadInputError(
        name,
        `${at}/expires`,
        `expires ${entry.expires}, more than ${maxDays} days ahead (the baseline allows ${maxDays}; set acceptedDriftMaxDays in baseline.json to change it)`,
      )
    return {...entry, objectId}
  })
}

export interface AcceptanceTarget {
  /** The baseline's id of the object (the live id for one the baseline does not have). */
  id: string
  path: string
  member?: JsonValue
  /** The change's operation: a whole-object change (path "") removes (missing) or adds (added). */
  op?: string
}

export function entryMatches(entry: BoundEntry, target: AcceptanceTarget): boolean {
  if (entry.objectId !== target.id.toLowerCase()) return false
  // A missing (or added) object's entry accepts exactly that, never a change to the object once it is back.
  if (entry.kind !== undefined) return target.path === '' && target.op === (entry.kind === 'missing' ? 'remove' : 'add')
  const prefix = entry.path
  if (prefix !== '*' && target.path !== prefix && !target.path.startsWith(prefix + '.')) return false
  if (entry.member !== undefined) {
    if (target.member === undefined) return false
    if (memberKey(entry.member) !== memberKey(target.member)) return false
  }
  return true
}

export function expiresAt(entry: AcceptedDriftEntry): number {
  return Date.parse(`${entry.expires}T00:00:00Z`) + DAY_MS
}

export function isExpired(entry: AcceptedDriftEntry, now: Date): boolean {
  return now.getTime() >= expiresAt(entry)
}

export function expiresSoon(entry: AcceptedDriftEntry, now: Date): boolean {
  const left = expiresAt(entry) - now.getTime()
  return left > 0 && left <= WARN_DAYS * DAY_MS
}
