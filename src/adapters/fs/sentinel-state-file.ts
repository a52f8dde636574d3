/** The sentinel's own small state files under .sentinel/ (the agent record, the playbook's progress, the proof's journal). */
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {writeFileAtomic} from './atomic-write.js'
import {readLocalText} from './local-file.js'

/** The file's text, or undefined when there is no such file (any other failure is thrown). */
export async function readIfPresent(file: string): Promise<string | undefined> {
  return readLocalText(file, {optional: true})
}

/** Writes JSON atomically, making the folder when needed. */
export async function writeStateJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), {recursive: true})
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n')
}
