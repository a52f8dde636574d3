/**
 * The presenter: what turns a finished command's outcome, or anything thrown, into output and an
 * exit code (through core/outcomes.ts). Framework-free: the oclif base command and the headless job
 * both call it, so no host has its own copy of the contract.
 */
import {SentinelError} from '../core/errors.js'
import {exitCodeFor, type ResultOutcome} from '../core/outcomes.js'
import {errorEnvelope, renderJson, successEnvelope} from '../render/envelope.js'
import {plain} from '../render/escape.js'

export interface Finish<T> {
  outcome: ResultOutcome
  result: T
  warnings: string[]
  /** What people read on stdout when --json is off. */
  human: string
}

export interface Streams {
  stdout(text: string): void
  stderr(text: string): void
}

export interface PresentMode {
  json: boolean
  debug: boolean
}

/** Writes a finished result (one envelope with --json; else the human text and warnings on stderr) and answers its exit code. */
export function presentResult<T>(done: Finish<T>, mode: PresentMode, out: Streams): number {
  if (mode.json) {
    out.stdout(renderJson(successEnvelope(done.outcome.kind, done.result, done.warnings)))
  } else {
    out.stdout(done.human)
    for (const warning of done.warnings) out.stderr(`Warning: ${plain(warning)}\n`)
  }
  return exitCodeFor(done.outcome)
}

/** Writes an error (one envelope with --json; else one line and its actions on stderr) and answers its exit code. */
export function presentError(error: SentinelError, mode: PresentMode, out: Streams, raw?: unknown): number {
  if (mode.json) {
    out.stdout(renderJson(errorEnvelope(error)))
  } else {
    out.stderr(`Error: ${error.message}\n`)
    for (const action of error.actions) out.stderr(`  -> ${action}\n`)
  }
  if (mode.debug) {
    const e = raw as Error | undefined
    out.stderr(`${e?.stack ?? String(raw ?? error)}\n`)
  }
  return exitCodeFor({kind: 'error', usage: error.usage})
}

/**
 * oclif's parse errors put the detail on the lines after a heading ("The following errors
 * occurred:", "Parsing --port"): all of it goes on one line, without the "See more help" footer.
 */
export function usageMessage(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^See more help with/.test(l))
  if (lines.length <= 1) return lines[0] ?? message
  const [head, ...rest] = lines
  return /^The following errors? occurred:$/.test(head) ? rest.join('; ') : `${head}: ${rest.join('; ')}`
}

/** Maps anything thrown to a typed error: oclif parse errors are usage (exit 2), the rest exit 1. */
export function toSentinelError(err: unknown): SentinelError {
  if (err instanceof SentinelError) return err
  const e = err as Error & {oclif?: {exit?: number}; code?: string; path?: string}
  if (e?.oclif?.exit === 2 || /Parse|Flag|Args/.test(e?.constructor?.name ?? '')) {
    return new SentinelError(
      'USAGE',
      usageMessage(String(e.message ?? err)),
      ['Run the command with --help to see its flags.'],
      {
        usage: true,
        cause: err,
      },
    )
  }
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return new SentinelError(
      'IO_ERROR',
      `${e.path ?? 'file system'}: ${e.code} (${e.message})`,
      ['Check the path and its permissions.'],
      {cause: err},
    )
  }
  return new SentinelError(
    'INTERNAL',
    `unexpected error: ${e?.message ?? String(err)}`,
    ['Run again with --debug and report the output (it contains no secrets).'],
    {cause: err},
  )
}
