/**
 * The subject dimension: the least sign-in subjects (users with groups, roles and guest types,
 * agent users, service principals, agent identities with their blueprints) that make given atoms
 * true, and whether an atom holds for a subject. The atoms come from subject-set.ts.
 */
import {appendAll} from '../arrays.js'
import {filterAssignments, filterHolds, type FilterAssignment} from './filters.js'
import {perSet} from './per-set.js'
import type {Dimension, ScopeSet} from './scope-set.js'
import {GUEST_TYPES, type Family, type SubjectAtom} from './subject-set.js'
import {OTHER} from './value-dimension.js'

export {
  agentAtom,
  externalAtom,
  GUEST_TYPES,
  servicePrincipalAtom,
  subjectSet,
  type SubjectAtom,
} from './subject-set.js'

export type SubjectPoint =
  | {
      k: 'user'
      id: string
      groups: string[]
      roles: string[]
      external?: {type: string; tenant: string}
      /** The roles the user is eligible for and has activated for this sign-in (role-resolution.ts). */
      activated?: string[]
    }
  | {k: 'agentUser'; id: string; matches: Map<string, boolean>; uncertain?: true}
  | {k: 'servicePrincipal'; id: string; matches: Map<string, boolean>; uncertain?: true}
  | {k: 'agent'; id: string; blueprint: string; matches: Map<string, boolean>; uncertain?: true}

const BLUEPRINT_OTHER = '\u0000other-blueprint'

type Kinds = ReadonlyArray<SubjectPoint['k']>
const USERS_AND_AGENT_USERS: Kinds = ['user', 'agentUser']
const USERS: Kinds = ['user']
const AGENT_USERS: Kinds = ['agentUser']
const SERVICE_PRINCIPALS: Kinds = ['servicePrincipal']
const AGENTS: Kinds = ['agent']
const ALL_KINDS: Kinds = ['user', 'agentUser', 'servicePrincipal', 'agent']

function kindsOf(atom: SubjectAtom): Kinds {
  switch (atom.k) {
    case 'allUsers':
    case 'user':
      return USERS_AND_AGENT_USERS
    case 'guests':
    case 'group':
    case 'groupMember':
    case 'role':
    case 'roleHolder':
    case 'roleEligible':
    case 'external':
      return USERS
    case 'agentUsers':
    case 'agentUser':
      return AGENT_USERS
    case 'allServicePrincipals':
    case 'servicePrincipal':
      return SERVICE_PRINCIPALS
    case 'allAgents':
    case 'agent':
    case 'agentMember':
      return AGENTS
    case 'filter':
      return atom.family === 'agent' ? AGENTS : atom.family === 'agentUser' ? AGENT_USERS : SERVICE_PRINCIPALS
    case 'none':
      return []
  }
}

function idsOf(
  atoms: SubjectAtom[],
  k: 'user' | 'agentUser' | 'servicePrincipal' | 'agent' | 'groupMember' | 'roleHolder' | 'agentMember',
): string[] {
  const out: string[] = []
  for (const a of atoms) if (a.k === k && !out.includes(a.id)) out.push(a.id)
  return out
}

function within<T>(list: T[] | 'all', value: T): boolean {
  return list === 'all' || list.includes(value)
}

/** A long membership list as a set, made once per list (a witness user can be in dozens of groups). */
const LISTED = new WeakMap<string[], Set<string>>()
// The list asked last: a contains check asks one value's list once per atom of the set.
let lastList: string[] | undefined
let lastSet: Set<string> | undefined
function listed(list: string[], id: string): boolean {
  if (list.length < 16) return list.includes(id)
  if (list !== lastList) {
    let set = LISTED.get(list)
    if (!set) LISTED.set(list, (set = new Set(list)))
    lastList = list
    lastSet = set
  }
  return lastSet!.has(id)
}

