/** The state a new emulator starts from: the demo tenant, an empty one, or a seed file over the empty one. */
import {readFileSync} from 'node:fs'
import type {EmulatorOptions, EmulatorState} from '../state/model.js'
import {DETERMINISTIC_NOW} from '../state/options.js'
import {demoState} from './demo.js'
import {emptyState} from './empty.js'

export type Seed = 'demo' | 'empty' | {file: string}

export function seedState(seed: Seed | undefined, options: EmulatorOptions, deterministic: boolean): EmulatorState {
  let state: EmulatorState
  if (seed === undefined || seed === 'demo')
    state = demoState(options, deterministic ? new Date(DETERMINISTIC_NOW) : new Date())
  else if (seed === 'empty') state = emptyState(options)
  else state = {...emptyState(options), ...(JSON.parse(readFileSync(seed.file, 'utf8')) as Partial<EmulatorState>)}
  if (deterministic) state.deterministic = {now: DETERMINISTIC_NOW, seed: 0}
  return state
}
