/** The scaffold's journal (.sentinel/scaffold-journal.json): see core/agent/scaffold-journal.ts. */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import {
  scaffoldJournalProblem,
  type ScaffoldJournal,
  type ScaffoldJournalStore,
} from '../../core/agent/scaffold-journal.js'
import {processAlive} from '../process-alive.js'
import {readJournal, writeStateJson} from './sentinel-state-file.js'

export const SCAFFOLD_JOURNAL = join('.sentinel', 'scaffold-journal.json')

export const scaffoldJournalFile: ScaffoldJournalStore = {
  describe: SCAFFOLD_JOURNAL,
  /** The journal of an interrupted scaffold; a scaffold that still runs (its pid alive) is a CONFLICT. */
  async read(): Promise<ScaffoldJournal | undefined> {
    const file = SCAFFOLD_JOURNAL
    const journal = await readJournal<ScaffoldJournal>(
      file,
      'scaffold journal',
      scaffoldJournalProblem,
      `Check the tenant for a blueprint and agent of that name by hand, then delete ${file}.`,
    )
    if (!journal) return undefined
    if (journal.pid !== process.pid && processAlive(journal.pid))
      throw new SentinelError(
        'CONFLICT',
        `another scaffold of ${journal.agentName} is running in this folder (pid ${journal.pid}, since ${journal.startedAt})`,
        ['Wait for it to end; two scaffolds at once would each create a blueprint.'],
      )
    return journal
  },
  async write(journal: Omit<ScaffoldJournal, 'pid'>): Promise<void> {
    await writeStateJson(SCAFFOLD_JOURNAL, {...journal, pid: process.pid})
  },
  async remove(): Promise<void> {
    await rm(SCAFFOLD_JOURNAL, {force: true})
  },
}
