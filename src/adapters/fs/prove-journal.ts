/**
 * The proof's journal (.sentinel/prove-journal.json): written before every change the proof makes
 * to the tenant, with what to put back, so that `sentinel prove --recover` can finish a restore
 * that a crash, a kill or Ctrl-C interrupted. Written atomically; removed once the tenant is back.
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import type {ProveJournal} from '../../core/proof/journal.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

export const PROVE_JOURNAL = join('.sentinel', 'prove-journal.json')

export const journalFile = {
  async read(file = PROVE_JOURNAL): Promise<ProveJournal | undefined> {
    const text = await readIfPresent(file)
    if (text === undefined) return undefined
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
    await writeStateJson(file, journal)
  },
  async remove(file = PROVE_JOURNAL): Promise<void> {
    await rm(file, {force: true})
  },
}
