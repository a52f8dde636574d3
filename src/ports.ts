/**
 * Ports: what the services need from the outside world. Adapters implement them; the CLI context
 * and the headless entry are the only places that wire real adapters together.
 */
import type {AcceptedDriftEntry, NewAcceptedEntry} from './core/diff/accepted-drift.js'
import type {BaselineData, LiveData} from './core/diff/diff-baseline.js'
import type {Dependencies} from './core/dependencies/group-members.js'
import type {NamedKind, NamedObjects} from './core/dependencies/named-objects.js'
import type {AgentRecord} from './core/dependencies/agents.js'
import type {AuditLogName} from './core/audit/activities.js'
import type {SignInRecord} from './core/auth/sign-in.js'
import type {SeverityOverrides} from './core/diff/severity-overrides.js'
import type {AuditEntry, JsonObject, References} from './core/model.js'
import type {RunMemory} from './core/job/memory.js'
import type {ExecutionState, JobRun} from './core/job/execution.js'
import type {JoinMatch} from './core/results/logs-join.js'

export interface Baseline extends BaselineData {
  dir: string
  name: string
  /** baseline.json's source: how it was made and, when captured, from which tenant. */
  source: JsonObject
  /** What reading it recovered from (an interrupted import), said once. */
  warnings?: string[]
}

export interface BaselineContent {
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  source: JsonObject
  /** What the policies depend on (their groups' members), when read from the tenant. */
  dependencies?: Dependencies
}

export interface BaselineStore {
  read(dir: string): Promise<Baseline>
  /**
   * Writes the layout; on --force replaces only what the tool owns and keeps every other file.
   * `notes` say what it recovered from an interrupted run, or whose stale lock it took over.
   */
  write(
    dir: string,
    content: BaselineContent,
    options: {force: boolean; inputs?: string[]},
  ): Promise<{files: number; notes: string[]}>
  /** Appends entries to the baseline's accepted-drift.yaml, keeping what is there. */
  acceptDrift(dir: string, entries: NewAcceptedEntry[]): Promise<void>
}

/** Where live policies come from: exported files, or the tenant (Graph gateway). */
export interface LiveSource {
  describe(): string
  read(options?: LiveReadOptions): Promise<LiveData>
  /**
   * The audit entries of these activities since a time (a tenant only; an export has no log), and the
   * logs that could not be read (a permission the caller lacks), each with why.
   */
  audits?(
    activities: string[],
    since: Date,
  ): Promise<{entries: AuditEntry[]; unreadable: Partial<Record<AuditLogName, string>>}>
}

/**
 * What the policies depend on, read beside them (a tenant only; an export has none): the members of
 * the groups they name, and the agents' attributes their agent filters read. `required` fails the
 * read when they cannot be read (a baseline that records them is diffed), `optional` says so in a
 * warning and reads on (a capture records what it may).
 */
export type DependencyNeed = 'required' | 'optional'

export interface LiveReadOptions {
  dependencies?: {
    groups?: DependencyNeed
    roles?: DependencyNeed
    /** PIM eligibility of the roles' holders: required when the baseline records it. */
    roleEligibility?: DependencyNeed
    agents?: DependencyNeed
    /** The workload identities, authentication contexts and terms of use the policies name. */
    named?: DependencyNeed
  }
}

/** How an export is read (the read flags say). */
export interface ReadOptions {
  maxFileBytes?: number
  /** Read one page of a paged response as if it were all (it says @odata.nextLink). */
  allowPartial?: boolean
  /** Leave out files that cannot be read, name them in a warning, and read the rest. */
  skipInvalid?: boolean
  /** The property (dot path) of a wrapper object that holds the policy: --policy-path PolicyConfig. */
  policyPath?: string
}

export interface ExportReader {
  /** Reads Graph exports as found in the wild (files, folders, pages, encodings) into canonical form. */
  read(paths: string[]): Promise<ExportContent>
}

export interface ExportContent {
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  /** Files read, for messages. */
  files: string[]
  /** True when at least one named-location object was found. */
  hasNamedLocations: boolean
  /** What the reader skipped and why (hidden files, linked folders, invalid files with --skip-invalid). */
  warnings?: string[]
  /** Some input says it came from Graph v1.0, which drops the agent fields. */
  v1?: boolean
  /** The dependency files of a baseline folder read as an export (groups, roles, agents). */
  dependencies?: Dependencies
}

export interface Clock {
  now(): Date
}

export type {AcceptedDriftEntry, SeverityOverrides}

