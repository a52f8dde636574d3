/**
 * A weakening that another enforced policy compensates (the exposure search finds no sign-in that
 * must now satisfy less; core/exposure) is still drift, but it exposes nothing today: it is reported
 * at most at the baseline's `compensatedSeverity` (baseline.json; medium unless set, `keep` leaves
 * every severity as judged). A removed block, and a blocking policy (or one that governs agents)
 * disabled, switched to report-only or missing, keep their severity: the same guard severity.yaml
 * obeys (severity-overrides.ts), because the policy that covers them today can change tomorrow.
 */
import {SEVERITIES, type ExposureSection, type PolicyDrift, type Severity} from '../model.js'
import {highest} from './entries.js'
import {keepsItsFloor} from './severity-overrides.js'
import {SEVERITY_RANK} from './severity-rank.js'

export type CompensatedSeverity = Severity | 'keep'

export const COMPENSATED_SEVERITIES: readonly CompensatedSeverity[] = [...SEVERITIES, 'keep']

export const DEFAULT_COMPENSATED_SEVERITY: CompensatedSeverity = 'medium'

/** Lowers the compensated weakenings of `policies` in place; `moved` recounts each change whose severity moved. */
export function lowerCompensated(
  policies: PolicyDrift[],
  exposure: ExposureSection | undefined,
  setting: CompensatedSeverity,
  moved: (from: Severity, to: Severity) => void,
): void {
  if (!exposure || setting === 'keep' || exposure.compensated.length === 0) return
  const covering = new Map(exposure.compensated.map((c) => [c.policy.id.toLowerCase(), c.by]))
  for (const drift of policies) {
    const by = covering.get(drift.policyId.toLowerCase()) ?? covering.get(drift.liveId?.toLowerCase() ?? '')
    if (!by) continue
    const names = by.map((p) => p.displayName)
    const who = names.length === 0 ? 'the other enforced policies' : names.join(', ')
    for (const c of drift.changes) {
      if (c.accepted || c.effect !== 'weakens' || keepsItsFloor(c.rule, c.severity)) continue
      if (SEVERITY_RANK[c.severity] <= SEVERITY_RANK[setting]) continue
      const from = c.severity
      c.severity = setting
      c.compensated = {severity: from, by}
      c.reason += `; compensated: ${who} still ask what it asked of every sign-in it covered (${from} without that)`
      moved(from, setting)
    }
    const severity = highest(drift.changes)
    if (severity) drift.severity = severity
  }
}
