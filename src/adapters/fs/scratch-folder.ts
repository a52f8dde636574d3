/**
 * Temporary folders the sentinel makes for a child process (the a365 stand-in's home, with the
 * emulator's CA; a proof's job reports). Each is named with the pid that made it, removed when the
 * work ends, when the process exits on a signal, and, after a kill that left no chance (kill -9),
 * at the next start of the same kind of work: a folder whose pid no longer runs is swept.
 */
import {lstatSync, readdirSync, rmSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {processAlive} from '../process-alive.js'

export type ScratchKind = 'a365' | 'prove-reports'

const live = new Set<string>()
let hooked = false

/** A new scratch folder of this kind (stale ones of dead processes swept first); `remove` when done. */
export async function scratchFolder(kind: ScratchKind): Promise<{path: string; remove: () => Promise<void>}> {
  sweepStale(kind)
  const path = await mkdtemp(join(tmpdir(), `sentinel-${kind}-${process.pid}-`))
  live.add(path)
  if (!hooked) {
    hooked = true
    // process.exit (a second Ctrl-C, an uncaught error) skips every finally: the folders go here, synchronously.
    process.on('exit', () => {
      for (const folder of live) rmSync(folder, {recursive: true, force: true})
    })
  }
  return {
    path,
    remove: async () => {
      await rm(path, {recursive: true, force: true})
      live.delete(path)
    },
  }
}

/** Removes this kind's folders whose pid no longer runs (only the current user's; another's are left alone). */
export function sweepStale(kind: ScratchKind, dir = tmpdir()): string[] {
  const pattern = new RegExp(`^sentinel-${kind}-(\\d{1,10})-[A-Za-z0-9]{6}$`)
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN)
    if (!Number.isSafeInteger(pid) || pid === process.pid || processAlive(pid)) continue
    const path = join(dir, name)
    try {
      const stat = lstatSync(path)
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue
      rmSync(path, {recursive: true, force: true})
      removed.push(path)
    } catch {
      // Gone already, or not ours to remove: a sweep never fails the work it precedes.
    }
  }
  return removed
}
