/** `sentinel registry check` (playbook step 3): reads what exists and says which source answered. */
import {registryChecks, type RegistryEvidence} from '../core/agent/registry.js'
import {checklistOutcome, type Check} from '../core/doctor/check.js'
import {SentinelError} from '../core/errors.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'

export interface RegistryResult {
  agent: {id: string; appId: string; displayName: string}
  source: string
  checks: Check[]
}

export async function registryEvidence(agents: AgentGateway, agent: AgentIdentityRecord): Promise<RegistryEvidence> {
  const base = {agent, source: 'Microsoft Graph beta agentRegistry/agentInstances'}
  try {
    const {source, entries} = await agents.registryEntries(agent.id)
    return {...base, source, entries}
  } catch (error) {
    // The API being gone (404/400) or not granted (403) is "could not tell", never "no entry".
    if (error instanceof SentinelError && ['NOT_FOUND', 'PERMISSION', 'READ_FAILED'].includes(error.code))
      return {...base, unreadable: error.message}
    throw error
  }
}

export async function checkRegistry(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
): Promise<{result: RegistryResult; outcome: ResultOutcome}> {
  const evidence = await registryEvidence(agents, agent)
  const checks = registryChecks(evidence)
  return {
    result: {
      agent: {id: agent.id, appId: agent.appId, displayName: agent.displayName},
      source: evidence.source,
      checks,
    },
    outcome: checklistOutcome(checks),
  }
}
