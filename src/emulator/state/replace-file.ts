/**
 * Replaces a file synchronously and atomically (temporary file beside it, then rename): a reader or a
 * crash sees the old content or the new, never half. The emulator's state and sign-in log use it; the
 * CLI's own writes use adapters/fs/atomic-write.ts (asynchronous, follows symbolic links, user errors).
 */
import {renameSync, rmSync, writeFileSync} from 'node:fs'

export function replaceFileSync(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temp, content)
    renameSync(temp, file)
  } finally {
    rmSync(temp, {force: true})
  }
}
