/** severity.yaml: per-rule severity overrides, validated here so that a typo fails loudly. */
import {BadInputError} from '../errors.js'
import {SEVERITIES, type Severity} from '../model.js'
import {RULE_IDS, ruleInfo} from './rules.js'
import {SEVERITY_RANK} from './severity-rank.js'

export {RULE_IDS}

export type SeverityOverrides = Record<string, Severity>

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
  const out: SeverityOverrides = Object.create(null) as SeverityOverrides
  for (const [rule, severity] of Object.entries(map as Record<string, unknown>)) {
    if (rule === 'schemaVersion' && !hasRules) continue
    if (ruleInfo(rule) === undefined) {
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

/** Overrides that lower a weakening rule below its default: said on every run, so nobody forgets them. */
export function overrideWarnings(overrides: SeverityOverrides): string[] {
  const out: string[] = []
  for (const [rule, severity] of Object.entries(overrides)) {
    const info = ruleInfo(rule)
    if (!info?.weakening || SEVERITY_RANK[severity] >= SEVERITY_RANK[info.severity]) continue
    const floor =
      info.floor && SEVERITY_RANK[severity] < SEVERITY_RANK[info.floor] ? `; it never goes below ${info.floor}` : ''
    out.push(`severity.yaml lowers ${rule}, a weakening rule, from ${info.severity} to ${severity}${floor}`)
  }
  return out
}

/**
 * The severity a change reports under the overrides. A removed block, and a blocking policy (or one
 * that governs agents) disabled, switched to report-only or missing, never go below their floor.
 */
export function severityFor(rule: string, judged: Severity, overrides: SeverityOverrides, weakens: boolean): Severity {
  const chosen = overrides[rule] ?? judged
  const floor = ruleInfo(rule)?.floor
  if (weakens && floor && keepsItsFloor(rule, judged) && SEVERITY_RANK[chosen] < SEVERITY_RANK[floor]) return floor
  return chosen
}

/** A removed block, or a critical finding of a rule with a floor (a blocking policy disabled or missing): never lowered below it. */
export function keepsItsFloor(rule: string, judged: Severity): boolean {
  return ruleInfo(rule)?.floor !== undefined && (rule === 'block-removed' || judged === 'critical')
}
