/**
 * Who holds a directory role a policy includes or excludes, as the baseline records it
 * (dependencies/roles/<template id>.json): the users with an active assignment at tenant scope
 * (directly or through a role-assignable group, transitively), and the users eligible for it through
 * PIM who are not active. Conditional Access counts only built-in roles assigned at tenant scope
 * ("administrative unit-scoped roles and custom roles aren't supported"), and an eligible user holds
 * the role only while activated: an eligible holder of an excluded role can exempt themselves at will.
 *
 * `eligible` is absent when PIM could not be read (no licence or no permission): then only the active
 * holders are compared, and the record says so.
 */
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject} from '../model.js'
import {namedInUsers} from './users-named.js'

export interface RoleHolders {
  /** The role template id, lower-case (what includeRoles and excludeRoles name). */
  id: string
  /** Users holding the role now, sorted lower-case ids. */
  active: string[]
  /** Users eligible (PIM) and not active, sorted lower-case ids; undefined when eligibility was not read. */
  eligible?: string[]
}

/** How a user holds a role on one side. */
export type HolderState = 'none' | 'eligible' | 'active'

const sortedIds = (ids: string[]) => [...new Set(ids.map((m) => m.toLowerCase()))].sort()

/**
 * The record of a role's holders as read (any order, any case). A user both eligible and assigned is
 * eligible: an activation shows as an assignment while it lasts (role-holders-read.ts).
 */
export function roleHoldersOf(id: string, active: string[], eligible: string[] | undefined): RoleHolders {
  const e = eligible ? sortedIds(eligible) : undefined
  const isEligible = new Set(e ?? [])
  return {
    id: id.toLowerCase(),
    active: sortedIds(active).filter((a) => !isEligible.has(a)),
    ...(e ? {eligible: e} : {}),
  }
}

export function roleHoldersDoc(r: RoleHolders): JsonObject {
  const doc: JsonObject = {id: r.id, active: r.active}
  if (r.eligible) doc['eligible'] = r.eligible
  else doc['eligibleNotRead'] = true
  return doc
}

export function parseRoleHoldersDoc(value: unknown): RoleHolders | string {
  if (!isJsonObject(value)) return 'expected a JSON object'
  const id = value['id']
  if (typeof id !== 'string' || id === '') return 'expected "id", the role template id'
  const ids = (v: unknown) => Array.isArray(v) && v.every((m) => typeof m === 'string')
  if (!ids(value['active'])) return 'expected "active" to be a list of object ids'
  const eligible = value['eligible']
  if (eligible !== undefined && !ids(eligible)) return 'expected "eligible" to be a list of object ids'
  if (eligible === undefined && value['eligibleNotRead'] !== true)
    return 'expected "eligible", or "eligibleNotRead": true'
  return roleHoldersOf(id, stringsOf(value['active']), eligible === undefined ? undefined : stringsOf(eligible))
}

export function holderState(r: RoleHolders, user: string): HolderState {
  if (r.active.includes(user)) return 'active'
  return r.eligible?.includes(user) ? 'eligible' : 'none'
}

/** One user's hold on a role that differs between the sides. */
export interface HolderChange {
  role: string
  user: string
  before: HolderState
  after: HolderState
}

/**
 * A user's hold on the role as compared with the other side's record: where either side did not read
 * eligibility, eligibility is left out of both (an eligible user holds nothing), so a PIM read that
 * failed on one side alone is not drift.
 */
export function comparedState(r: RoleHolders, other: RoleHolders, user: string): HolderState {
  const s = holderState(r, user)
  return s === 'eligible' && (r.eligible === undefined || other.eligible === undefined) ? 'none' : s
}

/** The users whose hold on the role changed, compared as comparedState says. */
export function holderChanges(before: RoleHolders, after: RoleHolders): HolderChange[] {
  const users = sortedIds([...before.active, ...after.active, ...(before.eligible ?? []), ...(after.eligible ?? [])])
  const out: HolderChange[] = []
  for (const user of users) {
    const b = comparedState(before, after, user)
    const a = comparedState(after, before, user)
    if (b !== a) out.push({role: before.id, user, before: b, after: a})
  }
  return out
}

/** The role template ids a policy's user conditions name (include or exclude), lower-case. */
export function rolesOfPolicy(policy: JsonObject): string[] {
  return namedInUsers(policy, 'Roles')
}
