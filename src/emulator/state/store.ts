/**
 * The emulator's state: in memory while serving, persisted atomically after every change, and
 * re-read when another process (another `sentinel` command) changed the file. Sign-ins are not part
 * of the state file: they go to an append-only log beside it (sign-in-log.ts), so a token request
 * costs one appended line, not a rewrite of the tenant.
 */
import {randomUUID} from 'node:crypto'
import {mkdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {dirname} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {stableGuid} from './ids.js'
import type {EmulatorState, Json} from './model.js'
import {replaceFileSync} from './replace-file.js'
import {SignInLog, signInLogFile} from './sign-in-log.js'

export class StateStore {
  private current: EmulatorState
  private mtimeMs = 0
  private readonly signIns: SignInLog

  private constructor(
    readonly file: string | undefined,
    state: EmulatorState,
  ) {
    this.signIns = new SignInLog(file ? signInLogFile(file) : undefined)
    this.signIns.load()
    // A state file from before the log kept sign-ins inline: they move to the log once.
    const inline = state.signIns ?? []
    this.current = this.withLog(state)
    if (inline.length > 0) {
      this.signIns.adoptInline(inline)
      this.save()
    }
  }

  /** The state as routes see it: its signIns are the log's records (newest first). */
  private withLog(state: EmulatorState): EmulatorState {
    state.signIns = this.signIns.records
    return state
  }

  /** Appends a sign-in to the log (one line), without rewriting the state file. */
  recordSignIn(record: Json): void {
    this.refresh()
    this.signIns.append(record)
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
    // A fresh tenant starts with an empty sign-in log (a log left without its state belongs to no tenant).
    if (file) rmSync(signInLogFile(file), {force: true})
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
    this.signIns.reloadIfChanged()
    let mtimeMs: number
    try {
      mtimeMs = statSync(this.file).mtimeMs
    } catch {
      return
    }
    if (mtimeMs === this.mtimeMs) return
    this.current = this.withLog(JSON.parse(readFileSync(this.file, 'utf8')) as EmulatorState)
    this.mtimeMs = mtimeMs
  }

  save(): void {
    if (!this.file) return
    mkdirSync(dirname(this.file), {recursive: true})
    // The sign-in log lives in its own file; the state file keeps an empty list for older readers.
    replaceFileSync(this.file, JSON.stringify({...this.current, signIns: []}, null, 1) + '\n')
    this.mtimeMs = statSync(this.file).mtimeMs
  }
}
