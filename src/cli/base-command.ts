/**
 * The base of every command: the --json and --debug flags, rendering, and the one place where an
 * outcome or an error becomes an exit code (through core/outcomes.ts) and a JSON envelope
 * (cli/command-io.ts, which the launch path shares).
 */
import {Command} from '@oclif/core'
import {exitCodeHelp} from '../core/outcomes.js'
export {ERROR_ROWS} from '../core/outcomes.js'
import {successEnvelope} from '../render/envelope.js'
import {BASE_FLAGS} from './base-flags.js'
import {commandIo, type CommandIo} from './command-io.js'
import type {Finish} from './present.js'
export type {Finish} from './present.js'

/** A command's description followed by the exit codes it can return, so that every help page shows them. */
export function describe(text: string, rows: Partial<Record<number, string>>): string {
  return `${text}\n\n${exitCodeHelp(rows)}`
}

type FlagEnvs = Record<string, {env?: string}>

export abstract class SentinelCommand extends Command {
  static override baseFlags = BASE_FLAGS

  private commandIo?: CommandIo
  private get io(): CommandIo {
    // Every flag the command takes (--json and --debug too), so that a usage error names the variable a value came from.
    const {baseFlags, flags} = this.constructor as {baseFlags?: FlagEnvs; flags?: FlagEnvs}
    this.commandIo ??= commandIo(this.argv, {...baseFlags, ...flags})
    return this.commandIo
  }

  protected get jsonMode(): boolean {
    return this.io.jsonMode
  }

  /** Renders a result and sets the exit code. Commands return through here; none calls process.exit. */
  protected finish<T>(done: Finish<T>): void {
    this.io.finish(done)
  }

  /** A long-running command's one envelope, status ready, printed once it serves (one line, easy to read from a stream). */
  protected ready(result: unknown, warnings: string[] = []): void {
    process.stdout.write(JSON.stringify(successEnvelope('ready', result, warnings)) + '\n')
  }

  /** Human progress and notes: stderr, so that stdout stays a clean document. */
  protected note(text: string): void {
    this.io.note(text)
  }

  /** A line of live progress on a terminal (undefined clears it); nothing in a pipe or with --json. */
  protected progress(text: string | undefined): void {
    this.io.progress(text)
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}}): Promise<void> {
    this.io.fail(err)
  }
}
