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
import {filterAssignments, filterAtom, filterHolds, type FilterAtom} from './filters.js'
import type {Dimension, ScopeSet} from './scope-set.js'
import {OTHER} from './value-dimension.js'
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

type Family = 'agent' | 'servicePrincipal' | 'agentUser'

export type SubjectAtom =
  | {k: 'allUsers'}
  | {k: 'none'}
  | {k: 'user'; id: string}
  | {k: 'guests'}
  | {k: 'agentUsers'}
  | {k: 'agentUser'; id: string}
  | {k: 'group'; id: string}
  | {k: 'role'; id: string}
  | {k: 'external'; types: string[] | 'all'; tenants: string[] | 'all'}
  | {k: 'allServicePrincipals'}
  | {k: 'servicePrincipal'; id: string}
  | {k: 'allAgents'}
  | {k: 'agent'; id: string}
  | (FilterAtom & {family: Family})

export type SubjectPoint =
  | {k: 'user'; id: string; groups: string[]; roles: string[]; external?: {type: string; tenant: string}}
  | {k: 'agentUser'; id: string; matches: Map<string, boolean>; uncertain?: true}
  | {k: 'servicePrincipal'; id: string; matches: Map<string, boolean>; uncertain?: true}
  | {k: 'agent'; id: string; blueprint: string; matches: Map<string, boolean>; uncertain?: true}

const BLUEPRINT_OTHER = '\u0000other-blueprint'

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

