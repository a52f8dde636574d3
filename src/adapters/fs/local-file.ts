/**
 * The one reader of the small local files the sentinel is given or keeps (settings, tenants, templates,
 * accepted drift, severity, log exports, evidence, its own state under .sentinel/): regular files only
 * (a FIFO would hang the command, /dev/zero never end), a size limit, and one-line errors naming the
 * file, the same as the export reader's. A missing file is undefined only where that is allowed.
 */
import {readFileSync, statSync, type Stats} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {BadInputError} from '../../core/errors.js'
import {kindOf} from './export-files.js'

/** Larger than any settings file, template, journal or log export a person writes. */
export const LOCAL_FILE_LIMIT = 64 * 1024 * 1024

export interface LocalRead {
  maxBytes?: number
  /** A missing file reads as undefined (else it is an error naming it). */
  optional?: boolean
}

function refusal(file: string, error: unknown): BadInputError {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'ELOOP'
        ? 'is a loop of symbolic links'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read: permission denied'
          : code === 'ENOTDIR'
            ? 'is not a file: a part of its path is not a folder'
            : `cannot be read (${code ?? String(error)})`
  return new BadInputError(file, '', why)
}

function check(file: string, info: Stats, maxBytes: number): void {
  if (info.isDirectory()) throw new BadInputError(file, '', 'is a folder; expected a file')
  if (!info.isFile()) throw new BadInputError(file, '', `is ${kindOf(info)}; only regular files are read`)
  if (info.size > maxBytes)
    throw new BadInputError(
      file,
      '',
      `is ${Math.ceil(info.size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit for this file`,
    )
}

const text = (bytes: Buffer) => bytes.toString('utf8').replace(/^\uFEFF/, '')

export async function readLocalText(file: string, options: LocalRead & {optional: true}): Promise<string | undefined>
export async function readLocalText(file: string, options?: LocalRead): Promise<string>
export async function readLocalText(file: string, options: LocalRead = {}): Promise<string | undefined> {
  let info: Stats
  try {
    info = await stat(file)
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw refusal(file, error)
  }
  check(file, info, options.maxBytes ?? LOCAL_FILE_LIMIT)
  return text(await readFile(file).catch((error: unknown) => Promise.reject(refusal(file, error))))
}

export function readLocalTextSync(file: string, options: LocalRead = {}): string {
  let info: Stats
  try {
    info = statSync(file)
  } catch (error) {
    throw refusal(file, error)
  }
  check(file, info, options.maxBytes ?? LOCAL_FILE_LIMIT)
  try {
    return text(readFileSync(file))
  } catch (error) {
    throw refusal(file, error)
  }
}
