/**
 * The meaning of a policy: which sign-ins it covers (scope), what they must satisfy (requirement)
 * and how their sessions are shaped (session), and whether it is enforced at all. Two meanings are
 * compared by what they do to sign-ins, never by which field moved:
 *
 * - weakens: some sign-in that the old policy covered and refused (or shaped more strictly) is now
 *   let through, shaped more loosely or no longer covered;
 * - strengthens: the same in the other direction. Both can hold at once.
 *
 * Policies are judged one at a time, as Entra would apply this one policy; report-only and disabled
 * policies change no outcome (ca-semantics.md).
 */
import type {JsonObject} from '../model.js'
import {
  SCOPE_ASPECTS,
  scopeAspect,
  scopeSetOf,
  type Knowledge,
  type ScopeAspect,
  type ScopeComparison,
} from './aspects.js'
import {refusesSome, asksLess, requirementOfPolicy, unrankedStrength, type Requirement} from './requirement.js'
import {existence, nonEmpty, onlyIn, overlap, type Dimension, type ScopeSet} from './scope-set.js'
import {compareLevels, DEFAULT_LEVEL, levelOf, sessionOf, type LevelOrder, type Session} from './session.js'
import {and, not, or, tri, type Tri} from './tri.js'

export interface Meaning {
  enforced: boolean
  /** The scope set of a SCOPE_ASPECTS entry, by name; built when first asked for (undefined: no policy). */
  scope(aspect: string): ScopeSet<unknown> | undefined
  requirement: Requirement
  session: Session
}

export interface Verdict {
  weakens: Tri
  strengthens: Tri
}

export const NO_EFFECT: Verdict = {weakens: 'no', strengthens: 'no'}

/** The meaning with one aspect's scope set taken from another. */
export function withScope(m: Meaning, aspect: string, set: ScopeSet<unknown> | undefined): Meaning {
  return {...m, scope: (name) => (name === aspect ? set : m.scope(name))}
}

/** A policy that is not there: enforces nothing. */
export const ABSENT: Meaning = {enforced: false, scope: () => undefined, requirement: {k: 'none'}, session: new Map()}

export function meaningOf(policy: JsonObject): Meaning {
  const built = new Map<string, ScopeSet<unknown>>()
  return {
    enforced: policy['state'] === 'enabled',
    scope(name) {
      let set = built.get(name)
      if (set === undefined) {
        const aspect = scopeAspect(name)
        if (aspect === undefined) return undefined
        set = scopeSetOf(aspect, policy)
        built.set(name, set)
      }
      return set
    },
    requirement: requirementOfPolicy(policy),
    session: sessionOf(policy),
  }
}

export type AspectComparison = ScopeComparison

/**
 * Comparisons are memoised per pair of scope sets (by identity): judging a policy compares the same
 * two meanings with one aspect swapped at a time, so most comparisons repeat.
 */
export function compareAspect(
  name: string,
  before: ScopeSet<unknown>,
  after: ScopeSet<unknown>,
  knowledge: Knowledge,
): AspectComparison {
  const memo = knowledge.memo?.get(before)?.get(after)
  if (memo) return memo
  const result = compareAspectOnce(name, before, after, knowledge)
  if (knowledge.memo) {
    const inner = knowledge.memo.get(before) ?? new Map<object, AspectComparison>()
    inner.set(after, result)
    knowledge.memo.set(before, inner)
  }
  return result
}

function compareAspectOnce(
  name: string,
  before: ScopeSet<unknown>,
  after: ScopeSet<unknown>,
  knowledge: Knowledge,
): AspectComparison {
  const aspect = scopeAspect(name)
  if (!aspect) throw new Error(`unknown aspect ${name}`)
  const dim = aspect.dimension(knowledge, before, after)
  // The same object on both sides (an aspect no change touched): only whether it is empty matters.
  if (before === after) {
    const any = scopeNonEmpty(aspect, before, knowledge, () => dim)
    return {dimension: dim, onlyBefore: [], onlyAfter: [], overlap: any, beforeNonEmpty: any, afterNonEmpty: any}
  }
  const onlyBefore = onlyIn(dim, before, after)
  const onlyAfter = onlyIn(dim, after, before)
  const both = overlap(dim, before, after)
  // A value in both, or one found only in one of them, already shows that set is not empty.
  // Whether one set is empty depends on its own filter rules only: asked in a dimension of that set
  // alone, an unproven relation to the other set's rule does not make the answer uncertain.
  const beforeNonEmpty =
    both === 'yes' || existence(onlyBefore) === 'yes' ? 'yes' : scopeNonEmpty(aspect, before, knowledge)
  const afterNonEmpty =
    both === 'yes' || existence(onlyAfter) === 'yes' ? 'yes' : scopeNonEmpty(aspect, after, knowledge)
  return {dimension: dim, onlyBefore, onlyAfter, overlap: both, beforeNonEmpty, afterNonEmpty}
}

