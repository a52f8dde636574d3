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
import {connectTenant} from './tenant-context.js'
import type {TenantFlags} from '../cli/tenant-flags.js'

export interface JobFlags extends TenantFlags {
  baseline: string
  reports: string
  retention: number
  failOn: Severity | 'never'
  'only-new': boolean
  'log-format': string
  'run-timeout': number
  'done-marker'?: string
  'notify-webhook'?: string
  tenants?: string
  'sharepoint-site'?: string
  'sharepoint-folder'?: string
}

export async function runJobFromCli(flags: JobFlags, version: string, out: (text: string) => void): Promise<number> {
  const webhook = flags['notify-webhook']
  if (webhook) checkWebhookUrl(webhook)
  const marker = flags['done-marker'] ? checkDoneMarker(flags['done-marker']) : undefined
  const runId = randomUUID()
  const correlationId = correlationIdFrom(process.env)
  const format = flags['log-format'] === 'text' ? textLine : jsonLine
  const log = (event: Omit<LogEvent, 'time' | 'runId'>) =>
    out(format({time: new Date().toISOString(), runId, ...event} as LogEvent))
  const controller = new AbortController()
  const deadlineAt = Date.now() + flags['run-timeout'] * 1000
  const deadline = setTimeout(
    () =>
      controller.abort(
        new SentinelError('TIMEOUT', `the run took longer than ${flags['run-timeout']} s (--run-timeout)`, [
          'Raise --run-timeout (SENTINEL_RUN_TIMEOUT), or check the tenant and the network.',
        ]),
      ),
    flags['run-timeout'] * 1000,
  )
  deadline.unref()
  // The done marker: written once, whatever the outcome, so a sidecar waiting on it stops.
  let marked = false
  const done = async (exitCode: number) => {
    if (!marker || marked) return
    marked = true
    await writeDoneMarker(marker, JSON.stringify({runId, exitCode}) + '\n')
  }
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
  const notify = webhook
    ? async (card: CardInput) => {
        const fetch = await createTransport({timeoutMs: 10_000})
        try {
          await postWebhook(fetch, webhook, adaptiveCard(card))
        } finally {
          await fetch.close()
        }
      }
    : undefined
  /** One tenant's run: its own report folder (and lock), its log lines tagged with its name. */
  const runTenant = (settings: JobFlags, reports: string, tag: Record<string, string>, correlation: string) =>
    runJob(
      {
        // The run's own correlation ID goes to every token request of the run.
        connect: async () => {
          const connection = await connectTenant(settings, process.env, () => undefined, {
            deadlineAt,
            correlationId: correlation,
          })
          const site = settings['sharepoint-site']
          const folder = [settings['sharepoint-folder'] ?? 'sentinel-reports', tag['tenant']].filter(Boolean).join('/')
          return site ? {...connection, publisher: connection.sharePoint(site, folder)} : connection
        },
        store: new FsBaselineStore(),
        // No run outlives its deadline and SIGTERM's grace: an older lock was left by a run that died.
        reports: new ReportFolder(reports, flags['run-timeout'] * 1000 + 60_000),
        clock: {now: () => new Date()},
        log: (event) => log({...event, ...tag}),
        signal: controller.signal,
        notify,
        renderers: JOB_REPORT_RENDERERS,
      },
      {
        baseline: settings.baseline,
        failOn: settings.failOn,
        onlyNew: settings['only-new'],
        retention: settings.retention,
        runId,
        correlationId: correlation,
        version,
        toError: toSentinelError,
      },
    )
  try {
    if (flags.tenants) {
      const exitCode = await runShard(flags, runTenant)
      await done(exitCode)
      return exitCode
    }
    const result = await runTenant(flags, flags.reports, {}, correlationId)
    // For people (--log-format text): the drift itself, where the reports went, and what to try next.
    if (flags['log-format'] === 'text') out(renderJobSummary(result, flags))
    await done(result.exitCode)
    return result.exitCode
  } catch (error) {
    // A run that fails before or outside its tenants (a bad tenants file) ends the execution too.
    await done(1)
    throw error
  } finally {
    clearTimeout(deadline)
    process.removeListener('SIGTERM', terminate)
    process.removeListener('SIGINT', terminate)
  }
}

/**
 * --tenants: this execution's shard of the tenants file, one run each, one after the other. A
 * tenant's failure is its own (logged, reported in its folder) and does not stop the others; the
 * shard's exit is the worst of its tenants' (1 over 3 over 0).
 */
async function runShard(
  flags: JobFlags,
  runTenant: (
    settings: JobFlags,
    reports: string,
    tag: Record<string, string>,
    correlation: string,
  ) => Promise<JobResult>,
): Promise<number> {
  const entries = ofShard(readTenantsFile(flags.tenants!), shardFromEnv(process.env))
  const without = entries.filter((e) => !e.baseline && !flags.baseline).map((e) => e.name)
  if (without.length > 0)
    throw new SentinelError(
      'BAD_INPUT',
      `${flags.tenants}: ${without.join(', ')} name no baseline, and --baseline is not set`,
      ['Give each tenant entry a baseline, or set --baseline (SENTINEL_BASELINE) for all of them.'],
    )
  const codes: number[] = []
  for (const entry of entries) {
    const settings: JobFlags = {
      ...flags,
      tenant: entry.tenant,
      baseline: entry.baseline ?? flags.baseline,
      'agent-identity': entry.agentIdentity ?? flags['agent-identity'],
      'agent-object-id': entry.agentObjectId ?? (entry.agentIdentity ? undefined : flags['agent-object-id']),
    }
    const correlation = correlationIdFrom(process.env)
    codes.push((await runTenant(settings, join(flags.reports, entry.name), {tenant: entry.name}, correlation)).exitCode)
  }
  return codes.includes(1) ? 1 : codes.includes(3) ? 3 : 0
}
