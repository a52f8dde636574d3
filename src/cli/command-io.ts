/**
 * A running command's side of the presenter: --json and --debug read from its command line (or the
 * environment), notes and live progress on stderr, and the one place where its result or error
 * becomes output and an exit code. The oclif base command and the launch path share it.
 */
import {SentinelError} from '../core/errors.js'
import {presentError, presentResult, toSentinelError, type Finish, type Streams} from './present.js'
import {statusLine} from './status-line.js'

export interface CommandIo {
  readonly jsonMode: boolean
  /** Human progress and notes: stderr, so that stdout stays a clean document. */
  note(text: string): void
  /** A line of live progress on a terminal (undefined clears it); nothing in a pipe or with --json. */
  progress(text: string | undefined): void
  /** Renders a result and sets the exit code. Commands return through here; none calls process.exit. */
  finish<T>(done: Finish<T>): void
  /** Renders anything thrown and sets the exit code. */
  fail(error: unknown): void
}

const STREAMS: Streams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

export function commandIo(
  argv: readonly string[],
  flags: Record<string, {env?: string}>,
  env: NodeJS.ProcessEnv = process.env,
): CommandIo {
  const mode = {
    json: argv.includes('--json') || isTrue(env['SENTINEL_JSON']),
    debug: argv.includes('--debug') || isTrue(env['SENTINEL_DEBUG']),
  }
  const status = statusLine(process.stderr)
  return {
    jsonMode: mode.json,
    note: (text) => status.note(text),
    progress: (text) => {
      if (!mode.json) status.show(text)
    },
    finish: (done) => {
      process.exitCode = presentResult(done, mode, STREAMS)
    },
    fail: (error) => {
      process.exitCode = presentError(withEnvSource(toSentinelError(error), argv, flags, env), mode, STREAMS, error)
    },
  }
}

function isTrue(value: string | undefined): boolean {
  // The values oclif reads as true for a boolean flag's env (util isTruthy), so the two never disagree.
  return value !== undefined && /^(1|true|y|yes)$/i.test(value)
}

/** A bad value that came from an environment variable, not the command line, says which one. */
function withEnvSource(
  error: SentinelError,
  argv: readonly string[],
  flags: Record<string, {env?: string}>,
  env: NodeJS.ProcessEnv,
): SentinelError {
  if (!error.usage) return error
  const sources = [...error.message.matchAll(/--([a-z][a-z-]*)/g)]
    .map((m) => m[1])
    .filter((name) => !argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)))
    .map((name) => (name === undefined ? undefined : flags[name]?.env))
    .filter((name): name is string => name !== undefined && env[name] !== undefined)
  if (sources.length === 0) return error
  return new SentinelError(
    error.code,
    `${error.message} (the value came from ${[...new Set(sources)].join(', ')})`,
    error.actions,
    {usage: true, cause: error},
  )
}
