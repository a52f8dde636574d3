/**
 * The agent the playbook built (.sentinel/agent.json): written by `sentinel scaffold`, read by the
 * commands after it so they need no --agent-identity. Holds ids only, never a secret. Written
 * atomically; a record that cannot be read is an error naming the file, never ignored.
 */
import {join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

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

export const AGENT_RECORD = join('.sentinel', 'agent.json')

export async function readAgentRecord(file = AGENT_RECORD): Promise<AgentRecord | undefined> {
  const text = await readIfPresent(file)
  if (text === undefined) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new BadInputError(file, '', 'is not valid JSON; run sentinel scaffold again, or delete it', [
      `Delete ${file} to forget the recorded agent.`,
    ])
  }
  const record = raw as Partial<AgentRecord>
  for (const key of ['tenantId', 'agentAppId', 'agentObjectId', 'blueprintAppId'] as const)
    if (typeof record[key] !== 'string')
      throw new BadInputError(file, `/${key}`, `expected ${key}; run sentinel scaffold again`, [
        `Delete ${file} to forget the recorded agent.`,
      ])
  return record as AgentRecord
}

export async function writeAgentRecord(record: AgentRecord, file = AGENT_RECORD): Promise<void> {
  await writeStateJson(file, record)
}
