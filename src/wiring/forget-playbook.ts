/**
 * `emulator reset` forgets the playbook's records of the emulated tenant it resets (the agents they
 * name are gone with it). Only records of that tenant, only the sentinel's own files under .sentinel/;
 * other tenants' records stay.
 */
import {AGENT_RECORD, readAgentRecords, updateAgentRecords} from '../adapters/fs/agent-record.js'
import {forgetProgress, PLAYBOOK_PROGRESS} from '../adapters/fs/playbook-progress.js'
import {recordsOf, withoutTenant} from '../core/agent/agent-records.js'

export async function forgetPlaybookOf(tenantId: string | undefined): Promise<string[]> {
  if (!tenantId) return []
  const id = tenantId.toLowerCase()
  const forgotten: string[] = []
  const records = await readAgentRecords().catch(() => undefined)
  if (records && recordsOf(records, id).length > 0) {
    await updateAgentRecords((r) => ({records: withoutTenant(r, id), value: undefined}))
    forgotten.push(AGENT_RECORD)
  }
  if (await forgetProgress(id).catch(() => false)) forgotten.push(PLAYBOOK_PROGRESS)
  return forgotten
}
