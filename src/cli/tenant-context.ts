/**
 * Wiring for commands that read a tenant: the only place that picks the token source, the
 * transport and the Graph gateway from the flags (with the emulator behind --emulator). Heavy
 * modules are imported here, lazily, so `--help` stays fast.
 */
import {randomUUID} from 'node:crypto'
import {SentinelError} from '../core/errors.js'
import {CLOUDS, graphScope, type Cloud} from '../core/tenant/clouds.js'
import type {LiveSource, ReportPublisher, TenantGateway, TokenSource} from '../ports.js'
import type {TenantFlags} from './tenant-flags.js'

export interface TenantConnection {
  tenantId: string
  gateway: TenantGateway
  tokens: TokenSource
  /** Where and as whom, for reports and messages (never a secret). */
  describe: string
  /** The correlation ID of this run's token requests. */
  correlationId: string
  /** The token scope for this Graph. */
  scope: string
  /** The tenant as the live side of a diff (policies, named locations, names). */
  live(options?: {includeDeleted?: boolean}): LiveSource
  /** A SharePoint folder to write reports back to (the job's --sharepoint-site). */
  sharePoint(site: string, folder: string): ReportPublisher
  close(): Promise<void>
}

/** Connects, runs `use`, and always lets go of the connection (and an emulator started for it). */
export async function withTenant<T>(
  flags: TenantFlags,
  note: (text: string) => void,
  use: (tenant: TenantConnection) => Promise<T>,
): Promise<T> {
  const connection = await connectTenant(flags, process.env, note)
  try {
    return await use(connection)
  } finally {
    await connection.close()
  }
}

interface Place {
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  customAuthority: boolean
  ca?: string
  sidecarUrl?: string
  sentinelAgent?: {appId: string; objectId: string; blueprintAppId?: string}
  describe: string
  close(): Promise<void>
}

async function placeOf(flags: TenantFlags, env: NodeJS.ProcessEnv): Promise<Place> {
  if (flags.emulator) {
    const {emulatorTarget} = await import('../services/emulator-target.js')
    const target = await emulatorTarget(flags['emulator-state'])
    if (flags.tenant && ![target.tenantId].includes(flags.tenant.toLowerCase()))
      await target.close().then(() => {
        throw new SentinelError(
          'CONFIG',
          `--tenant ${flags.tenant} is not the emulator's tenant (${target.tenantId})`,
          ['Leave --tenant out with --emulator, or drop --emulator to read a real tenant.'],
        )
      })
    return {...target, customAuthority: true}
  }
  const tenantId = flags.tenant ?? env.AZURE_TENANT_ID
  if (!tenantId)
    throw new SentinelError('CONFIG', 'no tenant given: --tenant, SENTINEL_TENANT or AZURE_TENANT_ID is needed', [
      'Pass --tenant <tenant id or domain>, or --emulator to use the embedded tenant emulator.',
    ])
  const cloud = CLOUDS[flags.cloud as Cloud]
  const authorityHost = (flags['authority-host'] ?? cloud.authorityHost).replace(/\/+$/, '')
  const graphBaseUrl = (flags['graph-base-url'] ?? cloud.graphBaseUrl).replace(/\/+$/, '')
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
    sidecarUrl: flags['sidecar-url'],
    describe: `tenant ${tenantId}`,
    close: async () => undefined,
  }
}

