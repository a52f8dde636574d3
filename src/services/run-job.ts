/**
 * `sentinel job`: one unattended run. Takes the report folder, gets the agent's token, reads the
 * tenant, diffs it against the committed baseline, marks each finding (and each sign-in exposure)
 * new, persisting or worsened against the last run, writes the reports atomically and remembers this run; logs each step as
 * one JSON line. When Conditional Access blocks the token it logs token.blocked with the
 * article's message, AADSTS53003 and the correlation ID. Any failure exits 1, and says so in the
 * log and in a report: a run that could not read never looks like "no drift".
 */
import {acceptToken} from '../core/auth/token-claims.js'
import {BLOCKED_MESSAGE, ConditionalAccessBlock} from '../core/auth/token-failure.js'
import {SentinelError} from '../core/errors.js'
import {carryAttributions, countBySeverity, countSinceLastRun, nextHistory, type RunMemory} from '../core/job/memory.js'
import {onlyNewOutcome, sinceLastRun, type SinceLastRun} from '../core/job/since-last-run.js'
import type {DiffRun, Severity} from '../core/model.js'
import {exitCodeFor} from '../core/outcomes.js'
import type {BaselineStore, LiveSource, ReportPublisher, TokenSource} from '../ports.js'
import {dependenciesOf} from './read-dependencies.js'
import {JOB_REPORT_FORMATS, type JobReportRenderers, type RunInfo} from '../core/job/reports.js'
import {abortable, JobOutput, type OutputDeps} from './job-output.js'
import {diffRead} from './run-diff.js'
import {attributeRun} from './attribute-run.js'
import type {JobResult} from '../core/results/job.js'

export interface JobTenant {
  tenantId: string
  tokens: TokenSource
  scope: string
  describe: string
  live(): LiveSource
  /** --sharepoint-site: the reports are written back there too. */
  publisher?: ReportPublisher
  close(): Promise<void>
}

/** The report folder, clock, log, abort signal and notification of OutputDeps, and: */
export interface JobDeps extends OutputDeps {
  connect(): Promise<JobTenant>
  store: BaselineStore
  /** Aborted by SIGTERM or the run's deadline; its reason is the typed error to end with. */
  signal: AbortSignal
  /** How each report format reads a run (render/job-report.ts's table, handed in by the wiring). */
  renderers: JobReportRenderers
}

export interface JobOptions {
  baseline: string
  failOn: Severity | 'never'
  /** --fail-on-exposure: exposures at or above it fail the run too. */
  failOnExposure?: Severity | 'never'
  onlyNew: boolean
  retention: number
  runId: string
  correlationId: string
  version: string
  /** Makes a typed error out of anything thrown (the presenter's mapping). */
  toError(error: unknown): SentinelError
}

export async function runJob(deps: JobDeps, options: JobOptions): Promise<JobResult> {
  const startedAt = deps.clock.now()
  const {correlationId} = options
  const info: RunInfo = {
    runId: options.runId,
    correlationId,
    startedAt: startedAt.toISOString(),
    endedAt: startedAt.toISOString(),
    baseline: options.baseline,
    exitCode: 1,
    findings: {},
    resolved: [],
    exposures: {},
    resolvedExposures: [],
    onlyNew: options.onlyNew,
  }
  deps.log({
    level: 'info',
    event: 'job.start',
    message: 'sentinel job started',
    correlationId,
    baseline: options.baseline,
    reports: deps.reports.describe(),
  })
  let release: (() => Promise<void>) | undefined
  let tenant: JobTenant | undefined
  const output = new JobOutput(deps, {runId: options.runId, correlationId, startedAt})
  try {
    release = await abortable(deps.reports.lock(), deps.signal)
    tenant = await abortable(deps.connect(), deps.signal)
    info.tenantId = tenant.tenantId
    info.identity = tenant.tokens.describe()
    await acquireToken(tenant, deps, correlationId)
    return await judgeAndDeliver(deps, options, {tenant, info, output})
  } catch (thrown) {
    // The report says the run failed (unless another run holds the folder: its reports are its own).
    return await failed(deps, options, {info, output, reportsHeld: release !== undefined}, thrown)
  } finally {
    await tenant?.close().catch(() => undefined)
    await release?.()
  }
}

