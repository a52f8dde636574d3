/** `sentinel logs join` wiring: where the job's lines come from (Log Analytics or a file), the operator connection. */
import {SentinelError} from '../core/errors.js'
import type {JoinMatch, JoinResult} from '../core/results/logs-join.js'
import type {TenantFlags} from '../cli/tenant-flags.js'

const UNITS: Record<string, number> = {m: 1, h: 60, d: 1440}

export async function logsJoinCommand(
  flags: TenantFlags & {
    'correlation-id'?: string
    since?: string
    'job-log'?: string
    subscription?: string
    'resource-group'?: string
    'job-name'?: string
    'workspace-id'?: string
  },
  note: (text: string) => void,
): Promise<JoinResult> {
  let match: JoinMatch
  if (flags['correlation-id']) match = {correlationId: flags['correlation-id']}
  else {
    const m = /^(\d+)\s*(m|h|d)$/.exec(flags.since ?? '')
    if (!m)
      throw new SentinelError('USAGE', `--since ${flags.since}: expected a duration such as 30m, 2h or 1d`, [], {
        usage: true,
      })
    match = {sinceMinutes: Number(m[1]) * UNITS[m[2]!]!}
  }
  const {withTenant} = await import('./tenant-context.js')
  const {logsJoin} = await import('../services/logs-join.js')
  return withTenant(
    flags,
    note,
    async (tenant) => {
      const file = flags['job-log']
      if (file) {
        const {parseJsonLines} = await import('../adapters/fs/json-lines.js')
        return logsJoin(
          {agents: tenant.agents, lines: async () => parseJsonLines(await readJobLog(file)), now: () => new Date()},
          match,
          file,
        )
      }
      const {logs} = await tenant.azure({
        subscriptionId: flags.subscription,
        resourceGroup: flags['resource-group'],
        jobName: flags['job-name'],
        workspaceId: flags['workspace-id'],
      })
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
