/**
 * What a sign-in in scope must satisfy: block (nothing does), nothing (a policy of session controls
 * only), or the grant formula: the operator over the built-in controls, the authentication
 * strength, terms of use and custom factors.
 *
 * Satisfying a built-in authentication strength implies the weaker ones and the `mfa` control
 * (phishing-resistant -> passwordless -> multifactor -> mfa; Microsoft: "Authentication strengths":
 * each built-in strength allows a subset of the combinations of the one before it, and every one is
 * multifactor). A custom strength whose allowed combinations are known (references: Graph expands
 * the strength inline on GET) and are all multifactor implies the Multifactor authentication
 * strength and `mfa`; one that allows a single-factor combination implies neither. A custom strength
 * whose combinations are not known cannot be ranked: a change that involves it is unknown, never a guess.
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

export type Strengths = ReadonlyMap<string, readonly string[]>

/** Methods that are multifactor on their own (Microsoft: "Authentication strengths", the combinations table). */
const MULTIFACTOR_ALONE = new Set([
  'windowsHelloForBusiness',
  'fido2',
  'x509CertificateMultiFactor',
  'deviceBasedPush',
  'temporaryAccessPassOneTime',
  'temporaryAccessPassMultiUse',
  'federatedMultiFactor',
])

/** A combination of two methods ("password,microsoftAuthenticatorPush"), or one that is multifactor alone. */
export function isMultifactor(combination: string): boolean {
  const methods = combination
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '')
  return methods.length > 1 || (methods.length === 1 && MULTIFACTOR_ALONE.has(methods[0]!))
}

/** The built-in strengths' combinations (Microsoft: "Authentication strengths"); Multifactor allows every multifactor one. */
const BUILT_IN_COMBINATIONS: Record<string, readonly string[] | 'every multifactor'> = {
  [BUILT_IN_STRENGTHS[0]!]: 'every multifactor',
  [BUILT_IN_STRENGTHS[1]!]: ['deviceBasedPush', 'fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'],
  [BUILT_IN_STRENGTHS[2]!]: ['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'],
}

function combinationsOf(id: string, strengths?: Strengths): readonly string[] | 'every multifactor' | undefined {
  return BUILT_IN_COMBINATIONS[id] ?? strengths?.get(id)
}

/** Meeting strength `a` (a sign-in with one of its combinations) always meets `b`: a's combinations are b's. */
function strengthImplies(a: string, b: string, strengths?: Strengths): boolean {
  if (a === b) return true
  const ca = combinationsOf(a, strengths)
  const cb = combinationsOf(b, strengths)
  if (ca === undefined || cb === undefined) return false
  if (cb === 'every multifactor') return ca !== 'every multifactor' ? ca.every(isMultifactor) : true
  if (ca === 'every multifactor') return false
  return ca.every((c) => cb.includes(c))
}

const NO_STRENGTHS: Strengths = new Map()
const CLOSURES = new WeakMap<Strengths, Map<string, string[]>>()

/** A control and everything that meeting it also meets (memoised per set of known strengths: a hot path of every diff). */
function closure(control: string, strengths: Strengths = NO_STRENGTHS): string[] {
  if (!control.startsWith('strength:')) return [control]
  let memo = CLOSURES.get(strengths)
  if (!memo) CLOSURES.set(strengths, (memo = new Map()))
  let found = memo.get(control)
  if (!found) memo.set(control, (found = closureOnce(control, strengths)))
  return found
}

function closureOnce(control: string, strengths: Strengths): string[] {
  const id = control.slice('strength:'.length)
  const known = [...BUILT_IN_STRENGTHS, ...strengths.keys()]
  const met = known.filter((other) => strengthImplies(id, other, strengths)).map((other) => `strength:${other}`)
  const all = [...new Set([control, ...met])]
  // Every strength that implies the Multifactor authentication strength also meets the `mfa` control.
  return all.includes(`strength:${BUILT_IN_STRENGTHS[0]}`) ? [...all, 'mfa'] : all
}

/** A custom strength on either side whose combinations are not known: the two cannot be ranked offline. */
export function unrankedStrength(before: Requirement, after: Requirement, strengths?: Strengths): boolean {
  // The common case, no strength on either side, allocates nothing.
  const hasStrength = (r: Requirement) => r.k === 'grant' && r.controls.some((c) => c.startsWith('strength:'))
  if (!hasStrength(before) && !hasStrength(after)) return false
  const custom = (r: Requirement) =>
    r.k === 'grant'
      ? r.controls.filter(
          (c) => c.startsWith('strength:') && !BUILT_IN_STRENGTHS.includes(c.slice(9)) && !strengths?.has(c.slice(9)),
        )
      : []
  const a = custom(before)
  const b = custom(after)
  // The same unranked strength on both sides, and nothing else about it changed, compares as itself.
  return a.length + b.length > 0 && (a.join('|') !== b.join('|') || JSON.stringify(before) !== JSON.stringify(after))
}

function satisfies(req: Requirement, met: Set<string>): boolean {
  if (req.k === 'block') return false
  if (req.k === 'none') return true
  return req.operator === 'AND' ? req.controls.every((c) => met.has(c)) : req.controls.some((c) => met.has(c))
}

/** The least sets of met controls that satisfy the requirement: every other satisfying set contains one. */
function leastSatisfying(req: Requirement, strengths?: Strengths): Array<Set<string>> {
  if (req.k === 'block') return []
  if (req.k === 'none') return [new Set()]
  if (req.operator === 'AND') return [new Set(req.controls.flatMap((c) => closure(c, strengths)))]
  return req.controls.map((c) => new Set(closure(c, strengths)))
}

/** Whether some sign-in passes `after` and fails `before` (so `after` asks less of it). */
export function asksLess(before: Requirement, after: Requirement, strengths?: Strengths): boolean {
  // Satisfaction only grows with more met controls, so a least satisfying set of `after` that
  // fails `before` exists whenever any satisfying set that fails `before` does.
  return leastSatisfying(after, strengths).some((met) => !satisfies(before, met))
}

/** Whether some sign-in fails it (block, or any control): a policy that refuses nothing only shapes sessions. */
export function refusesSome(req: Requirement): boolean {
  return req.k !== 'none'
}

export function requirementOfPolicy(policy: JsonObject | undefined): Requirement {
  return requirementOf(policy?.['grantControls'])
}
