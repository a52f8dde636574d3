/** Atomic file and folder writes: a reader sees the old content or the new, never half of either. */
import {randomBytes} from 'node:crypto'
import {lstat, readlink, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {SentinelError} from '../../core/errors.js'

/** Where a write to `path` lands: the file itself, or the target of a symbolic link (never the link). */
async function target(path: string): Promise<string> {
  // A device or a pipe, however it is reached (/dev/stdout is a link into /proc): the kernel's path is the one to use.
  const end = await stat(path).catch(() => undefined)
  if (end && !end.isFile() && !end.isDirectory()) return path
  let current = path
  for (let hops = 0; hops < 16; hops++) {
    const info = await lstat(current).catch(() => undefined)
    if (!info?.isSymbolicLink()) return current
    current = resolve(dirname(current), await readlink(current))
  }
  throw new SentinelError('IO_ERROR', `cannot write ${path}: too many symbolic links (a loop?)`)
}

function writeError(path: string, error: unknown): SentinelError {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? `the folder ${dirname(path)} does not exist`
      : code === 'ENOTDIR'
        ? `${dirname(path)} is not a folder`
        : code === 'EISDIR'
          ? 'it is a folder; give a file name'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOSPC' || code === 'EDQUOT'
              ? `the disk is full (${code}); nothing was written there`
              : code === 'EROFS'
                ? 'the file system is read-only'
                : (code ?? String(error))
  return new SentinelError('IO_ERROR', `cannot write ${path}: ${why}`, [], {cause: error})
}

async function writeInto(path: string, file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content)
  } catch (error) {
    throw writeError(path, error)
  }
}

/**
 * Writes next to the target and renames over it. A symbolic link is written through (its target is
 * replaced, the link stays); a missing folder, a folder in the way or a file where a folder should
 * be is one clear error naming the path the caller gave, never a temporary name.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const file = await target(path)
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), {code: 'EISDIR'})
    // A device or a pipe (/dev/stdout, a FIFO) is written into, never renamed over: the node itself is not ours.
    if (!info.isFile()) return await writeInto(path, file, content)
  } catch (error) {
    if (error instanceof SentinelError) throw error
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(path, error)
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, content, {flush: true})
    await rename(temp, file)
  } catch (error) {
    await rm(temp, {force: true})
    throw writeError(path, error)
  }
}
