/**
 * A lock file holding its owner's pid, host and start time, created exclusively (O_EXCL). Used by the
 * job's report folder, a proof (one at a time per working folder: two would each restore what it
 * read after the other tripped), and the baseline folder (imports and updates, and writes of
 * accepted-drift.yaml: read, changed and written under the lock, so two accepts never lose an entry).
 *
 * A lock is stale, and taken over, when its owner is gone: on this host a dead pid (our own pid only
 * if the lock is younger than this process: a container's pid 1 comes back after a crash); elsewhere
 * (a shared folder, Azure Files) a lock older than the owner could live. An empty or torn lock (its
 * owner killed while writing it) is stale unless it is seconds old.
 */
import {open, readFile, rm, stat} from 'node:fs/promises'
import {hostname} from 'node:os'
import type {SentinelError} from '../../core/errors.js'
import {processAlive} from '../process-alive.js'

/** How long a lock may be empty while its owner writes it. */
const TORN_GRACE_MS = 5_000
const RETRY_MS = 100

export interface LockHolder {
  pid: number
  host?: string
  at?: string
  /** What the owner does (a proof's block and agent), for the message that names it. */
  what?: string
}

export interface LockOptions {
  /** A lock older than this is left by an owner that died (no owner outlives its own deadline). */
  staleAfterMs: number
  /** Said in the lock, for whoever finds it held. */
  what?: string
  /** The error when it is held: by a live owner (named), or by one that is writing it right now. */
  busy: (holder: LockHolder | undefined) => SentinelError
  /** Wait up to this long for a live owner to let go (short critical sections); default: refuse at once. */
  waitMs?: number
  /** Told when a stale lock is taken over (the caller may say so). */
  onTakeover?: (holder: LockHolder | undefined) => void
}

/** The lock's owner, or undefined when the file cannot be read as one (empty, torn, not an object). */
async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const held = JSON.parse(await readFile(file, 'utf8')) as unknown
    return held !== null && typeof held === 'object' && !Array.isArray(held) ? (held as LockHolder) : undefined
  } catch {
    return undefined
  }
}

/** Whether a readable lock's owner still holds it. */
function holds(held: LockHolder, staleAfterMs: number): boolean {
  const pid = Number(held.pid)
  const at = Date.parse(held.at ?? '')
  if (held.host !== undefined && held.host !== hostname()) return !(Date.now() - at > staleAfterMs)
  if (!Number.isInteger(pid) || pid <= 0) return false
  // Our own pid holds it only if the lock is younger than this process; a lock without a time cannot tell, so it holds.
  if (pid === process.pid) return Number.isNaN(at) || at >= Date.now() - process.uptime() * 1000 - 1000
  return processAlive(pid)
}

/** Takes the lock; answers its release. */
export async function takeLock(file: string, options: LockOptions): Promise<() => Promise<void>> {
  const until = Date.now() + (options.waitMs ?? 0)
  for (let takeovers = 0; ;) {
    try {
      const handle = await open(file, 'wx')
      const holder: LockHolder = {pid: process.pid, host: hostname(), at: new Date().toISOString()}
      if (options.what) holder.what = options.what
      await handle.writeFile(JSON.stringify(holder) + '\n')
      await handle.close()
      return async () => {
        await rm(file, {force: true})
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const held = await readHolder(file)
      const busy =
        held === undefined
          ? await stat(file).then(
              (s) => Date.now() - s.mtimeMs < TORN_GRACE_MS,
              () => false,
            )
          : holds(held, options.staleAfterMs)
      if (busy) {
        if (Date.now() >= until) throw options.busy(held)
        await new Promise((done) => setTimeout(done, RETRY_MS))
        continue
      }
      // Left by an owner that no longer exists: taken over (twice at most, so two takers never loop).
      if (++takeovers > 2) throw options.busy(held)
      options.onTakeover?.(held)
      await rm(file, {force: true})
    }
  }
}