function usersAtoms(users: JsonObject, side: 'include' | 'exclude'): SubjectAtom[] {
  const out: SubjectAtom[] = stringsOf(users[`${side}Users`]).map(userAtom)
  for (const id of stringsOf(users[`${side}Groups`])) out.push({k: 'group', id})
  for (const id of stringsOf(users[`${side}Roles`])) out.push({k: 'role', id})
  const external = externalAtom(users[`${side}GuestsOrExternalUsers`])
  if (external) out.push(external)
  return out
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
    appendAll(include, usersAtoms(users, 'include'))
    appendAll(exclude, usersAtoms(users, 'exclude'))
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

function kindsOf(atom: SubjectAtom): Array<SubjectPoint['k']> {
  switch (atom.k) {
    case 'allUsers':
    case 'user':
      return ['user', 'agentUser']
    case 'guests':
    case 'group':
    case 'role':
    case 'external':
      return ['user']
    case 'agentUsers':
    case 'agentUser':
      return ['agentUser']
    case 'allServicePrincipals':
    case 'servicePrincipal':
      return ['servicePrincipal']
    case 'allAgents':
    case 'agent':
      return ['agent']
    case 'filter':
      return [atom.family]
    case 'none':
      return []
  }
}

function idsOf(atoms: SubjectAtom[], k: 'user' | 'agentUser' | 'servicePrincipal' | 'agent'): string[] {
  const out: string[] = []
  for (const a of atoms) if (a.k === k && !out.includes(a.id)) out.push(a.id)
  return out
}

function within<T>(list: T[] | 'all', value: T): boolean {
  return list === 'all' || list.includes(value)
}

export function subjectDimension(...sets: Array<ScopeSet<SubjectAtom>>): Dimension<SubjectAtom, SubjectPoint> {
  // Guest types, tenants and filter rules matter only when some atom names them: most policies have none.
  const externals: Array<SubjectAtom & {k: 'external'}> = []
  const filters: Array<SubjectAtom & {k: 'filter'}> = []
  let guests = false
  for (const set of sets)
    for (const list of [set.include, set.exclude])
      for (const a of list) {
        if (a.k === 'external') externals.push(a)
        else if (a.k === 'filter') filters.push(a)
        else if (a.k === 'guests') guests = true
      }
  const types =
    externals.length === 0 && !guests
      ? []
      : [...new Set([...GUEST_TYPES, ...externals.flatMap((a) => (a.types === 'all' ? [] : a.types))])]
  const tenants = [...new Set([OTHER, ...externals.flatMap((a) => (a.tenants === 'all' ? [] : a.tenants))])]
  const rules = (family: Family) => filters.flatMap((a) => (a.family === family ? [a.rule] : []))
  const assignments = {
    agent: filterAssignments(rules('agent')),
    servicePrincipal: filterAssignments(rules('servicePrincipal')),
    agentUser: filterAssignments(rules('agentUser')),
  }

  const holds = (atom: SubjectAtom, p: SubjectPoint): boolean => {
    switch (atom.k) {
      case 'allUsers':
        return p.k === 'user' || p.k === 'agentUser'
      case 'none':
        return false
      case 'user':
        return (p.k === 'user' || p.k === 'agentUser') && p.id === atom.id
      case 'guests':
        return p.k === 'user' && p.external !== undefined
      case 'agentUsers':
        return p.k === 'agentUser'
      case 'agentUser':
        return p.k === 'agentUser' && p.id === atom.id
      case 'group':
        return p.k === 'user' && p.groups.includes(atom.id)
      case 'role':
        return p.k === 'user' && p.roles.includes(atom.id)
      case 'external':
        return (
          p.k === 'user' &&
          p.external !== undefined &&
          within(atom.types, p.external.type) &&
          within(atom.tenants, p.external.tenant)
        )
      case 'allServicePrincipals':
        return p.k === 'servicePrincipal'
      case 'servicePrincipal':
        return p.k === 'servicePrincipal' && p.id === atom.id
      case 'allAgents':
        return p.k === 'agent'
      case 'agent':
        return p.k === 'agent' && (p.id === atom.id || p.blueprint === atom.id)
      case 'filter':
        return p.k === atom.family && filterHolds(atom, p.matches)
    }
  }

  const users = (atoms: SubjectAtom[]): SubjectPoint[] => {
    const ids = idsOf(atoms, 'user')
    if (ids.length > 1) return []
    const base = {id: ids[0] ?? OTHER, groups: [] as string[], roles: [] as string[]}
    for (const a of atoms) {
      if (a.k === 'group') base.groups.push(a.id)
      else if (a.k === 'role') base.roles.push(a.id)
    }
    const guestAtoms = atoms.filter((a) => a.k === 'guests' || a.k === 'external')
    if (guestAtoms.length === 0) return [{k: 'user', ...base}]
    const out: SubjectPoint[] = []
    for (const type of types)
      for (const tenant of tenants) {
        const p: SubjectPoint = {k: 'user', ...base, external: {type, tenant}}
        if (guestAtoms.every((a) => holds(a, p))) out.push(p)
      }
    return out
  }

  const withFilters = (
    family: Family,
    atoms: SubjectAtom[],
    make: (m: Map<string, boolean>) => SubjectPoint,
  ): SubjectPoint[] => {
    const out: SubjectPoint[] = []
    for (const a of assignments[family]) {
      const p = make(a.matches)
      if (!a.certain) (p as {uncertain?: true}).uncertain = true
      if (atoms.every((atom) => atom.k !== 'filter' || holds(atom, p))) out.push(p)
    }
    return out
  }

  return {
    holds,
    leastPoints(atoms) {
      let kinds: Array<SubjectPoint['k']> = ['user', 'agentUser', 'servicePrincipal', 'agent']
      for (const atom of atoms) kinds = kinds.filter((k) => kindsOf(atom).includes(k))
      const out: SubjectPoint[] = []
      for (const kind of kinds) {
        if (kind === 'user') appendAll(out, users(atoms))
        else if (kind === 'agentUser') {
          const ids = [...new Set([...idsOf(atoms, 'user'), ...idsOf(atoms, 'agentUser')])]
          if (ids.length <= 1)
            appendAll(
              out,
              withFilters(kind, atoms, (matches) => ({k: kind, id: ids[0] ?? OTHER, matches})),
            )
        } else if (kind === 'servicePrincipal') {
          const ids = idsOf(atoms, 'servicePrincipal')
          if (ids.length <= 1)
            appendAll(
              out,
              withFilters(kind, atoms, (matches) => ({k: kind, id: ids[0] ?? OTHER, matches})),
            )
        } else {
          // An agent atom holds for the agent itself or for the agents of that blueprint.
          const ids = idsOf(atoms, 'agent')
          const shapes: Array<[string, string]> =
            ids.length === 0
              ? [[OTHER, BLUEPRINT_OTHER]]
              : ids.length === 1
                ? [
                    [ids[0], BLUEPRINT_OTHER],
                    [OTHER, ids[0]],
                  ]
                : ids.length === 2
                  ? [
                      [ids[0], ids[1]],
                      [ids[1], ids[0]],
                    ]
                  : []
          for (const [id, blueprint] of shapes)
            appendAll(
              out,
              withFilters('agent', atoms, (matches) => ({k: 'agent', id, blueprint, matches})),
            )
        }
      }
      return out
    },
  }
}
