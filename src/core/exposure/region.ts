/**
 * How far a witness reaches: for each condition whose value is one item of a list (platform,
 * client app, location, risk levels, transfer method), the values that, with every other condition
 * of the witness kept, give the sign-in exactly the same outcome on both sides: the same policies
 * apply before and after. The words then say "on iOS or android", or "from any location" when every
 * value is in the region, instead of one value picked for the witness.
 *
 * Exact, not sampled: the values tried are the dimension's least values for each atom any policy
 * names (and for none), so every value no policy names behaves as one of them. A policy whose other
 * conditions do not all hold at the witness applies at no value of this one, so only the policies
 * that hold elsewhere are asked.
 */
import {jsonWithSets} from '../json.js'
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import {contains, type Dimension, type ScopeSet} from '../meaning/scope-set.js'
import type {WitnessPart} from './witness.js'

/** The conditions a region widens (value-dimension.ts). */
const WIDENED = new Set([
  'platforms',
  'locations',
  'clientAppTypes',
  'userRiskLevels',
  'signInRiskLevels',
  'servicePrincipalRiskLevels',
  'agentIdRiskLevels',
  'insiderRiskLevels',
  'authenticationFlows',
])

export interface Region {
  aspect: string
  /** The values with the witness's outcome, the witness's own first. */
  points: unknown[]
  /** Every value of the condition is in it: the condition does not matter to this exposure. */
  every: boolean
  /** The values outside it (a large region is said by what it leaves out). */
  except: unknown[]
}

const setOf = (m: Meaning, aspect: string) => m.scope(aspect) as ScopeSet<unknown>

/** Every value the condition can take, as far as the policies tell values apart. */
function candidates(dim: Dimension<unknown, unknown>, sets: Array<ScopeSet<unknown>>, aspect: string): unknown[] {
  const trusted = aspect === 'locations' ? [{k: 'trusted'}] : []
  const atoms = [
    ...new Map(sets.flatMap((s) => [...s.include, ...s.exclude]).map((a) => [jsonWithSets(a), a])).values(),
  ]
  const tries = [[], trusted, ...atoms.flatMap((a) => [[a], ...(trusted.length > 0 ? [[a, ...trusted]] : [])])]
  const out = new Map<string, unknown>()
  for (const t of tries) for (const p of dim.leastPoints(t)) out.set(jsonWithSets(p), p)
  return [...out.values()]
}

/** What the regions of one run read, built once: per list condition, the dimension over every policy's set and every value it tells apart. */
export interface RegionSpace {
  conditions: Array<{
    index: number
    name: string
    dim: Dimension<unknown, unknown>
    sets: Array<ScopeSet<unknown>>
    values: unknown[]
  }>
}

export function regionSpace(meanings: Meaning[], knowledge: Knowledge): RegionSpace {
  const conditions = SCOPE_ASPECTS.flatMap((aspect, index) => {
    if (!WIDENED.has(aspect.name)) return []
    const sets = meanings.map((m) => setOf(m, aspect.name))
    const dim = aspect.dimension(knowledge, ...sets)
    return [{index, name: aspect.name, dim, sets, values: candidates(dim, sets, aspect.name)}]
  })
  return {conditions}
}

/** The regions of the witness's list conditions that reach beyond its own value (`at`: conditionsAt over the same meanings). */
export function regionsOf(space: RegionSpace, at: boolean[][], parts: WitnessPart[]): Region[] {
  // The policies every other condition of the witness is in: where the value decides whether they apply.
  const everywhere: number[] = []
  const onlyMissing = new Map<number, number[]>()
  at.forEach((row, k) => {
    const missed = row.flatMap((inside, j) => (inside ? [] : [j]))
    if (missed.length === 0) everywhere.push(k)
    else if (missed.length === 1) onlyMissing.set(missed[0]!, [...(onlyMissing.get(missed[0]!) ?? []), k])
  })
  const out: Region[] = []
  for (const {index: i, name, dim, sets, values} of space.conditions) {
    const deciding = [...everywhere, ...(onlyMissing.get(i) ?? [])]
    const same = values.filter((v) => deciding.every((k) => contains(dim, sets[k]!, v) === at[k]![i]))
    if (same.length < 2) continue
    const own = jsonWithSets(parts[i]!.point)
    const points = [parts[i]!.point, ...same.filter((v) => jsonWithSets(v) !== own)]
    const except = values.filter((v) => !same.includes(v))
    out.push({aspect: name, points, every: except.length === 0, except})
  }
  return out
}
