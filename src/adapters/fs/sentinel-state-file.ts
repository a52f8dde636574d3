/** The sentinel's own small state files under .sentinel/ (the agent record, the playbook's progress, the proof's journal). */
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {BadInputError} from '../../core/errors.js'
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

/**
 * A journal the sentinel wrote (the proof's, the scaffold's): undefined when there is none; one
 * that is not JSON or not of its shape is a BAD_INPUT naming the file, the place and what to do by
 * hand, never trusted (a forged or torn file changes nothing in a tenant).
 */
export async function readJournal<T>(
  file: string,
  what: string,
  problemOf: (raw: unknown) => {path: string; expected: string} | undefined,
  byHand: string,
): Promise<T | undefined> {
  const text = await readIfPresent(file)
  if (text === undefined) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new BadInputError(file, '', `is not a ${what} (not JSON)`, [byHand])
  }
  const problem = problemOf(raw)
  if (problem) throw new BadInputError(file, problem.path, `is not a ${what}: expected ${problem.expected}`, [byHand])
  return raw as T
}
