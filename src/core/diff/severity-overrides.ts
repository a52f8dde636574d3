/** severity.yaml: per-rule severity overrides, validated here so that a typo fails loudly. */
import {BadInputError} from '../errors.js'
import {SEVERITIES, type Severity} from '../model.js'

export type SeverityOverrides = Record<string, Severity>

export const RULE_IDS = [
  'state-weakened',
  'state-strengthened',
  'state-changed',
  'display-name-changed',
  'description-changed',
  'exclusion-added',
  'exclusion-removed',
  'include-narrowed',
  'include-widened',
  'condition-narrowed',
  'condition-widened',
  'risk-narrowed',
  'agent-risk-narrowed',
  'agent-filter-changed',
  'filter-changed',
  'block-removed',
  'block-added',
  'grant-control-removed',
  'grant-control-added',
  'grant-operator-or',
  'grant-operator-and',
  'grant-operator-changed',
  'authentication-strength-weakened',
  'authentication-strength-strengthened',
  'authentication-strength-changed',
  'sign-in-frequency-longer',
  'sign-in-frequency-shorter',
  'session-control-weakened',
  'session-control-strengthened',
  'session-control-removed',
  'session-control-added',
  'session-control-changed',
  'unknown-change',
  'unmodelled-field-changed',
  'policy-missing',
  'policy-added',
  'policy-recreated',
  'named-location-widened',
  'named-location-narrowed',
  'named-location-trust-changed',
  'named-location-changed',
  'named-location-missing',
  'named-location-added',
] as const

/** Parsed YAML of severity.yaml: {rules: {<rule id>: <severity>}} (a bare map is accepted too). */
export function parseSeverityOverrides(data: unknown, file: string): SeverityOverrides {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data))
    throw new BadInputError(file, '', 'expected a map of rule id to severity under "rules:"')
  const hasRules = 'rules' in (data as object)
  const map = hasRules ? (data as {rules: unknown}).rules : data
  const base = hasRules ? '/rules' : ''
  if (map === null || typeof map !== 'object' || Array.isArray(map))
    throw new BadInputError(file, base, 'expected a map of rule id to severity')
  const out: SeverityOverrides = {}
  for (const [rule, severity] of Object.entries(map as Record<string, unknown>)) {
    if (rule === 'schemaVersion' && !hasRules) continue
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      throw new BadInputError(
        file,
        `${base}/${rule}`,
        `unknown rule id "${rule}"; expected one of: ${RULE_IDS.join(', ')}`,
      )
    }
    if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
      throw new BadInputError(file, `${base}/${rule}`, `expected a severity (${SEVERITIES.join(', ')})`)
    }
    out[rule] = severity as Severity
  }
  return out
}
