/**
 * The sign-in log beside the state file: append-only JSON lines (`<state>.sign-ins.jsonl`), so a
 * token request appends one line instead of rewriting the tenant. Newest first in memory, bounded;
 * the file is compacted (atomically) when it holds twice the bound. A crash loses at most the line
 * being written: a torn last line is skipped on load and never corrupts the state.
 */
import {appendFileSync, existsSync, readFileSync, statSync} from 'node:fs'
import type {Json} from './model.js'
import {replaceFileSync} from './replace-file.js'

export const SIGN_IN_LIMIT = 5000

export function signInLogFile(stateFile: string): string {
  return `${stateFile.replace(/\.json$/, '')}.sign-ins.jsonl`
}

export class SignInLog {
  /** Newest first. */
  readonly records: Json[] = []
  private lines = 0
  /** The file's size as this process last left it; another size means another process wrote it. */
  private bytes = -1

  constructor(private readonly file: string | undefined) {}

  private size(): number {
    try {
      return this.file ? statSync(this.file).size : -1
    } catch {
      return -1
    }
  }

  /** Re-reads the log when another process changed it (a command reading while the emulator serves). */
  reloadIfChanged(): void {
    if (this.file && this.size() !== this.bytes) this.load()
  }

  /** Loads the log file (oldest line first on disk), skipping a torn or foreign line. */
  load(): void {
    this.records.length = 0
    this.lines = 0
    this.bytes = this.size()
    if (!this.file || !existsSync(this.file)) return
    const parsed: Json[] = []
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      this.lines++
      try {
        const value = JSON.parse(line) as unknown
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) parsed.push(value as Json)
      } catch {
        // A line torn by a crash: skipped.
      }
    }
    for (let i = parsed.length - 1; i >= 0 && this.records.length < SIGN_IN_LIMIT; i--) this.records.push(parsed[i]!)
  }

  /** Records older than the file (state files written before the log existed kept them inline). */
  adoptInline(inline: Json[] | undefined): void {
    if (!inline || inline.length === 0) return
    for (const record of inline) {
      if (this.records.length >= SIGN_IN_LIMIT) break
      this.records.push(record)
    }
    this.rewrite()
  }

  append(record: Json): void {
    this.records.unshift(record)
    if (this.records.length > SIGN_IN_LIMIT) this.records.length = SIGN_IN_LIMIT
    if (!this.file) return
    const line = JSON.stringify(record) + '\n'
    appendFileSync(this.file, line)
    this.bytes = this.bytes < 0 ? Buffer.byteLength(line) : this.bytes + Buffer.byteLength(line)
    this.lines++
    if (this.lines >= 2 * SIGN_IN_LIMIT) this.rewrite()
  }

  /** Writes the bounded log afresh (temp file + rename). */
  private rewrite(): void {
    if (!this.file) return
    replaceFileSync(
      this.file,
      [...this.records]
        .reverse()
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    )
    this.lines = this.records.length
    this.bytes = this.size()
  }
}
