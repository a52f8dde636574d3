/**
 * The agent identity a command is about: by --agent-identity (app id or object id), else the tenant's
 * active recorded agent, else the emulator's own. When there is none, or the recorded one is gone,
 * the message says where the name came from and what fixes it (records of another tenant named).
 */
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'

export interface AgentOrigin {
  /** Where the key came from. */
  from?: 'flag' | 'recorded' | 'emulator'
  /** The tenant talked to, and the tenants that have recorded agents when this one has none. */
  here?: string
  elsewhere?: string[]
}

export async function resolveAgent(
  agents: AgentGateway,
  key: string | undefined,
  origin: AgentOrigin = {},
): Promise<AgentIdentityRecord> {
  if (!key) {
    const others = origin.elsewhere ?? []
    throw new SentinelError(
      'CONFIG',
      others.length > 0
        ? `no agent identity given: the recorded agents belong to tenant ${others.join(', ')}; this is ${origin.here ?? 'another tenant'}`
        : 'no agent identity given',
      [
        "Pass --agent-identity <the agent identity's app id> (SENTINEL_AGENT_IDENTITY), or run sentinel scaffold in this tenant first.",
      ],
    )
  }
  const agent = await agents.findAgentIdentity(key)
  if (agent) return agent
  if (origin.from === 'recorded')
    throw new SentinelError(
      'NOT_FOUND',
      `the recorded agent ${key} (the active agent of this tenant in .sentinel/agents.json) no longer exists in this tenant`,
      [`Forget it (sentinel agent forget ${key}), then scaffold again or choose another (sentinel agent use <name>).`],
    )
  throw new SentinelError('NOT_FOUND', `no agent identity with the app id or object id ${key} in this tenant`, [
    'Check --agent-identity; list the agent identities in the Entra admin center (Agent ID > All agent identities).',
  ])
}
