/** The device a sign-in comes from, as far as a device filter sees it: matched by each rule or not. */
import type {JsonValue} from '../model.js'
import {filterAssignments, filterAtom, filterHolds, type FilterAtom} from './filters.js'
import {perSet} from './per-set.js'
import type {Dimension, ScopeSet} from './scope-set.js'

export type DeviceAtom = {k: 'all'} | FilterAtom
export interface DevicePoint {
  matches: Map<string, boolean>
  uncertain?: true
}

export function deviceSet(deviceFilter: JsonValue | undefined): ScopeSet<DeviceAtom> {
  const atom = filterAtom(deviceFilter)
  return {include: [{k: 'all'}], exclude: atom ? [atom] : []}
}

/** Each set's filter rules, read once per set. */
const RULES = perSet<string[]>()

export function deviceDimension(...sets: Array<ScopeSet<DeviceAtom>>): Dimension<DeviceAtom, DevicePoint> {
  const rules = sets.flatMap((s) => RULES(s, () => s.exclude.flatMap((a) => (a.k === 'filter' ? [a.rule] : []))))
  const assignments = filterAssignments(rules)
  const holds = (atom: DeviceAtom, p: DevicePoint) => atom.k === 'all' || filterHolds(atom, p.matches)
  return {
    holds,
    leastPoints(atoms) {
      return assignments
        .map((a): DevicePoint => (a.certain ? {matches: a.matches} : {matches: a.matches, uncertain: true}))
        .filter((p) => atoms.every((atom) => holds(atom, p)))
    },
  }
}
