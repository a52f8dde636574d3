/**
 * The sentinel's own log lines (JSON) from the container console logs in Log Analytics: the table
 * a Container Apps environment writes (ContainerAppConsoleLogs_CL with Log_s, or the newer
 * ContainerAppConsoleLogs with Log), whichever exists, filtered by a correlation ID or a time window.
 */
import {SentinelError} from '../../core/errors.js'
import type {JoinMatch} from '../../core/results/logs-join.js'
import type {LogQuery} from '../../ports.js'
import type {LogAnalyticsClient} from './log-analytics.js'

const TABLES = [
  ['ContainerAppConsoleLogs_CL', 'Log_s'],
  ['ContainerAppConsoleLogs', 'Log'],
] as const

export async function consoleLogLines(logs: LogAnalyticsClient, match: JoinMatch): Promise<Record<string, unknown>[]> {
  for (const [i, [table, column]] of TABLES.entries()) {
    const where =
      'correlationId' in match
        ? `${column} has '${match.correlationId.replace(/'/g, '')}'`
        : `TimeGenerated > ago(${Math.max(1, Math.round(match.sinceMinutes))}m)`
    const timespan = 'correlationId' in match ? 'P30D' : `PT${Math.max(1, Math.round(match.sinceMinutes))}M`
    try {
      const rows = await logs.query(
        `${table} | where ${where} | project TimeGenerated, ${column} | order by TimeGenerated asc | take 5000`,
        timespan,
      )
      return rows.flatMap((row) => {
        try {
          const line = JSON.parse(String(row[column])) as unknown
          return line !== null && typeof line === 'object' && !Array.isArray(line)
            ? [line as Record<string, unknown>]
            : []
        } catch {
          return []
        }
      })
    } catch (error) {
      if (error instanceof SentinelError && error.code === 'NOT_FOUND' && i < TABLES.length - 1) continue
      throw error
    }
  }
  return []
}

/** The console logs of a Log Analytics workspace as the LogQuery port. */
export function consoleLogQuery(logs: LogAnalyticsClient, workspace: string): LogQuery {
  return {describe: () => `Log Analytics workspace ${workspace}`, lines: (match) => consoleLogLines(logs, match)}
}
