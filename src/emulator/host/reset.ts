/**
 * `emulator reset`: the state file and its sign-in log removed, refused while an emulator runs on
 * them (it keeps the state in memory and would write it back). The CA and the signing key stay.
 * `forget` is told which tenant it was, before anything is removed, so the product forgets its own
 * records of that tenant first (a failure there leaves the state as it was).
 */
import {readFile, rm} from 'node:fs/promises'
import {SentinelError} from '../../core/errors.js'
import {runningEmulator} from '../state/lock.js'
import {signInLogFile} from '../state/sign-in-log.js'
import {emulatorPaths} from './paths.js'

export async function resetEmulatorState<T>(
  state: string | undefined,
  forget: (tenantId: string | undefined) => Promise<T>,
): Promise<{stateFile: string; forgotten: T}> {
  const {stateFile, dir} = emulatorPaths(state)
  const running = runningEmulator(stateFile)
  if (running)
    throw new SentinelError(
      'EMULATOR_RUNNING',
      `an emulator (pid ${running.pid}) runs on ${dir}; it keeps its state in memory`,
      [`Stop it first (Ctrl-C in its terminal, or kill ${running.pid}), then reset.`],
    )
  const forgotten = await forget(await tenantOf(stateFile))
  await rm(stateFile, {force: true})
  await rm(signInLogFile(stateFile), {force: true})
  return {stateFile, forgotten}
}

/** The state's tenant id; undefined when there is no state, or it cannot be read. */
async function tenantOf(stateFile: string): Promise<string | undefined> {
  try {
    const id = (JSON.parse(await readFile(stateFile, 'utf8')) as {tenantId?: unknown}).tenantId
    return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined
  } catch {
    return undefined
  }
}
