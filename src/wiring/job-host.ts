/**
 * Hosts one job run in this process: the run id and correlation ID, the log writer (JSON lines or
 * text), SIGTERM and the overall deadline as one abort signal, and the real adapters. A SIGTERM
 * ends the run within 5 s: the run stops at its next step, writes what it must atomically, and a
 * last-resort timer exits if anything hangs.
 */
import {randomUUID} from 'node:crypto'
import {correlationIdFrom} from './correlation-id.js'
import {join} from 'node:path'
import {checkDoneMarker, writeDoneMarker} from '../adapters/fs/done-marker.js'
import {FsBaselineStore} from '../adapters/fs/baseline-store.js'
import {ReportFolder} from '../adapters/fs/report-folder.js'
import {SentinelError} from '../core/errors.js'
import {jsonLine, textLine, type LogEvent} from '../core/job/log-event.js'
import type {Severity} from '../core/model.js'
import {runJob} from '../services/run-job.js'
import type {JobResult} from '../core/results/job.js'
import {ofShard, shardFromEnv} from '../core/job/shard.js'
import {readTenantsFile} from './tenants-file.js'
import type {CardInput} from '../core/job/notification.js'
import {JOB_REPORT_RENDERERS} from '../render/job-report.js'
import {checkWebhookUrl, postWebhook} from '../adapters/http/webhook.js'
import {createTransport} from '../adapters/http/transport.js'
import {adaptiveCard} from '../render/adaptive-card.js'
import {renderJobSummary} from '../render/job-summary.js'
import {toSentinelError} from '../cli/present.js'
import {invokedAs} from '../cli/invocation.js'
import {connectTenant} from './tenant-context.js'
import type {TenantOptions} from '../cli/tenant-flags.js'

/** One job run's settings (the job command's flags, its config file and environment merged). */
export interface JobHostOptions {
  tenant: TenantOptions
  baseline: string
  reports: string
  retention: number
  failOn: Severity | 'never'
  failOnExposure?: Severity | 'never'
  onlyNew: boolean
  logFormat: 'json' | 'text'
  runTimeoutSeconds: number
  doneMarker?: string
  notifyWebhook?: string
  /** A tenants file: this execution runs its shard of them. */
  tenants?: string
  sharePoint?: {site: string; folder?: string}
}

type RunTenant = (
  settings: JobHostOptions,
  reports: string,
  tag: Record<string, string>,
  correlation: string,
) => Promise<JobResult>

export async function runJobFromCli(
  options: JobHostOptions,
  version: string,
  out: (text: string) => void,
): Promise<number> {
  const webhook = options.notifyWebhook
  if (webhook) checkWebhookUrl(webhook)
  const marker = options.doneMarker ? checkDoneMarker(options.doneMarker) : undefined
  const runId = randomUUID()
  const correlationId = correlationIdFrom(process.env)
  const format = options.logFormat === 'text' ? textLine : jsonLine
  const log = (event: Omit<LogEvent, 'time' | 'runId'>) =>
    out(format({time: new Date().toISOString(), runId, ...event} as LogEvent))
  // The done marker: written once, whatever the outcome, so a sidecar waiting on it stops.
  let marked = false
  const done = async (exitCode: number) => {
    if (!marker || marked) return
    marked = true
    await writeDoneMarker(marker, JSON.stringify({runId, exitCode}) + '\n')
  }
  const stop = stopSignal(options.runTimeoutSeconds, done)
  const notify = webhook ? webhookNotifier(webhook) : undefined
  const runTenant = tenantRunner({options, version, runId, log, stop, notify})
  try {
    if (options.tenants) {
      const exitCode = await runShard(options, options.tenants, runTenant)
      await done(exitCode)
      return exitCode
    }
    const result = await runTenant(options, options.reports, {}, correlationId)
    // For people (--log-format text): the drift itself, where the reports went, and what to try next.
    if (options.logFormat === 'text')
      out(
        renderJobSummary(result, {
          emulator: options.tenant.emulator,
          baseline: options.baseline,
          reports: options.reports,
          bin: invokedAs(),
        }),
      )
    await done(result.exitCode)
    return result.exitCode
  } catch (error) {
    // A run that fails before or outside its tenants (a bad tenants file) ends the execution too.
    await done(1)
    throw error
  } finally {
    stop.release()
  }
}

