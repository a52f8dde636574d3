/**
 * Filter rules ({mode, rule}) inside a condition. A rule is opaque offline: the engine does not know
 * which agents, apps or devices it matches, only what `compareRules` can prove about two rules
 * (the same text, or one provably wider). So a value of a condition carries, for each rule that
 * either policy mentions, whether it matches; every combination the proofs allow is tried, and a
 * combination that depends on two rules whose relation is unproven is marked uncertain, which turns
 * a would-be "yes" into "maybe" (never into "no").
 *
 * An include-mode filter is "not matched -> out of scope", an exclude-mode filter "matched -> out of
 * scope": both are exclusion atoms, so the rest of the scope logic does not need to know filters.
 */
import {compareRules} from '../ca/rule-order.js'
import {isJsonObject} from '../json.js'
import type {JsonValue} from '../model.js'

export interface FilterAtom {
  k: 'filter'
  rule: string
  /** The atom holds (the value is out of scope) when the rule's match equals this. */
  whenMatched: boolean
}

/** The exclusion atom of a canonical filter object; undefined when it has no rule. */
export function filterAtom(value: JsonValue | undefined): FilterAtom | undefined {
  if (!isJsonObject(value) || typeof value['rule'] !== 'string') return undefined
  return {k: 'filter', rule: value['rule'], whenMatched: value['mode'] === 'exclude'}
}

export interface FilterAssignment {
  matches: Map<string, boolean>
  certain: boolean
}

export function filterHolds(atom: FilterAtom, matches: Map<string, boolean> | undefined): boolean {
  return (matches?.get(atom.rule) ?? false) === atom.whenMatched
}

/** Every way the given rules can match one value, as far as the rules' proven relations allow. */
export function filterAssignments(rules: string[]): FilterAssignment[] {
  const distinct = [...new Set(rules)]
  if (distinct.length === 0) return [{matches: new Map(), certain: true}]
  // More than a few distinct rules on one condition does not happen in real policies; cap the search.
  if (distinct.length > 4) return [{matches: new Map(distinct.map((r) => [r, true])), certain: false}]
  const subset: Array<[number, number]> = [] // [i, j]: rule i matches only where rule j does
  let unproven = false
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      const order = compareRules(distinct[i], distinct[j])
      if (order === 'wider') subset.push([i, j])
      else if (order === 'narrower') subset.push([j, i])
      else unproven = true
    }
  }
  const out: FilterAssignment[] = []
  for (let bits = 0; bits < 1 << distinct.length; bits++) {
    const on = (i: number) => (bits & (1 << i)) !== 0
    if (subset.some(([i, j]) => on(i) && !on(j))) continue
    out.push({matches: new Map(distinct.map((r, i) => [r, on(i)])), certain: !unproven})
  }
  return out
}