/**
 * Whether a scope set has a sign-in, asked in a dimension of that set alone (`dim` when the caller
 * has one over the same values): answered once per set in a run (knowledge.nonEmpty).
 */
export function scopeNonEmpty(
  aspect: ScopeAspect,
  set: ScopeSet<unknown>,
  knowledge: Knowledge,
  dim: () => Dimension<unknown, unknown> = () => aspect.dimension(knowledge, set),
): Tri {
  let any = knowledge.nonEmpty?.get(set)
  if (any === undefined) {
    any = nonEmpty(dim(), set)
    knowledge.nonEmpty?.set(set, any)
  }
  return any
}

/** The regions of sign-ins two meanings cover: both enforce it, only the old one, only the new one. */
interface Regions {
  both: Tri
  onlyBefore: Tri
  onlyAfter: Tri
}

function regions(before: Meaning, after: Meaning, knowledge: Knowledge): Regions {
  // Only enforced policies need their scope compared; an absent meaning has no scope.
  if (!before.enforced && !after.enforced) return {both: 'no', onlyBefore: 'no', onlyAfter: 'no'}
  let s1: Tri = 'yes'
  let s2: Tri = 'yes'
  let inter: Tri = 'yes'
  let leaves: Tri = 'no' // some aspect has values only the old scope covers
  let enters: Tri = 'no'
  for (const a of SCOPE_ASPECTS) {
    const b = before.scope(a.name) ?? after.scope(a.name)
    const l = after.scope(a.name) ?? before.scope(a.name)
    const c = compareAspect(a.name, b as ScopeSet<unknown>, l as ScopeSet<unknown>, knowledge)
    s1 = and(s1, c.beforeNonEmpty)
    s2 = and(s2, c.afterNonEmpty)
    inter = and(inter, c.overlap)
    if (c.onlyBefore.length > 0) leaves = or(leaves, existence(c.onlyBefore))
    if (c.onlyAfter.length > 0) enters = or(enters, existence(c.onlyAfter))
  }
  const e1 = tri(before.enforced)
  const e2 = tri(after.enforced)
  return {
    both: and(e1, e2, inter),
    onlyBefore: and(e1, s1, or(not(e2), and(s1, leaves))),
    onlyAfter: and(e2, s2, or(not(e1), and(s2, enters))),
  }
}

function fromOrder(order: LevelOrder, wanted: 'looser' | 'stricter'): Tri {
  return order === wanted ? 'yes' : order === 'unknown' ? 'maybe' : 'no'
}

/** Whether the change from `before` to `after` weakens and whether it strengthens. */
export function compareMeanings(before: Meaning, after: Meaning, knowledge: Knowledge): Verdict {
  const r = regions(before, after, knowledge)
  // A custom strength whose combinations are not known cannot be ranked against what replaced it.
  const unranked = unrankedStrength(before.requirement, after.requirement, knowledge.strengths)
  const less = (a: Requirement, b: Requirement): Tri => (unranked ? 'maybe' : tri(asksLess(a, b, knowledge.strengths)))
  const weakens: Tri[] = [
    and(r.onlyBefore, tri(refusesSome(before.requirement))),
    and(r.both, less(before.requirement, after.requirement)),
  ]
  const strengthens: Tri[] = [
    and(r.onlyAfter, tri(refusesSome(after.requirement))),
    and(r.both, less(after.requirement, before.requirement)),
  ]
  const keys = new Set([...before.session.keys(), ...after.session.keys()])
  // A blocked sign-in has no session to shape: a session control counts only where the sign-in gets through.
  const blockedBefore = before.requirement.k === 'block'
  const blockedAfter = after.requirement.k === 'block'
  for (const key of keys) {
    const l1 = levelOf(before.session, key)
    const l2 = levelOf(after.session, key)
    const pairs: Array<[Tri, LevelOrder]> = [
      [blockedBefore || blockedAfter ? 'no' : r.both, compareLevels(l1, l2)],
      // A sign-in the policy no longer covers falls back to the default, and the reverse.
      [blockedBefore ? 'no' : r.onlyBefore, compareLevels(l1, DEFAULT_LEVEL)],
      [blockedAfter ? 'no' : r.onlyAfter, compareLevels(DEFAULT_LEVEL, l2)],
    ]
    for (const [region, order] of pairs) {
      weakens.push(and(region, fromOrder(order, 'looser')))
      strengthens.push(and(region, fromOrder(order, 'stricter')))
    }
  }
  return {weakens: or(...weakens), strengthens: or(...strengthens)}
}
