/**
 * The emulated tenant, as persisted in .sentinel/emulator/state.json. Graph objects are kept in
 * their Graph (beta) shape; emulator-only data (credentials, granted roles) sits beside them under
 * names Graph never uses. Every secret here is fake and labelled emulator-only.
 */
export type Json = Record<string, unknown>

export type BlockErrorValue = 'invalid_grant' | 'interaction_required'

export interface EmulatorOptions {
  /** The `error` value of an AADSTS53003 body for client credentials: UNCONFIRMED; both are served. */
  blockError: BlockErrorValue
  /** Agent identity appId equal to its object id, as observed (UNCONFIRMED), or different. */
  agentAppIdEqualsObjectId: boolean
  /** How an include-mode agent filter treats an agent lacking the attribute (UNCONFIRMED). */
  includeFilterMissingAttribute: 'not-matched' | 'matched'
  /** Default page size for Graph collections without $top. */
  pageSize: number
  /**
   * The most rows Graph returns in one page whatever $top asks (server-driven paging: Graph may
   * return fewer rows than $top, with a nextLink). Absent: $top is honoured up to its maximum.
   */
  maxPageSize?: number
  /**
   * Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated (AgentID sidecar 1.1+): unless
   * true, AgentIdentity, AgentUsername, AgentUserId and every optionsOverride.* are ignored and the
   * blueprint's own token comes back. Absent: false, the sidecar's default since 1.1; the demo seed
   * and the a365 stand-in's deployment set it to true, as deploy/ sets it on the sidecar container.
   */
  sidecarAllowOverrides?: boolean
  /**
   * How much faster than Azure sign-ins and log lines arrive (state/latency.ts): Microsoft's
   * documented latencies divided by this. Absent: DEFAULT_TIME_SCALE (600); 1 is Azure's own.
   */
  timeScale?: number
  /** The emulated Container Apps job (arm/): how its executions end and whether the operator may start it. */
  containerApps?: ContainerAppsOptions
  /**
   * The operator lacks a role that reads the Log Analytics workspace (Log Analytics Reader; the exact
   * role the API checks is UNCONFIRMED): every query is a 403, as the API answers. Absent: false.
   */
  logAnalyticsReadDenied?: boolean
}

/** The statuses an execution can end in (SPEC JobExecutionRunningState, besides Running and Processing). */
export type ExecutionEnd = 'Succeeded' | 'Failed' | 'Stopped' | 'Degraded' | 'Unknown'

export interface ContainerAppsOptions {
  /**
   * The status every execution ends in, whatever its exit code (Stopped, Degraded, Unknown are what an
   * execution stopped by hand, one with a failed replica, or one ARM lost track of answers). Absent:
   * Succeeded on exit 0, else Failed.
   */
  executionEnd?: ExecutionEnd
  /**
   * The operator lacks Microsoft.App/jobs/start/action on the job (no Container Apps Jobs Operator or
   * Contributor role): the start is a 403 AuthorizationFailed, as ARM answers. Absent: false.
   */
  startDenied?: boolean
}

export interface Credential {
  /** emulator-only secret text; never a real secret */
  secretText?: string
  /** PEM certificate whose key signs client assertions */
  certificatePem?: string
  keyId: string
  displayName?: string
}

export interface FederatedCredential {
  issuer: string
  subject: string
  audiences: string[]
}

export interface Application {
  id: string
  appId: string
  displayName: string
  '@odata.type': '#microsoft.graph.application' | '#microsoft.graph.agentIdentityBlueprint'
  /** Emulator-only: credentials and the Graph application roles granted to the app. */
  emulator: {credentials: Credential[]; federated: FederatedCredential[]; graphRoles: string[]; label: string}
  [key: string]: unknown
}

export interface ServicePrincipal {
  id: string
  appId: string
  displayName: string
  '@odata.type':
    | '#microsoft.graph.servicePrincipal'
    | '#microsoft.graph.agentIdentity'
    | '#microsoft.graph.agentIdentityBlueprintPrincipal'
  servicePrincipalType: string
  accountEnabled: boolean
  agentIdentityBlueprintId?: string
  customSecurityAttributes?: Json | null
  /** Emulator-only: Graph application roles granted to an agent identity (it holds no credentials). */
  emulator?: {graphRoles: string[]}
  [key: string]: unknown
}