interface RunState {
  tenant: JobTenant
  info: RunInfo
  output: JobOutput
}

/** The drift judged against the last run's, then the reports, the notification, the run's memory and the write-back. */
async function judgeAndDeliver(
  deps: JobDeps,
  options: JobOptions,
  {tenant, info, output}: RunState,
): Promise<JobResult> {
  const run = await readAndDiff(deps, tenant, options)
  const {memory, warning} = await deps.reports.readMemory()
  if (warning) run.warnings.push(warning)
  const since = sinceLastRun(run.report, memory)
  const {comparison} = since
  const attributions = carryAttributions(run.report, memory)
  info.findings = comparison.states
  info.resolved = comparison.resolved
  info.exposures = since.exposureComparison.states
  info.resolvedExposures = since.exposureComparison.resolved
  const history = nextHistory(memory, {runId: options.runId, at: info.startedAt, open: countBySeverity(since.findings)})
  info.trend = history
  const outcome = options.onlyNew ? onlyNewOutcome(run, since, options) : run.outcome
  info.exitCode = exitCodeFor(outcome)
  logDrift(deps, run, since, options)
  if (deps.signal.aborted) throw deps.signal.reason as Error
  info.endedAt = deps.clock.now().toISOString()
  for (const format of JOB_REPORT_FORMATS)
    await output.write(format, deps.renderers.report[format]({...run, outcome}, info, options.version))
  await output.notify({
    runId: options.runId,
    correlationId: options.correlationId,
    tenantId: info.tenantId,
    baseline: options.baseline,
    report: run.report,
    states: comparison.states,
    exposureStates: since.exposureComparison.states,
  })
  const remembered: RunMemory = {
    schemaVersion: 1,
    runId: options.runId,
    at: info.startedAt,
    findings: since.findings,
    exposures: since.exposures,
    history,
    ...(Object.keys(attributions).length > 0 ? {attributions} : {}),
  }
  await deps.reports.writeMemory(remembered)
  await deps.reports.prune(options.retention)
  const judged = {kind: 'judged', run: {...run, outcome}, reports: output.written, findings: info.findings} as const
  // The reports are safe in the folder; a failed write-back is an error of its own (exit 1).
  if (tenant.publisher && (await output.publish(tenant.publisher))) {
    info.exitCode = 1
    output.end('error', 1, 'write-back failed')
    return {exitCode: 1, ...judged}
  }
  output.end(outcome.kind, info.exitCode)
  return {exitCode: info.exitCode, ...judged}
}

/** A run that failed: its exit code, the notification of a CA block, and error reports where the folder is the run's. */
async function failed(
  deps: JobDeps,
  options: JobOptions,
  {info, output, reportsHeld}: {info: RunInfo; output: JobOutput; reportsHeld: boolean},
  thrown: unknown,
): Promise<JobResult> {
  const error = options.toError(thrown)
  info.exitCode = exitCodeFor({kind: 'error', usage: error.usage})
  if (error instanceof ConditionalAccessBlock)
    await output.notify({
      runId: options.runId,
      correlationId: options.correlationId,
      tenantId: info.tenantId,
      baseline: options.baseline,
      blocked: {message: BLOCKED_MESSAGE, traceId: error.traceId},
    })
  info.endedAt = deps.clock.now().toISOString()
  output.error(error)
  if (reportsHeld) {
    for (const format of JOB_REPORT_FORMATS) {
      const render = deps.renderers.error[format]
      if (render) await output.write(format, render(error, info)).catch(() => undefined)
    }
  }
  output.end('error', info.exitCode)
  return {kind: 'failed', exitCode: info.exitCode, reports: output.written, findings: {}}
}

