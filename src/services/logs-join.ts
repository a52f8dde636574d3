/**
 * `sentinel logs join`: the job's log lines (Log Analytics, or a JSON-lines file such as an
 * evidence pack's job-log.jsonl) and the service-principal sign-ins, joined on the correlation ID.
 */
import {joinLogs} from '../core/proof/join.js'
import type {AgentGateway} from '../ports.js'
import type {JoinMatch, JoinResult} from '../core/results/logs-join.js'

export interface JoinDeps {
  agents: AgentGateway
  /** The job's log lines for the match (from Log Analytics or a file). */
  lines(match: JoinMatch): Promise<Record<string, unknown>[]>
  now(): Date
}

export async function logsJoin(deps: JoinDeps, match: JoinMatch, source: string): Promise<JoinResult> {
  const lines = (await deps.lines(match)).filter((l) =>
    'correlationId' in match
      ? String(l['correlationId'] ?? '').toLowerCase() === match.correlationId.toLowerCase()
      : true,
  )
  const signIns = await deps.agents.servicePrincipalSignIns(
    'correlationId' in match
      ? match.correlationId
      : {since: new Date(deps.now().getTime() - match.sinceMinutes * 60_000)},
  )
  return {match, source, runs: joinLogs(lines, signIns)}
}
