/** A user's working folder for end-to-end runs of the binary: its own cwd, HOME and emulator state folder. */
import {mkdirSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {sentinel} from './cli.js'
import {tempDirs} from './temp.js'

const temp = tempDirs()
export const BIN = resolve('bin/run.js')

export function workspace(prefix = 'sentinel-work-') {
  const cwd = temp.make(prefix)
  const state = join(cwd, '.sentinel', 'emulator')
  // Its own temporary folder too, so a test sees every scratch folder the binary leaves behind.
  const tmp = join(cwd, 'tmp')
  mkdirSync(tmp)
  const env = {HOME: join(cwd, 'home'), SENTINEL_EMULATOR_STATE: state, TMPDIR: tmp}
  const run = (args: string[]) => sentinel(args, {cwd, env, bin: BIN})
  return {cwd, state, env, run, tmp}
}
