/**
 * Conditional Access at token issuance for an agent identity (the second leg of the agent
 * exchange; the blueprint's exchange leg is not evaluated, as in Entra). Pure: used by the emulator
 * and, later, by a what-if command over a baseline.
 *
 * Modelled: state; agent targeting (includeAgentIdServicePrincipals with "All" or ids,
 * excludeAgentIdServicePrincipals, agentIdServicePrincipalFilter over custom security attributes);
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
}

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
): {applies: boolean; reason: string} {
  const conditions = obj(policy['conditions']) ?? {}
  const clients = obj(conditions['clientApplications']) ?? {}
  const include = stringsOf(clients['includeAgentIdServicePrincipals'])
  const exclude = stringsOf(clients['excludeAgentIdServicePrincipals'])
  const filter = obj(clients['agentIdServicePrincipalFilter'])
  const mode = filter?.['mode']
  if (include.length === 0 && mode !== 'include') return {applies: false, reason: 'does not target agent identities'}
  let included = include.includes('All') || has(include, subject.objectId)
  if (include.length === 0) included = true
  if (has(exclude, subject.objectId)) return {applies: false, reason: 'agent identity excluded'}
  if (filter && typeof filter['rule'] === 'string') {
    const rule = parseFilterRule(filter['rule'])
    const lacksAll = attributesReferenced(rule).every(
      ([set, name]) => attributeValue(subject.attributes, set, name) === undefined,
    )
    const match =
      mode === 'include' && lacksAll
        ? options.includeFilterMissingAttribute === 'matched'
        : evaluateFilterRule(rule, subject.attributes)
    if (mode === 'exclude' && match) return {applies: false, reason: 'agent identity excluded by filter'}
    if (mode === 'include' && !match) return {applies: false, reason: 'agent identity not matched by filter'}
  }
  if (!included) return {applies: false, reason: 'agent identity not included'}
  const apps = obj(conditions['applications']) ?? {}
  const includeApps = stringsOf(apps['includeApplications'])
  const excludeApps = stringsOf(apps['excludeApplications'])
  if (has(excludeApps, resource.appId)) return {applies: false, reason: 'resource excluded'}
  const resourceIncluded =
    includeApps.includes('All') ||
    has(includeApps, resource.appId) ||
    (includeApps.includes('AllAgentIdResources') && resource.isAgent)
  if (!resourceIncluded) return {applies: false, reason: 'resource not included'}
  const risk = conditions['agentIdRiskLevels']
  if (typeof risk === 'string' && risk.trim() !== '') {
    const levels = risk.split(',').map((t) => t.trim())
    if (!levels.includes(subject.agentRisk))
      return {applies: false, reason: `agent risk ${subject.agentRisk} not in ${levels.join(',')}`}
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
    applied.push({...base, result, enforcedGrantControls: enforced})
  }
  return {blocked, conditionalAccessStatus: blocked ? 'failure' : anySuccess ? 'success' : 'notApplied', applied}
}
