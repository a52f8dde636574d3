/**
 * Who signs in: a user (with groups, roles and maybe a guest or external type), an agent user, a
 * workload identity (service principal) or an agent identity. `conditions.users` scopes users and
 * agent users; `conditions.clientApplications` scopes service principals and agent identities.
 *
 * Readings (ca-semantics.md, graph-api.md 10.4):
 * - Targeting an agent identity blueprint principal covers every agent identity created from it, so
 *   an agent-id atom holds for the agent with that object id and for every agent of that blueprint.
 * - An include-mode agent filter with no agent list targets every agent it matches.
 * - "All" users covers agent users as well (UNCONFIRMED: Microsoft documents AllAgentIdUsers, not
 *   whether All includes them; the canonical form keeps AllAgentIdUsers beside All, so a change in
 *   it still shows, and a policy that covers All either way is judged the same).
 * - Agent users are targeted by users.includeUsers (AllAgentIdUsers) or by the conditions.agents
 *   shape of live exports (includeAgentUsers, excludeAgentUsers, agentFilter).
 * - A policy with none of users, clientApplications or agents (not valid on write) is read as all users.
 */
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'
import {filterAtom, type FilterAtom} from './filters.js'
import type {ScopeSet} from './scope-set.js'
import {appendAll} from '../arrays.js'

/** The documented guest or external user types (conditionalAccessGuestOrExternalUserTypes). */
export const GUEST_TYPES = [
  'internalGuest',
  'b2bCollaborationGuest',
  'b2bCollaborationMember',
  'b2bDirectConnectUser',
  'otherExternalUser',
  'serviceProvider',
] as const

export type Family = 'agent' | 'servicePrincipal' | 'agentUser'

export type SubjectAtom =
  | {k: 'allUsers'}
  | {k: 'none'}
  | {k: 'user'; id: string}
  | {k: 'guests'}
  | {k: 'agentUsers'}
  | {k: 'agentUser'; id: string}
  /**
   * A group. `except`: users whose membership is known exactly (group-resolution.ts); the atom holds
   * for none of them, and `groupMember` atoms say which of them the group holds.
   */
  | {k: 'group'; id: string; except?: ReadonlySet<string>}
  /** A user the group `group` holds, by id (a member whose membership changed). */
  | {k: 'groupMember'; group: string; id: string}
  /** A directory role. `except`: users whose hold on it is known exactly (role-resolution.ts); `roleHolder` atoms say which hold it. */
  | {k: 'role'; id: string; except?: ReadonlySet<string>}
  /** A user who holds the role `role` on this side (actively), by id: one whose hold changed. */
  | {k: 'roleHolder'; role: string; id: string}
  /**
   * A user eligible (PIM) for the role on this side, one whose hold changed: holding it only in
   * sign-ins made while it is activated. No `id` field: two such atoms differ by role as well as by
   * user (scope-set.ts tells atoms with an `id` apart by kind and id alone).
   */
  | {k: 'roleEligible'; role: string; user: string}
  | {k: 'external'; types: string[] | 'all'; tenants: string[] | 'all'}
  | {k: 'allServicePrincipals'}
  | {k: 'servicePrincipal'; id: string}
  /** `except`: agents whose attributes are known exactly (agent-resolution.ts); the atom holds for none of them. */
  | {k: 'allAgents'; except?: ReadonlySet<string>}
  | {k: 'agent'; id: string; except?: ReadonlySet<string>}
  /** An agent (by object id) this side's policy covers, its attributes known: one whose attributes changed. */
  | {k: 'agentMember'; id: string}
  | (FilterAtom & {family: Family; except?: ReadonlySet<string>})

function userAtom(value: string): SubjectAtom {
  if (value === 'All') return {k: 'allUsers'}
  if (value === 'None') return {k: 'none'}
  if (value === 'GuestsOrExternalUsers') return {k: 'guests'}
  if (value === 'AllAgentIdUsers') return {k: 'agentUsers'}
  return {k: 'user', id: value}
}

export function externalAtom(value: JsonValue | undefined): SubjectAtom | undefined {
  if (!isJsonObject(value)) return undefined
  const typesText = value['guestOrExternalUserTypes']
  const types = typeof typesText === 'string' ? typesText.split(',') : 'all'
  const tenants = value['externalTenants']
  const enumerated = isJsonObject(tenants) && tenants['membershipKind'] === 'enumerated'
  return {k: 'external', types, tenants: enumerated ? stringsOf((tenants as JsonObject)['members']) : 'all'}
}

