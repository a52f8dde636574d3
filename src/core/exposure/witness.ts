/**
 * A witness sign-in: one that every anchor policy covers and none of a list of guard policies does.
 * The exposure search (exposure.ts) asks this with the guards being every policy that would still
 * refuse what the anchor refused; no witness means another policy covers it (compensated).
 *
 * The search is complete for the same reason the pairwise one of scope-set.ts is: atoms only become
 * true when a value has that property, so a sign-in escapes a guard that the current least sign-in
 * is in only through one of the guard's exclusion atoms becoming true (or another choice where a
 * dimension lists several least values: a guest type, a filter outcome). So the search keeps, per
 * condition, the atoms a witness must make true and the least value that does; at the first policy
 * the value does not escape (or the anchor it is not in), it branches over those ways out, and a
 * value seen before is not tried again. A work budget ends it with "cut", never with a guess.
 */
import {jsonWithSets} from '../json.js'
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import {contains, isCertain, onlyIn, type Dimension, type ScopeSet} from '../meaning/scope-set.js'

/** One condition of a witness: the atoms it was made to hold and the least value that does. */
export interface WitnessPart {
  aspect: string
  atoms: unknown[]
  point: unknown
}

export type WitnessSearch =
  {k: 'found'; parts: WitnessPart[]; certain: boolean} | {k: 'none'} | {k: 'cut'; found?: WitnessPart[]}

/** How much the searches of one run may do (contains checks); shared so that a run as a whole ends. */
export interface Budget {
  left: number
}

interface Condition {
  name: string
  dim: Dimension<unknown, unknown>
  anchors: Array<ScopeSet<unknown>>
  guards: Array<ScopeSet<unknown>>
  /** Orders the least values of an unconstrained condition: the plainest sign-in first. */
  prefer: (points: unknown[]) => unknown[]
}

/** State: per condition, the atoms made true and which of their least values is taken. */
interface State {
  atoms: unknown[][]
  choice: number[]
}

/** An atom's identity (group and role atoms carry a set of users told apart), computed once per atom object. */
const ATOM_KEYS = new WeakMap<object, string>()
function atomKey(atom: unknown): string {
  let key = ATOM_KEYS.get(atom as object)
  if (key === undefined) {
    key = jsonWithSets(atom)
    ATOM_KEYS.set(atom as object, key)
  }
  return key
}

/** A state's identity: the atoms made true as sets (the order they were added in does not matter), and the choices. */
const keyOf = (s: State) =>
  `${s.atoms.map((list) => list.map(atomKey).sort().join(',')).join(';')}|${s.choice.join(',')}`

/**
 * A guard with at most this many exclusions in all is tried as covering an anchor alone before the
 * search: the broad policies that compensate are like that, and the pairwise check costs the guard's
 * exclusions (a guard with long lists is left to the search, which is complete without it).
 */
export const BROAD = 8

/**
 * Searches for a sign-in in every one of `anchors` and in none of `guards` (enforcement is the caller's business:
 * every meaning here is taken as covering its scope). `prefer` orders a condition's candidate values.
 */
