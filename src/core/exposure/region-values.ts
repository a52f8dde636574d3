/**
 * Every value a condition can take, as far as the run's policies tell values apart (region.ts asks
 * each of them whether it gives the witness the same outcome):
 *
 * - a list condition (platform, client app, location, risk levels, transfer method): the dimension's
 *   least values for each atom any policy names, and for none; every value no policy names behaves as
 *   one of them;
 * - an app: each app id a policy names, and one no policy names, in each combination of the app
 *   groups the policies name (any app may belong to Office 365 or the admin portals, except the few
 *   known offline), with each outcome of the application filters;
 * - a guest: each guest or external user type and home tenant the subject dimension tells apart.
 */
import {pointKey} from './point-key.js'
import type {AtomNumbers} from './atom-numbers.js'
import {OFFICE365_APPS, type AppGroup, type ResourceAtom, type ResourcePoint} from '../meaning/resources.js'
import type {Dimension, ScopeSet} from '../meaning/scope-set.js'
import type {SubjectPoint} from '../meaning/subjects.js'
import {OTHER} from '../meaning/value-dimension.js'

type AppPoint = Extract<ResourcePoint, {k: 'app'}>

/** Past this many app values (a tenant naming hundreds of apps), no region is made for the app: the witness's own app is said. */
export const APP_VALUES_AT_MOST = 512

function distinct<T>(points: T[]): T[] {
  const out = new Map<string, T>()
  for (const p of points) out.set(pointKey(p), p)
  return [...out.values()]
}

/** The values of a list condition (each atom once, by its run number). */
export function listValues(
  dim: Dimension<unknown, unknown>,
  sets: Array<ScopeSet<unknown>>,
  aspect: string,
  numbers: AtomNumbers,
): unknown[] {
  const trusted = aspect === 'locations' ? [{k: 'trusted'}] : []
  const seen = new Set<number>()
  for (const s of sets) {
    const {include, exclude} = numbers.of(s)
    for (const n of include) seen.add(n)
    for (const n of exclude) seen.add(n)
  }
  const atoms = [...seen].map((n) => numbers.atom(n))
  const tries = [[], trusted, ...atoms.flatMap((a) => [[a], ...(trusted.length > 0 ? [[a, ...trusted]] : [])])]
  return distinct(tries.flatMap((t) => dim.leastPoints(t)))
}

/** The app values (undefined past APP_VALUES_AT_MOST). */
export function appValues(
  dim: Dimension<unknown, unknown>,
  sets: Array<ScopeSet<ResourceAtom>>,
): AppPoint[] | undefined {
  const ids = new Set<string>()
  const groups = new Set<AppGroup>()
  for (const s of sets)
    for (const a of [...s.include, ...s.exclude]) {
      if (a.k === 'app') ids.add(a.id)
      else if (a.k === 'group') groups.add(a.group)
    }
  // One app no policy names per outcome of the filters: the least values of no atom.
  const filtered = (dim.leastPoints([]) as ResourcePoint[]).filter((p): p is AppPoint => p.k === 'app')
  const combinations = [...groups].reduce<AppGroup[][]>((all, g) => all.concat(all.map((c) => [...c, g])), [[]])
  if ((ids.size + 1) * combinations.length * filtered.length > APP_VALUES_AT_MOST) return undefined
  const out: AppPoint[] = []
  for (const id of [OTHER, ...ids])
    for (const combination of combinations)
      for (const f of filtered) {
        const inGroups = new Set(combination)
        if (OFFICE365_APPS.has(id)) inGroups.add('office365')
        out.push({...f, id, groups: inGroups})
      }
  return distinct(out)
}

/** The guest types and home tenants a subject dimension tells apart: its least guests. */
export function guestValues(dim: Dimension<unknown, unknown>): {types: string[]; tenants: string[]} {
  const points = dim.leastPoints([{k: 'guests'}]) as SubjectPoint[]
  const external = points.flatMap((p) => (p.k === 'user' && p.external ? [p.external] : []))
  return {types: [...new Set(external.map((e) => e.type))], tenants: [...new Set(external.map((e) => e.tenant))]}
}
