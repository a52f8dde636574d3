/** What the job's notification (an Adaptive Card, render/adaptive-card.ts) is about, and when a run is worth one. */
import type {DiffReport} from '../model.js'
import type {FindingState} from './memory.js'

export interface CardInput {
  runId: string
  correlationId: string
  tenantId?: string
  baseline: string
  /** Set for a CA block. */
  blocked?: {message: string; traceId?: string}
  report?: DiffReport
  states?: Record<string, FindingState>
  /** The sign-in exposures' states against the last run, by fingerprint. */
  exposureStates?: Record<string, FindingState>
}

/** A CA block always; drift (or a sign-in exposure) only when something is new or worsened (persisting drift was told before). */
export function worthNotifying(input: CardInput): boolean {
  if (input.blocked) return true
  return [...Object.values(input.states ?? {}), ...Object.values(input.exposureStates ?? {})].some(
    (s) => s !== 'persisting',
  )
}
