/**
 * What-If offline: which policies apply to one described sign-in, which do not and why, and what
 * the sign-in must satisfy, from the same meaning model the diff judges with (one scope set per
 * condition, the same `holds`), so an answer here and a verdict there cannot disagree about what a
 * policy covers. The shape follows Microsoft's What-If API (conditionalAccess/evaluate): each policy
 * applies or not, with the conditions that left it out (analysisReasons).
 *
 * A filter rule the sign-in's description cannot decide (an attribute or device property it does not
 * give) is tried both ways: where the answer depends on it, the policy "may apply" and names the rule.
 */
import type {JsonObject} from '../model.js'
import {SCOPE_ASPECTS, type Knowledge} from '../meaning/aspects.js'
import type {DevicePoint} from '../meaning/devices.js'
import {meaningOf} from '../meaning/meaning.js'
import {requirementOfPolicy, type Requirement} from '../meaning/requirement.js'
import type {ResourcePoint} from '../meaning/resources.js'
import {contains, type ScopeSet} from '../meaning/scope-set.js'
import type {SubjectPoint} from '../meaning/subjects.js'
import type {Tri} from '../meaning/tri.js'
import {OTHER, type ValuePoint} from '../meaning/value-dimension.js'

/** A sign-in as the meaning model's dimensions see it: one point per condition. */
export interface SignInPoint {
  subjects: SubjectPoint
  resources: ResourcePoint
  /** platforms, locations, clientAppTypes, the risk levels, authenticationFlows: absent is "none" (risks, flows) or unnamed. */
  values: Partial<Record<string, ValuePoint>>
  devices: DevicePoint
}

/** The value a sign-in has for a list condition it does not describe: no risk, no transfer, an unnamed platform or location. */
export const DEFAULT_VALUE: Record<string, ValuePoint> = {
  userRiskLevels: {value: 'none'},
  signInRiskLevels: {value: 'none'},
  servicePrincipalRiskLevels: {value: 'none'},
  agentIdRiskLevels: {value: 'none'},
  insiderRiskLevels: {value: 'none'},
  authenticationFlows: {value: 'none'},
  platforms: {value: OTHER},
  locations: {value: OTHER, trusted: false},
  clientAppTypes: {value: 'browser'},
}

export interface PolicyAnswer {
  id: string
  displayName: string
  state: string
  /** yes: the policy applies; no: a condition leaves the sign-in out; maybe: a filter rule the description cannot decide. */
  applies: Tri
  /** The conditions (aspect names) that leave the sign-in out, or may. */
  notMatched: string[]
  /** Filter rules the answer depends on that the description cannot decide. */
  undecided: string[]
  requirement: Requirement
  /** The same as Microsoft's What-If says it (whatIfAnalysisReasons, in the enum's order): notSet where the policy applies. */
  analysisReasons: string[]
}

/** whatIfAnalysisReasons in the enum's order (CSDL; agentIdRisk and agentIdentities are beta's later members). */
const REASON_ORDER = [
  'notSet',
  'notEnoughInformation',
  'users',
  'workloadIdentities',
  'application',
  'userActions',
  'authenticationContext',
  'devicePlatform',
  'devices',
  'clientApps',
  'location',
  'signInRisk',
  'policyNotEnabled',
  'userRisk',
  'insiderRisk',
  'authenticationFlow',
  'agentIdRisk',
  'agentIdentities',
]

/** The reason What-If gives for each list or filter condition. */
const CONDITION_REASON: Record<string, string> = {
  platforms: 'devicePlatform',
  locations: 'location',
  clientAppTypes: 'clientApps',
  userRiskLevels: 'userRisk',
  signInRiskLevels: 'signInRisk',
  servicePrincipalRiskLevels: 'workloadIdentities',
  agentIdRiskLevels: 'agentIdRisk',
  insiderRiskLevels: 'insiderRisk',
  authenticationFlows: 'authenticationFlow',
  devices: 'devices',
}

/** The reason What-If gives for a condition, by what signs in and to what (servicePrincipalRisk has no reason of its own: UNCONFIRMED, read as workloadIdentities). */
function reasonOf(aspect: string, signIn: SignInPoint): string {
  switch (aspect) {
    case 'subjects':
      return signIn.subjects.k === 'agent'
        ? 'agentIdentities'
        : signIn.subjects.k === 'servicePrincipal'
          ? 'workloadIdentities'
          : 'users'
    case 'resources':
      return signIn.resources.k === 'action'
        ? 'userActions'
        : signIn.resources.k === 'context'
          ? 'authenticationContext'
          : 'application'
    default:
      return CONDITION_REASON[aspect] ?? 'notSet'
  }
}

