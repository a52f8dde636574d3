/**
 * Target resources: applications (All, None, Office365, MicrosoftAdminPortals, AllAgentIdResources,
 * app ids), user actions and authentication contexts, with the application filter. Which app ids
 * belong to the Office365 and admin-portal groups is known offline only for a few well-known apps;
 * any other app may or may not belong, so both are considered.
 */
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonValue} from '../model.js'
import {filterAssignments, filterAtom, filterHolds, type FilterAtom} from './filters.js'
import {perSet} from './per-set.js'
import type {Dimension, ScopeSet} from './scope-set.js'
import {OTHER} from './value-dimension.js'

export type AppGroup = 'office365' | 'adminPortals' | 'agentResources'

export type ResourceAtom =
  | {k: 'all'}
  | {k: 'none'}
  | {k: 'group'; group: AppGroup}
  | {k: 'app'; id: string}
  | {k: 'action'; id: string}
  | {k: 'context'; id: string}
  | FilterAtom

export type ResourcePoint =
  | {k: 'app'; id: string; groups: Set<AppGroup>; matches?: Map<string, boolean>; uncertain?: true}
  | {k: 'action' | 'context'; id: string}

/** Apps Microsoft lists in the Office 365 app group (learn.microsoft.com, "Conditional Access: target resources"). */
export const OFFICE365_APPS: ReadonlySet<string> = new Set([
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
  '00000003-0000-0ff1-ce00-000000000000', // Office 365 SharePoint Online
  '00000004-0000-0ff1-ce00-000000000000', // Skype for Business Online
  'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', // Microsoft Teams Services
])

const SENTINELS: Record<string, ResourceAtom> = {
  All: {k: 'all'},
  None: {k: 'none'},
  Office365: {k: 'group', group: 'office365'},
  MicrosoftAdminPortals: {k: 'group', group: 'adminPortals'},
  AllAgentIdResources: {k: 'group', group: 'agentResources'},
}

export function appAtom(value: string): ResourceAtom {
  return SENTINELS[value] ?? {k: 'app', id: value}
}

export function resourceSet(applications: JsonValue | undefined): ScopeSet<ResourceAtom> {
  if (!isJsonObject(applications)) return {include: [{k: 'all'}], exclude: []}
  const include: ResourceAtom[] = [
    ...stringsOf(applications['includeApplications']).map(appAtom),
    ...stringsOf(applications['includeUserActions']).map((id): ResourceAtom => ({k: 'action', id})),
    ...stringsOf(applications['includeAuthenticationContextClassReferences']).map((id): ResourceAtom => ({
      k: 'context',
      id,
    })),
  ]
  const exclude = stringsOf(applications['excludeApplications']).map(appAtom)
  const filter = filterAtom(applications['applicationFilter'])
  if (filter) exclude.push(filter)
  return {include, exclude}
}

/** Each set's filter rules, read once per set. */
const RULES = perSet<string[]>()

export function resourceDimension(...sets: Array<ScopeSet<ResourceAtom>>): Dimension<ResourceAtom, ResourcePoint> {
  const rules = sets.flatMap((s) => RULES(s, () => s.exclude.flatMap((a) => (a.k === 'filter' ? [a.rule] : []))))
  const assignments = filterAssignments(rules)
  return {
    holds(atom, p) {
      switch (atom.k) {
        case 'all':
          return p.k === 'app'
        case 'none':
          return false
        case 'group':
          return p.k === 'app' && p.groups.has(atom.group)
        case 'app':
          return p.k === 'app' && p.id === atom.id
        case 'filter':
          return p.k === 'app' && filterHolds(atom, p.matches)
        default:
          return p.k === atom.k && p.id === atom.id
      }
    },
    leastPoints(atoms) {
      const other = atoms.filter((a) => a.k === 'action' || a.k === 'context')
      if (other.length > 0) {
        const first = other[0] as {k: 'action' | 'context'; id: string}
        const same = atoms.every((a) => a.k === first.k && (a as {id: string}).id === first.id)
        return same ? [{k: first.k, id: first.id}] : []
      }
      if (atoms.some((a) => a.k === 'none')) return []
      const ids = [...new Set(atoms.flatMap((a) => (a.k === 'app' ? [a.id] : [])))]
      if (ids.length > 1) return []
      const id = ids[0] ?? OTHER
      const groups = new Set<AppGroup>(atoms.flatMap((a) => (a.k === 'group' ? [a.group] : [])))
      if (OFFICE365_APPS.has(id)) groups.add('office365')
      const out: ResourcePoint[] = []
      for (const a of assignments) {
        if (!atoms.every((atom) => atom.k !== 'filter' || filterHolds(atom, a.matches))) continue
        out.push(
          a.certain
            ? {k: 'app', id, groups, matches: a.matches}
            : {k: 'app', id, groups, matches: a.matches, uncertain: true},
        )
      }
      return out
    },
  }
}
