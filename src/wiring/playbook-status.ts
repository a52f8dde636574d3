/** Wiring for `sentinel playbook status`: reads the saved progress and the agent records, no tenant. */
import {readAgentRecords} from '../adapters/fs/agent-record.js'
import {readAllProgress} from '../adapters/fs/playbook-progress.js'
import {activeOf, recordNamed} from '../core/agent/agent-records.js'
import {latestProgress, statusOf} from '../core/playbook/progress.js'
import type {PlaybookStatusView} from '../core/results/playbook.js'

export async function playbookStatus(): Promise<PlaybookStatusView> {
  const progress = latestProgress(await readAllProgress())
  const records = await readAgentRecords()
  const agent = progress.tenantId
    ? progress.agentName
      ? recordNamed(records, progress.tenantId, progress.agentName)
      : activeOf(records, progress.tenantId)
    : undefined
  const status = statusOf(progress)
  return {
    tenantId: progress.tenantId,
    agent: agent ? {name: agent.agentName, appId: agent.agentAppId, objectId: agent.agentObjectId} : undefined,
    next: status.next,
    steps: status.steps.map((s) => ({
      id: s.step.id,
      number: s.step.number,
      title: s.step.title,
      command: s.step.command,
      status: s.status,
      summary: s.summary,
      at: s.at,
    })),
  }
}