export async function connectTenant(
  flags: TenantFlags,
  env: NodeJS.ProcessEnv,
  prompt: (text: string) => void,
): Promise<TenantConnection> {
  const place = await placeOf(flags, env)
  try {
    const {createTransport} = await import('../adapters/http/transport.js')
    const timeoutMs = flags.timeout * 1000
    const fetch = await createTransport({ca: place.ca, timeoutMs, direct: flags.emulator})
    const correlationId = env.SENTINEL_CORRELATION_ID || randomUUID()
    const tokens = await tokenSourceOf(flags, env, place, fetch, prompt)
    const {GraphHttp} = await import('../adapters/graph/graph-http.js')
    const {GraphTenantGateway} = await import('../adapters/graph/tenant-gateway.js')
    const {TenantLiveSource} = await import('../services/tenant-live-source.js')
    const {SharePointUpload} = await import('../adapters/graph/sharepoint-upload.js')
    const http = await GraphHttp.create({
      graphBaseUrl: place.graphBaseUrl,
      scope: graphScope(place.graphBaseUrl),
      tokens,
      fetch,
      correlationId,
      tenantId: place.tenantId,
      retryDelaySeconds: flags.emulator ? 1 : 3,
    })
    const gateway = new GraphTenantGateway(http)
    const describe = `${place.describe}, as ${tokens.describe()}`
    return {
      tenantId: place.tenantId,
      gateway,
      tokens,
      describe,
      live: (options = {}) => new TenantLiveSource(gateway, describe, options),
      sharePoint: (site, folder) => new SharePointUpload(http, site, folder),
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

async function tokenSourceOf(
  flags: TenantFlags,
  env: NodeJS.ProcessEnv,
  place: Place,
  fetch: Awaited<ReturnType<typeof import('../adapters/http/transport.js').createTransport>>,
  prompt: (text: string) => void,
): Promise<TokenSource> {
  const settings = {
    tenantId: place.tenantId,
    authorityHost: place.authorityHost,
    customAuthority: place.customAuthority,
    ca: place.ca,
    env,
    prompt,
  }
  // The emulator's own agent, when nothing says who to be.
  const defaultAgent = !flags['agent-identity'] && !flags.credential ? place.sentinelAgent : undefined
  const agentAppId = flags['agent-identity'] ?? defaultAgent?.appId
  if (agentAppId) {
    const agentObjectId = flags['agent-object-id'] ?? defaultAgent?.objectId
    if (flags['blueprint-client-id']) {
      const {blueprintExchangeSource} = await import('../adapters/identity/blueprint-exchange.js')
      return blueprintExchangeSource(
        {
          blueprintAppId: flags['blueprint-client-id'],
          agentAppId,
          agentObjectId,
          secret: env.SENTINEL_BLUEPRINT_CLIENT_SECRET,
          certificatePath: env.SENTINEL_BLUEPRINT_CERTIFICATE_PATH,
          managedIdentity: env.SENTINEL_BLUEPRINT_MANAGED_IDENTITY,
        },
        settings,
        fetch,
      )
    }
    const sidecarUrl = flags['sidecar-url'] ?? place.sidecarUrl
    if (!sidecarUrl)
      throw new SentinelError('CONFIG', `--agent-identity ${agentAppId} needs a way to get the agent's token`, [
        'Pass --sidecar-url (SENTINEL_SIDECAR_URL) for the AgentID sidecar, or --blueprint-client-id with the blueprint credential.',
      ])
    const {SidecarTokenSource} = await import('../adapters/identity/sidecar-source.js')
    return new SidecarTokenSource(
      {
        sidecarUrl,
        agentAppId,
        agentObjectId,
        blueprintAppId: defaultAgent?.blueprintAppId,
        service: flags['sidecar-service'],
      },
      fetch,
    )
  }
  const kind = flags.credential ?? 'default'
  if (kind === 'static-token') {
    const token = env.SENTINEL_ACCESS_TOKEN
    if (!token)
      throw new SentinelError('CONFIG', '--credential static-token needs SENTINEL_ACCESS_TOKEN, which is not set', [
        'Set SENTINEL_ACCESS_TOKEN to an access token for Microsoft Graph.',
      ])
    const {StaticTokenSource} = await import('../adapters/identity/static-token.js')
    return new StaticTokenSource(token)
  }
  const {azureCredential, CredentialTokenSource, newCorrelationHolder} =
    await import('../adapters/identity/azure-credential.js')
  const holder = newCorrelationHolder()
  const credential = await azureCredential(kind as never, settings, holder)
  const who = env.AZURE_CLIENT_ID ? `${kind} credential (client ${env.AZURE_CLIENT_ID})` : `${kind} credential`
  return new CredentialTokenSource(credential, holder, kind, who)
}
