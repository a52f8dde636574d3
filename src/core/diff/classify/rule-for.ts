/** The rule, severity and sentence of a change, once its effect is known. */
import type {Effect, JsonObject, Judgement, RawChange, Severity} from '../../model.js'
import {valueAt} from '../../json.js'
import {RULES, type RuleId} from '../rules.js'
import {atOrAbove} from '../severity-rank.js'
import type {Description, Family} from './describe.js'
import {blocks, guardsAdministrators, isEnforced, targetsAgents} from './policy-facts.js'

interface Ctx {
  before: JsonObject
  after: JsonObject
  enforcedEither: boolean
  /** Fields either side sets that the model does not read (modelled.ts): its scope or requirement is partly unseen. */
  opaque?: string[]
  /** A custom authentication strength on either side whose allowed combinations are not known. */
  unrankedStrength?: boolean
}

type ByEffect = Partial<Record<Effect, RuleId>>

const BY_FAMILY: Record<Family, ByEffect> = {
  state: {
    weakens: 'state-weakened',
    strengthens: 'state-strengthened',
    neutral: 'state-changed',
    unknown: 'state-changed',
  },
  name: {neutral: 'display-name-changed'},
  description: {neutral: 'description-changed'},
  unmodelled: {unknown: 'unmodelled-field-changed'},
  include: {
    weakens: 'include-narrowed',
    strengthens: 'include-widened',
    neutral: 'no-effect',
    unknown: 'scope-changed',
  },
  exclusion: {
    weakens: 'exclusion-added',
    strengthens: 'exclusion-removed',
    neutral: 'no-effect',
    unknown: 'scope-changed',
  },
  condition: {
    weakens: 'condition-narrowed',
    strengthens: 'condition-widened',
    neutral: 'no-effect',
    unknown: 'scope-changed',
  },
  risk: {weakens: 'risk-narrowed', strengthens: 'condition-widened', neutral: 'no-effect', unknown: 'scope-changed'},
  'agent-risk': {
    weakens: 'agent-risk-narrowed',
    strengthens: 'condition-widened',
    neutral: 'no-effect',
    unknown: 'scope-changed',
  },
  filter: {
    weakens: 'filter-changed',
    strengthens: 'filter-changed',
    neutral: 'filter-changed',
    unknown: 'filter-changed',
  },
  'agent-filter': {
    weakens: 'agent-filter-changed',
    strengthens: 'agent-filter-changed',
    neutral: 'agent-filter-changed',
    unknown: 'agent-filter-changed',
  },
  'scope-other': {
    weakens: 'condition-narrowed',
    strengthens: 'condition-widened',
    neutral: 'no-effect',
    unknown: 'unknown-change',
  },
  block: {
    weakens: 'block-removed',
    strengthens: 'block-added',
    neutral: 'grant-control-changed',
    unknown: 'grant-control-changed',
  },
  'grant-control': {neutral: 'grant-control-changed', unknown: 'grant-control-changed'},
  operator: {
    weakens: 'grant-operator-or',
    strengthens: 'grant-operator-and',
    neutral: 'grant-operator-changed',
    unknown: 'grant-operator-changed',
  },
  strength: {
    weakens: 'authentication-strength-weakened',
    strengthens: 'authentication-strength-strengthened',
    neutral: 'grant-control-changed',
    unknown: 'authentication-strength-changed',
  },
  'sign-in-frequency': {
    weakens: 'sign-in-frequency-longer',
    strengthens: 'sign-in-frequency-shorter',
    neutral: 'session-control-changed',
    unknown: 'session-control-changed',
  },
  session: {
    weakens: 'session-control-weakened',
    strengthens: 'session-control-strengthened',
    neutral: 'session-control-changed',
    unknown: 'session-control-changed',
  },
}

function ruleOf(d: Description, effect: Effect, change: RawChange): RuleId {
  const {op} = change
  if (d.family === 'grant-control' || (d.family === 'strength' && op !== 'replace')) {
    if (effect === 'weakens') return op === 'remove' ? 'grant-control-removed' : 'grant-alternative-added'
    if (effect === 'strengthens') return op === 'add' ? 'grant-control-added' : 'grant-alternative-removed'
  }
  if (d.family === 'session' && op !== 'replace') {
    if (effect === 'weakens' && op === 'remove') return 'session-control-removed'
    if (effect === 'strengthens' && op === 'add') return 'session-control-added'
  }
  if ((d.family === 'filter' || d.family === 'agent-filter') && effect === 'weakens' && op === 'add')
    return 'exclusion-added'
  if (d.family === 'exclusion') return op === 'add' ? 'exclusion-added' : 'exclusion-removed'
  return BY_FAMILY[d.family][effect] ?? 'unknown-change'
}

