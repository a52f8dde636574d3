/**
 * Every rule that can judge a change, with its default severity. The rule names the kind of change
 * people read (an exclusion added, an operator switched); its effect comes from the policy's meaning
 * (core/meaning). `weakening` marks the rules that report a weakening, whose severity an override
 * in severity.yaml may not lower without a warning; `floor` is the least severity they ever get.
 */
import type {Severity} from '../model.js'

interface RuleInfo {
  severity: Severity
  weakening?: true
  floor?: Severity
}

export const RULES = {
  'state-weakened': {severity: 'high', weakening: true, floor: 'high'},
  'state-strengthened': {severity: 'low'},
  'state-changed': {severity: 'low'},
  'display-name-changed': {severity: 'info'},
  'display-name-taken': {severity: 'medium'},
  'description-changed': {severity: 'info'},
  'exclusion-added': {severity: 'high', weakening: true},
  'exclusion-removed': {severity: 'low'},
  'include-narrowed': {severity: 'medium', weakening: true},
  'include-widened': {severity: 'low'},
  'condition-narrowed': {severity: 'medium', weakening: true},
  'condition-widened': {severity: 'low'},
  'no-effect': {severity: 'info'},
  'scope-changed': {severity: 'medium'},
  'risk-narrowed': {severity: 'high', weakening: true},
  'agent-risk-narrowed': {severity: 'high', weakening: true},
  'agent-filter-changed': {severity: 'high'},
  'filter-changed': {severity: 'medium'},
  'block-removed': {severity: 'critical', weakening: true, floor: 'high'},
  'block-added': {severity: 'medium'},
  'grant-control-removed': {severity: 'high', weakening: true},
  'grant-control-added': {severity: 'low'},
  'grant-alternative-added': {severity: 'high', weakening: true},
  'grant-alternative-removed': {severity: 'low'},
  'grant-control-changed': {severity: 'info'},
  'grant-operator-or': {severity: 'high', weakening: true},
  'grant-operator-and': {severity: 'low'},
  'grant-operator-changed': {severity: 'info'},
  'authentication-strength-weakened': {severity: 'high', weakening: true},
  'authentication-strength-strengthened': {severity: 'low'},
  'authentication-strength-changed': {severity: 'medium'},
  'sign-in-frequency-longer': {severity: 'medium', weakening: true},
  'sign-in-frequency-shorter': {severity: 'low'},
  'session-control-weakened': {severity: 'medium', weakening: true},
  'session-control-strengthened': {severity: 'low'},
  'session-control-removed': {severity: 'medium', weakening: true},
  'session-control-added': {severity: 'low'},
  'session-control-changed': {severity: 'medium'},
  'unknown-change': {severity: 'medium'},
  'unmodelled-field-changed': {severity: 'medium'},
  'policy-missing': {severity: 'high', weakening: true, floor: 'high'},
  'policy-added': {severity: 'medium'},
  'policy-recreated': {severity: 'low'},
  'exclusion-group-member-added': {severity: 'high', weakening: true},
  'exclusion-group-member-removed': {severity: 'low'},
  'include-group-member-removed': {severity: 'medium', weakening: true},
  'include-group-member-added': {severity: 'low'},
  'group-membership-changed': {severity: 'medium'},
  'excluded-role-holder-added': {severity: 'high', weakening: true},
  'excluded-role-holder-removed': {severity: 'low'},
  'included-role-holder-removed': {severity: 'medium', weakening: true},
  'included-role-holder-added': {severity: 'low'},
  'role-holders-changed': {severity: 'medium'},
  'exempt-principal-enabled': {severity: 'medium', weakening: true},
  'named-principal-missing': {severity: 'medium'},
  'authentication-context-unavailable': {severity: 'high', weakening: true},
  'authentication-context-available': {severity: 'low'},
  'terms-of-use-changed': {severity: 'medium'},
  'agent-newly-exempt': {severity: 'high', weakening: true},
  'agent-newly-covered': {severity: 'low'},
  'agent-attribute-changed': {severity: 'medium'},
  'named-location-widened': {severity: 'high', weakening: true},
  'named-location-narrowed': {severity: 'high', weakening: true},
  'named-location-trust-changed': {severity: 'high', weakening: true},
  'named-location-changed': {severity: 'medium'},
  'named-location-missing': {severity: 'medium'},
  'named-location-added': {severity: 'low'},
} satisfies Record<string, RuleInfo>

export type RuleId = keyof typeof RULES
export const RULE_IDS = Object.keys(RULES) as RuleId[]

export function ruleInfo(rule: string): RuleInfo | undefined {
  return (RULES as Record<string, RuleInfo>)[rule]
}
