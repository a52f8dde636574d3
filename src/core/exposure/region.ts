/**
 * How far a witness reaches: for each condition whose value is one item of a list (platform,
 * client app, location, risk levels, transfer method), for its app, and for a guest's type and home
 * tenant, the values that, with every other condition of the witness kept, give the sign-in exactly
 * the same outcome on both sides: the same policies apply before and after. The words then say "on
 * iOS or android", "to any app but an app of Office 365", or "from any location" when every value is
 * in the region, instead of one value picked for the witness.
 *
 * Exact, not sampled: the values tried are every value the policies tell apart (region-values.ts).
 * A policy whose other conditions do not all hold at the witness applies at no value of this one,
 * so only the policies that hold elsewhere are asked.
 */
import {pointKey} from './point-key.js'
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import type {ScopeSet} from '../meaning/scope-set.js'
import type {ResourceAtom} from '../meaning/resources.js'
import {appValues, guestValues, listValues} from './region-values.js'
import type {WitnessPart} from './witness.js'
import type {AtomNumbers} from './atom-numbers.js'
import type {WitnessConditions} from './outcome.js'
import type {SubjectPoint} from '../meaning/subjects.js'

/** The list conditions a region widens (value-dimension.ts). */
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
  /**
   * The condition (a SCOPE_ASPECTS name), or which part of a guest witness the region widens:
   * `guestTypes` (its guest or external user type) or `guestTenants` (its home tenant); their points
   * are the witness's subject with that part changed.
   */
  aspect: string
  /** The values with the witness's outcome, the witness's own first. */
  points: unknown[]
  /** Every value of the condition is in it: the condition does not matter to this exposure. */
  every: boolean
  /** The values outside it (a large region is said by what it leaves out). */
  except: unknown[]
}

const setOf = (m: Meaning, aspect: string) => m.scope(aspect) as ScopeSet<unknown>

/**
 * What the regions of one run read, built once: per list condition, every value the policies tell
 * apart and, per value, which of the run's policies' sets contain it (`inside[value][policy]`).
 */
export interface RegionSpace {
  conditions: Array<{index: number; name: string; values: unknown[]; inside: boolean[][]}>
  /** The guest types and tenants the run's policies tell apart (the subject dimension's, over every set), made when a witness is a guest. */
  guests: () => {types: string[]; tenants: string[]}
  at: WitnessConditions
}

const SUBJECTS = SCOPE_ASPECTS.findIndex((a) => a.name === 'subjects')
const RESOURCES = SCOPE_ASPECTS.findIndex((a) => a.name === 'resources')

/** `at`: the run's witness conditions over the same meanings, whose per-value columns the regions share. */
export function regionSpace(
  meanings: Meaning[],
  knowledge: Knowledge,
  numbers: AtomNumbers,
  at: WitnessConditions,
): RegionSpace {
  const conditions = SCOPE_ASPECTS.flatMap((aspect, index) => {
    if (!WIDENED.has(aspect.name) && index !== RESOURCES) return []
    const sets = meanings.map((m) => setOf(m, aspect.name))
    const dim = aspect.dimension(knowledge, ...sets)
    const values =
      index === RESOURCES
        ? appValues(dim, sets as Array<ScopeSet<ResourceAtom>>)
        : listValues(dim, sets, aspect.name, numbers)
    return values ? [{index, name: aspect.name, values, inside: values.map((v) => at.column(index, v))}] : []
  })
  let guests: {types: string[]; tenants: string[]} | undefined
  // Every guest type and tenant the run's sets tell apart, made when a witness is a guest.
  const subjectsOf = () =>
    guestValues(SCOPE_ASPECTS[SUBJECTS]!.dimension(knowledge, ...meanings.map((m) => setOf(m, 'subjects'))))
  return {conditions, guests: () => (guests ??= subjectsOf()), at}
}

/** The values of a region and the ones left out, by which give the witness's outcome (`isSame` per value). */
function regionOf(aspect: string, own: unknown, values: unknown[], isSame: boolean[]): Region | undefined {
  // A region of the witness's value alone still says which values are left out (none: every value).
  const same = values.filter((_v, j) => isSame[j])
  if (same.length === 0) return undefined
  const key = pointKey(own)
  const points = [own, ...same.filter((v) => pointKey(v) !== key)]
  const except = values.filter((_v, j) => !isSame[j])
  return {aspect, points, every: except.length === 0, except}
}

/** The regions of the witness's widened conditions (`at`: the conditions of the same meanings at the witness). */
export function regionsOf(space: RegionSpace, at: boolean[][], parts: WitnessPart[]): Region[] {
  // The policies every other condition of the witness is in: where the value decides whether they apply.
  const everywhere: number[] = []
  const onlyMissing = new Map<number, number[]>()
  at.forEach((row, k) => {
    let missed = -1
    for (let j = 0; j < row.length; j++) {
      if (row[j]) continue
      if (missed >= 0) return // two conditions miss: no one value makes the policy apply
      missed = j
    }
    if (missed < 0) everywhere.push(k)
    else {
      const list = onlyMissing.get(missed)
      if (list) list.push(k)
      else onlyMissing.set(missed, [k])
    }
  })
  const out: Region[] = []
  const sameAs = (i: number, inside: boolean[][]) => {
    const deciding = [...everywhere, ...(onlyMissing.get(i) ?? [])]
    return inside.map((column) => deciding.every((k) => column[k] === at[k]![i]))
  }
  for (const {index: i, name, values, inside} of space.conditions) {
    // A user action or an authentication context is no app: its sign-in is the action's alone.
    if (i === RESOURCES && (parts[i]!.point as {k: string}).k !== 'app') continue
    const region = regionOf(name, parts[i]!.point, values, sameAs(i, inside))
    if (region) out.push(region)
  }
  // A guest witness: the other guest types (tenants) with everything else about the user kept.
  const who = parts[SUBJECTS]?.point as SubjectPoint | undefined
  if (who?.k === 'user' && who.external) {
    const {type, tenant} = who.external
    const {types, tenants} = space.guests()
    const variants: Array<[string, SubjectPoint[]]> = [
      ['guestTypes', types.map((t) => ({...who, external: {type: t, tenant}}))],
      ['guestTenants', tenants.map((t) => ({...who, external: {type, tenant: t}}))],
    ]
    for (const [name, values] of variants) {
      const inside = values.map((v) => space.at.column(SUBJECTS, v))
      const region = regionOf(name, who, values, sameAs(SUBJECTS, inside))
      if (region) out.push(region)
    }
  }
  return out
}