/** Whether the atom holds for the subject. */
function holds(atom: SubjectAtom, p: SubjectPoint): boolean {
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
      return p.k === 'user' && listed(p.groups, atom.id) && atom.except?.has(p.id) !== true
    case 'groupMember':
      return p.k === 'user' && p.id === atom.id
    case 'role':
      return p.k === 'user' && listed(p.roles, atom.id) && atom.except?.has(p.id) !== true
    case 'roleHolder':
      return p.k === 'user' && p.id === atom.id
    case 'roleEligible':
      return p.k === 'user' && p.id === atom.user && p.activated?.includes(atom.role) === true
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
      return p.k === 'agent' && atom.except?.has(p.id) !== true
    case 'agent':
      return p.k === 'agent' && (p.id === atom.id || p.blueprint === atom.id) && atom.except?.has(p.id) !== true
    case 'agentMember':
      return p.k === 'agent' && p.id === atom.id
    case 'filter':
      return p.k === atom.family && filterHolds(atom, p.matches) && atom.except?.has(p.id) !== true
  }
}

/** The values the sets' atoms tell apart: guest types, home tenants, and each family's filter outcomes. */
interface Universe {
  types: string[]
  tenants: string[]
  assignments: Record<Family, FilterAssignment[]>
}

/** The atoms of a set that tell subjects apart beyond ids: guest and external-user atoms, filters. */
interface Telling {
  externals: Array<SubjectAtom & {k: 'external'}>
  filters: Array<SubjectAtom & {k: 'filter'}>
  guests: boolean
}

const TELLING = perSet<Telling>()

function tellingOf(set: ScopeSet<SubjectAtom>): Telling {
  return TELLING(set, () => {
    const out: Telling = {externals: [], filters: [], guests: false}
    for (const list of [set.include, set.exclude])
      for (const a of list) {
        if (a.k === 'external') out.externals.push(a)
        else if (a.k === 'filter') out.filters.push(a)
        else if (a.k === 'guests') out.guests = true
      }
    return out
  })
}

function universeOf(sets: Array<ScopeSet<SubjectAtom>>): Universe {
  // Guest types, tenants and filter rules matter only when some atom names them: most policies have none.
  const externals: Array<SubjectAtom & {k: 'external'}> = []
  const filters: Array<SubjectAtom & {k: 'filter'}> = []
  let guests = false
  for (const set of sets) {
    const t = tellingOf(set)
    if (t.externals.length > 0) appendAll(externals, t.externals)
    if (t.filters.length > 0) appendAll(filters, t.filters)
    guests ||= t.guests
  }
  const types =
    externals.length === 0 && !guests
      ? []
      : [...new Set([...GUEST_TYPES, ...externals.flatMap((a) => (a.types === 'all' ? [] : a.types))])]
  const tenants = [...new Set([OTHER, ...externals.flatMap((a) => (a.tenants === 'all' ? [] : a.tenants))])]
  const rules = (family: Family) => filters.flatMap((a) => (a.family === family ? [a.rule] : []))
  return {
    types,
    tenants,
    assignments: {
      agent: filterAssignments(rules('agent')),
      servicePrincipal: filterAssignments(rules('servicePrincipal')),
      agentUser: filterAssignments(rules('agentUser')),
    },
  }
}

/**
 * The least users that make every atom true: one per guest type and tenant when guest atoms are among
 * them. One pass over the atoms (a witness user can be in dozens of groups).
 */
function userPoints(atoms: SubjectAtom[], universe: Universe): SubjectPoint[] {
  let id: string | undefined
  let twoUsers = false
  const named = (user: string) => {
    if (id === undefined) id = user
    else if (user !== id) twoUsers = true
  }
  const base: {id: string; groups: string[]; roles: string[]; activated?: string[]} = {id: OTHER, groups: [], roles: []}
  let guestAtoms: SubjectAtom[] | undefined
  let toldApart = false
  for (const a of atoms) {
    switch (a.k) {
      case 'user':
      case 'groupMember':
      case 'roleHolder':
        named(a.id)
        break
      case 'roleEligible':
        named(a.user)
        ;(base.activated ??= []).push(a.role)
        break
      case 'group':
        base.groups.push(a.id)
        toldApart ||= a.except !== undefined
        break
      case 'role':
        base.roles.push(a.id)
        toldApart ||= a.except !== undefined
        break
      case 'guests':
      case 'external':
        ;(guestAtoms ??= []).push(a)
        break
    }
  }
  if (twoUsers) return []
  base.id = id ?? OTHER
  const points = guestAtoms ? guestPoints(base, guestAtoms, universe) : [{k: 'user' as const, ...base}]
  // A group (role) told apart for some users holds for none of them: a point that is one of them is not in it.
  return toldApart ? points.filter((p) => atoms.every((a) => holds(a, p))) : points
}

