/**
 * One change outside the policies (a member joining an exclusion group, a role holder, an agent's
 * approval) is a finding on every policy it changes: twenty-five findings for one act. The reports
 * lead with each such change once, how many policies it weakens (strengthens), its worst severity and
 * who made it, before the per-policy detail.
 */
import {stableJson} from '../core/canonical/members.js'
import {SEVERITY_RANK} from '../core/diff/severity-rank.js'
import type {Change, DiffReport, Effect, Severity} from '../core/model.js'

export interface RootCause {
  /** The change as the first policy's finding has it (the line every policy shares). */
  change: Change
  /** The policies it changes, by display name, sorted. */
  policies: string[]
  severity: Severity
  /** How many policies it changes each way. */
  effects: Partial<Record<Effect, number>>
}

/** The dependency changes (paths under `dependencies.`) that more than one policy's open findings share. */
export function rootCauses(report: DiffReport): RootCause[] {
  const byKey = new Map<string, RootCause>()
  for (const p of report.policies)
    for (const c of p.changes) {
      if (!c.path.startsWith('dependencies.') || c.accepted) continue
      const key = stableJson({
        path: c.path,
        added: c.added,
        removed: c.removed,
        before: c.before ?? null,
        after: c.after ?? null,
      })
      const cause = byKey.get(key) ?? {change: c, policies: [], severity: c.severity, effects: {}}
      byKey.set(key, cause)
      cause.policies.push(p.displayName)
      if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[cause.severity]) cause.severity = c.severity
      cause.effects[c.effect] = (cause.effects[c.effect] ?? 0) + 1
    }
  return [...byKey.values()]
    .filter((r) => r.policies.length > 1)
    .map((r) => ({...r, policies: [...r.policies].sort()}))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.policies.length - a.policies.length)
}

/** "weakens 25 policies", "weakens 3 policies, strengthens 1 policy". */
export function causeCounts(cause: RootCause): string {
  return Object.entries(cause.effects)
    .map(([effect, n]) => `${effect} ${n} ${n === 1 ? 'policy' : 'policies'}`)
    .join(', ')
}
