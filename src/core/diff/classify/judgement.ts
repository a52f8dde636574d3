/** A judgement of a change, and how values are quoted in reasons. */
import type {JsonValue, Judgement, Severity} from '../../model.js'

export function judge(rule: string, effect: Judgement['effect'], severity: Severity, reason: string): Judgement {
  return {rule, effect, severity, reason}
}

export function show(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}
