/**
 * What a change is, in the words of its field: the family of rules that names it, the aspect of the
 * policy's meaning it touches, and the sentence people read. Whether it weakens is not decided here
 * (judge-policy.ts asks the meaning); `natural` is only the direction the words suggest.
 */
import {memberLabel} from '../../canonical/members.js'
import {type Effect, type JsonValue, type RawChange, afterOf, beforeOf} from '../../model.js'
import {scopeAspectOf} from '../../meaning/aspects.js'
import {signInFrequencyHours} from '../../meaning/session.js'
import {show} from './judgement.js'

export type Family =
  | 'state'
  | 'name'
  | 'description'
  | 'unmodelled'
  | 'include'
  | 'exclusion'
  | 'condition'
  | 'risk'
  | 'agent-risk'
  | 'filter'
  | 'agent-filter'
  | 'scope-other'
  | 'block'
  | 'grant-control'
  | 'operator'
  | 'strength'
  | 'sign-in-frequency'
  | 'session'

export interface Description {
  family: Family
  /** 'state', 'name', 'unmodelled', 'requirement', 'session:<key>' or a scope aspect's name. */
  aspect: string
  text: string
  natural: Effect
  /** A member that stands for a whole class (All, GuestsOrExternalUsers, None, ...). */
  broad?: boolean
}

const KNOWN_ROOT = new Set(['displayName', 'state', 'description', 'conditions', 'grantControls', 'sessionControls'])
const RISK = /^conditions\.(userRiskLevels|signInRiskLevels|servicePrincipalRiskLevels|insiderRiskLevels)$/
const BROAD = new Set([
  'All',
  'None',
  'AllTrusted',
  'GuestsOrExternalUsers',
  'AllAgentIdUsers',
  'AllAgentIdResources',
  'Office365',
  'MicrosoftAdminPortals',
  'ServicePrincipalsInMyTenant',
  'all',
])

function member(change: RawChange): string {
  return change.shape === 'member' ? memberLabel(change.member) : ''
}

function summary(change: RawChange): string {
  if (change.op === 'replace') return `${show(beforeOf(change))} -> ${show(afterOf(change))}`
  return change.op === 'add' ? `set to ${show(afterOf(change))}` : 'cleared'
}

/** The nearest include-/exclude- segment decides which side of a condition a set member is on. */
function side(segments: string[]): 'include' | 'exclude' | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (/^include[A-Z]/.test(segments[i])) return 'include'
    if (/^exclude[A-Z]/.test(segments[i])) return 'exclude'
  }
  return undefined
}

function mode(value: JsonValue | undefined): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value['mode'] : undefined
}

