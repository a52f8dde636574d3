/** Text for `sentinel agent list|use|forget`. */
import type {AgentRecord} from '../core/agent/agent-records.js'
import {plain} from './escape.js'

export function renderAgentList(result: {file: string; agents: Array<AgentRecord & {active: boolean}>}): string {
  if (result.agents.length === 0)
    return `No agent is recorded (${result.file}). sentinel scaffold, or sentinel playbook run, records the agent it builds.\n`
  const lines = [`Recorded agents (${result.file}; * = the tenant's active agent, what commands run as):`]
  let tenant = ''
  for (const a of result.agents) {
    if (a.tenantId !== tenant) lines.push(`  tenant ${plain((tenant = a.tenantId))}`)
    lines.push(`  ${a.active ? '*' : ' '} ${plain(a.agentName)}  app id ${a.agentAppId}  object id ${a.agentObjectId}`)
  }
  return `${lines.join('\n')}\n`
}

export function renderAgentUse(result: {agent: AgentRecord; previous?: AgentRecord}): string {
  const a = result.agent
  const was =
    result.previous && result.previous.agentObjectId.toLowerCase() !== a.agentObjectId.toLowerCase()
      ? ` (was ${plain(result.previous.agentName)})`
      : ''
  return `${plain(a.agentName)} (${a.agentAppId}) is now the active agent of tenant ${plain(a.tenantId)}${was}: commands without --agent-identity run as it.\n`
}

export function renderAgentForget(result: {agent: AgentRecord}): string {
  const a = result.agent
  return `Forgot ${plain(a.agentName)} (${a.agentAppId}, tenant ${plain(a.tenantId)}); the tenant was not changed.\n`
}
