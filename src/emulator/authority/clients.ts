/** Who is asking (an application, a blueprint or an agent identity), for which resource, and whether the application proved it. */
import {createPublicKey} from 'node:crypto'
import type {JWTPayload} from 'jose'
import {
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  publishedTenantIssuer,
  TOKEN_EXCHANGE_APP_ID,
  TOKEN_EXCHANGE_RESOURCE,
  type Application,
  type EmulatorState,
  type ServicePrincipal,
} from '../state/model.js'
import {issuerOf, type AuthorityContext} from './context.js'
import type {ClientProof} from './token-request.js'
import type {SignInAgent} from './sign-ins.js'
import {TokenError} from './token-errors.js'
import {headerOf, verifyJwt} from './tokens.js'

export type Client =
  {kind: 'app'; app: Application; principal?: ServicePrincipal} | {kind: 'agent'; agent: ServicePrincipal}

/** An agent identity by its app id (what tokens, fmi_path and the sidecar name it by). */
export function findAgentByAppId(state: EmulatorState, appId: string): ServicePrincipal | undefined {
  const id = appId.toLowerCase()
  return state.servicePrincipals.find(
    (s) => s['@odata.type'] === '#microsoft.graph.agentIdentity' && s.appId.toLowerCase() === id,
  )
}

/** The sign-in's `agent` block for this client: a blueprint principal, an agent identity, or not agentic. */
export function signInAgent(state: EmulatorState, client: Client): SignInAgent {
  if (client.kind === 'agent') {
    const blueprintAppId = client.agent.agentIdentityBlueprintId ?? null
    const blueprint = state.applications.find((a) => a.appId.toLowerCase() === String(blueprintAppId).toLowerCase())
    return {
      agentType: 'agenticAppInstance',
      agentSubjectType: 'notAgentic',
      agentSubjectParentId: blueprint?.id ?? null,
      parentAppId: blueprintAppId,
    }
  }
  if (client.app['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint') {
    return {
      agentType: 'agentIdentityBlueprintPrincipal',
      agentSubjectType: 'notAgentic',
      agentSubjectParentId: client.app.id,
      parentAppId: null,
    }
  }
  return {agentType: 'notAgentic', agentSubjectType: 'notAgentic', agentSubjectParentId: null, parentAppId: null}
}

export function findClient(state: EmulatorState, clientId: string): Client {
  const id = clientId.toLowerCase()
  const app = state.applications.find((a) => a.appId.toLowerCase() === id)
  if (app)
    return {
      kind: 'app',
      app,
      principal: state.servicePrincipals.find(
        (s) => s.appId.toLowerCase() === id && s['@odata.type'] !== '#microsoft.graph.agentIdentity',
      ),
    }
  const agent = findAgentByAppId(state, clientId)
  if (agent) return {kind: 'agent', agent}
  throw new TokenError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${state.tenantDomain}'.`,
  )
}

/** First-party resources the emulator's tenant holds besides Graph and the token exchange: ARM and Log Analytics. */
const FIRST_PARTY = [
  {
    uris: ['https://management.azure.com', 'https://management.core.windows.net'],
    appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    displayName: 'Windows Azure Service Management API',
  },
  {
    uris: ['https://api.loganalytics.io'],
    appId: 'ca7f3f0b-7d91-482c-8e09-c5d840d0eac5',
    displayName: 'Log Analytics API',
  },
]

/**
 * The resource a `<resource>/.default` scope names: Graph, the token exchange, ARM, Log Analytics
 * (by URI or app id), or an application of the tenant (by app id or identifier URI). Anything else is
 * AADSTS500011 invalid_resource, as Entra answers a resource principal it cannot find: a typo in a
 * scope fails here as it fails on Azure.
 */
