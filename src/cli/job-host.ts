/**
 * Hosts one job run in this process: the run id and correlation ID, the log writer (JSON lines or
 * text), SIGTERM and the overall deadline as one abort signal, and the real adapters. A SIGTERM
 * ends the run within 5 s: the run stops at its next step, writes what it must atomically, and a
 * last-resort timer exits if anything hangs.
 */
import {randomUUID} from 'node:crypto'
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import {FsBaselineStore} from '../adapters/fs/baseline-store.js'
import {ReportFolder} from '../adapters/fs/report-folder.js'
import {SentinelError} from '../core/errors.js'
import {jsonLine, textLine, type LogEvent} from '../core/job/log-event.js'
import type {Severity} from '../core/model.js'
import {runJob} from '../services/run-job.js'
import {checkWebhookUrl, postWebhook} from '../adapters/http/webhook.js'
import {createTransport} from '../adapters/http/transport.js'
import {adaptiveCard} from '../render/adaptive-card.js'
import {renderJobSummary} from '../render/job-summary.js'
import {toSentinelError} from './present.js'
import {connectTenant} from './tenant-context.js'
import type {TenantFlags} from './tenant-flags.js'

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
}

export async function runJobFromCli(flags: JobFlags, version: string, out: (text: string) => void): Promise<number> {
  const webhook = flags['notify-webhook']
  if (webhook) checkWebhookUrl(webhook)
  const runId = randomUUID()
  const correlationId = process.env.SENTINEL_CORRELATION_ID || randomUUID()
  const format = flags['log-format'] === 'text' ? textLine : jsonLine
  const log = (event: Omit<LogEvent, 'time' | 'runId'>) =>
    out(format({time: new Date().toISOString(), runId, ...event} as LogEvent))
  const controller = new AbortController()
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
  const done = async (exitCode: number) => {
    if (!flags['done-marker']) return
    await mkdir(dirname(flags['done-marker']), {recursive: true}).catch(() => undefined)
    await writeFileAtomic(flags['done-marker'], JSON.stringify({runId, exitCode}) + '\n').catch(() => undefined)
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
  try {
    const result = await runJob(
      {
        // The job's own correlation ID goes to every token request of the run.
        connect: () => connectTenant(flags, {...process.env, SENTINEL_CORRELATION_ID: correlationId}, () => undefined),
        store: new FsBaselineStore(),
        reports: new ReportFolder(flags.reports),
        clock: {now: () => new Date()},
        log,
        signal: controller.signal,
        notify: webhook
          ? async (card) => {
              const fetch = await createTransport({timeoutMs: 10_000})
              try {
                await postWebhook(fetch, webhook, adaptiveCard(card))
              } finally {
                await fetch.close()
              }
            }
          : undefined,
      },
      {
        baseline: flags.baseline,
        failOn: flags.failOn,
        onlyNew: flags['only-new'],
        retention: flags.retention,
        runId,
        correlationId,
        version,
        toError: toSentinelError,
      },
    )
    // For people (--log-format text): the drift itself, where the reports went, and what to try next.
    if (flags['log-format'] === 'text') out(renderJobSummary(result, flags))
    await done(result.exitCode)
    return result.exitCode
  } finally {
    clearTimeout(deadline)
    process.removeListener('SIGTERM', terminate)
    process.removeListener('SIGINT', terminate)
  }
}
