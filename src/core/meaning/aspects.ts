/**
 * The scope of a policy is the conjunction of its conditions; each condition is an aspect with its
 * own dimension of sign-in values. An absent condition is the whole dimension.
 */
import {isJsonObject, stringsOf, valueAt} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'
import {deviceDimension, deviceSet} from './devices.js'
import {appAtom, resourceDimension, resourceSet} from './resources.js'
import type {Dimension, ScopeSet} from './scope-set.js'
import type {Tri} from './tri.js'
import {agentAtom, servicePrincipalAtom, subjectDimension, subjectSet, type SubjectAtom} from './subjects.js'
import {listSet, valueDimension, type ValueAtom} from './value-dimension.js'

/** How one condition's sets compare (see meaning.ts compareAspect). */
export interface ScopeComparison {
  /** The dimension both sets were compared in (attribution asks it which atoms hold where). */
  dimension: Dimension<unknown, unknown>
  onlyBefore: unknown[]
  onlyAfter: unknown[]
  overlap: Tri
  beforeNonEmpty: Tri
  afterNonEmpty: Tri
}

export interface Knowledge {
  /** isTrusted of named locations, where both sides agree on it. */
  trust: ReadonlyMap<string, boolean>
  /** Comparisons already made in this run (see compareAspect). */
  memo?: WeakMap<object, Map<object, ScopeComparison>>
  /** Whether a scope set is non-empty, already answered in this run. */
  nonEmpty?: WeakMap<object, Tri>
  /** The allowed combinations of the custom authentication strengths both sides agree on (references). */
  strengths?: ReadonlyMap<string, readonly string[]>
  /** What this diff cannot see on any policy (agent fields a Graph v1.0 side dropped): judged as unmodelled fields. */
  blind?: string[]
}

export interface ScopeAspect {
  name: string
  /** Path prefixes (dot form) of the fields this aspect reads. */
  paths: string[]
  set(policy: JsonObject): ScopeSet<unknown>
  dimension(knowledge: Knowledge, ...sets: Array<ScopeSet<unknown>>): Dimension<unknown, unknown>
  /** The atom a set member stands for, when a change adds or removes one. */
  atom(path: string, member: JsonValue): unknown
}

const RISK_LEVELS = ['low', 'medium', 'high', 'hidden', 'none']

function valueAspect(
  name: string,
  path: string,
  closed: readonly string[] | undefined,
  read: (policy: JsonObject) => ScopeSet<ValueAtom>,
): ScopeAspect {
  return {
    name,
    paths: [path],
    set: read,
    dimension: (knowledge, ...sets) =>
      valueDimension(
        {closed, trust: name === 'locations' ? knowledge.trust : undefined},
        ...(sets as Array<ScopeSet<ValueAtom>>),
      ) as Dimension<unknown, unknown>,
    atom: (_path, member) => (typeof member === 'string' ? listSet([member]).include[0] : undefined),
  }
}

/** A flag-enum string or a list, as members; [] when absent. */
function levels(policy: JsonObject, path: string): string[] {
  const v = valueAt(policy, path)
  return typeof v === 'string' ? v.split(',') : stringsOf(v)
}

function riskAspect(key: string, closed: readonly string[]): ScopeAspect {
  return valueAspect(key, `conditions.${key}`, closed, (p) => listSet(levels(p, `conditions.${key}`)))
}

function includeExclude(policy: JsonObject, base: string, include: string, exclude: string): ScopeSet<ValueAtom> {
  const inc = stringsOf(valueAt(policy, `${base}.${include}`))
  return listSet(inc.length > 0 ? inc : undefined, stringsOf(valueAt(policy, `${base}.${exclude}`)))
}

function subjectAtomOf(path: string, member: JsonValue): SubjectAtom | undefined {
  if (typeof member !== 'string') return undefined
  const leaf = path.split('.').pop() ?? ''
  if (/AgentUsers$/.test(leaf)) return member === 'All' ? {k: 'agentUsers'} : {k: 'agentUser', id: member}
  if (/Users$/.test(leaf)) return subjectSet({users: {includeUsers: [member]}}).include[0]
  if (/Groups$/.test(leaf)) return {k: 'group', id: member}
  if (/Roles$/.test(leaf)) return {k: 'role', id: member}
  if (/AgentIdServicePrincipals$/.test(leaf)) return agentAtom(member)
  if (/ServicePrincipals$/.test(leaf)) return servicePrincipalAtom(member)
  return undefined
}

