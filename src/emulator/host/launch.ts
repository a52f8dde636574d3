/** `emulator start` flags to a running emulator: options, seed, faults, and clear errors for what can go wrong. */
import {mkdirSync} from 'node:fs'
import {SentinelError} from '../../core/errors.js'
import {startEmulator, type RunningEmulator} from '../server.js'
import {acquireLock, EmulatorLockedError} from '../state/lock.js'
import type {EmulatorOptions} from '../state/model.js'
import {readFaults} from './fault-file.js'
import {emulatorPaths} from './paths.js'

export interface LaunchFlags {
  port: number
  'sidecar-port': number
  state: string
  seed: string
  deterministic: boolean
  'block-error'?: string
  'agent-app-id'?: string
  'include-filter-missing'?: string
  'sidecar-overrides'?: string
  'time-scale'?: number
  faults?: string
  'rate-limit'?: number
}

function optionsFrom(flags: LaunchFlags): Partial<EmulatorOptions> {
  return {
    ...(flags['block-error'] ? {blockError: flags['block-error'] as EmulatorOptions['blockError']} : {}),
    ...(flags['agent-app-id'] ? {agentAppIdEqualsObjectId: flags['agent-app-id'] === 'same'} : {}),
    ...(flags['include-filter-missing']
      ? {
          includeFilterMissingAttribute: flags[
            'include-filter-missing'
          ] as EmulatorOptions['includeFilterMissingAttribute'],
        }
      : {}),
    ...(flags['sidecar-overrides'] ? {sidecarAllowOverrides: flags['sidecar-overrides'] === 'allow'} : {}),
    ...(flags['time-scale'] !== undefined ? {timeScale: flags['time-scale']} : {}),
  }
}

export async function launchEmulator(flags: LaunchFlags): Promise<RunningEmulator> {
  const paths = emulatorPaths(flags.state)
  const options = optionsFrom(flags)
  // Read everything that can be wrong before serving: a bad file must not leave a server behind.
  const faults = flags.faults === undefined ? undefined : await readFaults(flags.faults)
  let lock: ReturnType<typeof acquireLock>
  mkdirSync(paths.dir, {recursive: true})
  try {
    lock = acquireLock(paths.stateFile)
  } catch (error) {
    if (!(error instanceof EmulatorLockedError)) throw error
    throw new SentinelError('EMULATOR_RUNNING', `an emulator (pid ${error.lock.pid}) already runs on ${paths.dir}`, [
      error.lock.graphBaseUrl ? `Use it: ${error.lock.graphBaseUrl}` : 'Use the one that runs.',
      `Or stop it (kill ${error.lock.pid}) and start again, or pass another --state.`,
    ])
  }
  const emulator = await startEmulator({
    port: flags.port,
    sidecarPort: flags['sidecar-port'],
    dir: paths.dir,
    stateFile: paths.stateFile,
    seed: flags.seed === 'demo' || flags.seed === 'empty' ? flags.seed : {file: flags.seed},
    options,
    deterministic: flags.deterministic,
  }).catch((error: NodeJS.ErrnoException & {port?: number}) => {
    lock.release()
    if (error.code !== 'EADDRINUSE') throw error
    throw new SentinelError('IO_ERROR', `port ${error.port ?? ''} is already in use on 127.0.0.1`, [
      'Stop the other process, or pass --port / --sidecar-port (0 picks a free port).',
    ])
  })
  // Options given now apply to an existing state too (the seed used them only when it was new).
  if (Object.keys(options).length > 0) emulator.change((s) => Object.assign(s.options, options))
  if (faults !== undefined || flags['rate-limit'] !== undefined) {
    emulator.setFaults(
      faults ?? emulator.inspect().faults,
      flags['rate-limit'] ?? emulator.inspect().rateLimitPerSecond,
    )
  }
  lock.update({
    authorityHost: emulator.authorityHost,
    graphBaseUrl: emulator.graphBaseUrl,
    sidecarUrl: emulator.sidecarUrl,
    caCertificate: emulator.caCertificate,
    tenantId: emulator.tenantId,
    timeScale: emulator.timeScale.factor,
    ...(emulator.sentinelAgent
      ? {
          sentinelAgent: {
            appId: emulator.sentinelAgent.appId,
            objectId: emulator.sentinelAgent.objectId,
            blueprintAppId: emulator.sentinelAgent.blueprintAppId,
          },
        }
      : {}),
  })
  const stop = emulator.stop.bind(emulator)
  return Object.assign(emulator, {
    stop: async () => {
      try {
        await stop()
      } finally {
        lock.release()
      }
    },
  })
}
