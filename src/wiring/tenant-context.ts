/**
 * Wiring for commands that read a tenant: the only place that picks the token source, the
 * transport and the Graph gateway from the tenant options (with the emulator behind --emulator). Heavy
 * modules are imported here, lazily, so `--help` stays fast.
 */
import {isGuid} from '../core/canonical/members.js'
import {SentinelError} from '../core/errors.js'
import {CLOUDS, graphScope, type Cloud} from '../core/tenant/clouds.js'
import type {AgentGateway, LiveSource, ReportPublisher, TenantGateway, TokenSource} from '../ports.js'
import type {TenantOptions} from '../cli/tenant-flags.js'

type Fetch = Awaited<ReturnType<typeof import('../adapters/http/transport.js').createTransport>>

/** With --emulator: where it serves, its CA and its a365 stand-in (for the stand-in, a child process). */
export interface EmulatorPlace {
  authorityHost: string
  graphBaseUrl: string
  tenantId: string
  ca?: string
  a365StandIn?: string
}

export interface TenantConnection {
  tenantId: string
  gateway: TenantGateway
  tokens: TokenSource
  /** The agent-governance side of the tenant (identities, attributes, policies to author, registry, risk, What-If). */
  agents: AgentGateway
  /**
   * The agent identity in question (--agent-identity, else the emulator's own) and its token source;
   * for a reader connection these are `tokens` itself, for an operator connection a second source.
   */
  agent?: {appId: string; objectId?: string; blueprintAppId?: string; tokens?: TokenSource}
  /** Where and as whom, for reports and messages (never a secret). */
  describe: string
  /** The correlation ID of this run's token requests. */
  correlationId: string
  /** The token scope for this Graph. */
  scope: string
  /** The tenant as the live side of a diff (policies, named locations, names). */
  live(options?: {includeDeleted?: boolean}): LiveSource
  /** The agent in question read from the tenant (a clear error when there is none, or the recorded one is gone). */
  agentInQuestion(): Promise<import('../ports.js').AgentIdentityRecord>
  /** The agent the tenant runs as the sentinel when no record chooses one (the emulator's own sentinel agent). */
  defaultAgentAppId?: string
  /** A token source for another agent than the one in question (one the playbook has just scaffolded). */
  agentTokensFor(agent: {appId: string; objectId?: string; blueprintAppId?: string}): Promise<TokenSource | undefined>
  /** With --emulator: where it serves and its CA (for the a365 stand-in, a child process). */
  emulator?: EmulatorPlace
  /** The Container Apps job and the Log Analytics workspace, as the operator (defaults: the emulator's, with --emulator). */
  azure(where: Partial<import('./azure-clients.js').AzureWhere>): Promise<import('./azure-clients.js').AzureClients>
  /** A token's signature against the tenant's published keys (never prints the token). */
  signature(token: string): Promise<import('../core/auth/signature.js').SignatureCheck>
  /** A SharePoint folder to write reports back to (the job's --sharepoint-site). */
  sharePoint(site: string, folder: string): ReportPublisher
  close(): Promise<void>
}

/** Connects, runs `use`, and always lets go of the connection (and an emulator started for it). */
export async function withTenant<T>(
  given: TenantOptions,
  note: (text: string) => void,
  use: (tenant: TenantConnection) => Promise<T>,
  options: ConnectOptions = {},
): Promise<T> {
  const connection = await connectTenant(given, process.env, note, options)
  try {
    return await use(connection)
  } finally {
    await connection.close()
  }
}

export interface ConnectOptions {
  /** `operator`: the commands that change the tenant run as a credential (never the agent). */
  as?: 'reader' | 'operator'
  /** An operator command that also takes the agent's token (doctor, token verify). */
  agentToken?: boolean
  /** The run's deadline (epoch ms): no retry of a throttled request waits past it. */
  deadlineAt?: number
  /**
   * The run's correlation ID, made once by the caller (the job) and handed down as a value; without one the
   * connection makes its own from SENTINEL_CORRELATION_ID (correlation-id.ts), for a command that is a run.
   */
  correlationId?: string
}

import type {Place} from './tenant-place.js'
export type {Place}