export function findWitness(
  anchors: Meaning[],
  guards: Meaning[],
  knowledge: Knowledge,
  budget: Budget,
  prefer: (aspect: string, points: unknown[]) => unknown[] = (_a, p) => p,
): WitnessSearch {
  const conditions: Condition[] = SCOPE_ASPECTS.map((a) => {
    const sets = anchors.map((m) => m.scope(a.name) as ScopeSet<unknown>)
    const others = guards.map((g) => g.scope(a.name) as ScopeSet<unknown>)
    return {
      name: a.name,
      dim: a.dimension(knowledge, ...sets, ...others),
      anchors: sets,
      guards: others,
      prefer: (points) => prefer(a.name, points),
    }
  })
  const candidates = new Map<string, unknown[]>()
  const pointsOf = (c: Condition, atoms: unknown[]): unknown[] => {
    const key = `${c.name}\u0000${atoms.map(atomKey).sort().join(',')}`
    let found = candidates.get(key)
    if (!found) {
      const least = c.dim.leastPoints(atoms)
      candidates.set(key, (found = atoms.length === 0 ? c.prefer(least) : least))
    }
    return found
  }
  // A guard that covers an anchor in every condition leaves no way out: the common compensated case, settled at once.
  const coveredBy = (c: Condition, a: ScopeSet<unknown>, g: ScopeSet<unknown>) => {
    // The pairwise search tries include atoms against exclusions: charged by the sets' sizes.
    budget.left -= 1 + (a.include.length + a.exclude.length) * (1 + g.exclude.length)
    return onlyIn(c.dim, a, g).length === 0
  }
  const broad = (i: number) => conditions.reduce((n, c) => n + c.guards[i]!.exclude.length, 0) <= BROAD
  if (guards.some((_g, i) => broad(i) && conditions.every((c) => c.anchors.some((a) => coveredBy(c, a, c.guards[i]!)))))
    return {k: 'none'}
  if (budget.left <= 0) return {k: 'cut'}
  const seen = new Set<string>()
  const stack: State[] = [{atoms: conditions.map(() => []), choice: conditions.map(() => 0)}]
  let uncertain: WitnessPart[] | undefined
  while (stack.length > 0) {
    if (budget.left <= 0) return {k: 'cut', ...(uncertain ? {found: uncertain} : {})}
    const state = stack.pop()!
    // A state costs its atoms (its key, its least values) besides the checks it makes.
    budget.left -= 1 + state.atoms.reduce((n, a) => n + a.length, 0)
    const key = keyOf(state)
    if (seen.has(key)) continue
    seen.add(key)
    const points = conditions.map((c, i) => pointsOf(c, state.atoms[i]!)[state.choice[i]!])
    if (points.some((p) => p === undefined)) continue
    const next = firstBreach(conditions, points, budget)
    if (next === undefined) {
      const parts = conditions.map((c, i) => ({aspect: c.name, atoms: state.atoms[i]!, point: points[i]}))
      if (points.every(isCertain)) return {k: 'found', parts, certain: true}
      uncertain ??= parts
      continue
    }
    // Ways out, pushed so that the first one is tried first: another least value, or one more atom.
    const ways: State[] = []
    for (const i of next.conditions) {
      const options = pointsOf(conditions[i]!, state.atoms[i]!)
      for (let j = 0; j < options.length; j++)
        if (j !== state.choice[i] && next.mends(i, options[j])) ways.push(withChoice(state, i, j))
      for (const atom of next.atomsToTry(i)) {
        const way = withAtom(state, i, atom)
        if (way) ways.push(way)
      }
    }
    for (let w = ways.length - 1; w >= 0; w--) stack.push(ways[w]!)
  }
  return uncertain ? {k: 'found', parts: uncertain, certain: false} : {k: 'none'}
}

function withChoice(s: State, i: number, j: number): State {
  return {atoms: s.atoms, choice: s.choice.map((c, k) => (k === i ? j : c))}
}

function withAtom(s: State, i: number, atom: unknown): State | undefined {
  const key = atomKey(atom)
  if (s.atoms[i]!.some((a) => atomKey(a) === key)) return undefined
  return {atoms: s.atoms.map((a, k) => (k === i ? [...a, atom] : a)), choice: s.choice.map((c, k) => (k === i ? 0 : c))}
}

/**
 * Whether a condition's value is in a guard's set, remembered per value: a least value is one object
 * per set of atoms (pointsOf), and a step changes one condition, so most answers repeat.
 */
const IN_GUARD = new WeakMap<object, Map<ScopeSet<unknown>, boolean>>()

function inGuard(c: Condition, g: number, point: unknown, budget: Budget): boolean {
  const set = c.guards[g]!
  let known = IN_GUARD.get(point as object)
  if (!known) IN_GUARD.set(point as object, (known = new Map()))
  let answer = known.get(set)
  budget.left--
  if (answer === undefined) {
    known.set(set, (answer = contains(c.dim, set, point)))
  }
  return answer
}

/** A broken constraint and the ways to mend it: per condition, atoms to make true and which other least values help. */
interface Breach {
  conditions: number[]
  atomsToTry(i: number): unknown[]
  mends(i: number, point: unknown): boolean
}

/**
 * The first constraint the sign-in breaks, with the atoms that could mend it per condition: not in
 * the anchor (one of its include atoms, in that condition only), or in a guard (one of the guard's
 * exclusion atoms, in any condition). undefined when the sign-in is a witness.
 */
function firstBreach(conditions: Condition[], points: unknown[], budget: Budget): Breach | undefined {
  const holds = (c: Condition, atom: unknown, p: unknown) => c.dim.holds(atom, p)
  for (const [i, c] of conditions.entries())
    for (const anchor of c.anchors) {
      budget.left--
      if (contains(c.dim, anchor, points[i])) continue
      // Excluded by the anchor: no atom mends that (atoms only become true), another least value may.
      const excluded = anchor.exclude.some((a) => holds(c, a, points[i]))
      return {
        conditions: [i],
        atomsToTry: () => (excluded ? [] : anchor.include),
        mends: (_k, p) => contains(c.dim, anchor, p),
      }
    }
  const guards = conditions[0]?.guards.length ?? 0
  for (let g = 0; g < guards; g++) {
    if (!conditions.every((c, i) => inGuard(c, g, points[i], budget))) continue
    return {
      conditions: conditions.map((_c, k) => k),
      atomsToTry: (k) => {
        const c = conditions[k]!
        return c.guards[g]!.exclude.filter((a) => !holds(c, a, points[k]))
      },
      // Another least value helps only where it is out of the guard (the others' choices stay for later breaches).
      mends: (k, p) => !contains(conditions[k]!.dim, conditions[k]!.guards[g]!, p),
    }
  }
  return undefined
}
