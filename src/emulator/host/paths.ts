/** Where the emulator keeps its state, CA and signing key: .sentinel/emulator/ under the working folder. */
import {dirname, join, resolve} from 'node:path'

export const DEFAULT_EMULATOR_STATE = join('.sentinel', 'emulator', 'state.json')

export function emulatorPaths(stateFile: string | undefined): {stateFile: string; dir: string} {
  const file = resolve(stateFile ?? DEFAULT_EMULATOR_STATE)
  return {stateFile: file, dir: dirname(file)}
}
