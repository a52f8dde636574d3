/** The agent identity a playbook step is about: by --agent-identity (app id or object id), else the connection's own. */
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'

export async function resolveAgent(agents: AgentGateway, key: string | undefined): Promise<AgentIdentityRecord> {
  if (!key)
    throw new SentinelError('CONFIG', 'no agent identity given', [
      "Pass --agent-identity <the agent identity's app id> (SENTINEL_AGENT_IDENTITY), or run sentinel scaffold first.",
    ])
  const agent = await agents.findAgentIdentity(key)
  if (!agent)
    throw new SentinelError('NOT_FOUND', `no agent identity with the app id or object id ${key} in this tenant`, [
      'Check --agent-identity; list the agent identities in the Entra admin center (Agent ID > All agent identities).',
    ])
  return agent
}