/** One tenant's run: its own report folder (and lock), its log lines tagged with its name. */
function tenantRunner(run: {
  options: JobHostOptions
  version: string
  runId: string
  log: (event: Omit<LogEvent, 'time' | 'runId'>) => void
  stop: {signal: AbortSignal; deadlineAt: number}
  notify?: (card: CardInput) => Promise<void>
}): RunTenant {
  const {options, log, stop} = run
  return (settings, reports, tag, correlation) =>
    runJob(
      {
        // The run's own correlation ID goes to every token request of the run.
        connect: async () => {
          // What the connection says on the way (a sidecar still starting) is a line of the job's log.
          const said = (text: string) =>
            log({level: 'warn', event: 'connection.note', message: text, correlationId: correlation, ...tag})
          const connection = await connectTenant(settings.tenant, process.env, said, {
            deadlineAt: stop.deadlineAt,
            correlationId: correlation,
          })
          const site = settings.sharePoint?.site
          const folder = [settings.sharePoint?.folder ?? 'sentinel-reports', tag['tenant']].filter(Boolean).join('/')
          return site ? {...connection, publisher: connection.sharePoint(site, folder)} : connection
        },
        store: new FsBaselineStore(),
        // No run outlives its deadline and SIGTERM's grace: an older lock was left by a run that died.
        reports: new ReportFolder(reports, options.runTimeoutSeconds * 1000 + 60_000),
        clock: {now: () => new Date()},
        log: (event) => log({...event, ...tag}),
        signal: stop.signal,
        notify: run.notify,
        renderers: JOB_REPORT_RENDERERS,
      },
      {
        baseline: settings.baseline,
        failOn: settings.failOn,
        failOnExposure: settings.failOnExposure,
        onlyNew: settings.onlyNew,
        retention: settings.retention,
        runId: run.runId,
        correlationId: correlation,
        version: run.version,
        toError: toSentinelError,
      },
    )
}

/**
 * SIGTERM, SIGINT and the overall deadline as one abort signal. A SIGTERM ends the run within 5 s:
 * the run stops at its next step, and a last-resort timer writes the done marker and exits if anything hangs.
 */
function stopSignal(
  runTimeoutSeconds: number,
  done: (exitCode: number) => Promise<void>,
): {signal: AbortSignal; deadlineAt: number; release(): void} {
  const controller = new AbortController()
  const deadlineAt = Date.now() + runTimeoutSeconds * 1000
  const deadline = setTimeout(
    () =>
      controller.abort(
        new SentinelError('TIMEOUT', `the run took longer than ${runTimeoutSeconds} s (--run-timeout)`, [
          'Raise --run-timeout (SENTINEL_RUN_TIMEOUT), or check the tenant and the network.',
        ]),
      ),
    runTimeoutSeconds * 1000,
  )
  deadline.unref()
  const terminate = () => {
    controller.abort(
      new SentinelError('TERMINATED', 'the run was stopped (SIGTERM) before it finished', [
        'The next scheduled run starts afresh.',
      ]),
    )
    setTimeout(() => void done(1).finally(() => process.exit(1)), 4500).unref()
  }
  process.once('SIGTERM', terminate)
  process.once('SIGINT', terminate)
  return {
    signal: controller.signal,
    deadlineAt,
    release: () => {
      clearTimeout(deadline)
      process.removeListener('SIGTERM', terminate)
      process.removeListener('SIGINT', terminate)
    },
  }
}

/** Posts the notification card to the webhook (a connection of its own, closed after). */
function webhookNotifier(webhook: string): (card: CardInput) => Promise<void> {
  return async (card) => {
    const fetch = await createTransport({timeoutMs: 10_000})
    try {
      await postWebhook(fetch, webhook, adaptiveCard(card))
    } finally {
      await fetch.close()
    }
  }
}

/**
 * --tenants: this execution's shard of the tenants file, one run each, one after the other. A
 * tenant's failure is its own (logged, reported in its folder) and does not stop the others; the
 * shard's exit is the worst of its tenants' (1 over 3 over 0).
 */
async function runShard(options: JobHostOptions, tenantsFile: string, runTenant: RunTenant): Promise<number> {
  const entries = ofShard(readTenantsFile(tenantsFile), shardFromEnv(process.env))
  const without = entries.filter((e) => !e.baseline && !options.baseline).map((e) => e.name)
  if (without.length > 0)
    throw new SentinelError(
      'BAD_INPUT',
      `${tenantsFile}: ${without.join(', ')} name no baseline, and --baseline is not set`,
      ['Give each tenant entry a baseline, or set --baseline (SENTINEL_BASELINE) for all of them.'],
    )
  const codes: number[] = []
  for (const entry of entries) {
    const settings: JobHostOptions = {
      ...options,
      tenant: {
        ...options.tenant,
        tenant: entry.tenant,
        agentIdentity: entry.agentIdentity ?? options.tenant.agentIdentity,
        agentObjectId: entry.agentObjectId ?? (entry.agentIdentity ? undefined : options.tenant.agentObjectId),
      },
      baseline: entry.baseline ?? options.baseline,
    }
    const correlation = correlationIdFrom(process.env)
    codes.push(
      (await runTenant(settings, join(options.reports, entry.name), {tenant: entry.name}, correlation)).exitCode,
    )
  }
  return codes.includes(1) ? 1 : codes.includes(3) ? 3 : 0
}
