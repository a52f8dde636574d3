import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A temp folder per test file, removed after it. */
export function tempDirs(): {make: (prefix?: string) => string} {
  const made: string[] = []
  after(() => {
    for (const dir of made) rmSync(dir, {recursive: true, force: true})
  })
  return {
    make(prefix = 'sentinel-') {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      made.push(dir)
      return dir
    },
  }
}
