/**
 * The proof's journal (.sentinel/prove-journal.json): written before every change the proof makes
 * to the tenant, with what to put back, so that `sentinel prove --recover` can finish a restore
 * that a crash, a kill or Ctrl-C interrupted. Written atomically; removed once the tenant is back.
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import {journalProblem, type ProveJournal} from '../../core/proof/journal.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

export const PROVE_JOURNAL = join('.sentinel', 'prove-journal.json')

export const journalFile = {
  async read(file = PROVE_JOURNAL): Promise<ProveJournal | undefined> {
    const text = await readIfPresent(file)
    if (text === undefined) return undefined
    const byHand = `Check the tenant by hand (the agent's AgentIdApprovedForUse value and its risk), then delete ${file}.`
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      throw new BadInputError(file, '', 'is not a proof journal (not JSON)', [byHand])
    }
    // A journal names what it changes: anything else is not applied to a tenant (a forged or torn file).
    const problem = journalProblem(raw)
    if (problem)
      throw new BadInputError(file, problem.path, `is not a proof journal: expected ${problem.expected}`, [byHand])
    return raw as ProveJournal
  },
  async write(journal: ProveJournal, file = PROVE_JOURNAL): Promise<void> {
    await writeStateJson(file, journal)
  },
  async remove(file = PROVE_JOURNAL): Promise<void> {
    await rm(file, {force: true})
  },
}
