/**
 * `sentinel`, `sentinel --help` and `sentinel -h` print the root help
 * page without loading oclif (root-help.ts), when the page is certain to be the one oclif would
 * print. Anything else, or any doubt (no model from the build, colour asked for or refused through
 * the environment, WSL, where oclif names the platform "wsl"), returns false and oclif runs as always.
 */
import {existsSync, readFileSync} from 'node:fs'
import {arch, platform, release} from 'node:os'
import {renderRootHelp, type RootHelpModel} from '../cli/root-help.js'
import {packageFile} from './package-root.js'

/** The environment that makes oclif's colour library (ansis) decide otherwise than by the terminal alone. */
const COLOUR_VARIABLES = ['FORCE_COLOR', 'NO_COLOR', 'COLORTERM', 'TF_BUILD', 'CI', 'PM2_HOME', 'NEXT_RUNTIME']

export function printRootHelp(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (!(argv.length === 0 || (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')))) return false
  if (COLOUR_VARIABLES.some((name) => name in env) || Object.keys(env).some((name) => name.startsWith('TEAMCI')))
    return false
  if (isWsl()) return false
  const model = readModel()
  if (!model) return false
  const stdout = process.stdout
  process.stdout.write(
    renderRootHelp(model, {
      width: widthOf(stdout, env),
      // ansis: colour on a terminal unless TERM says it has none.
      bold: stdout.isTTY === true && !/-mono|dumb/i.test(String(env['TERM'])),
      runtime: `${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}`,
    }),
  )
  return true
}

/** oclif's stdtermwidth: OCLIF_COLUMNS, else 80 in a pipe, else the terminal's columns (at least 40). */
function widthOf(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number {
  const columns = Number.parseInt(env['OCLIF_COLUMNS'] ?? '', 10)
  if (columns) return columns
  if (!stream.isTTY) return 80
  const width = stream.getWindowSize()[0] ?? 0
  if (width < 1) return 80
  return Math.max(40, width)
}

function readModel(): RootHelpModel | undefined {
  try {
    return JSON.parse(readFileSync(packageFile('dist/cli/root-help.json'), 'utf8')) as RootHelpModel
  } catch {
    return undefined
  }
}

/** is-wsl's signs, any of them (its container exception makes it say "linux", which oclif would then print). */
function isWsl(): boolean {
  if (process.platform !== 'linux') return false
  if (release().toLowerCase().includes('microsoft')) return true
  try {
    if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true
  } catch {
    // no /proc: not WSL
  }
  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL')
}
