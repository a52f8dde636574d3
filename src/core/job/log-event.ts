/**
 * The headless job's log: one JSON object per line on stdout (ARCHITECTURE.md), every line with
 * time, level, event, runId, message and, once a token request was made, correlationId. No line
 * ever holds a token or a secret.
 */
export type JobEvent =
  | 'job.start'
  | 'connection.note'
  | 'token.acquired'
  | 'token.blocked'
  | 'policies.read'
  | 'drift.found'
  | 'drift.none'
  | 'report.written'
  | 'report.uploaded'
  | 'notification.sent'
  | 'notification.failed'
  | 'job.error'
  | 'job.end'

export interface LogEvent {
  time: string
  level: 'info' | 'warn' | 'error'
  event: JobEvent
  runId: string
  message: string
  correlationId?: string
  [field: string]: unknown
}

export function jsonLine(event: LogEvent): string {
  return JSON.stringify(event) + '\n'
}

/** `--log-format text`: for people watching a terminal. */
export function textLine(event: LogEvent): string {
  const {time, level, event: name, runId, message, correlationId, ...fields} = event
  void runId
  const extra = Object.entries(fields)
    .filter(([, v]) => v !== undefined && (typeof v !== 'object' || v === null))
    .map(([k, v]) => `${k}=${String(v)}`)
  if (correlationId) extra.push(`correlationId=${correlationId}`)
  return `${time.slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${name.padEnd(15)} ${message}${extra.length > 0 ? `  (${extra.join(', ')})` : ''}\n`
}
