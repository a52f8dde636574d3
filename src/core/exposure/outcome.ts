/**
 * What each side asks of one sign-in (a witness): the enforced policies that apply to it, whether one
 * blocks, the grant formulas it must satisfy together, and the session controls that shape it.
 */
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import type {Requirement} from '../meaning/requirement.js'
import {contains, type ScopeSet} from '../meaning/scope-set.js'
import type {SessionLevel} from '../meaning/session.js'
import type {PolicySides} from './policy-sides.js'
import type {WitnessPart} from './witness.js'

export interface SideOutcome {
  /** The enforced policies that apply, by id. */
  policies: string[]
  blocked: boolean
  /** The grant formulas of the applying policies that ask something, with the policy that asks it. */
  grants: Array<{policy: string; requirement: Requirement}>
  /** Session controls the applying policies set, by control, with the policy. */
  session: Array<{policy: string; control: string; level: SessionLevel}>
}

/** Whether the meaning covers the witness (its dimensions' `holds` do not depend on the sets they were built for). */
export function covers(meaning: Meaning, parts: WitnessPart[], knowledge: Knowledge): boolean {
  return SCOPE_ASPECTS.every((a, i) => {
    const set = meaning.scope(a.name) as ScopeSet<unknown>
    return contains(a.dimension(knowledge, set), set, parts[i]!.point)
  })
}

function sideAt(
  pairs: PolicySides[],
  side: 'before' | 'after',
  parts: WitnessPart[],
  knowledge: Knowledge,
): SideOutcome {
  const out: SideOutcome = {policies: [], blocked: false, grants: [], session: []}
  for (const p of pairs) {
    const m = p[side]
    if (!m?.enforced || !covers(m, parts, knowledge)) continue
    out.policies.push(p.id)
    if (m.requirement.k === 'block') out.blocked = true
    else if (m.requirement.k === 'grant') out.grants.push({policy: p.id, requirement: m.requirement})
    for (const [control, level] of m.session) out.session.push({policy: p.id, control, level})
  }
  return out
}

export function atWitness(
  pairs: PolicySides[],
  parts: WitnessPart[],
  knowledge: Knowledge,
): {before: SideOutcome; after: SideOutcome; applying: {before: Set<string>; after: Set<string>}} {
  const before = sideAt(pairs, 'before', parts, knowledge)
  const after = sideAt(pairs, 'after', parts, knowledge)
  return {before, after, applying: {before: new Set(before.policies), after: new Set(after.policies)}}
}
