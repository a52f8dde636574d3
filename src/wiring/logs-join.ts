/** `sentinel logs join` wiring: where the job's lines come from (Log Analytics or a file), the operator connection. */
import {SentinelError} from '../core/errors.js'
import type {JoinMatch, JoinResult} from '../core/results/logs-join.js'
import type {ContainerAppsWhere} from '../cli/container-apps-flags.js'
import type {TenantOptions} from '../cli/tenant-flags.js'

const UNITS: Record<string, number> = {m: 1, h: 60, d: 1440}

export interface LogsJoinOptions {
  tenant: TenantOptions
  /** The correlation ID to join on, else a recent window (30m, 2h, 1d). */
  correlationId?: string
  since?: string
  /** The job's lines from this JSON-lines file instead of Log Analytics. */
  jobLog?: string
  containerApps: ContainerAppsWhere
}

export async function logsJoinCommand(options: LogsJoinOptions, note: (text: string) => void): Promise<JoinResult> {
  let match: JoinMatch
  if (options.correlationId) match = {correlationId: options.correlationId}
  else {
    const m = /^(\d+)\s*(m|h|d)$/.exec(options.since ?? '')
    if (!m)
      throw new SentinelError('USAGE', `--since ${options.since}: expected a duration such as 30m, 2h or 1d`, [], {
        usage: true,
      })
    match = {sinceMinutes: Number(m[1]) * UNITS[m[2]!]!}
  }
  const {withTenant} = await import('./tenant-context.js')
  const {logsJoin} = await import('../services/logs-join.js')
  return withTenant(
    options.tenant,
    note,
    async (tenant) => {
      const file = options.jobLog
      if (file) {
        const {parseJsonLines} = await import('../adapters/fs/json-lines.js')
        return logsJoin(
          {agents: tenant.agents, lines: async () => parseJsonLines(await readJobLog(file)), now: () => new Date()},
          match,
          file,
        )
      }
      const {logs} = await tenant.azure(options.containerApps)
      return logsJoin(
        {agents: tenant.agents, lines: (m) => logs.lines(m), now: () => new Date()},
        match,
        'Log Analytics',
      )
    },
    {as: 'operator'},
  )
}

async function readJobLog(file: string): Promise<string> {
  // Regular files only, bounded: a FIFO given as --job-log never hangs the command.
  const {readLocalText} = await import('../adapters/fs/local-file.js')
  return readLocalText(file, {maxBytes: 256 * 1024 * 1024})
}
