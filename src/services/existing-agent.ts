/**
 * Before the playbook or `sentinel scaffold` creates an agent: what already exists of that name in
 * the tenant. One complete agent (its identity, its blueprint's principal, its managerApplications
 * and a registry entry) is reused; a half-made one is named with what it lacks and the command that
 * finishes it; two of the same name are never guessed between.
 */
import {registryChecks} from '../core/agent/registry.js'
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'
import {registryEvidence} from './registry-check.js'

export interface ExistingAgent {
  agent: AgentIdentityRecord
  /** What a complete scaffold has that this one lacks (empty: complete). */
  missing: string[]
  /** What could not be read (the registry gone or not granted): reused, said as a warning. */
  unread: string[]
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

export async function existingAgentNamed(agents: AgentGateway, name: string): Promise<ExistingAgent | undefined> {
  const named = await agentsOfName(agents, name)
  if (named.length === 0) {
    await noLoneBlueprint(agents, name)
    return undefined
  }
  if (named.length > 1)
    throw new SentinelError(
      'CONFLICT',
      `${named.length} agent identities are named ${name} in this tenant: ${named.map((a) => a.appId).join(', ')}`,
      ['Name the one the playbook builds with --agent-identity <app id>, or pick another --agent-name.'],
    )
  return {agent: named[0]!, ...(await completeness(agents, named[0]!))}
}

/** What a complete scaffold has that this agent lacks, and what could not be read. */
export async function completeness(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
): Promise<Pick<ExistingAgent, 'missing' | 'unread'>> {
  const missing: string[] = []
  const unread: string[] = []
  if (!agent.blueprintAppId) missing.push('its blueprint (agentIdentityBlueprintId)')
  else if (!(await agents.blueprintPrincipal(agent.blueprintAppId)))
    missing.push(`the blueprint principal of ${agent.blueprintAppId}`)
  // The same judgement as registry check and the doctor's items.
  const [manager, entry] = registryChecks(await registryEvidence(agents, agent))
  if (manager!.status === 'fail') missing.push('managerApplications (the blueprint was built Entra-first)')
  if (entry!.status === 'unknown') unread.push(`the registry entry (${entry!.evidence.join('; ')})`)
  else if (entry!.status === 'fail') missing.push(`a complete registry entry (${entry!.evidence.join('; ')})`)
  return {missing, unread}
}

/** The blueprints of an agent's name: the Agent 365 CLI's "<name> Blueprint" and the bare name. */
export async function blueprintsOfName(
  agents: AgentGateway,
  name: string,
): Promise<Array<{id: string; appId: string; displayName: string}>> {
  return [...(await agents.blueprintsNamed(`${name.trim()} Blueprint`)), ...(await agents.blueprintsNamed(name.trim()))]
}

/** The agent identities of a name (the same comparison as the scaffold's check). */
export async function agentsOfName(agents: AgentGateway, name: string): Promise<AgentIdentityRecord[]> {
  return (await agents.listAgentIdentities()).filter((a) => sameName(a.displayName, name))
}

/**
 * A blueprint of the agent's name with no agent identity of that name: a scaffold that stopped after the
 * blueprint. The Agent 365 CLI names the blueprint "<agent name> Blueprint" (its generated config's
 * agentBlueprintDisplayName; UNCONFIRMED that every version does), so both that and the bare name count.
 */
async function noLoneBlueprint(agents: AgentGateway, name: string): Promise<void> {
  const found = await blueprintsOfName(agents, name)
  if (found.length === 0) return
  throw new SentinelError(
    'CONFLICT',
    `the tenant has the blueprint ${found.map((b) => `${b.displayName} (${b.appId})`).join(', ')} but no agent identity named ${name}: a scaffold that stopped half way`,
    [
      `Finish it with the Agent 365 CLI (a365 setup all --agent-name ${name}), or delete the blueprint (a365 cleanup), then run this again; --allow-duplicate-name scaffolds beside it.`,
    ],
  )
}

/** The refusal for a half-made agent: what it lacks, and what finishes it. */
export function halfMadeError(name: string, existing: ExistingAgent): SentinelError {
  return new SentinelError(
    'CONFLICT',
    `an agent identity named ${name} exists (${existing.agent.appId}) but is half made: it lacks ${existing.missing.join(', ')}`,
    [
      `Finish it with the Agent 365 CLI (a365 setup all --agent-name ${name}), then run this again; or scaffold a new agent under another --agent-name (--allow-duplicate-name creates a second one of this name).`,
    ],
  )
}
