/**
 * The files one job run writes, one per format: the one list the job's writer, its error report and the
 * report folder's retention all read (a new format is added here and in render/job-report.ts's table).
 */
import type {SentinelError} from '../errors.js'
import type {DiffRun} from '../model.js'
import type {FindingState, TrendPoint} from './memory.js'

export const JOB_REPORT_FORMATS = ['json', 'md', 'sarif', 'html'] as const
export type JobReportFormat = (typeof JOB_REPORT_FORMATS)[number]

/** The job's own report names, 20261129T101500Z-1a2b3c4d.<format>: the retention removes only these. */
export const JOB_REPORT_NAME = new RegExp(`^(\\d{8}T\\d{6}Z-[0-9a-f]{8})\\.(${JOB_REPORT_FORMATS.join('|')})$`)

export function jobReportName(startedAt: Date, runId: string, format: JobReportFormat): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${runId.slice(0, 8)}.${format}`
}

/** What a job report says about its run besides the diff. */
export interface RunInfo {
  runId: string
  correlationId: string
  startedAt: string
  endedAt: string
  baseline: string
  tenantId?: string
  identity?: string
  exitCode: number
  /** fingerprint -> new, persisting or worsened, against the last run. */
  findings: Record<string, FindingState>
  resolved: string[]
  /** The same for the sign-in exposures (the tenant-level verdict), by their fingerprints. */
  exposures: Record<string, FindingState>
  resolvedExposures: string[]
  onlyNew: boolean
  /** Open findings by severity over the last runs, this one last (the HTML report draws it). */
  trend?: TrendPoint[]
}

/**
 * How each format reads a run that compared (every format) and a run that failed (the formats that can say so).
 * The wiring hands the job render/job-report.ts's table, so the job service never imports a renderer.
 */
export interface JobReportRenderers {
  report: Record<JobReportFormat, (run: DiffRun, info: RunInfo, version: string) => string>
  error: Partial<Record<JobReportFormat, (error: SentinelError, info: RunInfo) => string>>
}