export function describe(change: RawChange): Description {
  const {path, op} = change
  const segments = path.split('.')
  const leaf = segments[segments.length - 1]
  const sign = op === 'add' ? '+' : '-'
  if (path === 'displayName')
    return {
      family: 'name',
      aspect: 'name',
      natural: 'neutral',
      text: `renamed from "${show(beforeOf(change))}" to "${show(afterOf(change))}"`,
    }
  if (path === 'description')
    return {family: 'description', aspect: 'name', natural: 'neutral', text: 'description changed'}
  if (path === 'state')
    return {
      family: 'state',
      aspect: 'state',
      natural: 'unknown',
      text: `${show(beforeOf(change))} -> ${show(afterOf(change))}`,
    }
  if (segments[0] === 'grantControls') return describeGrant(change, leaf)
  if (segments[0] === 'sessionControls' && segments.length > 1) {
    const key = segments[1]
    const aspect = `session:${key}`
    if (key === 'signInFrequency')
      return {
        family: 'sign-in-frequency',
        aspect,
        natural: 'unknown',
        text: `sign-in frequency ${hours(signInFrequencyHours(beforeOf(change)))} -> ${hours(signInFrequencyHours(afterOf(change)))}`,
      }
    const verb = op === 'add' ? 'added' : op === 'remove' ? 'removed' : 'changed'
    return {family: 'session', aspect, natural: 'unknown', text: `session control ${verb}: ${key}`}
  }
  const aspect = KNOWN_ROOT.has(segments[0]) ? scopeAspectOf(path) : undefined
  if (!aspect)
    return {
      family: 'unmodelled',
      aspect: 'unmodelled',
      natural: 'unknown',
      text: `"${path}" is not modelled by the engine; its effect cannot be judged`,
    }
  if (leaf.endsWith('Filter')) {
    const family = leaf === 'agentIdServicePrincipalFilter' ? 'agent-filter' : 'filter'
    const rule = (v: JsonValue | undefined) =>
      show(v !== null && typeof v === 'object' && !Array.isArray(v) ? v['rule'] : undefined)
    const text =
      op === 'add'
        ? `${mode(afterOf(change))} filter added on ${leaf}: ${rule(afterOf(change))}`
        : op === 'remove'
          ? `${mode(beforeOf(change))} filter removed from ${leaf}`
          : `${leaf} changed (${mode(beforeOf(change))} ${rule(beforeOf(change))} -> ${mode(afterOf(change))} ${rule(afterOf(change))})`
    return {family, aspect: aspect.name, natural: 'unknown', text}
  }
  if (change.shape === 'member') {
    const m = member(change)
    const broad = BROAD.has(m)
    if (path === 'conditions.agentIdRiskLevels')
      return {family: 'agent-risk', aspect: aspect.name, natural: 'unknown', text: `agent risk levels ${sign} ${m}`}
    if (RISK.test(path)) return {family: 'risk', aspect: aspect.name, natural: 'unknown', text: `${leaf} ${sign} ${m}`}
    const s = side(segments)
    if (s === 'exclude')
      return {
        family: 'exclusion',
        aspect: aspect.name,
        broad,
        natural: op === 'add' ? 'weakens' : 'strengthens',
        text: op === 'add' ? `exclusion added to ${leaf}: ${m}` : `exclusion removed from ${leaf}: ${m}`,
      }
    const family = aspect.name === 'subjects' || aspect.name === 'resources' ? 'include' : 'condition'
    return {family, aspect: aspect.name, broad, natural: 'unknown', text: `${leaf} ${sign} ${m}`}
  }
  return {family: 'scope-other', aspect: aspect.name, natural: 'unknown', text: `${path} ${summary(change)}`}
}

function describeGrant(change: RawChange, leaf: string): Description {
  const {path, op} = change
  const base = {aspect: 'requirement'}
  if (path === 'grantControls.operator')
    return {
      ...base,
      family: 'operator',
      natural: 'unknown',
      text: `operator ${show(beforeOf(change))} -> ${show(afterOf(change))}`,
    }
  if (path === 'grantControls.authenticationStrength')
    return {...base, family: 'strength', natural: 'unknown', text: `authentication strength ${summary(change)}`}
  if (change.shape === 'member') {
    const m = member(change)
    if (path === 'grantControls.builtInControls' && m === 'block')
      return {
        ...base,
        family: 'block',
        natural: op === 'remove' ? 'weakens' : 'strengthens',
        text: op === 'remove' ? 'block grant removed: the policy no longer blocks' : 'block grant added',
      }
    const where = leaf === 'builtInControls' ? 'grant control' : `grant requirement (${leaf})`
    return {
      ...base,
      family: 'grant-control',
      natural: 'unknown',
      text: `${where} ${op === 'add' ? 'added' : 'removed'}: ${m}`,
    }
  }
  return {...base, family: 'grant-control', natural: 'unknown', text: `${path} ${summary(change)}`}
}

function hours(h: number): string {
  if (h === Infinity) return 'none'
  if (h === 0) return 'every time'
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  return h % 24 === 0 ? plural(h / 24, 'day') : plural(h, 'hour')
}
