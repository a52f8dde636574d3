/**
 * Which guards cover an anchor, for naming what compensates a weakening: a broad guard covers it
 * alone when, in every condition, some anchor's set has no value outside the guard's (the pairwise search
 * of scope-set.ts); failing that, the guards that share some sign-in with it cover it together.
 */
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import {scopeNonEmpty, type Meaning} from '../meaning/meaning.js'
import {onlyIn, overlap, type ScopeSet} from '../meaning/scope-set.js'
import type {AtomNumbers} from './atom-numbers.js'
import {BROAD} from './witness.js'

const setOf = (m: Meaning, aspect: string) => m.scope(aspect) as ScopeSet<unknown>

export function coversAlone(anchors: Meaning[], guard: Meaning, knowledge: Knowledge): boolean {
  return SCOPE_ASPECTS.every((a) =>
    anchors.some((m) => {
      const dim = a.dimension(knowledge, setOf(m, a.name), setOf(guard, a.name))
      return onlyIn(dim, setOf(m, a.name), setOf(guard, a.name)).length === 0
    }),
  )
}

/**
 * Whether the guard shares some sign-in with the anchors in every condition. With the run's atom
 * numbers, a condition where the guard's set says the same as the anchor's (most of them: all apps,
 * any platform) shares a sign-in exactly when that set has one (asked once per set, scopeNonEmpty).
 */
export function overlapsAll(anchors: Meaning[], guard: Meaning, knowledge: Knowledge, atoms?: AtomNumbers): boolean {
  return SCOPE_ASPECTS.every((a) =>
    anchors.every((m) => {
      const x = setOf(m, a.name)
      const y = setOf(guard, a.name)
      if (atoms && sameAtoms(atoms, x, y)) return scopeNonEmpty(a, x, knowledge) !== 'no'
      return overlap(a.dimension(knowledge, x, y), x, y) !== 'no'
    }),
  )
}

function sameAtoms(atoms: AtomNumbers, x: ScopeSet<unknown>, y: ScopeSet<unknown>): boolean {
  if (x === y) return true
  const a = atoms.of(x)
  const b = atoms.of(y)
  const equal = (p: number[], q: number[]) => p.length === q.length && p.every((n, i) => n === q[i])
  return equal(a.include, b.include) && equal(a.exclude, b.exclude)
}

/** The guards that cover the anchors: those that do alone, else every one that overlaps them. */
export function coveringGuards<G extends {meaning: Meaning}>(
  anchors: Meaning[],
  guards: G[],
  knowledge: Knowledge,
  atoms?: AtomNumbers,
): G[] {
  // Only a broad guard is asked whether it covers alone (witness.ts BROAD): the check costs its exclusions.
  const exclusions = (m: Meaning) => SCOPE_ASPECTS.reduce((n, a) => n + setOf(m, a.name).exclude.length, 0)
  const alone = guards.filter((g) => exclusions(g.meaning) <= BROAD && coversAlone(anchors, g.meaning, knowledge))
  if (alone.length > 0) return alone
  // Whether a set has a sign-in is kept for the run when the knowledge keeps it, else for this call.
  const remembering = knowledge.nonEmpty ? knowledge : {...knowledge, nonEmpty: new WeakMap()}
  return guards.filter((g) => overlapsAll(anchors, g.meaning, remembering, atoms))
}
