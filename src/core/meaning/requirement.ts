/**
 * What a sign-in in scope must satisfy: block (nothing does), nothing (a policy of session controls
 * only), or the grant formula: the operator over the built-in controls, the authentication
 * strength, terms of use and custom factors.
 *
 * Satisfying a built-in authentication strength implies the weaker ones and the `mfa` control
 * (phishing-resistant -> passwordless -> multifactor -> mfa; Microsoft: "Authentication strengths":
 * each built-in strength allows a subset of the combinations of the one before it, and every one is
 * multifactor). Custom strengths are not ranked offline: each satisfies only itself.
 */
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

export type Requirement = {k: 'block'} | {k: 'none'} | {k: 'grant'; operator: 'AND' | 'OR'; controls: string[]}

export const BUILT_IN_STRENGTHS = [
  '00000000-0000-0000-0000-000000000002', // Multifactor authentication
  '00000000-0000-0000-0000-000000000003', // Passwordless MFA
  '00000000-0000-0000-0000-000000000004', // Phishing-resistant MFA
]

/** Control keys: `mfa`, `compliantDevice`, ..., `strength:<id>`, `termsOfUse:<id>`, `customFactor:<id>`. */
export function requirementOf(grant: JsonValue | undefined): Requirement {
  if (!isJsonObject(grant)) return {k: 'none'}
  const builtIn = stringsOf(grant['builtInControls'])
  if (builtIn.includes('block')) return {k: 'block'}
  const controls = [...builtIn]
  const strength = grant['authenticationStrength']
  if (isJsonObject(strength) && typeof strength['id'] === 'string') controls.push(`strength:${strength['id']}`)
  for (const id of stringsOf(grant['termsOfUse'])) controls.push(`termsOfUse:${id}`)
  for (const id of stringsOf(grant['customAuthenticationFactors'])) controls.push(`customFactor:${id}`)
  if (controls.length === 0) return {k: 'none'}
  return {k: 'grant', operator: grant['operator'] === 'AND' ? 'AND' : 'OR', controls: [...new Set(controls)]}
}

/** A control and everything that meeting it also meets. */
function closure(control: string): string[] {
  const rank = BUILT_IN_STRENGTHS.indexOf(control.replace(/^strength:/, ''))
  if (!control.startsWith('strength:') || rank < 0) return [control]
  return [...BUILT_IN_STRENGTHS.slice(0, rank + 1).map((id) => `strength:${id}`), 'mfa']
}

function satisfies(req: Requirement, met: Set<string>): boolean {
  if (req.k === 'block') return false
  if (req.k === 'none') return true
  return req.operator === 'AND' ? req.controls.every((c) => met.has(c)) : req.controls.some((c) => met.has(c))
}

/** The least sets of met controls that satisfy the requirement: every other satisfying set contains one. */
function leastSatisfying(req: Requirement): Array<Set<string>> {
  if (req.k === 'block') return []
  if (req.k === 'none') return [new Set()]
  if (req.operator === 'AND') return [new Set(req.controls.flatMap(closure))]
  return req.controls.map((c) => new Set(closure(c)))
}

/** Whether some sign-in passes `after` and fails `before` (so `after` asks less of it). */
export function asksLess(before: Requirement, after: Requirement): boolean {
  // Satisfaction only grows with more met controls, so a least satisfying set of `after` that
  // fails `before` exists whenever any satisfying set that fails `before` does.
  return leastSatisfying(after).some((met) => !satisfies(before, met))
}

/** Whether some sign-in fails it (block, or any control): a policy that refuses nothing only shapes sessions. */
export function refusesSome(req: Requirement): boolean {
  return req.k !== 'none'
}

export function requirementOfPolicy(policy: JsonObject | undefined): Requirement {
  return requirementOf(policy?.['grantControls'])
}
