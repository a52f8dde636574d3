/**
 * What each side asks of one sign-in (a witness): the enforced policies that apply to it, whether one
 * blocks, the grant formulas it must satisfy together, and the session controls that shape it.
 */
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import type {Requirement} from '../meaning/requirement.js'
import {contains, type Dimension, type ScopeSet} from '../meaning/scope-set.js'
import {pointKey} from './point-key.js'
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

/** Per enforced policy meaning of either side (enforcedMeanings), whether each condition (SCOPE_ASPECTS order) holds at the witness. */
export interface ConditionsAt {
  meanings: Meaning[]
  holds: boolean[][]
}

/** The enforced meanings of both sides, each once (an unchanged policy is one meaning on both). */
export function enforcedMeanings(pairs: PolicySides[]): Meaning[] {
  return [...new Set(pairs.flatMap((p) => [p.before, p.after]))].filter(
    (m): m is Meaning => m !== undefined && m.enforced,
  )
}

/**
 * Whether each condition of the run's policies holds at a witness, for witness after witness: a
 * condition's column (every policy's set asked about one value) depends only on that value, and most
 * conditions of the run's witnesses take the same few values, so each column is computed once per
 * value (by content). A dimension's `holds` reads only the atom and the value, not the sets it was
 * built for, so one dimension per condition serves every policy.
 */
export class WitnessConditions {
  private readonly dims: Array<Dimension<unknown, unknown>>
  private readonly columns = SCOPE_ASPECTS.map(() => new Map<string, boolean[]>())

  constructor(
    private readonly meanings: Meaning[],
    knowledge: Knowledge,
  ) {
    this.dims = SCOPE_ASPECTS.map((a) => a.dimension(knowledge))
  }

  at(parts: WitnessPart[]): ConditionsAt {
    const columns = SCOPE_ASPECTS.map((_a, i) => this.column(i, parts[i]!.point))
    return {meanings: this.meanings, holds: this.meanings.map((_m, k) => columns.map((c) => c[k]!))}
  }

  /** Whether each of the run's policies' sets contains the value in condition i (SCOPE_ASPECTS order). */
  column(i: number, point: unknown): boolean[] {
    const key = pointKey(point)
    let column = this.columns[i]!.get(key)
    if (!column) {
      const name = SCOPE_ASPECTS[i]!.name
      column = this.meanings.map((m) => contains(this.dims[i]!, m.scope(name) as ScopeSet<unknown>, point))
      this.columns[i]!.set(key, column)
    }
    return column
  }
}

function sideAt(pairs: PolicySides[], side: 'before' | 'after', applies: (m: Meaning) => boolean): SideOutcome {
  const out: SideOutcome = {policies: [], blocked: false, grants: [], session: []}
  for (const p of pairs) {
    const m = p[side]
    if (!m?.enforced || !applies(m)) continue
    out.policies.push(p.id)
    if (m.requirement.k === 'block') out.blocked = true
    else if (m.requirement.k === 'grant') out.grants.push({policy: p.id, requirement: m.requirement})
    for (const [control, level] of m.session) out.session.push({policy: p.id, control, level})
  }
  return out
}

export function atWitness(
  pairs: PolicySides[],
  conditions: ConditionsAt,
): {before: SideOutcome; after: SideOutcome; applying: {before: Set<string>; after: Set<string>}} {
  const applying = new Set(conditions.meanings.filter((_m, k) => conditions.holds[k]!.every(Boolean)))
  const applies = (m: Meaning) => applying.has(m)
  const before = sideAt(pairs, 'before', applies)
  const after = sideAt(pairs, 'after', applies)
  return {before, after, applying: {before: new Set(before.policies), after: new Set(after.policies)}}
}