export function resourceOf(
  scope: string,
  state: Pick<EmulatorState, 'applications' | 'tenantDomain'>,
): {audience: string; appId: string; displayName: string} {
  const scopes = scope.split(' ').filter(Boolean)
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
    throw new TokenError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    )
  }
  const resource = scopes[0].slice(0, -'/.default'.length)
  const lower = resource.toLowerCase()
  if (resource === GRAPH_RESOURCE || lower === GRAPH_APP_ID)
    return {audience: GRAPH_RESOURCE, appId: GRAPH_APP_ID, displayName: 'Microsoft Graph'}
  if (resource === TOKEN_EXCHANGE_RESOURCE)
    return {
      audience: TOKEN_EXCHANGE_RESOURCE,
      appId: TOKEN_EXCHANGE_APP_ID,
      displayName: 'AAD Token Exchange Endpoint: Public',
    }
  if (lower === TOKEN_EXCHANGE_APP_ID)
    return {audience: resource, appId: TOKEN_EXCHANGE_APP_ID, displayName: 'AAD Token Exchange Endpoint: Public'}
  const bare = lower.replace(/\/+$/, '')
  const first = FIRST_PARTY.find((r) => r.uris.includes(bare) || r.appId === lower)
  if (first) return {audience: resource, appId: first.appId, displayName: first.displayName}
  const app = state.applications.find(
    (a) =>
      a.appId.toLowerCase() === lower ||
      (Array.isArray(a['identifierUris']) &&
        (a['identifierUris'] as unknown[]).some((u) => typeof u === 'string' && u.toLowerCase() === lower)),
  )
  if (app) return {audience: resource, appId: app.appId, displayName: app.displayName}
  throw new TokenError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${state.tenantDomain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  )
}

/**
 * Authenticates an application (not an agent identity) by secret, certificate assertion, federated
 * token or (in process) the sidecar's configured credential. Answers the token's `appidacr`:
 * 1 for a secret, 2 for a certificate or an assertion.
 */
export async function authenticateApp(
  ctx: AuthorityContext,
  app: Application,
  proof: ClientProof,
  tokenUrl: string,
  now: Date,
): Promise<'1' | '2'> {
  const credentials = app.emulator.credentials
  if (proof.kind === 'configured') {
    if (credentials.some((c) => c.secretText !== undefined)) return '1'
    if (credentials.length > 0) return '2'
    throw new TokenError(401, 'invalid_client', 7000218, `Application '${app.appId}' holds no credential to present.`)
  }
  if (proof.kind === 'secret') {
    if (credentials.some((c) => c.secretText !== undefined && c.secretText === proof.secret)) return '1'
    throw new TokenError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    )
  }
  if (proof.kind === 'assertion') {
    const assertion = proof.assertion
    const header = headerOf(assertion)
    // A certificate assertion names its certificate; anything else is a federated token from the emulator's own issuer.
    if (header['x5t'] !== undefined || header['x5t#S256'] !== undefined) {
      for (const c of credentials.filter((c) => c.certificatePem)) {
        try {
          const payload = await verifyJwt(assertion, createPublicKey(c.certificatePem!), {
            audience: [tokenUrl, tokenUrl.replace(/\?.*$/, '')],
            now,
          })
          if (payload.iss === app.appId && payload.sub === app.appId) return '2'
        } catch {
          // try the next certificate
        }
      }
      throw new TokenError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.')
    }
    let payload: JWTPayload
    try {
      payload = await verifyJwt(assertion, ctx.key.publicKey, {now})
    } catch (error) {
      throw new TokenError(
        401,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range or its signature is invalid (${(error as Error).message}).`,
      )
    }
    const audiences = ([] as string[]).concat((payload.aud as string | string[]) ?? [])
    // A token the emulator's authority issued (a managed identity's) carries the tenant's published issuer.
    const state = ctx.store.state
    const issuer = payload.iss === issuerOf(ctx, state) ? publishedTenantIssuer(state.tenantId) : payload.iss
    const match = app.emulator.federated.find(
      (f) => f.issuer === issuer && f.subject === payload.sub && f.audiences.some((a) => audiences.includes(a)),
    )
    if (!match)
      throw new TokenError(
        400,
        'invalid_request',
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${payload.iss}'. Assertion Subject: '${payload.sub}'.`,
      )
    return '2'
  }
  throw new TokenError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  )
}
