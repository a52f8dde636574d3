/**
 * One emulator per state folder: `emulator.lock` beside the state names the running emulator's
 * pid and its URLs (so other commands can find it), is created exclusively, and is taken over only
 * when its process no longer runs.
 */
import {openSync, readFileSync, rmSync, writeFileSync, closeSync} from 'node:fs'
import {dirname, join} from 'node:path'

export interface EmulatorLock {
  pid: number
  authorityHost?: string
  graphBaseUrl?: string
  sidecarUrl?: string
  caCertificate?: string
  tenantId?: string
  /** How much sooner than Azure sign-ins and log lines arrive (state/latency.ts); 1 is Azure's own. */
  timeScale?: number
  /** The agent identity `--emulator` runs the sentinel as by default. */
  sentinelAgent?: {appId: string; objectId: string; blueprintAppId?: string}
}

export function lockFileOf(stateFile: string): string {
  return join(dirname(stateFile), 'emulator.lock')
}

/** The lock of a running emulator on this state, if one runs. */
export function runningEmulator(stateFile: string): EmulatorLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(lockFileOf(stateFile), 'utf8')) as EmulatorLock
    return typeof lock.pid === 'number' && processAlive(lock.pid) ? lock : undefined
  } catch {
    return undefined
  }
}

export class EmulatorLockedError extends Error {
  constructor(readonly lock: EmulatorLock) {
    super(`an emulator (pid ${lock.pid}) already runs on this state`)
  }
}

/** Takes the state folder's lock for this process; `update` records the URLs once it serves, `release` removes it. */
export function acquireLock(stateFile: string): {update(info: Omit<EmulatorLock, 'pid'>): void; release(): void} {
  const file = lockFileOf(stateFile)
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(file, 'wx'))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error
      const running = runningEmulator(stateFile)
      if (running) throw new EmulatorLockedError(running)
      rmSync(file, {force: true}) // left by an emulator that no longer runs
    }
  }
  const write = (lock: EmulatorLock) => writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
  write({pid: process.pid})
  return {
    update: (info) => write({pid: process.pid, ...info}),
    release: () => {
      if (runningEmulator(stateFile)?.pid === process.pid || !runningEmulator(stateFile)) rmSync(file, {force: true})
    },
  }
}

/**
 * Whether the lock's process runs (EPERM: under another user). The emulator keeps its own copy of
 * this check so that it depends on nothing of the product's (adapters/process-alive.ts is the product's).
 */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