const USER_KEYS = {
  include: ['includeUsers', 'includeGroups', 'includeRoles', 'includeGuestsOrExternalUsers'],
  exclude: ['excludeUsers', 'excludeGroups', 'excludeRoles', 'excludeGuestsOrExternalUsers'],
} as const

/** The atoms of one side of conditions.users, pushed straight into `out` (this runs for every judged policy). */
function usersAtoms(users: JsonObject, side: 'include' | 'exclude', out: SubjectAtom[]): void {
  const [usersKey, groupsKey, rolesKey, guestsKey] = USER_KEYS[side]
  for (const v of listOf(users[usersKey])) out.push(userAtom(v))
  for (const id of listOf(users[groupsKey])) out.push({k: 'group', id})
  for (const id of listOf(users[rolesKey])) out.push({k: 'role', id})
  const external = externalAtom(users[guestsKey])
  if (external) out.push(external)
}

/** The strings of a canonical list (canonical lists under include-/exclude- hold strings only). */
function listOf(value: JsonValue | undefined): string[] {
  return Array.isArray(value)
    ? value.every((v) => typeof v === 'string')
      ? (value as string[])
      : stringsOf(value)
    : []
}

export function servicePrincipalAtom(value: string): SubjectAtom {
  return value === 'ServicePrincipalsInMyTenant' || value === 'All'
    ? {k: 'allServicePrincipals'}
    : {k: 'servicePrincipal', id: value}
}

export function agentAtom(value: string): SubjectAtom {
  return value === 'All' ? {k: 'allAgents'} : {k: 'agent', id: value}
}

export function subjectSet(conditions: JsonObject | undefined): ScopeSet<SubjectAtom> {
  const users = conditions?.['users']
  const clients = conditions?.['clientApplications']
  const agents = conditions?.['agents']
  if (!isJsonObject(users) && !isJsonObject(clients) && !isJsonObject(agents))
    return {include: [{k: 'allUsers'}], exclude: []}
  const include: SubjectAtom[] = []
  const exclude: SubjectAtom[] = []
  if (isJsonObject(users)) {
    usersAtoms(users, 'include', include)
    usersAtoms(users, 'exclude', exclude)
  }
  if (isJsonObject(agents)) {
    // The agent-user shape seen in live exports (peer-tools.md 9): conditions.agents.
    const agentUser = (v: string): SubjectAtom => (v === 'All' ? {k: 'agentUsers'} : {k: 'agentUser', id: v})
    appendAll(include, stringsOf(agents['includeAgentUsers']).map(agentUser))
    appendAll(exclude, stringsOf(agents['excludeAgentUsers']).map(agentUser))
    const atom = filterAtom(agents['agentFilter'])
    if (atom) {
      exclude.push({...atom, family: 'agentUser'})
      if (!atom.whenMatched && stringsOf(agents['includeAgentUsers']).length === 0) include.push({k: 'agentUsers'})
    }
  }
  if (isJsonObject(clients)) {
    appendAll(include, stringsOf(clients['includeServicePrincipals']).map(servicePrincipalAtom))
    appendAll(exclude, stringsOf(clients['excludeServicePrincipals']).map(servicePrincipalAtom))
    appendAll(include, stringsOf(clients['includeAgentIdServicePrincipals']).map(agentAtom))
    appendAll(exclude, stringsOf(clients['excludeAgentIdServicePrincipals']).map(agentAtom))
    const filters: Array<[Family, JsonValue | undefined]> = [
      ['servicePrincipal', clients['servicePrincipalFilter']],
      ['agent', clients['agentIdServicePrincipalFilter']],
    ]
    for (const [family, value] of filters) {
      const atom = filterAtom(value)
      if (!atom) continue
      exclude.push({...atom, family})
      const listed = family === 'agent' ? 'includeAgentIdServicePrincipals' : 'includeServicePrincipals'
      // An include-mode filter with no list targets every agent (or service principal) it matches.
      if (!atom.whenMatched && stringsOf(clients[listed]).length === 0)
        include.push(family === 'agent' ? {k: 'allAgents'} : {k: 'allServicePrincipals'})
    }
  }
  return {include, exclude}
}
