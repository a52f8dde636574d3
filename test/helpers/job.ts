/** One run of the headless job in process against a test emulator (real adapters, no mocks of our modules). */
import {randomUUID} from 'node:crypto'
import {FsBaselineStore} from '../../dist/adapters/fs/baseline-store.js'
import {ReportFolder} from '../../dist/adapters/fs/report-folder.js'
import {connectTenant} from '../../dist/wiring/tenant-context.js'
import {toSentinelError} from '../../dist/cli/present.js'
import type {LogEvent} from '../../dist/core/job/log-event.js'
import type {RunningEmulator} from '../../dist/emulator/server.js'
import {JOB_REPORT_RENDERERS} from '../../dist/render/job-report.js'
import {runJob, type JobDeps, type JobOptions, type JobTenant} from '../../dist/services/run-job.js'
import {agentAppId, DEMO} from './emulator.js'
import {optionsFor} from './tenant.js'

export interface JobRunOptions {
  /** The agent identity by name (default the sentinel's). */
  agent?: string
  options?: Partial<JobOptions>
  signal?: AbortSignal
  notify?: JobDeps['notify']
  /** Adds to the connection (a SharePoint publisher). */
  withTenant?: (tenant: Awaited<ReturnType<typeof connectTenant>>) => JobTenant
}

export async function runJobOn(emu: RunningEmulator, reports: string, run: JobRunOptions = {}) {
  const events: LogEvent[] = []
  const correlationId = randomUUID()
  const result = await runJob(
    {
      connect: async () => {
        const tenant = await connectTenant(
          optionsFor(emu, {agentIdentity: agentAppId(emu, run.agent ?? DEMO.agents.sentinel.name), timeoutSeconds: 5}),
          {},
          () => undefined,
          {correlationId},
        )
        return run.withTenant ? run.withTenant(tenant) : tenant
      },
      store: new FsBaselineStore(),
      reports: new ReportFolder(reports),
      clock: {now: () => new Date()},
      log: (e) => events.push({time: new Date().toISOString(), runId: 'r', ...e} as LogEvent),
      signal: run.signal ?? new AbortController().signal,
      notify: run.notify,
      renderers: JOB_REPORT_RENDERERS,
    },
    {
      baseline: 'baselines/demo',
      failOn: 'low',
      onlyNew: false,
      retention: 30,
      runId: randomUUID(),
      correlationId,
      version: '0.0.0-test',
      toError: toSentinelError,
      ...run.options,
    },
  )
  return {result, events, correlationId, event: (name: string) => events.filter((e) => e.event === name)}
}
