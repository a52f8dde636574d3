/**
 * Replacing what the tool owns in a baseline folder (policies/, named-locations/, dependencies/,
 * references.json, baseline.json) without touching anything else in it (a README, CODEOWNERS, .git, the operator's
 * accepted-drift.yaml), and without ever leaving half of an old and half of a new baseline:
 *
 * 1. a lock file (exclusive create, with the owner's pid) keeps a second writer out;
 * 2. the new content is written into a staging folder inside the baseline folder;
 * 3. a journal records that the swap starts and which owned entries existed;
 * 4. each old entry is moved aside into an "old" folder, then each new one moved in (renames);
 * 5. the journal records that the swap is done; the old folder, staging and journal are removed.
 *
 * A run killed at any step leaves a journal or a staging folder behind; the next run (import or
 * read) recovers before doing anything else: before step 5 it restores the old entries, after it
 * finishes the clean-up. So the folder is always the old baseline or the new one.
 */
import {mkdir, readFile, readdir, rename, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {writeFileAtomic} from './atomic-write.js'
import {takeLock} from './pid-lock.js'

export const OWNED = ['policies', 'named-locations', 'dependencies', 'references.json', 'baseline.json']
export const LOCK = '.sentinel.lock'
const STAGING = '.sentinel-staging'
const OLD = '.sentinel-old'
const JOURNAL = '.sentinel-journal.json'
/** Entries of the tool's own bookkeeping: never the user's, never a reason to call a folder non-empty. */
export const BOOKKEEPING = new Set([LOCK, STAGING, OLD, JOURNAL])

/** Called after each step of a swap; a test uses it to kill the process at that exact point. */
export type StepHook = (step: string) => void

interface Journal {
  phase: 'swapping' | 'done'
  existed: string[]
}

/** Whether anything is at the path (a file, a folder, a link that resolves). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Holds the folder's lock for the length of `fn`. A lock left by a process that no longer runs is
 * taken over (and said in `notes`); one held by a running process is an error naming its pid.
 */
export async function withLock<T>(
  dir: string,
  notes: string[],
  fn: () => Promise<T>,
  options: {waitMs?: number} = {},
): Promise<T> {
  const file = join(dir, LOCK)
  const release = await takeLock(file, {
    // A baseline write takes seconds; an hour-old lock on a shared folder is left by a sentinel that died.
    staleAfterMs: 3_600_000,
    waitMs: options.waitMs,
    busy: (held) =>
      new SentinelError(
        'BASELINE_LOCKED',
        `${dir} is being written by another sentinel${held ? ` (pid ${held.pid})` : ''}`,
        ['Wait for it to finish and run the command again.', `If no sentinel runs, remove ${file}.`],
      ),
    onTakeover: (held) =>
      notes.push(`${dir}: took over the lock of a sentinel that no longer runs${held ? ` (pid ${held.pid})` : ''}`),
  }).catch((error: unknown) => {
    throw error instanceof SentinelError
      ? error
      : new SentinelError('IO_ERROR', `${dir}: could not take the lock ${file}`, [], {cause: error})
  })
  try {
    return await fn()
  } finally {
    await release()
  }
}

/** Puts the folder back to a whole baseline after a killed swap; says what it did, or nothing. */
export async function recover(dir: string): Promise<string | undefined> {
  const journalFile = join(dir, JOURNAL)
  let journal: Journal | undefined
  if (await exists(journalFile)) {
    try {
      journal = JSON.parse(await readFile(journalFile, 'utf8')) as Journal
    } catch {
      journal = {phase: 'swapping', existed: OWNED}
    }
  }
  const staging = join(dir, STAGING)
  const old = join(dir, OLD)
  if (!journal) {
    if (!(await exists(staging)) && !(await exists(old))) return undefined
    await rm(staging, {recursive: true, force: true})
    await rm(old, {recursive: true, force: true})
    return `${dir}: removed what an interrupted import left before it changed anything`
  }
  if (journal.phase === 'swapping') {
    for (const name of OWNED) {
      const aside = join(old, name)
      if (await exists(aside)) {
        await rm(join(dir, name), {recursive: true, force: true})
        await rename(aside, join(dir, name))
      } else if (!journal.existed.includes(name)) {
        await rm(join(dir, name), {recursive: true, force: true})
      }
    }
  }
  await rm(old, {recursive: true, force: true})
  await rm(staging, {recursive: true, force: true})
  await rm(journalFile, {force: true})
  return journal.phase === 'swapping'
    ? `${dir}: restored the baseline an interrupted import was replacing`
    : `${dir}: finished the clean-up of an import that had completed`
}

/** Whether the folder holds leftovers of a killed swap. */
export async function needsRecovery(dir: string): Promise<boolean> {
  return (await exists(join(dir, JOURNAL))) || (await exists(join(dir, STAGING))) || (await exists(join(dir, OLD)))
}

/** The user's entries in the folder: everything but the tool's bookkeeping. */
export async function entriesOf(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((e) => !BOOKKEEPING.has(e))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Replaces the owned entries of `dir` with what `fill` writes into the staging folder. Call under the lock. */
export async function replaceOwned(
  dir: string,
  fill: (staging: string) => Promise<void>,
  step: StepHook = () => {},
): Promise<void> {
  const staging = join(dir, STAGING)
  const old = join(dir, OLD)
  await rm(staging, {recursive: true, force: true})
  await mkdir(staging, {recursive: true})
  await fill(staging)
  step('staged')
  const existed: string[] = []
  for (const name of OWNED) if (await exists(join(dir, name))) existed.push(name)
  await writeFileAtomic(join(dir, JOURNAL), JSON.stringify({phase: 'swapping', existed} satisfies Journal))
  step('journal-swapping')
  await mkdir(old, {recursive: true})
  for (const name of existed) {
    await rename(join(dir, name), join(old, name))
    step(`moved-old:${name}`)
  }
  for (const name of OWNED) {
    if (!(await exists(join(staging, name)))) continue
    await rename(join(staging, name), join(dir, name))
    step(`moved-new:${name}`)
  }
  await writeFileAtomic(join(dir, JOURNAL), JSON.stringify({phase: 'done', existed} satisfies Journal))
  step('journal-done')
  await rm(old, {recursive: true, force: true})
  step('old-removed')
  await rm(staging, {recursive: true, force: true})
  step('staging-removed')
  await rm(join(dir, JOURNAL), {force: true})
  step('journal-removed')
}
