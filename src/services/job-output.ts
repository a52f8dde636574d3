/**
 * What one job run leaves behind besides its verdict: the report files (each written atomically and logged), the
 * same files written back to SharePoint, the notification card, and the job.error and job.end log lines. A failed
 * write-back is an error of its own; a failed notification only a warning.
 */
import {SentinelError} from '../core/errors.js'
import type {LogEvent} from '../core/job/log-event.js'
import {worthNotifying, type CardInput} from '../core/job/notification.js'
import {jobReportName, type JobReportFormat} from '../core/job/reports.js'
import type {Clock, ReportPublisher, ReportSink} from '../ports.js'

export interface OutputDeps {
  reports: ReportSink
  clock: Clock
  log(event: Omit<LogEvent, 'time' | 'runId'>): void
  signal: AbortSignal
  /** --notify-webhook: posts a card for new or worsened drift and for a CA block. */
  notify?: (card: CardInput) => Promise<void>
}

/** Waits for `work` unless the run is aborted first (then the abort's typed reason is thrown). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error)
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason as Error)
    signal.addEventListener('abort', stop, {once: true})
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
  })
}

export class JobOutput {
  /** Where each report went, in the order written. */
  readonly written: string[] = []
  private readonly contents: Array<{name: string; content: string}> = []

  constructor(
    private readonly deps: OutputDeps,
    private readonly run: {runId: string; correlationId: string; startedAt: Date},
  ) {}

  async write(format: JobReportFormat, content: string): Promise<void> {
    const name = jobReportName(this.run.startedAt, this.run.runId, format)
    const path = await this.deps.reports.write(name, content)
    this.written.push(path)
    this.contents.push({name, content})
    this.deps.log({
      level: 'info',
      event: 'report.written',
      message: `report written: ${path}`,
      correlationId: this.run.correlationId,
      path,
    })
  }

  /** Writes each report back; answers whether it failed (logged as job.error). */
  async publish(publisher: ReportPublisher): Promise<boolean> {
    try {
      for (const {name, content} of this.contents) {
        const at = await abortable(publisher.write(name, Buffer.from(content)), this.deps.signal)
        this.deps.log({
          level: 'info',
          event: 'report.uploaded',
          message: `report written back: ${publisher.describe()}: ${at}`,
          correlationId: this.run.correlationId,
          path: at,
        })
      }
      return false
    } catch (thrown) {
      this.error(thrown instanceof SentinelError ? thrown : new SentinelError('IO_ERROR', String(thrown)))
      return true
    }
  }

  /** Sends the card when the run is worth it; a failed notification is a warning, never a changed verdict. */
  async notify(card: CardInput): Promise<void> {
    if (!this.deps.notify || !worthNotifying(card)) return
    try {
      await this.deps.notify(card)
      this.deps.log({
        level: 'info',
        event: 'notification.sent',
        message: 'notification sent',
        correlationId: card.correlationId,
      })
    } catch (error) {
      const message = error instanceof SentinelError ? error.message : String(error)
      this.deps.log({
        level: 'warn',
        event: 'notification.failed',
        message: `notification not sent: ${message}`,
        correlationId: card.correlationId,
      })
    }
  }

  /** The job.error line: what happened, its code and what to do. */
  error(error: SentinelError): void {
    this.deps.log({
      level: 'error',
      event: 'job.error',
      message: error.message,
      correlationId: this.run.correlationId,
      code: error.code,
      actions: error.actions,
    })
  }

  /** The run's last line: its status, exit code and duration on the run's clock. */
  end(status: string, exitCode: number, why?: string): void {
    this.deps.log({
      level: status === 'error' ? 'error' : 'info',
      event: 'job.end',
      message: `sentinel job ended: ${status}, exit ${exitCode}${why ? ` (${why})` : ''}`,
      correlationId: this.run.correlationId,
      status,
      exitCode,
      durationMs: this.deps.clock.now().getTime() - this.run.startedAt.getTime(),
    })
  }
}
