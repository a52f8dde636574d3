/** The job's log lines and the sign-ins joined on the correlation ID (rendered by render/logs-join.ts). */
import type {JoinedRun} from '../proof/join.js'

export type JoinMatch = {correlationId: string} | {sinceMinutes: number}

export interface JoinResult {
  match: JoinMatch
  source: string
  runs: JoinedRun[]
}
