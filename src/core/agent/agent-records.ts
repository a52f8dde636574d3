/**
 * The agents the sentinel has built or picked, one record per agent keyed by tenant and agent, and the
 * active one of each tenant: the agent a command runs as when nothing else names one. A new record is
 * never made active behind the operator's back (pure; the file is adapters/fs/agent-record.ts).
 */
import {maybeSameTenant} from '../tenant/same-tenant.js'

export interface AgentRecord {
  tenantId: string
  agentName: string
  agentAppId: string
  agentObjectId: string
  blueprintAppId: string
  blueprintObjectId?: string
  blueprintPrincipalId?: string
  /** Where the ids came from: "a365 (a365.generated.config.json)". */
  source: string
  scaffoldedAt: string
}

export interface AgentRecords {
  agents: AgentRecord[]
  /** Tenant id (lower case) -> the active agent's object id (lower case). */
  active: Record<string, string>
}

export const NO_RECORDS: AgentRecords = {agents: [], active: {}}

const lower = (s: string) => s.toLowerCase()
const sameAgent = (a: AgentRecord, b: AgentRecord) =>
  lower(a.tenantId) === lower(b.tenantId) && lower(a.agentObjectId) === lower(b.agentObjectId)

/** The records of one tenant (a tenant named by its domain matches every record: the record cannot tell). */
export function recordsOf(records: AgentRecords, tenantId: string): AgentRecord[] {
  return records.agents.filter((r) => maybeSameTenant(tenantId, r.tenantId))
}

/** The active agent of a tenant, when one is chosen (for a domain: only when exactly one tenant's is). */
export function activeOf(records: AgentRecords, tenantId: string): AgentRecord | undefined {
  const found = recordsOf(records, tenantId).filter((r) => records.active[lower(r.tenantId)] === lower(r.agentObjectId))
  return found.length === 1 ? found[0] : undefined
}

/** The record of an agent by its name, app id or object id in a tenant (undefined: none, or more than one of that name). */
export function recordNamed(records: AgentRecords, tenantId: string, key: string): AgentRecord | undefined {
  const picked = pickRecord(records, key, tenantId)
  return 'record' in picked ? picked.record : undefined
}

/**
 * Adds or replaces one agent's record. `activate`: "yes" makes it the tenant's active agent; "if-none"
 * only when the tenant has none and nothing else runs as the sentinel there (`defaultAgentAppId`: the
 * emulator's own sentinel agent, which stays what the job runs as unless this is it).
 */
export function withRecord(
  records: AgentRecords,
  record: AgentRecord,
  activate: 'yes' | 'if-none',
  defaultAgentAppId?: string,
): {records: AgentRecords; active: AgentRecord | undefined; activated: boolean} {
  const agents = [...records.agents.filter((r) => !sameAgent(r, record)), record]
  const tenant = lower(record.tenantId)
  const current = records.active[tenant]
  const currentRecord = agents.find((r) => lower(r.tenantId) === tenant && lower(r.agentObjectId) === current)
  const isDefault = defaultAgentAppId !== undefined && lower(defaultAgentAppId) === lower(record.agentAppId)
  const activated =
    activate === 'yes' ||
    current === lower(record.agentObjectId) ||
    (!currentRecord && (!defaultAgentAppId || isDefault))
  const active = {...records.active}
  if (activated) active[tenant] = lower(record.agentObjectId)
  return {records: {agents, active}, active: activated ? record : currentRecord, activated}
}

/** Forgets every record of one tenant (its emulator was reset: the agents are gone with it). */
export function withoutTenant(records: AgentRecords, tenantId: string): AgentRecords {
  const tenant = lower(tenantId)
  const active = {...records.active}
  delete active[tenant]
  return {agents: records.agents.filter((r) => lower(r.tenantId) !== tenant), active}
}

/** The one record a key (name, app id or object id) names, in a tenant or in all of them; else why not. */
export function pickRecord(
  records: AgentRecords,
  key: string,
  tenantId?: string,
): {record: AgentRecord} | {error: 'none' | 'ambiguous'; candidates: AgentRecord[]} {
  const k = lower(key.trim())
  const candidates = (tenantId ? recordsOf(records, tenantId) : records.agents).filter(
    (r) => lower(r.agentAppId) === k || lower(r.agentObjectId) === k || lower(r.agentName.trim()) === k,
  )
  if (candidates.length === 1) return {record: candidates[0]!}
  return {error: candidates.length === 0 ? 'none' : 'ambiguous', candidates}
}

/** Forgets one agent's record (and its tenant's active choice when it was the active one). */
export function withoutRecord(records: AgentRecords, record: AgentRecord): AgentRecords {
  const tenant = lower(record.tenantId)
  const active = {...records.active}
  if (active[tenant] === lower(record.agentObjectId)) delete active[tenant]
  return {agents: records.agents.filter((r) => !sameAgent(r, record)), active}
}

/** Every record with whether it is its tenant's active agent, by tenant then name. */
export function listRecords(records: AgentRecords): Array<AgentRecord & {active: boolean}> {
  return records.agents
    .map((r) => ({...r, active: records.active[lower(r.tenantId)] === lower(r.agentObjectId)}))
    .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.agentName.localeCompare(b.agentName))
}
