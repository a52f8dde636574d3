/**
 * The base of every command: the --json and --debug flags, rendering, and the one place where an
 * outcome or an error becomes an exit code (through core/outcomes.ts) and a JSON envelope.
 */
import {Command, Flags} from '@oclif/core'
import {SentinelError} from '../core/errors.js'
import {exitCodeFor, exitCodeHelp, type ResultOutcome} from '../core/outcomes.js'
export {ERROR_ROWS} from '../core/outcomes.js'
import {errorEnvelope, renderJson, successEnvelope} from '../render/envelope.js'
import {plain} from '../render/escape.js'

/** A command's description followed by the exit codes it can return, so that every help page shows them. */
export function describe(text: string, rows: Partial<Record<number, string>>): string {
  return `${text}\n\n${exitCodeHelp(rows)}`
}

export interface Finish<T> {
  outcome: ResultOutcome
  result: T
  warnings: string[]
  /** What people read on stdout when --json is off. */
  human: string
}

export abstract class SentinelCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({
      description: 'Print exactly one JSON envelope on stdout (human text goes to stderr).',
      env: 'SENTINEL_JSON',
    }),
    debug: Flags.boolean({description: 'Show stack traces and internal detail on errors.', env: 'SENTINEL_DEBUG'}),
  }

  protected get jsonMode(): boolean {
    return this.argv.includes('--json') || isTrue(process.env.SENTINEL_JSON)
  }

  protected get debugMode(): boolean {
    return this.argv.includes('--debug') || isTrue(process.env.SENTINEL_DEBUG)
  }

  /** Renders a result and sets the exit code. Commands return through here; none calls process.exit. */
  protected finish<T>(done: Finish<T>): void {
    if (this.jsonMode) {
      process.stdout.write(renderJson(successEnvelope(done.outcome.kind, done.result, done.warnings)))
    } else {
      process.stdout.write(done.human)
      for (const warning of done.warnings) process.stderr.write(`Warning: ${plain(warning)}\n`)
    }
    process.exitCode = exitCodeFor(done.outcome)
  }

  /** A long-running command's one envelope, status ready, printed once it serves (one line, easy to read from a stream). */
  protected ready(result: unknown, warnings: string[] = []): void {
    process.stdout.write(JSON.stringify(successEnvelope('ready', result, warnings)) + '\n')
  }

  /** A bad value that came from an environment variable, not the command line, says which one. */
  private withEnvSource(error: SentinelError): SentinelError {
    if (!error.usage) return error
    const flags = (this.constructor as {flags?: Record<string, {env?: string}>}).flags ?? {}
    const sources = [...error.message.matchAll(/--([a-z][a-z-]*)/g)]
      .map((m) => m[1])
      .filter((name) => !this.argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)))
      .map((name) => flags[name]?.env)
      .filter((env): env is string => env !== undefined && process.env[env] !== undefined)
    if (sources.length === 0) return error
    return new SentinelError(
      error.code,
      `${error.message} (the value came from ${[...new Set(sources)].join(', ')})`,
      error.actions,
      {usage: true, cause: error},
    )
  }

  /** Human progress and notes: stderr, so that stdout stays a clean document. */
  protected note(text: string): void {
    process.stderr.write(text + '\n')
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}}): Promise<void> {
    const error = this.withEnvSource(toSentinelError(err))
    if (this.jsonMode) {
      process.stdout.write(renderJson(errorEnvelope(error)))
    } else {
      process.stderr.write(`Error: ${error.message}\n`)
      for (const action of error.actions) process.stderr.write(`  -> ${action}\n`)
    }
    if (this.debugMode) process.stderr.write(`${err.stack ?? String(err)}\n`)
    process.exitCode = exitCodeFor({kind: 'error', usage: error.usage})
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value)
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