export interface FaultRule {
  /** "GET /beta/identity/conditionalAccess/policies" or "* /v1.0/" (method and path prefix). */
  route: string
  status?: number
  retryAfter?: number
  delayMs?: number
  /** Send half the body, then end the response. */
  truncate?: boolean
  /** A list page that names itself as its @odata.nextLink: a paging loop, as a faulty service might send. */
  nextLinkLoop?: boolean
  /** Fail this many times, then recover (omit for always). */
  times?: number
  /**
   * Answer this JSON instead of the route's own (with `status`, else 200): a well-formed answer of a shape
   * the real service does not send, so a test can check that a client never takes it as evidence.
   */
  body?: unknown
}

export interface EmulatorState {
  schemaVersion: 1
  tenantId: string
  tenantDomain: string
  options: EmulatorOptions
  /** Deterministic mode: a fixed clock (advanced by one second per request) and seeded ids. */
  deterministic?: {now: string; seed: number}
  applications: Application[]
  servicePrincipals: ServicePrincipal[]
  users: Json[]
  groups: Json[]
  directoryRoles: Json[]
  policies: Json[]
  deletedPolicies: Json[]
  /** Soft-deleted named locations (beta deletedItems). Optional: older state files have none. */
  deletedNamedLocations?: Json[]
  namedLocations: Json[]
  authenticationStrengthPolicies: Json[]
  /** Authentication contexts (c1..c99). Optional: state files written before they existed have none. */
  authenticationContexts?: Json[]
  attributeSets: Json[]
  customSecurityAttributeDefinitions: Json[]
  riskyAgents: Json[]
  agentRiskDetections: Json[]
  signIns: Json[]
  /**
   * Directory role assignments (unifiedRoleAssignment: principalId, roleDefinitionId = the template id,
   * directoryScopeId) and PIM eligibilities (unifiedRoleEligibilityScheduleInstance). Optional: older
   * state files have none.
   */
  roleAssignments?: Json[]
  roleEligibilities?: Json[]
  /**
   * The demo seed's revision this state was made from (seed/demo.ts DEMO_SEED_REVISION). Optional:
   * a state from before revisions were kept has none, which reads as revision 0.
   */
  seedRevision?: number
  /** Terms of use (agreements). Optional: older state files have none. */
  agreements?: Json[]
  /** The tenant has no Entra ID P2 or Governance licence: PIM answers 400 AadPremiumLicenseRequired. */
  pimUnlicensed?: true
  /** The directory audit log, newest first (state/audit-log.ts). Optional: older state files have none. */
  directoryAudits?: Json[]
  /** The custom security attribute audit log (beta), newest first. Optional: older state files have none. */
  customSecurityAttributeAudits?: Json[]
  agentInstances: Json[]
  faults: FaultRule[]
  /** Requests per second above which Graph answers 429 (0 = never). */
  rateLimitPerSecond: number
  /** The blueprint the sidecar runs as (AzureAd__ClientId); else the tenant's first agent identity blueprint. */
  sidecarBlueprintAppId?: string
  /**
   * Emulator-only convenience: the agent identity (app id) that `--emulator` runs the sentinel as
   * when no --agent-identity or --credential is given. A real deployment sets SENTINEL_AGENT_IDENTITY.
   */
  sentinelAgentAppId?: string
  /** SharePoint sites with their document library (for the job's report write-back). */
  sites?: Site[]
}

/** A file in a site's document library; `path` is its folder path and name from the root ("reports/a.json"). */
export interface DriveItem {
  id: string
  path: string
  size: number
  /** base64 */
  content: string
  lastModifiedDateTime: string
  eTag: string
}

export interface Site {
  id: string
  hostname: string
  /** Server-relative path: /sites/security */
  path: string
  displayName: string
  drive: {id: string; items: DriveItem[]}
  /** Sites.Selected: the apps granted on this site, with read or write. */
  grants: Array<{appId: string; roles: Array<'read' | 'write'>}>
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'
export const GRAPH_RESOURCE = 'https://graph.microsoft.com'
/** "AAD Token Exchange Endpoint: Public": the audience of the blueprint's exchange token (T1). */
export const TOKEN_EXCHANGE_RESOURCE = 'api://AzureADTokenExchange'
export const TOKEN_EXCHANGE_APP_ID = 'fb60f99c-7a34-4190-8149-302f77469936'

/** The issuer of federated (workload identity) tokens that the emulator mints for rehearsals. */
export const EMULATOR_FEDERATION_ISSUER = 'urn:sentinel-emulator:federation'

/**
 * The tenant's own token issuer as a federated identity credential names it for a managed identity
 * (issuer https://login.microsoftonline.com/{tenant}/v2.0, subject the identity's object id). The
 * emulator's authority plays login.microsoftonline.com, so its own v2.0 issuer matches this.
 */
export function publishedTenantIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`
}