async function placeOf(given: TenantOptions, env: NodeJS.ProcessEnv): Promise<Place> {
  if (given.emulator) {
    const {emulatorTarget} = await import('../emulator/host/target.js')
    const target = await emulatorTarget(given.emulatorState)
    if (given.tenant && ![target.tenantId].includes(given.tenant.toLowerCase()))
      await target.close().then(() => {
        throw new SentinelError(
          'CONFIG',
          `--tenant ${given.tenant} is not the emulator's tenant (${target.tenantId})`,
          ['Leave --tenant out with --emulator, or drop --emulator to read a real tenant.'],
        )
      })
    const running = target.sentinelAgent?.blueprintAppId?.toLowerCase()
    return {
      ...target,
      customAuthority: true,
      sidecarFor: (blueprint) =>
        blueprint.toLowerCase() === running ? target.sidecarUrl : `${target.sidecarUrl}/blueprints/${blueprint}`,
    }
  }
  const tenantId = given.tenant ?? env.AZURE_TENANT_ID
  if (!tenantId)
    throw new SentinelError('CONFIG', 'no tenant given: --tenant, SENTINEL_TENANT or AZURE_TENANT_ID is needed', [
      'Pass --tenant <tenant id or domain>, or --emulator to use the embedded tenant emulator.',
    ])
  const cloud = CLOUDS[given.cloud as Cloud]
  const authorityHost = (given.authorityHost ?? cloud.authorityHost).replace(/\/+$/, '')
  const graphBaseUrl = (given.graphBaseUrl ?? cloud.graphBaseUrl).replace(/\/+$/, '')
  for (const [flag, url] of [
    ['--authority-host', authorityHost],
    ['--graph-base-url', graphBaseUrl],
  ] as const)
    if (!/^https:\/\/[^/]+/i.test(url))
      throw new SentinelError(
        'USAGE',
        `${flag} must be an https:// URL (tokens are never sent in the clear), got "${url}"`,
        [],
        {
          usage: true,
        },
      )
  return {
    tenantId,
    authorityHost,
    graphBaseUrl,
    customAuthority: !Object.values(CLOUDS).some((c) => c.authorityHost === authorityHost),
    sidecarUrl: given.sidecarUrl,
    timeScale: given.timeScale ?? 1,
    describe: `tenant ${tenantId}`,
    close: async () => undefined,
  }
}

export async function connectTenant(
  given: TenantOptions,
  env: NodeJS.ProcessEnv,
  prompt: (text: string) => void,
  options: ConnectOptions = {},
): Promise<TenantConnection> {
  const place = await placeOf(given, env)
  for (const note of place.notes ?? []) prompt(note)
  try {
    const {createTransport} = await import('../adapters/http/transport.js')
    const timeoutMs = given.timeoutSeconds * 1000
    const fetch = await createTransport({ca: place.ca, timeoutMs, direct: given.emulator})
    await resolveDomain(place, fetch)
    Object.assign(place, await recordedAgentsFor(place.tenantId))
    const {correlationIdFrom} = await import('./correlation-id.js')
    const correlationId = options.correlationId ?? correlationIdFrom(env)
    const sources = await import('./token-sources.js')
    const agentInQuestion = sources.agentOf(given, place)
    const {tokens, agentTokens} = await sources.connectionTokens(
      {given, env, place, fetch, prompt},
      options,
      agentInQuestion?.named === true,
    )
    const {GraphHttp} = await import('../adapters/graph/graph-http.js')
    const {GraphTenantGateway} = await import('../adapters/graph/tenant-gateway.js')
    const {GraphAgentGateway} = await import('../adapters/graph/agent-gateway.js')
    const {TenantLiveSource} = await import('../services/tenant-live-source.js')
    const {SharePointUpload} = await import('../adapters/graph/sharepoint-upload.js')
    const http = await GraphHttp.create({
      graphBaseUrl: place.graphBaseUrl,
      scope: graphScope(place.graphBaseUrl),
      tokens,
      fetch,
      correlationId,
      tenantId: place.tenantId,
      retryDelaySeconds: given.emulator ? 1 : 3,
      timeScale: place.timeScale,
      deadlineAt: options.deadlineAt,
    })
    const gateway = new GraphTenantGateway(http)
    const agents = new GraphAgentGateway(http)
    const describe = `${place.describe}, as ${tokens.describe()}`
    return {
      tenantId: place.tenantId,
      gateway,
      agents,
      agent: agentInQuestion
        ? {
            appId: agentInQuestion.appId,
            objectId: agentInQuestion.objectId,
            blueprintAppId: agentInQuestion.blueprintAppId,
            tokens: agentTokens,
          }
        : undefined,
      tokens,
      describe,
      live: (options = {}) => new TenantLiveSource(gateway, describe, options),
      sharePoint: (site, folder) => new SharePointUpload(http, site, folder),
      defaultAgentAppId: place.sentinelAgent?.appId,
      agentInQuestion: () => resolvedAgent(agents, gateway.tenantId ?? place.tenantId, place, agentInQuestion),
      agentTokensFor: (agent) => sources.agentTokenSource(given, env, place, fetch, prompt, {...agent, named: true}),
      emulator: given.emulator ? emulatorPlaceOf(place) : undefined,
      azure: async (where) => (await import('./azure-clients.js')).azureClients(fetch, tokens, place.azure, where),
      signature: async (token) => {
        const {checkSignature} = await import('../adapters/identity/signing-keys.js')
        return checkSignature(token, fetch, place.authorityHost, place.tenantId)
      },
      correlationId,
      scope: graphScope(place.graphBaseUrl),
      close: async () => {
        await fetch.close().catch(() => undefined)
        await place.close()
      },
    }
  } catch (error) {
    await place.close()
    throw error
  }
}

