/** Runs the built `sentinel` binary the way a user does. */
import {spawn, spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {ended} from './spawned.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

type CliOptions = {env?: Record<string, string>; cwd?: string; bin?: string; input?: string}

function userEnv(options: CliOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {...process.env, ...options.env}
  // The suite's own settings must not leak into what a user would see.
  for (const key of Object.keys(env))
    if (key.startsWith('SENTINEL_') && !(options.env && key in options.env)) delete env[key]
  return env
}

/** The same, without waiting: for runs at once (concurrent writers). */
export function sentinelAsync(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [options.bin ?? 'bin/run.js', ...args], {
    cwd: options.cwd,
    env: userEnv(options),
    timeout: 60_000,
  })
  return ended(child).then(({status, stdout, stderr}) => ({code: status ?? -1, stdout, stderr}))
}

export function sentinel(args: string[], options: CliOptions = {}): CliRun {
  const env = userEnv(options)
  const result = spawnSync(process.execPath, [options.bin ?? 'bin/run.js', ...args], {
    cwd: options.cwd,
    env,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

/** The same command line started through oclif itself, never the launch path (src/launch/): to compare the two. */
export function sentinelThroughOclif(args: string[], options: CliOptions = {}): CliRun {
  const bin = pathToFileURL(resolve(options.bin ?? 'bin/run.js')).href
  const oclif = pathToFileURL(createRequire(import.meta.url).resolve('@oclif/core')).href
  const script = `import {execute} from ${JSON.stringify(oclif)}; await execute({dir: ${JSON.stringify(bin)}, args: ${JSON.stringify(args)}})`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: options.cwd,
    env: userEnv(options),
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}
