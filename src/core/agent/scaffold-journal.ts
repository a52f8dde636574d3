/**
 * What a scaffold was about to create, written before the Agent 365 CLI runs and removed once the
 * agent is recorded: a scaffold killed in between (its blueprint made, its credential live, no
 * record) is found by the next run, which adopts a complete agent or removes what is half made.
 * `before` names what of the agent's name existed already, so only what the interrupted run made is
 * ever adopted or removed.
 */
import {isGuid} from '../canonical/members.js'

export interface ScaffoldJournal {
  schemaVersion: 1
  tenantId: string
  agentName: string
  startedAt: string
  pid: number
  /** App ids of the blueprints and agent identities of this name that existed before the scaffold ran. */
  before: {blueprints: string[]; agents: string[]}
}

/** What is wrong with a journal read from disk (a JSON pointer and what was expected), or undefined. */
export function scaffoldJournalProblem(raw: unknown): {path: string; expected: string} | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {path: '', expected: 'a JSON object'}
  const j = raw as Record<string, unknown>
  if (j['schemaVersion'] !== 1) return {path: '/schemaVersion', expected: '1'}
  if (typeof j['tenantId'] !== 'string' || !isGuid(j['tenantId'])) return {path: '/tenantId', expected: 'a GUID'}
  if (typeof j['agentName'] !== 'string' || j['agentName'].trim() === '' || j['agentName'].length > 256)
    return {path: '/agentName', expected: 'an agent name'}
  if (typeof j['startedAt'] !== 'string' || Number.isNaN(Date.parse(j['startedAt'])))
    return {path: '/startedAt', expected: 'a date and time'}
  if (!Number.isSafeInteger(j['pid']) || (j['pid'] as number) <= 0) return {path: '/pid', expected: 'a process id'}
  const before = j['before'] as Record<string, unknown> | null
  if (before === null || typeof before !== 'object' || Array.isArray(before))
    return {path: '/before', expected: 'an object'}
  for (const key of ['blueprints', 'agents'])
    if (!Array.isArray(before[key]) || !(before[key] as unknown[]).every((v) => typeof v === 'string' && isGuid(v)))
      return {path: `/before/${key}`, expected: 'a list of app ids'}
  return undefined
}

/** Where the journal is kept (the file stamps the pid of the scaffold that writes it). */
export interface ScaffoldJournalStore {
  read(): Promise<ScaffoldJournal | undefined>
  write(journal: Omit<ScaffoldJournal, 'pid'>): Promise<void>
  remove(): Promise<void>
  describe: string
}
