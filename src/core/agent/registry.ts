/**
 * Playbook step 3: the agent's registry entry (graph-api.md 2.5, 10.7). The entry names the Entra
 * agent ID (agentIdentityId: documented as "identifier", read as the object id or the app id,
 * UNCONFIRMED which) and its platform of origin (originatingStore); the agent identity carries
 * managerApplications (a blueprint built Entra-first has none, and no registry entry).
 */
import type {Check} from '../doctor/check.js'
import type {JsonObject} from '../model.js'

export interface RegistryEvidence {
  agent: {id: string; appId: string; displayName: string; managerApplications: string[]}
  /** undefined when the registry could not be read (the Graph API gone, or no permission). */
  entries?: JsonObject[]
  source: string
  /** Why the registry could not be read. */
  unreadable?: string
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined)

export function registryChecks(evidence: RegistryEvidence): Check[] {
  const {agent} = evidence
  const manager: Check = {
    id: 'registry.manager-applications',
    title: 'the agent identity carries managerApplications (its blueprint was made through the Agent 365 CLI)',
    status: agent.managerApplications.length > 0 ? 'pass' : 'fail',
    evidence: [
      `managerApplications: ${agent.managerApplications.length > 0 ? agent.managerApplications.join(', ') : '(empty)'}`,
    ],
    fix:
      agent.managerApplications.length > 0
        ? undefined
        : 'The blueprint was built Entra-first (no managerApplications linkage), so it has no registry entry: scaffold it with the Agent 365 CLI (sentinel scaffold).',
  }
  if (evidence.entries === undefined)
    return [
      manager,
      {
        id: 'registry.entry',
        title: "the agent's registry entry exists with the Entra agent ID and platform of origin",
        status: 'unknown',
        evidence: [`${evidence.source}: ${evidence.unreadable ?? 'not read'}`],
        fix: 'Grant AgentInstance.Read.All, or check the entry in the Microsoft 365 admin center (Agents > All agents): the Graph registry API is being replaced by Agent 365-backed APIs.',
      },
    ]
  const ids = [agent.id.toLowerCase(), agent.appId.toLowerCase()]
  const entry = evidence.entries.find((e) => ids.includes(String(e['agentIdentityId'] ?? '').toLowerCase()))
  if (!entry)
    return [
      manager,
      {
        id: 'registry.entry',
        title: "the agent's registry entry exists with the Entra agent ID and platform of origin",
        status: 'fail',
        evidence: [`${evidence.source}: no entry names ${agent.id}`],
        fix: 'Register the agent through the Agent 365 CLI (a365 setup all), which creates the entry; a blueprint made directly in Entra gets none.',
      },
    ]
  const origin = text(entry['originatingStore'])
  const missing = [!text(entry['agentIdentityId']) && 'agentIdentityId', !origin && 'originatingStore'].filter(Boolean)
  return [
    manager,
    {
      id: 'registry.entry',
      title: "the agent's registry entry exists with the Entra agent ID and platform of origin",
      status: missing.length === 0 ? 'pass' : 'fail',
      evidence: [
        `${evidence.source}: entry ${String(entry['id'])} "${String(entry['displayName'] ?? '')}"`,
        `agentIdentityId: ${String(entry['agentIdentityId'] ?? '(empty)')}`,
        `originatingStore: ${origin ?? '(empty)'}`,
      ],
      fix:
        missing.length === 0
          ? undefined
          : `The entry lacks ${missing.join(' and ')}: re-register the agent through the Agent 365 CLI.`,
    },
  ]
}
