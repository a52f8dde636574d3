/**
 * Memory between runs: the last run's findings by fingerprint and severity, and its sign-in
 * exposures the same way. Each finding (exposure) of this run is new, persisting or worsened (same
 * fingerprint, higher severity); one of the last run that is gone is resolved. Only a run that read
 * the tenant is remembered.
 */
import {SEVERITY_RANK} from '../diff/severity-rank.js'
import {zeroPerSeverity, type Attribution, type DiffResult, type Severity} from '../model.js'

export interface RunMemory {
  schemaVersion: 1
  runId: string
  at: string
  /** fingerprint -> severity of every open (not accepted) finding. */
  findings: Record<string, Severity>
  /**
   * fingerprint -> severity of every sign-in exposure (the tenant-level verdict). Absent from a memory
   * written before exposures were remembered: each exposure then counts as new once.
   */
  exposures?: Record<string, Severity>
  /** The open findings by severity of the last TREND_RUNS runs that read the tenant, oldest first (absent from older memories). */
  history?: TrendPoint[]
  /** fingerprint -> who made it, for open findings the audit log named (it forgets after 30 days; the memory does not). */
  attributions?: Record<string, FoundAttribution>
}

type FoundAttribution = Extract<Attribution, {found: true}>

/**
 * Who made each open finding, kept across runs: a persisting finding whose entry has left the audit
 * log (not-in-log) takes the one the memory kept, marked remembered. Changes the report in place and
 * answers what to remember for this run's open findings.
 */
export function carryAttributions(
  report: DiffResult,
  previous: RunMemory | undefined,
): Record<string, FoundAttribution> {
  const kept: Record<string, FoundAttribution> = {}
  const before = previous?.attributions ?? {}
  for (const drift of [...report.policies, ...report.namedLocations])
    for (const change of drift.changes) {
      if (change.accepted) continue
      const a = change.attribution
      const old = Object.hasOwn(before, change.fingerprint) ? before[change.fingerprint] : undefined
      if (a?.found) kept[change.fingerprint] = a
      else if (a?.reason === 'not-in-log' && old?.found === true) {
        change.attribution = {...old, remembered: true}
        kept[change.fingerprint] = change.attribution
      }
    }
  return kept
}

/** One run in the trend across job runs. */
export interface TrendPoint {
  runId: string
  at: string
  open: Record<Severity, number>
}

export const TREND_RUNS = 30

/** The trend with this run added, the oldest dropped past TREND_RUNS; an unreadable history starts again. */
export function nextHistory(previous: RunMemory | undefined, point: TrendPoint): TrendPoint[] {
  const kept = Array.isArray(previous?.history)
    ? previous.history.filter((p) => typeof p?.at === 'string' && typeof p.open === 'object' && p.open !== null)
    : []
  return [...kept, point].slice(-TREND_RUNS)
}

/** The open findings of a run by severity, from its fingerprint -> severity map. */
export function countBySeverity(findings: Record<string, Severity>): Record<Severity, number> {
  const counts = zeroPerSeverity()
  for (const severity of Object.values(findings)) counts[severity]++
  return counts
}

export type FindingState = 'new' | 'persisting' | 'worsened'

export interface Comparison {
  states: Record<string, FindingState>
  resolved: string[]
}

/** This run's findings (or exposures) against the last run's: fingerprint -> severity on both sides. */
export function compareRuns(
  previous: Record<string, Severity> | undefined,
  current: Record<string, Severity>,
): Comparison {
  const states: Record<string, FindingState> = {}
  for (const [fingerprint, severity] of Object.entries(current)) {
    const before = previous !== undefined && Object.hasOwn(previous, fingerprint) ? previous[fingerprint] : undefined
    states[fingerprint] =
      before === undefined ? 'new' : SEVERITY_RANK[severity] > SEVERITY_RANK[before] ? 'worsened' : 'persisting'
  }
  const resolved = Object.keys(previous ?? {}).filter((f) => !Object.hasOwn(current, f))
  return {states, resolved: resolved.sort()}
}

/** How many findings are new, worsened and persisting, and how many were resolved, since the last run. */
export function countSinceLastRun(comparison: Comparison): Record<FindingState, number> & {resolved: number} {
  const counts = {new: 0, worsened: 0, persisting: 0, resolved: comparison.resolved.length}
  for (const state of Object.values(comparison.states)) counts[state]++
  return counts
}
