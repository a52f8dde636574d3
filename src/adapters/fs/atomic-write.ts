/** Atomic file and folder writes: a reader sees the old content or the new, never half of either. */
import {randomBytes} from 'node:crypto'
import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, content, {flush: true})
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

/** A sibling temp folder that replaces `dir` in one rename once it is complete. */
export async function replaceFolder(dir: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`
  const temp = join(dirname(dir), `.${basename(dir)}.${suffix}.tmp`)
  const old = join(dirname(dir), `.${basename(dir)}.${suffix}.old`)
  await mkdir(dirname(dir), {recursive: true})
  try {
    await mkdir(temp)
    await fill(temp)
    let hadOld = true
    try {
      await rename(dir, old)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      hadOld = false
    }
    try {
      await rename(temp, dir)
    } catch (error) {
      if (hadOld) await rename(old, dir)
      throw error
    }
    if (hadOld) await rm(old, {recursive: true, force: true})
  } finally {
    await rm(temp, {recursive: true, force: true})
  }
}