/** An access token and what the request that made it was called (for the sign-in log join). */
export interface AccessToken {
  token: string
  /** Epoch milliseconds. */
  expiresOn: number
}

/** Who the sentinel is to the tenant: gets tokens, and says who it is without printing a token. */
export interface TokenSource {
  /** For messages: "agent identity <app id> through the sidecar at http://localhost:5000". */
  describe(): string
  /** A token for one resource scope; a typed error (CA block, auth, network) when there is none. */
  getToken(scope: string, options?: {correlationId?: string}): Promise<AccessToken>
  /** Set when the source takes tokens as an agent identity: every token is checked against it. */
  agent?: {agentAppId: string; agentObjectId?: string; blueprintAppId?: string}
  /** How the token was obtained (sidecar, blueprint exchange, credential kind), for whoami. */
  kind: string
}

/** The tenant, as the Graph gateway reads it. Every method fails with a typed error, never an empty answer. */
export interface TenantGateway {
  describe(): string
  /** Graph requests sent so far (retries included). */
  readonly roundTrips: number
  /** The tenant id the tokens were issued in (tid), once a request was made: the tenant actually read. */
  readonly tenantId?: string
  listPolicies(): Promise<JsonObject[]>
  listNamedLocations(): Promise<JsonObject[]>
  listDeletedPolicies(): Promise<JsonObject[]>
  listDeletedNamedLocations(): Promise<JsonObject[]>
  getByIds(ids: string[]): Promise<JsonObject[]>
  servicePrincipalsByAppId(appIds: string[]): Promise<JsonObject[]>
  confirmDirectoryObjects(ids: string[]): Promise<{found: JsonObject[]; missing: string[]}>
  listRoleDefinitions(): Promise<JsonObject[]>
  listAuthenticationStrengths(): Promise<JsonObject[]>
  /** The transitive user members of each group, by lower-case group id ('missing': the tenant has no such group). */
  groupMembers(groupIds: string[]): Promise<Map<string, GroupMember[] | 'missing'>>
  /** Who holds each directory role (users; groups expanded), by lower-case role template id. */
  roleHolders(roleIds: string[]): Promise<RoleHoldersRead>
  /** The workload identities, authentication contexts and terms of use the policies name, each recorded (or missing). */
  namedObjects(named: Record<NamedKind, string[]>): Promise<NamedObjectsRead>
  /** Audit entries of these activities in one log since a time, parsed. */
  audits(log: AuditLogName, activities: string[], since: Date): Promise<AuditEntry[]>
  /** Every agent identity with its values of the given [set, attribute] pairs (a PERMISSION error when they may not be read). */
  agentAttributes(read: Array<[string, string]>): Promise<AgentRecord[]>
}

/** Each role's active holders and its eligible (PIM) ones, undefined where eligibility could not be read (`eligibleNotRead` says why). */
export interface RoleHoldersRead {
  holders: Map<string, {active: GroupMember[]; eligible?: GroupMember[]}>
  eligibleNotRead?: string
}

/** The named objects as read, and the names they carry (for references.json). */
export interface NamedObjectsRead {
  objects: NamedObjects
  names: Array<{id: string; type: string; displayName: string}>
}

/** A user a group holds (transitively), as the gateway reads it. */
export interface GroupMember {
  id: string
  displayName?: string
}

/** An agent identity as the playbook, doctor and proof see it. */
export interface AgentIdentityRecord {
  /** Object id. */
  id: string
  appId: string
  displayName: string
  /** The blueprint's app id. */
  blueprintAppId?: string
  /** App ids designated as managers of its blueprint (empty: built Entra-first, no registry entry). */
  managerApplications: string[]
  accountEnabled?: boolean
}

/** An agent's entry in ID Protection's risky agents, parsed once by the gateway. */
export interface RiskyAgentRecord {
  /** riskLevel as Graph sends it: none, low, medium, high, hidden (or a value added later). */
  level: string
  /** isProcessing: ID Protection still applies an admin action; the level may be the earlier one. */
  processing: boolean
}

/** One policy in a What-If answer (conditionalAccess/evaluate), parsed once by the gateway. */
export interface WhatIfRow {
  policyId: string
  displayName?: string
  applies: boolean
}