function guestPoints(
  base: {id: string; groups: string[]; roles: string[]; activated?: string[]},
  guestAtoms: SubjectAtom[],
  universe: Universe,
): SubjectPoint[] {
  const out: SubjectPoint[] = []
  for (const type of universe.types)
    for (const tenant of universe.tenants) {
      const p: SubjectPoint = {k: 'user', ...base, external: {type, tenant}}
      if (guestAtoms.every((a) => holds(a, p))) out.push(p)
    }
  return out
}

/** One subject per outcome of the family's filter rules that the atoms' filters allow. */
function filteredPoints(
  family: Family,
  atoms: SubjectAtom[],
  universe: Universe,
  make: (m: Map<string, boolean>) => SubjectPoint,
): SubjectPoint[] {
  const out: SubjectPoint[] = []
  for (const a of universe.assignments[family]) {
    const p = make(a.matches)
    if (!a.certain) (p as {uncertain?: true}).uncertain = true
    if (atoms.every((atom) => atom.k !== 'filter' || holds(atom, p))) out.push(p)
  }
  return out
}

/** The (agent, blueprint) pairs that make the agent atoms true: an agent atom holds for the agent itself or for the agents of that blueprint. */
function agentShapes(ids: string[]): Array<[string, string]> {
  if (ids.length === 0) return [[OTHER, BLUEPRINT_OTHER]]
  if (ids.length === 1)
    return [
      [ids[0], BLUEPRINT_OTHER],
      [OTHER, ids[0]],
    ]
  if (ids.length === 2)
    return [
      [ids[0], ids[1]],
      [ids[1], ids[0]],
    ]
  return []
}

function pointsOfKind(kind: SubjectPoint['k'], atoms: SubjectAtom[], universe: Universe): SubjectPoint[] {
  switch (kind) {
    case 'user':
      return userPoints(atoms, universe)
    case 'agentUser': {
      const ids = [...new Set([...idsOf(atoms, 'user'), ...idsOf(atoms, 'agentUser')])]
      if (ids.length > 1) return []
      return filteredPoints(kind, atoms, universe, (matches) => ({k: kind, id: ids[0] ?? OTHER, matches}))
    }
    case 'servicePrincipal': {
      const ids = idsOf(atoms, 'servicePrincipal')
      if (ids.length > 1) return []
      return filteredPoints(kind, atoms, universe, (matches) => ({k: kind, id: ids[0] ?? OTHER, matches}))
    }
    case 'agent': {
      const out: SubjectPoint[] = []
      const members = idsOf(atoms, 'agentMember')
      const ids = members.length === 0 ? idsOf(atoms, 'agent') : [...new Set([...idsOf(atoms, 'agent'), ...members])]
      for (const [id, blueprint] of agentShapes(ids))
        appendAll(
          out,
          filteredPoints('agent', atoms, universe, (matches) => ({k: 'agent', id, blueprint, matches})),
        )
      return out
    }
  }
}

export function subjectDimension(...sets: Array<ScopeSet<SubjectAtom>>): Dimension<SubjectAtom, SubjectPoint> {
  const universe = universeOf(sets)
  return {
    holds,
    leastPoints(atoms) {
      let kinds = ALL_KINDS
      for (const atom of atoms) {
        const allowed = kindsOf(atom)
        // Most atoms name a user: the list stays the same object until an atom narrows it.
        if (kinds.some((k) => !allowed.includes(k))) kinds = kinds.filter((k) => allowed.includes(k))
      }
      const out: SubjectPoint[] = []
      for (const kind of kinds) appendAll(out, pointsOfKind(kind, atoms, universe))
      return out
    },
  }
}
