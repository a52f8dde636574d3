/**
 * The job's done marker (--done-marker): a small file written when the run ends, whatever the
 * outcome, so a sidecar container waiting on it can stop and the job execution ends. Checked before
 * the run starts: a marker that is not a regular file in an ordinary folder (a FIFO that blocks its
 * writer, a device, anything under /proc, /sys or /dev) is a usage error, never a run that hangs at
 * its end and swallows SIGTERM. Writing it is bounded in time as well.
 */
import {realpathSync, statSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {dirname, resolve, sep} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {writeFileAtomic} from './atomic-write.js'

const KERNEL = ['/proc', '/sys', '/dev']
const WRITE_MS = 2000

/** Refuses a marker the run could hang on; answers the path to write. */
export function checkDoneMarker(path: string): string {
  const refuse = (why: string) =>
    new SentinelError(
      'BAD_INPUT',
      `--done-marker (SENTINEL_DONE_MARKER) ${path}: ${why}; expected a regular file in a folder both containers mount`,
      ['Point it at a file on a shared volume, such as /shared/done (an emptyDir volume the sidecar mounts too).'],
      {usage: true},
    )
  const full = resolve(path)
  // The nearest folder that exists, with its links resolved: a link into /proc is as bad as /proc itself.
  let folder = dirname(full)
  for (;;) {
    try {
      folder = realpathSync(folder)
      break
    } catch {
      const up = dirname(folder)
      if (up === folder) break
      folder = up
    }
  }
  if (KERNEL.some((k) => folder === k || folder.startsWith(k + sep))) throw refuse(`${folder} is a kernel file system`)
  let info
  try {
    info = statSync(full)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return full
    throw refuse(`cannot be checked (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  if (!info.isFile())
    throw refuse(info.isFIFO() ? 'is a FIFO (its writer would wait for a reader)' : 'is not a regular file')
  return full
}

/** Writes the marker; never fails the run and never takes longer than two seconds (a hung disk is said, not waited on). */
export async function writeDoneMarker(path: string, content: string): Promise<void> {
  const write = (async () => {
    await mkdir(dirname(path), {recursive: true})
    await writeFileAtomic(path, content)
  })().catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<void>((done) => {
    timer = setTimeout(done, WRITE_MS)
    timer.unref()
  })
  await Promise.race([write, late])
  clearTimeout(timer)
}