/** The agent-governance side of the tenant (the Graph gateway implements it). Not found is undefined; every failure is typed. */
export interface AgentGateway {
  /** By app id or object id. */
  findAgentIdentity(key: string): Promise<AgentIdentityRecord | undefined>
  listAgentIdentities(): Promise<AgentIdentityRecord[]>
  /** The blueprint principal (a service principal) of a blueprint app id. */
  blueprintPrincipal(blueprintAppId: string): Promise<JsonObject | undefined>
  /** The agent identity blueprints (applications) of a display name. */
  blueprintsNamed(displayName: string): Promise<Array<{id: string; appId: string; displayName: string}>>
  /** Deletes an agent identity or a blueprint principal (a service principal). */
  deleteServicePrincipal(id: string): Promise<void>
  /** Deletes a blueprint (an application, by object id): its credentials and its principal go with it. */
  deleteApplication(objectId: string): Promise<void>
  attributeSet(id: string): Promise<JsonObject | undefined>
  createAttributeSet(body: JsonObject): Promise<JsonObject>
  attributeDefinition(id: string): Promise<JsonObject | undefined>
  createAttributeDefinition(body: JsonObject): Promise<JsonObject>
  /** A service principal's custom security attributes; null when none is assigned or the caller may not read them. */
  customSecurityAttributes(servicePrincipalId: string): Promise<JsonObject | null>
  /** Sets (or, with null, removes) one single-valued string attribute. */
  setCustomSecurityAttribute(servicePrincipalId: string, set: string, name: string, value: string | null): Promise<void>
  policiesNamed(displayName: string): Promise<JsonObject[]>
  createPolicy(body: JsonObject): Promise<JsonObject>
  updatePolicy(id: string, body: JsonObject): Promise<void>
  /** Deletes a policy (Graph keeps it in deleted items for 30 days). */
  deletePolicy(id: string): Promise<void>
  /** Registry entries of an agent identity, and which API answered. */
  registryEntries(agentObjectId: string): Promise<{source: string; entries: JsonObject[]}>
  /** The agent's entry in ID Protection's risky agents; undefined when it has none. */
  riskyAgent(agentObjectId: string): Promise<RiskyAgentRecord | undefined>
  /** What-If for an agent identity: each policy and whether it applies (at an agent risk level, when given). */
  /** Microsoft's What-If for an agent's sign-in to an app (Microsoft Graph unless `appId` says). */
  whatIf(agentObjectId: string, options?: {riskLevel?: string; appId?: string}): Promise<WhatIfRow[]>
  /** ID Protection's admin actions on agents: confirmCompromised (risk high) or dismiss (risk none). */
  riskAction(action: 'confirmCompromised' | 'dismiss', agentObjectIds: string[]): Promise<void>
  /** Service-principal sign-ins (agents included) of one correlation ID, or since a time, from the beta sign-in log. */
  servicePrincipalSignIns(match: string | {since: Date}): Promise<SignInRecord[]>
}

/** One run of `sentinel job` on a correlation ID, with its log lines: a child process, or a Container Apps execution. */
export interface JobRunner {
  run(correlationId: string, signal?: AbortSignal): Promise<JobRun>
}

/** The deployed job's executions (Azure Resource Manager): start one with environment overrides, read its status. */
export interface JobExecutions {
  /** Starts an execution with `env` set on the sentinel container; answers the execution's name. */
  start(env: Record<string, string>): Promise<string>
  status(execution: string): Promise<ExecutionState>
}

/** The job's own JSON log lines as the log store holds them (Log Analytics), by correlation ID or time window. */
export interface LogQuery {
  describe(): string
  lines(match: JoinMatch): Promise<Record<string, unknown>[]>
}

/** Runs another program (the Agent 365 CLI): its output line by line as it comes, and how it ended. */
export interface ProcessRunner {
  run(
    command: string,
    args: string[],
    options: {env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void; signal?: AbortSignal},
  ): Promise<{exitCode: number; output: string; failure?: string}>
}

/** Where the headless job keeps its reports and its memory of the last run (a folder; later SharePoint). */
export interface ReportSink {
  describe(): string
  /** Takes the folder for this run; a second run on it at once is refused. Answers the release. */
  lock(): Promise<() => Promise<void>>
  readMemory(): Promise<{memory?: RunMemory; warning?: string}>
  writeMemory(memory: RunMemory): Promise<void>
  /** Writes one report file atomically; answers where it went. */
  write(name: string, content: string): Promise<string>
  /** Keeps the newest `keep` runs' reports (the job's own files only); answers what it removed. */
  prune(keep: number): Promise<string[]>
}

/** Where the job's reports are written back besides its folder (a SharePoint document library). */
export interface ReportPublisher {
  describe(): string
  /** Writes one report file (replacing one of the same name); answers where it went. */
  write(name: string, content: Buffer): Promise<string>
}
