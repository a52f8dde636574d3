/**
 * `--emulator`: the emulator of `.sentinel/emulator/` (or --emulator-state <dir>): the running one
 * when one runs on that state (its lock says where), else one started in this process on free
 * ports, from the persisted state, for the life of the command; so commands chain and a newcomer
 * needs one terminal. Its CA is returned for the sentinel's own clients to trust; nothing else does.
 */
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {SentinelError} from '../../core/errors.js'
import {emulatedAzure, type EmulatedAzure} from '../arm/emulated-azure.js'
import {DEMO} from '../seed/demo-clients.js'
import {runningEmulator} from '../state/lock.js'
import {emulatorPaths} from './paths.js'

export interface EmulatorTarget {
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  sidecarUrl: string
  /** The emulator's CA (PEM), for the sentinel's clients only. */
  ca: string
  sentinelAgent?: {appId: string; objectId: string; blueprintAppId?: string}
  /** The operator app every seed holds (an emulator-only secret): who changes the emulated tenant. */
  operator: {appId: string; secret: string}
  /** The emulated Container Apps job and Log Analytics workspace. */
  azure: EmulatedAzure
  /** How much faster than Azure its latencies and limits run (as it announces it; 1 is Azure's own). */
  timeScale: number
  /** The Agent 365 CLI stand-in's script (run with node), pointed at this emulator by its environment. */
  a365StandIn: string
  /** Says which emulator answered. */
  describe: string
  /** What the caller should be told about the emulator (a state seeded by an older version). */
  notes?: string[]
  close(): Promise<void>
}

const A365_STAND_IN = fileURLToPath(new URL('../a365/stand-in.js', import.meta.url))
const OPERATOR = {appId: DEMO.operator.appId, secret: DEMO.operator.secret}

export async function emulatorTarget(stateDir: string | undefined): Promise<EmulatorTarget> {
  // A folder named on purpose that is not there is a typo: a fresh demo tenant would answer "no drift" for it.
  if (
    stateDir !== undefined &&
    !(await stat(stateDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new SentinelError(
      'USAGE',
      `--emulator-state ${stateDir}: no such folder (a mistyped folder would start a fresh tenant and report no drift)`,
      [
        `Start the emulator there first (sentinel emulator start --state ${join(stateDir, 'state.json')}), or leave --emulator-state out to use .sentinel/emulator/.`,
      ],
      {usage: true},
    )
  const paths = emulatorPaths(stateDir === undefined ? undefined : join(stateDir, 'state.json'))
  const running = runningEmulator(paths.stateFile)
  if (
    running?.graphBaseUrl &&
    running.authorityHost &&
    running.sidecarUrl &&
    running.caCertificate &&
    running.tenantId
  ) {
    // The lock is a local file anyone may edit: the sentinel only ever talks to an emulator on this machine.
    for (const url of [running.graphBaseUrl, running.authorityHost, running.sidecarUrl])
      if (!isLoopbackUrl(url))
        throw new SentinelError(
          'CONFIG',
          `the emulator lock on ${paths.dir} names ${url.slice(0, 120)}, not a loopback address: refused as tampered`,
          [`Stop the emulator (pid ${running.pid}) and start it again, or remove the lock file in ${paths.dir}.`],
        )
    const ca = await readFile(running.caCertificate, 'utf8').catch(() => {
      throw new SentinelError(
        'IO_ERROR',
        `${running.caCertificate}: the running emulator's CA certificate cannot be read`,
        [`Restart the emulator (pid ${running.pid}).`],
      )
    })
    return {
      tenantId: running.tenantId,
      authorityHost: running.authorityHost,
      graphBaseUrl: running.graphBaseUrl,
      sidecarUrl: running.sidecarUrl,
      ca,
      sentinelAgent: running.sentinelAgent,
      operator: OPERATOR,
      a365StandIn: A365_STAND_IN,
      azure: emulatedAzure(running.graphBaseUrl),
      // An older emulator's lock names none: it ran Azure's limits unscaled only in that it had none, so pace as Azure.
      timeScale: typeof running.timeScale === 'number' && running.timeScale >= 1 ? running.timeScale : 1,
      describe: `the emulator running on ${paths.dir} (pid ${running.pid})`,
      close: async () => undefined,
    }
  }
  // Imported only when one must be started: the emulator (and its TLS library) stays out of a job that finds one running.
  const {launchEmulator} = await import('./launch.js')
  if (running)
    throw new SentinelError(
      'EMULATOR_RUNNING',
      `the emulator running on ${paths.dir} (pid ${running.pid}) does not say where it serves (an older version, or still starting)`,
      [
        `Stop it (kill ${running.pid}) and start it again with sentinel emulator start, or leave it off: --emulator then starts one for the command.`,
      ],
    )
  const emulator = await launchEmulator({
    port: 0,
    'sidecar-port': 0,
    state: paths.stateFile,
    seed: 'demo',
    deterministic: false,
  })
  return {
    tenantId: emulator.tenantId,
    authorityHost: emulator.authorityHost,
    graphBaseUrl: emulator.graphBaseUrl,
    sidecarUrl: emulator.sidecarUrl,
    ca: emulator.caCertificatePem,
    sentinelAgent: emulator.sentinelAgent,
    operator: OPERATOR,
    a365StandIn: A365_STAND_IN,
    azure: emulator.azure,
    timeScale: emulator.timeScale.factor,
    describe: `the emulator on ${paths.dir} (started for this command)`,
    notes: emulator.warnings,
    close: () => emulator.stop(),
  }
}

/** http(s) on 127.0.0.1, ::1 or localhost: where an emulator of this machine serves. */
function isLoopbackUrl(url: string): boolean {
  try {
    const {protocol, hostname} = new URL(url)
    return /^https?:$/.test(protocol) && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname)
  } catch {
    return false
  }
}
