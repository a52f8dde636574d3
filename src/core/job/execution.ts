/**
 * A run of `sentinel job` started by the proof (a child process, or a Container Apps job execution) and what
 * came back, and how the proof reads each status ARM may answer for an execution (SPEC JobExecutionRunningState).
 */

/** A job run, its log lines kept as JSON lines (the evidence pack's job-log.jsonl). */
export interface JobRun {
  exitCode: number
  lines: Record<string, unknown>[]
  output: string
  /** The job's log lines did not arrive before the deadline (read from Log Analytics). */
  notArrived?: boolean
}

export function jobRun(exitCode: number, lines: Record<string, unknown>[]): JobRun {
  return {exitCode, lines, output: lines.map((l) => JSON.stringify(l)).join('\n') + '\n'}
}

/** An execution's status (SPEC JobExecutionRunningState) and its phase. */
export interface ExecutionState {
  status: string
  phase: ExecutionPhase
}

/**
 * in-progress: Running or Processing (ARM still placing it). succeeded: Succeeded. ended-unsuccessfully:
 * Failed, Stopped (stopped by hand) or Degraded (a replica failed): the execution is over without
 * success. unknown: Unknown, or a status this client does not know (a newer api-version may add one):
 * never read as an end, so a caller keeps waiting until its deadline and says it does not know.
 */
export type ExecutionPhase = 'in-progress' | 'succeeded' | 'ended-unsuccessfully' | 'unknown'

export function executionPhase(status: string): ExecutionPhase {
  if (status === 'Running' || status === 'Processing') return 'in-progress'
  if (status === 'Succeeded') return 'succeeded'
  if (status === 'Failed' || status === 'Stopped' || status === 'Degraded') return 'ended-unsuccessfully'
  return 'unknown'
}
