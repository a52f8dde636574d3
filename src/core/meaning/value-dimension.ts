/**
 * Conditions whose sign-in value is one item of a list: platforms, client app types, risk levels,
 * transfer methods, locations. "All" (or an absent condition) holds for every value. A closed
 * condition has a known list of values (risk levels: listing every level is the same as "all"); an
 * open one always has values nobody listed (a platform Entra cannot identify, an unnamed location).
 */
import {perSet} from './per-set.js'
import type {Dimension, ScopeSet} from './scope-set.js'

export const OTHER = '\u0000other'

export type ValueAtom = {k: 'all'} | {k: 'value'; value: string} | {k: 'trusted'}

export interface ValuePoint {
  value: string
  /** Locations only: whether the named location is trusted (AllTrusted). */
  trusted?: boolean
}

export interface ValueDomain {
  /** The values a closed condition can take; undefined for an open one. */
  closed?: readonly string[]
  /** Known trust of named locations (id -> isTrusted); an unknown one may be either. */
  trust?: ReadonlyMap<string, boolean>
}

const VALUES = perSet<string[]>()

function mentioned(sets: Array<ScopeSet<ValueAtom>>): string[] {
  const out = new Set<string>()
  for (const s of sets)
    for (const value of VALUES(s, () =>
      [...s.include, ...s.exclude].flatMap((a) => (a.k === 'value' ? [a.value] : [])),
    ))
      out.add(value)
  return [...out]
}

export function valueDimension(
  domain: ValueDomain,
  ...sets: Array<ScopeSet<ValueAtom>>
): Dimension<ValueAtom, ValuePoint> {
  const everyValue = domain.closed ? [...new Set([...domain.closed, ...mentioned(sets)])] : [OTHER]
  return {
    holds(atom, point) {
      if (atom.k === 'all') return true
      if (atom.k === 'trusted') return point.trusted === true
      return atom.value === point.value
    },
    leastPoints(atoms) {
      const values = [...new Set(atoms.flatMap((a) => (a.k === 'value' ? [a.value] : [])))]
      if (values.length > 1) return []
      const trusted = atoms.some((a) => a.k === 'trusted')
      const candidates = values.length === 1 ? values : everyValue
      const out: ValuePoint[] = []
      for (const value of candidates) {
        const known = domain.trust?.get(value)
        if (trusted && known === false) continue
        out.push(domain.trust ? {value, trusted: trusted || known === true} : {value})
      }
      return out
    },
  }
}

/** A list condition: `all` (any case) or absent means every value. */
export function listSet(include: string[] | undefined, exclude: string[] = []): ScopeSet<ValueAtom> {
  const atom = (v: string): ValueAtom =>
    v.toLowerCase() === 'all' ? {k: 'all'} : v === 'AllTrusted' ? {k: 'trusted'} : {k: 'value', value: v}
  return {
    include: include === undefined || include.length === 0 ? [{k: 'all'}] : include.map(atom),
    exclude: exclude.map(atom),
  }
}
