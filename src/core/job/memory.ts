/**
 * Memory between runs: the last run's findings by fingerprint and severity. Each finding of this
 * run is new, persisting or worsened (same fingerprint, higher severity); a finding of the last run
 * that is gone is resolved. Only a run that read the tenant is remembered.
 */
import {SEVERITIES, type Severity} from '../model.js'

export interface RunMemory {
  schemaVersion: 1
  runId: string
  at: string
  /** fingerprint -> severity of every open (not accepted) finding. */
  findings: Record<string, Severity>
}

export type FindingState = 'new' | 'persisting' | 'worsened'

export interface Comparison {
  states: Record<string, FindingState>
  resolved: string[]
}

const rank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s)

export function compareRuns(previous: RunMemory | undefined, current: Record<string, Severity>): Comparison {
  const states: Record<string, FindingState> = {}
  for (const [fingerprint, severity] of Object.entries(current)) {
    const before = previous?.findings[fingerprint]
    states[fingerprint] = before === undefined ? 'new' : rank(severity) > rank(before) ? 'worsened' : 'persisting'
  }
  const resolved = Object.keys(previous?.findings ?? {}).filter((f) => !(f in current))
  return {states, resolved: resolved.sort()}
}
