/** What `sentinel baseline update` took into the baseline (rendered by render/baseline-update.ts). */
import type {PolicyDrift} from '../model.js'

export interface UpdateResult {
  baseline: string
  /** The drift taken in, one entry per named policy. */
  applied: PolicyDrift[]
  /** Named policies that were already as in the tenant. */
  unchanged: string[]
  filesWritten: number
  warnings: string[]
}
