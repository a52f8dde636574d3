/**
 * How severe a change of who a policy's groups or roles hold is: the policy it changes sets it. A
 * user newly exempt from an enforced policy over All users (the break-glass shape) is critical; a
 * weakening of a policy that blocks or guards administrators is at least high.
 */
import {getOwn, stringsOf, valueAt} from '../../json.js'
import type {Effect, JsonObject, References, Severity} from '../../model.js'
import {wellKnownReferences} from '../../well-known.js'
import {RULES, type RuleId} from '../rules.js'
import {atOrAbove} from '../severity-rank.js'
import {blocks, guardsAdministrators, isEnforced} from './policy-facts.js'

const WELL_KNOWN = wellKnownReferences()

/** A name where references.json (or the ids every tenant shares: built-in roles) knows one, else the id. */
export const nameOf = (refs: References, id: string): string =>
  getOwn(refs, id)?.displayName ?? getOwn(WELL_KNOWN, id)?.displayName ?? id

export interface MemberSeverityOf {
  policy: JsonObject
  rule: RuleId
  effect: Effect
  /** The group or role is one the policy excludes. */
  excluded: boolean
  /** The change makes a user newly exempt through that exclusion (a member or holder added). */
  newlyExempt: boolean
}

export function memberSeverity(m: MemberSeverityOf): Severity {
  const enforced = isEnforced(m.policy)
  if (m.effect === 'neutral') return enforced ? 'info' : 'low'
  if (m.effect === 'strengthens') return 'low'
  if (m.effect === 'unknown') return enforced && m.excluded ? 'high' : 'medium'
  const overAll = stringsOf(valueAt(m.policy, 'conditions.users.includeUsers')).includes('All')
  if (m.newlyExempt && m.excluded && enforced && overAll) return 'critical'
  const own = RULES[m.rule].severity
  const guarded = enforced && (blocks(m.policy) || guardsAdministrators(m.policy))
  return guarded && !atOrAbove(own, 'high') ? 'high' : own
}
