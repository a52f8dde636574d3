/**
 * The proof's journal (.sentinel/prove-journal.json): written before every change the proof makes
 * to the tenant, with what to put back, so that `sentinel prove --recover` can finish a restore
 * that a crash, a kill or Ctrl-C interrupted. Written atomically; removed once the tenant is back.
 */
import {mkdir, readFile, rm} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import type {ProveJournal} from '../../core/proof/journal.js'
import {writeFileAtomic} from './atomic-write.js'

export const PROVE_JOURNAL = join('.sentinel', 'prove-journal.json')

export const journalFile = {
  async read(file = PROVE_JOURNAL): Promise<ProveJournal | undefined> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    try {
      const journal = JSON.parse(text) as ProveJournal
      if (journal === null || typeof journal !== 'object' || typeof journal.agentId !== 'string')
        throw new Error('shape')
      return journal
    } catch {
      throw new BadInputError(file, '', 'is not a proof journal', [
        `Check the tenant by hand (the agent's AgentIdApprovedForUse value and its risk), then delete ${file}.`,
      ])
    }
  },
  async write(journal: ProveJournal, file = PROVE_JOURNAL): Promise<void> {
    await mkdir(dirname(file), {recursive: true})
    await writeFileAtomic(file, JSON.stringify(journal, null, 2) + '\n')
  },
  async remove(file = PROVE_JOURNAL): Promise<void> {
    await rm(file, {force: true})
  },
}
