/** Severities in order, and the --fail-on test. */
import type {Severity} from '../model.js'

export const SEVERITY_RANK: Record<Severity, number> = {critical: 4, high: 3, medium: 2, low: 1, info: 0}

export function atOrAbove(severity: Severity, threshold: Severity | 'never'): boolean {
  return threshold !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
}