function reasons(answer: Omit<PolicyAnswer, 'analysisReasons'>, signIn: SignInPoint): string[] {
  const out = new Set(answer.notMatched.map((a) => reasonOf(a, signIn)))
  if (answer.applies === 'maybe') out.add('notEnoughInformation')
  if (answer.state === 'disabled') out.add('policyNotEnabled')
  if (out.size === 0) out.add('notSet')
  return [...out].sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b))
}

export type WhatIfOutcome =
  /** An enforced policy that applies blocks it. */
  | {k: 'blocked'; by: string[]}
  /** Every enforced policy that applies, each with what it asks (all of them must be satisfied). */
  | {k: 'grant'; requirements: Array<{policy: string; requirement: Requirement}>}
  /** No enforced policy applies (or the ones that do ask nothing but shape the session). */
  | {k: 'none'}

export interface WhatIfAnswer {
  policies: PolicyAnswer[]
  outcome: WhatIfOutcome
  /** Policies that may apply (undecided filters): the outcome holds without them; with them it may ask more. */
  mayApply: string[]
}

type WithMatches = {matches?: Map<string, boolean>}

/** The filter rules of a set the point does not decide. */
function undecidedRules(set: ScopeSet<unknown>, point: unknown): string[] {
  const matches = (point as WithMatches).matches
  const out = new Set<string>()
  for (const a of [...set.include, ...set.exclude]) {
    const rule = (a as {k?: string; rule?: string}).k === 'filter' ? (a as {rule: string}).rule : undefined
    if (rule !== undefined && matches?.get(rule) === undefined) out.add(rule)
  }
  return [...out]
}

/** Whether the point is in the set, trying every undecided rule both ways. */
function inSet(
  aspect: (typeof SCOPE_ASPECTS)[number],
  set: ScopeSet<unknown>,
  point: unknown,
  knowledge: Knowledge,
): {in: Tri; undecided: string[]} {
  const dim = aspect.dimension(knowledge, set)
  const rules = undecidedRules(set, point)
  if (rules.length === 0) return {in: contains(dim, set, point) ? 'yes' : 'no', undecided: []}
  const base = (point as WithMatches).matches ?? new Map<string, boolean>()
  const seen = new Set<boolean>()
  for (let bits = 0; bits < 1 << Math.min(rules.length, 6); bits++) {
    const matches = new Map(base)
    rules.forEach((r, i) => matches.set(r, (bits & (1 << i)) !== 0))
    seen.add(contains(dim, set, {...(point as object), matches}))
  }
  return {in: seen.size === 2 ? 'maybe' : seen.has(true) ? 'yes' : 'no', undecided: seen.size === 2 ? rules : []}
}

function pointOf(name: string, signIn: SignInPoint): unknown {
  if (name === 'subjects') return signIn.subjects
  if (name === 'resources') return signIn.resources
  if (name === 'devices') return signIn.devices
  return signIn.values[name] ?? DEFAULT_VALUE[name] ?? {value: OTHER}
}

export function answerPolicy(policy: JsonObject, signIn: SignInPoint, knowledge: Knowledge): PolicyAnswer {
  const meaning = meaningOf(policy)
  const notMatched: string[] = []
  const undecided: string[] = []
  let applies: Tri = 'yes'
  for (const aspect of SCOPE_ASPECTS) {
    const set = meaning.scope(aspect.name)
    if (!set) continue
    const r = inSet(aspect, set, pointOf(aspect.name, signIn), knowledge)
    if (r.in === 'yes') continue
    notMatched.push(aspect.name)
    undecided.push(...r.undecided)
    if (r.in === 'no') applies = 'no'
    else if (applies === 'yes') applies = 'maybe'
  }
  const answer = {
    id: String(policy['id'] ?? ''),
    displayName: String(policy['displayName'] ?? ''),
    state: String(policy['state'] ?? ''),
    applies,
    notMatched,
    undecided,
    requirement: requirementOfPolicy(policy),
  }
  return {...answer, analysisReasons: reasons(answer, signIn)}
}

/** Every policy's answer for the sign-in, and what it must satisfy: Conditional Access is an AND over the enforced policies that apply. */
export function whatIf(policies: JsonObject[], signIn: SignInPoint, knowledge: Knowledge): WhatIfAnswer {
  const answers = policies.map((p) => answerPolicy(p, signIn, knowledge))
  const applying = answers.filter((a) => a.state === 'enabled' && a.applies === 'yes')
  const blocking = applying.filter((a) => a.requirement.k === 'block')
  const asking = applying.filter((a) => a.requirement.k === 'grant')
  const outcome: WhatIfOutcome =
    blocking.length > 0
      ? {k: 'blocked', by: blocking.map((a) => a.displayName)}
      : asking.length > 0
        ? {k: 'grant', requirements: asking.map((a) => ({policy: a.displayName, requirement: a.requirement}))}
        : {k: 'none'}
  return {
    policies: answers,
    outcome,
    mayApply: answers.filter((a) => a.state === 'enabled' && a.applies === 'maybe').map((a) => a.displayName),
  }
}
