/** Where the tenant's Azure side is, when the connection names it (the emulator's does): ARM with the job, and Log Analytics. */
export interface AzurePlace {
  armBaseUrl: string
  logAnalyticsBaseUrl: string
  job: {subscriptionId: string; resourceGroup: string; name: string}
  workspaceId: string
}

/** Where a tenant connection points: the authority, Graph, the sidecar, and what the emulator or the records add. */
export interface Place {
  tenantId: string
  /** What to tell the user about the place before it is read (an emulator state seeded by an older version). */
  notes?: string[]
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
  /** Emulator only: the script of its Agent 365 CLI stand-in (`sentinel scaffold --emulator` runs it). */
  a365StandIn?: string
  /** The emulated Azure side (--emulator): where the Container Apps job and the Log Analytics workspace are. */
  azure?: AzurePlace
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
