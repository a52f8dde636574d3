/**
 * The meaning of a policy change: effect, severity and a one-line reason, under a named rule
 * (the rule ids are what severity.yaml overrides and what SARIF reports as ruleId).
 */
import {compareRules} from '../ca/rule-order.js'
import {memberLabel} from '../canonical/members.js'
import type {JsonObject, JsonValue, Judgement, RawChange, Severity} from '../model.js'
import {setMembers, valueAt} from './compare.js'
import {blocks, isEnforced, signInFrequencyHours, strengthRank, targetsAgents} from './policy-facts.js'

export interface PolicyContext {
  before?: JsonObject
  after?: JsonObject
}

const KNOWN_ROOT = new Set(['displayName', 'state', 'description', 'conditions', 'grantControls', 'sessionControls'])
const KNOWN_CONDITIONS = new Set([
  'applications',
  'users',
  'clientApplications',
  'clientAppTypes',
  'platforms',
  'locations',
  'devices',
  'deviceStates',
  'times',
  'clients',
  'userRiskLevels',
  'signInRiskLevels',
  'servicePrincipalRiskLevels',
  'agentIdRiskLevels',
  'insiderRiskLevels',
  'authenticationFlows',
  'agents',
  'agentContext',
])

/** Condition lists where "empty" means "not filtered" (any value), so the first member narrows scope. */
const CONDITION_SETS = new Set([
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

function judge(rule: string, effect: Judgement['effect'], severity: Severity, reason: string): Judgement {
  return {rule, effect, severity, reason}
}

function show(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function classifyPolicyChange(change: RawChange, ctx: PolicyContext): Judgement {
  const {path} = change
  const segments = path.split('.')
  const root = segments[0]
  if (!KNOWN_ROOT.has(root) || (root === 'conditions' && segments.length > 1 && !KNOWN_CONDITIONS.has(segments[1]))) {
    return judge(
      'unmodelled-field-changed',
      'unknown',
      'medium',
      `"${path}" is not modelled by the engine; its effect cannot be judged`,
    )
  }
  if (path === 'displayName') {
    return judge(
      'display-name-changed',
      'neutral',
      'info',
      `renamed from "${show(change.before)}" to "${show(change.after)}"`,
    )
  }
  if (path === 'description') return judge('description-changed', 'neutral', 'info', 'description changed')
  if (path === 'state') return classifyState(change, ctx)
  const judgement = classifyContent(change, ctx, segments)
  // A policy that is off before and after enforces nothing either way.
  if (
    valueAt(ctx.before, 'state') === 'disabled' &&
    valueAt(ctx.after, 'state') === 'disabled' &&
    judgement.severity !== 'info'
  ) {
    return {...judgement, severity: 'low', reason: `${judgement.reason} (policy is disabled)`}
  }
  return judgement
}

function classifyState(change: RawChange, ctx: PolicyContext): Judgement {
  const from = show(change.before)
  const to = show(change.after)
  if (from === 'enabled') {
    const critical = blocks(ctx.before) || targetsAgents(ctx.before)
    const why = blocks(ctx.before)
      ? 'a blocking policy'
      : targetsAgents(ctx.before)
        ? 'a policy that governs agents'
        : 'the policy'
    return judge(
      'state-weakened',
      'weakens',
      critical ? 'critical' : 'high',
      `${why} is no longer enforced: ${from} -> ${to}`,
    )
  }
  if (to === 'enabled')
    return judge('state-strengthened', 'strengthens', 'low', `policy now enforced: ${from} -> ${to}`)
  return judge('state-changed', 'neutral', 'low', `not enforced before or after: ${from} -> ${to}`)
}

/** The nearest include-/exclude- segment decides the direction of a set change. */
function direction(segments: string[]): 'include' | 'exclude' | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (/^include[A-Z]/.test(segments[i])) return 'include'
    if (/^exclude[A-Z]/.test(segments[i])) return 'exclude'
  }
  return undefined
}

function classifyContent(change: RawChange, ctx: PolicyContext, segments: string[]): Judgement {
  const {path, op, member} = change
  const leaf = segments[segments.length - 1]
  const agentPolicy = targetsAgents(ctx.before) || targetsAgents(ctx.after)
  if (path === 'grantControls.builtInControls') return classifyGrantControl(change)
  if (path === 'grantControls.operator') return classifyOperator(change, ctx)
  if (path === 'grantControls.authenticationStrength') return classifyStrength(change)
  if (path === 'grantControls.termsOfUse' || path === 'grantControls.customAuthenticationFactors') {
    return op === 'remove'
      ? judge(
          'grant-control-removed',
          'weakens',
          'high',
          `grant requirement removed from ${leaf}: ${memberLabel(member!)}`,
        )
      : judge(
          'grant-control-added',
          'strengthens',
          'low',
          `grant requirement added to ${leaf}: ${memberLabel(member!)}`,
        )
  }
  if (segments[0] === 'sessionControls') return classifySession(change, leaf)
  if (leaf.endsWith('Filter')) return classifyFilter(change, leaf, agentPolicy)
  if (CONDITION_SETS.has(path) && member !== undefined) return classifyConditionSet(change, ctx, agentPolicy)
  const dir = direction(segments)
  if (dir !== undefined && member !== undefined) return classifyMembership(change, dir, leaf)
  return judge(
    'unknown-change',
    'unknown',
    'medium',
    `${path} ${op === 'replace' ? `${show(change.before)} -> ${show(change.after)}` : op === 'add' ? 'set' : 'cleared'}`,
  )
}

function classifyGrantControl(change: RawChange): Judgement {
  const control = memberLabel(change.member!)
  if (change.op === 'remove') {
    if (control === 'block')
      return judge('block-removed', 'weakens', 'critical', 'block grant removed: the policy no longer blocks')
    return judge('grant-control-removed', 'weakens', 'high', `grant control removed: ${control}`)
  }
  if (control === 'block') return judge('block-added', 'strengthens', 'medium', 'block grant added')
  return judge('grant-control-added', 'strengthens', 'low', `grant control added: ${control}`)
}

function classifyOperator(change: RawChange, ctx: PolicyContext): Judgement {
  const controls = setMembers('builtInControls', valueAt(ctx.after, 'grantControls.builtInControls')).length
  if (controls < 2)
    return judge(
      'grant-operator-changed',
      'neutral',
      'info',
      `operator ${show(change.before)} -> ${show(change.after)} with fewer than two controls`,
    )
  if (change.after === 'OR')
    return judge('grant-operator-or', 'weakens', 'high', 'grant operator AND -> OR: one control now suffices')
  return judge('grant-operator-and', 'strengthens', 'low', 'grant operator OR -> AND: every control is now required')
}

function classifyStrength(change: RawChange): Judgement {
  if (change.op === 'remove')
    return judge('grant-control-removed', 'weakens', 'high', 'authentication strength requirement removed')
  if (change.op === 'add')
    return judge('grant-control-added', 'strengthens', 'low', 'authentication strength requirement added')
  const before = strengthRank(change.before)
  const after = strengthRank(change.after)
  if (before !== undefined && after !== undefined) {
    return after < before
      ? judge(
          'authentication-strength-weakened',
          'weakens',
          'high',
          'authentication strength lowered to a weaker built-in strength',
        )
      : judge(
          'authentication-strength-strengthened',
          'strengthens',
          'low',
          'authentication strength raised to a stronger built-in strength',
        )
  }
  return judge(
    'authentication-strength-changed',
    'unknown',
    'medium',
    'authentication strength replaced (custom strengths are not ranked offline)',
  )
}

function classifySession(change: RawChange, leaf: string): Judgement {
  if (leaf === 'signInFrequency') {
    const before = signInFrequencyHours(change.before)
    const after = signInFrequencyHours(change.after)
    if (after > before)
      return judge(
        'sign-in-frequency-longer',
        'weakens',
        'medium',
        `sign-in frequency longer: ${hours(before)} -> ${hours(after)}`,
      )
    if (after < before)
      return judge(
        'sign-in-frequency-shorter',
        'strengthens',
        'low',
        `sign-in frequency shorter: ${hours(before)} -> ${hours(after)}`,
      )
    return judge('session-control-changed', 'unknown', 'medium', 'sign-in frequency settings changed (same interval)')
  }
  if (leaf === 'persistentBrowser') {
    const mode = (v: JsonValue | undefined) =>
      v && typeof v === 'object' && !Array.isArray(v) && v['isEnabled'] !== false ? v['mode'] : undefined
    const before = mode(change.before)
    const after = mode(change.after)
    if (before === 'never' && after !== 'never')
      return judge('session-control-weakened', 'weakens', 'medium', 'persistent browser sessions no longer prevented')
    if (after === 'never' && before !== 'never')
      return judge('session-control-strengthened', 'strengthens', 'low', 'persistent browser sessions now prevented')
  }
  if (change.op === 'remove')
    return judge('session-control-removed', 'weakens', 'medium', `session control removed: ${leaf}`)
  if (change.op === 'add') return judge('session-control-added', 'strengthens', 'low', `session control added: ${leaf}`)
  return judge('session-control-changed', 'unknown', 'medium', `session control changed: ${leaf}`)
}

function hours(h: number): string {
  if (h === Infinity) return 'none'
  if (h === 0) return 'every time'
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  return h % 24 === 0 ? plural(h / 24, 'day') : plural(h, 'hour')
}

function classifyFilter(change: RawChange, leaf: string, agentPolicy: boolean): Judgement {
  const mode = (v: JsonValue | undefined) => (v && typeof v === 'object' && !Array.isArray(v) ? v['mode'] : undefined)
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

function classifyConditionSet(change: RawChange, ctx: PolicyContext, agentPolicy: boolean): Judgement {
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

function classifyMembership(change: RawChange, dir: 'include' | 'exclude', leaf: string): Judgement {
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

/** Judgements for whole policies that are added or missing. */
export function classifyMissing(baseline: JsonObject): Judgement {
  if (!isEnforced(baseline)) {
    return judge(
      'policy-missing',
      'neutral',
      'low',
      `policy missing from the tenant (it was ${show(valueAt(baseline, 'state'))}, not enforced)`,
    )
  }
  if (blocks(baseline)) return judge('policy-missing', 'weakens', 'critical', 'blocking policy missing from the tenant')
  return judge('policy-missing', 'weakens', 'high', 'enforced policy missing from the tenant')
}

export function classifyAdded(live: JsonObject): Judgement {
  return judge(
    'policy-added',
    'unknown',
    'medium',
    `policy in the tenant is not in the baseline (unmanaged change, ${show(valueAt(live, 'state'))})`,
  )
}

export function classifyRecreated(matchedBy: string): Judgement {
  return judge(
    'policy-recreated',
    'neutral',
    'low',
    `policy has a new id (matched by ${matchedBy}): deleted and recreated`,
  )
}
