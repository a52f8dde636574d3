/**
 * The proof's journal (.sentinel/prove-journal.json): written before every change the proof makes
 * to the tenant, with what to put back, so that `sentinel prove --recover` can finish a restore
 * that a crash, a kill or Ctrl-C interrupted. Written atomically; removed once the tenant is back.
 */
import {mkdir, rm} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {journalProblem, type ProveJournal} from '../../core/proof/journal.js'
import {takeLock} from './pid-lock.js'
import {readJournal, writeStateJson} from './sentinel-state-file.js'

export const PROVE_JOURNAL = join('.sentinel', 'prove-journal.json')

export const journalFile = {
  async read(file = PROVE_JOURNAL): Promise<ProveJournal | undefined> {
    // A journal names what it changes: anything else is not applied to a tenant (a forged or torn file).
    return readJournal<ProveJournal>(
      file,
      'proof journal',
      journalProblem,
      `Check the tenant by hand (the agent's AgentIdApprovedForUse value and its risk), then delete ${file}.`,
    )
  },
  async write(journal: ProveJournal, file = PROVE_JOURNAL): Promise<void> {
    await writeStateJson(file, journal)
  },
  async remove(file = PROVE_JOURNAL): Promise<void> {
    await rm(file, {force: true})
  },
}

export const PROVE_LOCK = join('.sentinel', 'prove.lock')

/**
 * One proof (or recover) at a time in this folder: two at once would each put back what it read after
 * the other tripped its block, and the agent's approval would be lost. A second is refused naming the first.
 */
export async function holdProofLock<T>(what: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(PROVE_LOCK), {recursive: true})
  const release = await takeLock(PROVE_LOCK, {
    // A proof lives for its change and evidence deadlines; a day-old lock on a shared folder is left by one that died.
    staleAfterMs: 86_400_000,
    what,
    busy: (held) =>
      new SentinelError(
        'CONFLICT',
        held
          ? `another proof is running in this folder (pid ${held.pid}${held.what ? `: ${held.what}` : ''}, since ${held.at ?? 'a moment ago'})`
          : 'another proof is starting in this folder',
        [
          'Wait for it to end: two proofs at once would each put back what the other changed.',
          `If no sentinel runs, remove ${PROVE_LOCK}.`,
        ],
      ),
  })
  try {
    return await work()
  } finally {
    await release()
  }
}
