/**
 * The proof's job run on Azure: the deployed Container Apps job started through ARM with the proof's correlation
 * ID as an execution override, followed until it ends (or the deadline), then its log lines read back from the log
 * store, polled until the run's job.end line arrives or the deadline passes (Log Analytics rows arrive late).
 */
import {jobRun, type ExecutionState, type JobRun} from '../core/job/execution.js'
import type {JobExecutions, JobRunner, LogQuery} from '../ports.js'

export interface ContainerAppsRunDeps {
  executions: JobExecutions
  logs: LogQuery
  sleep(ms: number): Promise<void>
  /** Epoch milliseconds (the run's deadline is measured on it). */
  now(): number
  note(text: string): void
}

export function containerAppsJobRunner(
  deps: ContainerAppsRunDeps,
  timing: {deadlineMs: number; pollMs: number},
): JobRunner {
  return {
    run: (correlationId, signal) => runOnce(deps, timing, correlationId, signal),
  }
}

async function runOnce(
  deps: ContainerAppsRunDeps,
  timing: {deadlineMs: number; pollMs: number},
  correlationId: string,
  signal?: AbortSignal,
): Promise<JobRun> {
  const execution = await deps.executions.start({SENTINEL_CORRELATION_ID: correlationId})
  deps.note(`Started the Container Apps job execution ${execution}.`)
  const end = deps.now() + timing.deadlineMs
  // Running and Processing are in progress; Unknown (or a status this client does not know) is never an end.
  let state: ExecutionState = {status: 'Processing', phase: 'in-progress'}
  while ((state.phase === 'in-progress' || state.phase === 'unknown') && deps.now() < end && !signal?.aborted) {
    await deps.sleep(timing.pollMs)
    state = await deps.executions.status(execution)
  }
  const ended =
    state.phase === 'in-progress' || state.phase === 'unknown'
      ? `ARM still answers ${state.status} at the deadline`
      : `the execution ended: ${state.status}`
  const said = `${ended[0]!.toUpperCase()}${ended.slice(1)}`
  const exitCode = state.phase === 'succeeded' ? 0 : 1
  for (;;) {
    const lines = await deps.logs.lines({correlationId})
    if (lines.some((l) => l['event'] === 'job.end')) {
      deps.note(`${said}.`)
      return jobRun(exitCode, lines)
    }
    if (deps.now() >= end || signal?.aborted) {
      deps.note(`${said}; its job.end line did not arrive in ${deps.logs.describe()} in time.`)
      return lines.length > 0 ? jobRun(exitCode, lines) : {exitCode: -1, lines: [], output: '', notArrived: true}
    }
    await deps.sleep(timing.pollMs)
  }
}
