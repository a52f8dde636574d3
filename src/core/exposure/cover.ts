/**
 * Which guards cover an anchor, for naming what compensates a weakening: a broad guard covers it
 * alone when, in every condition, some anchor's set has no value outside the guard's (the pairwise search
 * of scope-set.ts); failing that, the guards that share some sign-in with it cover it together.
 */
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import {onlyIn, overlap, type ScopeSet} from '../meaning/scope-set.js'
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

export function overlapsAll(anchors: Meaning[], guard: Meaning, knowledge: Knowledge): boolean {
  return SCOPE_ASPECTS.every((a) =>
    anchors.every((m) => {
      const dim = a.dimension(knowledge, setOf(m, a.name), setOf(guard, a.name))
      return overlap(dim, setOf(m, a.name), setOf(guard, a.name)) !== 'no'
    }),
  )
}

/** The guards that cover the anchors: those that do alone, else every one that overlaps them. */
export function coveringGuards<G extends {meaning: Meaning}>(
  anchors: Meaning[],
  guards: G[],
  knowledge: Knowledge,
): G[] {
  // Only a broad guard is asked whether it covers alone (witness.ts BROAD): the check costs its exclusions.
  const exclusions = (m: Meaning) => SCOPE_ASPECTS.reduce((n, a) => n + setOf(m, a.name).exclude.length, 0)
  const alone = guards.filter((g) => exclusions(g.meaning) <= BROAD && coversAlone(anchors, g.meaning, knowledge))
  return alone.length > 0 ? alone : guards.filter((g) => overlapsAll(anchors, g.meaning, knowledge))
}
