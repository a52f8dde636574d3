/** One unattended run of `sentinel job` (rendered by render/job-summary.ts). */
import type {FindingState} from '../job/memory.js'
import type {DiffRun} from '../model.js'

interface JobEnd {
  exitCode: number
  /** Report files written. */
  reports: string[]
  findings: Record<string, FindingState>
}

/** The tenant was read and judged (whatever the verdict), or the run failed before it could be. */
export type JobResult = (JobEnd & {kind: 'judged'; run: DiffRun}) | (JobEnd & {kind: 'failed'})
