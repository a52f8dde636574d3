/** Grant and session controls: what a change to them does to the policy's strength. */
import {memberLabel} from '../../canonical/members.js'
import {isJsonObject} from '../../json.js'
import type {JsonValue, Judgement, RawChange} from '../../model.js'
import {setMembers, valueAt} from '../compare.js'
import {judge, show} from './judgement.js'
import type {PolicyContext} from './policy-context.js'
import {signInFrequencyHours, strengthRank} from './policy-facts.js'

export function classifyGrantControl(change: RawChange): Judgement {
  const control = memberLabel(change.member!)
  if (change.op === 'remove') {
    if (control === 'block')
      return judge('block-removed', 'weakens', 'critical', 'block grant removed: the policy no longer blocks')
    return judge('grant-control-removed', 'weakens', 'high', `grant control removed: ${control}`)
  }
  if (control === 'block') return judge('block-added', 'strengthens', 'medium', 'block grant added')
  return judge('grant-control-added', 'strengthens', 'low', `grant control added: ${control}`)
}

export function classifyOperator(change: RawChange, ctx: PolicyContext): Judgement {
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

export function classifyStrength(change: RawChange): Judgement {
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

export function classifySession(change: RawChange, leaf: string): Judgement {
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
    const mode = (v: JsonValue | undefined) => (isJsonObject(v) && v['isEnabled'] !== false ? v['mode'] : undefined)
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
