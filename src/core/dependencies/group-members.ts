/**
 * Who a group holds, as the baseline records it beside the policies that name the group: its
 * transitive user members by object id (dependencies/groups/<id>.json), or, past a bound, only
 * how many and a hash of the sorted ids ("too large: tracked by count and hash"). A group the
 * tenant no longer has is recorded as missing: a policy that names it covers or exempts nobody
 * through it.
 */
import {createHash} from 'node:crypto'
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject} from '../model.js'
import type {AgentRecord} from './agents.js'
import {namedInUsers} from './users-named.js'
import type {NamedObjects} from './named-objects.js'
import type {RoleHolders} from './role-holders.js'

/** The most members a group file lists by id; a larger group is tracked by count and hash. */
export const MAX_LISTED_MEMBERS = 5_000

export interface GroupMembers {
  id: string
  /** Transitive user members. */
  count: number
  /** sha256 of the sorted lower-case ids, one per line: tells a change in a group too large to list. */
  sha256: string
  /** The sorted lower-case member ids; absent when the group has more than MAX_LISTED_MEMBERS. */
  members?: string[]
  /** The tenant has no group of this id (deleted): nobody is covered or exempted through it. */
  missing?: true
}

export interface Dependencies {
  /** By lower-case group id. */
  groups: Map<string, GroupMembers>
  /** Agent identities with the attributes the policies' agent filters read, by lower-case object id. */
  agents?: Map<string, AgentRecord>
  /** Holders of the directory roles the policies name, by lower-case role template id. */
  roles?: Map<string, RoleHolders>
  /** Workload identities, authentication contexts and terms of use the policies name, by kind and id. */
  named?: NamedObjects
}

export function noDependencies(): Dependencies {
  return {groups: new Map()}
}

function hashOf(sorted: string[]): string {
  return createHash('sha256').update(sorted.join('\n')).digest('hex')
}

/** The record of a group's members as read (any order, any case, duplicates allowed). */
export function groupMembersOf(
  id: string,
  memberIds: string[],
  options: {missing?: boolean; max?: number} = {},
): GroupMembers {
  const sorted = [...new Set(memberIds.map((m) => m.toLowerCase()))].sort()
  const out: GroupMembers = {id: id.toLowerCase(), count: sorted.length, sha256: hashOf(sorted)}
  if (sorted.length <= (options.max ?? MAX_LISTED_MEMBERS)) out.members = sorted
  if (options.missing) out.missing = true
  return out
}

/** The file's document: canonical (sorted keys, sorted members), so a reviewer reads a member change as one line. */
export function groupMembersDoc(g: GroupMembers): JsonObject {
  const doc: JsonObject = {id: g.id, memberCount: g.count, membersSha256: g.sha256}
  if (g.members) doc['members'] = g.members
  else doc['tooLarge'] = true
  if (g.missing) doc['missing'] = true
  return doc
}

/** A group file read back, or what is wrong with it (the caller names the file). */
export function parseGroupMembersDoc(value: unknown): GroupMembers | string {
  if (!isJsonObject(value)) return 'expected a JSON object'
  const id = value['id']
  if (typeof id !== 'string' || id === '') return 'expected "id", the group\'s object id'
  const members = value['members']
  if (members !== undefined && (!Array.isArray(members) || members.some((m) => typeof m !== 'string')))
    return 'expected "members" to be a list of object ids'
  if (members === undefined && value['tooLarge'] !== true)
    return 'expected "members", or "tooLarge": true with a count and hash'
  const count = value['memberCount']
  const sha = value['membersSha256']
  if (members !== undefined)
    return groupMembersOf(id, stringsOf(members), {missing: value['missing'] === true, max: Infinity})
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    return 'expected "memberCount", a whole number'
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) return 'expected "membersSha256", a sha256 in hex'
  return {id: id.toLowerCase(), count, sha256: sha, ...(value['missing'] === true ? {missing: true as const} : {})}
}

/** What changed in a group between two records: who joined and who left, or only that it changed (too large). */
export type MembershipDelta =
  | {k: 'same'}
  | {k: 'listed'; added: string[]; removed: string[]}
  | {k: 'unlisted'; countBefore: number; countAfter: number}

export function membershipDelta(before: GroupMembers, after: GroupMembers): MembershipDelta {
  if (before.sha256 === after.sha256) return {k: 'same'}
  if (!before.members || !after.members) return {k: 'unlisted', countBefore: before.count, countAfter: after.count}
  const had = new Set(before.members)
  const has = new Set(after.members)
  return {
    k: 'listed',
    added: after.members.filter((m) => !had.has(m)),
    removed: before.members.filter((m) => !has.has(m)),
  }
}

/** The group ids a policy's user conditions name (include or exclude), lower-case. */
export function groupsOfPolicy(policy: JsonObject): string[] {
  return namedInUsers(policy, 'Groups')
}
