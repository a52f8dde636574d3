/**
 * Conditional Access at token issuance for an agent identity (the second leg of the agent
 * exchange; the blueprint's exchange leg is not evaluated, as in Entra). Pure: used by the emulator
 * and, later, by a what-if command over a baseline.
 *
 * Modelled: state; agent targeting (includeAgentIdServicePrincipals with "All" or ids,
 * excludeAgentIdServicePrincipals, agentIdServicePrincipalFilter over custom security attributes);
 * a blueprint principal's id in either list covers every agent of that blueprint, and attributes
 * assigned to the blueprint principal count for its agents (graph-api.md 10.4);
 * agentIdRiskLevels; target applications (All, AllAgentIdResources, app ids, exclusions); the block
 * grant. Other conditions (locations, platforms, client app types) are not evaluated for agent
 * identities, which support only agent risk as a condition.
 */
import {
  attributesReferenced,
  attributeValue,
  evaluateFilterRule,
  parseFilterRule,
  type AttributeValues,
} from './filter-rule.js'
import {isJsonObject, stringsOf} from '../json.js'

export type AgentRiskLevel = 'none' | 'low' | 'medium' | 'high' | 'hidden'

export interface AgentSubject {
  objectId: string
  appId: string
  attributes: AttributeValues
  agentRisk: AgentRiskLevel
  /** The object id of the agent's blueprint principal, when the tenant has one. */
  blueprintPrincipalId?: string
  /** Custom security attributes assigned to that blueprint principal. */
  blueprintAttributes?: AttributeValues
}

/**
 * The attributes a filter rule sees: the blueprint's, with the agent's own value winning for an
 * attribute both carry. Microsoft documents assignment to either (graph-api.md 10.4) but not how
 * the two combine; the agent's own value being the more specific is the reading here (UNCONFIRMED).
 */
export function effectiveAttributes(subject: AgentSubject): AttributeValues {
  const out: Record<string, Record<string, unknown>> = {}
  for (const source of [subject.blueprintAttributes, subject.attributes]) {
    if (!source) continue
    for (const [set, bag] of Object.entries(source)) {
      if (!bag || typeof bag !== 'object') continue
      const merged = (out[set] ??= Object.create(null) as Record<string, unknown>)
      for (const [name, value] of Object.entries(bag)) if (value !== null && value !== undefined) merged[name] = value
    }
  }
  return out
}

/** The agent is named in the list by its own id or by its blueprint principal's. */
function names(list: string[], subject: AgentSubject): boolean {
  return (
    has(list, subject.objectId) ||
    (subject.blueprintPrincipalId !== undefined && has(list, subject.blueprintPrincipalId))
  )
}

export interface EvaluationOptions {
  /**
   * How an include-mode agent filter treats an agent that lacks every attribute the rule names.
   * UNCONFIRMED by Microsoft; 'not-matched' is the documented reading (a rule over a missing value
   * is false), 'matched' the other one, so that clients can be tested against both.
   */
  includeFilterMissingAttribute: 'not-matched' | 'matched'
}

export type PolicyResult =
  | 'success'
  | 'failure'
  | 'notApplied'
  | 'notEnabled'
  | 'reportOnlySuccess'
  | 'reportOnlyFailure'
  | 'reportOnlyNotApplied'

export interface AppliedPolicy {
  id: string
  displayName: string
  result: PolicyResult
  enforcedGrantControls: string[]
  enforcedSessionControls: string[]
  /** Why it did or did not apply (not a Graph field; the emulator keeps it out of sign-ins). */
  reason: string
  /** The condition that kept it from applying (What-If's analysisReasons); absent when it applies. */
  unmet?: UnmetCondition
}

/** The condition a policy's scope failed on, named as What-If's whatIfAnalysisReasons names it. */
export type UnmetCondition = 'agentIdentities' | 'application' | 'agentIdRisk' | 'policyNotEnabled'

export interface Evaluation {
  blocked: boolean
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied'
  applied: AppliedPolicy[]
}

type Obj = Record<string, unknown>

function obj(v: unknown): Obj | undefined {
  return isJsonObject(v) ? v : undefined
}

function has(list: string[], id: string): boolean {
  const lower = id.toLowerCase()
  return list.some((x) => x.toLowerCase() === lower)
}

