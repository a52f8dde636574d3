/**
 * Finding and opening export files safely: only regular .json files are read (a FIFO would hang, a
 * device never end), a symbolic link to a file is followed once, symlinked folders and dotfiles are
 * skipped and named, the walk is an explicit stack with a depth limit, and one file has a size limit.
 */
import type {Stats} from 'node:fs'
import {readdir, readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {appendAll} from '../../core/arrays.js'
import {BadInputError} from '../../core/errors.js'

/** Files larger than this are refused unless the caller raises it (a policy export is kilobytes). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
/** Folder depth of the walk; EntraExporter's layout is four deep. */
const MAX_FOLDER_DEPTH = 16

export function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * The .json files under the given path: only regular files are ever read (a FIFO would hang, a
 * device never end), a symbolic link to a file is followed once, a symlinked folder and dotfiles are
 * skipped and named in a warning, and the walk is an explicit stack with a depth limit.
 */
export async function listJsonFiles(path: string, warnings: string[]): Promise<string[]> {
  let info: Stats
  try {
    info = await stat(path)
  } catch (error) {
    const loop = (error as NodeJS.ErrnoException).code === 'ELOOP'
    throw new BadInputError(
      path,
      '',
      loop
        ? 'is a symbolic link that loops; expected a Graph export'
        : 'no such file or folder; expected a Graph export (a .json file or a folder of them)',
    )
  }
  if (info.isFile()) return [path]
  if (!info.isDirectory()) throw new BadInputError(path, '', `is ${kindOf(info)}; expected a .json file or a folder`)
  const out: string[] = []
  const skipped: string[] = []
  const stack: Array<{dir: string; depth: number}> = [{dir: path, depth: 0}]
  while (stack.length > 0) {
    const {dir, depth} = stack.pop() as {dir: string; depth: number}
    const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) =>
      a.name < b.name ? 1 : a.name > b.name ? -1 : 0,
    )
    const files: string[] = []
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        if (entry.name.toLowerCase().endsWith('.json') || entry.isDirectory()) skipped.push(full)
        continue
      }
      if (entry.isSymbolicLink()) {
        const target = await stat(full).catch((error: NodeJS.ErrnoException) => error)
        if (target instanceof Error)
          throw new BadInputError(
            full,
            '',
            target.code === 'ELOOP' ? 'is a symbolic link that loops' : 'is a broken symbolic link',
          )
        if (target.isDirectory()) {
          skipped.push(`${full} (a symbolic link to a folder)`)
          continue
        }
      }
      if (entry.isDirectory()) {
        if (depth + 1 > MAX_FOLDER_DEPTH)
          throw new BadInputError(full, '', `is more than ${MAX_FOLDER_DEPTH} folders deep; expected an export layout`)
        stack.push({dir: full, depth: depth + 1})
      } else if (entry.name.toLowerCase().endsWith('.json')) files.push(full)
    }
    appendAll(out, files.reverse())
  }
  if (skipped.length > 0)
    warnings.push(
      `skipped ${skipped.length} hidden or linked entr${skipped.length === 1 ? 'y' : 'ies'}: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''}`,
    )
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Reads one file that the walk found: a regular file within the size limit, or a clear error. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(file)
  if (!info.isFile()) throw new BadInputError(file, '', `is ${kindOf(info)}; only regular files are read`)
  if (info.size > maxBytes)
    throw new BadInputError(
      file,
      '',
      `is ${Math.ceil(info.size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit for one file; pass --max-file-mb to read it`,
    )
  return readFile(file)
}

/** Files read ahead of the one in use (a folder of policies is a hundred small files): small ones only. */
const READ_AHEAD = 8
const READ_AHEAD_BYTES = 1024 * 1024

type Early = {bytes: Uint8Array} | {later: true}

async function early(file: string): Promise<Early> {
  try {
    const info = await stat(file)
    if (!info.isFile() || info.size > READ_AHEAD_BYTES) return {later: true}
    return {bytes: await readFile(file)}
  } catch {
    // Said by the read in its turn, which names the file.
    return {later: true}
  }
}

/**
 * The files' bytes in their order, each as readRegularFile reads it (or its error), with the next few
 * small ones read meanwhile: the reads overlap instead of waiting one by one, and a read-ahead holds
 * at most READ_AHEAD small files.
 */
export async function* readRegularFiles(
  files: string[],
  maxBytes: number,
): AsyncGenerator<{file: string; bytes: Uint8Array} | {file: string; error: unknown}> {
  const ahead: Array<Promise<Early>> = []
  let next = 0
  for (const file of files) {
    while (ahead.length < READ_AHEAD && next < files.length) ahead.push(early(files[next++]!))
    const got = await ahead.shift()!
    if ('bytes' in got && got.bytes.length <= maxBytes) yield {file, bytes: got.bytes}
    else
      try {
        yield {file, bytes: await readRegularFile(file, maxBytes)}
      } catch (error) {
        yield {file, error}
      }
  }
}