/** Reads the tenant (logged) and the baseline, and diffs them: the tenant read is the token's. */
async function readAndDiff(deps: JobDeps, tenant: JobTenant, options: JobOptions): Promise<DiffRun> {
  const {correlationId} = options
  // The baseline first: one that tracks its groups' members is diffed with them, or not at all.
  const baseline = await abortable(deps.store.read(options.baseline), deps.signal)
  const data = await abortable(tenant.live().read(dependenciesOf(baseline)), deps.signal)
  deps.log({
    level: 'info',
    event: 'policies.read',
    message: `read ${data.policies.length} policies and ${data.namedLocations?.length ?? 0} named locations`,
    correlationId,
    policies: data.policies.length,
    namedLocations: data.namedLocations?.length ?? 0,
  })
  const now = deps.clock.now()
  const run = diffRead(
    baseline,
    data,
    {describe: tenant.describe, now},
    {
      baseline: options.baseline,
      failOn: options.failOn,
      failOnExposure: options.failOnExposure,
      all: false,
      tenant: {id: tenant.tenantId, allowMismatch: false},
    },
  )
  await abortable(attributeRun(tenant.live(), run, now), deps.signal)
  return run
}

/** drift.found with the counts against the last run, or drift.none. */
function logDrift(deps: JobDeps, run: DiffRun, since: SinceLastRun, options: JobOptions): void {
  const {correlationId} = options
  const exposed = countSinceLastRun(since.exposureComparison)
  if (exposed.new + exposed.worsened + exposed.persisting + exposed.resolved > 0)
    deps.log({
      level: exposed.new + exposed.worsened + exposed.persisting > 0 ? 'warn' : 'info',
      event: 'exposure.found',
      message: `${exposed.new + exposed.worsened + exposed.persisting} sign-in exposure(s) over every enforced policy: ${exposed.new} new, ${exposed.worsened} worsened, ${exposed.persisting} persisting; ${exposed.resolved} resolved`,
      correlationId,
      ...exposed,
    })
  const counts = countSinceLastRun(since.comparison)
  const open = counts.new + counts.worsened + counts.persisting
  if (open > 0)
    deps.log({
      level: 'warn',
      event: 'drift.found',
      message: `${open} open finding(s): ${counts.new} new, ${counts.worsened} worsened, ${counts.persisting} persisting; ${counts.resolved} resolved`,
      correlationId,
      weakening: run.report.summary.weakening,
      ...counts,
    })
  else
    deps.log({
      level: 'info',
      event: 'drift.none',
      message: `no drift from ${options.baseline}${counts.resolved > 0 ? ` (${counts.resolved} resolved since the last run)` : ''}`,
      correlationId,
      resolved: counts.resolved,
    })
}

/** The first token of the run: its own log line, and the CA block as the article's one line. */
async function acquireToken(tenant: JobTenant, deps: JobDeps, correlationId: string): Promise<void> {
  try {
    const {token} = await abortable(tenant.tokens.getToken(tenant.scope, {correlationId}), deps.signal)
    const claims = acceptToken(token, {
      agent: tenant.tokens.agent,
      tenantId: tenant.tenantId,
      via: tenant.tokens.describe(),
    })
    deps.log({
      level: 'info',
      event: 'token.acquired',
      message: `token acquired as ${tenant.tokens.describe()}`,
      correlationId,
      via: tenant.tokens.kind,
      appId: claims.appId,
      objectId: claims.objectId,
    })
  } catch (error) {
    if (error instanceof ConditionalAccessBlock)
      deps.log({
        level: 'error',
        event: 'token.blocked',
        message: BLOCKED_MESSAGE,
        errorCode: 'AADSTS53003',
        correlationId: error.correlationId ?? correlationId,
        traceId: error.traceId,
      })
    throw error
  }
}
