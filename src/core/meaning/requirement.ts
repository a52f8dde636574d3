/**
 * What a sign-in in scope must satisfy: block (nothing does), nothing (a policy of session controls
 * only), or the grant formula: the operator over the built-in controls, the authentication
 * strength, terms of use and custom factors.
 *
 * A strength is met through one of its method combinations (Microsoft: "Authentication strengths":
 * the built-in ones' combinations; a custom one's are its allowedCombinations, which Graph expands
 * inline on GET and references keep). So requirements are compared per combination: a sign-in that
 * performed one meets every strength that allows it, and `mfa` when it is multifactor; the built-in
 * Multifactor strength allows every multifactor combination, and `mfa` can be met in ways no
 * strength lists. Phishing-resistant -> passwordless -> multifactor -> mfa follows from that, and so
 * does how a custom strength ranks. A custom strength whose combinations are not known cannot be
 * ranked: a change that involves it is unknown, never a guess. test/unit/strength-reference.test.ts
 * checks it against a brute force over the combinations a sign-in performed.
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

/** Whether a sign-in that performed `combination` meets the strength (undefined: its combinations are not known). */
function allows(id: string, combination: string, strengths?: Strengths): boolean | undefined {
  const combos = combinationsOf(id, strengths)
  if (combos === undefined) return undefined
  return combos === 'every multifactor' ? isMultifactor(combination) : combos.includes(combination)
}

/** Stands for any multifactor combination no known strength lists: it meets the Multifactor strength and `mfa` only. */
const ANY_OTHER_MULTIFACTOR = '(any other multifactor combination)'

const NO_STRENGTHS: Strengths = new Map()
const OPTIONS = new WeakMap<Strengths, Map<string, string[][]>>()

/**
 * The least sets of controls a sign-in meets when it meets `control`: one per way of meeting it. A
 * strength is met through one of its combinations, and a combination meets every strength that
 * allows it (and `mfa` when it is multifactor), so "mfa OR sms-only" and "fido2 OR sms" ask the same
 * of every sign-in. The Multifactor strength allows every multifactor combination: the ones known
 * strengths list, and any other. Memoised per set of known strengths (a hot path of every diff).
 */
export function optionsOf(control: string, strengths: Strengths = NO_STRENGTHS): string[][] {
  if (!control.startsWith('strength:')) return [[control]]
  let memo = OPTIONS.get(strengths)
  if (!memo) OPTIONS.set(strengths, (memo = new Map()))
  let found = memo.get(control)
  if (!found) memo.set(control, (found = optionsOnce(control.slice('strength:'.length), strengths)))
  return found
}

function optionsOnce(id: string, strengths: Strengths): string[][] {
  const own = combinationsOf(id, strengths)
  // Not known (unranked: judged unknown elsewhere): the strength stands for itself.
  if (own === undefined) return [[`strength:${id}`]]
  const known = [...BUILT_IN_STRENGTHS, ...strengths.keys()]
  // Every combination a known strength lists ('every multifactor' lists none of its own).
  const listed = new Set<string>()
  for (const k of known) {
    const combos = combinationsOf(k, strengths)
    if (Array.isArray(combos)) for (const c of combos) listed.add(c)
  }
  const ways = own === 'every multifactor' ? [...[...listed].filter(isMultifactor), ANY_OTHER_MULTIFACTOR] : own
  return ways.map((combination) => {
    const met =
      combination === ANY_OTHER_MULTIFACTOR
        ? [`strength:${BUILT_IN_STRENGTHS[0]}`]
        : known.filter((k) => allows(k, combination, strengths) === true).map((k) => `strength:${k}`)
    return combination === ANY_OTHER_MULTIFACTOR || isMultifactor(combination) ? [...met, 'mfa'] : met
  })
}

/**
 * The words for a control that names an object (`strength:<id>`, `termsOfUse:<id>`, `customFactor:<id>`),
 * the id said by `named` (each report names objects its own way); undefined for a built-in control.
 */
export function namedControlWords(control: string, named: (id: string) => string): string | undefined {
  if (control.startsWith('strength:')) return `authentication strength ${named(control.slice('strength:'.length))}`
  if (control.startsWith('termsOfUse:')) return `terms of use ${named(control.slice('termsOfUse:'.length))}`
  if (control.startsWith('customFactor:')) return `custom control ${control.slice('customFactor:'.length)}`
  return undefined
}

/** A control `strength:<id>` of a custom strength whose combinations are not known. */
export function isUnknownStrength(control: string, strengths?: Strengths): boolean {
  if (!control.startsWith('strength:')) return false
  const id = control.slice('strength:'.length)
  return !BUILT_IN_STRENGTHS.includes(id) && !strengths?.has(id)
}

/** A custom strength on either side whose combinations are not known: the two cannot be ranked offline. */
export function unrankedStrength(before: Requirement, after: Requirement, strengths?: Strengths): boolean {
  // The common case, no strength on either side, allocates nothing.
  const hasStrength = (r: Requirement) => r.k === 'grant' && r.controls.some((c) => c.startsWith('strength:'))
  if (!hasStrength(before) && !hasStrength(after)) return false
  const custom = (r: Requirement) => (r.k === 'grant' ? r.controls.filter((c) => isUnknownStrength(c, strengths)) : [])
  const a = custom(before)
  const b = custom(after)
  // The same unranked strength on both sides, and nothing else about it changed, compares as itself.
  return a.length + b.length > 0 && (a.join('|') !== b.join('|') || JSON.stringify(before) !== JSON.stringify(after))
}

export function satisfies(req: Requirement, met: Set<string>): boolean {
  if (req.k === 'block') return false
  if (req.k === 'none') return true
  return req.operator === 'AND' ? req.controls.every((c) => met.has(c)) : req.controls.some((c) => met.has(c))
}

/** The least sets of met controls that satisfy the requirement: every other satisfying set contains one. */
function leastSatisfying(req: Requirement, strengths?: Strengths): Array<Set<string>> {
  if (req.k === 'block') return []
  if (req.k === 'none') return [new Set()]
  if (req.operator === 'OR') return req.controls.flatMap((c) => optionsOf(c, strengths)).map((o) => new Set(o))
  // AND: one way of meeting each control, together (a policy has one strength, so this stays small).
  let sets: string[][] = [[]]
  for (const c of req.controls) {
    const options = optionsOf(c, strengths)
    sets =
      options.length === 1
        ? sets.map((s) => [...s, ...options[0]!])
        : sets.flatMap((s) => options.map((o) => [...s, ...o]))
  }
  return sets.map((s) => new Set(s))
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
