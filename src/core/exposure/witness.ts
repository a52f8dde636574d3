/**
 * A witness sign-in: one that every anchor policy covers and none of a list of guard policies does.
 * The exposure search (exposure.ts) asks this with the guards being every policy that would still
 * refuse what the anchor refused; no witness means another policy covers it (compensated).
 *
 * The search is complete for the same reason the pairwise one of scope-set.ts is: atoms only become
 * true when a value has that property, so a sign-in escapes a guard that the current least sign-in
 * is in only through one of the guard's exclusion atoms becoming true (or another choice where a
 * dimension lists several least values: a guest type, a filter outcome). So the search keeps, per
 * condition, the atoms a witness must make true and the least value that does; at an anchor the
 * value is not in, or else at one guard it is in (any one will do: every witness escapes each of
 * them; witness-space.ts picks the one with the fewest ways out), it branches over those ways out,
 * and a value seen before is not tried again. A greedy probe (witness-probe.ts) goes first and can
 * only find, never rule out. A work budget ends it with "cut", never with a guess.
 */
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import {isCertain, onlyIn, type ScopeSet} from '../meaning/scope-set.js'
import type {AtomNumbers} from './atom-numbers.js'
import {GuardBits} from './guard-bits.js'
import {probe} from './witness-probe.js'
import {Space, stateKey, withAtom, withChoice, type Budget, type Condition, type State} from './witness-space.js'

export type {Budget} from './witness-space.js'

/** One condition of a witness: the atoms it was made to hold and the least value that does. */
export interface WitnessPart {
  aspect: string
  atoms: unknown[]
  point: unknown
}

export type WitnessSearch =
  {k: 'found'; parts: WitnessPart[]; certain: boolean} | {k: 'none'} | {k: 'cut'; found?: WitnessPart[]}

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
  run: {knowledge: Knowledge; atoms: AtomNumbers; budget: Budget; bits?: GuardBits},
  prefer: (aspect: string, points: unknown[]) => unknown[] = (_a, p) => p,
): WitnessSearch {
  const {knowledge, atoms, budget} = run
  const list = (run.bits ?? new GuardBits()).of(guards, SCOPE_ASPECTS.length)
  const conditions: Condition[] = SCOPE_ASPECTS.map((a, i) => {
    const sets = anchors.map((m) => m.scope(a.name) as ScopeSet<unknown>)
    const others = list.setsOf(i, () => guards.map((g) => g.scope(a.name) as ScopeSet<unknown>))
    return {
      name: a.name,
      // A dimension reads a union over its sets (first seen first): the distinct guard sets say the same as all.
      dim: a.dimension(knowledge, ...sets, ...others.distinct),
      anchors: sets,
      guards: others.all,
      prefer: (points) => prefer(a.name, points),
    }
  })
  const space = new Space(conditions, guards, atoms, budget, list)
  if (coveredByOne(conditions, space, budget)) return {k: 'none'}
  if (budget.left <= 0) return {k: 'cut'}
  const root: State = {atoms: conditions.map(() => []), choice: conditions.map(() => 0)}
  const quick = probe(space, root)
  const found = quick && partsOf(space, quick)
  if (found && found.every((p) => isCertain(p.point))) return {k: 'found', parts: found, certain: true}
  return search(space, root, budget)
}

/**
 * A guard that covers an anchor in every condition leaves no way out: the common compensated case
 * (a broad policy), and the policy's own live side when it excludes no one new, settled at once.
 * Asked of a guard with few exclusions or none that are ways out (the check costs its exclusions).
 */
function coveredByOne(conditions: Condition[], space: Space, budget: Budget): boolean {
  const coveredBy = (c: Condition, a: ScopeSet<unknown>, g: ScopeSet<unknown>) => {
    // The pairwise search tries include atoms against exclusions: charged by the sets' sizes.
    budget.left -= 1 + (a.include.length + a.exclude.length) * (1 + g.exclude.length)
    return onlyIn(c.dim, a, g).length === 0
  }
  const broad = (i: number) => conditions.reduce((n, c) => n + c.guards[i]!.exclude.length, 0) <= BROAD
  return (conditions[0]?.guards ?? []).some(
    (_g, i) =>
      (broad(i) || !space.hasWayOut(i)) &&
      conditions.every((c) => c.anchors.some((a) => coveredBy(c, a, c.guards[i]!))),
  )
}

function partsOf(space: Space, s: State): WitnessPart[] | undefined {
  const points = space.pointsAt(s)
  return points?.map((point, i) => ({aspect: space.conditions[i]!.name, atoms: space.atomsOf(s.atoms[i]!), point}))
}

/** The complete search: depth first from the least sign-in, each state branching over the ways to mend its first breach. */
function search(space: Space, root: State, budget: Budget): WitnessSearch {
  const seen = new Set<string>()
  const stack: State[] = [root]
  let uncertain: WitnessPart[] | undefined
  while (stack.length > 0) {
    if (budget.left <= 0) return {k: 'cut', ...(uncertain ? {found: uncertain} : {})}
    const state = stack.pop()!
    // A state costs its atoms (its key, its least values) besides the checks it makes.
    budget.left -= 1 + state.atoms.reduce((n, a) => n + a.length, 0)
    const key = stateKey(state)
    if (seen.has(key)) continue
    seen.add(key)
    const points = space.pointsAt(state)
    if (!points) continue
    const next = space.breach(points)
    if (next === undefined) {
      const parts = partsOf(space, state)!
      if (points.every(isCertain)) return {k: 'found', parts, certain: true}
      uncertain ??= parts
      continue
    }
    // Ways out, pushed so that the first one is tried first: another least value, or one more atom.
    const ways: State[] = []
    for (const i of next.conditions) {
      const options = space.points(i, state.atoms[i]!)
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
