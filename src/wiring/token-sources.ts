/**
 * Who the sentinel is to the tenant, from the tenant options: the agent identity (through the sidecar or the
 * blueprint's exchange), or a credential (@azure/identity, or a static token). Commands that change
 * the tenant run as the operator: a credential, never the agent; with --emulator and no credential
 * named, the emulator's operator app (its emulator-only secret).
 */
import {SentinelError} from '../core/errors.js'
import type {TokenSource} from '../ports.js'
import type {Place} from './tenant-place.js'
import type {TenantOptions} from '../cli/tenant-flags.js'
import {clientSettingsFrom} from '../core/auth/credential-kinds.js'

type Fetch = Awaited<ReturnType<typeof import('../adapters/http/transport.js').createTransport>>

/**
 * The agent identity in question: named by --agent-identity, else the one `sentinel scaffold`
 * recorded for this tenant, else the emulator's own sentinel agent. `named` says it was asked for.
 */
export function agentOf(
  given: TenantOptions,
  place: Place,
): {appId: string; objectId?: string; blueprintAppId?: string; named: boolean} | undefined {
  if (given.agentIdentity) {
    // An agent the sentinel knows (recorded, or the emulator's own) comes with its blueprint: its sidecar is that blueprint's.
    const key = given.agentIdentity.toLowerCase()
    const known = [...(place.recordedAgents ?? []), ...(place.sentinelAgent ? [place.sentinelAgent] : [])].find(
      (a) => a.appId.toLowerCase() === key || a.objectId.toLowerCase() === key,
    )
    return {
      appId: given.agentIdentity,
      objectId: given.agentObjectId ?? known?.objectId,
      blueprintAppId: known?.blueprintAppId || undefined,
      named: true,
    }
  }
  const own = place.recordedAgent ?? place.sentinelAgent
  return own
    ? {
        appId: own.appId,
        objectId: given.agentObjectId ?? own.objectId,
        blueprintAppId: own.blueprintAppId,
        named: false,
      }
    : undefined
}

/** The agent's token source (sidecar or blueprint exchange), or undefined when no agent is in question. */
export async function agentTokenSource(
  given: TenantOptions,
  env: NodeJS.ProcessEnv,
  place: Place,
  fetch: Fetch,
  note: (text: string) => void,
  agent = agentOf(given, place),
): Promise<TokenSource | undefined> {
  if (!agent) return undefined
  if (given.blueprintClientId) {
    const {blueprintExchangeSource} = await import('../adapters/identity/blueprint-exchange.js')
    return blueprintExchangeSource(
      {
        blueprintAppId: given.blueprintClientId,
        agentAppId: agent.appId,
        agentObjectId: agent.objectId,
        secret: env.SENTINEL_BLUEPRINT_CLIENT_SECRET,
        certificatePath: env.SENTINEL_BLUEPRINT_CERTIFICATE_PATH,
        managedIdentity: env.SENTINEL_BLUEPRINT_MANAGED_IDENTITY,
      },
      credentialSettings(env, place, () => undefined),
      fetch,
    )
  }
  const sidecarUrl =
    given.sidecarUrl ??
    (agent.blueprintAppId && place.sidecarFor ? place.sidecarFor(agent.blueprintAppId) : place.sidecarUrl)
  // A recorded agent with no way to its token (no sidecar, no blueprint credential) is not taken as the identity.
  if (!sidecarUrl && !agent.named) return undefined
  if (!sidecarUrl)
    throw new SentinelError('CONFIG', `--agent-identity ${agent.appId} needs a way to get the agent's token`, [
      'Pass --sidecar-url (SENTINEL_SIDECAR_URL) for the AgentID sidecar, or --blueprint-client-id with the blueprint credential.',
    ])
  const {SidecarTokenSource} = await import('../adapters/identity/sidecar-source.js')
  return new SidecarTokenSource(
    {
      sidecarUrl,
      agentAppId: agent.appId,
      agentObjectId: agent.objectId,
      blueprintAppId: agent.blueprintAppId,
      service: given.sidecarService,
    },
    fetch,
    // A sidecar still starting (it starts with the job's container) is waited for as long as one request may take.
    {deadlineMs: given.timeoutSeconds * 1000, note, sleep: (ms) => new Promise((done) => setTimeout(done, ms))},
  )
}

/** Changes run as the operator: the credential; with --emulator and none named, the emulator's operator app. */
export async function operatorTokenSource(
  given: TenantOptions,
  env: NodeJS.ProcessEnv,
  place: Place,
  prompt: (text: string) => void,
): Promise<TokenSource> {
  if (!given.credential && place.operator) {
    const {azureCredential, CredentialTokenSource, newCorrelationHolder} =
      await import('../adapters/identity/azure-credential.js')
    const holder = newCorrelationHolder()
    const operatorEnv = {AZURE_CLIENT_ID: place.operator.appId, AZURE_CLIENT_SECRET: place.operator.secret}
    const credential = await azureCredential('client-secret', credentialSettings(operatorEnv, place, prompt), holder)
    return new CredentialTokenSource(
      credential,
      holder,
      'client-secret',
      `the emulator's operator app ${place.operator.appId} (emulator-only secret)`,
    )
  }
  return credentialTokenSource(given, env, place, prompt)
}

/** A credential: @azure/identity by --credential, or a static token. */
export async function credentialTokenSource(
  given: TenantOptions,
  env: NodeJS.ProcessEnv,
  place: Place,
  prompt: (text: string) => void,
): Promise<TokenSource> {
  const kind = given.credential ?? 'default'
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
  const settings = credentialSettings(env, place, prompt)
  const credential = await azureCredential(kind as never, settings, holder)
  const client = settings.client.clientId
  const who = client ? `${kind} credential (client ${client})` : `${kind} credential`
  return new CredentialTokenSource(credential, holder, kind, who)
}

function credentialSettings(env: NodeJS.ProcessEnv, place: Place, prompt: (text: string) => void) {
  return {
    tenantId: place.tenantId,
    authorityHost: place.authorityHost,
    customAuthority: place.customAuthority,
    ca: place.ca,
    client: clientSettingsFrom(env),
    prompt,
  }
}

/**
 * Who the connection reads and changes as: reads run as the agent when one is named, or when no
 * credential is (--credential is not used with --agent-identity); changes run as the operator.
 */
export async function connectionTokens(
  at: {given: TenantOptions; env: NodeJS.ProcessEnv; place: Place; fetch: Fetch; prompt: (text: string) => void},
  options: {as?: 'reader' | 'operator'; agentToken?: boolean},
  agentNamed: boolean,
): Promise<{tokens: TokenSource; agentTokens?: TokenSource}> {
  const {given, env, place, fetch, prompt} = at
  const readsAsAgent = options.as !== 'operator' && (agentNamed || !given.credential)
  const agentTokens =
    readsAsAgent || options.agentToken === true ? await agentTokenSource(given, env, place, fetch, prompt) : undefined
  const tokens =
    options.as === 'operator'
      ? await operatorTokenSource(given, env, place, prompt)
      : ((readsAsAgent ? agentTokens : undefined) ?? (await credentialTokenSource(given, env, place, prompt)))
  return {tokens, agentTokens}
}