function severityOf(rule: RuleId, d: Description, effect: Effect, ctx: Ctx): Severity {
  // A change to a policy that enforces nothing is still drift of a policy someone may switch on.
  if (effect === 'neutral') return rule === 'state-changed' || !ctx.enforcedEither ? 'low' : 'info'
  if (effect === 'strengthens') return rule === 'block-added' ? 'medium' : 'low'
  const agentPolicy = targetsAgents(ctx.before) || targetsAgents(ctx.after)
  if (effect === 'unknown') {
    // An enforced policy the model cannot fully see: what it cannot prove may be a weakening of anything.
    if (ctx.opaque?.length && ctx.enforcedEither)
      return atOrAbove(RULES[rule].severity, 'high') ? RULES[rule].severity : 'high'
    if (rule === 'agent-filter-changed' || (d.family === 'filter' && agentPolicy)) return 'high'
    return RULES[rule].severity === 'info' || RULES[rule].severity === 'low' ? 'medium' : RULES[rule].severity
  }
  // weakens: of an enforced block, or of a policy that guards administrators, never below high.
  const guarded = isEnforced(ctx.before) && (blocks(ctx.before) || guardsAdministrators(ctx.before))
  const own = weakenedSeverity(rule, d, ctx, agentPolicy)
  return guarded && !atOrAbove(own, 'high') ? 'high' : own
}

function weakenedSeverity(rule: RuleId, d: Description, ctx: Ctx, agentPolicy: boolean): Severity {
  if (rule === 'state-weakened') return blocks(ctx.before) || agentPolicy ? 'critical' : 'high'
  if (rule === 'agent-risk-narrowed') return agentPolicy ? 'critical' : 'high'
  if (rule === 'include-narrowed' && d.broad) return 'high'
  if (rule === 'filter-changed' && agentPolicy) return 'high'
  return RULES[rule].severity
}

/** Words for the rules whose name says the direction: the field's own words, turned that way. */
function directed(rule: RuleId, d: Description): string | undefined {
  const narrowed = (text: string) => text.replace(/ ([+-]) /, ' narrowed: $1 ')
  const widened = (text: string) => text.replace(/ ([+-]) /, ' widened: $1 ')
  switch (rule) {
    case 'include-narrowed':
    case 'condition-narrowed':
    case 'risk-narrowed':
    case 'agent-risk-narrowed':
      return narrowed(d.text)
    case 'include-widened':
    case 'condition-widened':
      return widened(d.text)
    case 'sign-in-frequency-longer':
      return d.text.replace('sign-in frequency', 'sign-in frequency longer:')
    case 'sign-in-frequency-shorter':
      return d.text.replace('sign-in frequency', 'sign-in frequency shorter:')
    case 'grant-operator-or':
      return `grant ${d.text}: one control now suffices`
    case 'grant-operator-and':
      return `grant ${d.text}: every control is now required`
    case 'grant-alternative-added':
      return `${d.text}: under OR it now suffices on its own`
    case 'grant-alternative-removed':
      return `${d.text}: under OR it no longer suffices on its own`
    default:
      return undefined
  }
}

function reasonOf(rule: RuleId, d: Description, effect: Effect, ctx: Ctx): string {
  if (d.family === 'state') {
    if (effect === 'weakens') {
      const why = blocks(ctx.before)
        ? 'a blocking policy'
        : targetsAgents(ctx.before)
          ? 'a policy that governs agents'
          : 'the policy'
      return ctx.before['state'] === 'enabled'
        ? `${why} is no longer enforced: ${d.text}`
        : `policy now enforced, and it loosens sessions: ${d.text}`
    }
    if (effect === 'strengthens') return `policy now enforced: ${d.text}`
    if (effect === 'neutral') return `not enforced before or after, or enforces nothing: ${d.text}`
  }
  if (!ctx.enforcedEither && effect === 'neutral') return `${d.text} (the policy is not enforced)`
  if (effect === 'unknown' && ctx.unrankedStrength && (d.family === 'strength' || d.aspect === 'requirement'))
    return `${d.text}: the custom authentication strength's allowed combinations are not known here, so it cannot be ranked: capture the baseline from the tenant (Graph expands the strength with its combinations), or export the policies with it expanded`
  const emptied = effect === 'unknown' ? ctx.opaque?.find((p) => emptiedIn(ctx, p)) : undefined
  if (emptied)
    return `${d.text}: ${emptied} is an emptied include list ([]), and Microsoft does not document how Entra evaluates one (neither "everything" nor "nobody" is proven): check the policy in the portal`
  if (effect === 'unknown' && ctx.opaque?.length)
    return `${d.text}: the policy also sets ${ctx.opaque.slice(0, 3).join(', ')}${ctx.opaque.length > 3 ? ', ...' : ''}, which the engine does not model: whether it weakens cannot be proven offline`
  const words = directed(rule, d)
  if (words !== undefined) return words
  if (effect === d.natural || d.family === 'name' || d.family === 'description' || d.family === 'unmodelled')
    return d.text
  switch (effect) {
    case 'weakens':
      return `${d.text}: some sign-ins are now let through or covered less strictly`
    case 'strengthens':
      return `${d.text}: some sign-ins are now covered or challenged harder`
    case 'neutral':
      return `${d.text}: no sign-in's outcome changes`
    default:
      return `${d.text}: whether it weakens cannot be proven offline`
  }
}

export function ruleFor(d: Description, effect: Effect, change: RawChange, ctx: Ctx): Judgement {
  const rule = ruleOf(d, effect, change)
  return {rule, effect, severity: severityOf(rule, d, effect, ctx), reason: reasonOf(rule, d, effect, ctx)}
}

/** Whether a path the model does not read is an include list canonical form kept empty (emptied.ts). */
function emptiedIn(ctx: Ctx, path: string): boolean {
  return [ctx.before, ctx.after].some((p) => {
    const v = valueAt(p, path)
    return Array.isArray(v) && v.length === 0
  })
}
