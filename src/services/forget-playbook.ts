/**
 * `emulator reset` forgets the playbook's records of the emulated tenant it resets (the agent they
 * name is gone with it). Only records of that tenant, only the sentinel's own files under .sentinel/.
 */
import {readFile, rm} from 'node:fs/promises'
import {AGENT_RECORD, readAgentRecord} from '../adapters/fs/agent-record.js'
import {PLAYBOOK_PROGRESS, readProgress} from '../adapters/fs/playbook-progress.js'

export async function forgetPlaybookOf(stateFile: string): Promise<string[]> {
  let tenantId: string | undefined
  try {
    tenantId = (JSON.parse(await readFile(stateFile, 'utf8')) as {tenantId?: string}).tenantId?.toLowerCase()
  } catch {
    return []
  }
  if (!tenantId) return []
  const forgotten: string[] = []
  const record = await readAgentRecord().catch(() => undefined)
  if (record?.tenantId.toLowerCase() === tenantId) {
    await rm(AGENT_RECORD, {force: true})
    forgotten.push(AGENT_RECORD)
  }
  const progress = await readProgress().catch(() => undefined)
  if (progress?.tenantId?.toLowerCase() === tenantId) {
    await rm(PLAYBOOK_PROGRESS, {force: true})
    forgotten.push(PLAYBOOK_PROGRESS)
  }
  return forgotten
}
