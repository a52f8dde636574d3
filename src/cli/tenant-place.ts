import type {EmulatedAzure} from './azure-clients.js'

/** Where a tenant connection points: the authority, Graph, the sidecar, and what the emulator or the records add. */
export interface Place {
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  customAuthority: boolean
  ca?: string
  sidecarUrl?: string
  /** Emulator only: the sidecar of the deployment configured with a blueprint (each agent's job runs its own). */
  sidecarFor?(blueprintAppId: string): string
  sentinelAgent?: {appId: string; objectId: string; blueprintAppId?: string}
  /** The emulator's operator app (an emulator-only secret): who changes the emulated tenant by default. */
  operator?: {appId: string; secret: string}
  /** The emulated Azure side (--emulator): where the Container Apps job and the Log Analytics workspace are. */
  azure?: EmulatedAzure
  /** The tenant's active recorded agent (.sentinel/agents.json; `sentinel agent use` chooses it). */
  recordedAgent?: {appId: string; objectId: string; blueprintAppId: string}
  /** Every agent recorded for this tenant (an --agent-identity among them is known with its blueprint). */
  recordedAgents?: Array<{appId: string; objectId: string; blueprintAppId: string}>
  /** Tenants with recorded agents, when this one has none (for the message when no agent is given). */
  recordedElsewhere?: string[]
  /** How much faster than Azure's the tenant's service limits run: 1 for a real tenant, an emulator's own scale. */
  timeScale: number
  describe: string
  close(): Promise<void>
}
