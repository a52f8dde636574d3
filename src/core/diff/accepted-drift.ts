/**
 * Accepted drift: entries in a baseline's accepted-drift.yaml. A matching finding is reported as
 * accepted (not failing) until the entry expires; then it fails again. Entries that expire within
 * 14 days produce a warning so that nobody is surprised by a red build.
 */
import {memberKey} from '../canonical/members.js'
import {BadInputError} from '../errors.js'
import type {JsonValue} from '../model.js'

export interface AcceptedDriftEntry {
  /** Policy or named location: id (case-insensitive) or display name. */
  policy: string
  /** Dot-path prefix; "" or absent accepts every change of the policy. */
  path: string
  member?: string
  reason: string
  owner: string
  /** YYYY-MM-DD; the entry holds through the end of that day (UTC). */
  expires: string
}

const WARN_DAYS = 14
const DAY_MS = 86_400_000

/** Validates the parsed YAML of accepted-drift.yaml: a list, or {accepted: [...]}. */
export function parseAcceptedDrift(data: unknown, file: string): AcceptedDriftEntry[] {
  if (data === null || data === undefined) return []
  const list = Array.isArray(data) ? data : (data as {accepted?: unknown}).accepted
  const base = Array.isArray(data) ? '' : '/accepted'
  if (!Array.isArray(list))
    throw new BadInputError(file, '', 'expected a list of accepted-drift entries (or "accepted:" with a list)')
  return list.map((raw, i) => {
    const at = `${base}/${i}`
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new BadInputError(file, at, 'expected an entry with policy, path, reason, owner and expires')
    const entry = raw as Record<string, unknown>
    const text = (key: string, required: boolean): string | undefined => {
      const v = entry[key]
      if (v === undefined || v === null) {
        if (required) throw new BadInputError(file, `${at}/${key}`, `expected "${key}" (a string)`)
        return undefined
      }
      if (v instanceof Date) return v.toISOString().slice(0, 10)
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new BadInputError(file, `${at}/${key}`, `expected "${key}" to be a string`)
      return String(v)
    }
    const expires = text('expires', true)!
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      throw new BadInputError(file, `${at}/expires`, 'expected a date as YYYY-MM-DD')
    }
    return {
      policy: text('policy', true)!,
      path: text('path', false) ?? '',
      member: text('member', false),
      reason: text('reason', true)!,
      owner: text('owner', true)!,
      expires,
    }
  })
}

export interface AcceptanceTarget {
  ids: string[]
  names: string[]
  path: string
  member?: JsonValue
}

export function entryMatches(entry: AcceptedDriftEntry, target: AcceptanceTarget): boolean {
  const policy = entry.policy.toLowerCase()
  const byId = target.ids.some((id) => id.toLowerCase() === policy)
  const byName = target.names.some((n) => n === entry.policy)
  if (!byId && !byName) return false
  const prefix = entry.path
  if (prefix !== '' && target.path !== prefix && !target.path.startsWith(prefix + '.')) return false
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
