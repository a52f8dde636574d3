/** Writes one evidence pack (evidence/<date>-<block>/): a new folder per proof (-2, -3 when the day already has one), every file atomically. */
import {mkdir} from 'node:fs/promises'
import {join} from 'node:path'
import {writeFileAtomic} from './atomic-write.js'

export async function writeEvidencePack(root: string, name: string, files: Record<string, string>): Promise<string> {
  await mkdir(root, {recursive: true})
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? name : `${name}-${n}`)
    try {
      await mkdir(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw error
    }
    for (const [file, content] of Object.entries(files)) await writeFileAtomic(join(dir, file), content)
    return dir
  }
}
