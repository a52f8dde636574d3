/** The root of the git checkout a folder is in (where `.git` is, a folder or a worktree's file), if any. */
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

export function repositoryRoot(folder: string): string | undefined {
  let dir = resolve(folder)
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}
