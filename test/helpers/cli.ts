/** Runs the built `sentinel` binary the way a user does. */
import {spawnSync} from 'node:child_process'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export function sentinel(
  args: string[],
  options: {env?: Record<string, string>; cwd?: string; bin?: string} = {},
): CliRun {
  const env: Record<string, string | undefined> = {...process.env, ...options.env}
  // The suite's own settings must not leak into what a user would see.
  for (const key of Object.keys(env))
    if (key.startsWith('SENTINEL_') && !(options.env && key in options.env)) delete env[key]
  const result = spawnSync(process.execPath, [options.bin ?? 'bin/run.js', ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}
