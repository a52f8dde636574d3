/**
 * The agents the playbook built or picked (.sentinel/agents.json): one record per agent, keyed by
 * tenant and agent, and the active one of each tenant (core/agent/agent-records.ts). Written by
 * `sentinel scaffold`, the playbook's picker and `sentinel agent use`; read by the commands after it
 * so they need no --agent-identity. Holds ids only, never a secret. Written atomically; a record that
 * cannot be read is an error naming the file, never ignored. A single-agent .sentinel/agent.json of
 * an earlier version is read as its tenant's active agent (and folded into agents.json at the next write).
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {NO_RECORDS, withRecord, type AgentRecord, type AgentRecords} from '../../core/agent/agent-records.js'
import {BadInputError} from '../../core/errors.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

export type {AgentRecord} from '../../core/agent/agent-records.js'

export const AGENT_RECORD = join('.sentinel', 'agents.json')
const LEGACY_RECORD = join('.sentinel', 'agent.json')
const REQUIRED = ['tenantId', 'agentAppId', 'agentObjectId', 'blueprintAppId'] as const

function parse(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new BadInputError(file, '', 'is not valid JSON; run sentinel scaffold again, or delete it', [
      `Delete ${file} to forget the recorded agents.`,
    ])
  }
}

function checked(file: string, pointer: string, raw: unknown): AgentRecord {
  const forget = [`Delete ${file} to forget the recorded agents.`]
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new BadInputError(file, pointer, 'expected an agent record (an object)', forget)
  const record = raw as Partial<AgentRecord>
  for (const key of REQUIRED)
    if (typeof record[key] !== 'string')
      throw new BadInputError(file, `${pointer}/${key}`, `expected ${key}; run sentinel scaffold again`, forget)
  return {agentName: '', source: '', scaffoldedAt: '', ...record} as AgentRecord
}

export async function readAgentRecords(file = AGENT_RECORD): Promise<AgentRecords> {
  const text = await readIfPresent(file)
  if (text === undefined) {
    if (file !== AGENT_RECORD) return NO_RECORDS
    const legacy = await readIfPresent(LEGACY_RECORD)
    if (legacy === undefined) return NO_RECORDS
    const record = checked(LEGACY_RECORD, '', parse(LEGACY_RECORD, legacy))
    return {agents: [record], active: {[record.tenantId.toLowerCase()]: record.agentObjectId.toLowerCase()}}
  }
  const raw = parse(file, text) as {agents?: unknown; active?: unknown} | null
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.agents))
    throw new BadInputError(file, '/agents', 'expected a list of agent records', [`Delete ${file} to forget them.`])
  const active = raw.active ?? {}
  if (typeof active !== 'object' || active === null || Array.isArray(active))
    throw new BadInputError(file, '/active', 'expected an object of tenant id -> agent object id', [])
  for (const [tenant, agent] of Object.entries(active))
    if (typeof agent !== 'string')
      throw new BadInputError(file, `/active/${tenant}`, "expected the active agent's object id", [])
  return {
    agents: raw.agents.map((r, i) => checked(file, `/agents/${i}`, r)),
    active: active as Record<string, string>,
  }
}

/**
 * Records one agent; it becomes its tenant's active agent only when nothing else is (withRecord 'if-none').
 * Says which agent is active afterwards.
 */
export async function recordAgent(
  record: AgentRecord,
  defaultAgentAppId?: string,
  file = AGENT_RECORD,
): Promise<{activated: boolean; active?: AgentRecord}> {
  return updateAgentRecords((records) => {
    const next = withRecord(records, record, 'if-none', defaultAgentAppId)
    return {records: next.records, value: next}
  }, file)
}

/** Reads, changes and writes the records (atomically); an earlier single-agent file is folded in and removed. */
export async function updateAgentRecords<T>(
  change: (records: AgentRecords) => {records: AgentRecords; value: T},
  file = AGENT_RECORD,
): Promise<T> {
  const {records, value} = change(await readAgentRecords(file))
  // No agent left (an emulator reset forgot its tenant's): no file, as before the first scaffold.
  if (records.agents.length === 0) await rm(file, {force: true})
  else await writeStateJson(file, {schemaVersion: 1, ...records})
  if (file === AGENT_RECORD) await rm(LEGACY_RECORD, {force: true})
  return value
}
