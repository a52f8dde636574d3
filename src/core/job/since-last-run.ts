/**
 * A judged run against the last one (pure): its open findings and sign-in exposures, each new,
 * persisting or worsened, and those of the last run that resolved; and what --only-new makes of it.
 */
import {atOrAbove} from '../diff/severity-rank.js'
import type {DiffResult, DiffRun, Severity} from '../model.js'
import type {ResultOutcome} from '../outcomes.js'
import {compareRuns, type Comparison, type RunMemory} from './memory.js'

export interface SinceLastRun {
  /** fingerprint -> severity of every finding that is not accepted. */
  findings: Record<string, Severity>
  /** fingerprint -> severity of every sign-in exposure. */
  exposures: Record<string, Severity>
  comparison: Comparison
  exposureComparison: Comparison
}

export function sinceLastRun(report: DiffResult, memory: RunMemory | undefined): SinceLastRun {
  const findings: Record<string, Severity> = {}
  for (const drift of [...report.policies, ...report.namedLocations])
    for (const change of drift.changes) if (!change.accepted) findings[change.fingerprint] = change.severity
  const exposures: Record<string, Severity> = {}
  for (const e of report.exposure?.exposures ?? []) exposures[e.fingerprint] = e.severity
  return {
    findings,
    exposures,
    comparison: compareRuns(memory?.findings, findings),
    exposureComparison: compareRuns(memory?.exposures, exposures),
  }
}

/** --only-new: only new or worsened findings at or above --fail-on (exposures at or above --fail-on-exposure) raise the exit code. */
export function onlyNewOutcome(
  run: DiffRun,
  since: SinceLastRun,
  gates: {failOn: Severity | 'never'; failOnExposure?: Severity | 'never'},
): ResultOutcome {
  if (run.outcome.kind !== 'findings') return run.outcome
  const fresh = (comparison: Comparison, fingerprint: string) => comparison.states[fingerprint] !== 'persisting'
  const finding = [...run.report.policies, ...run.report.namedLocations].some((d) =>
    d.changes.some((c) => !c.accepted && atOrAbove(c.severity, gates.failOn) && fresh(since.comparison, c.fingerprint)),
  )
  const exposure = (run.report.exposure?.exposures ?? []).some(
    (e) => atOrAbove(e.severity, gates.failOnExposure ?? 'never') && fresh(since.exposureComparison, e.fingerprint),
  )
  return finding || exposure ? {kind: 'findings'} : {kind: 'findings', belowFailOn: true}
}
