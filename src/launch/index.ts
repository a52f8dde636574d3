/**
 * What bin/run.js asks before it loads oclif (whose start costs about as much as node's own): the
 * root help page and `sentinel diff` of exported files are answered here, the same output and exit
 * code as oclif's; anything else answers false and oclif runs. Bundled into dist/fast/ by the build
 * (scripts/bundle.mjs): one file to load instead of a hundred.
 */
import {printRootHelp} from './help.js'

/** oclif shows a command's help when --help or -h appears anywhere before `--`. */
const HELP = new Set(['--help', '-h'])

export async function launch(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (printRootHelp(argv, env)) return true
  const [id, ...rest] = argv
  // The diff's code is a chunk of its own: the help page does not load it.
  if (id === 'diff' && !rest.some((word) => HELP.has(word))) return (await import('./diff.js')).launchDiff(rest, env)
  return false
}