/** The agent in question read from the tenant, saying where its name came from (a flag, the record, the emulator). */
async function resolvedAgent(
  agents: AgentGateway,
  here: string,
  place: Place,
  agent: {appId: string; named: boolean} | undefined,
): Promise<import('../ports.js').AgentIdentityRecord> {
  const {resolveAgent} = await import('../services/resolve-agent.js')
  const from = !agent
    ? undefined
    : agent.named
      ? 'flag'
      : place.recordedAgent && place.recordedAgent.appId === agent.appId
        ? 'recorded'
        : 'emulator'
  return resolveAgent(agents, agent?.appId, {from, here, elsewhere: place.recordedElsewhere})
}

function emulatorPlaceOf(place: Place): EmulatorPlace {
  return {
    authorityHost: place.authorityHost,
    graphBaseUrl: place.graphBaseUrl,
    tenantId: place.tenantId,
    ca: place.ca,
    a365StandIn: place.a365StandIn,
  }
}

/** A tenant named by its domain is resolved to its id first: a token for another tenant is then refused for it too. */
async function resolveDomain(place: Place, fetch: Fetch): Promise<void> {
  if (isGuid(place.tenantId)) return
  const {resolveTenantId} = await import('../adapters/identity/tenant-id.js')
  const domain = place.tenantId
  place.tenantId = await resolveTenantId(fetch, place.authorityHost, domain).catch(async (error: unknown) => {
    await fetch.close().catch(() => undefined)
    throw error
  })
  place.describe = `tenant ${domain} (${place.tenantId})`
}

/** The tenant's recorded agents and its active one (`sentinel agent use` chooses it; a tenant named by its domain: when only one tenant has one). */
async function recordedAgentsFor(
  tenantId: string,
): Promise<Pick<Place, 'recordedAgent' | 'recordedAgents' | 'recordedElsewhere'>> {
  const {readAgentRecords} = await import('../adapters/fs/agent-record.js')
  const {activeOf, recordsOf} = await import('../core/agent/agent-records.js')
  const records = await readAgentRecords()
  const view = (r: import('../core/agent/agent-records.js').AgentRecord) => ({
    appId: r.agentAppId,
    objectId: r.agentObjectId,
    blueprintAppId: r.blueprintAppId,
  })
  const active = activeOf(records, tenantId)
  const here = recordsOf(records, tenantId)
  return {
    recordedAgent: active && view(active),
    recordedAgents: here.map(view),
    recordedElsewhere: here.length === 0 ? [...new Set(records.agents.map((r) => r.tenantId))] : [],
  }
}
