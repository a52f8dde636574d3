/**
 * The meaning of a policy change: effect, severity and a one-line reason, under a named rule
 * (the rule ids are what severity.yaml overrides and what SARIF reports as ruleId).
 */
import {memberLabel} from '../../canonical/members.js'
import type {JsonObject, Judgement, RawChange} from '../../model.js'
import {valueAt} from '../compare.js'
import {classifyGrantControl, classifyOperator, classifySession, classifyStrength} from './classify-controls.js'
import {classifyConditionSet, classifyFilter, classifyMembership, CONDITION_SETS} from './classify-scope.js'
import {judge, show} from './judgement.js'
import type {PolicyContext} from './policy-context.js'
import {blocks, isEnforced, targetsAgents} from './policy-facts.js'

export type {PolicyContext}

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