export const SCOPE_ASPECTS: ScopeAspect[] = [
  {
    name: 'subjects',
    paths: ['conditions.users', 'conditions.clientApplications', 'conditions.agents'],
    set: (p) => subjectSet(valueAt(p, 'conditions') as JsonObject | undefined),
    dimension: (_k, ...sets) =>
      subjectDimension(...(sets as Array<ScopeSet<SubjectAtom>>)) as Dimension<unknown, unknown>,
    atom: subjectAtomOf,
  },
  {
    name: 'resources',
    paths: ['conditions.applications'],
    set: (p) => resourceSet(valueAt(p, 'conditions.applications')),
    dimension: (_k, ...sets) => resourceDimension(...(sets as never[])) as Dimension<unknown, unknown>,
    atom: (path, member) => {
      if (typeof member !== 'string') return undefined
      if (path.endsWith('UserActions')) return {k: 'action', id: member}
      if (path.endsWith('ClassReferences')) return {k: 'context', id: member}
      return path.endsWith('Applications') ? appAtom(member) : undefined
    },
  },
  valueAspect('platforms', 'conditions.platforms', undefined, (p) =>
    includeExclude(p, 'conditions.platforms', 'includePlatforms', 'excludePlatforms'),
  ),
  valueAspect('locations', 'conditions.locations', undefined, (p) =>
    includeExclude(p, 'conditions.locations', 'includeLocations', 'excludeLocations'),
  ),
  valueAspect(
    'clientAppTypes',
    'conditions.clientAppTypes',
    ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'],
    (p) => listSet(levels(p, 'conditions.clientAppTypes')),
  ),
  riskAspect('userRiskLevels', RISK_LEVELS),
  riskAspect('signInRiskLevels', RISK_LEVELS),
  riskAspect('servicePrincipalRiskLevels', ['low', 'medium', 'high', 'none']),
  // An agent without risk is at "none", which a list of levels never names.
  riskAspect('agentIdRiskLevels', ['none', 'low', 'medium', 'high']),
  riskAspect('insiderRiskLevels', ['none', 'minor', 'moderate', 'elevated']),
  // A sign-in that uses no transfer method is outside a policy that lists methods.
  valueAspect(
    'authenticationFlows',
    'conditions.authenticationFlows.transferMethods',
    ['none', 'deviceCodeFlow', 'authenticationTransfer'],
    (p) => listSet(levels(p, 'conditions.authenticationFlows.transferMethods')),
  ),
  {
    name: 'devices',
    paths: ['conditions.devices.deviceFilter'],
    set: (p) => deviceSet(valueAt(p, 'conditions.devices.deviceFilter')),
    dimension: (_k, ...sets) => deviceDimension(...(sets as never[])) as Dimension<unknown, unknown>,
    atom: () => undefined,
  },
]

const SEGMENTS = new Map(SCOPE_ASPECTS.map((a) => [a.name, a.paths.map((p) => p.split('.'))]))

function present(policy: JsonObject, segments: string[]): boolean {
  let cur: unknown = policy
  for (const s of segments) {
    if (!isJsonObject(cur) || !Object.hasOwn(cur, s)) return false
    cur = cur[s]
  }
  return cur !== undefined
}

/** Sets that include one bare atom ({k}: all apps, all users) and exclude nothing, one object per aspect and atom. */
const BARE = new Map<string, ScopeSet<unknown>>()

function isBare(atom: unknown): atom is {k: string} {
  if (typeof (atom as {k?: unknown}).k !== 'string') return false
  for (const key in atom as object) if (key !== 'k') return false
  return true
}

/** The shared object for a set that only says "all"; any other set as it is. */
function shared(aspect: ScopeAspect, set: ScopeSet<unknown>): ScopeSet<unknown> {
  const only = set.include[0]
  if (set.exclude.length > 0 || set.include.length !== 1 || !isBare(only)) return set
  const key = `${aspect.name}\u0000${only.k}`
  const found = BARE.get(key)
  if (found) return found
  BARE.set(key, set)
  return set
}

// An absent condition and its everyday spelling (includeApplications: ["All"]) are the same object.
const WHOLE = new Map(SCOPE_ASPECTS.map((a) => [a.name, shared(a, a.set({}))]))

/**
 * The aspect's scope set of a policy; one shared object when the policy sets none of its fields (the
 * whole dimension) or only says "all", so that the common case compares by identity.
 */
export function scopeSetOf(aspect: ScopeAspect, policy: JsonObject): ScopeSet<unknown> {
  const paths = SEGMENTS.get(aspect.name) ?? []
  if (!paths.some((p) => present(policy, p))) return WHOLE.get(aspect.name) as ScopeSet<unknown>
  return shared(aspect, aspect.set(policy))
}

const BY_NAME = new Map(SCOPE_ASPECTS.map((a) => [a.name, a]))

/** The scope aspect of that name. */
export function scopeAspect(name: string): ScopeAspect | undefined {
  return BY_NAME.get(name)
}

/** The aspect whose fields include `path`, if any scope aspect reads it. */
export function scopeAspectOf(path: string): ScopeAspect | undefined {
  return SCOPE_ASPECTS.find((a) => a.paths.some((p) => path === p || path.startsWith(p + '.')))
}
