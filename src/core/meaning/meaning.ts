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
import {stableJson} from '../canonical/members.js'
import type {JsonObject} from '../model.js'
import {SCOPE_ASPECTS, type Knowledge} from './aspects.js'
import {refusesSome, asksLess, requirementOfPolicy, type Requirement} from './requirement.js'
import {existence, nonEmpty, onlyIn, overlap, type ScopeSet} from './scope-set.js'
import {compareLevels, DEFAULT_LEVEL, levelOf, sessionOf, type LevelOrder, type Session} from './session.js'
import {and, not, or, tri, type Tri} from './tri.js'

export interface Meaning {
  enforced: boolean
  /** One scope set per SCOPE_ASPECTS entry, by name. */
  scope: Record<string, ScopeSet<unknown>>
  requirement: Requirement
  session: Session
}

export interface Verdict {
  weakens: Tri
  strengthens: Tri
}

export const NO_EFFECT: Verdict = {weakens: 'no', strengthens: 'no'}

/** A policy that is not there: enforces nothing. */
export const ABSENT: Meaning = {enforced: false, scope: {}, requirement: {k: 'none'}, session: new Map()}

export function meaningOf(policy: JsonObject): Meaning {
  const scope: Record<string, ScopeSet<unknown>> = {}
  for (const aspect of SCOPE_ASPECTS) scope[aspect.name] = aspect.set(policy)
  return {
    enforced: policy['state'] === 'enabled',
    scope,
    requirement: requirementOfPolicy(policy),
    session: sessionOf(policy),
  }
}

/** How one condition's sets compare, with the witnesses (least values only in one of them). */
export interface AspectComparison {
  onlyBefore: unknown[]
  onlyAfter: unknown[]
  overlap: Tri
  beforeNonEmpty: Tri
  afterNonEmpty: Tri
}

export function compareAspect(
  name: string,
  before: ScopeSet<unknown>,
  after: ScopeSet<unknown>,
  knowledge: Knowledge,
): AspectComparison {
  const aspect = SCOPE_ASPECTS.find((a) => a.name === name)
  if (!aspect) throw new Error(`unknown aspect ${name}`)
  const dim = aspect.dimension(knowledge, before, after)
  if (stableJson(before as never) === stableJson(after as never)) {
    const any = nonEmpty(dim, before)
    return {onlyBefore: [], onlyAfter: [], overlap: any, beforeNonEmpty: any, afterNonEmpty: any}
  }
  return {
    onlyBefore: onlyIn(dim, before, after),
    onlyAfter: onlyIn(dim, after, before),
    overlap: overlap(dim, before, after),
    beforeNonEmpty: nonEmpty(dim, before),
    afterNonEmpty: nonEmpty(dim, after),
  }
}

/** The regions of sign-ins two meanings cover: both enforce it, only the old one, only the new one. */
interface Regions {
  both: Tri
  onlyBefore: Tri
  onlyAfter: Tri
}

function regions(before: Meaning, after: Meaning, knowledge: Knowledge): Regions {
  const e1 = tri(before.enforced)
  const e2 = tri(after.enforced)
  // Only enforced policies need their scope compared; an absent meaning has no scope.
  if (!before.enforced && !after.enforced) return {both: 'no', onlyBefore: 'no', onlyAfter: 'no'}
  const comparisons = SCOPE_ASPECTS.map((a) => {
    const b = before.scope[a.name] ?? after.scope[a.name]
    const l = after.scope[a.name] ?? before.scope[a.name]
    return compareAspect(a.name, b, l, knowledge)
  })
  const s1 = and(...comparisons.map((c) => c.beforeNonEmpty))
  const s2 = and(...comparisons.map((c) => c.afterNonEmpty))
  const s1NotInS2 = and(s1, or(...comparisons.map((c) => existence(c.onlyBefore))))
  const s2NotInS1 = and(s2, or(...comparisons.map((c) => existence(c.onlyAfter))))
  return {
    both: and(e1, e2, ...comparisons.map((c) => c.overlap)),
    onlyBefore: and(e1, s1, or(not(e2), s1NotInS2)),
    onlyAfter: and(e2, s2, or(not(e1), s2NotInS1)),
  }
}

function fromOrder(order: LevelOrder, wanted: 'looser' | 'stricter'): Tri {
  return order === wanted ? 'yes' : order === 'unknown' ? 'maybe' : 'no'
}

/** Whether the change from `before` to `after` weakens and whether it strengthens. */
export function compareMeanings(before: Meaning, after: Meaning, knowledge: Knowledge): Verdict {
  const r = regions(before, after, knowledge)
  const weakens: Tri[] = [
    and(r.onlyBefore, tri(refusesSome(before.requirement))),
    and(r.both, tri(asksLess(before.requirement, after.requirement))),
  ]
  const strengthens: Tri[] = [
    and(r.onlyAfter, tri(refusesSome(after.requirement))),
    and(r.both, tri(asksLess(after.requirement, before.requirement))),
  ]
  const keys = new Set([...before.session.keys(), ...after.session.keys()])
  for (const key of keys) {
    const l1 = levelOf(before.session, key)
    const l2 = levelOf(after.session, key)
    const pairs: Array<[Tri, LevelOrder]> = [
      [r.both, compareLevels(l1, l2)],
      // A sign-in the policy no longer covers falls back to the default, and the reverse.
      [r.onlyBefore, compareLevels(l1, DEFAULT_LEVEL)],
      [r.onlyAfter, compareLevels(DEFAULT_LEVEL, l2)],
    ]
    for (const [region, order] of pairs) {
      weakens.push(and(region, fromOrder(order, 'looser')))
      strengthens.push(and(region, fromOrder(order, 'stricter')))
    }
  }
  return {weakens: or(...weakens), strengthens: or(...strengthens)}
}