/** Whether the policy's conditions cover this agent and resource; the reason says why not. */
function applies(
  policy: Obj,
  subject: AgentSubject,
  resource: {appId: string; isAgent: boolean},
  options: EvaluationOptions,
): {applies: boolean; reason: string; unmet?: UnmetCondition} {
  const conditions = obj(policy['conditions']) ?? {}
  const clients = obj(conditions['clientApplications']) ?? {}
  const include = stringsOf(clients['includeAgentIdServicePrincipals'])
  const exclude = stringsOf(clients['excludeAgentIdServicePrincipals'])
  const filter = obj(clients['agentIdServicePrincipalFilter'])
  const mode = filter?.['mode']
  if (include.length === 0 && mode !== 'include')
    return {applies: false, reason: 'does not target agent identities', unmet: 'agentIdentities'}
  let included = include.includes('All') || names(include, subject)
  if (include.length === 0) included = true
  if (names(exclude, subject)) return {applies: false, reason: 'agent identity excluded', unmet: 'agentIdentities'}
  if (filter && typeof filter['rule'] === 'string') {
    const rule = parseFilterRule(filter['rule'])
    const attributes = effectiveAttributes(subject)
    const lacksAll = attributesReferenced(rule).every(
      ([set, name]) => attributeValue(attributes, set, name) === undefined,
    )
    const match =
      mode === 'include' && lacksAll
        ? options.includeFilterMissingAttribute === 'matched'
        : evaluateFilterRule(rule, attributes)
    if (mode === 'exclude' && match)
      return {applies: false, reason: 'agent identity excluded by filter', unmet: 'agentIdentities'}
    if (mode === 'include' && !match)
      return {applies: false, reason: 'agent identity not matched by filter', unmet: 'agentIdentities'}
  }
  if (!included) return {applies: false, reason: 'agent identity not included', unmet: 'agentIdentities'}
  const apps = obj(conditions['applications']) ?? {}
  const includeApps = stringsOf(apps['includeApplications'])
  const excludeApps = stringsOf(apps['excludeApplications'])
  if (has(excludeApps, resource.appId)) return {applies: false, reason: 'resource excluded', unmet: 'application'}
  const resourceIncluded =
    includeApps.includes('All') ||
    has(includeApps, resource.appId) ||
    (includeApps.includes('AllAgentIdResources') && resource.isAgent)
  if (!resourceIncluded) return {applies: false, reason: 'resource not included', unmet: 'application'}
  const risk = conditions['agentIdRiskLevels']
  if (typeof risk === 'string' && risk.trim() !== '') {
    const levels = risk.split(',').map((t) => t.trim())
    if (!levels.includes(subject.agentRisk))
      return {
        applies: false,
        reason: `agent risk ${subject.agentRisk} not in ${levels.join(',')}`,
        unmet: 'agentIdRisk',
      }
  }
  return {applies: true, reason: 'conditions satisfied'}
}

export function evaluateAgentSignIn(
  policies: ReadonlyArray<Record<string, unknown>>,
  subject: AgentSubject,
  resource: {appId: string; isAgent: boolean},
  options: EvaluationOptions,
): Evaluation {
  const applied: AppliedPolicy[] = []
  let blocked = false
  let anySuccess = false
  for (const policy of policies) {
    const state = policy['state']
    const grant = obj(policy['grantControls'])
    const blocks = stringsOf(grant?.['builtInControls']).includes('block')
    const verdict = applies(policy, subject, resource, options)
    const base = {
      id: String(policy['id']),
      displayName: String(policy['displayName']),
      enforcedSessionControls: [],
      reason: verdict.reason,
    }
    let result: PolicyResult
    if (state === 'disabled') result = 'notEnabled'
    else if (state === 'enabledForReportingButNotEnforced')
      result = !verdict.applies ? 'reportOnlyNotApplied' : blocks ? 'reportOnlyFailure' : 'reportOnlySuccess'
    else result = !verdict.applies ? 'notApplied' : blocks ? 'failure' : 'success'
    if (result === 'failure') blocked = true
    if (result === 'success') anySuccess = true
    // "Block" as the enforced control's display string is UNCONFIRMED; clients should not key on it.
    const enforced = result === 'failure' || result === 'reportOnlyFailure' ? ['Block'] : []
    const unmet: UnmetCondition | undefined = state === 'disabled' ? 'policyNotEnabled' : verdict.unmet
    applied.push({...base, result, enforcedGrantControls: enforced, ...(unmet ? {unmet} : {})})
  }
  return {blocked, conditionalAccessStatus: blocked ? 'failure' : anySuccess ? 'success' : 'notApplied', applied}
}
