/** Scope: include and exclude lists, condition sets (risk levels, platforms, ...) and filters: narrower weakens, wider strengthens. */
import {compareRules} from '../../ca/rule-order.js'
import {memberLabel} from '../../canonical/members.js'
import {isJsonObject} from '../../json.js'
import type {JsonObject, JsonValue, Judgement, RawChange, Severity} from '../../model.js'
import {setMembers, valueAt} from '../compare.js'
import {judge, show} from './judgement.js'
import type {PolicyContext} from './policy-context.js'

/** Condition lists where "empty" means "not filtered" (any value), so the first member narrows scope. */
export const CONDITION_SETS = new Set([
  'conditions.clientAppTypes',
  'conditions.userRiskLevels',
  'conditions.signInRiskLevels',
  'conditions.servicePrincipalRiskLevels',
  'conditions.agentIdRiskLevels',
  'conditions.insiderRiskLevels',
  'conditions.platforms.includePlatforms',
  'conditions.locations.includeLocations',
  'conditions.agentContext.includeAgentContexts',
  'conditions.authenticationFlows.transferMethods',
])

const RISK_SETS = new Set([
  'conditions.userRiskLevels',
  'conditions.signInRiskLevels',
  'conditions.servicePrincipalRiskLevels',
  'conditions.insiderRiskLevels',
])

export function classifyFilter(change: RawChange, leaf: string, agentPolicy: boolean): Judgement {
  const mode = (v: JsonValue | undefined) => (isJsonObject(v) ? v['mode'] : undefined)
  const agent = leaf === 'agentIdServicePrincipalFilter' || leaf === 'agentFilter'
  const severity: Severity = agent || agentPolicy ? 'high' : 'medium'
  if (change.op === 'add' && mode(change.after) === 'exclude') {
    return judge(
      'exclusion-added',
      'weakens',
      'high',
      `exclusion filter added on ${leaf}: ${show(valueAt(change.after as JsonObject, 'rule'))}`,
    )
  }
  if (change.op === 'remove' && mode(change.before) === 'exclude') {
    return judge('exclusion-removed', 'strengthens', 'low', `exclusion filter removed from ${leaf}`)
  }
  const rule = agent ? 'agent-filter-changed' : 'filter-changed'
  const before = show(valueAt(change.before as JsonObject, 'rule'))
  const after = show(valueAt(change.after as JsonObject, 'rule'))
  // Same mode, a rule that provably matches more or fewer agents: an exclusion filter that matches
  // more excludes more (weakens); an include filter that matches more covers more (strengthens).
  const sameMode = change.op === 'replace' && mode(change.before) === mode(change.after)
  const order = agent && sameMode ? compareRules(before, after) : 'unknown'
  if (order !== 'unknown') {
    const weakens = (order === 'wider') === (mode(change.after) === 'exclude')
    return weakens
      ? judge(
          rule,
          'weakens',
          'high',
          `${leaf} now matches ${order === 'wider' ? 'more' : 'fewer'} agents in ${mode(change.after)} mode (${before} -> ${after})`,
        )
      : judge(
          rule,
          'strengthens',
          'low',
          `${leaf} now matches ${order === 'wider' ? 'more' : 'fewer'} agents in ${mode(change.after)} mode (${before} -> ${after})`,
        )
  }
  return judge(
    rule,
    'unknown',
    severity,
    `${leaf} changed (${before} -> ${after}); whether it is narrower or wider cannot be proven`,
  )
}

export function classifyConditionSet(change: RawChange, ctx: PolicyContext, agentPolicy: boolean): Judgement {
  const key = change.path.split('.').pop()!
  const before = setMembers(key, valueAt(ctx.before, change.path))
  const after = setMembers(key, valueAt(ctx.after, change.path))
  const member = memberLabel(change.member!)
  const narrows = change.op === 'add' ? before.length === 0 : after.length > 0
  if (!narrows)
    return judge(
      'condition-widened',
      'strengthens',
      'low',
      `${key} now covers ${change.op === 'add' ? `also ${member}` : 'every value'}`,
    )
  if (change.path === 'conditions.agentIdRiskLevels') {
    return judge(
      'agent-risk-narrowed',
      'weakens',
      agentPolicy ? 'critical' : 'high',
      `agent risk levels narrowed (${member} ${change.op === 'add' ? 'now required' : 'no longer covered'})`,
    )
  }
  if (RISK_SETS.has(change.path))
    return judge(
      'risk-narrowed',
      'weakens',
      'high',
      `${key} narrowed (${member} ${change.op === 'add' ? 'now required' : 'no longer covered'})`,
    )
  return judge(
    'condition-narrowed',
    'weakens',
    'medium',
    `${key} narrowed (${member} ${change.op === 'add' ? 'now required' : 'no longer covered'})`,
  )
}

export function classifyMembership(change: RawChange, dir: 'include' | 'exclude', leaf: string): Judgement {
  const member = memberLabel(change.member!)
  if (dir === 'exclude') {
    return change.op === 'add'
      ? judge('exclusion-added', 'weakens', 'high', `exclusion added to ${leaf}: ${member}`)
      : judge('exclusion-removed', 'strengthens', 'low', `exclusion removed from ${leaf}: ${member}`)
  }
  // "None" is the empty target: adding it narrows, removing it widens.
  const widens = (change.op === 'add') !== (member === 'None')
  if (widens)
    return judge(
      'include-widened',
      'strengthens',
      'low',
      `${leaf} widened: ${change.op === 'add' ? '+' : '-'} ${member}`,
    )
  const broad = member.startsWith('All') || member === 'GuestsOrExternalUsers' || member === 'None'
  return judge(
    'include-narrowed',
    'weakens',
    broad ? 'high' : 'medium',
    `${leaf} narrowed: ${change.op === 'add' ? '+' : '-'} ${member}`,
  )
}
