/**
 * `sentinel diff` of exported files without oclif: the same flags (cli/diff-flags.ts), read the way
 * oclif reads them (cli/lean-parse.ts), the same diff (wiring/diff.ts) and the same presenter
 * (cli/command-io.ts). Reading a tenant, asking for help, or a command line oclif would read
 * otherwise or refuse is left to oclif (false): the tenant's clients are not in the bundle.
 */
import {readFileSync} from 'node:fs'
import {commandIo} from '../cli/command-io.js'
import {DIFF_COMMAND_FLAGS, diffArgs, diffCommandOf, type DiffFlags} from '../cli/diff-flags.js'
import {leanParse, type FlagDefinition} from '../cli/lean-parse.js'
import {flagValues} from '../cli/read-flags.js'
import {diffCommand} from '../wiring/diff.js'
import {packageFile} from './package-root.js'

export async function launchDiff(argv: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const parsed = leanParse(argv, env, DIFF_COMMAND_FLAGS as unknown as Record<string, FlagDefinition>, diffArgs)
  if (parsed === undefined) return false
  const flags = parsed.flags as DiffFlags & {json?: boolean}
  if (flagValues(flags.live).length === 0 || flags.emulator === true) return false
  const io = commandIo(argv, DIFF_COMMAND_FLAGS, env)
  try {
    const command = diffCommandOf(flags, parsed.args['baseline'])
    io.finish(await diffCommand(command, {note: (text) => io.note(text), version: version()}))
  } catch (error) {
    io.fail(error)
  }
  return true
}

/** oclif's config.version: the package's. */
function version(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {version: string}).version
}
