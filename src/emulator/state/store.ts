/**
 * The emulator's state: in memory while serving, persisted atomically after every change, and
 * re-read when another process (another `sentinel` command, a second emulator) changed the file.
 */
import {randomUUID} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {stableGuid} from './ids.js'
import type {EmulatorState} from './model.js'

export class StateStore {
  private current: EmulatorState
  private mtimeMs = 0

  private constructor(
    readonly file: string | undefined,
    state: EmulatorState,
  ) {
    this.current = state
  }

  /** Opens the state file, or seeds and writes it when there is none. An in-memory store when file is undefined. */
  static open(file: string | undefined, seed: () => EmulatorState): StateStore {
    if (file) {
      try {
        const store = new StateStore(file, JSON.parse(readFileSync(file, 'utf8')) as EmulatorState)
        store.mtimeMs = statSync(file).mtimeMs
        return store
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new SentinelError(
            'BAD_INPUT',
            `${file}: not a readable emulator state (${(error as Error).message})`,
            ['Run "sentinel emulator reset" (with the same --state) to start afresh.'],
            {cause: error},
          )
        }
      }
    }
    const store = new StateStore(file, seed())
    store.save()
    return store
  }

  get state(): EmulatorState {
    this.refresh()
    return this.current
  }

  /** Applies a change and persists it before anyone can see it. */
  mutate<T>(change: (state: EmulatorState) => T): T {
    this.refresh()
    const result = change(this.current)
    this.save()
    return result
  }

  now(): Date {
    const fixed = this.current.deterministic
    if (!fixed) return new Date()
    // A fixed clock that still moves forward: one second per reading.
    const at = new Date(fixed.now)
    fixed.now = new Date(at.getTime() + 1000).toISOString()
    return at
  }

  newId(): string {
    const fixed = this.current.deterministic
    if (!fixed) return randomUUID()
    fixed.seed += 1
    return stableGuid(`id:${fixed.seed}`)
  }

  private refresh(): void {
    if (!this.file) return
    let mtimeMs: number
    try {
      mtimeMs = statSync(this.file).mtimeMs
    } catch {
      return
    }
    if (mtimeMs === this.mtimeMs) return
    this.current = JSON.parse(readFileSync(this.file, 'utf8')) as EmulatorState
    this.mtimeMs = mtimeMs
  }

  save(): void {
    if (!this.file) return
    mkdirSync(dirname(this.file), {recursive: true})
    const temp = `${this.file}.${process.pid}.tmp`
    try {
      writeFileSync(temp, JSON.stringify(this.current, null, 1) + '\n')
      renameSync(temp, this.file)
    } finally {
      rmSync(temp, {force: true})
    }
    this.mtimeMs = statSync(this.file).mtimeMs
  }
}
