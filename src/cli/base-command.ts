/**
 * The base of every command: the --json and --debug flags, rendering, and the one place where an
 * outcome or an error becomes an exit code (through core/outcomes.ts) and a JSON envelope.
 */
import {Command, Flags} from '@oclif/core'
import {SentinelError} from '../core/errors.js'
import {exitCodeHelp} from '../core/outcomes.js'
export {ERROR_ROWS} from '../core/outcomes.js'
import {successEnvelope} from '../render/envelope.js'
import {presentError, presentResult, toSentinelError, type Finish, type Streams} from './present.js'
import {statusLine} from './status-line.js'
export type {Finish} from './present.js'

/** A command's description followed by the exit codes it can return, so that every help page shows them. */
export function describe(text: string, rows: Partial<Record<number, string>>): string {
  return `${text}\n\n${exitCodeHelp(rows)}`
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
    process.exitCode = presentResult(done, this.mode, STREAMS)
  }

  private get mode() {
    return {json: this.jsonMode, debug: this.debugMode}
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

  private readonly status = statusLine(process.stderr)

  /** Human progress and notes: stderr, so that stdout stays a clean document. */
  protected note(text: string): void {
    this.status.note(text)
  }

  /** A line of live progress on a terminal (undefined clears it); nothing in a pipe or with --json. */
  protected progress(text: string | undefined): void {
    if (!this.jsonMode) this.status.show(text)
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}}): Promise<void> {
    process.exitCode = presentError(this.withEnvSource(toSentinelError(err)), this.mode, STREAMS, err)
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value)
}

const STREAMS: Streams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}
