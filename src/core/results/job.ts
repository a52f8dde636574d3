/** One unattended run of `sentinel job` (rendered by render/job-summary.ts). */
import type {FindingState} from '../job/memory.js'
import type {DiffRun} from '../model.js'

export interface JobResult {
  exitCode: number
  /** The diff, when the tenant was read. */
  run?: DiffRun
  /** Report files written. */
  reports: string[]
  findings: Record<string, FindingState>
}
