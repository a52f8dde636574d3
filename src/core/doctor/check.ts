/**
 * One checklist item (doctor, registry check): pass, fail or unknown, with the evidence seen and
 * the fix. Unknown is never shown as pass; the outcome of a list is fail > unknown > pass.
 */
import type {ResultOutcome} from '../outcomes.js'

export type CheckStatus = 'pass' | 'fail' | 'unknown'

export interface Check {
  id: string
  title: string
  status: CheckStatus
  evidence: string[]
  /** What to do when it does not pass. */
  fix?: string
}

/** Exit 3 when an item fails, 4 when none fails but some are unknown, 0 when all pass. */
export function checklistOutcome(checks: Check[]): ResultOutcome {
  if (checks.some((c) => c.status === 'fail')) return {kind: 'findings'}
  if (checks.some((c) => c.status === 'unknown')) return {kind: 'inconclusive'}
  return {kind: 'clean'}
}
