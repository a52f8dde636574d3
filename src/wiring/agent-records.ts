/**
 * `sentinel agent list|use|forget`: the agents recorded in .sentinel/agents.json and the active one
 * of each tenant (what commands run as without --agent-identity). Local only: reads no tenant.
 */
import {
  activeOf,
  listRecords,
  pickRecord,
  withoutRecord,
  withRecord,
  type AgentRecord,
  type AgentRecords,
} from '../core/agent/agent-records.js'
import {SentinelError} from '../core/errors.js'

export interface AgentListResult {
  file: string
  agents: Array<AgentRecord & {active: boolean}>
}

export async function listAgents(): Promise<AgentListResult> {
  const {AGENT_RECORD, readAgentRecords} = await import('../adapters/fs/agent-record.js')
  return {file: AGENT_RECORD, agents: listRecords(await readAgentRecords())}
}

/** Makes one recorded agent its tenant's active agent; returns it and the one it replaces. */
export async function useAgent(key: string, tenantId?: string): Promise<{agent: AgentRecord; previous?: AgentRecord}> {
  const {updateAgentRecords} = await import('../adapters/fs/agent-record.js')
  return updateAgentRecords((records) => {
    const record = only(records, key, tenantId)
    const previous = activeOf(records, record.tenantId)
    const next = withRecord(records, record, 'yes')
    return {records: next.records, value: {agent: record, previous}}
  })
}

/** Forgets one recorded agent (the tenant is not changed). */
export async function forgetAgent(key: string, tenantId?: string): Promise<{agent: AgentRecord}> {
  const {updateAgentRecords} = await import('../adapters/fs/agent-record.js')
  return updateAgentRecords((records) => {
    const record = only(records, key, tenantId)
    return {records: withoutRecord(records, record), value: {agent: record}}
  })
}

function only(records: AgentRecords, key: string, tenantId?: string): AgentRecord {
  const picked = pickRecord(records, key, tenantId)
  if ('record' in picked) return picked.record
  const shown = picked.candidates.map((r) => `${r.agentName} (${r.agentAppId}, tenant ${r.tenantId})`).join(', ')
  throw new SentinelError(
    picked.error === 'none' ? 'NOT_FOUND' : 'USAGE',
    picked.error === 'none'
      ? `no recorded agent is named ${key}${tenantId ? ` in tenant ${tenantId}` : ''}`
      : `${picked.candidates.length} recorded agents match ${key}: ${shown}`,
    [
      picked.error === 'none'
        ? 'sentinel agent list shows the recorded agents; sentinel scaffold (or the playbook) records one.'
        : 'Name it by its app id, or pass --tenant.',
    ],
    {usage: picked.error === 'ambiguous'},
  )
}
